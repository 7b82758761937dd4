/**
 * Two-class BCNN run (digits 0 vs 1, the pair of the predecessors' perceptron experiments): the smallest
 * BCNN on the same 10x10 binarized input, one 3x3 conv layer with 4 channels, 2x2 max-pool (OR), FC to 2
 * classes (64 + 64 FC weights): an invertible circuit for it fits comfortably on one FPGA (docs/bcnn.md).
 *
 *   invlogic train bcnn --config bcnn-2class --seed 1
 */
import type { BcnnRunConfig } from '../../lib/bnn';

export const config: BcnnRunConfig = {
  kind: 'bcnn',
  name: 'bcnn-2class',
  description: '10x10 binarized MNIST pool, digits 0 vs 1; conv 3x3x4 + 2x2 OR-pool + FC(64 -> 2)',
  data: { size: 10, threshold: 0.5, classes: [0, 1], testFraction: 0.2, seed: 0 },
  model: { kernelSize: 3, channels: 4, stride: 1, padding: 0, pool: 2 },
  method: 'backprop',
  methodOptions: { epochs: 10 },
  seed: 1,
};

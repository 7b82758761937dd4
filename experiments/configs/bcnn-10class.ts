/**
 * Default 10-class BCNN run (issue 5; paper brief §4.3 and §7 rows 3-4, a reconstruction): 10x10 binarized
 * digits, one 3x3 binarized conv layer with 8 channels, 2x2 max-pool (OR), FC to 10 classes, trained by the
 * BinaryNet-style backprop reference. Why this size fits an FPGA invertible circuit: docs/bcnn.md.
 *
 *   invlogic train bcnn --config bcnn-10class --seed 1
 */
import type { BcnnRunConfig } from '../../lib/bnn';

export const config: BcnnRunConfig = {
  kind: 'bcnn',
  name: 'bcnn-10class',
  description: '10x10 binarized MNIST pool, 10 classes; conv 3x3x8 + 2x2 OR-pool + FC(128 -> 10)',
  data: { size: 10, threshold: 0.5, classes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], testFraction: 0.2, seed: 0 },
  model: { kernelSize: 3, channels: 8, stride: 1, padding: 0, pool: 2 },
  method: 'backprop',
  methodOptions: { epochs: 20 },
  seed: 1,
};

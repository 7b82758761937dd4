/**
 * The smallest 2-class BCNN (digits 0 vs 1 at 7x7, one 3x3 conv layer with 2 channels, 2x2 OR-pool, FC 8 -> 2):
 * the scale at which the whole network fits one invertible circuit of a few hundred spins per image, so the
 * end-to-end method (`invertible-e2e`: image and label clamped, feature map free) can be compared with
 * backprop on the same model and data. A reconstruction (paper brief §4.3 reading (ii)); docs/bcnn-invertible.md.
 *
 *   invlogic train bcnn --config bcnn-2class-small --seed 1
 *   invlogic train bcnn --config bcnn-2class-small --method invertible-e2e --seed 1
 */
import type { BcnnRunConfig } from '../../lib/bnn';

export const config: BcnnRunConfig = {
  kind: 'bcnn',
  name: 'bcnn-2class-small',
  description: '7x7 binarized MNIST pool, digits 0 vs 1; conv 3x3x2 + 2x2 OR-pool + FC(8 -> 2): the end-to-end scale',
  data: { size: 7, threshold: 0.5, classes: [0, 1], testFraction: 0.2, seed: 0 },
  model: { kernelSize: 3, channels: 2, stride: 1, padding: 0, pool: 2 },
  method: 'backprop',
  methodOptions: { epochs: 10 },
  seed: 1,
};

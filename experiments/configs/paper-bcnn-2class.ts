/**
 * The paper's headline experiment, 2 classes (issue 20): 10x10 binarized digits 0 vs 1, conv 3x3x4 (integer
 * thresholds) + 2x2 OR-pool + FC(64 -> 2) with +-1 weights and NO class bias, trained without any gradient
 * by `invertible-codes-perceptron` on the SC hardware model (every conv and FC weight and threshold from
 * clamped data and labels); `--method backprop` trains the identical deployed model with the stronger recipe
 * (BinaryNet 30 epochs, then the FC layer retrained 30 epochs on the frozen conv features; lib/bnn/fc-retrain.ts).
 * FC: the annealed multi-class perceptron (lib/bnn/invertible/fc-perceptron.ts), forward-mode chunks of
 * K = 16 maps, every update one map annealed in one class neuron's circuit (F = 64 weight spins).
 *
 *   invlogic train bcnn --config paper-bcnn-2class --seed 1
 *   invlogic train bcnn --config paper-bcnn-2class --method backprop --seed 1
 */
import type { BcnnRunConfig } from '../../lib/bnn';

export const config: BcnnRunConfig = {
  kind: 'bcnn',
  name: 'paper-bcnn-2class',
  description:
    '10x10 binarized MNIST pool, digits 0 vs 1; conv 3x3x4 + 2x2 OR-pool + FC(64 -> 2, no class bias): the headline model',
  data: { size: 10, threshold: 0.5, classes: [0, 1], testFraction: 0.2, seed: 0 },
  model: { kernelSize: 3, channels: 4, stride: 1, padding: 0, pool: 2 },
  method: 'invertible-codes-perceptron',
  methodOptions: {
    sampler: 'sc',
    biasSpins: 0,
    convBiasSpins: 8,
    convPatches: 2000,
    convSamplesPerBatch: 8,
    samplesPerBatch: 16,
    cycles: 400,
    fcCycles: 30,
    priorStrength: 64,
    counterLimit: 256,
    updateMargin: 8,
    epochs: 4,
  },
  methodOptionsFor: { backprop: { epochs: 30, fcRetrainEpochs: 30 } },
  seed: 1,
};

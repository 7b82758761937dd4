/**
 * The paper's headline experiment, 10 classes (issue 20): 10x10 binarized digits, conv 3x3x8 (integer
 * thresholds) + 2x2 OR-pool + FC(128 -> 10) with +-1 weights and NO class bias, trained without any gradient
 * by `invertible-codes-perceptron` on the SC hardware model (every conv and FC weight and threshold from clamped
 * data and labels); `--method backprop` trains the identical deployed model with the stronger recipe (BinaryNet
 * 30 epochs, then the FC layer retrained 30 epochs on the frozen conv features; lib/bnn/fc-retrain.ts).
 * Conv: pooled label-code circuits (K = 8 windows). FC: the annealed multi-class perceptron
 * (lib/bnn/invertible/fc-perceptron.ts): forward-mode chunks of K = 3 maps (counted), every update one map
 * annealed in one class neuron's circuit (128 weight spins, the classes time-multiplexed), averaged counters.
 * The previous default, `invertible-codes` with its online FC rule, reached 16.27 +- 3.60% (docs/bcnn-invertible.md).
 *
 *   invlogic train bcnn --config paper-bcnn-10class --seed 1
 *   invlogic train bcnn --config paper-bcnn-10class --method backprop --seed 1
 */
import type { BcnnRunConfig } from '../../lib/bnn';

export const config: BcnnRunConfig = {
  kind: 'bcnn',
  name: 'paper-bcnn-10class',
  description:
    '10x10 binarized MNIST pool, 10 classes; conv 3x3x8 + 2x2 OR-pool + FC(128 -> 10, no class bias): the headline model',
  data: { size: 10, threshold: 0.5, classes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], testFraction: 0.2, seed: 0 },
  model: { kernelSize: 3, channels: 8, stride: 1, padding: 0, pool: 2 },
  method: 'invertible-codes-perceptron',
  methodOptions: {
    sampler: 'sc',
    biasSpins: 0,
    convBiasSpins: 8,
    convPatches: 1000,
    convSamplesPerBatch: 8,
    samplesPerBatch: 3,
    cycles: 200,
    fcCycles: 30,
    priorStrength: 64,
    counterLimit: 256,
    updateMargin: 16,
    epochs: 3,
  },
  methodOptionsFor: { backprop: { epochs: 30, fcRetrainEpochs: 30 } },
  seed: 1,
};

/**
 * The predecessors' case study (ICECS 2019, J. Applied Logics 2020; paper brief §4.1): a 25-input binarized
 * perceptron on 5x5 binarized digits, two classes (0 vs 1; y = +1 means digit 1), no bias (odd fan-in: no
 * ties), trained by Gallant's pocket algorithm, their software baseline. The binarization threshold is 0.25
 * of full scale: at 5x5 each pixel averages 5.6 x 5.6 source pixels and the 0.5 threshold erases most
 * strokes (docs/data.md gives the ink fractions).
 *
 *   invlogic train perceptron --config perceptron-5x5 --seed 1
 */
import type { NeuronRunConfig } from '../../lib/bnn';

export const config: NeuronRunConfig = {
  kind: 'neuron',
  name: 'perceptron-5x5',
  description: '5x5 binarized MNIST pool, digits 0 vs 1, 25-input binarized neuron, pocket algorithm',
  data: { size: 5, threshold: 0.25, classes: [0, 1], testFraction: 0.2, seed: 0 },
  bias: false,
  method: 'pocket',
  methodOptions: { epochs: 100 },
  seed: 1,
};

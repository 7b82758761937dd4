/**
 * Hebbian binarized neuron (paper brief §4.2, option C): the ground state of the two-body Hamiltonian
 * H(w) = - sum_k y_k sum_i x_ki w_i is
 *
 *   w_i = sign( sum_k y_k x_ki ),      b = sign( sum_k y_k )  (if the neuron has a bias),
 *
 * with sign(0) = +1. One pass, no randomness; the reference point for invertible trainers, which converge
 * towards this direction in expectation (brief §4.2, options B and C).
 */
import { type NeuronData, neuronAccuracy } from './neuron';
import { type NeuronProblem, type NeuronTrainResult, registerMethod } from './registry';

/** w_i = sign(sum_k y_k x_ki) and the bias likewise (0 if `bias` is false). */
export function hebbianWeights(data: NeuronData, bias: boolean): { weights: Int8Array; bias: number } {
  const { n, dim, x, y } = data;
  const corr = new Int32Array(dim);
  let ySum = 0;
  for (let k = 0; k < n; k++) {
    const yk = y[k];
    ySum += yk;
    const base = k * dim;
    for (let i = 0; i < dim; i++) corr[i] += yk * x[base + i];
  }
  const weights = new Int8Array(dim);
  for (let i = 0; i < dim; i++) weights[i] = corr[i] >= 0 ? 1 : -1;
  return { weights, bias: bias ? (ySum >= 0 ? 1 : -1) : 0 };
}

export const hebbianMethod = registerMethod({
  name: 'hebbian',
  target: 'neuron',
  summary: 'w_i = sign(sum_k y_k x_ki): ground state of H = -sum_k y_k w.x_k (one pass, deterministic)',
  reference: 'paper brief §4.2 option C (reconstruction); Hebb rule',
  options: {},
  train(problem: NeuronProblem): NeuronTrainResult {
    const t0 = performance.now();
    const { weights, bias } = hebbianWeights(problem.train, problem.bias);
    const timeS = (performance.now() - t0) / 1000;
    const neuron = { dim: problem.train.dim, weights, bias };
    const trainAccuracy = neuronAccuracy(neuron, problem.train);
    const testAccuracy = problem.test ? neuronAccuracy(neuron, problem.test) : NaN;
    const record = { epoch: 1, trainAccuracy, testAccuracy, timeS };
    problem.onEpoch?.(record);
    return {
      method: 'hebbian',
      target: 'neuron',
      options: {},
      neuron,
      trainAccuracy,
      testAccuracy,
      epochs: 1,
      history: [record],
      wallTimeS: timeS,
      timeToFinalS: timeS,
      info: {},
    };
  },
});

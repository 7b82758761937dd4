/**
 * The binarized single neuron (paper brief §4.2): y = sign( sum_i w_i x_i + b ), all of w, x, b, y in {+-1},
 * sign(0) = +1 (lib/bnn/binarize.ts). The bias is optional; without it the 5x5 (n = 25, odd) neuron never
 * ties. With a bias and an odd fan-in the sum has n + 1 (even) terms and sign(0) = +1 decides ties.
 *
 * Weights file format: JSON `{format: "invlogic-neuron/1", dim, weights: [+-1...], bias: +-1 | 0, meta?}`
 * (bias 0 = no bias term).
 */
import { InvlogicError, requireInt } from '../errors';

/** A two-class training or test set for one neuron: n rows of dim +-1 inputs and +-1 labels. */
export interface NeuronData {
  readonly n: number;
  readonly dim: number;
  /** Row-major inputs, row k at x[k*dim .. (k+1)*dim), each +-1. */
  readonly x: Int8Array;
  /** Labels +-1. */
  readonly y: Int8Array;
}

export interface BinaryNeuron {
  readonly dim: number;
  /** w_i in {+-1}. */
  readonly weights: Int8Array;
  /** +-1, or 0 when the neuron has no bias term. */
  readonly bias: number;
}

export const NEURON_FORMAT = 'invlogic-neuron/1';

/** Pre-activation sum_i w_i x_i + b of row k. */
export function neuronPreActivation(neuron: BinaryNeuron, x: Int8Array, k: number): number {
  const { dim, weights } = neuron;
  let acc = neuron.bias;
  const base = k * dim;
  for (let i = 0; i < dim; i++) acc += weights[i] * x[base + i];
  return acc;
}

/** y = sign(pre-activation), sign(0) = +1. */
export function neuronPredict(neuron: BinaryNeuron, x: Int8Array, k: number): 1 | -1 {
  return neuronPreActivation(neuron, x, k) >= 0 ? 1 : -1;
}

/** Fraction of rows of `data` the neuron classifies correctly. */
export function neuronAccuracy(neuron: BinaryNeuron, data: NeuronData): number {
  if (data.n === 0) return NaN;
  let correct = 0;
  for (let k = 0; k < data.n; k++) if (neuronPredict(neuron, data.x, k) === data.y[k]) correct++;
  return correct / data.n;
}

/** Checks shapes and +-1 values of a NeuronData at the library boundary. */
export function checkNeuronData(name: string, data: NeuronData): void {
  requireInt(`${name}.n`, data.n, 0, 1e9);
  requireInt(`${name}.dim`, data.dim, 1, 1e7);
  if (!(data.x instanceof Int8Array) || data.x.length !== data.n * data.dim) {
    throw new InvlogicError(`${name}.x must be an Int8Array of n*dim = ${data.n * data.dim} values`, `${name}.x`);
  }
  if (!(data.y instanceof Int8Array) || data.y.length !== data.n) {
    throw new InvlogicError(`${name}.y must be an Int8Array of n = ${data.n} labels`, `${name}.y`);
  }
  for (let i = 0; i < data.x.length; i++) {
    if (data.x[i] !== 1 && data.x[i] !== -1) throw new InvlogicError(`${name}.x[${i}] must be +-1`, `${name}.x`);
  }
  for (let k = 0; k < data.n; k++) {
    if (data.y[k] !== 1 && data.y[k] !== -1) throw new InvlogicError(`${name}.y[${k}] must be +-1`, `${name}.y`);
  }
}

export interface NeuronJson {
  format: typeof NEURON_FORMAT;
  dim: number;
  weights: number[];
  bias: number;
  meta?: Record<string, unknown>;
}

export function neuronToJson(neuron: BinaryNeuron, meta?: Record<string, unknown>): NeuronJson {
  return {
    format: NEURON_FORMAT,
    dim: neuron.dim,
    weights: Array.from(neuron.weights),
    bias: neuron.bias,
    ...(meta ? { meta } : {}),
  };
}

export function neuronFromJson(json: unknown): BinaryNeuron {
  const j = json as Partial<NeuronJson>;
  if (j === null || typeof j !== 'object' || j.format !== NEURON_FORMAT) {
    throw new InvlogicError(`neuron weights must have format "${NEURON_FORMAT}"`, 'format');
  }
  const dim = requireInt('dim', j.dim, 1, 1e7);
  if (!Array.isArray(j.weights) || j.weights.length !== dim || j.weights.some((v) => v !== 1 && v !== -1)) {
    throw new InvlogicError(`weights must be an array of ${dim} values +-1`, 'weights');
  }
  if (j.bias !== 1 && j.bias !== -1 && j.bias !== 0) throw new InvlogicError('bias must be +1, -1 or 0 (none)', 'bias');
  return { dim, weights: Int8Array.from(j.weights), bias: j.bias };
}

/**
 * What the invertible BCNN methods share (no method is registered here): their option schema, one invertible
 * neuron from those options (`trainNeuron`), the training subsets, seeded random conv kernels and the report
 * epilogue of the layer-wise methods.
 */
import { createRng, shuffleInPlace, type Seed } from '../../rng';
import { RELATIVE_ANNEAL_DEFAULTS } from '../../samplers/autoscale';
import { type BcnnConfig, type BcnnWeights, bcnnShapes } from '../bcnn';
import { bcnnAccuracy } from '../packed';
import { type BcnnProblem, type BcnnTrainResult, type EpochRecord, type OptionsOf, timeToFinal } from '../registry';
import {
  ANNEAL_HELP,
  annealOptionSchema,
  annealSettings,
  countRun,
  neuronCircuitFactory,
  samplerFor,
  samplerOptionSpec,
  stepUnit,
  type IsingCost,
  type NeuronCircuitKind,
} from './common';
import { trainInvertibleNeuron, type AnnealEvent, type NeuronCircuitFactory, type ReadoutRule } from './neuron-trainer';

/** The BCNN methods' wording of the anneal options in `invlogic train bcnn --help`. */
const BCNN_ANNEAL_HELP = {
  ...ANNEAL_HELP,
  iterations: 'I0 ramps per anneal (>1 = sawtooth)',
  i0From: 'SC: first I0 (sigma units)',
  noiseFrom: 'SC: first n_rnd (sigma units)',
  betaTo: 'p-bit: last beta',
};

/** Options of every invertible BCNN method (flags of `invlogic train bcnn`). */
export const invertibleBcnnSchema = {
  sampler: samplerOptionSpec,
  scUpdate: {
    type: 'string',
    default: 'synchronous',
    choices: ['synchronous', 'chromatic'],
    help: 'SC: update order of a cycle: every spin at once (the SSA array), or colour classes in turn (one clock per colour; docs/sc-model.md §2.1); cycles counted as clocks',
  },
  circuit: { type: 'string', default: 'threshold', choices: ['threshold', 'gates'], help: 'neuron circuit form' },
  streams: {
    type: 'string',
    default: 'library',
    choices: ['library', 'hardware'],
    help: "batch order, SC generator states and I0/noise schedule: 'library' or 'hardware' (a xorshift64, masked-rejection shuffle and shift schedule the trainer RTL computes; lib/bnn/hardware-streams.ts)",
  },
  samplesPerBatch: { type: 'int', default: 16, min: 1, max: 4096, help: 'K: samples per circuit (shared weights)' },
  epochs: { type: 'int', default: 1, min: 1, max: 1000, help: 'passes over the training set per neuron' },
  reads: { type: 'int', default: 1, min: 1, max: 1000, help: 'anneals per batch' },
  ...annealOptionSchema({ ...RELATIVE_ANNEAL_DEFAULTS, cycles: 300 }, BCNN_ANNEAL_HELP),
  combine: {
    type: 'string',
    default: 'majority',
    choices: ['majority', 'sequential', 'accumulate'],
    help: 'batch combination',
  },
  selection: {
    type: 'string',
    default: 'last',
    choices: ['last', 'pocket'],
    help: 'every invertible neuron, and e2e (both protocols): weights after the last batch, or the best training accuracy seen after any batch (pocket)',
  },
  priorStrength: { type: 'number', default: 2, min: 0, max: 1e6, help: 'field towards previous/accumulated weights' },
  margin: { type: 'int', default: 1, min: 1, max: 4096, help: 'threshold form: required margin' },
  fcCircuit: {
    type: 'string',
    default: 'one-vs-rest',
    choices: ['one-vs-rest', 'multiclass'],
    help: 'FC layer: one neuron per class, or one circuit of all classes with the argmax label clamped',
  },
  biasSpins: {
    type: 'int',
    default: 4,
    min: 0,
    max: 64,
    help: 'FC class bias (and layerwise conv threshold) = sum of this many +-1 spins',
  },
  convBiasSpins: {
    type: 'int',
    default: 0,
    min: 0,
    max: 64,
    help: 'e2e: conv threshold = sum of this many +-1 spins per channel (0: threshold 0; odd k*k has no ties)',
  },
  e2eProtocol: {
    type: 'string',
    default: 'joint',
    choices: ['joint', 'alternating'],
    help: 'e2e: one anneal with weights and hidden map free; or per batch, hidden map under clamped weights, then weights under the clamped hidden map',
  },
  e2eInit: {
    type: 'string',
    default: 'random',
    choices: ['random', 'forward'],
    help: 'e2e joint, p-bit sampler: initial state of each anneal: random (weights = current), or the forward pass of the current network (hidden map by inference, slack and gate spins at their conditional minimum); pair forward with a cold start (--beta-from)',
  },
  slackCode: {
    type: 'string',
    default: 'binary',
    choices: ['binary', 'unary'],
    help: 'e2e: slack spins of the compact thresholds (binary: fewest spins; unary: one flip between slack values)',
  },
  balanced: {
    type: 'boolean',
    default: false,
    help: 'FC neurons: batches with as many images of the class as of the other classes',
  },
  trainSubset: {
    type: 'int',
    default: 0,
    min: 0,
    max: 1_000_000,
    help: 'use only this many training images (0 = all)',
  },
  convSource: {
    type: 'string',
    default: 'backprop',
    choices: ['backprop', 'random'],
    help: 'invertible-fc: conv kernels when no initial weights are given',
  },
  rounds: { type: 'int', default: 2, min: 1, max: 100, help: 'layerwise: FC / backward / conv rounds' },
  threads: {
    type: 'int',
    default: 1,
    min: 1,
    max: 64,
    help: 'worker threads for the independent neurons of a run (one-vs-rest FC classes, layerwise conv channels); same results for any count',
  },
  targetImages: {
    type: 'int',
    default: 200,
    min: 1,
    max: 1_000_000,
    help: 'layerwise: images whose feature targets are inferred per round',
  },
  layerwiseTargets: {
    type: 'string',
    default: 'fc',
    choices: ['fc', 'network'],
    help: 'layerwise: feature targets from the FC backward circuit, or conv-unit targets from the whole network circuit (weights folded in, label clamped)',
  },
  targetPrior: {
    type: 'number',
    default: 2,
    min: 0,
    max: 1e6,
    help: 'layerwise: field keeping inferred features near the forward ones',
  },
  convMargin: {
    type: 'int',
    default: 1,
    min: 1,
    max: 4096,
    help: 'layerwise: margin of the conv-channel neurons (at most kernel taps + bias spins)',
  },
  convPatches: {
    type: 'int',
    default: 1000,
    min: 1,
    max: 10_000_000,
    help: 'layerwise: (patch, target) pairs per conv channel per round',
  },
} as const;

export type InvertibleBcnnOptions = OptionsOf<typeof invertibleBcnnSchema>;

/**
 * One invertible neuron on rows X (n x dim, +-1) with labels y (+-1); returns w0..w{dim-1}. With a
 * `factory`, the circuit is that factory's (labels may then be class indices) and `numWeights` weights.
 */
export function trainNeuron(
  x: Int8Array,
  y: Int8Array,
  dim: number,
  o: InvertibleBcnnOptions,
  seed: Seed,
  cost: IsingCost,
  circuit: NeuronCircuitKind = o.circuit,
  factory?: { circuit: NeuronCircuitFactory; numWeights: number },
  onAnneal?: (e: AnnealEvent) => void,
): Int8Array {
  const r = trainInvertibleNeuron(
    { n: y.length, dim, x, y },
    {
      ...annealSettings(o, samplerFor(o)),
      circuit: factory?.circuit ?? neuronCircuitFactory(circuit, o.margin),
      numWeights: factory?.numWeights,
      samplesPerBatch: o.samplesPerBatch,
      epochs: o.epochs,
      combine: o.combine,
      readout: 'best' as ReadoutRule,
      selection: o.selection,
      priorStrength: o.priorStrength,
      counterLimit: 8,
      discardInvalid: circuit === 'gates',
      balanced: factory ? false : o.balanced,
      bias: false,
      seed,
      onAnneal,
    },
  );
  countRun(cost, r);
  return r.weights;
}

/** Seeded random +-1 kernels, thresholds 0. */
export function randomConv(config: BcnnConfig, seed: Seed): { conv: Int8Array; convThreshold: Int32Array } {
  const s = bcnnShapes(config);
  const rng = createRng('xoshiro128ss', seed, 31);
  const conv = Int8Array.from({ length: config.channels * s.kernelTaps }, () => (rng.nextU32() & 1 ? 1 : -1));
  return { conv, convThreshold: new Int32Array(config.channels) };
}

/** The first `size` rows of `order` from the training set: images copied into one array, labels into `y`. */
function gatherRows<Y extends Int8Array | Uint8Array>(
  t: BcnnProblem['train'],
  order: Int32Array,
  size: number,
  y: Y,
): { x: Int8Array; y: Y; n: number } {
  const x = new Int8Array(size * t.dim);
  for (let k = 0; k < size; k++) {
    x.set(t.x.subarray(order[k] * t.dim, (order[k] + 1) * t.dim), k * t.dim);
    y[k] = t.y[order[k]];
  }
  return { x, y, n: size };
}

/** The `trainSubset` images (0 = all) an end-to-end run trains on: a seeded shuffle of the training set. */
export function trainingSubset(problem: BcnnProblem, trainSubset: number): { x: Int8Array; y: Int8Array; n: number } {
  const t = problem.train;
  const size = trainSubset > 0 ? Math.min(trainSubset, t.n) : t.n;
  const order = Int32Array.from({ length: t.n }, (_, i) => i);
  shuffleInPlace(createRng('xoshiro128ss', problem.seed, 61), order);
  return gatherRows(t, order, size, new Int8Array(size));
}

/**
 * The training images of invertible-fc, fixed-random-conv and invertible-layerwise: a seeded class-mixed subset
 * when trainSubset > 0 (its own seed stream; the end-to-end methods use trainingSubset).
 */
export function bcnnTrainSubset(problem: BcnnProblem, size: number): { x: Int8Array; y: Uint8Array; n: number } {
  const t = problem.train;
  if (size <= 0 || size >= t.n) return { x: t.x, y: t.y, n: t.n };
  const order = Int32Array.from({ length: t.n }, (_, i) => i);
  shuffleInPlace(createRng('xoshiro128ss', problem.seed, 41), order);
  return gatherRows(t, order, size, new Uint8Array(size));
}

/** A BcnnWeights from its arrays. */
export function bcnnWeightsOf(
  config: BcnnConfig,
  conv: Int8Array,
  convThreshold: Int32Array,
  fc: Int8Array,
  fcBias: Int32Array,
): BcnnWeights {
  return { config, conv, convThreshold, fc, fcBias };
}

/** The layer-wise methods' epilogue: accuracies, last history entry, the report (hardware counts from `cost`). */
export function bcnnReport(
  method: string,
  problem: BcnnProblem,
  o: InvertibleBcnnOptions,
  weights: BcnnWeights,
  cost: IsingCost,
  t0: number,
  history: EpochRecord[],
  info: Record<string, number | string | boolean>,
): BcnnTrainResult {
  const wallTimeS = (performance.now() - t0) / 1000;
  const trainAccuracy = bcnnAccuracy(weights, problem.train.x, problem.train.y, problem.train.n);
  const testAccuracy = problem.test ? bcnnAccuracy(weights, problem.test.x, problem.test.y, problem.test.n) : NaN;
  const record: EpochRecord = { epoch: history.length + 1, trainAccuracy, testAccuracy, timeS: wallTimeS };
  history.push(record);
  problem.onEpoch?.(record);
  return {
    method,
    target: 'bcnn',
    options: { ...o },
    weights,
    trainAccuracy,
    testAccuracy,
    epochs: history.length,
    history,
    wallTimeS,
    timeToFinalS: timeToFinal(history),
    hardware: { spins: cost.spins, couplings: cost.couplings, cycles: cost.cycles },
    // usesBackprop: whether any layer came from a gradient (invertible-fc with backprop-sourced conv).
    info: {
      usesBackprop: false,
      ...info,
      anneals: cost.anneals,
      stepUnit: stepUnit(o),
    },
  };
}

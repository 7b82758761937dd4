/**
 * Invertible-logic training of the 2-layer BCNN (issue 5; paper brief §4.3, §7 item 3; all reconstructions):
 *
 *  - `invertible-fc`: the FC layer from the clamped conv feature map and the label, one neuron per class
 *    (label +1 for its class, -1 otherwise), each trained as an invertible neuron (lib/bnn/invertible-neuron.ts,
 *    compact threshold or gate circuit). The class bias beta[m] is `biasSpins` extra weights on constant +1
 *    inputs (an integer in [-B, B]). Conv kernels: problem.initial if given, else trained by backprop
 *    (option convSource), so this method isolates the FC layer.
 *  - `fixed-random-conv`: seeded random +-1 kernels (threshold 0), invertible FC: the control.
 *  - `invertible-layerwise`: conv kernels by invertible logic too, layer by layer, without gradients:
 *      1. FC by invertible logic on the current feature map;
 *      2. backward mode of the FC layer: with the FC weights and the label clamped, the feature map of an
 *         image is left free (a prior field keeps it near its forward value) and annealed, giving target
 *         features g* that the clamped label accepts;
 *      3. per-patch conv targets through the OR pool (g* = -1: every pre-pool unit -1; g* = +1: the unit with
 *         the largest pre-activation +1), and every conv channel trained as an invertible neuron on
 *         (3x3 patch, target) pairs;
 *      repeated `rounds` times, then the FC layer retrained on the final feature map.
 *  - `invertible-e2e` (lib/bnn/invertible-e2e.ts): the whole network as one circuit.
 * All on the SC hardware model by default (sampler exact = ideal p-bit reference); cycles are totals over
 * every anneal of the run.
 */
import type { TrainerStreams } from './hardware-streams';
import { InvlogicError } from '../errors';
import { addThreshold, multiclassThreshold, PenaltyBuilder, type SlackCode } from '../logic';
import { createRng, shuffleInPlace, type Seed } from '../rng';
import { relativeAnnealOf, type RelativeAnneal } from '../samplers/autoscale';
import { type BcnnConfig, type BcnnWeights, bcnnShapes, referenceConv } from './bcnn';
import { e2eHiddenCircuit } from './e2e-circuit';
import {
  trainInvertibleNeuron,
  type AnnealEvent,
  type CombineRule,
  type NeuronCircuitFactory,
  type ReadoutRule,
  type SelectionRule,
} from './invertible-neuron';
import { neuronCircuitFactory, samplerSteps, scaledSampler, type NeuronCircuitKind } from './invertible-perceptron';
import { bcnnAccuracy, bcnnFeatureMatrix } from './packed';
import type { NeuronJob } from './anneal-threads';
import {
  type BcnnProblem,
  type BcnnTrainResult,
  type EpochRecord,
  type OptionsOf,
  getMethod,
  registerMethod,
  resolveMethodOptions,
  timeToFinal,
} from './registry';

/** Options of every invertible BCNN method (flags of `invlogic train bcnn`). */
export const invertibleBcnnSchema = {
  sampler: {
    type: 'string',
    default: 'sc',
    choices: ['sc', 'exact'],
    help: 'SC hardware model or ideal p-bit (reference)',
  },
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
  cycles: {
    type: 'int',
    default: 300,
    min: 1,
    max: 10_000_000,
    help: 'anneal length: SC clock cycles or p-bit sweeps',
  },
  iterations: { type: 'int', default: 1, min: 1, max: 100000, help: 'I0 ramps per anneal (>1 = sawtooth)' },
  i0From: { type: 'number', default: 0.2, min: 0, max: 1e4, help: 'SC: first I0 (sigma units)' },
  i0To: { type: 'number', default: 25, min: 0, max: 1e4, help: 'SC: last I0 (sigma units)' },
  noiseFrom: { type: 'number', default: 1, min: 0, max: 1e4, help: 'SC: first n_rnd (sigma units)' },
  noiseTo: { type: 'number', default: 0, min: 0, max: 1e4, help: 'SC: last n_rnd (sigma units)' },
  betaFrom: { type: 'number', default: 0.1, min: 1e-6, max: 1e4, help: 'p-bit: first beta times sigma' },
  betaTo: { type: 'number', default: 3, min: 1e-6, max: 1e4, help: 'p-bit: last beta' },
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

const annealOf = (o: InvertibleBcnnOptions): RelativeAnneal => relativeAnnealOf(o);
/** SC options beyond the sigma-relative anneal (the update order). */
export const scOf = (o: InvertibleBcnnOptions): Record<string, unknown> => ({ update: o.scUpdate });

/** Running totals of an invertible run. */
export interface IsingCost {
  cycles: number;
  anneals: number;
  spins: number;
  couplings: number;
}

// anneal-threads imports trainNeuron from this file: loaded when first needed, so the modules form no import cycle.
const annealThreads = (): Promise<typeof import('./anneal-threads')> => import('./anneal-threads');

const newCost = (): IsingCost => ({ cycles: 0, anneals: 0, spins: 0, couplings: 0 });

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
  circuit: NeuronCircuitKind = o.circuit as NeuronCircuitKind,
  factory?: { circuit: NeuronCircuitFactory; numWeights: number },
  onAnneal?: (e: AnnealEvent) => void,
): Int8Array {
  const r = trainInvertibleNeuron(
    { n: y.length, dim, x, y },
    {
      circuit: factory?.circuit ?? neuronCircuitFactory(circuit, o.margin),
      numWeights: factory?.numWeights,
      sampler: scaledSampler(o.sampler as 'sc' | 'exact', annealOf(o), { sc: scOf(o) }),
      samplerOptions: {},
      numReads: o.reads,
      samplesPerBatch: o.samplesPerBatch,
      epochs: o.epochs,
      combine: o.combine as CombineRule,
      readout: 'best' as ReadoutRule,
      selection: o.selection as SelectionRule,
      priorStrength: o.priorStrength,
      counterLimit: 8,
      discardInvalid: circuit === 'gates',
      balanced: factory ? false : o.balanced,
      bias: false,
      seed,
      acceptsInitial: o.sampler === 'exact',
      stepsPerRead: (_m, set) => samplerSteps(set),
      streams: o.streams as TrainerStreams,
      anneal: annealOf(o),
      onAnneal,
    },
  );
  cost.cycles += r.totalSteps;
  cost.anneals += r.anneals;
  cost.spins = Math.max(cost.spins, r.spins);
  cost.couplings = Math.max(cost.couplings, r.couplings);
  return r.weights;
}

/** The multi-class FC circuit (lib/logic multiclassThreshold) as a batch-circuit factory; labels are class indices. */
export function multiclassCircuitFactory(classes: number, margin: number): NeuronCircuitFactory {
  return (batch, labels) => {
    const mc = multiclassThreshold({ inputs: batch, labels, classes, margin });
    return { model: mc.model, weights: mc.weights, offset: mc.offset };
  };
}

/**
 * FC layer by invertible logic on features G (n x F) with `biasSpins` constant inputs; returns fc (M x F) and
 * fcBias (M). `fcCircuit` one-vs-rest: one neuron per class (label +1 for its class, -1 otherwise);
 * multiclass: one circuit holding all M x (F + B) weights with the class label clamped (label beats every
 * other class by the margin).
 */
export function trainFcInvertible(
  G: Int8Array,
  F: number,
  labels: ArrayLike<number>,
  numClasses: number,
  o: InvertibleBcnnOptions,
  seed: Seed,
  cost: IsingCost,
  /** Observation hook (the RTL trainer's replay): neuron m's anneal events (one-vs-rest only). */
  onAnneal?: (neuron: number, e: AnnealEvent) => void,
): { fc: Int8Array; fcBias: Int32Array } {
  const n = labels.length;
  const B = o.biasSpins;
  const dim = F + B;
  const x = fcRows(G, F, n, B);
  const fc = new Int8Array(numClasses * F);
  const fcBias = new Int32Array(numClasses);
  const store = (m: number, w: Int8Array): void => storeFcNeuron(fc, fcBias, F, B, m, w);
  if (o.fcCircuit === 'multiclass') {
    if (o.balanced) {
      throw new InvlogicError(
        "balanced applies to fcCircuit 'one-vs-rest' (the multiclass circuit sees every class)",
        'balanced',
      );
    }
    if (o.circuit !== 'threshold') {
      throw new InvlogicError(
        "fcCircuit 'multiclass' is built from threshold terms: use circuit 'threshold'",
        'circuit',
      );
    }
    const y = Int8Array.from(labels);
    const w = trainNeuron(x, y, dim, o, `${String(seed)}/fc`, cost, 'threshold', {
      circuit: multiclassCircuitFactory(numClasses, o.margin),
      numWeights: numClasses * dim,
    });
    for (let m = 0; m < numClasses; m++) store(m, w.subarray(m * dim, (m + 1) * dim));
    return { fc, fcBias };
  }
  const y = new Int8Array(n);
  for (let m = 0; m < numClasses; m++) {
    for (let k = 0; k < n; k++) y[k] = labels[k] === m ? 1 : -1;
    const hook = onAnneal ? (e: AnnealEvent) => onAnneal(m, e) : undefined;
    store(m, trainNeuron(x, y, dim, o, `${String(seed)}/fc${m}`, cost, undefined, undefined, hook));
  }
  return { fc, fcBias };
}

/** The FC neurons' input rows: features G (n x F) and B constant +1 bias inputs. */
function fcRows(G: Int8Array, F: number, n: number, B: number): Int8Array {
  const dim = F + B;
  const x = new Int8Array(n * dim);
  for (let k = 0; k < n; k++) {
    x.set(G.subarray(k * F, (k + 1) * F), k * dim);
    for (let b = 0; b < B; b++) x[k * dim + F + b] = 1;
  }
  return x;
}

/** Class m's FC row and bias (the sum of its bias-input weights) from its neuron weights w. */
function storeFcNeuron(fc: Int8Array, fcBias: Int32Array, F: number, B: number, m: number, w: Int8Array): void {
  fc.set(w.subarray(0, F), m * F);
  let beta = 0;
  for (let b = 0; b < B; b++) beta += w[F + b];
  fcBias[m] = beta;
}

/**
 * trainFcInvertible with the one-vs-rest class neurons on `o.threads` worker threads (lib/bnn/anneal-threads.ts);
 * the same fc, fcBias and cost as trainFcInvertible (which runs when threads = 1 or the circuit is multiclass).
 */
export async function trainFcInvertibleThreaded(
  G: Int8Array,
  F: number,
  labels: ArrayLike<number>,
  numClasses: number,
  o: InvertibleBcnnOptions,
  seed: Seed,
  cost: IsingCost,
): Promise<{ fc: Int8Array; fcBias: Int32Array }> {
  if (o.threads <= 1 || o.fcCircuit === 'multiclass') return trainFcInvertible(G, F, labels, numClasses, o, seed, cost);
  const n = labels.length;
  const B = o.biasSpins;
  const x = fcRows(G, F, n, B);
  const jobs: NeuronJob[] = [];
  for (let m = 0; m < numClasses; m++) {
    const y = new Int8Array(n);
    for (let k = 0; k < n; k++) y[k] = labels[k] === m ? 1 : -1;
    jobs.push({ x, y, dim: F + B, o, seed: `${String(seed)}/fc${m}` });
  }
  const ws = await (await annealThreads()).trainNeurons(jobs, o.threads, cost);
  const fc = new Int8Array(numClasses * F);
  const fcBias = new Int32Array(numClasses);
  ws.forEach((w, m) => storeFcNeuron(fc, fcBias, F, B, m, w));
  return { fc, fcBias };
}

/** Seeded random +-1 kernels, thresholds 0. */
export function randomConv(config: BcnnConfig, seed: Seed): { conv: Int8Array; convThreshold: Int32Array } {
  const s = bcnnShapes(config);
  const rng = createRng('xoshiro128ss', seed, 31);
  const conv = Int8Array.from({ length: config.channels * s.kernelTaps }, () => (rng.nextU32() & 1 ? 1 : -1));
  return { conv, convThreshold: new Int32Array(config.channels) };
}

/** The training images a method uses (a seeded class-mixed subset when trainSubset > 0). */
function subset(problem: BcnnProblem, size: number): { x: Int8Array; y: Uint8Array; n: number } {
  const t = problem.train;
  if (size <= 0 || size >= t.n) return { x: t.x, y: t.y, n: t.n };
  const order = Int32Array.from({ length: t.n }, (_, i) => i);
  shuffleInPlace(createRng('xoshiro128ss', problem.seed, 41), order);
  const x = new Int8Array(size * t.dim);
  const y = new Uint8Array(size);
  for (let k = 0; k < size; k++) {
    x.set(t.x.subarray(order[k] * t.dim, (order[k] + 1) * t.dim), k * t.dim);
    y[k] = t.y[order[k]];
  }
  return { x, y, n: size };
}

function weightsOf(
  config: BcnnConfig,
  conv: Int8Array,
  convThreshold: Int32Array,
  fc: Int8Array,
  fcBias: Int32Array,
): BcnnWeights {
  return { config, conv, convThreshold, fc, fcBias };
}

/** Shared epilogue: accuracies, history entry, report. */
function report(
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
      stepUnit: o.sampler === 'sc' ? 'clock cycles' : 'sweeps',
    },
  };
}

/** FC by invertible logic on the feature map of given conv kernels. */
async function fcOnConv(
  method: string,
  problem: BcnnProblem,
  o: InvertibleBcnnOptions,
  conv: Int8Array,
  convThreshold: Int32Array,
  info: Record<string, number | string | boolean>,
  t0: number,
): Promise<BcnnTrainResult> {
  const config = problem.config;
  const { features: F } = bcnnShapes(config);
  const data = subset(problem, o.trainSubset);
  const cost = newCost();
  const zeroFc = weightsOf(
    config,
    conv,
    convThreshold,
    new Int8Array(config.numClasses * F).fill(1),
    new Int32Array(config.numClasses),
  );
  const G = bcnnFeatureMatrix(zeroFc, data.x, data.n);
  const { fc, fcBias } = await trainFcInvertibleThreaded(G, F, data.y, config.numClasses, o, problem.seed, cost);
  return report(method, problem, o, weightsOf(config, conv, convThreshold, fc, fcBias), cost, t0, [], info);
}

export const fixedRandomConvMethod = registerMethod({
  name: 'fixed-random-conv',
  target: 'bcnn',
  summary: 'control: seeded random +-1 conv kernels, FC layer by invertible logic (one neuron per class)',
  reference: 'reconstruction: paper brief §7 item 3 (fixed random kernels as control)',
  options: invertibleBcnnSchema,
  train(problem: BcnnProblem, o: InvertibleBcnnOptions): Promise<BcnnTrainResult> {
    const t0 = performance.now();
    const { conv, convThreshold } = randomConv(problem.config, problem.seed);
    return fcOnConv('fixed-random-conv', problem, o, conv, convThreshold, { convSource: 'random' }, t0);
  },
});

export const invertibleFcMethod = registerMethod({
  name: 'invertible-fc',
  target: 'bcnn',
  summary:
    'FC layer by invertible logic from the clamped conv feature map and the label (conv from initial weights or backprop)',
  reference: 'reconstruction: paper brief §4.3 reading (i), §7 item 3',
  options: invertibleBcnnSchema,
  async train(problem: BcnnProblem, o: InvertibleBcnnOptions): Promise<BcnnTrainResult> {
    const t0 = performance.now();
    let conv: Int8Array;
    let convThreshold: Int32Array;
    let convSource: string;
    if (problem.initial) {
      conv = Int8Array.from(problem.initial.conv);
      convThreshold = Int32Array.from(problem.initial.convThreshold);
      convSource = 'initial';
    } else if (o.convSource === 'random') {
      ({ conv, convThreshold } = randomConv(problem.config, problem.seed));
      convSource = 'random';
    } else {
      const bp = getMethod('bcnn', 'backprop');
      const r = (await bp.train({ ...problem, onEpoch: undefined }, resolveMethodOptions(bp, {}))) as BcnnTrainResult;
      conv = Int8Array.from(r.weights.conv);
      convThreshold = Int32Array.from(r.weights.convThreshold);
      convSource = 'backprop';
    }
    return fcOnConv(
      'invertible-fc',
      problem,
      o,
      conv,
      convThreshold,
      { convSource, usesBackprop: convSource === 'backprop' },
      t0,
    );
  },
});

/**
 * Backward mode of the FC layer for one image: features g (F free spins) with the FC weights and the label
 * clamped (one threshold per class: y_m (V_m . g + beta_m) >= margin), a field `prior` * g0 towards the forward
 * features; returns the annealed g.
 */
export function inferFeatureTargets(
  g0: Int8Array,
  fc: Int8Array,
  fcBias: Int32Array,
  label: number,
  numClasses: number,
  o: InvertibleBcnnOptions,
  seed: Seed,
  cost: IsingCost,
): Int8Array {
  const F = g0.length;
  const b = new PenaltyBuilder();
  const g = Array.from({ length: F }, (_, f) => b.spin(`g${f}`));
  const one = b.spin('one');
  for (let m = 0; m < numClasses; m++) {
    const inputs: [number, number][] = g.map((s, f) => [s, fc[m * F + f]]);
    if (fcBias[m] !== 0) inputs.push([one, fcBias[m]]);
    addThreshold(b, { output: { constant: m === label ? 1 : -1 }, inputs, margin: o.margin, slackPrefix: `c${m}_` });
  }
  for (let f = 0; f < F; f++) b.addField(g[f], o.targetPrior * g0[f]);
  const model = b.build({ one: 1 });
  const set = scaledSampler(o.sampler as 'sc' | 'exact', annealOf(o), { sc: scOf(o) }).sampleIsing(model, {
    numReads: 1,
    seed,
  });
  cost.cycles += o.cycles;
  cost.anneals += 1;
  cost.spins = Math.max(cost.spins, model.n);
  cost.couplings = Math.max(cost.couplings, model.numEdges);
  const s = set.first.sample;
  return Int8Array.from(g, (i) => s[i]);
}

export const invertibleLayerwiseMethod = registerMethod({
  name: 'invertible-layerwise',
  target: 'bcnn',
  summary:
    'both layers by invertible logic, layer-wise: FC forward-trained, FC backward mode gives feature targets, conv channels trained on patch targets',
  reference: 'reconstruction: paper brief §7 item 3 (per-patch targets); our scheme',
  options: invertibleBcnnSchema,
  async train(problem: BcnnProblem, o: InvertibleBcnnOptions): Promise<BcnnTrainResult> {
    const t0 = performance.now();
    const config = problem.config;
    const { features: F, convSize, poolSize, kernelTaps } = bcnnShapes(config);
    const { inputSize: s, kernelSize: k, channels: C, stride, padding: p, padValue, pool: P, numClasses: M } = config;
    if (C * convSize * convSize === 0) throw new InvlogicError('empty conv layer', 'config');
    const data = subset(problem, o.trainSubset);
    const cost = newCost();
    const history: EpochRecord[] = [];
    const rng = createRng('xoshiro128ss', problem.seed, 51);
    let { conv, convThreshold } = randomConv(config, problem.seed);
    let fc = new Int8Array(M * F);
    let fcBias = new Int32Array(M);
    const pre = new Float64Array(C * convSize * convSize);
    // The network with the best training accuracy after any FC fit is returned (conv updates that hurt are
    // thereby rejected; a forward pass over the training set per round).
    let best: { accuracy: number; weights: BcnnWeights; round: number } = {
      accuracy: -1,
      weights: weightsOf(config, conv, convThreshold, fc, fcBias),
      round: 0,
    };
    for (let round = 0; round < o.rounds; round++) {
      // 1. FC on the current feature map.
      let w = weightsOf(config, conv, convThreshold, fc, fcBias);
      const G = bcnnFeatureMatrix(w, data.x, data.n);
      ({ fc, fcBias } = await trainFcInvertibleThreaded(G, F, data.y, M, o, `${String(problem.seed)}/r${round}`, cost));
      w = weightsOf(config, conv, convThreshold, fc, fcBias);
      const trainAccuracy = bcnnAccuracy(w, problem.train.x, problem.train.y, problem.train.n);
      const testAccuracy = problem.test ? bcnnAccuracy(w, problem.test.x, problem.test.y, problem.test.n) : NaN;
      const rec = { epoch: round + 1, trainAccuracy, testAccuracy, timeS: (performance.now() - t0) / 1000 };
      history.push(rec);
      if (trainAccuracy > best.accuracy) best = { accuracy: trainAccuracy, weights: w, round: round + 1 };
      problem.onEpoch?.(rec);
      // 2. Feature targets by the FC backward mode, 3. per-patch conv targets through the OR pool.
      const patchX: number[][][] = Array.from({ length: C }, () => []);
      const patchY: number[][] = Array.from({ length: C }, () => []);
      const order = Int32Array.from({ length: data.n }, (_, i) => i);
      shuffleInPlace(rng, order);
      const nImg = Math.min(o.targetImages, data.n);
      for (let t = 0; t < nImg; t++) {
        const img = order[t];
        if (o.layerwiseTargets === 'network') {
          // Every conv unit's target from the whole network's circuit (weights folded in, image and label
          // clamped, hidden map free): the label moves the cheapest units (lib/bnn/e2e-circuit.ts).
          const hc = e2eHiddenCircuit(w, [data.x.subarray(img * s * s, (img + 1) * s * s)], [data.y[img]], {
            margin: o.margin,
            slackCode: o.slackCode as SlackCode,
          });
          const set = scaledSampler(o.sampler as 'sc' | 'exact', annealOf(o), { sc: scOf(o) }).sampleIsing(hc.model, {
            numReads: 1,
            seed: `${String(problem.seed)}/r${round}/t${t}`,
          });
          cost.cycles += o.cycles;
          cost.anneals += 1;
          cost.spins = Math.max(cost.spins, hc.model.n);
          cost.couplings = Math.max(cost.couplings, hc.model.numEdges);
          for (let c = 0; c < C; c++)
            for (let r = 0; r < convSize; r++)
              for (let q = 0; q < convSize; q++) {
                const unit = hc.hidden[(c * convSize + r) * convSize + q];
                addPatch(patchX[c], patchY[c], data.x, img, r, q, set.first.sample[unit]);
              }
          continue;
        }
        const g0 = G.subarray(img * F, (img + 1) * F);
        const gStar = inferFeatureTargets(
          g0,
          fc,
          fcBias,
          data.y[img],
          M,
          o,
          `${String(problem.seed)}/r${round}/t${t}`,
          cost,
        );
        referenceConv(w, data.x, img, pre);
        for (let c = 0; c < C; c++)
          for (let i = 0; i < poolSize; i++)
            for (let j = 0; j < poolSize; j++) {
              const target = gStar[(c * poolSize + i) * poolSize + j];
              let bestR = -1;
              let bestQ = -1;
              let bestPre = -Infinity;
              for (let u = 0; u < P; u++)
                for (let v = 0; v < P; v++) {
                  const r = i * P + u;
                  const q = j * P + v;
                  const a = pre[(c * convSize + r) * convSize + q];
                  if (target < 0) addPatch(patchX[c], patchY[c], data.x, img, r, q, -1);
                  else if (a > bestPre) {
                    bestPre = a;
                    bestR = r;
                    bestQ = q;
                  }
                }
              if (target > 0) addPatch(patchX[c], patchY[c], data.x, img, bestR, bestQ, 1);
            }
      }
      // 4. Each conv channel as an invertible neuron on its patches (kernel taps + threshold bias spins).
      const newConv = Int8Array.from(conv);
      const newThr = Int32Array.from(convThreshold);
      const B = o.biasSpins;
      // The channels' patch sets first (the shuffles in channel order), then the channel neurons (threads).
      const convJobs: { c: number; job: NeuronJob }[] = [];
      for (let c = 0; c < C; c++) {
        // Balanced (patch, target) pairs: at most convPatches/2 of each sign, in a seeded random order.
        const pos: number[] = [];
        const neg: number[] = [];
        const idx = Int32Array.from({ length: patchY[c].length }, (_, i) => i);
        shuffleInPlace(rng, idx);
        for (const i of idx) (patchY[c][i] > 0 ? pos : neg).push(i);
        const half = Math.min(Math.floor(o.convPatches / 2), pos.length, neg.length);
        const chosen = [...pos.slice(0, half), ...neg.slice(0, half)];
        shuffleInPlace(rng, chosen);
        const n = chosen.length;
        if (n === 0) continue;
        const dim = kernelTaps + B;
        const x = new Int8Array(n * dim);
        const y = new Int8Array(n);
        for (let e = 0; e < n; e++) {
          const src = patchX[c][chosen[e]];
          for (let q = 0; q < kernelTaps; q++) x[e * dim + q] = src[q];
          for (let b2 = 0; b2 < B; b2++) x[e * dim + kernelTaps + b2] = 1;
          y[e] = patchY[c][chosen[e]];
        }
        // The conv neuron has kernelTaps + B inputs: its own margin (convMargin), not the FC layer's.
        const oc = { ...o, margin: o.convMargin };
        convJobs.push({ c, job: { x, y, dim, o: oc, seed: `${String(problem.seed)}/r${round}/conv${c}` } });
      }
      const convWeights = await (
        await annealThreads()
      ).trainNeurons(
        convJobs.map((j) => j.job),
        o.threads,
        cost,
      );
      convJobs.forEach(({ c }, k) => {
        const wc = convWeights[k];
        newConv.set(wc.subarray(0, kernelTaps), c * kernelTaps);
        let bias = 0;
        for (let b2 = 0; b2 < B; b2++) bias += wc[kernelTaps + b2];
        newThr[c] = -bias; // h = +1 iff a + bias >= 0 iff a >= -bias
      });
      conv = newConv;
      convThreshold = newThr;
    }
    // Final FC on the final feature map.
    const wFinal = weightsOf(config, conv, convThreshold, fc, fcBias);
    const G = bcnnFeatureMatrix(wFinal, data.x, data.n);
    ({ fc, fcBias } = await trainFcInvertibleThreaded(G, F, data.y, M, o, `${String(problem.seed)}/final`, cost));
    const finalW = weightsOf(config, conv, convThreshold, fc, fcBias);
    const finalAcc = bcnnAccuracy(finalW, problem.train.x, problem.train.y, problem.train.n);
    if (finalAcc > best.accuracy) best = { accuracy: finalAcc, weights: finalW, round: o.rounds + 1 };
    return report('invertible-layerwise', problem, o, best.weights, cost, t0, history, {
      rounds: o.rounds,
      keptRound: best.round,
    });

    function addPatch(
      xs: number[][],
      ys: number[],
      x: Int8Array,
      img: number,
      r: number,
      q: number,
      target: number,
    ): void {
      const patch: number[] = [];
      for (let u = 0; u < k; u++)
        for (let v = 0; v < k; v++) {
          const i = r * stride + u - p;
          const j = q * stride + v - p;
          patch.push(i >= 0 && i < s && j >= 0 && j < s ? x[img * s * s + i * s + j] : padValue);
        }
      xs.push(patch);
      ys.push(target);
    }
  },
});

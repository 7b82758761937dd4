/**
 * Training one binarized neuron y = sign(sum_i w_i x_i + b) (all values +-1, sign(0) = +1) by invertible
 * logic (paper brief §4.2, §7 items 1-2; issue 4). The neuron is a Hamiltonian whose ground states are the
 * valid (x, w, b, y) rows; K training samples become K copies that SHARE the weight spins (the "parallel
 * training data" of the predecessors), inputs and labels are clamped, and the weights settle by annealing
 * on a sampler (the stochastic-computing hardware model or the ideal p-bit sampler). A ground state is a
 * weight vector that satisfies the whole batch; the energy above it counts violated samples.
 *
 * Circuit forms (a `NeuronCircuitFactory`):
 *  - "threshold": the compact slack-spin Hamiltonian of lib/logic/threshold.ts (n + 1 + K*L spins);
 *  - "gates": XNOR / adder tree / comparator spin gates (lib/logic neuron circuit), see invertible-gates.ts.
 *
 * Batches (chunks of K rows of a seeded shuffle, `epochs` passes) are combined by (`combine`):
 *  - "majority":   each batch is annealed from scratch; final w = sign(sum of batch weights) (ties +1);
 *  - "sequential": the previous batch's weights enter the next batch as a field priorStrength * w_prev on the
 *                  weight spins and as the chains' initial state (re-clamping); final w = the last weights;
 *  - "accumulate": integer counters c (saturating at +-counterLimit) add each batch's weights; the field on the
 *                  weight spins is priorStrength * c / counterLimit; final w = sign(c).
 * Read-out of one batch over its `numReads` anneals: "best" (lowest energy) or "majority" (per-weight vote,
 * weighted by occurrences). `selection: "pocket"` additionally keeps the candidate with the best training
 * accuracy seen after any batch (Gallant's pocket idea applied to the read-out; a software-side choice,
 * off by default).
 */
import { InvlogicError } from '../../errors';
import { IsingModel, SampleSet } from '../../ising';
import { createRng, shuffleInPlace, type Rng, type Seed } from '../../rng';
import type { Sampler } from '../../samplers/types';
import { BinaryNeuron, NeuronData, neuronAccuracy, neuronPreActivation } from '../neuron';
import type { RelativeAnneal } from '../../samplers/autoscale';
import { HwStream, hwScheduleOf, hwScheduleOptions, type TrainerStreams } from '../hardware-streams';

/** A neuron circuit for one batch: a model with its clamps, and the indices of w0..w{n-1}[, b]. */
export interface NeuronCircuit {
  model: IsingModel;
  weights: number[];
  /** E_penalty = model.energy + offset is 0 when every sample holds (if known). */
  offset?: number;
}

/** Builds the circuit of a batch: X is K rows of n inputs (+-1), y the K labels. */
export type NeuronCircuitFactory = (batch: Int8Array[], labels: Int8Array, bias: boolean) => NeuronCircuit;

export type CombineRule = 'majority' | 'sequential' | 'accumulate';
export const COMBINE_RULES: readonly CombineRule[] = ['majority', 'sequential', 'accumulate'];
export type ReadoutRule = 'best' | 'majority';
export const READOUT_RULES: readonly ReadoutRule[] = ['best', 'majority'];
export type SelectionRule = 'last' | 'pocket';
export const SELECTION_RULES: readonly SelectionRule[] = ['last', 'pocket'];

export interface InvertibleNeuronConfig {
  circuit: NeuronCircuitFactory;
  sampler: Sampler<Record<string, unknown>>;
  /** Options passed to the sampler on every anneal (schedule, numSweeps/cycles, ...); numReads/seed/initial are set here. */
  samplerOptions: Record<string, unknown>;
  /** Anneals per batch (the sampler's numReads). */
  numReads: number;
  /** Training samples per circuit (K). */
  samplesPerBatch: number;
  epochs: number;
  combine: CombineRule;
  readout: ReadoutRule;
  selection: SelectionRule;
  /** Field on weight spins towards the previous/accumulated weights (sequential, accumulate). */
  priorStrength: number;
  /** Drop read-outs that do not satisfy their batch (majority/accumulate add only valid solutions; sequential keeps the previous weights). */
  discardInvalid: boolean;
  /** Saturation of the accumulate counters. */
  counterLimit: number;
  bias: boolean;
  seed: Seed;
  /** Whether the sampler accepts an `initial` spin vector (the exact p-bit sampler does, the SC model does not). */
  acceptsInitial: boolean;
  /** Anneal steps one read costs (cycles for the SC model, sweeps x spins for the p-bit sampler). */
  stepsPerRead: (model: IsingModel, set: SampleSet) => number;
  /** Batches with as many +1 as -1 labels (one-vs-rest neurons with a rare positive class). Default false. */
  balanced?: boolean;
  /** Length of the shared weight vector when it is not n (+1 for a bias), e.g. a whole network's weights. */
  numWeights?: number;
  /**
   * Where the batch order, the SC generator states and the I0 / n_rnd schedule come from: 'library' (default;
   * every stored result) or 'hardware' (lib/bnn/hardware-streams.ts: a 64-bit xorshift, a masked-rejection
   * shuffle, a shift schedule; what the trainer RTL computes itself). 'hardware' needs the SC sampler (one read
   * per batch) and `anneal`, the sigma-relative levels its schedule is built from.
   */
  streams?: TrainerStreams;
  anneal?: RelativeAnneal;
  /** Called after each batch (progress, learning curves). */
  onBatch?: (e: BatchEvent) => void;
  /**
   * Called after each batch's anneal(s) and combine, with what a hardware trainer needs to replay the batch
   * (the RTL trainer, lib/hw/rtl-trainer.ts): the training rows of the batch, the model and options passed to
   * the sampler, the read-out and the combined weights. Observation only: results do not depend on it.
   */
  onAnneal?: (e: AnnealEvent) => void;
  /**
   * Training accuracy of a candidate weight vector, for `selection: "pocket"`. Default: the neuron's own
   * accuracy on `data`; a whole network's trainer (invertible-e2e) passes its network's accuracy.
   */
  accuracy?: (weights: Int8Array) => number;
  /**
   * Initial state of each batch's anneal (samplers that accept one), from the batch circuit (before the prior
   * fields), the current weights, the batch's rows and labels and a seeded generator. Default: random spins with
   * the weights set to the current ones (sequential and accumulate only).
   */
  initialState?: (
    circuit: NeuronCircuit,
    current: Int8Array,
    batch: readonly Int8Array[],
    labels: Int8Array,
    rng: Rng,
  ) => Int8Array;
}

export interface BatchEvent {
  batch: number;
  epoch: number;
  /** Weights after combining (what the trainer would output now), length n (+1 with bias). */
  weights: Int8Array;
  /** Read-out energy above the ground (penalty units, when the circuit knows its offset). */
  batchEnergy: number;
  /** Whether the read-out satisfied every sample of the batch. */
  batchSatisfied: boolean;
  cumulativeSteps: number;
}

export interface AnnealEvent {
  /** Batch index (0-based) within this training run. */
  batch: number;
  epoch: number;
  /** Row indices of the batch's K samples, in clamp order. */
  rows: Int32Array;
  /** Labels of the batch (as passed to the circuit factory). */
  labels: Int8Array;
  /** The model sampled (batch circuit plus the prior fields) and the per-call sampler options (numReads, seed). */
  model: IsingModel;
  options: Record<string, unknown>;
  /** Weight spin indices in the model. */
  weightSpins: readonly number[];
  /** The batch read-out (w of this batch) and the weights after combining. */
  readout: Int8Array;
  weights: Int8Array;
  numReads: number;
}

export interface InvertibleNeuronResult {
  /** w0..w{n-1} then b (when bias). */
  weights: Int8Array;
  neuron: BinaryNeuron;
  batches: number;
  /** Batches whose read-out satisfied all K samples. */
  satisfiedBatches: number;
  /** Spins and couplings of one batch circuit (the largest built). */
  spins: number;
  freeSpins: number;
  couplings: number;
  /** Sum over anneals of the steps each took. */
  totalSteps: number;
  anneals: number;
}

/** The trained weights as a BinaryNeuron (bias 0 when the neuron has none). */
export function toNeuron(weights: Int8Array, n: number, bias: boolean): BinaryNeuron {
  return { dim: n, weights: weights.slice(0, n), bias: bias ? weights[n] : 0 };
}

/** Training accuracy of a weight vector (w0..w{n-1}[, b]). */
export function weightsAccuracy(weights: Int8Array, data: NeuronData, bias: boolean): number {
  return neuronAccuracy(toNeuron(weights, data.dim, bias), data);
}

/** Copies the model with extra fields on some spins (the prior of the sequential/accumulate rules). */
export function withFields(model: IsingModel, spins: readonly number[], fields: ArrayLike<number>): IsingModel {
  const h = Float64Array.from(model.h);
  for (let k = 0; k < spins.length; k++) h[spins[k]] += fields[k];
  return new IsingModel(model.names, h, model.edgeArrays(), model.clamp);
}

/** Per-weight read-out of a SampleSet. */
export function readWeights(set: SampleSet, weights: readonly number[], rule: ReadoutRule): Int8Array {
  const out = new Int8Array(weights.length);
  if (rule === 'best') {
    const s = set.first.sample;
    for (let k = 0; k < weights.length; k++) out[k] = s[weights[k]] > 0 ? 1 : -1;
    return out;
  }
  const votes = new Float64Array(weights.length);
  for (const r of set.records)
    for (let k = 0; k < weights.length; k++) votes[k] += r.sample[weights[k]] * r.numOccurrences;
  for (let k = 0; k < weights.length; k++) out[k] = votes[k] >= 0 ? 1 : -1;
  return out;
}

/** The hardware stream of a trainer call, after checking the options it supports. */
function hardwareStreamOf(cfg: InvertibleNeuronConfig): HwStream {
  const no = (what: string, flag: string): never => {
    throw new InvlogicError(`streams 'hardware' does not support ${what}`, flag);
  };
  if (!cfg.anneal) no('a trainer without its anneal levels (anneal)', 'streams');
  if (cfg.numReads !== 1) no(`${cfg.numReads} reads per batch (needs 1)`, 'reads');
  if (cfg.acceptsInitial) no('a sampler with an initial state (use the SC sampler)', 'sampler');
  if (cfg.balanced) no('balanced batches', 'balanced');
  return HwStream.fromSeed(cfg.seed);
}

/**
 * Trains the neuron on X (rows x n, +-1) and labels y (+-1). See the module doc for the rules.
 */
export function trainInvertibleNeuron(data: NeuronData, cfg: InvertibleNeuronConfig): InvertibleNeuronResult {
  const rows = data.n;
  const n = data.dim;
  const X = data.x;
  const y = data.y;
  if (rows === 0) throw new InvlogicError('no training rows', 'train');
  const K = Math.min(cfg.samplesPerBatch, rows);
  const nw = cfg.numWeights ?? n + (cfg.bias ? 1 : 0);
  const order = new Int32Array(rows);
  for (let k = 0; k < rows; k++) order[k] = k;
  const rng = createRng('xoshiro128ss', cfg.seed, 7001);
  const hw = cfg.streams === 'hardware' ? hardwareStreamOf(cfg) : null;
  let hwOptions: Record<string, unknown> | null = null;
  // Starting weights: uniformly random (the hardware's register contents), used as prior/initial only
  // (hardware streams: all +1, the reset value).
  let current = new Int8Array(nw);
  if (hw) current.fill(1);
  else for (let i = 0; i < nw; i++) current[i] = rng.nextU32() & 1 ? 1 : -1;
  const counters = new Int32Array(nw);
  const batchSum = new Int32Array(nw);
  let pocket: Int8Array | undefined;
  let pocketAcc = -1;
  let batches = 0;
  let satisfied = 0;
  let totalSteps = 0;
  let anneals = 0;
  let spins = 0;
  let freeSpins = 0;
  let couplings = 0;
  const batchX: Int8Array[] = [];
  const batchY = new Int8Array(K);
  const prior = new Float64Array(nw);
  // Balanced batches (option): ceil(K/2) rows labelled +1 and floor(K/2) labelled -1, each class cycled
  // through its own seeded shuffle (the minority class is revisited more often).
  const pos = Int32Array.from(order.filter((r) => y[r] > 0));
  const neg = Int32Array.from(order.filter((r) => y[r] <= 0));
  const balanced = cfg.balanced === true && pos.length > 0 && neg.length > 0;
  let pPos = pos.length;
  let pNeg = neg.length;
  const nextOf = (cls: Int32Array, isPos: boolean): number => {
    if ((isPos ? pPos : pNeg) >= cls.length) {
      shuffleInPlace(rng, cls);
      if (isPos) pPos = 0;
      else pNeg = 0;
    }
    return isPos ? cls[pPos++] : cls[pNeg++];
  };
  for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    if (hw) hw.shuffle(order);
    else shuffleInPlace(rng, order);
    for (let start = 0; start + K <= rows; start += K) {
      batchX.length = 0;
      const batchRows = new Int32Array(K);
      for (let k = 0; k < K; k++) {
        const r = balanced ? (k % 2 === 0 ? nextOf(pos, true) : nextOf(neg, false)) : order[(start + k) % rows];
        batchRows[k] = r;
        batchX.push(X.subarray(r * n, (r + 1) * n));
        batchY[k] = y[r];
      }
      const circuit = cfg.circuit(batchX, batchY, cfg.bias);
      if (circuit.weights.length !== nw) {
        throw new InvlogicError(`circuit has ${circuit.weights.length} weight spins, expected ${nw}`, 'circuit');
      }
      let model = circuit.model;
      const usePrior = cfg.combine !== 'majority' && cfg.priorStrength > 0 && batches > 0;
      if (usePrior) {
        for (let i = 0; i < nw; i++) {
          prior[i] =
            cfg.combine === 'sequential'
              ? cfg.priorStrength * current[i]
              : Math.round((cfg.priorStrength * counters[i]) / cfg.counterLimit);
        }
        model = withFields(model, circuit.weights, prior);
      }
      spins = Math.max(spins, model.n);
      freeSpins = Math.max(freeSpins, model.n - model.clamp.size);
      couplings = Math.max(couplings, model.numEdges);
      const options: Record<string, unknown> = {
        ...cfg.samplerOptions,
        numReads: cfg.numReads,
        seed: `${String(cfg.seed)}/${batches}`,
      };
      if (hw) {
        // The schedule of the first batch circuit (before any prior field), then the generator states.
        hwOptions ??= hwScheduleOptions(hwScheduleOf(circuit.model, cfg.anneal!));
        Object.assign(options, hwOptions, { prngInit: hw.scStates(Math.ceil(model.n / 64)) });
      }
      if (cfg.initialState && cfg.acceptsInitial)
        options.initial = cfg.initialState(circuit, current, batchX, batchY, rng);
      else if (cfg.combine !== 'majority' && cfg.acceptsInitial) {
        const init = new Int8Array(model.n);
        for (let i = 0; i < model.n; i++) init[i] = rng.nextU32() & 1 ? 1 : -1;
        for (let i = 0; i < nw; i++) init[circuit.weights[i]] = current[i];
        options.initial = init;
      }
      const set = cfg.sampler.sampleIsing(model, options);
      const steps = cfg.stepsPerRead(model, set);
      totalSteps += steps * set.numReads;
      anneals += set.numReads;
      const wBatch = readWeights(set, circuit.weights, cfg.readout);
      // Energy of the read-out in the unprimed circuit, relative to "all samples satisfied".
      const best = set.first.sample;
      const eBatch = circuit.model.energy(best) + (circuit.offset ?? 0);
      const ok = circuit.offset !== undefined ? eBatch < 1e-9 : allSatisfied(wBatch, batchX, batchY, n, cfg.bias);
      if (ok) satisfied++;
      batches++;
      const use = ok || !cfg.discardInvalid;
      if (use)
        switch (cfg.combine) {
          case 'majority':
            for (let i = 0; i < nw; i++) batchSum[i] += wBatch[i];
            for (let i = 0; i < nw; i++) current[i] = batchSum[i] >= 0 ? 1 : -1;
            break;
          case 'sequential':
            current = wBatch;
            break;
          case 'accumulate':
            for (let i = 0; i < nw; i++) {
              counters[i] = Math.max(-cfg.counterLimit, Math.min(cfg.counterLimit, counters[i] + wBatch[i]));
              current[i] = counters[i] >= 0 ? 1 : -1;
            }
            break;
        }
      if (cfg.selection === 'pocket') {
        const acc = cfg.accuracy ? cfg.accuracy(current) : weightsAccuracy(current, data, cfg.bias);
        if (acc > pocketAcc) {
          pocketAcc = acc;
          pocket = Int8Array.from(current);
        }
      }
      cfg.onAnneal?.({
        batch: batches - 1,
        epoch,
        rows: batchRows,
        labels: Int8Array.from(batchY),
        model,
        options,
        weightSpins: circuit.weights,
        readout: wBatch,
        weights: Int8Array.from(current),
        numReads: set.numReads,
      });
      cfg.onBatch?.({
        batch: batches,
        epoch,
        weights: current,
        batchEnergy: eBatch,
        batchSatisfied: ok,
        cumulativeSteps: totalSteps,
      });
    }
  }
  const weights = cfg.selection === 'pocket' && pocket ? pocket : Int8Array.from(current);
  return {
    weights,
    neuron: toNeuron(weights, n, cfg.bias),
    batches,
    satisfiedBatches: satisfied,
    spins,
    freeSpins,
    couplings,
    totalSteps,
    anneals,
  };
}

function allSatisfied(w: Int8Array, X: Int8Array[], y: Int8Array, n: number, bias: boolean): boolean {
  const neuron = toNeuron(w, n, bias);
  for (let k = 0; k < X.length; k++) if ((neuronPreActivation(neuron, X[k], 0) >= 0 ? 1 : -1) !== y[k]) return false;
  return true;
}

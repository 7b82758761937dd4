/**
 * The invertible-logic trainers of one binarized neuron (issue 4), registered as methods of target 'neuron':
 *
 *  - `invertible-threshold`: the compact slack-spin Hamiltonian (lib/logic/threshold.ts), K samples sharing
 *    the weight spins; n + 1 + K*L spins, dense weight-weight couplings (the batch's Gram matrix);
 *  - `invertible-gates`: the composed spin-gate neuron (XNOR per input, full/half-adder popcount tree,
 *    AND/OR comparator; lib/logic neuronTrainingCircuit), K instances sharing the weight wires.
 *
 * Both run on the SC hardware model (default) or the ideal p-bit sampler, with annealing levels relative to
 * the circuit's field scale (lib/samplers/autoscale.ts), and combine batches with the rules of
 * lib/bnn/invertible-neuron.ts. Everything here is a reconstruction (paper brief §4.2, §7 items 1-2).
 */
import type { TrainerStreams } from './hardware-streams';
import { neuronTrainingCircuit, thresholdNeuron } from '../logic';
import { IsingModel, SampleSet } from '../ising';
import { exactSampler } from '../samplers/exact';
import { scSampler } from '../samplers/sc';
import {
  RELATIVE_ANNEAL_DEFAULTS,
  RelativeAnneal,
  relativeAnnealOf,
  scaledExactOptions,
  scaledScOptions,
} from '../samplers/autoscale';
import type { Sampler } from '../samplers/types';
import {
  CombineRule,
  NeuronCircuitFactory,
  ReadoutRule,
  SelectionRule,
  trainInvertibleNeuron,
  type AnnealEvent,
  type BatchEvent,
} from './invertible-neuron';
import { neuronAccuracy, type NeuronData } from './neuron';
import {
  type EpochRecord,
  type NeuronProblem,
  type NeuronTrainResult,
  type OptionsOf,
  registerMethod,
  timeToFinal,
} from './registry';

export type NeuronCircuitKind = 'threshold' | 'gates';

/** Options shared by both invertible neuron methods (the CLI flags `--samples-per-batch` etc.). */
export function invertibleNeuronSchema(defaults: {
  samplesPerBatch: number;
  combine: string;
  priorStrength: number;
  epochs: number;
  discardInvalid: boolean;
}) {
  return {
    sampler: {
      type: 'string',
      default: 'sc',
      choices: ['sc', 'exact'],
      help: 'SC hardware model or ideal p-bit (reference)',
    },
    samplesPerBatch: {
      type: 'int',
      default: defaults.samplesPerBatch,
      min: 1,
      max: 4096,
      help: 'K: training samples per circuit (shared weights)',
    },
    epochs: {
      type: 'int',
      default: defaults.epochs,
      min: 1,
      max: 10000,
      help: 'passes over the training set (batches of K)',
    },
    reads: { type: 'int', default: 1, min: 1, max: 10000, help: 'anneals per batch (read-out over them)' },
    cycles: {
      type: 'int',
      default: RELATIVE_ANNEAL_DEFAULTS.cycles,
      min: 1,
      max: 10_000_000,
      help: 'anneal length: SC clock cycles or p-bit sweeps',
    },
    iterations: { type: 'int', default: 1, min: 1, max: 100000, help: 'I0 (beta) ramps per anneal: >1 = sawtooth' },
    i0From: {
      type: 'number',
      default: RELATIVE_ANNEAL_DEFAULTS.i0From,
      min: 0,
      max: 1e4,
      help: 'SC: first I0, in units of the field scale sigma',
    },
    i0To: {
      type: 'number',
      default: RELATIVE_ANNEAL_DEFAULTS.i0To,
      min: 0,
      max: 1e4,
      help: 'SC: last I0 (sigma units)',
    },
    noiseFrom: {
      type: 'number',
      default: RELATIVE_ANNEAL_DEFAULTS.noiseFrom,
      min: 0,
      max: 1e4,
      help: 'SC: first noise amplitude n_rnd (sigma units)',
    },
    noiseTo: {
      type: 'number',
      default: RELATIVE_ANNEAL_DEFAULTS.noiseTo,
      min: 0,
      max: 1e4,
      help: 'SC: last n_rnd (sigma units)',
    },
    betaFrom: {
      type: 'number',
      default: RELATIVE_ANNEAL_DEFAULTS.betaFrom,
      min: 1e-6,
      max: 1e4,
      help: 'p-bit: first beta times sigma',
    },
    betaTo: {
      type: 'number',
      default: RELATIVE_ANNEAL_DEFAULTS.betaTo,
      min: 1e-6,
      max: 1e4,
      help: 'p-bit: last beta (absolute)',
    },
    combine: {
      type: 'string',
      default: defaults.combine,
      choices: ['majority', 'sequential', 'accumulate'],
      help: 'how batch results combine',
    },
    readout: {
      type: 'string',
      default: 'best',
      choices: ['best', 'majority'],
      help: 'per batch: lowest-energy read or per-weight vote',
    },
    selection: {
      type: 'string',
      default: 'pocket',
      choices: ['last', 'pocket'],
      help: 'final weights: the vote with the best training accuracy seen after any batch, or the last vote',
    },
    priorStrength: {
      type: 'number',
      default: defaults.priorStrength,
      min: 0,
      max: 1e6,
      help: 'field towards previous/accumulated weights',
    },
    discardInvalid: {
      type: 'boolean',
      default: defaults.discardInvalid,
      help: 'combine only read-outs that satisfy their batch',
    },
    counterLimit: { type: 'int', default: 8, min: 1, max: 1 << 20, help: 'saturation of the accumulate counters' },
    streams: {
      type: 'string',
      default: 'library',
      choices: ['library', 'hardware'],
      help: "batch order, SC generator states and I0/noise schedule: 'library' or 'hardware' (a xorshift64, masked-rejection shuffle and shift schedule the trainer RTL computes; lib/bnn/hardware-streams.ts)",
    },
  } as const;
}

const thresholdSchema = {
  ...invertibleNeuronSchema({
    samplesPerBatch: 8,
    combine: 'majority',
    priorStrength: 2,
    epochs: 2,
    discardInvalid: false,
  }),
  margin: {
    type: 'int',
    default: 1,
    min: 1,
    max: 4096,
    help: 'threshold form: required y*(w.x+b) (raised to the parity of the fan-in)',
  },
} as const;
const gatesSchema = invertibleNeuronSchema({
  samplesPerBatch: 4,
  combine: 'majority',
  priorStrength: 2,
  epochs: 2,
  discardInvalid: true,
});

export type InvertibleNeuronOptions = OptionsOf<ReturnType<typeof invertibleNeuronSchema>> & { margin?: number };

/** The circuit factory of a form. */
export function neuronCircuitFactory(kind: NeuronCircuitKind, margin = 1): NeuronCircuitFactory {
  if (kind === 'threshold') {
    return (batch, labels, bias) => {
      const tn = thresholdNeuron({ inputs: batch, labels, bias, margin });
      return { model: tn.model, weights: tn.weights, offset: tn.offset };
    };
  }
  return (batch, labels, bias) => {
    const t = neuronTrainingCircuit(
      batch[0].length,
      batch.map((x, k) => ({ x, y: labels[k] as 1 | -1 })),
      { bias },
    );
    return { model: t.model, weights: t.weightWires.map((w) => t.model.indexOf(w)) };
  };
}

/**
 * Steps of one anneal for the hardware count: SC clock cycles (a chromatic cycle is one clock per colour phase,
 * `info.clockCycles`) or p-bit sweeps.
 */
export function samplerSteps(set: { info: Record<string, unknown> }): number {
  const i = set.info;
  return Number(i.sampler === 'sc' ? (i.clockCycles ?? i.cycles) : i.numSweeps);
}

/** A sampler that derives its annealing levels and register widths from each model's field scale. */
export function scaledSampler(
  kind: 'sc' | 'exact',
  anneal: RelativeAnneal,
  extra: {
    /** Receives the options of the last call. */
    last?: { options?: Record<string, unknown> };
    /** SC options that are not anneal levels (e.g. `update`), applied before the call's own options. */
    sc?: Record<string, unknown>;
  } = {},
): Sampler<Record<string, unknown>> {
  const { last } = extra;
  return {
    name: kind,
    sampleIsing(model: IsingModel, options: Record<string, unknown> = {}): SampleSet {
      if (kind === 'sc') {
        const o = { ...scaledScOptions(model, anneal), valid: 'none', ...extra.sc, ...options };
        if (last) last.options = o;
        return scSampler.sampleIsing(model, o as Parameters<typeof scSampler.sampleIsing>[1]);
      }
      const o = { ...scaledExactOptions(model, anneal), ...options };
      if (last) last.options = o;
      return exactSampler.sampleIsing(model, o as Parameters<typeof exactSampler.sampleIsing>[1]);
    },
  };
}

/** Trains with the library-level API and reports in the registry's shape; `onBatch` sees every batch. */
export function trainInvertiblePerceptron(
  kind: NeuronCircuitKind,
  problem: NeuronProblem,
  o: InvertibleNeuronOptions,
  onBatch?: (e: BatchEvent) => void,
  onAnneal?: (e: AnnealEvent) => void,
): NeuronTrainResult {
  const anneal = relativeAnnealOf(o);

  const last: { options?: Record<string, unknown> } = {};
  const sampler = scaledSampler(o.sampler as 'sc' | 'exact', anneal, { last });
  const history: EpochRecord[] = [];
  const train: NeuronData = problem.train;
  const batchesPerEpoch = Math.floor(train.n / Math.min(o.samplesPerBatch, train.n));
  let trainTime = 0;
  let t0 = performance.now();
  const result = trainInvertibleNeuron(train, {
    circuit: neuronCircuitFactory(kind, o.margin ?? 1),
    sampler,
    samplerOptions: {},
    numReads: o.reads,
    samplesPerBatch: o.samplesPerBatch,
    epochs: o.epochs,
    combine: o.combine as CombineRule,
    readout: o.readout as ReadoutRule,
    selection: o.selection as SelectionRule,
    priorStrength: o.priorStrength,
    counterLimit: o.counterLimit,
    discardInvalid: o.discardInvalid,
    bias: problem.bias,
    seed: problem.seed,
    acceptsInitial: o.sampler === 'exact',
    stepsPerRead: (_m, set) => samplerSteps(set),
    streams: o.streams as TrainerStreams,
    anneal,
    onAnneal,
    onBatch: (e) => {
      onBatch?.(e);
      if (e.batch % batchesPerEpoch === 0) {
        trainTime += performance.now() - t0;
        const neuron = {
          dim: train.dim,
          weights: e.weights.slice(0, train.dim),
          bias: problem.bias ? e.weights[train.dim] : 0,
        };
        const record: EpochRecord = {
          epoch: e.epoch + 1,
          trainAccuracy: neuronAccuracy(neuron, train),
          testAccuracy: problem.test ? neuronAccuracy(neuron, problem.test) : NaN,
          timeS: trainTime / 1000,
        };
        history.push(record);
        problem.onEpoch?.(record);
        t0 = performance.now();
      }
    },
  });
  trainTime += performance.now() - t0;
  const neuron = result.neuron;
  const trainAccuracy = neuronAccuracy(neuron, train);
  const testAccuracy = problem.test ? neuronAccuracy(neuron, problem.test) : NaN;
  const lo = last.options ?? {};
  const info: Record<string, number | string | boolean> = {
    circuit: kind,
    batches: result.batches,
    satisfiedBatchFraction: result.satisfiedBatches / Math.max(1, result.batches),
    anneals: result.anneals,
    freeSpins: result.freeSpins,
    stepUnit: o.sampler === 'sc' ? 'clock cycles' : 'sweeps',
  };
  for (const key of ['itanhBits', 'weightBits', 'biasBits', 'noiseBits'] as const)
    if (typeof lo[key] === 'number') info[key] = lo[key] as number;
  return {
    method: `invertible-${kind}`,
    target: 'neuron',
    options: { ...o } as Record<string, number | string | boolean>,
    neuron,
    trainAccuracy,
    testAccuracy,
    epochs: o.epochs,
    history,
    wallTimeS: trainTime / 1000,
    timeToFinalS: timeToFinal(history),
    hardware: { spins: result.spins, couplings: result.couplings, cycles: result.totalSteps },
    info,
  };
}

export const invertibleThresholdMethod = registerMethod({
  name: 'invertible-threshold',
  target: 'neuron',
  summary: 'invertible logic, compact slack-spin threshold Hamiltonian, K samples sharing the weight spins',
  reference: 'reconstruction: paper brief §4.2/§7 item 1 (compact threshold Hamiltonian); lib/logic/threshold.ts',
  options: thresholdSchema,
  train: (problem: NeuronProblem, o: OptionsOf<typeof thresholdSchema>) =>
    trainInvertiblePerceptron('threshold', problem, o),
});

export const invertibleGatesMethod = registerMethod({
  name: 'invertible-gates',
  target: 'neuron',
  summary: 'invertible logic, XNOR + adder-tree + comparator spin gates, K instances sharing the weight wires',
  reference: 'reconstruction: paper brief §4.2 option A (Smithson-style gate fusion); lib/logic neuronTrainingCircuit',
  options: gatesSchema,
  train: (problem: NeuronProblem, o: OptionsOf<typeof gatesSchema>) => trainInvertiblePerceptron('gates', problem, o),
});

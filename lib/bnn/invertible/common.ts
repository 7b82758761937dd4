/**
 * What the invertible-logic methods share (no method is registered here; every method file imports this and
 * none imports another method file):
 *
 *  - the option schema of the anneal (`sampler`, and `cycles` .. `betaTo` derived from a RelativeAnneal of
 *    defaults, lib/samplers/autoscale.ts), so a method lists its own options and spreads these;
 *  - the one typed mapping from a method's options to its sampler (`samplerFor`) and to the settings of the
 *    invertible-neuron trainer that every method sets the same way (`annealSettings`);
 *  - the Ising cost counters (cycles and anneals summed over a run, spins and couplings maxima);
 *  - the neuron circuit forms (compact threshold, spin gates) and the sampler that scales each model's
 *    annealing levels to its field scale (`scaledSampler`).
 */
import { neuronTrainingCircuit, thresholdNeuron } from '../../logic';
import { IsingModel, SampleSet } from '../../ising';
import { RELATIVE_ANNEAL_DEFAULTS, type RelativeAnneal, relativeAnnealOf } from '../../samplers/autoscale';
import { getSamplerEntry, scaledSamplerNames } from '../../samplers/registry';
import type { BaseSampleOptions, Sampler } from '../../samplers/types';
import { InvlogicError } from '../../errors';
import type { InvertibleNeuronConfig, NeuronCircuitFactory } from './neuron-trainer';
import type { TrainerStreams } from '../hardware-streams';

export type SamplerKind = 'sc' | 'exact';
export type NeuronCircuitKind = 'threshold' | 'gates';

/** Option `sampler` of every invertible method. */
export const samplerOptionSpec = {
  type: 'string',
  default: 'sc',
  choices: ['sc', 'exact'],
  help: 'SC hardware model or ideal p-bit (reference)',
} as const;

/** Help texts of the anneal options (a method family may word them for its own --help). */
export type AnnealHelp = Readonly<Record<keyof RelativeAnneal, string>>;

export const ANNEAL_HELP: AnnealHelp = {
  cycles: 'anneal length: SC clock cycles or p-bit sweeps',
  iterations: 'I0 (beta) ramps per anneal: >1 = sawtooth',
  i0From: 'SC: first I0, in units of the field scale sigma',
  i0To: 'SC: last I0 (sigma units)',
  noiseFrom: 'SC: first noise amplitude n_rnd (sigma units)',
  noiseTo: 'SC: last n_rnd (sigma units)',
  betaFrom: 'p-bit: first beta times sigma',
  betaTo: 'p-bit: last beta (absolute)',
};

/** The anneal options (`cycles` .. `betaTo`, in RelativeAnneal's order) with the given defaults. */
export function annealOptionSchema(
  defaults: RelativeAnneal = RELATIVE_ANNEAL_DEFAULTS,
  help: AnnealHelp = ANNEAL_HELP,
) {
  return {
    cycles: { type: 'int', default: defaults.cycles, min: 1, max: 10_000_000, help: help.cycles },
    iterations: { type: 'int', default: defaults.iterations, min: 1, max: 100000, help: help.iterations },
    i0From: { type: 'number', default: defaults.i0From, min: 0, max: 1e4, help: help.i0From },
    i0To: { type: 'number', default: defaults.i0To, min: 0, max: 1e4, help: help.i0To },
    noiseFrom: { type: 'number', default: defaults.noiseFrom, min: 0, max: 1e4, help: help.noiseFrom },
    noiseTo: { type: 'number', default: defaults.noiseTo, min: 0, max: 1e4, help: help.noiseTo },
    betaFrom: { type: 'number', default: defaults.betaFrom, min: 1e-6, max: 1e4, help: help.betaFrom },
    betaTo: { type: 'number', default: defaults.betaTo, min: 1e-6, max: 1e4, help: help.betaTo },
  } as const;
}

/** The options an invertible method reads to build its sampler (`scUpdate` where the method has it). */
export type SamplerOptions = RelativeAnneal & { sampler: string; scUpdate?: string };

/**
 * A method's sampler from its options: the SC model or the ideal p-bit sampler, annealing levels relative to
 * each model's field scale, the SC update order when the method has the option. `last` receives the options
 * of the last call.
 */
export function samplerFor(
  o: SamplerOptions,
  last?: { options?: Record<string, unknown> },
): Sampler<Record<string, unknown>> {
  const sc = o.scUpdate === undefined ? undefined : { update: o.scUpdate };
  return scaledSampler(o.sampler, relativeAnnealOf(o), { last, sc });
}

/** The unit of `hardware.cycles` for a method's sampler. */
export const stepUnit = (o: { sampler: string }): string => (o.sampler === 'sc' ? 'clock cycles' : 'sweeps');

/** The invertible-neuron trainer's settings that every method takes from its options the same way. */
export function annealSettings(
  o: SamplerOptions & { reads: number; streams?: string },
  sampler: Sampler<Record<string, unknown>>,
): Pick<
  InvertibleNeuronConfig,
  'sampler' | 'samplerOptions' | 'numReads' | 'acceptsInitial' | 'stepsPerRead' | 'streams' | 'anneal'
> {
  return {
    sampler,
    samplerOptions: {},
    numReads: o.reads,
    acceptsInitial: o.sampler === 'exact',
    stepsPerRead: (_m, set) => samplerSteps(set),
    streams: o.streams as TrainerStreams | undefined,
    anneal: relativeAnnealOf(o),
  };
}

/** Running totals of an invertible run: cycles and anneals summed, spins and couplings the largest circuit's. */
export interface IsingCost {
  cycles: number;
  anneals: number;
  spins: number;
  couplings: number;
}

export const newCost = (): IsingCost => ({ cycles: 0, anneals: 0, spins: 0, couplings: 0 });

/** Adds `part` (another run's cost, or a trainer's totals) to `cost`. */
export function addCost(cost: IsingCost, part: IsingCost): void {
  cost.cycles += part.cycles;
  cost.anneals += part.anneals;
  cost.spins = Math.max(cost.spins, part.spins);
  cost.couplings = Math.max(cost.couplings, part.couplings);
}

/** Counts one anneal of `model` lasting `steps` cycles. */
export function countAnneal(cost: IsingCost, model: IsingModel, steps: number): void {
  addCost(cost, { cycles: steps, anneals: 1, spins: model.n, couplings: model.numEdges });
}

/** Counts an invertible-neuron training run (trainInvertibleNeuron's totals). */
export function countRun(
  cost: IsingCost,
  r: { totalSteps: number; anneals: number; spins: number; couplings: number },
): void {
  addCost(cost, { cycles: r.totalSteps, anneals: r.anneals, spins: r.spins, couplings: r.couplings });
}

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

/**
 * A sampler that derives its annealing levels and register widths from each model's field scale: the
 * registered sampler `kind` (lib/samplers/registry.ts) with the options of its `scaled` entry.
 */
export function scaledSampler(
  kind: string,
  anneal: RelativeAnneal,
  extra: {
    /** Receives the options of the last call. */
    last?: { options?: Record<string, unknown> };
    /** SC options that are not anneal levels (e.g. `update`), applied before the call's own options. */
    sc?: Record<string, unknown>;
  } = {},
): Sampler<Record<string, unknown>> {
  const { last } = extra;
  const entry = getSamplerEntry(kind);
  const scaled = entry.scaled;
  if (scaled === undefined) {
    throw new InvlogicError(`sampler must be one of ${scaledSamplerNames().join('|')}, got ${kind}`, 'sampler');
  }
  const own = kind === 'sc' ? extra.sc : undefined;
  return {
    name: kind,
    sampleIsing(model: IsingModel, options: Record<string, unknown> = {}): SampleSet {
      const o: BaseSampleOptions & Record<string, unknown> = { ...scaled(model, anneal), ...own, ...options };
      if (last) last.options = o;
      return entry.sampler.sampleIsing(model, o);
    },
  };
}

/**
 * Sampler registry: name -> the sampler and its typed option schema (lib/samplers/options.ts). `invlogic sample
 * --sampler NAME`, experiments and the invertible trainers select samplers by name through it, so a new
 * sampler plugs in by registering here (one `registerSampler` call per sampler file's entry); the CLI derives
 * its flags from the schema (cli/option-flags.ts). Common options (numReads, seed, schedule) belong to every
 * sampler and are not declared per entry.
 */
import { InvlogicError } from '../errors';
import type { IsingModel } from '../ising';
import type { Seed } from '../rng';
import { type RelativeAnneal, scaledExactOptions, scaledScOptions } from './autoscale';
import { EXACT_KERNELS, EXACT_ORDERS, ExactSampleOptions, exactSampler } from './exact';
import { PACKED_BACKENDS, PACKED_ORDERS, PackedSampleOptions, packedSampler } from './packed';
import type { SamplerOptionSchema } from './options';
import type { ScheduleSpec } from './schedule';
import { scSampler } from './sc';
import type { ScOptions } from './sc/options';
import { SC_OPTION_SCHEMA } from './sc-option-schema';
import type { BaseSampleOptions, Sampler } from './types';

export interface SamplerEntry<O extends BaseSampleOptions = BaseSampleOptions, Extra extends string = string> {
  name: string;
  /** One line for `invlogic sample --help`. */
  summary: string;
  sampler: Sampler<O>;
  /** This sampler's own options (beyond numReads, seed, schedule), in display order. */
  options: SamplerOptionSchema<O, Extra>;
  /** Its option for the steps of one read (the common `steps`) and their unit. */
  steps: { option: Extract<keyof O, string>; unit: 'sweep' | 'clock cycle' };
  /** Its option for the per-step schedule (the common `schedule`) and the quantity scheduled. */
  schedule: { option: Extract<keyof O, string>; of: 'beta' | 'I0' };
  /**
   * For samplers the invertible trainers anneal with (lib/bnn): the options of one anneal of `model` whose
   * levels are relative to its field scale (lib/samplers/autoscale.ts); no statistics beyond the samples.
   */
  scaled?: (model: IsingModel, anneal: RelativeAnneal) => O;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- entries of different option types
const REGISTRY = new Map<string, SamplerEntry<any, any>>();

export function registerSampler<O extends BaseSampleOptions, Extra extends string = never>(
  entry: SamplerEntry<O, Extra>,
): void {
  if (REGISTRY.has(entry.name)) throw new Error(`sampler "${entry.name}" is registered twice`);
  REGISTRY.set(entry.name, entry);
}

/**
 * The common sampler vocabulary (after dimod's `sample_ising(h, J, **params)`): every sampler takes these, each
 * under its own option name (exact: numSweeps, packed: sweeps, sc: cycles for `steps`; sc: i0 for `schedule`).
 */
export interface CommonSamplerOptions {
  numReads?: number;
  seed?: Seed;
  /** Steps per read, in the sampler's unit (`entry.steps.unit`: sweeps or clock cycles). */
  steps?: number;
  /** One value per step: beta for the p-bit samplers, I0 for the SC model (`entry.schedule.of`). */
  schedule?: ScheduleSpec;
}

/** The options of `entry`'s sampler for the common vocabulary (undefined values are left out). */
export function commonSamplerOptions<O extends BaseSampleOptions>(
  entry: SamplerEntry<O, string>,
  common: CommonSamplerOptions,
): O {
  const out: Record<string, unknown> = {};
  if (common.numReads !== undefined) out.numReads = common.numReads;
  if (common.seed !== undefined) out.seed = common.seed;
  if (common.steps !== undefined) out[entry.steps.option] = common.steps;
  if (common.schedule !== undefined) out[entry.schedule.option] = common.schedule;
  return out as O;
}

/** Names of the samplers that have a field-scaled anneal (`scaled`), in registration order. */
export function scaledSamplerNames(): string[] {
  return [...REGISTRY.values()].filter((e) => e.scaled !== undefined).map((e) => e.name);
}

/** Registered sampler names, in registration order. */
export function samplerNames(): string[] {
  return [...REGISTRY.keys()];
}

export function getSamplerEntry(name: string, parameter = 'sampler'): SamplerEntry {
  const entry = REGISTRY.get(name);
  if (!entry)
    throw new InvlogicError(`${parameter} must be one of ${samplerNames().join('|')}, got ${name}`, parameter);
  return entry;
}

// Options shared by the two p-bit Gibbs samplers ("exact" and its replica-packed form "packed"); the sweep
// count keeps its historical option names (exact: numSweeps, packed: sweeps) and flag (--sweeps).
const SWEEPS = {
  type: 'int',
  min: 1,
  max: 2 ** 31 - 1,
  default: 100,
  help: 'sweeps per read (each updates every free spin once)',
  flag: 'sweeps',
} as const;
const BETA = { type: 'number', min: 0, help: 'constant inverse temperature (default 1); not with --schedule' } as const;

registerSampler<ExactSampleOptions>({
  name: 'exact',
  summary: 'ideal p-bit Gibbs sampler, m = sgn(tanh(beta I) - u) (PRX Eqs. 1-2)',
  sampler: exactSampler,
  options: {
    numSweeps: SWEEPS,
    beta: BETA,
    order: { type: 'string', choices: EXACT_ORDERS, default: 'sequential', help: 'spin visiting order within a sweep' },
    kernel: { type: 'string', choices: EXACT_KERNELS, default: 'auto', help: 'kernel (all give identical samples)' },
  },
  steps: { option: 'numSweeps', unit: 'sweep' },
  schedule: { option: 'schedule', of: 'beta' },
  scaled: scaledExactOptions,
});

// The stochastic-computing spin-gate hardware model (lib/samplers/sc/; schema in sc-option-schema.ts).
registerSampler<ScOptions, 'iters' | 'groundEnergy' | 'target' | 'traceReads' | 'traceItanh'>({
  name: 'sc',
  summary:
    'stochastic-computing spin-gate hardware model (integral-SC counter, synchronous, bit-exact; docs/sc-model.md)',
  sampler: scSampler,
  options: SC_OPTION_SCHEMA,
  steps: { option: 'cycles', unit: 'clock cycle' },
  schedule: { option: 'i0', of: 'I0' },
  scaled: (model, anneal) => ({ ...scaledScOptions(model, anneal), valid: 'none' }),
});

// The replica-packed exact sampler (lib/samplers/packed.ts): the same law as "exact", many chains per word.
registerSampler<PackedSampleOptions>({
  name: 'packed',
  summary: 'replica-packed exact p-bit sampler: 128 chains per WebAssembly SIMD word (integer h and J)',
  sampler: packedSampler,
  options: {
    sweeps: SWEEPS,
    beta: BETA,
    order: {
      type: 'string',
      choices: PACKED_ORDERS,
      default: 'sequential',
      help: 'spin visiting order within a sweep',
    },
    backend: {
      type: 'string',
      choices: PACKED_BACKENDS,
      default: 'wasm',
      help: 'kernel: wasm (128 chains/word) or js (32)',
    },
  },
  steps: { option: 'sweeps', unit: 'sweep' },
  schedule: { option: 'schedule', of: 'beta' },
});

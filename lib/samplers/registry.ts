/**
 * Sampler registry: name -> the sampler, its command-line flags and the function that turns parsed flags
 * into its options. `invlogic sample --sampler NAME` and experiments select samplers by name through it, so
 * a new sampler plugs into the CLI by registering here (one `registerSampler` call per sampler file's entry).
 *
 * Flags are declared in a structural subset of cli/args.ts FlagSpec (so lib/samplers does not import the
 * CLI layer above it). Common flags (--reads, --seed, --schedule, --clamp, --sampler) belong to the `sample`
 * command; an entry declares only its own (e.g. exact: --sweeps, --beta, --order; sc: --cycles).
 */
import { InvlogicError } from '../errors';
import type { Seed } from '../rng';
import { EXACT_KERNELS, EXACT_ORDERS, ExactKernel, ExactOrder, ExactSampleOptions, exactSampler } from './exact';
import {
  PACKED_BACKENDS,
  PACKED_ORDERS,
  PackedBackend,
  PackedOrder,
  PackedSampleOptions,
  packedSampler,
} from './packed';
import type { ScheduleSpec } from './schedule';
import { SC_ENTRY } from '../../cli/sc-flags';
import type { BaseSampleOptions, Sampler } from './types';

/** A sampler's CLI flag (assignable to cli/args.ts FlagSpec). */
export type SamplerFlag =
  | { type: 'int' | 'number'; help: string; default?: number; min?: number; max?: number; metavar?: string }
  | { type: 'string'; help: string; default?: string; choices?: readonly string[]; metavar?: string }
  | { type: 'boolean'; help: string; default?: boolean }
  | { type: 'repeatable'; help: string; choices?: readonly string[]; metavar?: string };

/** Values of the `sample` command's common flags. */
export interface CommonSampleArgs {
  numReads: number;
  seed: Seed;
  /** From --schedule (parseScheduleText), if given: one value per step of the sampler (sweep, cycle). */
  schedule?: ScheduleSpec;
}

export interface SamplerEntry<O extends BaseSampleOptions = BaseSampleOptions> {
  name: string;
  /** One line for `invlogic sample --help`. */
  summary: string;
  sampler: Sampler<O>;
  /** This sampler's own flags, by kebab-case name. */
  flags: Readonly<Record<string, SamplerFlag>>;
  /** Options from the common values and this entry's parsed flag values (by flag name). */
  toOptions(common: CommonSampleArgs, flags: Readonly<Record<string, unknown>>): O;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- entries of different option types
const REGISTRY = new Map<string, SamplerEntry<any>>();

export function registerSampler<O extends BaseSampleOptions>(entry: SamplerEntry<O>): void {
  if (REGISTRY.has(entry.name)) throw new Error(`sampler "${entry.name}" is registered twice`);
  REGISTRY.set(entry.name, entry);
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

// Flags shared by the two p-bit Gibbs samplers ("exact" and its replica-packed form "packed").
const PBIT_FLAGS = {
  sweeps: {
    type: 'int',
    min: 1,
    max: 2 ** 31 - 1,
    default: 100,
    help: 'sweeps per read (each updates every free spin once)',
  },
  beta: { type: 'number', min: 0, help: 'constant inverse temperature (default 1); not with --schedule' },
} as const;

function rejectBetaWithSchedule(schedule: unknown, beta: unknown): void {
  if (schedule !== undefined && beta !== undefined) {
    throw new InvlogicError('give either --beta or --schedule, not both', '--beta');
  }
}

registerSampler<ExactSampleOptions>({
  name: 'exact',
  summary: 'ideal p-bit Gibbs sampler, m = sgn(tanh(beta I) - u) (PRX Eqs. 1-2)',
  sampler: exactSampler,
  flags: {
    ...PBIT_FLAGS,
    order: { type: 'string', choices: EXACT_ORDERS, default: 'sequential', help: 'spin visiting order within a sweep' },
    kernel: { type: 'string', choices: EXACT_KERNELS, default: 'auto', help: 'kernel (all give identical samples)' },
  },
  toOptions(common, flags) {
    rejectBetaWithSchedule(common.schedule, flags.beta);
    return {
      numReads: common.numReads,
      seed: common.seed,
      numSweeps: flags.sweeps as number,
      ...(common.schedule !== undefined
        ? { schedule: common.schedule }
        : { beta: (flags.beta as number | undefined) ?? 1 }),
      order: flags.order as ExactOrder,
      kernel: flags.kernel as ExactKernel,
    };
  },
});

// The stochastic-computing spin-gate hardware model (lib/samplers/sc.ts; flags in sc-cli.ts).
registerSampler(SC_ENTRY);

// The replica-packed exact sampler (lib/samplers/packed.ts): the same law as "exact", many chains per word.
registerSampler<PackedSampleOptions>({
  name: 'packed',
  summary: 'replica-packed exact p-bit sampler: 128 chains per WebAssembly SIMD word (integer h and J)',
  sampler: packedSampler,
  flags: {
    ...PBIT_FLAGS,
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
  toOptions(common, flags) {
    rejectBetaWithSchedule(common.schedule, flags.beta);
    return {
      numReads: common.numReads,
      seed: common.seed,
      sweeps: flags.sweeps as number,
      schedule: common.schedule ?? { kind: 'constant', value: (flags.beta as number | undefined) ?? 1 },
      order: flags.order as PackedOrder,
      backend: flags.backend as PackedBackend,
    };
  },
});

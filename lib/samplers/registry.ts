/**
 * Sampler registry: name -> the sampler and its typed option schema (lib/samplers/options.ts). `invlogic sample
 * --sampler NAME`, experiments and the invertible trainers select samplers by name through it, so a new
 * sampler plugs in by registering here (one `registerSampler` call per sampler file's entry); the CLI derives
 * its flags from the schema (cli/option-flags.ts). Common options (numReads, seed, schedule) belong to every
 * sampler and are not declared per entry.
 */
import { InvlogicError } from '../errors';
import { EXACT_KERNELS, EXACT_ORDERS, ExactSampleOptions, exactSampler } from './exact';
import { PACKED_BACKENDS, PACKED_ORDERS, PackedSampleOptions, packedSampler } from './packed';
import type { SamplerOptionSchema } from './options';
import { scSampler } from './sc';
import type { ScOptions } from './sc-options';
import { SC_OPTION_SCHEMA } from './sc-option-schema';
import type { BaseSampleOptions, Sampler } from './types';

export interface SamplerEntry<O extends BaseSampleOptions = BaseSampleOptions, Extra extends string = string> {
  name: string;
  /** One line for `invlogic sample --help`. */
  summary: string;
  sampler: Sampler<O>;
  /** This sampler's own options (beyond numReads, seed, schedule), in display order. */
  options: SamplerOptionSchema<O, Extra>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- entries of different option types
const REGISTRY = new Map<string, SamplerEntry<any, any>>();

export function registerSampler<O extends BaseSampleOptions, Extra extends string = never>(
  entry: SamplerEntry<O, Extra>,
): void {
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
});

// The stochastic-computing spin-gate hardware model (lib/samplers/sc.ts; schema in sc-option-schema.ts).
registerSampler<ScOptions, 'iters' | 'groundEnergy' | 'target' | 'traceReads' | 'traceItanh'>({
  name: 'sc',
  summary:
    'stochastic-computing spin-gate hardware model (integral-SC counter, synchronous, bit-exact; docs/sc-model.md)',
  sampler: scSampler,
  options: SC_OPTION_SCHEMA,
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
});

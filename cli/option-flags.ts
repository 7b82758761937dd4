/**
 * Command-line flags derived from the typed option schemas that lib/ declares: the samplers'
 * (lib/samplers/options.ts, one entry per registered sampler) and the trainers' (lib/bnn/registry.ts, one per
 * method). Option `fooBar` is the flag `--foo-bar` unless its schema names another spelling; a flag that only
 * some of the owners (samplers or methods) take says which in front of its help: `[sc] clock cycles per read`.
 * Also the way back, parsed flag values -> a sampler's options (the SC text grammars live in ./sc-flags.ts).
 */
import type { MethodOptionSchema, MethodOptionSpec } from '../lib/bnn';
import { InvlogicError } from '../lib/errors';
import {
  kebabCase,
  optionFlag,
  type CommonSampleArgs,
  type SamplerOptionSchema,
  type SamplerOptionSpec,
} from '../lib/samplers/options';
import { commonSamplerOptions, type SamplerEntry } from '../lib/samplers/registry';
import type { BaseSampleOptions } from '../lib/samplers/types';
import type { FlagSpec } from './args';
import { scOptionsFromFlags } from './sc-flags';

/** The flag declaration of one sampler option (its default is shown in --help and filled in by the parser). */
function samplerOptionFlagSpec(spec: SamplerOptionSpec): FlagSpec {
  const { flag: _flag, ...rest } = spec;
  return rest.type === 'list' ? { ...rest, type: 'repeatable' } : rest;
}

/** The flag declaration of one trainer option (no default: the run configuration gives it). */
function methodOptionFlagSpec(spec: MethodOptionSpec): FlagSpec {
  return spec.type === 'boolean'
    ? { type: 'boolean', help: spec.help }
    : spec.type === 'string'
      ? { type: 'string', choices: spec.choices, help: spec.help }
      : { type: spec.type, min: spec.min, max: spec.max, help: spec.help };
}

/** The flags of one sampler option schema, by flag name, in schema order. */
export function samplerSchemaFlags<O, E extends string>(schema: SamplerOptionSchema<O, E>): Record<string, FlagSpec> {
  const out: Record<string, FlagSpec> = {};
  for (const [key, spec] of Object.entries(schema) as [string, SamplerOptionSpec][]) {
    out[optionFlag(key, spec)] = samplerOptionFlagSpec(spec);
  }
  return out;
}

/** A flag of several owners: the option it sets and the owners (samplers or methods) that take it. */
export interface FlagOwners {
  option: string;
  owners: string[];
}

export interface OwnedFlags {
  flags: Record<string, FlagSpec>;
  owners: Map<string, FlagOwners>;
}

/**
 * Merges the flags of several owners: the first declaration of a flag wins (with `sameType`, a later one of
 * another type is an error); a flag not taken by every owner gets `[owner, ...] ` in front of its help.
 */
function mergeFlags(
  list: ReadonlyArray<{ owner: string; flags: ReadonlyArray<[flag: string, option: string, spec: FlagSpec]> }>,
  kind: string,
  sameType: boolean,
): OwnedFlags {
  const flags: Record<string, FlagSpec> = {};
  const owners = new Map<string, FlagOwners>();
  for (const { owner, flags: own } of list) {
    for (const [flag, option, spec] of own) {
      const prev = owners.get(flag);
      if (prev) {
        if (sameType && flags[flag].type !== spec.type) {
          throw new Error(`${kind}s ${prev.owners.join(', ')} and ${owner} declare --${flag} with different types`);
        }
        prev.owners.push(owner);
        continue;
      }
      owners.set(flag, { option, owners: [owner] });
      flags[flag] = spec;
    }
  }
  for (const [flag, own] of owners) {
    if (own.owners.length < list.length)
      flags[flag] = { ...flags[flag], help: `[${own.owners.join(', ')}] ${flags[flag].help}` };
  }
  return { flags, owners };
}

/** The flags of the given samplers' options, merged (`invlogic sample`). */
export function samplerFlags(entries: readonly SamplerEntry[]): OwnedFlags {
  return mergeFlags(
    entries.map((e) => ({
      owner: e.name,
      flags: (Object.entries(e.options) as [string, SamplerOptionSpec][]).map(
        ([key, spec]) => [optionFlag(key, spec), key, samplerOptionFlagSpec(spec)] as [string, string, FlagSpec],
      ),
    })),
    'sampler',
    true,
  );
}

/** The flags of the given trainer methods' options, merged (`invlogic train`). */
export function methodFlags(methods: ReadonlyArray<{ name: string; options: MethodOptionSchema }>): OwnedFlags {
  return mergeFlags(
    methods.map((m) => ({
      owner: m.name,
      flags: (Object.entries(m.options) as [string, MethodOptionSpec][]).map(
        ([key, spec]) => [kebabCase(key), key, methodOptionFlagSpec(spec)] as [string, string, FlagSpec],
      ),
    })),
    'method',
    false,
  );
}

/**
 * A sampler's options from the common values and the parsed values of its own flags (by flag name). The SC
 * model's text options (noise, I0 ramp, read-out, validity, trace) are parsed by ./sc-flags.ts; the other
 * samplers' options are the flag values as they are.
 */
export function samplerOptionsFromFlags(
  entry: SamplerEntry,
  common: CommonSampleArgs,
  values: Readonly<Record<string, unknown>>,
): BaseSampleOptions {
  if (entry.name === 'sc') return scOptionsFromFlags(values, common);
  const schema = entry.options as Readonly<Record<string, SamplerOptionSpec>>;
  if (
    schema.beta !== undefined &&
    common.schedule !== undefined &&
    values[optionFlag('beta', schema.beta)] !== undefined
  ) {
    throw new InvlogicError('give either --beta or --schedule, not both', '--beta');
  }
  const options: Record<string, unknown> = { ...commonSamplerOptions(entry, common) };
  for (const [key, spec] of Object.entries(schema)) {
    const v = values[optionFlag(key, spec)];
    if (v !== undefined) options[key] = v;
  }
  return options as BaseSampleOptions;
}

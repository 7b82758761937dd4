/**
 * Typed option schemas of the samplers (after dimod's `parameters`): each registered sampler declares, per
 * option of its options type, the value type, default, range or choices and one line of help. The schema is
 * plain data, so the CLI (cli/option-flags.ts derives `--flags` from it), notebooks and docs can render it
 * without knowing the sampler.
 *
 * A key is the option's name in the sampler's options type (`numSweeps`, `cycles`, ...), checked by the
 * compiler; the command-line flag is its kebab-case form (`itanhBits` -> `--itanh-bits`) unless `flag` names
 * another spelling kept for existing scripts (`numSweeps` -> `--sweeps`). Extra keys name values that are
 * not options themselves but parts of one (the SC `iters` of a sawtooth `i0`), declared per sampler.
 */
import type { Seed } from '../rng';
import type { ScheduleSpec } from './schedule';

interface OptionSpecBase {
  /** One line for `--help` and listings. */
  help: string;
  /** Placeholder in help text, e.g. `MIN:MAX`; defaults to the type name. */
  metavar?: string;
  /** The command-line spelling, when it is not the kebab-case of the option name. */
  flag?: string;
}

export type SamplerOptionSpec = OptionSpecBase &
  (
    | { type: 'int' | 'number'; default?: number; min?: number; max?: number }
    /** A string: a choice among `choices`, or text with a grammar of its own (noise, I0, read-out, ...). */
    | { type: 'string'; default?: string; choices?: readonly string[] }
    | { type: 'boolean'; default?: boolean }
    /** A list of strings (a repeatable flag), e.g. `--target a0=1 --target a1=0`. */
    | { type: 'list'; choices?: readonly string[] }
  );

/**
 * The option schema of a sampler with options type `O`: keys are option names of `O` (plus the declared
 * `Extra` names); the common options numReads, seed, schedule and onProgress belong to every sampler and are
 * not repeated here. Keys keep their declaration order (help lists them in it).
 */
export type SamplerOptionSchema<O, Extra extends string = never> = Readonly<
  Partial<Record<Exclude<Extract<keyof O, string>, CommonOptionName> | Extra, SamplerOptionSpec>>
>;

/** Options every sampler takes (lib/samplers/types.ts BaseSampleOptions, plus the schedule of its steps). */
export type CommonOptionName = 'numReads' | 'seed' | 'schedule' | 'onProgress';

/** Values of the common options (e.g. the `sample` command's --reads, --seed, --schedule). */
export interface CommonSampleArgs {
  numReads: number;
  seed: Seed;
  /** One value per step of the sampler (sweep, cycle), if given. */
  schedule?: ScheduleSpec;
}

/** `fooBar` -> `foo-bar`. */
export function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The command-line flag name (without `--`) of option `key`. */
export function optionFlag(key: string, spec: SamplerOptionSpec): string {
  return spec.flag ?? kebabCase(key);
}

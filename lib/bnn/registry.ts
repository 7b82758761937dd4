/**
 * The trainer registry: every way of obtaining binarized weights (baselines here, invertible-logic trainers
 * later) is a named method with a typed option schema, registered once and looked up by name:
 *
 *   registerMethod({ name: 'pocket', target: 'neuron', summary, reference, options: {...schema}, train });
 *   const m = getMethod('neuron', 'pocket');
 *   const result = m.train(problem, resolveMethodOptions(m, { epochs: 50 }));
 *
 * target 'neuron' trains one binarized neuron on a two-class NeuronData; target 'bcnn' trains (some or all
 * layers of) the 2-layer BCNN on a modified-MNIST split. The option schema drives validation (unknown keys,
 * ranges) and the CLI: `invlogic train` turns each option `fooBar` into a flag `--foo-bar`, so a new method's
 * options appear on the command line without editing cli/commands/train.ts.
 *
 * Reports share one shape (TrainReport): accuracies, per-epoch history, wall time, and `hardware` counts
 * (spins, couplings, annealing cycles) for methods that run on an Ising machine.
 */
import { InvlogicError, requireInt, requireOneOf, requireRange } from '../errors';
import type { Seed } from '../rng';
import type { BinaryImageSet } from '../data';
import type { BcnnConfig, BcnnWeights } from './bcnn';
import type { BinaryNeuron, NeuronData } from './neuron';

export type MethodTarget = 'neuron' | 'bcnn';
export const METHOD_TARGETS: readonly MethodTarget[] = ['neuron', 'bcnn'];

/** Schema of one method option (kept JSON-like so the CLI and notebooks can render it). */
export type MethodOptionSpec =
  | { type: 'int'; default: number; min: number; max: number; help: string }
  | { type: 'number'; default: number; min: number; max: number; help: string }
  | { type: 'boolean'; default: boolean; help: string }
  | { type: 'string'; default: string; choices: readonly string[]; help: string };

export type MethodOptionSchema = Readonly<Record<string, MethodOptionSpec>>;

/** The option object type a schema describes (a string option with `choices` is the union of its choices). */
export type OptionsOf<S extends MethodOptionSchema> = {
  -readonly [K in keyof S]: S[K] extends { type: 'boolean' }
    ? boolean
    : S[K] extends { type: 'string'; choices: readonly (infer C extends string)[] }
      ? C
      : S[K] extends { type: 'string' }
        ? string
        : number;
};

/** One epoch (or one annealing iteration, or one batch) of training, as methods report it. */
export interface EpochRecord {
  epoch: number;
  trainAccuracy: number;
  /** NaN when there is no test set. */
  testAccuracy: number;
  /** Mean training loss, when the method has one. */
  loss?: number;
  /** Cumulative training wall time up to the end of this epoch, evaluation excluded (s). */
  timeS: number;
  /** Cumulative CPU time (user + system) of the training process, when the method measures it (s). */
  cpuTimeS?: number;
}

/** Ising-machine resource counts, for methods that build one (undefined for software baselines). */
export interface HardwareCounts {
  spins?: number;
  couplings?: number;
  /** Annealing/update cycles (clock cycles of the spin-gate array, or sweeps). */
  cycles?: number;
  [key: string]: number | undefined;
}

export interface TrainReport {
  method: string;
  target: MethodTarget;
  /** The resolved options the method ran with. */
  options: Record<string, number | string | boolean>;
  trainAccuracy: number;
  /** NaN when no test set was given. */
  testAccuracy: number;
  epochs: number;
  history: EpochRecord[];
  /** Training wall time, evaluation excluded (s). */
  wallTimeS: number;
  /** Training time until the first epoch whose test (or, without a test set, train) accuracy reached the final one. */
  timeToFinalS: number;
  hardware?: HardwareCounts;
  /** Method-specific scalars (e.g. number of updates, pocket replacements). */
  info: Record<string, number | string | boolean>;
}

export interface NeuronProblem {
  train: NeuronData;
  test?: NeuronData;
  /** Whether the neuron has a +-1 bias term. */
  bias: boolean;
  seed: Seed;
  onEpoch?: (record: EpochRecord) => void;
}

export interface NeuronTrainResult extends TrainReport {
  neuron: BinaryNeuron;
}

export interface BcnnProblem {
  config: BcnnConfig;
  train: BinaryImageSet;
  test?: BinaryImageSet;
  seed: Seed;
  /** Starting weights (e.g. fixed conv kernels for a method that trains only the FC layer). */
  initial?: BcnnWeights;
  onEpoch?: (record: EpochRecord) => void;
}

export interface BcnnTrainResult extends TrainReport {
  weights: BcnnWeights;
}

type ProblemOf<T extends MethodTarget> = T extends 'neuron' ? NeuronProblem : BcnnProblem;
type ResultOf<T extends MethodTarget> = T extends 'neuron' ? NeuronTrainResult : BcnnTrainResult;

export interface TrainMethod<T extends MethodTarget = MethodTarget, S extends MethodOptionSchema = MethodOptionSchema> {
  /** Registry name, kebab-case, e.g. "pocket", "backprop", "invertible-fc". */
  readonly name: string;
  readonly target: T;
  /** One line for listings and --help. */
  readonly summary: string;
  /** Where the rule comes from (paper, equation), or "reconstruction: ...". */
  readonly reference: string;
  readonly options: S;
  /**
   * What the method's invertible circuits take as input, for the hardware estimate (lib/hw/run-input.ts):
   * 'features' when they train the FC layer only, on the pooled conv features; 'pixels' (the default) otherwise.
   */
  readonly circuitInput?: 'pixels' | 'features';
  train(problem: ProblemOf<T>, options: OptionsOf<S>): ResultOf<T> | Promise<ResultOf<T>>;
}

/** A registered method of target T whose option schema is known only at run time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds methods of every schema
export type AnyMethod<T extends MethodTarget = MethodTarget> = TrainMethod<T, any>;
const registry = new Map<string, AnyMethod>();
const METHOD_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const OPTION_NAME = /^[a-z][a-zA-Z0-9]*$/;

/** Adds a method. Names are unique per target; option names are camelCase (the CLI flag is kebab-case). */
export function registerMethod<T extends MethodTarget, S extends MethodOptionSchema>(
  method: TrainMethod<T, S>,
): TrainMethod<T, S> {
  if (!METHOD_NAME.test(method.name)) throw new Error(`method name '${method.name}' must be kebab-case`);
  requireOneOf('target', method.target, METHOD_TARGETS);
  const key = `${method.target}/${method.name}`;
  if (registry.has(key)) throw new Error(`method ${key} is already registered`);
  for (const [name, spec] of Object.entries(method.options)) {
    if (!OPTION_NAME.test(name)) throw new Error(`method ${key}: option '${name}' must be camelCase`);
    checkOptionValue(`${method.name}.${name}`, spec, spec.default); // defaults must satisfy their own range
    // The CLI merges the options of all methods of a target into one flag table: same name, same type.
    for (const other of listMethods(method.target)) {
      const o = other.options[name] as MethodOptionSpec | undefined;
      if (o !== undefined && o.type !== spec.type) {
        throw new Error(`option '${name}' of ${key} is ${spec.type} but ${other.name} declares it ${o.type}`);
      }
    }
  }
  registry.set(key, method as AnyMethod);
  return method;
}

/** The method `name` of `target`; the error lists the registered names. */
export function getMethod<T extends MethodTarget>(target: T, name: string): AnyMethod<T> {
  requireOneOf('target', target, METHOD_TARGETS);
  const m = registry.get(`${target}/${name}`);
  if (m === undefined) {
    const names = listMethods(target).map((x) => x.name);
    throw new InvlogicError(`unknown ${target} method '${name}'; registered: ${names.join(', ')}`, 'method');
  }
  return m as AnyMethod<T>;
}

/** All registered methods of a target (or of all targets), in registration order. */
export function listMethods<T extends MethodTarget>(target?: T): AnyMethod<T>[] {
  return [...registry.values()].filter((m) => target === undefined || m.target === target) as AnyMethod<T>[];
}

function checkOptionValue(parameter: string, spec: MethodOptionSpec, value: unknown): number | string | boolean {
  switch (spec.type) {
    case 'int':
      return requireInt(parameter, value, spec.min, spec.max);
    case 'number':
      return requireRange(parameter, value, spec.min, spec.max);
    case 'boolean':
      if (typeof value !== 'boolean') throw new InvlogicError(`${parameter} must be true or false`, parameter);
      return value;
    case 'string':
      return requireOneOf(parameter, value, spec.choices);
  }
}

/** Fills defaults and validates `given` against the method's schema (unknown keys rejected, ranges checked). */
export function resolveMethodOptions<S extends MethodOptionSchema>(
  method: TrainMethod<MethodTarget, S>,
  given: Record<string, unknown> = {},
): OptionsOf<S> {
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(method.options, key)) {
      const known = Object.keys(method.options);
      throw new InvlogicError(
        `method ${method.name} has no option '${key}'; its options: ${known.length ? known.join(', ') : '(none)'}`,
        key,
      );
    }
  }
  const out: Record<string, number | string | boolean> = {};
  for (const [name, spec] of Object.entries(method.options)) {
    out[name] = checkOptionValue(`${method.name}.${name}`, spec, given[name] ?? spec.default);
  }
  return out as OptionsOf<S>;
}

/**
 * Training time to the first epoch that reached the final accuracy (test accuracy if present, else train):
 * the "time to final accuracy" of the CPU baseline (paper brief §7 row 7).
 */
export function timeToFinal(history: readonly EpochRecord[]): number {
  if (history.length === 0) return 0;
  const useTest = !Number.isNaN(history[history.length - 1].testAccuracy);
  const acc = (r: EpochRecord) => (useTest ? r.testAccuracy : r.trainAccuracy);
  const final = acc(history[history.length - 1]);
  for (const r of history) if (acc(r) >= final) return r.timeS;
  return history[history.length - 1].timeS;
}

/** Training time to the first epoch whose test accuracy is >= target (NaN if never reached). */
export function timeToAccuracy(history: readonly EpochRecord[], target: number): number {
  for (const r of history) if (r.testAccuracy >= target) return r.timeS;
  return NaN;
}

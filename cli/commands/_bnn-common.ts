/**
 * Shared by `invlogic train` and `invlogic eval` (not a command: the file name starts with '_'): loading run
 * configurations by name or file, the modified-MNIST data flags, and reading/writing weights files.
 */
import * as fs from 'fs';
import * as path from 'path';
import { InvlogicError, describeValue } from '../../lib/errors';
import type { ModifiedMnistOptions } from '../../lib/data';
import type { RunConfig } from '../../lib/bnn';
import { getRunConfig } from '../../experiments/configs';
import type { FlagSpec } from '../args';

/** A run configuration: a registered name (experiments/configs/index.ts), a .ts module exporting `config`, or .json. */
export function loadRunConfig(nameOrFile: string): RunConfig {
  if (!/[/\\]|\.(ts|js|json)$/.test(nameOrFile) && !fs.existsSync(nameOrFile)) {
    try {
      return structuredClone(getRunConfig(nameOrFile));
    } catch (err) {
      if (err instanceof InvlogicError && !err.message.startsWith('--config'))
        throw new InvlogicError(`--config: ${err.message}`, '--config');
      throw err;
    }
  }
  const file = path.resolve(nameOrFile);
  if (!fs.existsSync(file)) throw new InvlogicError(`--config: no such file ${nameOrFile}`, '--config');
  // Only .ts/.js files are modules (run as code); any other file is read as JSON data.
  if (!/\.(ts|js)$/.test(file)) return checkRunConfigShape(readJsonFile(nameOrFile, '--config'), nameOrFile);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- configs are TypeScript modules (tsx hook)
  const mod = require(file) as { config?: RunConfig };
  if (mod.config === undefined) throw new InvlogicError(`--config: ${nameOrFile} does not export 'config'`, '--config');
  return checkRunConfigShape(structuredClone(mod.config), nameOrFile);
}

/** The fields a run configuration file must have before anything reads them (the trainer checks the rest). */
function checkRunConfigShape(c: unknown, file: string): RunConfig {
  const fail = (what: string, got: unknown): never => {
    throw new InvlogicError(`--config: ${file}: ${what}, got ${describeValue(got)}`, '--config');
  };
  if (c === null || typeof c !== 'object' || Array.isArray(c)) fail('must be a run configuration object', c);
  const o = c as Record<string, unknown>;
  if (o.kind !== 'neuron' && o.kind !== 'bcnn') fail('"kind" must be "neuron" or "bcnn"', o.kind);
  if (typeof o.name !== 'string') fail('"name" must be a string', o.name);
  if (typeof o.method !== 'string') fail('"method" must be a string (a registered method)', o.method);
  if (o.data !== undefined && (o.data === null || typeof o.data !== 'object' || Array.isArray(o.data)))
    fail('"data" must be an object of data options', o.data);
  for (const key of ['model', 'methodOptions'])
    if (o[key] !== undefined && (o[key] === null || typeof o[key] !== 'object' || Array.isArray(o[key])))
      fail(`"${key}" must be an object`, o[key]);
  return o as unknown as RunConfig;
}

/** Flags that override the data section of a configuration. */
export const DATA_FLAGS = {
  size: { type: 'int', min: 1, max: 28, metavar: 'S', help: 'image side after area down-sampling (data.size)' },
  classes: { type: 'string', metavar: 'D,D,...', help: 'digits to keep, e.g. 0,1 (data.classes)' },
  threshold: { type: 'number', min: 0, max: 1, metavar: 'T', help: 'binarization threshold, fraction of full scale' },
  'train-per-class': { type: 'int', min: 1, max: 1127, metavar: 'N', help: 'training digits per class' },
  'test-per-class': { type: 'int', min: 0, max: 1127, metavar: 'N', help: 'test digits per class' },
  'data-seed': { type: 'string', metavar: 'SEED', help: 'seed of the train/test split (data.seed)' },
  'data-cache': {
    type: 'string',
    metavar: 'DIR',
    help: 'also cache the built split on disk under DIR (e.g. .cache/modified-mnist), keyed by a hash of the data options',
  },
} as const satisfies Record<string, FlagSpec>;

/** The data flag of each modified-MNIST option (lib/data names them mnist.<option>). */
const DATA_OPTION_FLAGS: Record<string, string> = {
  size: '--size',
  threshold: '--threshold',
  classes: '--classes',
  trainPerClass: '--train-per-class',
  testPerClass: '--test-per-class',
  seed: '--data-seed',
  cacheDir: '--data-cache',
};

/**
 * Runs `fn` (which builds the data split) so that a data-option error names the flag that sets the option:
 * `mnist.trainPerClass must be ...` becomes `--train-per-class (data.trainPerClass) must be ...`.
 */
export async function withDataFlagNames<T>(fn: () => T | Promise<T>, method?: string): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof InvlogicError)) throw err;
    // lib/ names options by their owner: mnist.<option>, bcnn.<model field>, <method>.<method option>.
    const owners: Record<string, (option: string) => [string | undefined, string]> = {
      mnist: (o) => [DATA_OPTION_FLAGS[o], `data.${o}`],
      bcnn: (o) => [BCNN_MODEL_FLAGS[o], `model.${o}`],
    };
    if (method) owners[method] = (o) => [`--${o.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, `methodOptions.${o}`];
    const names = Object.keys(owners).map((k) => k.replace(/[-.]/g, '\\$&'));
    const re = new RegExp(`\\b(${names.join('|')})\\.([A-Za-z]+)((?:\\[\\d+\\])?)`, 'g');
    let first: string | undefined;
    const message = err.message.replace(re, (_m, owner: string, option: string, index: string) => {
      const [flag, field] = owners[owner](option);
      first ??= flag;
      return flag ? `${flag} (${field}${index})` : `${field}${index}`;
    });
    if (message === err.message) throw err;
    throw new InvlogicError(message, first ?? err.parameter);
  }
}

/** The train flag of each BCNN model field (lib/bnn names them bcnn.<field>). */
const BCNN_MODEL_FLAGS: Record<string, string> = {
  kernelSize: '--kernel',
  channels: '--channels',
  stride: '--stride',
  padding: '--padding',
  pool: '--pool',
  inputSize: '--size',
};

export function parseSeed(text: string): number | string {
  return /^\d+$/.test(text) ? Number(text) : text;
}

/** Applies the data flags the user gave onto `data` (returns a new object). */
export function applyDataFlags(
  data: ModifiedMnistOptions,
  flags: Record<string, unknown>,
  given: Set<string>,
): ModifiedMnistOptions {
  const out: ModifiedMnistOptions = { ...data };
  if (given.has('size')) out.size = flags.size as number;
  if (given.has('threshold')) out.threshold = flags.threshold as number;
  if (given.has('classes')) {
    const text = flags.classes as string;
    if (!/^\d(,\d)*$/.test(text))
      throw new InvlogicError(`--classes expects digits like 0,1 or 3,8,9, got '${text}'`, '--classes');
    out.classes = text.split(',').map(Number);
  }
  if (given.has('train-per-class')) out.trainPerClass = flags['train-per-class'] as number;
  if (given.has('test-per-class')) out.testPerClass = flags['test-per-class'] as number;
  if (given.has('data-seed')) out.seed = parseSeed(flags['data-seed'] as string);
  if (given.has('data-cache')) out.cacheDir = flags['data-cache'] as string;
  return out;
}

import { readJsonFile, writeOutputFile } from '../io';
export { readJsonFile };

export function writeJsonFile(file: string, json: unknown, flag = '--save'): void {
  writeOutputFile(file, JSON.stringify(json) + '\n', flag, { mkdir: true });
}

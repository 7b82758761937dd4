/**
 * Typed training configurations (the objects checked in under experiments/configs/) and the one function
 * that runs them: load the modified MNIST, resolve the method's options, train, and summarize as JSON.
 * The CLI (`invlogic train`), experiments and notebooks all go through here, so a method registered in
 * lib/bnn/registry.ts is runnable everywhere at once.
 */
import { InvlogicError, rejectUnknownKeys } from '../errors';
import type { Seed } from '../rng';
import { type ModifiedMnistOptions, type BinaryImageSet, loadModifiedMnist, pm1Labels } from '../data';
import { type BcnnConfig, bcnnShapes, resolveBcnnConfig } from './bcnn';
import type { NeuronData } from './neuron';
import {
  type BcnnTrainResult,
  type EpochRecord,
  type NeuronTrainResult,
  type TrainReport,
  getMethod,
  resolveMethodOptions,
} from './registry';

/** A single-neuron (perceptron) training run on a two-class modified MNIST. */
export interface NeuronRunConfig {
  kind: 'neuron';
  /** Short name, e.g. "perceptron-5x5". */
  name: string;
  description: string;
  /** Exactly two classes; class index 1 (the second digit) is y = +1. */
  data: ModifiedMnistOptions;
  /** Whether the neuron has a +-1 bias (with 25 inputs and no bias, no ties occur). */
  bias: boolean;
  method: string;
  methodOptions: Record<string, unknown>;
  seed: Seed;
}

/** A 2-layer BCNN training run. */
export interface BcnnRunConfig {
  kind: 'bcnn';
  name: string;
  description: string;
  data: ModifiedMnistOptions;
  /** inputSize and numClasses default to the data's size and class count. */
  model: Partial<BcnnConfig>;
  method: string;
  methodOptions: Record<string, unknown>;
  /**
   * Options for the other methods the configuration is run with (`--method NAME`), e.g. the backprop
   * baseline's recipe on the same model; a method not listed runs with its defaults.
   */
  methodOptionsFor?: Record<string, Record<string, unknown>>;
  seed: Seed;
}

export type RunConfig = NeuronRunConfig | BcnnRunConfig;

const RUN_KEYS = [
  'kind',
  'name',
  'description',
  'data',
  'bias',
  'model',
  'method',
  'methodOptions',
  'methodOptionsFor',
  'seed',
];

/** Two-class NeuronData (+-1 labels) from a modified-MNIST split. */
export function neuronDataFrom(set: BinaryImageSet): NeuronData {
  return { n: set.n, dim: set.dim, x: set.x, y: pm1Labels(set) };
}

/** The BCNN config of a run: model fields, with inputSize/numClasses filled from the data. */
export function bcnnConfigOf(run: BcnnRunConfig, size: number, numClasses: number): BcnnConfig {
  const config = resolveBcnnConfig({ inputSize: size, numClasses, ...run.model });
  if (config.inputSize !== size) {
    throw new InvlogicError(`model.inputSize ${config.inputSize} differs from data.size ${size}`, 'model.inputSize');
  }
  if (config.numClasses !== numClasses) {
    throw new InvlogicError(
      `model.numClasses ${config.numClasses} differs from the ${numClasses} data classes`,
      'model.numClasses',
    );
  }
  return config;
}

/** The JSON summary `invlogic train` prints: what ran, on what, and how it went. */
export interface RunSummary {
  name: string;
  kind: 'neuron' | 'bcnn';
  method: string;
  seed: Seed;
  data: {
    size: number;
    threshold: number;
    classes: number[];
    trainPerClass: number;
    testPerClass: number;
    key: string;
  };
  model?: BcnnConfig & { features: number; binaryWeights: number };
  options: Record<string, number | string | boolean>;
  trainAccuracy: number;
  testAccuracy: number;
  epochs: number;
  wallTimeS: number;
  timeToFinalS: number;
  timePerEpochS: number;
  hardware?: TrainReport['hardware'];
  info: Record<string, number | string | boolean>;
  history: EpochRecord[];
}

export interface RunResult {
  summary: RunSummary;
  result: NeuronTrainResult | BcnnTrainResult;
}

/** Runs a training configuration end to end. `onEpoch` receives progress records. */
export async function runTraining(run: RunConfig, onEpoch?: (r: EpochRecord) => void): Promise<RunResult> {
  rejectUnknownKeys('config', run, RUN_KEYS);
  const data = loadModifiedMnist(run.data);
  const o = data.options;
  const summaryData = { ...o, classes: [...o.classes], key: data.key };
  let result: NeuronTrainResult | BcnnTrainResult;
  let model: RunSummary['model'];
  if (run.kind === 'neuron') {
    const method = getMethod('neuron', run.method);
    const options = resolveMethodOptions(method, run.methodOptions);
    result = await method.train(
      {
        train: neuronDataFrom(data.train),
        test: data.test.n > 0 ? neuronDataFrom(data.test) : undefined,
        bias: run.bias,
        seed: run.seed,
        onEpoch,
      },
      options,
    );
  } else if (run.kind === 'bcnn') {
    const method = getMethod('bcnn', run.method);
    const options = resolveMethodOptions(method, run.methodOptions);
    const config = bcnnConfigOf(run, o.size, o.classes.length);
    const s = bcnnShapes(config);
    model = { ...config, features: s.features, binaryWeights: s.binaryWeights };
    result = await method.train(
      { config, train: data.train, test: data.test.n > 0 ? data.test : undefined, seed: run.seed, onEpoch },
      options,
    );
  } else {
    throw new InvlogicError(
      `config.kind must be neuron|bcnn, got ${String((run as { kind: unknown }).kind)}`,
      'config.kind',
    );
  }
  const summary: RunSummary = {
    name: run.name,
    kind: run.kind,
    method: result.method,
    seed: run.seed,
    data: summaryData,
    ...(model ? { model } : {}),
    options: result.options,
    trainAccuracy: result.trainAccuracy,
    testAccuracy: result.testAccuracy,
    epochs: result.epochs,
    wallTimeS: result.wallTimeS,
    timeToFinalS: result.timeToFinalS,
    timePerEpochS: result.epochs > 0 ? result.wallTimeS / result.epochs : 0,
    ...(result.hardware ? { hardware: result.hardware } : {}),
    info: result.info,
    history: result.history,
  };
  return { summary, result };
}

/**
 * `invlogic eval WEIGHTS [--data NAME|FILE] [data flags]`: evaluate saved weights (invlogic-neuron/1 or
 * invlogic-bcnn/1) on the modified MNIST and print JSON {accuracy per split, confusion matrix, class counts}.
 * The data default to the split recorded in the weights file (meta.data, written by `invlogic train --save`),
 * else to the data section of --data; data flags override either.
 */
import { InvlogicError } from '../../lib/errors';
import { type BinaryImageSet, type ModifiedMnistOptions, loadModifiedMnist, pm1Labels } from '../../lib/data';
import {
  BCNN_FORMAT,
  NEURON_FORMAT,
  bcnnFromJson,
  bcnnShapes,
  neuronFromJson,
  neuronPredict,
  packBcnn,
  packedPredict,
} from '../../lib/bnn';
import { defineCommand, formatHelp, parseArgs } from '../args';
import { describeValue } from '../../lib/errors';
import { DATA_FLAGS, applyDataFlags, loadRunConfig, readJsonFile, withDataFlagNames } from './_bnn-common';
import { PROCESS_IO, type CliIO } from '../io';

export const summary = 'Evaluate saved perceptron/BCNN weights on the modified MNIST (accuracy, confusion matrix)';

const spec = defineCommand({
  name: 'eval',
  summary,
  positionals: [{ name: 'WEIGHTS', help: 'weights JSON (invlogic-neuron/1 or invlogic-bcnn/1)' }],
  flags: {
    data: {
      type: 'string',
      metavar: 'NAME|FILE',
      help: "take the data options from this run configuration's data section",
    },
    ...DATA_FLAGS,
    split: { type: 'string', choices: ['train', 'test', 'both'], default: 'both', help: 'which split(s) to evaluate' },
  },
  description: [
    'Examples:',
    '  invlogic train bcnn --config bcnn-2class --save w.json && invlogic eval w.json',
    '  invlogic eval w.json --data bcnn-10class --split test',
  ].join('\n'),
});

interface SplitResult {
  n: number;
  accuracy: number;
  /** confusion[true][predicted], class indices in `classes` order. */
  confusion: number[][];
}

function evaluate(set: BinaryImageSet, predict: (set: BinaryImageSet) => Uint8Array): SplitResult {
  const M = set.classes.length;
  const confusion = Array.from({ length: M }, () => new Array<number>(M).fill(0));
  const pred = predict(set);
  let correct = 0;
  for (let k = 0; k < set.n; k++) {
    confusion[set.y[k]][pred[k]]++;
    if (pred[k] === set.y[k]) correct++;
  }
  return { n: set.n, accuracy: set.n > 0 ? correct / set.n : NaN, confusion };
}

export async function run(argv: string[], io: CliIO = PROCESS_IO): Promise<number> {
  const args = parseArgs(spec, argv);
  if (args.help) {
    io.stdout(formatHelp(spec));
    return 0;
  }
  const file = args.positionals[0];
  const json = readJsonFile(file, 'WEIGHTS') as {
    format?: unknown;
    meta?: { data?: ModifiedMnistOptions & { key?: string } };
  };
  if (json === null || typeof json !== 'object' || (json.format !== NEURON_FORMAT && json.format !== BCNN_FORMAT)) {
    const got = json !== null && typeof json === 'object' && !Array.isArray(json) ? json.format : json;
    throw new InvlogicError(
      `WEIGHTS ${file} is not a weights file: "format" must be ${NEURON_FORMAT} or ${BCNN_FORMAT}, got ${describeValue(got)}`,
      'WEIGHTS',
    );
  }
  const flags = args.flags as Record<string, unknown>;
  let data: ModifiedMnistOptions;
  if (args.given.has('data')) data = loadRunConfig(flags.data as string).data;
  else if (json.meta?.data) {
    const { key: _key, ...rest } = json.meta.data;
    void _key;
    data = rest;
  } else
    throw new InvlogicError(`WEIGHTS ${file} records no data options: give --data NAME|FILE or data flags`, '--data');
  data = applyDataFlags(data, flags, args.given);
  if (json.format === NEURON_FORMAT && data.classes !== undefined && data.classes.length !== 2) {
    throw new InvlogicError(
      `--classes: a neuron (${NEURON_FORMAT}) separates exactly 2 classes, got ${data.classes.length} (${data.classes.join(',')})`,
      '--classes',
    );
  }
  const dataOptions = data;
  const mnist = await withDataFlagNames(() => loadModifiedMnist(dataOptions));

  let predict: (set: BinaryImageSet) => Uint8Array;
  let model: Record<string, unknown>;
  if (json.format === NEURON_FORMAT) {
    const neuron = neuronFromJson(json);
    if (neuron.dim !== mnist.train.dim) {
      throw new InvlogicError(`the neuron has ${neuron.dim} inputs, the data ${mnist.train.dim} pixels`, 'WEIGHTS');
    }
    predict = (set) => {
      pm1Labels(set); // checks two classes
      const out = new Uint8Array(set.n);
      for (let k = 0; k < set.n; k++) out[k] = neuronPredict(neuron, set.x, k) === 1 ? 1 : 0;
      return out;
    };
    model = { kind: 'neuron', dim: neuron.dim, bias: neuron.bias };
  } else if (json.format === BCNN_FORMAT) {
    const weights = bcnnFromJson(json);
    const { config } = weights;
    if (config.inputSize !== mnist.options.size || config.numClasses !== mnist.options.classes.length) {
      throw new InvlogicError(
        `the BCNN takes ${config.inputSize}x${config.inputSize} images and ${config.numClasses} classes; the data have ` +
          `${mnist.options.size}x${mnist.options.size} and ${mnist.options.classes.length}`,
        'WEIGHTS',
      );
    }
    const net = packBcnn(weights);
    predict = (set) => packedPredict(net, set.x, set.n);
    model = { kind: 'bcnn', ...config, ...bcnnShapes(config) };
  } else {
    throw new InvlogicError(
      `WEIGHTS format must be ${NEURON_FORMAT} or ${BCNN_FORMAT}, got ${String(json.format)}`,
      'WEIGHTS',
    );
  }
  const split = flags.split as string;
  const out: Record<string, unknown> = { weights: file, model, data: { ...mnist.options, key: mnist.key } };
  if (split !== 'test') out.train = evaluate(mnist.train, predict);
  if (split !== 'train') out.test = evaluate(mnist.test, predict);
  io.stdout(JSON.stringify(out) + '\n');
  return 0;
}

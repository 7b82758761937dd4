/**
 * `invlogic train perceptron|bcnn [flags]`: train a binarized neuron or the 2-layer BCNN on the modified
 * MNIST with a registered method and print a JSON summary (accuracies, epochs, wall time, time to final
 * accuracy, hardware counts when the method reports them, per-epoch history).
 *
 * Method options come from the trainer registry (lib/bnn/registry.ts): option `fooBar` of any method of the
 * target is the flag `--foo-bar` (../option-flags.ts), so a newly registered method brings its flags without changes here. A
 * configuration (--config NAME|FILE; experiments/configs/) gives the defaults; flags override it.
 */
import { InvlogicError } from '../../lib/errors';
import { type MethodTarget, type RunConfig, bcnnToJson, listMethods, neuronToJson, runTraining } from '../../lib/bnn';
import { CommandSpec, FlagSpec, defineCommand, formatHelp, parseArgs } from '../args';
import { methodFlags } from '../option-flags';
import { DATA_FLAGS, applyDataFlags, loadRunConfig, parseSeed, withDataFlagNames, writeJsonFile } from './_bnn-common';
import { PROCESS_IO, type CliIO } from '../io';

export const summary = 'Train a binarized perceptron or the 2-layer BCNN on modified MNIST with a registered method';

const TARGETS: Record<string, { target: MethodTarget; defaultConfig: string }> = {
  perceptron: { target: 'neuron', defaultConfig: 'perceptron-5x5' },
  bcnn: { target: 'bcnn', defaultConfig: 'bcnn-10class' },
};

const COMMON_FLAGS = {
  config: { type: 'string', metavar: 'NAME|FILE', help: 'run configuration (default perceptron-5x5 / bcnn-10class)' },
  method: { type: 'string', metavar: 'NAME', help: 'training method (registry name)' },
  seed: { type: 'string', metavar: 'SEED', help: 'training seed (config.seed)' },
  ...DATA_FLAGS,
  save: {
    type: 'string',
    metavar: 'FILE',
    help: 'write the trained weights (invlogic-neuron/1 or invlogic-bcnn/1 JSON)',
  },
  history: { type: 'boolean', default: true, help: 'include the per-epoch history in the JSON (--no-history to omit)' },
  progress: { type: 'boolean', help: 'print one line per epoch on stderr' },
} as const satisfies Record<string, FlagSpec>;

const NEURON_FLAGS = {
  bias: { type: 'boolean', help: 'give the neuron a +-1 bias (config.bias); --no-bias to remove' },
} as const satisfies Record<string, FlagSpec>;

const BCNN_FLAGS = {
  kernel: { type: 'int', min: 1, max: 28, metavar: 'K', help: 'conv kernel side (model.kernelSize)' },
  channels: { type: 'int', min: 1, max: 256, metavar: 'C', help: 'conv output channels (model.channels)' },
  stride: { type: 'int', min: 1, max: 28, metavar: 'T', help: 'conv stride' },
  padding: { type: 'int', min: 0, max: 27, metavar: 'P', help: 'conv padding (padded pixels are -1)' },
  pool: { type: 'int', min: 1, max: 16, metavar: 'P', help: 'max-pool window and stride (1 = none)' },
} as const satisfies Record<string, FlagSpec>;

function commandSpec(targetName: string | undefined) {
  const t = targetName ? TARGETS[targetName] : undefined;
  const { flags: mflags, owners } = t ? methodFlags(listMethods(t.target)) : { flags: {}, owners: new Map() };
  const own = t?.target === 'neuron' ? NEURON_FLAGS : t?.target === 'bcnn' ? BCNN_FLAGS : {};
  for (const f of Object.keys(mflags)) {
    if (Object.hasOwn(COMMON_FLAGS, f) || Object.hasOwn(own, f))
      throw new Error(`method option --${f} clashes with a train flag`);
  }
  const methods = t ? listMethods(t.target) : [];
  const spec: CommandSpec = defineCommand({
    name: `train${targetName && t ? ` ${targetName}` : ''}`,
    summary,
    positionals: [{ name: 'TARGET', help: 'perceptron (one binarized neuron) or bcnn (2-layer binarized CNN)' }],
    flags: { ...COMMON_FLAGS, ...own, ...mflags },
    description: [
      ...(t
        ? ['Methods:', ...methods.map((m) => `  ${m.name.padEnd(22)}${m.summary}`), '']
        : ["Run 'invlogic train perceptron --help' or 'invlogic train bcnn --help' for the method flags.", '']),
      'Examples:',
      '  invlogic train perceptron --size 5 --classes 0,1 --method pocket --seed 1',
      '  invlogic train bcnn --config bcnn-10class --method backprop --seed 1 --save bcnn.json',
    ].join('\n'),
  });
  return { spec, owners };
}

export async function run(argv: string[], io: CliIO = PROCESS_IO): Promise<number> {
  // The target picks the flag table, so find it before parsing (it may follow flags).
  const targetName = argv.find((a) => Object.hasOwn(TARGETS, a)) ?? argv.find((a) => !a.startsWith('-'));
  const known = targetName !== undefined && Object.hasOwn(TARGETS, targetName);
  const { spec, owners } = commandSpec(known ? targetName : undefined);
  const args = parseArgs(spec, argv);
  if (args.help) {
    io.stdout(formatHelp(spec));
    return 0;
  }
  if (!known) {
    throw new InvlogicError(`TARGET must be perceptron|bcnn, got '${String(targetName)}'`, 'TARGET');
  }
  const { target, defaultConfig } = TARGETS[targetName];
  const flags = args.flags as Record<string, unknown>;
  const given = args.given;

  const config: RunConfig = loadRunConfig(given.has('config') ? (flags.config as string) : defaultConfig);
  if (config.kind !== target) {
    throw new InvlogicError(`--config: ${config.name} is a ${config.kind} run, not ${targetName}`, '--config');
  }
  const methodNames = listMethods(target).map((m) => m.name);
  if (given.has('method') && !methodNames.includes(flags.method as string)) {
    throw new InvlogicError(
      `--method must be a ${targetName} method (${methodNames.join('|')}), got '${String(flags.method)}'`,
      '--method',
    );
  }
  if (given.has('method') && flags.method !== config.method) {
    config.method = flags.method as string;
    // The configuration's options belong to its own method; other methods get theirs from methodOptionsFor.
    config.methodOptions = { ...(config.kind === 'bcnn' ? config.methodOptionsFor?.[config.method] : undefined) };
  }
  if (given.has('seed')) config.seed = parseSeed(flags.seed as string);
  config.data = applyDataFlags(config.data, flags, given);
  if (config.kind === 'neuron' && (config.data?.classes === undefined || config.data.classes.length !== 2)) {
    const classes = config.data?.classes;
    throw new InvlogicError(
      `--classes (data.classes): a perceptron separates exactly 2 classes, got ${
        classes ? `${classes.length} (${classes.join(',')})` : 'none given (the default is all 10 digits)'
      }`,
      '--classes',
    );
  }
  if (config.kind === 'neuron' && given.has('bias')) config.bias = flags.bias as boolean;
  if (config.kind === 'bcnn') {
    const map: Record<string, string> = {
      kernel: 'kernelSize',
      channels: 'channels',
      stride: 'stride',
      padding: 'padding',
      pool: 'pool',
    };
    config.model = { ...config.model };
    for (const [flag, field] of Object.entries(map)) {
      if (given.has(flag)) (config.model as Record<string, unknown>)[field] = flags[flag];
    }
    if (given.has('size')) config.model.inputSize = flags.size as number;
    if (given.has('classes')) config.model.numClasses = (config.data.classes ?? []).length;
  }
  for (const flag of given) {
    const own = owners.get(flag);
    if (!own) continue;
    if (!own.owners.includes(config.method)) {
      throw new InvlogicError(
        `--${flag} is an option of ${own.owners.join('|')}, not of method ${config.method}`,
        `--${flag}`,
      );
    }
    config.methodOptions = { ...config.methodOptions, [own.option]: flags[flag] };
  }

  const onEpoch = flags.progress
    ? (r: { epoch: number; trainAccuracy: number; testAccuracy: number; timeS: number }) =>
        io.stderr(
          `epoch ${r.epoch}: train ${r.trainAccuracy.toFixed(4)} test ${r.testAccuracy.toFixed(4)} t ${r.timeS.toFixed(3)}s\n`,
        )
    : undefined;
  const { summary: s, result } = await withDataFlagNames(() => runTraining(config, onEpoch), config.method);
  const { history, ...meta } = s;
  if (flags.save !== undefined) {
    const file = flags.save as string;
    if ('neuron' in result)
      writeJsonFile(file, neuronToJson(result.neuron, meta as unknown as Record<string, unknown>));
    else writeJsonFile(file, bcnnToJson(result.weights, meta as unknown as Record<string, unknown>));
  }
  io.stdout(JSON.stringify(flags.history ? { ...meta, history } : meta) + '\n');
  return 0;
}

/**
 * `invlogic sample MODEL.json`: sample an Ising model (invlogic-ising/1 or a dimod BQM) with a registered sampler
 * and print the SampleSet JSON {"variables", "records": [{"sample", "energy", "num_occurrences"}], "info"}.
 * Sampler-specific flags are derived from the option schemas of lib/samplers/registry.ts (../option-flags.ts),
 * so a new sampler brings its own flags.
 */
import { InvlogicError } from '../../lib/errors';
import { readModelWithOffset, withFlagNames, writeOutputFile } from '../io';
import { stderrProgress } from '../progress';
import { parseScheduleText } from '../../lib/samplers/schedule';
import { getSamplerEntry, samplerNames } from '../../lib/samplers/registry';
import { samplerFlags as mergedSamplerFlags, samplerOptionsFromFlags } from '../option-flags';
import { CommandSpec, FlagSpec, defineCommand, formatHelp, parseArgs, parseAssignments } from '../args';
import { PROCESS_IO, type CliIO } from '../io';

export const summary =
  'Sample an Ising model JSON with a registered sampler (exact p-bit, ...) and print the SampleSet';

const COMMON_FLAGS = {
  sampler: { type: 'string', default: 'exact', help: `sampler: ${samplerNames().join('|')}` },
  reads: { type: 'int', min: 1, max: 1e7, default: 100, help: 'independent reads (chains)' },
  seed: { type: 'string', default: '0', metavar: 'SEED', help: 'seed: a non-negative integer or any text' },
  schedule: {
    type: 'string',
    metavar: 'SCHED',
    help: 'per-step value schedule: B, linear:A:B, geometric:A:B or sawtooth:linear|geometric:A:B:N',
  },
  clamp: { type: 'repeatable', metavar: 'NAME=V', help: 'clamp a spin: V = 1 or -1 (spin) or 0 (logic 0 = spin -1)' },
  out: { type: 'string', metavar: 'FILE', help: 'write the JSON here instead of stdout' },
} as const satisfies Record<string, FlagSpec>;

/** Sampler flags of every registered sampler, merged; the samplers owning each flag name. */
function samplerFlags(): { flags: Record<string, FlagSpec>; owners: Map<string, string[]> } {
  const merged = mergedSamplerFlags(samplerNames().map((n) => getSamplerEntry(n)));
  for (const flag of Object.keys(merged.flags)) {
    if (Object.hasOwn(COMMON_FLAGS, flag)) {
      throw new Error(`sampler ${merged.owners.get(flag)?.owners[0]} redeclares the common flag --${flag}`);
    }
  }
  return { flags: merged.flags, owners: new Map([...merged.owners].map(([f, o]) => [f, o.owners])) };
}

function commandSpec(): { spec: CommandSpec; owners: Map<string, string[]> } {
  const { flags, owners } = samplerFlags();
  const spec = defineCommand({
    name: 'sample',
    summary,
    positionals: [{ name: 'MODEL', help: 'Ising model JSON (invlogic-ising/1) or dimod BQM JSON (docs/dimod.md)' }],
    flags: { ...COMMON_FLAGS, ...flags },
    description: [
      'Samplers:',
      ...samplerNames().map((n) => `  ${n.padEnd(8)}${getSamplerEntry(n).summary}`),
      '',
      'Examples:',
      '  invlogic sample and.json --clamp Y=0 --reads 1000 --sweeps 20 --beta 2 --seed 1',
      '  invlogic sample mult4.json --clamp p0=1 ... --schedule linear:0:3 --sweeps 300 --order chromatic',
    ].join('\n'),
  });
  return { spec, owners };
}

/** Most memory a sampler may hold for per-read results (the exact sampler aggregates and holds almost none). */
const MAX_HELD_BYTES = 2 ** 30;

/** `NAME=V` pairs to a name -> spin record. */
function parseClamps(list: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, v] of parseAssignments('clamp', list, { type: 'int', min: -1, max: 1 })) {
    out[name] = (v as number) === 0 ? -1 : (v as number);
  }
  return out;
}

export async function run(argv: string[], io: CliIO = PROCESS_IO): Promise<number> {
  const { spec, owners } = commandSpec();
  const args = parseArgs(spec, argv);
  if (args.help) {
    io.stdout(formatHelp(spec));
    return 0;
  }
  const flags = args.flags as Record<string, unknown>;
  const entry = getSamplerEntry(flags.sampler as string, '--sampler');
  for (const name of args.given) {
    const own = owners.get(name);
    if (own && !own.includes(entry.name)) {
      throw new InvlogicError(`--${name} is a flag of sampler ${own.join('|')}, not of ${entry.name}`, `--${name}`);
    }
  }
  const file = args.positionals[0];
  const input = readModelWithOffset(file);
  let model = input.model;
  const clamps = parseClamps(flags.clamp as string[]);
  const flagNames = Object.keys(spec.flags);
  if (Object.keys(clamps).length > 0) model = withFlagNames(flagNames, () => model.withClamp(clamps));
  const seedText = flags.seed as string;
  const seed = /^\d+$/.test(seedText) ? Number(seedText) : seedText;
  const schedule = flags.schedule === undefined ? undefined : parseScheduleText(flags.schedule as string);
  const reads = flags.reads as number;
  // The sc sampler keeps every read (read-out and statistics), packed every free-spin vector: bound that memory.
  const bytesPerRead = entry.name === 'sc' ? 2 * model.n + 800 : entry.name === 'packed' ? 2 * model.n : 0;
  if (bytesPerRead * reads > MAX_HELD_BYTES) {
    throw new InvlogicError(
      `--reads ${reads} with --sampler ${entry.name} keeps every read (~${((bytesPerRead * reads) / 2 ** 30).toFixed(1)} GiB ` +
        `for this ${model.n}-spin model); at most ${Math.floor(MAX_HELD_BYTES / bytesPerRead)} reads here (1 GiB), ` +
        'or use --sampler exact, which aggregates reads as they finish',
      '--reads',
    );
  }
  const options = samplerOptionsFromFlags(entry, { numReads: reads, seed, schedule }, flags);
  (options as { onProgress?: unknown }).onProgress = stderrProgress('sample', 'reads', { io });
  const ss = withFlagNames(flagNames, () => entry.sampler.sampleIsing(model, options));
  const json = ss.toJSON();
  // Energies of the input model: with a dimod BQM's offset (or invlogic meta.offset) added, as dimod reports them.
  if (input.offset !== 0) for (const r of json.records) r.energy += input.offset;
  const info = { ...ss.info, model: file, ...(input.offset !== 0 ? { offset: input.offset } : {}) };
  const out = JSON.stringify({ ...json, info }) + '\n';
  if (flags.out !== undefined) writeOutputFile(flags.out as string, out, '--out');
  else io.stdout(out);
  return 0;
}

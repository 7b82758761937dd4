/**
 * `invlogic sweep EXPERIMENT`: run (or resume) a parameter sweep of a registered experiment on all cores,
 * appending each finished point to a JSONL results file keyed by its config hash. See docs/experiments.md.
 *
 * Experiments live above lib/ (experiments/index.ts); the registry is loaded at run time by path, the one
 * place where lib/ reaches up, as the CLI's job is to dispatch to them.
 */
import * as path from 'path';
import { InvlogicError } from '../../lib/errors';
import {
  canonicalJson,
  defaultSweep,
  flattenRows,
  listPaths,
  parseGridItem,
  parseShard,
  planSweep,
  resultsFile,
  runSweep,
  toCsv,
  PROGRESS_MODES,
  SHARD_BALANCES,
  pointCost,
  type Json,
  type ProgressMode,
  type SweepSpec,
} from '../../lib/sweep';
import { defaultJobs } from '../../lib/parallel';
import { defineCommand, formatHelp, parseArgs } from '../args';
import { writeOutputFile } from '../io';
import { PROCESS_IO, type CliIO } from '../io';

export const summary = 'Run or resume a parameter sweep of an experiment (parallel, resumable, shardable)';

const spec = defineCommand({
  name: 'sweep',
  summary,
  positionals: [{ name: 'EXPERIMENT', help: 'registered experiment name (see --list)', required: false }],
  flags: {
    grid: {
      type: 'repeatable',
      metavar: 'PARAM=V1,V2,...',
      help: 'sweep PARAM over values (replaces the default grid); a..b is an integer range; JSON list for objects',
    },
    set: {
      type: 'repeatable',
      metavar: 'PARAM=VALUE',
      help: 'fix PARAM for every point (dot paths for nested fields)',
    },
    shard: { type: 'string', metavar: 'i/N', help: 'run only shard i of N (1-based) of the points' },
    balance: {
      type: 'string',
      choices: SHARD_BALANCES,
      default: 'round-robin',
      help: 'how --shard deals points: by plan index, or greedily by the experiment’s cost estimate per point',
    },
    jobs: {
      type: 'int',
      min: 1,
      max: 1024,
      help: `parallel workers (default: all cores, here ${defaultJobs()}; at most 4 per core)`,
    },
    out: {
      type: 'string',
      metavar: 'FILE',
      help: 'results JSONL (default figures/data/EXPERIMENT[.shard-i-of-N].jsonl, with --quick build/paper-quick/data/...; with --grid/--set results/EXPERIMENT[.quick][.shard-i-of-N].jsonl)',
    },
    quick: { type: 'boolean', help: 'quick (CI) scale: the experiment’s quick config and quick grid' },
    csv: { type: 'string', metavar: 'FILE', help: 'also write the sweep’s rows (config + result columns) as CSV' },
    progress: {
      type: 'string',
      choices: PROGRESS_MODES,
      default: 'auto',
      help: 'auto: a bar on a terminal, nothing in CI; log: a line every 10% of the points',
    },
    'dry-run': { type: 'boolean', help: 'print the planned points (key and config) and exit' },
    list: { type: 'boolean', help: 'list registered experiments with their parameters and exit' },
  },
  description: [
    'Examples:',
    '  invlogic sweep gate-occupancy --quick',
    '  invlogic sweep gate-occupancy --grid beta=0.5,1,2 --grid seed=1..5 --set numReads=2000',
    '  invlogic sweep gate-occupancy --shard 1/2 --out a.jsonl   # machine 1; then: invlogic merge all.jsonl a.jsonl b.jsonl',
    'Interrupted sweeps resume: rerun the same command and finished points are skipped.',
  ].join('\n'),
});

interface Registry {
  EXPERIMENTS: ReadonlyArray<{ name: string; title: string; defaults: object; paper?: unknown }>;
  getExperiment(name: string): Parameters<typeof runSweep>[0];
}

export function loadRegistry(): Registry {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- experiments/ sits above lib/
  return require(path.join(__dirname, '..', '..', 'experiments')) as Registry;
}

/** `--set PARAM=VALUE`: one value, typed like `--grid`; an object or array value is written as JSON. */
function parseValue(item: string, flag: string, defaults: object, name: string): [string, Json] {
  const eq = item.indexOf('=');
  const raw = eq > 0 ? item.slice(eq + 1).trim() : '';
  // parseGridItem reads '[...]' as a list of values; for --set, a JSON array or object is the value itself.
  const [p, values] = parseGridItem(
    raw.startsWith('[') || raw.startsWith('{') ? `${item.slice(0, eq)}=[${raw}]` : item,
    defaults,
    name,
    flag,
  );
  if (values.length !== 1) throw new InvlogicError(`${flag} ${p} takes one value, got ${values.length}`, flag);
  return [p, values[0]];
}

export async function run(argv: string[], io: CliIO = PROCESS_IO): Promise<number> {
  const args = parseArgs(spec, argv);
  if (args.help) {
    io.stdout(formatHelp(spec));
    return 0;
  }
  const registry = loadRegistry();
  if (args.flags.list) {
    for (const e of registry.EXPERIMENTS) {
      io.stdout(
        `${e.name}${e.paper ? ' [paper]' : ''}: ${e.title}\n    parameters: ${listPaths(e.defaults).join(', ')}\n`,
      );
    }
    return 0;
  }
  const name = args.positionals[0];
  if (name === undefined) throw new InvlogicError('sweep: missing argument EXPERIMENT (or --list)', 'EXPERIMENT');
  const experiment = registry.getExperiment(name);
  const quick = args.flags.quick;

  const set: Record<string, Json> = {};
  for (const item of args.flags.set) {
    const [p, v] = parseValue(item, '--set', experiment.defaults, name);
    set[p] = v;
  }
  let sweep: SweepSpec = defaultSweep(experiment, quick);
  if (args.flags.grid.length > 0) {
    const grid: Record<string, Json[]> = {};
    for (const item of args.flags.grid) {
      const [p, values] = parseGridItem(item, experiment.defaults, name);
      if (Object.hasOwn(grid, p)) throw new InvlogicError(`--grid ${p} given twice`, '--grid');
      if (Object.hasOwn(set, p)) throw new InvlogicError(`--set ${p} and --grid ${p} conflict: give one`, '--set');
      grid[p] = values;
    }
    sweep = { grid };
  }
  // --set wins over the default grid's values for the same parameter.
  if (args.flags.grid.length === 0 && sweep.grid) {
    const grid = Object.fromEntries(Object.entries(sweep.grid).filter(([k]) => !Object.hasOwn(set, k)));
    sweep = { ...sweep, grid };
  }
  // Each worker is a thread with its own copy of the experiment's modules: more than a few per core only
  // time-slice and multiply memory.
  if (args.flags.jobs !== undefined && args.flags.jobs > 4 * defaultJobs()) {
    throw new InvlogicError(
      `--jobs must be at most ${4 * defaultJobs()} (4 per core x ${defaultJobs()} cores), got ${args.flags.jobs}`,
      '--jobs',
    );
  }
  const shard =
    args.flags.shard === undefined ? undefined : { ...parseShard(args.flags.shard), balance: args.flags.balance };
  // The default sweep shares its results file with `npm run paper` and the notebooks (lib/sweep/locations.ts);
  // a custom grid goes to results/ so that its points never enter the paper's figures.
  const custom = args.flags.grid.length > 0 || Object.keys(set).length > 0;
  const out =
    args.flags.out ??
    (custom
      ? path.join(
          'results',
          `${name}${quick ? '.quick' : ''}${shard ? `.shard-${shard.index}-of-${shard.count}` : ''}.jsonl`,
        )
      : resultsFile(name, { quick, shard }));

  if (args.flags['dry-run']) {
    const points = planSweep(experiment, { quick, sweep, set, shard });
    for (const p of points) io.stdout(`${p.key} ${canonicalJson(p.config)}\n`);
    const cost = points.reduce((a, p) => a + pointCost(experiment, p.config), 0);
    io.stderr(`${points.length} point(s), estimated cost ${cost.toPrecision(4)}\n`);
    return 0;
  }
  const outcome = await runSweep(experiment, {
    quick,
    sweep,
    set,
    shard,
    out,
    outName: '--out',
    jobs: args.flags.jobs,
    // Points always run in worker threads, so the main thread stays free to handle Ctrl-C at once.
    inProcess: false,
    progress: args.flags.progress as ProgressMode,
    handleSignals: true,
    log: (line) => io.stderr(`${line}\n`),
  });
  if (args.flags.csv) {
    writeOutputFile(args.flags.csv, toCsv(flattenRows(outcome.rows)), '--csv', { mkdir: true });
  }
  io.stdout(
    `${name}: ${outcome.rows.length}/${outcome.planned} points in ${out} (ran ${outcome.ran}, reused ${outcome.reused}, failed ${outcome.failures.length}) in ${outcome.timeS.toFixed(1)} s\n`,
  );
  return outcome.failures.length > 0 ? 1 : 0;
}

/**
 * `invlogic slurm submit EXPERIMENT`: run a sweep on a Slurm cluster. Writes two batch scripts into a
 * submission directory and submits them:
 *
 *   shards.sbatch  an array job, task i runs `invlogic sweep EXPERIMENT --shard i/N --balance cost` into
 *                  DIR/shard-i.jsonl (shards balanced by the experiment's per-point cost estimate)
 *   merge.sbatch   submitted with --dependency=afterok:<array job>: merges the shards into the results file
 *                  and, for a paper experiment's default sweep, regenerates its figures (scripts/paper.ts
 *                  --only EXPERIMENT, which finds every point done and only reports)
 *
 * `invlogic slurm status` shows each submission's jobs (squeue) and per-shard progress (rows written).
 * Every node needs the checkout on a shared filesystem, Node 20+ and `npm ci` done (README, "Sweeps on Slurm").
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { InvlogicError } from '../../lib/errors';
import {
  defaultSweep,
  parseGridItem,
  planSweep,
  pointCost,
  readResults,
  type Json,
  type SweepSpec,
} from '../../lib/sweep';
import { defineCommand, formatHelp, parseArgs } from '../args';
import { loadRegistry } from './sweep';
import { PROCESS_IO, type CliIO } from '../io';

export const summary = 'Run a sweep as a Slurm array job (cost-balanced shards) plus a dependent merge/figures job';

const ROOT = path.resolve(__dirname, '..', '..');

const spec = defineCommand({
  name: 'slurm',
  summary,
  positionals: [
    { name: 'ACTION', help: 'submit (write and submit the jobs) or status (show submissions)' },
    { name: 'EXPERIMENT', help: 'registered experiment (submit)', required: false },
  ],
  flags: {
    shards: { type: 'int', min: 1, max: 10000, default: 4, help: 'array tasks, one shard each' },
    grid: { type: 'repeatable', metavar: 'PARAM=V1,V2,...', help: 'as invlogic sweep --grid' },
    set: { type: 'repeatable', metavar: 'PARAM=VALUE', help: 'as invlogic sweep --set' },
    quick: { type: 'boolean', help: 'quick (CI) scale' },
    partition: { type: 'string', metavar: 'P', help: 'Slurm partition (default: the cluster default)' },
    'cpus-per-task': { type: 'int', min: 1, max: 1024, default: 1, help: 'CPUs (sweep workers) per shard' },
    time: { type: 'string', metavar: 'T', help: 'time limit per task, as sbatch --time (e.g. 2:00:00)' },
    'sbatch-arg': {
      type: 'repeatable',
      metavar: 'ARG',
      pattern: /^--[a-z-]+(=.*)?$/,
      help: 'extra #SBATCH line for both jobs, e.g. --sbatch-arg=--account=lab --sbatch-arg=--mem=4G',
    },
    prelude: {
      type: 'repeatable',
      metavar: 'CMD',
      help: 'shell line run first in each job, e.g. "module load nodejs/20"',
    },
    dir: {
      type: 'string',
      metavar: 'DIR',
      help: 'submission directory: scripts, shard results, logs (default build/slurm/EXPERIMENT[.quick]); status: show only this one',
    },
    'paper-out': {
      type: 'string',
      metavar: 'DIR',
      help: 'figures directory for the merge job (default: npm run paper’s, figures or build/paper-quick)',
    },
    png: { type: 'boolean', default: true, help: 'merge job renders PNGs too (--no-png: HTML only)' },
    'dry-run': { type: 'boolean', help: 'write the scripts and print the plan, submit nothing' },
    timeout: {
      type: 'int',
      min: 1,
      max: 1e7,
      help: 'status --wait: give up after this many seconds (exit 1; default: wait as long as it takes)',
    },
    wait: {
      type: 'boolean',
      help: 'status: poll until the submission’s jobs have finished; exit 1 unless the merge succeeded',
    },
  },
  description: [
    'Examples:',
    '  invlogic slurm submit invertible-bcnn --shards 16 --partition cpu --cpus-per-task 4 --time 4:00:00',
    '  invlogic slurm submit gate-occupancy --quick --shards 3 --dry-run',
    '  invlogic slurm status',
    'Results: the merge job writes the paper results file (<paper-out>/data/EXPERIMENT.jsonl) for a paper',
    "experiment's default sweep, else results/EXPERIMENT[.quick].jsonl (with --grid/--set: no figures).",
  ].join('\n'),
});

/** What `submit` records in DIR/submission.json (read by `status`). */
export interface Submission {
  experiment: string;
  quick: boolean;
  shards: number;
  dir: string;
  results: string;
  /** Set when the merge job regenerates figures. */
  paperOut?: string;
  points: number;
  /** Per shard: planned points and their estimated cost. */
  plan: Array<{ shard: number; points: number; cost: number }>;
  arrayJob?: string;
  mergeJob?: string;
  submittedAt?: string;
}

/** Single-quoted for sh. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function sbatchHeader(
  lines: string[],
  opts: { partition?: string; time?: string; extra: string[]; cpus: number },
): string[] {
  const out = ['#!/bin/bash', ...lines.map((l) => `#SBATCH ${l}`)];
  out.push(`#SBATCH --cpus-per-task=${opts.cpus}`);
  if (opts.partition) out.push(`#SBATCH --partition=${opts.partition}`);
  if (opts.time) out.push(`#SBATCH --time=${opts.time}`);
  for (const e of opts.extra) out.push(`#SBATCH ${e}`);
  return out;
}

export interface ScriptOptions {
  experiment: string;
  quick: boolean;
  shards: number;
  dir: string;
  results: string;
  paperOut?: string;
  png: boolean;
  grid: string[];
  set: string[];
  partition?: string;
  time?: string;
  cpus: number;
  extra: string[];
  prelude: string[];
}

/** The two batch scripts (text). Paths are absolute, so the jobs do not depend on the submit directory. */
export function slurmScripts(o: ScriptOptions): { shards: string; merge: string } {
  const node = 'node';
  const cli = shQuote(path.join(ROOT, 'bin', 'invlogic.js'));
  const common = { partition: o.partition, time: o.time, extra: o.extra, cpus: o.cpus };
  const sweepArgs = [
    'sweep',
    o.experiment,
    '--shard',
    `"$SLURM_ARRAY_TASK_ID/${o.shards}"`,
    '--balance',
    'cost',
    '--jobs',
    String(o.cpus),
    '--progress',
    'log',
    '--out',
    `${shQuote(o.dir)}/shard-"$SLURM_ARRAY_TASK_ID".jsonl`,
    ...(o.quick ? ['--quick'] : []),
    ...o.grid.flatMap((g) => ['--grid', shQuote(g)]),
    ...o.set.flatMap((s) => ['--set', shQuote(s)]),
  ];
  const shards = [
    ...sbatchHeader(
      [
        `--job-name=invlogic-${o.experiment}`,
        `--array=1-${o.shards}`,
        `--output=${path.join(o.dir, 'logs', 'shard-%a.log')}`,
        `--chdir=${ROOT}`,
      ],
      common,
    ),
    '# Written by invlogic slurm submit: one shard of the sweep per array task.',
    'set -euo pipefail',
    ...o.prelude,
    `exec ${node} ${cli} ${sweepArgs.join(' ')}`,
    '',
  ].join('\n');
  const shardFiles = Array.from({ length: o.shards }, (_, i) => shQuote(path.join(o.dir, `shard-${i + 1}.jsonl`)));
  const results = shQuote(o.results);
  const merge = [
    ...sbatchHeader(
      [
        `--job-name=invlogic-${o.experiment}-merge`,
        `--output=${path.join(o.dir, 'logs', 'merge.log')}`,
        `--chdir=${ROOT}`,
      ],
      common,
    ),
    '# Written by invlogic slurm submit: runs after every shard succeeded (afterok).',
    'set -euo pipefail',
    ...o.prelude,
    `rm -f ${shQuote(path.join(o.dir, 'merge.done'))}`,
    'inputs=()',
    `[ -s ${results} ] && inputs+=(${results})`,
    `${node} ${cli} merge --strict ${results} "\${inputs[@]}" ${shardFiles.join(' ')}`,
    ...(o.paperOut
      ? [
          `${node} --import tsx ${shQuote(path.join(ROOT, 'scripts', 'paper.ts'))} --only ${o.experiment}${o.quick ? ' --quick' : ''} --out ${shQuote(o.paperOut)}${o.png ? '' : ' --no-png'} --jobs ${o.cpus} --progress log`,
        ]
      : ['echo "no figures: not the default sweep of a paper experiment"']),
    `date -u +%FT%TZ > ${shQuote(path.join(o.dir, 'merge.done'))}`,
    '',
  ].join('\n');
  return { shards, merge };
}

function runTool(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) {
    throw new InvlogicError(
      `${cmd} failed: ${(r.error as NodeJS.ErrnoException).code === 'ENOENT' ? `${cmd} not found (is Slurm installed? README, "Sweeps on Slurm")` : r.error.message}`,
      cmd,
    );
  }
  if (r.status !== 0) throw new InvlogicError(`${cmd} ${args.join(' ')} failed: ${(r.stderr || r.stdout).trim()}`, cmd);
  return r.stdout;
}

/** Job id from `sbatch --parsable` ("ID" or "ID;cluster"). */
function sbatch(args: string[]): string {
  const out = runTool('sbatch', ['--parsable', ...args]).trim();
  const id = out.split(';')[0];
  if (!/^\d+$/.test(id)) throw new InvlogicError(`sbatch printed '${out}', expected a job id`, 'sbatch');
  return id;
}

function parseValue(item: string, defaults: object, name: string): [string, Json] {
  const eq = item.indexOf('=');
  const raw = eq > 0 ? item.slice(eq + 1).trim() : '';
  const [p, values] = parseGridItem(
    raw.startsWith('[') || raw.startsWith('{') ? `${item.slice(0, eq)}=[${raw}]` : item,
    defaults,
    name,
    '--set',
  );
  if (values.length !== 1) throw new InvlogicError(`--set ${p} takes one value, got ${values.length}`, '--set');
  return [p, values[0]];
}

async function submit(args: ReturnType<typeof parseArgs<typeof spec>>, io: CliIO): Promise<number> {
  const f = args.flags;
  const name = args.positionals[1];
  if (name === undefined) throw new InvlogicError('slurm submit: missing argument EXPERIMENT', 'EXPERIMENT');
  const registry = loadRegistry();
  const experiment = registry.getExperiment(name);
  const entry = registry.EXPERIMENTS.find((e) => e.name === name)!;
  const quick = f.quick;
  // The plan, validated here (a bad --grid fails now, not on the cluster), as `invlogic sweep` builds it.
  const set: Record<string, Json> = {};
  for (const item of f.set) {
    const [p, v] = parseValue(item, experiment.defaults, name);
    set[p] = v;
  }
  let sweep: SweepSpec = defaultSweep(experiment, quick);
  if (f.grid.length > 0) {
    const grid: Record<string, Json[]> = {};
    for (const item of f.grid) {
      const [p, values] = parseGridItem(item, experiment.defaults, name);
      grid[p] = values;
    }
    sweep = { grid };
  } else if (sweep.grid) {
    sweep = { ...sweep, grid: Object.fromEntries(Object.entries(sweep.grid).filter(([k]) => !Object.hasOwn(set, k))) };
  }
  const all = planSweep(experiment, { quick, sweep, set });
  if (f.shards > all.length) {
    throw new InvlogicError(`--shards ${f.shards} is more than the sweep's ${all.length} point(s)`, '--shards');
  }
  const plan = Array.from({ length: f.shards }, (_, i) => {
    const pts = planSweep(experiment, { quick, sweep, set, shard: { index: i + 1, count: f.shards, balance: 'cost' } });
    return { shard: i + 1, points: pts.length, cost: pts.reduce((a, p) => a + pointCost(experiment, p.config), 0) };
  });
  const dir = path.resolve(f.dir ?? path.join(ROOT, 'build', 'slurm', `${name}${quick ? '.quick' : ''}`));
  const defaultGrid = f.grid.length === 0 && f.set.length === 0;
  const paperOut =
    defaultGrid && entry.paper !== undefined
      ? path.resolve(f['paper-out'] ?? path.join(ROOT, quick ? 'build/paper-quick' : 'figures'))
      : undefined;
  const results = paperOut
    ? path.join(paperOut, 'data', `${name}.jsonl`)
    : path.join(ROOT, 'results', `${name}${quick ? '.quick' : ''}.jsonl`);
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  for (const file of fs.readdirSync(dir))
    if (/^shard-\d+\.jsonl(\.lock)?$|^merge\.done$/.test(file)) fs.rmSync(path.join(dir, file));
  const scripts = slurmScripts({
    experiment: name,
    quick,
    shards: f.shards,
    dir,
    results,
    paperOut,
    png: f.png,
    grid: f.grid,
    set: f.set,
    partition: f.partition,
    time: f.time,
    cpus: f['cpus-per-task'],
    extra: f['sbatch-arg'],
    prelude: f.prelude,
  });
  const shardsFile = path.join(dir, 'shards.sbatch');
  const mergeFile = path.join(dir, 'merge.sbatch');
  fs.writeFileSync(shardsFile, scripts.shards, { mode: 0o755 });
  fs.writeFileSync(mergeFile, scripts.merge, { mode: 0o755 });
  const submission: Submission = {
    experiment: name,
    quick,
    shards: f.shards,
    dir,
    results,
    paperOut,
    points: all.length,
    plan,
  };
  io.stdout(`${name}: ${all.length} point(s) in ${f.shards} shard(s), balanced by estimated cost:\n`);
  for (const p of plan)
    io.stdout(`  shard ${p.shard}: ${p.points} point(s), estimated cost ${p.cost.toPrecision(4)}\n`);
  io.stdout(`scripts: ${shardsFile}, ${mergeFile}\nresults: ${results}${paperOut ? `\nfigures: ${paperOut}` : ''}\n`);
  if (f['dry-run']) {
    fs.writeFileSync(path.join(dir, 'submission.json'), JSON.stringify(submission, null, 2) + '\n');
    io.stdout('dry run: nothing submitted\n');
    return 0;
  }
  submission.arrayJob = sbatch([shardsFile]);
  // A failed shard makes the dependency unsatisfiable: the merge job is then cancelled, not left pending.
  submission.mergeJob = sbatch([`--dependency=afterok:${submission.arrayJob}`, '--kill-on-invalid-dep=yes', mergeFile]);
  submission.submittedAt = new Date().toISOString();
  fs.writeFileSync(path.join(dir, 'submission.json'), JSON.stringify(submission, null, 2) + '\n');
  io.stdout(
    `submitted: array job ${submission.arrayJob} (${f.shards} tasks), merge job ${submission.mergeJob} (afterok)\n`,
  );
  return 0;
}

/** Job states by id ("12", "12_3") from squeue, including finished jobs slurmctld still remembers. */
function jobStates(ids: string[]): Map<string, string> {
  const states = new Map<string, string>();
  if (ids.length === 0) return states;
  const r = spawnSync('squeue', ['-h', '-t', 'all', '-j', ids.join(','), '-o', '%i %T'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return states; // finished and forgotten, or no Slurm here
  for (const line of r.stdout.split('\n')) {
    const [id, state] = line.trim().split(/\s+/);
    if (id && state) states.set(id, state);
  }
  return states;
}

interface StatusReport {
  line: string;
  finished: boolean;
  ok: boolean;
}

function submissionStatus(s: Submission): StatusReport {
  const states = jobStates([s.arrayJob, s.mergeJob].filter((x): x is string => x !== undefined));
  const tasks = [...states].filter(([id]) => id.startsWith(`${s.arrayJob}_`) || id === s.arrayJob);
  const taskSummary = new Map<string, number>();
  for (const [, st] of tasks) taskSummary.set(st, (taskSummary.get(st) ?? 0) + 1);
  const shardRows = s.plan.map((p) => {
    const file = path.join(s.dir, `shard-${p.shard}.jsonl`);
    return fs.existsSync(file) ? readResults(file).rows.length : 0;
  });
  const done = fs.existsSync(path.join(s.dir, 'merge.done'));
  const mergeState = s.mergeJob ? (states.get(s.mergeJob) ?? (done ? 'COMPLETED' : 'UNKNOWN')) : 'not submitted';
  const failed =
    /FAIL|CANCEL|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|DEADLINE|PREEMPT/.test(mergeState) ||
    [...taskSummary.keys()].some((k) => /FAIL|CANCEL|TIMEOUT|OUT_OF_MEMORY/.test(k));
  const pending = /PENDING|RUNNING|CONFIGURING|COMPLETING|SUSPENDED/.test(mergeState);
  const finished = s.mergeJob === undefined || done || failed || (!pending && mergeState !== 'UNKNOWN');
  const lines = [
    `${s.experiment}${s.quick ? ' (quick)' : ''}: ${s.dir}`,
    `  array job ${s.arrayJob ?? '-'}: ${[...taskSummary].map(([k, v]) => `${v} ${k}`).join(', ') || 'no longer in squeue'}`,
    `  shards: ${s.plan.map((p, i) => `${p.shard}: ${shardRows[i]}/${p.points}`).join(', ')} points written`,
    `  merge job ${s.mergeJob ?? '-'}: ${mergeState}${done ? `, merged into ${s.results}` : ''}${done && s.paperOut ? `, figures in ${s.paperOut}` : ''}`,
  ];
  return { line: lines.join('\n') + '\n', finished, ok: done };
}

async function status(args: ReturnType<typeof parseArgs<typeof spec>>, io: CliIO): Promise<number> {
  const f = args.flags;
  const dirs: string[] = [];
  if (f.dir !== undefined) dirs.push(path.resolve(f.dir));
  else {
    const base = path.join(ROOT, 'build', 'slurm');
    if (fs.existsSync(base)) for (const d of fs.readdirSync(base).sort()) dirs.push(path.join(base, d));
  }
  const subs: Submission[] = [];
  for (const d of dirs) {
    const file = path.join(d, 'submission.json');
    if (!fs.existsSync(file)) {
      if (f.dir !== undefined)
        throw new InvlogicError(`--dir: ${file} not found (not a submission directory)`, '--dir');
      continue;
    }
    subs.push(JSON.parse(fs.readFileSync(file, 'utf8')) as Submission);
  }
  if (subs.length === 0) {
    io.stdout('no submissions (invlogic slurm submit writes build/slurm/<experiment>/)\n');
    return 0;
  }
  if (!f.wait) {
    for (const s of subs) io.stdout(submissionStatus(s).line);
    return 0;
  }
  const deadline = f.timeout === undefined ? Infinity : Date.now() + f.timeout * 1000;
  for (;;) {
    const reports = subs.map(submissionStatus);
    if (reports.every((r) => r.finished) || Date.now() >= deadline) {
      for (const r of reports) io.stdout(r.line);
      if (!reports.every((r) => r.finished)) io.stdout(`still running after --timeout ${f.timeout} s\n`);
      return reports.every((r) => r.finished && r.ok) ? 0 : 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

export async function run(argv: string[], io: CliIO = PROCESS_IO): Promise<number> {
  const args = parseArgs(spec, argv);
  if (args.help) {
    io.stdout(formatHelp(spec));
    return 0;
  }
  const action = args.positionals[0];
  if (action === 'submit') return submit(args, io);
  if (action === 'status') {
    if (args.positionals[1] !== undefined)
      throw new InvlogicError('slurm status takes no EXPERIMENT (use --dir)', 'EXPERIMENT');
    return status(args, io);
  }
  throw new InvlogicError(`ACTION must be submit or status, got '${action}'`, 'ACTION');
}

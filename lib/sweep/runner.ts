/**
 * The sweep runner: plan the points, skip those already in the results file, run the rest on a worker pool
 * (all cores by default), append each finished point as one whole JSONL line the moment it finishes, and show
 * progress with an ETA on a terminal. Interrupt it at any time and run it again: finished points are kept and
 * skipped, a torn last line is ignored and cut off, and the rerun ends with exactly the full set of points.
 */
import * as fs from 'fs';
import * as path from 'path';
import { InvlogicError, errnoText, requireInt } from '../errors';
import { createPool, defaultJobs, type TaskPool } from '../parallel';
import { canonicalJson } from './canonical';
import { planSweep, pointCost, quickFromEnv, type PlanOptions, type PlannedPoint } from './plan';
import type { PointOutput, PointTask } from './point-worker';
import {
  acquireLock,
  appendRow,
  foreignResultsReason,
  notResultsFileReason,
  openForAppend,
  readResults,
} from './results';
import type { ReadResults } from './results';
import type { Experiment, JsonObject, ResultRow } from './types';

/**
 * 'auto': a bar on a TTY, nothing otherwise (or when env CI is set); 'bar': always a bar; 'log': a status line
 * through `log` at every 10% of the points and at least once a minute (for CI logs of long sweeps); 'none'.
 */
export type ProgressMode = 'auto' | 'bar' | 'log' | 'none';
export const PROGRESS_MODES: readonly ProgressMode[] = ['auto', 'bar', 'log', 'none'];

export interface SweepOptions extends PlanOptions {
  /** Results file (JSONL); created if missing, appended to otherwise. */
  out: string;
  /** How error messages name `out` (the CLI passes '--out'); default 'out'. */
  outName?: string;
  /** Points run at once (default: all cores). */
  jobs?: number;
  /** Run points in this thread instead of workers (default: when jobs = 1). */
  inProcess?: boolean;
  /** Default 'auto' (see ProgressMode). */
  progress?: ProgressMode;
  /** Install SIGINT/SIGTERM handlers that stop cleanly (CLI use); default false. */
  handleSignals?: boolean;
  /** Called once per newly finished point, after it is on disk. */
  onPoint?: (row: ResultRow, done: number, todo: number) => void;
  /** Where status lines go (default: nowhere). */
  log?: (line: string) => void;
}

export interface PointFailure {
  key: string;
  config: JsonObject;
  error: Error;
}

export interface SweepOutcome<C extends object = JsonObject, R extends object = JsonObject> {
  /** One row per planned point that has a result (all of them unless some failed), in plan order. */
  rows: ResultRow<C, R>[];
  planned: number;
  /** Points found already finished in the results file. */
  reused: number;
  /** Points run now. */
  ran: number;
  failures: PointFailure[];
  /** Complete-but-invalid lines and torn tail found in the results file (ignored). */
  invalidLines: number[];
  tornTail: boolean;
  timeS: number;
  out: string;
}

function useBar(mode: ProgressMode): boolean {
  if (mode === 'bar') return true;
  if (mode === 'none' || mode === 'log') return false;
  return Boolean(process.stderr.isTTY) && !process.env.CI;
}

interface Bar {
  start(total: number, value: number, payload?: object): void;
  update(value: number, payload?: object): void;
  stop(): void;
}

function createBar(name: string): Bar {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only on a terminal
  const cliProgress = require('cli-progress') as typeof import('cli-progress');
  return new cliProgress.SingleBar(
    {
      format: `${name} [{bar}] {value}/{total} points | {percentage}% | {duration_formatted} elapsed | ETA {etaText} | {failed} failed`,
      stream: process.stderr,
      fps: 5,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
}

/** Remaining time as '42s', '3m05s' or '2h07m'; the mean time per finished point times the points left. */
export function formatEta(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '--';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * The order in which points go to the worker pool: with several workers, longest first by the experiment's
 * cost estimate (ties: plan order), so a long point does not start last while the other workers idle. Rows stay
 * in plan order, and a point computes the same result in any order; with one worker or no estimate, plan order.
 */
export function dispatchOrder<C extends object>(
  experiment: Experiment<C, object>,
  points: PlannedPoint<C>[],
  jobs: number,
): PlannedPoint<C>[] {
  if (jobs <= 1 || !experiment.cost) return points;
  const cost = points.map((p) => pointCost(experiment, p.config));
  return points
    .map((_, i) => i)
    .sort((a, b) => cost[b] - cost[a] || a - b)
    .map((i) => points[i]);
}

/** Runs (or resumes) a sweep of `experiment`; see SweepOptions. Point failures are reported, not thrown. */
export async function runSweep<C extends object, R extends object>(
  experiment: Experiment<C, R>,
  options: SweepOptions,
): Promise<SweepOutcome<C, R>> {
  const t0 = Date.now();
  const log = options.log ?? (() => undefined);
  const jobs = requireInt('jobs', options.jobs ?? defaultJobs(), 1, 1024);
  const module = resolveSourceFile(experiment.module);
  if (module === undefined) {
    throw new InvlogicError(
      `experiment ${experiment.name}: module ${experiment.module} not found (set module: __filename)`,
      'module',
    );
  }
  const quick = options.quick ?? quickFromEnv();
  const plan: PlannedPoint<C>[] = planSweep(experiment, options);
  const outName = options.outName ?? 'out';
  const refuse = (reason: string): InvlogicError =>
    new InvlogicError(
      `${outName}: ${options.out} is not a results file of ${experiment.name} (${reason}); refusing to append to it, it is left untouched`,
      outName,
    );
  const notResults = notResultsFileReason(options.out);
  if (notResults !== undefined) throw refuse(notResults);
  const release = acquireLock(options.out, outName);
  let fd: number | undefined;
  let pool: TaskPool | undefined;
  let bar: Bar | undefined;
  let barStart = Date.now();
  const cleanup = async (): Promise<void> => {
    bar?.stop();
    bar = undefined;
    if (fd !== undefined) fs.closeSync(fd);
    fd = undefined;
    await pool?.close();
    pool = undefined;
    release();
  };
  // Exit at once: every finished point is already on disk (lines are written synchronously), and exiting
  // ends the worker threads; waiting for running points would make Ctrl-C feel dead on long points.
  const onSignal = (signal: NodeJS.Signals): void => {
    bar?.stop();
    if (fd !== undefined) fs.closeSync(fd);
    release();
    process.stderr.write(
      `\n${experiment.name}: interrupted by ${signal}; finished points are saved in ${options.out}, rerun to resume\n`,
    );
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  if (options.handleSignals) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  try {
    const existing = readResults<C, R>(options.out);
    const foreign = foreignResultsReason(existing as unknown as ReadResults, experiment.name);
    if (foreign !== undefined) throw refuse(foreign);
    if (existing.tornTail) log(`${options.out}: ignoring a torn last line (an interrupted write)`);
    if (existing.invalidLines.length > 0) {
      log(
        `${options.out}: ignoring ${existing.invalidLines.length} invalid line(s): ${existing.invalidLines.slice(0, 10).join(', ')}`,
      );
    }
    const done = new Map<string, ResultRow<C, R>>();
    for (const row of existing.rows) done.set(row.key, row);
    const todo = dispatchOrder(
      experiment,
      plan.filter((p) => !done.has(p.key)),
      jobs,
    );
    const reused = plan.length - todo.length;
    const shardText = options.shard ? ` (shard ${options.shard.index}/${options.shard.count})` : '';
    log(
      `${experiment.name}${shardText}: ${plan.length} points, ${reused} already in ${options.out}, ${todo.length}${todo.length > 0 ? ` to run on ${Math.min(jobs, todo.length)} worker(s)` : ' to run'}`,
    );

    const failures: PointFailure[] = [];
    let finished = 0;
    let createdOut = false;
    // The first failed append (full disk, ...) stops the sweep: later points could not be saved either.
    let writeError: Error | undefined;
    if (todo.length > 0) {
      createdOut = !fs.existsSync(options.out);
      try {
        fd = openForAppend(options.out);
      } catch (err) {
        throw new InvlogicError(`${outName}: cannot open ${options.out} for appending: ${errnoText(err)}`, outName);
      }
      const inProcess = options.inProcess ?? jobs === 1;
      pool = createPool({
        module: resolveSourceFile(path.join(__dirname, 'point-worker.ts'))!,
        jobs: Math.min(jobs, todo.length),
        inProcess,
      });
      const logProgress = options.progress === 'log';
      let lastDecile = 0;
      let lastLog = Date.now();
      barStart = Date.now();
      if (useBar(options.progress ?? 'auto')) {
        bar = createBar(experiment.name);
        bar.start(todo.length, 0, { failed: 0, etaText: '--' });
        barStart = Date.now();
      }
      const activePool = pool;
      await Promise.all(
        todo.map(async (point) => {
          const task: PointTask = {
            module,
            name: experiment.name,
            key: point.key,
            quick,
            config: point.config as JsonObject,
          };
          try {
            const output = await activePool.run<PointOutput>('runPoint', task);
            // Keys in canonical (sorted) order, as rows read back from the file have them, so tables built
            // from the rows do not depend on which points were reused.
            const row: ResultRow<C, R> = {
              key: point.key,
              experiment: experiment.name,
              version: experiment.version,
              config: JSON.parse(canonicalJson(point.config)) as C,
              result: JSON.parse(canonicalJson(output.result, `${experiment.name} result`)) as R,
              timeS: Math.round(output.timeS * 1e6) / 1e6,
              finishedAt: new Date().toISOString(),
            };
            if (fd === undefined || writeError) return; // interrupted, or stopped by a failed write
            try {
              appendRow(fd, row);
            } catch (err) {
              writeError = err instanceof Error ? err : new Error(String(err));
              void pool?.close(); // rejects the points still queued or running; they are not failures
              return;
            }
            done.set(point.key, row);
            finished++;
            try {
              options.onPoint?.(row as unknown as ResultRow, finished, todo.length);
            } catch (err) {
              // The point is on disk; a broken callback must not turn it into a failure.
              log(`${experiment.name}: onPoint callback threw: ${err instanceof Error ? err.message : String(err)}`);
            }
          } catch (err) {
            if (pool === undefined || writeError) return; // closed by a signal or by a failed write
            const error = err instanceof Error ? err : new Error(String(err));
            failures.push({ key: point.key, config: point.config as JsonObject, error });
            if (!bar) log(`${experiment.name}: point ${point.key} failed: ${error.message}`);
          }
          const settled = finished + failures.length;
          if (logProgress) {
            const now = Date.now();
            const decile = Math.floor((10 * settled) / todo.length);
            if (decile > lastDecile || now - lastLog >= 60_000 || settled === todo.length) {
              lastDecile = decile;
              lastLog = now;
              const eta = formatEta(((now - barStart) / settled) * (todo.length - settled));
              log(
                `${experiment.name}: ${settled}/${todo.length} points, ${formatEta(now - barStart)} elapsed, ETA ${eta}, ${failures.length} failed`,
              );
            }
          }
          bar?.update(settled, {
            failed: failures.length,
            etaText: formatEta(((Date.now() - barStart) / settled) * (todo.length - settled)),
          });
        }),
      );
    }
    await cleanup();
    if (writeError) {
      if (createdOut && reused + finished === 0) {
        try {
          fs.rmSync(options.out, { force: true }); // a results file this run created and could not write to
        } catch (_err) {
          // left as an empty results file, which a rerun reads as such
        }
      }
      throw new InvlogicError(
        `${outName}: cannot append to ${options.out}: ${errnoText(writeError)}; stopped at the first failed write, ` +
          `the ${reused + finished} point(s) on disk are kept (rerun to resume)`,
        outName,
      );
    }
    if (failures.length > 0) {
      for (const f of failures.slice(0, 5)) log(`  failed ${f.key} ${canonicalJson(f.config)}: ${f.error.message}`);
    }
    const rows = plan.map((p) => done.get(p.key)).filter((r): r is ResultRow<C, R> => r !== undefined);
    const timeS = (Date.now() - t0) / 1000;
    log(
      `${experiment.name}${shardText}: ran ${finished}, reused ${reused}, failed ${failures.length}, ${timeS.toFixed(1)} s`,
    );
    return {
      rows,
      planned: plan.length,
      reused,
      ran: finished,
      failures,
      invalidLines: existing.invalidLines,
      tornTail: existing.tornTail,
      timeS,
      out: options.out,
    };
  } finally {
    await cleanup();
    if (options.handleSignals) {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
  }
}

/**
 * The file to load in a worker for `file`: itself if it exists, else its .ts/.js sibling. tslab (notebooks)
 * compiles lib/ and experiments/ in memory and reports `__filename` as `x.js` although only `x.ts` is on disk.
 */
export function resolveSourceFile(file: string): string | undefined {
  if (!path.isAbsolute(file)) return undefined;
  if (fs.existsSync(file)) return file;
  const m = /^(.*)\.(ts|js)$/.exec(file);
  if (!m) return undefined;
  const other = `${m[1]}.${m[2] === 'ts' ? 'js' : 'ts'}`;
  return fs.existsSync(other) ? other : undefined;
}

/** Throws an Error listing the failed points of a sweep, if any (for pipelines that must not go on). */
export function assertNoFailures(outcome: SweepOutcome<object, object>, name: string): void {
  if (outcome.failures.length === 0) return;
  const first = outcome.failures[0];
  throw new Error(
    `${name}: ${outcome.failures.length} point(s) failed; first ${first.key} ${canonicalJson(first.config)}: ${first.error.message}`,
  );
}

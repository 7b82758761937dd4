/**
 * Sweeps run from a notebook: the results file `npm run paper` and `invlogic sweep` use (locations.ts), live
 * progress (points done, elapsed, ETA) in one display that updates in place, and no hour-long run started
 * silently.
 *
 * Scale: INVLOGIC_QUICK=1 (the notebook tests) is quick. Otherwise full scale is used when the full-scale
 * results file already holds every planned point (a finished `npm run paper`), or when the user opts in with
 * `full: true` / INVLOGIC_FULL=1, or when the missing points are estimated (from the paper run's time per
 * point) to take at most `autoFullS` (default 120 s); otherwise the missing points and their estimated cost
 * are stated and the quick scale runs instead.
 */
import * as fs from 'fs';
import * as path from 'path';
import { defaultJobs } from '../parallel';
import { resultsFile, paperOutDir } from './locations';
import { planSweep, type PlanOptions } from './plan';
import { readResults } from './results';
import { formatEta, runSweep, type SweepOutcome } from './runner';
import type { Experiment } from './types';

export interface NotebookSweepOptions extends Omit<PlanOptions, 'quick' | 'shard'> {
  /** Run missing full-scale points (default: env INVLOGIC_FULL === '1'). */
  full?: boolean;
  /** Run missing full-scale points without opt-in when estimated to take at most this long (default 120 s). */
  autoFullS?: number;
  /** Results file (default: the shared one of this scale, resultsFile()). */
  out?: string;
  jobs?: number;
  /** Checkout root (default: the current directory, where the notebook kernel runs). */
  root?: string;
  /** Where status lines go (default: console.log; progress goes to an updating display in tslab). */
  log?: (line: string) => void;
}

export interface NotebookSweepOutcome<C extends object, R extends object> extends SweepOutcome<C, R> {
  quick: boolean;
}

/** What running the missing full-scale points would cost, from the paper run's mean time per point. */
export interface FullScaleCost {
  planned: number;
  missing: number;
  file: string;
  /** Estimated wall-clock seconds on `jobs` workers, undefined when no paper run is recorded. */
  estimateS?: number;
  jobs: number;
}

/** Mean seconds per point of `experiment` in the full-scale paper run (figures/manifest.json), if recorded. */
export function paperSecondsPerPoint(experiment: string, root = ''): number | undefined {
  const manifest = path.join(paperOutDir(false, root), 'manifest.json');
  if (!fs.existsSync(manifest)) return undefined;
  try {
    const m = JSON.parse(fs.readFileSync(manifest, 'utf8')) as {
      experiments?: Array<{ name: string; points: number; pointTimeS: number }>;
    };
    const e = m.experiments?.find((x) => x.name === experiment);
    return e && e.points > 0 && e.pointTimeS > 0 ? e.pointTimeS / e.points : undefined;
  } catch (_err) {
    return undefined;
  }
}

/** Planned full-scale points of the sweep that the full-scale results file lacks, and their estimated cost. */
export function fullScaleCost<C extends object, R extends object>(
  experiment: Experiment<C, R>,
  options: NotebookSweepOptions = {},
): FullScaleCost {
  const file = options.out ?? resultsFile(experiment.name, { quick: false, root: options.root });
  const plan = planSweep(experiment, { quick: false, sweep: options.sweep, set: options.set });
  const stored = new Set(readResults(file).rows.map((r) => r.key));
  const missing = plan.filter((p) => !stored.has(p.key)).length;
  const jobs = Math.min(options.jobs ?? defaultJobs(), Math.max(1, missing));
  const perPoint = paperSecondsPerPoint(experiment.name, options.root);
  return {
    planned: plan.length,
    missing,
    file,
    jobs,
    estimateS: perPoint === undefined ? undefined : (perPoint * missing) / jobs,
  };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

interface LiveLine {
  update(text: string): void;
}

/** One line that updates in place in tslab (newDisplay), or a plain log line per update elsewhere. */
function liveLine(log: (line: string) => void): LiveLine {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- tslab exists only inside the kernel
    const tslab = require('tslab') as { newDisplay(): { html(s: string): void } };
    const display = tslab.newDisplay();
    let live = true;
    return {
      update: (text) => {
        if (live) {
          try {
            display.html(`<pre style="margin:0">${escapeHtml(text)}</pre>`);
            return;
          } catch (_err) {
            live = false; // tslab is installed but this process is not a kernel
          }
        }
        log(text);
      },
    };
  } catch (_err) {
    return { update: log };
  }
}

/**
 * Runs (or resumes) a sweep of `experiment` for a notebook; see the module comment for the choice of scale.
 * Prints which results file it uses, the cost of full scale when it is not run, and live progress.
 */
export async function notebookSweep<C extends object, R extends object>(
  experiment: Experiment<C, R>,
  options: NotebookSweepOptions = {},
): Promise<NotebookSweepOutcome<C, R>> {
  const log = options.log ?? ((line: string) => console.log(line));
  const optIn = options.full ?? process.env.INVLOGIC_FULL === '1';
  let quick = process.env.INVLOGIC_QUICK === '1';
  if (!quick) {
    const cost = fullScaleCost(experiment, options);
    if (cost.missing === 0) {
      log(`${experiment.name}: full scale, all ${cost.planned} points already in ${cost.file} (reused)`);
    } else {
      const estimate =
        cost.estimateS === undefined
          ? 'cost unknown (no full-scale paper run recorded in figures/manifest.json)'
          : `about ${formatEta(cost.estimateS * 1000)} on ${cost.jobs} worker(s), from the paper run's mean time per point`;
      const cheap = cost.estimateS !== undefined && cost.estimateS <= (options.autoFullS ?? 120);
      if (optIn || cheap) {
        log(
          `${experiment.name}: full scale, running ${cost.missing} of ${cost.planned} points missing from ${cost.file}: ${estimate}`,
        );
      } else {
        quick = true;
        log(
          `${experiment.name}: full scale needs ${cost.missing} of ${cost.planned} points that ${cost.file} lacks (${estimate}); ` +
            'running the quick scale instead. For full scale: run `npm run paper -- --only ' +
            `${experiment.name}\`, or set FULL = true in the first cell (or env INVLOGIC_FULL=1).`,
        );
      }
    }
  }
  const out = options.out && !quick ? options.out : resultsFile(experiment.name, { quick, root: options.root });
  const plan = planSweep(experiment, { quick, sweep: options.sweep, set: options.set });
  const stored = new Set(readResults(out).rows.map((r) => r.key));
  const todo = plan.filter((p) => !stored.has(p.key)).length;
  log(
    `${experiment.name} (${quick ? 'quick' : 'full'} scale): ${plan.length} points, ${plan.length - todo} already in ${out}, ${todo} to run`,
  );
  const line = todo > 0 ? liveLine(log) : undefined;
  const t0 = Date.now();
  let last = 0;
  const status = (done: number): string => {
    const elapsed = Date.now() - t0;
    const eta = done > 0 ? formatEta((elapsed / done) * (todo - done)) : '--';
    return `${experiment.name}: ${done}/${todo} points run, ${formatEta(elapsed)} elapsed, ETA ${eta} (results: ${out})`;
  };
  line?.update(status(0));
  const outcome = await runSweep(experiment, {
    quick,
    sweep: options.sweep,
    set: options.set,
    out,
    jobs: options.jobs,
    inProcess: false, // the kernel's event loop stays free to send the progress updates
    progress: 'none',
    onPoint: (_row, done) => {
      const now = Date.now();
      if (now - last >= 1000 || done === todo) {
        last = now;
        line?.update(status(done));
      }
    },
  });
  if (line) line.update(`${status(outcome.ran)}; done in ${outcome.timeS.toFixed(1)} s`);
  for (const f of outcome.failures.slice(0, 3)) log(`failed point ${f.key}: ${f.error.message}`);
  return { ...outcome, quick };
}

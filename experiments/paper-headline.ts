/**
 * The paper's headline experiment (issue 20): the 2-layer BCNN of experiments/configs/paper-bcnn-{2,10}class.ts
 * trained without backprop by its headline method (invertible-codes on the SC hardware model) and by the
 * backprop baseline of the identical deployed model (the config's methodOptionsFor.backprop), one seed per
 * point. A point keeps the whole run summary (history, hardware counts, info), so `invlogic estimate` can be
 * run on any pair of points; `headlineTable` pairs them per config and seed (accuracy, gap, cycles, fit,
 * speed-up, energy ratio).
 *
 *   invlogic sweep paper-headline --grid config=paper-bcnn-2class,paper-bcnn-10class \
 *     --grid method=headline,backprop --grid seed=1..5
 */
import { InvlogicError, requireInt } from '../lib/errors';
import { type RunSummary, runTraining } from '../lib/bnn';
import * as fs from 'fs';
import {
  defineExperiment,
  planSweep,
  readResults,
  resultsCsvFile,
  resultsFile,
  rowsFromCsv,
  type Claim,
  type PaperReport,
  type ResultRow,
} from '../lib/sweep';
import { estimateTraining, parseEstimateInput } from '../lib/hw';
import type { BcnnRunConfig } from '../lib/bnn';
import { errorBarText, groupedBars, stateErrorBars } from '../lib/viz';
import { getRunConfig } from './configs';

export const HEADLINE_CONFIGS = ['paper-bcnn-2class', 'paper-bcnn-10class'] as const;

/**
 * The quick (CI) scale: paper-bcnn-2class on 100 training and 50 test digits per class, one FC epoch, 200 conv
 * patches, and backprop 3 + 3 epochs. It exercises the whole pipeline (both methods, the table, the estimate) in
 * seconds; its accuracies say nothing about the headline.
 */
export const QUICK_CONFIG = 'paper-bcnn-2class-quick';

/** The run configuration a point's `config` names (the quick one derived from paper-bcnn-2class). */
export function headlineRunConfig(name: string): BcnnRunConfig {
  const base = getRunConfig(name === QUICK_CONFIG ? 'paper-bcnn-2class' : name);
  if (base.kind !== 'bcnn') throw new InvlogicError(`${name} is not a bcnn configuration`, 'config');
  const run = structuredClone(base);
  if (name === QUICK_CONFIG) {
    run.name = QUICK_CONFIG;
    run.data = { ...run.data, trainPerClass: 100, testPerClass: 50 };
    run.methodOptions = { ...run.methodOptions, convPatches: 200, epochs: 1 };
    run.methodOptionsFor = { backprop: { epochs: 3, fcRetrainEpochs: 3 } };
  }
  return run;
}

export interface PaperHeadlineConfig {
  config: string;
  /** 'headline' = the configuration's own method and options; else a method with config.methodOptionsFor's options. */
  method: string;
  seed: number;
}

export type PaperHeadlineResult = RunSummary;

export const paperHeadline = defineExperiment<PaperHeadlineConfig, PaperHeadlineResult>({
  name: 'paper-headline',
  version: 1,
  module: __filename,
  title: 'Headline: the 2-layer BCNN without backprop (invertible logic, SC model) vs backprop of the same model',
  description:
    'One seed of a paper-bcnn config trained by its headline invertible method or by backprop of the identical model; the full run summary.',
  defaults: { config: 'paper-bcnn-10class', method: 'headline', seed: 1 },
  sweep: { grid: { config: [...HEADLINE_CONFIGS], method: ['headline', 'backprop'], seed: [1, 2, 3, 4, 5] } },
  quickSweep: { grid: { config: [QUICK_CONFIG], method: ['headline', 'backprop'], seed: [1] } },
  validate(c) {
    if (!([...HEADLINE_CONFIGS, QUICK_CONFIG] as string[]).includes(c.config)) {
      throw new InvlogicError(
        `config must be one of ${[...HEADLINE_CONFIGS, QUICK_CONFIG].join('|')}, got ${c.config}`,
        'config',
      );
    }
    requireInt('seed', c.seed, 0, 2 ** 31);
  },
  async run(c) {
    const run = headlineRunConfig(c.config);
    if (c.method !== 'headline' && c.method !== run.method) {
      run.method = c.method;
      run.methodOptions = { ...run.methodOptionsFor?.[c.method] };
    }
    run.seed = c.seed;
    const { summary } = await runTraining(run);
    return JSON.parse(JSON.stringify(summary)) as RunSummary; // NaN test accuracy -> null, plain JSON
  },
  paper: {
    // First: its claims open figures/README.md's claims table; the older BCNN readings follow as ablations.
    order: 5,
    figures: ['accuracy'],
    tables: ['headline'],
    report(rows, ctx) {
      return headlineReport(rows, ctx.command);
    },
  },
});

export interface HeadlineRow {
  [key: string]: string | number | boolean;
  config: string;
  classes: number;
  seeds: number;
  invertibleMethod: string;
  invertibleAccuracyMean: number;
  invertibleAccuracyStd: number;
  backpropAccuracyMean: number;
  backpropAccuracyStd: number;
  /** backprop mean - invertible mean (accuracy points as a fraction). */
  gap: number;
  usesBackprop: boolean;
  cyclesMean: number;
  /** Largest LUT utilization over the seeds (fits when <= 1). */
  lutUtilizationMax: number;
  speedupMean: number;
  energyRatioMean: number;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const std = (xs: number[]) => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};

/** Pairs the invertible and backprop points of each config by seed; estimates speed and energy per pair. */
export function headlineTable(rows: ReadonlyArray<ResultRow<PaperHeadlineConfig, PaperHeadlineResult>>): HeadlineRow[] {
  const out: HeadlineRow[] = [];
  for (const name of [...HEADLINE_CONFIGS, QUICK_CONFIG]) {
    const inv = rows.filter((r) => r.config.config === name && r.config.method === 'headline');
    const bp = rows.filter((r) => r.config.config === name && r.config.method === 'backprop');
    const pairs = inv
      .map((r) => ({ inv: r.result, bp: bp.find((b) => b.config.seed === r.config.seed)?.result }))
      .filter((p): p is { inv: RunSummary; bp: RunSummary } => p.bp !== undefined);
    if (pairs.length === 0) continue;
    const estimates = pairs.map((p) => {
      try {
        return estimateTraining(parseEstimateInput(p.inv, p.bp));
      } catch {
        return undefined; // e.g. the circuit does not fit: reported as NaN
      }
    });
    const ia = pairs.map((p) => p.inv.testAccuracy);
    const ba = pairs.map((p) => p.bp.testAccuracy);
    const ok = estimates.filter((e): e is NonNullable<typeof e> => e !== undefined);
    out.push({
      config: name,
      classes: headlineRunConfig(name).data.classes?.length ?? 10,
      seeds: pairs.length,
      invertibleMethod: pairs[0].inv.method,
      invertibleAccuracyMean: mean(ia),
      invertibleAccuracyStd: std(ia),
      backpropAccuracyMean: mean(ba),
      backpropAccuracyStd: std(ba),
      gap: mean(ba) - mean(ia),
      usesBackprop: pairs.some((p) => p.inv.info.usesBackprop !== false),
      cyclesMean: mean(pairs.map((p) => Number(p.inv.hardware?.cycles))),
      lutUtilizationMax: ok.length === pairs.length ? Math.max(...ok.map((e) => e.fpga.utilization.luts)) : NaN,
      speedupMean: ok.length === pairs.length ? mean(ok.map((e) => e.ratios.speedup)) : NaN,
      energyRatioMean: ok.length === pairs.length ? mean(ok.map((e) => e.ratios.energyEfficiency)) : NaN,
    });
  }
  return out;
}

const pct = (x: number) => (100 * x).toFixed(2);

/** The headline table as markdown rows (README's Results section). */
export function headlineMarkdown(table: readonly HeadlineRow[]): string {
  const lines = [
    '| classes | invertible (no backprop) | backprop, same model | gap (points) | usesBackprop | FPGA cycles | fits (LUTs) | speed-up | energy ratio | command |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of table) {
    lines.push(
      `| ${r.classes}${r.config === QUICK_CONFIG ? ' (quick scale)' : ''} | ${pct(r.invertibleAccuracyMean)} ± ${pct(r.invertibleAccuracyStd)}% | ${pct(r.backpropAccuracyMean)} ± ${pct(r.backpropAccuracyStd)}% | ${(100 * r.gap).toFixed(2)} | ${String(r.usesBackprop)} | ${r.cyclesMean.toExponential(2)} | ${r.lutUtilizationMax <= 1 ? 'yes' : 'no'} (${(100 * r.lutUtilizationMax).toFixed(0)}%) | ${r.speedupMean.toFixed(1)}x | ${r.energyRatioMean.toFixed(0)}x | \`${r.config === QUICK_CONFIG ? 'npm run paper -- --quick --only paper-headline' : `invlogic train bcnn --config ${r.config} --seed S`}\` |`,
    );
  }
  return lines.join('\n');
}

/** The sweep command of the stored full-scale points (npm run paper plans the same 20 points). */
export const HEADLINE_SWEEP_COMMAND =
  'invlogic sweep paper-headline --grid config=paper-bcnn-2class,paper-bcnn-10class --grid method=headline,backprop --grid seed=1..5';

/** `npm run paper`'s section: the headline table (as a table CSV and as markdown) and the headline claims. */
export function headlineReport(
  rows: ReadonlyArray<ResultRow<PaperHeadlineConfig, PaperHeadlineResult>>,
  command: string,
): PaperReport {
  const table = headlineTable(rows);
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  const byClasses = (n: number) => table.find((r) => r.classes === n);
  const claims: Claim[] = [];
  const accuracy = (r: HeadlineRow) =>
    `${r.invertibleMethod}, no backprop (usesBackprop ${String(r.usesBackprop)}): ${pct(r.invertibleAccuracyMean)} ± ${pct(r.invertibleAccuracyStd)}% vs backprop of the same model ${pct(r.backpropAccuracyMean)} ± ${pct(r.backpropAccuracyStd)}% (${r.seeds} seed(s), gap ${(100 * r.gap).toFixed(2)} points)`;
  for (const n of [2, 10]) {
    const r = byClasses(n);
    claims.push({
      claim: `Headline: BCNN trained without backprop (every weight by invertible logic, SC model) keeps backprop's accuracy, ${n} classes`,
      paperValue: '"almost the same" accuracy',
      source: '[ABS]',
      ourValue: r ? accuracy(r) : 'not run',
      command,
      note: r?.config === QUICK_CONFIG ? 'quick scale' : undefined,
    });
  }
  const ratio = (pick: (r: HeadlineRow) => number, digits: number) =>
    table.length > 0
      ? table
          .map(
            (r) =>
              `${pick(r).toFixed(digits)}x (${r.classes} classes${r.config === QUICK_CONFIG ? ', quick scale' : ''})`,
          )
          .join(', ')
      : 'not run';
  const estimateNote =
    'mean over the seed pairs of `invlogic estimate --run RUN.json --baseline BP.json` (headline run vs backprop of the same model, same seed), default XC7K325T at 100 MHz';
  claims.push({
    claim: 'Headline: training speed vs CPU backprop, backprop-free run',
    paperValue: '≈40×',
    source: '[ABS]',
    ourValue: ratio((r) => r.speedupMean, 1),
    command,
    note: estimateNote,
  });
  claims.push({
    claim: 'Headline: training energy efficiency vs CPU, backprop-free run',
    paperValue: '≈134×',
    source: '[ABS]',
    ourValue: ratio((r) => r.energyRatioMean, 0),
    command,
    note: estimateNote,
  });
  const label = (r: HeadlineRow) => `${r.classes} classes${r.config === QUICK_CONFIG ? ' (quick scale)' : ''}`;
  const accuracyFigure = groupedBars({
    title: 'Headline: test accuracy without backprop vs backprop of the same model',
    xTitle: 'classes',
    yTitle: 'test accuracy (%)',
    categories: table.map(label),
    series: [
      {
        name: `no backprop (${table[0]?.invertibleMethod ?? 'invertible'}, SC model)`,
        values: table.map((r) => 100 * r.invertibleAccuracyMean),
        errors: table.map((r) => 100 * r.invertibleAccuracyStd),
      },
      {
        name: 'backprop, same model',
        values: table.map((r) => 100 * r.backpropAccuracyMean),
        errors: table.map((r) => 100 * r.backpropAccuracyStd),
      },
    ],
  });
  stateErrorBars(
    accuracyFigure,
    errorBarText(
      'std',
      table.map((r) => r.seeds),
    ),
  );
  return {
    figures: [
      {
        name: 'accuracy',
        figure: accuracyFigure,
        caption:
          'Test accuracy (%), mean ± 1 sample std over seeds, of the backprop-free headline method and of backprop on the identical deployed model, per class count.',
      },
    ],
    tables: [
      {
        name: 'headline',
        rows: table.map((r) => ({
          ...r,
          lutUtilizationMax: finite(r.lutUtilizationMax),
          speedupMean: finite(r.speedupMean),
          energyRatioMean: finite(r.energyRatioMean),
        })),
      },
    ],
    claims,
    notes: [
      `The headline table (seeds paired per config; ${
        table.some((r) => r.config === QUICK_CONFIG)
          ? `quick scale: ${QUICK_CONFIG}, see QUICK_CONFIG in experiments/paper-headline.ts`
          : `the points are those of \`${HEADLINE_SWEEP_COMMAND}\``
      }):\n\n${headlineMarkdown(table)}`,
    ],
  };
}

/**
 * The stored full-scale points (no run): the results file of `npm run paper` (figures/data/paper-headline.jsonl,
 * git-ignored) when it holds every planned point, else the committed figures/data/paper-headline.csv; `source`
 * names the file. For notebook 04, which shows the headline table without starting the hour-long sweep.
 */
export function storedHeadlineRows(root = ''): {
  rows: Array<ResultRow<PaperHeadlineConfig, PaperHeadlineResult>>;
  source: string;
} {
  const keys = planSweep(paperHeadline, { quick: false }).map((p) => p.key);
  const complete = (rows: Array<ResultRow<PaperHeadlineConfig, PaperHeadlineResult>>) => {
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const picked = keys.map((k) => byKey.get(k));
    return picked.every((r) => r !== undefined)
      ? (picked as Array<ResultRow<PaperHeadlineConfig, PaperHeadlineResult>>)
      : undefined;
  };
  const jsonl = resultsFile(paperHeadline.name, { quick: false, root });
  const fromJsonl = complete(readResults<PaperHeadlineConfig, PaperHeadlineResult>(jsonl).rows);
  if (fromJsonl) return { rows: fromJsonl, source: jsonl };
  const csv = resultsCsvFile(paperHeadline.name, { quick: false, root });
  if (!fs.existsSync(csv))
    throw new InvlogicError(`no stored paper-headline results: ${jsonl} and ${csv} are missing`, csv);
  const fromCsv = complete(rowsFromCsv(paperHeadline, fs.readFileSync(csv, 'utf8'), csv));
  if (!fromCsv) throw new InvlogicError(`${csv} lacks some of the ${keys.length} planned points`, csv);
  return { rows: fromCsv, source: csv };
}

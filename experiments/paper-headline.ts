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
import { defineExperiment, type ResultRow } from '../lib/sweep';
import { estimateTraining, parseEstimateInput } from '../lib/hw';
import { getRunConfig } from './configs';

export const HEADLINE_CONFIGS = ['paper-bcnn-2class', 'paper-bcnn-10class'] as const;

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
  quickSweep: { grid: { config: ['paper-bcnn-2class'], method: ['backprop'], seed: [1] } },
  validate(c) {
    if (!(HEADLINE_CONFIGS as readonly string[]).includes(c.config)) {
      throw new InvlogicError(`config must be one of ${HEADLINE_CONFIGS.join('|')}, got ${c.config}`, 'config');
    }
    requireInt('seed', c.seed, 0, 2 ** 31);
  },
  async run(c) {
    const run = structuredClone(getRunConfig(c.config));
    if (run.kind !== 'bcnn') throw new InvlogicError(`${c.config} is not a bcnn configuration`, 'config');
    if (c.method !== 'headline' && c.method !== run.method) {
      run.method = c.method;
      run.methodOptions = { ...run.methodOptionsFor?.[c.method] };
    }
    run.seed = c.seed;
    const { summary } = await runTraining(run);
    return JSON.parse(JSON.stringify(summary)) as RunSummary; // NaN test accuracy -> null, plain JSON
  },
});

export interface HeadlineRow {
  config: string;
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
  for (const name of HEADLINE_CONFIGS) {
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
      `| ${r.config === 'paper-bcnn-2class' ? 2 : 10} | ${pct(r.invertibleAccuracyMean)} ± ${pct(r.invertibleAccuracyStd)}% | ${pct(r.backpropAccuracyMean)} ± ${pct(r.backpropAccuracyStd)}% | ${(100 * r.gap).toFixed(2)} | ${String(r.usesBackprop)} | ${r.cyclesMean.toExponential(2)} | ${r.lutUtilizationMax <= 1 ? 'yes' : 'no'} (${(100 * r.lutUtilizationMax).toFixed(0)}%) | ${r.speedupMean.toFixed(1)}x | ${r.energyRatioMean.toFixed(0)}x | \`invlogic train bcnn --config ${r.config} --seed S\` |`,
    );
  }
  return lines.join('\n');
}

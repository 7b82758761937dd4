/**
 * Issue 5: the 2-layer BCNN trained by invertible logic (invertible-fc, fixed-random-conv,
 * invertible-layerwise, invertible-e2e; SC hardware model) against backprop on the same model and data
 * (experiments/configs/bcnn-2class.ts and bcnn-10class.ts), over seeds; and the learning curve, test accuracy
 * against total annealing cycles (the anneal length per batch swept).
 *
 *   invlogic sweep invertible-bcnn
 *   INVLOGIC_QUICK=1 invlogic sweep invertible-bcnn
 */
import { InvlogicError, requireInt, requireOneOf } from '../lib/errors';
import { runTraining } from '../lib/bnn';
import { defineExperiment, type PaperReport, type ResultRow } from '../lib/experiments';
import { aggregateSeries, lineWithBands } from '../lib/viz';
import { config as bcnn2 } from './configs/bcnn-2class';
import { config as bcnn10 } from './configs/bcnn-10class';

export const BCNN_METHODS = [
  'backprop',
  'invertible-fc',
  'fixed-random-conv',
  'invertible-layerwise',
  'invertible-e2e',
] as const;

export interface InvertibleBcnnConfig {
  method: string;
  /** 2 (digits 0/1, bcnn-2class) or 10 (bcnn-10class). */
  classes: number;
  /** Invertible methods: training images used (0 = all). */
  trainSubset: number;
  samplesPerBatch: number;
  cycles: number;
  sampler: string;
  /**
   * FC neurons: balanced one-vs-rest batches (half of each batch from the neuron's class; method option
   * `balanced`, lib/bnn/invertible-neuron.ts). Ignored by backprop.
   */
  balanced: boolean;
  seed: number;
}

export interface InvertibleBcnnResult {
  trainAccuracy: number;
  testAccuracy: number;
  totalCycles: number;
  spins: number;
  couplings: number;
  wallTimeS: number;
}

const DEFAULTS: InvertibleBcnnConfig = {
  method: 'invertible-fc',
  classes: 2,
  trainSubset: 0,
  samplesPerBatch: 16,
  cycles: 300,
  sampler: 'sc',
  balanced: false,
  seed: 1,
};

const SEEDS = [1, 2, 3, 4, 5];
const TABLE_METHODS = ['backprop', 'invertible-fc', 'fixed-random-conv', 'invertible-layerwise'];

export const invertibleBcnn = defineExperiment<InvertibleBcnnConfig, InvertibleBcnnResult>({
  name: 'invertible-bcnn',
  version: 1,
  module: __filename,
  title: 'BCNN trained by invertible logic vs backprop (2 and 10 classes), and accuracy vs annealing cycles',
  description:
    'Every invertible BCNN method on the SC hardware model against BinaryNet backprop on the same 10x10 binarized MNIST model, over seeds.',
  defaults: DEFAULTS,
  quick: { trainSubset: 300, cycles: 100 },
  sweep: {
    list: [
      ...TABLE_METHODS.flatMap((method) => SEEDS.map((seed) => ({ method, classes: 2, seed }))),
      ...[30, 100, 1000].flatMap((cycles) =>
        ['invertible-fc', 'fixed-random-conv'].flatMap((method) => [1, 2].map((seed) => ({ method, cycles, seed }))),
      ),
      ...[1, 2].map((seed) => ({
        method: 'invertible-e2e',
        classes: 2,
        seed,
        trainSubset: 40,
        samplesPerBatch: 2,
        cycles: 1000,
      })),
      // 10 classes, on the same model and data as backprop (all training images): backprop and the FC
      // layer by invertible logic with balanced one-vs-rest batches (unbalanced, 90% of each neuron's
      // batches are negatives and the ten independently trained neurons' scores do not compare; see
      // docs/bcnn-invertible.md), 200 cycles per anneal; 100 cycles (2 seeds) for comparison: unlike 2
      // classes, 10 classes lose points at 100; and the random-kernel control, balanced, 200 cycles.
      ...SEEDS.map((seed) => ({ method: 'backprop', classes: 10, seed })),
      ...SEEDS.map((seed) => ({ method: 'invertible-fc', classes: 10, seed, cycles: 200, balanced: true })),
      ...[1, 2].map((seed) => ({ method: 'invertible-fc', classes: 10, seed, cycles: 100, balanced: true })),
      ...SEEDS.map((seed) => ({ method: 'fixed-random-conv', classes: 10, seed, cycles: 200, balanced: true })),
    ],
  },
  quickSweep: {
    list: [
      ...['backprop', 'invertible-fc', 'fixed-random-conv'].flatMap((method) =>
        [1, 2].map((seed) => ({ method, seed })),
      ),
      ...[1, 2].map((seed) => ({ method: 'backprop', classes: 10, seed })),
      ...[1, 2].map((seed) => ({ method: 'invertible-fc', classes: 10, balanced: true, seed })),
    ],
  },
  validate(c) {
    requireOneOf('method', c.method, BCNN_METHODS);
    if (c.classes !== 2 && c.classes !== 10)
      throw new InvlogicError(`classes must be 2 or 10, got ${c.classes}`, 'classes');
    requireInt('trainSubset', c.trainSubset, 0, 1e6);
    requireInt('samplesPerBatch', c.samplesPerBatch, 1, 4096);
    requireInt('cycles', c.cycles, 1, 1e7);
    requireOneOf('sampler', c.sampler, ['sc', 'exact']);
    if (typeof c.balanced !== 'boolean')
      throw new InvlogicError(`balanced must be true or false, got ${String(c.balanced)}`, 'balanced');
    requireInt('seed', c.seed, 0, 2 ** 31);
  },
  async run(c) {
    const base = c.classes === 2 ? bcnn2 : bcnn10;
    const methodOptions =
      c.method === 'backprop'
        ? base.methodOptions
        : {
            sampler: c.sampler,
            samplesPerBatch: c.samplesPerBatch,
            cycles: c.cycles,
            trainSubset: c.trainSubset,
            balanced: c.balanced,
          };
    const { result } = await runTraining({ ...base, method: c.method, methodOptions, seed: c.seed });
    return {
      trainAccuracy: result.trainAccuracy,
      testAccuracy: result.testAccuracy,
      totalCycles: result.hardware?.cycles ?? 0,
      spins: result.hardware?.spins ?? 0,
      couplings: result.hardware?.couplings ?? 0,
      wallTimeS: result.wallTimeS,
    };
  },
  paper: {
    order: 50,
    figures: ['learning-curve'],
    tables: ['summary', 'comparison'],
    report(rows, ctx) {
      return invertibleBcnnReport(rows, ctx.command);
    },
  },
});

type Row = ResultRow<InvertibleBcnnConfig, InvertibleBcnnResult>;

export interface BcnnSummaryRow {
  [key: string]: string | number;
  method: string;
  classes: number;
  trainSubset: number;
  cycles: number;
  balanced: string;
  seeds: number;
  testMean: number;
  testStd: number;
  trainMean: number;
  gapToBackprop: number;
  totalCycles: number;
  spins: number;
  wallTimeS: number;
}

/** Mean/std per (method, classes, subset, cycles) and the gap to backprop of the same class count. */
export function bcnnSummary(rows: readonly Row[]): BcnnSummaryRow[] {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const c = r.config;
    const key = `${c.method}|${c.classes}|${c.trainSubset}|${c.cycles}|${c.samplesPerBatch}|${c.sampler}|${c.balanced}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const std = (v: number[]) =>
    v.length < 2 ? 0 : Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1));
  const out = [...groups.values()].map((rs) => {
    const c = rs[0].config;
    const test = rs.map((r) => r.result.testAccuracy);
    return {
      method: c.method,
      classes: c.classes,
      trainSubset: c.method === 'backprop' ? 0 : c.trainSubset,
      cycles: c.method === 'backprop' ? 0 : c.cycles,
      balanced: c.method === 'backprop' ? '-' : c.balanced ? 'yes' : 'no',
      seeds: rs.length,
      testMean: round(mean(test)),
      testStd: round(std(test)),
      trainMean: round(mean(rs.map((r) => r.result.trainAccuracy))),
      gapToBackprop: 0,
      totalCycles: Math.round(mean(rs.map((r) => r.result.totalCycles))),
      spins: rs[0].result.spins,
      wallTimeS: round(mean(rs.map((r) => r.result.wallTimeS))),
    };
  });
  for (const s of out) {
    // The backprop group of the same class count with the most seeds (backprop ignores the other fields).
    const bp = out
      .filter((b) => b.method === 'backprop' && b.classes === s.classes)
      .sort((a, b) => b.seeds - a.seeds)[0];
    s.gapToBackprop = bp ? round(bp.testMean - s.testMean) : NaN;
  }
  return out;
}

export interface BcnnComparisonRow {
  [key: string]: string | number;
  classes: number;
  method: string;
  trainImages: string;
  balanced: string;
  cycles: number;
  seeds: number;
  testAccuracy: string;
  gapPoints: string;
}

/**
 * The issue-5 table: for each (classes, method), the summary group with the most seeds (ties: all training
 * images first, then balanced batches), test accuracy as "mean ± std" in percent and the gap to backprop in
 * points. Learning-curve points (fewer seeds) are left out.
 */
export function bcnnComparison(summary: readonly BcnnSummaryRow[]): BcnnComparisonRow[] {
  const best = new Map<string, BcnnSummaryRow>();
  const rank = (s: BcnnSummaryRow) => [s.seeds, s.trainSubset === 0 ? 1 : 0, s.balanced === 'yes' ? 1 : 0];
  for (const s of summary) {
    const k = `${s.classes}|${s.method}`;
    const old = best.get(k);
    if (!old) {
      best.set(k, s);
      continue;
    }
    const [a, b] = [rank(s), rank(old)];
    const i = a.findIndex((v, j) => v !== b[j]);
    if (i >= 0 && a[i] > b[i]) best.set(k, s);
  }
  const order = (m: string) => (BCNN_METHODS as readonly string[]).indexOf(m);
  return [...best.values()]
    .sort((a, b) => a.classes - b.classes || order(a.method) - order(b.method))
    .map((s) => ({
      classes: s.classes,
      method: s.method,
      trainImages: s.trainSubset === 0 ? 'all' : String(s.trainSubset),
      balanced: s.balanced,
      cycles: s.cycles,
      seeds: s.seeds,
      testAccuracy: `${(100 * s.testMean).toFixed(2)} ± ${(100 * s.testStd).toFixed(2)}`,
      gapPoints: Number.isFinite(s.gapToBackprop) ? (100 * s.gapToBackprop).toFixed(2) : 'n/a',
    }));
}

export function invertibleBcnnReport(rows: readonly Row[], command: string): PaperReport {
  if (rows.length === 0) throw new InvlogicError('invertible-bcnn report needs at least one row', 'rows');
  const summary = bcnnSummary(rows);
  const curveRows = rows
    .filter((r) => r.config.classes === 2 && ['invertible-fc', 'fixed-random-conv'].includes(r.config.method))
    .map((r) => ({ method: r.config.method, cycles: r.config.cycles, testAccuracy: r.result.testAccuracy }));
  const series = aggregateSeries(curveRows, { x: 'cycles', y: 'testAccuracy', group: 'method', spread: 'std' });
  const bp = summary.filter((s) => s.method === 'backprop' && s.classes === 2).sort((a, b) => b.seeds - a.seeds)[0];
  const curve = lineWithBands({
    title: '2-class BCNN: test accuracy vs clock cycles per anneal (SC model)',
    xTitle: 'clock cycles per anneal',
    yTitle: 'test accuracy (mean ± std over seeds)',
    series: [
      ...series.map((s) => ({ name: s.name.replace(/^method=/, ''), x: s.x, y: s.y, lower: s.lower, upper: s.upper })),
      ...(bp
        ? [
            {
              name: 'backprop',
              x: series[0]?.x ?? [],
              y: (series[0]?.x ?? []).map(() => bp.testMean),
              mode: 'lines' as const,
              dash: 'dash' as const,
            },
          ]
        : []),
    ],
  });
  // The claim uses the sweep's most common anneal length (the table's rows), not the best point of the
  // learning curve.
  const cycleCounts = new Map<number, number>();
  for (const r of rows)
    if (r.config.method !== 'backprop') cycleCounts.set(r.config.cycles, (cycleCounts.get(r.config.cycles) ?? 0) + 1);
  const baseCycles = [...cycleCounts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? DEFAULTS.cycles;
  const best2 = summary
    .filter((s) => s.classes === 2 && s.method !== 'backprop' && s.cycles === baseCycles)
    .sort((a, b) => a.gapToBackprop - b.gapToBackprop)[0];
  // 10 classes: the invertible-fc group on all training images with the most seeds (the table's row).
  const bp10 = summary.filter((s) => s.method === 'backprop' && s.classes === 10).sort((a, b) => b.seeds - a.seeds)[0];
  const fc10 = summary
    .filter((s) => s.classes === 10 && s.method === 'invertible-fc' && s.trainSubset === 0)
    .sort((a, b) => b.seeds - a.seeds)[0];
  const pct = (x: number) => (100 * x).toFixed(2);
  return {
    figures: [
      {
        name: 'learning-curve',
        figure: curve,
        caption: 'Test accuracy against anneal length, against backprop (dashed).',
      },
    ],
    tables: [
      { name: 'summary', rows: summary },
      { name: 'comparison', rows: bcnnComparison(summary) },
    ],
    claims: [
      {
        claim: 'BCNN trained by invertible logic reaches almost the accuracy of CPU backprop',
        paperValue: '"almost the same" accuracy',
        source: '[ABS]',
        ourValue: best2
          ? `${best2.method}: ${(100 * best2.testMean).toFixed(2)}% vs backprop ${bp ? (100 * bp.testMean).toFixed(2) : '?'}% (2 classes, gap ${(100 * best2.gapToBackprop).toFixed(2)} points)`
          : 'not run',
        command,
      },
      {
        claim: 'the same for 10 classes (FC layer by invertible logic on all training images)',
        paperValue: '"almost the same" accuracy',
        source: '[ABS]',
        ourValue:
          fc10 && bp10
            ? `invertible-fc${fc10.balanced === 'yes' ? ' (balanced batches)' : ''}: ${pct(fc10.testMean)} ± ${pct(fc10.testStd)}% vs backprop ${pct(bp10.testMean)} ± ${pct(bp10.testStd)}% (${fc10.seeds} seeds, gap ${pct(fc10.gapToBackprop)} points)`
            : 'not run',
        command,
      },
    ],
  };
}

function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : x;
}

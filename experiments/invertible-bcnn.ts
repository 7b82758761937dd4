/**
 * Issue 5: the 2-layer BCNN trained by invertible logic (invertible-fc, fixed-random-conv,
 * invertible-layerwise, invertible-e2e; SC hardware model) against backprop on the same model and data
 * (experiments/configs/bcnn-2class.ts and bcnn-10class.ts), over seeds; and the learning curve, test accuracy
 * against total annealing cycles (the anneal length per batch swept).
 *
 *   invlogic sweep invertible-bcnn
 *   INVLOGIC_QUICK=1 invlogic sweep invertible-bcnn
 */
import { InvlogicError, requireInt, requireOneOf, requireRange } from '../lib/errors';
import { runTraining } from '../lib/bnn';
import { defineExperiment, type PaperReport, type ResultRow } from '../lib/sweep';
import { aggregateSeries, errorBarText, lineWithBands, percentAxis, percentSeries } from '../lib/viz';
import { config as bcnn2 } from './configs/bcnn-2class';
import { config as bcnn10 } from './configs/bcnn-10class';
import { config as bcnn2small } from './configs/bcnn-2class-small';
import { config as bcnn10small } from './configs/bcnn-10class-small';

export const BCNN_METHODS = [
  'backprop',
  'invertible-fc',
  'fixed-random-conv',
  'invertible-layerwise',
  'invertible-e2e',
  'random-search',
] as const;

export interface InvertibleBcnnConfig {
  method: string;
  /** 2 (digits 0/1, bcnn-2class) or 10 (bcnn-10class). */
  classes: number;
  /**
   * 'default': the 10x10 models (bcnn-2class, bcnn-10class); 'small': the 7x7 models at which the whole network
   * fits one invertible circuit (bcnn-2class-small, bcnn-10class-small; the end-to-end rows).
   */
  model: string;
  /** Invertible methods: training images used (0 = all). */
  trainSubset: number;
  samplesPerBatch: number;
  cycles: number;
  sampler: string;
  /** SC model: update order of a cycle (method option `scUpdate`: 'synchronous' or 'chromatic', docs/sc-model.md §2.1). */
  scUpdate: string;
  /** Invertible methods: weights after the last batch, or the best training accuracy seen (method option `selection`). */
  selection: string;
  /**
   * FC neurons: balanced one-vs-rest batches (half of each batch from the neuron's class; method option
   * `balanced`, lib/bnn/invertible/neuron-trainer.ts). Ignored by backprop.
   */
  balanced: boolean;
  /** Threshold circuits: required margin (method option `margin`). */
  margin: number;
  /** FC layer: one-vs-rest neurons or the multi-class circuit (method option `fcCircuit`). */
  fcCircuit: string;
  /** Batch combination (method option `combine`): majority vote, or accumulate counters with a prior field. */
  combine: string;
  /** Field towards the accumulated weights (method option `priorStrength`; accumulate only). */
  priorStrength: number;
  /** Passes over the training set per neuron (method option `epochs`). */
  epochs: number;
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
  model: 'default',
  trainSubset: 0,
  samplesPerBatch: 16,
  cycles: 300,
  sampler: 'sc',
  scUpdate: 'synchronous',
  selection: 'last',
  balanced: false,
  margin: 1,
  fcCircuit: 'one-vs-rest',
  combine: 'majority',
  priorStrength: 2,
  epochs: 1,
  seed: 1,
};

/** 10 classes, first step beyond the old default: balanced batches, K = 32 feature maps per circuit, margin 16, 400 cycles. */
export const FC10_MAJORITY = { balanced: true, samplesPerBatch: 32, margin: 16, cycles: 400 } as const;

/**
 * The 10-class FC setting of the issue-5 table: FC10_MAJORITY with the batch weights accumulated in saturating
 * counters that act back on the next batch as a prior field (combine 'accumulate', priorStrength 64), 2 epochs.
 * Chosen by a small sweep (docs/bcnn-invertible.md, "Closing the 10-class gap"): margin 1-32 and K 16-128 on a
 * 1,000-image subset (seed 1), then on all images (seeds 2, 3), by training accuracy.
 */
export const FC10_SETTING = { ...FC10_MAJORITY, combine: 'accumulate', priorStrength: 64, epochs: 2 } as const;

/** invertible-e2e on the 7x7 models: 100 training images, one image per circuit, 2000 cycles per anneal. */
export const E2E_SMALL = { trainSubset: 100, samplesPerBatch: 1, cycles: 2000 } as const;

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
      // 10 classes, closing the gap (docs/bcnn-invertible.md): K = 32, margin 16, 400 cycles with the majority
      // vote (FC10_MAJORITY), then the table's setting (FC10_SETTING: accumulated votes as a prior field, 2
      // epochs) for every method but e2e; and the multi-class FC circuit (all ten neurons in one circuit, the
      // label clamped; 2 seeds, K = 16).
      ...['invertible-fc', 'fixed-random-conv'].flatMap((method) =>
        SEEDS.map((seed) => ({ method, classes: 10, seed, ...FC10_MAJORITY })),
      ),
      ...['invertible-fc', 'fixed-random-conv', 'invertible-layerwise'].flatMap((method) =>
        SEEDS.map((seed) => ({ method, classes: 10, seed, ...FC10_SETTING })),
      ),
      ...[1, 2].map((seed) => ({
        method: 'invertible-fc',
        classes: 10,
        seed,
        fcCircuit: 'multiclass',
        margin: 16,
        cycles: 400,
      })),
      // End to end, on the 7x7 models whose whole network fits one circuit (E2E_SMALL), against backprop on
      // the same small models.
      ...[2, 10].flatMap((classes) =>
        SEEDS.flatMap((seed) => [
          { method: 'backprop', classes, model: 'small', seed },
          { method: 'invertible-e2e', classes, model: 'small', seed, ...E2E_SMALL },
          // The same with the pocket (the best network seen after any batch, on the training images), and both
          // on the SC model with the chromatic update (colour phases, one clock each; docs/sc-model.md §2.1).
          { method: 'invertible-e2e', classes, model: 'small', seed, ...E2E_SMALL, selection: 'pocket' },
          { method: 'invertible-e2e', classes, model: 'small', seed, ...E2E_SMALL, scUpdate: 'chromatic' },
          {
            method: 'invertible-e2e',
            classes,
            model: 'small',
            seed,
            ...E2E_SMALL,
            scUpdate: 'chromatic',
            selection: 'pocket',
          },
          // The control for selection: as many random networks as e2e has batches, best on the same images.
          { method: 'random-search', classes, model: 'small', seed, ...E2E_SMALL },
        ]),
      ),
    ],
  },
  quickSweep: {
    list: [
      ...['backprop', 'invertible-fc', 'fixed-random-conv'].flatMap((method) =>
        [1, 2].map((seed) => ({ method, seed })),
      ),
      ...[1, 2].map((seed) => ({ method: 'backprop', classes: 10, seed })),
      ...[1, 2].map((seed) => ({ method: 'invertible-fc', classes: 10, seed, ...FC10_SETTING })),
      { method: 'invertible-fc', classes: 10, seed: 1, fcCircuit: 'multiclass', margin: 16, samplesPerBatch: 4 },
      { method: 'backprop', classes: 2, model: 'small', seed: 1 },
      { method: 'invertible-e2e', classes: 2, model: 'small', seed: 1, ...E2E_SMALL, trainSubset: 20 },
    ],
  },
  // Rough relative cost for cost-balanced shards (`invlogic slurm submit`): annealing work grows with cycles x
  // training images x epochs x neurons trained (10 one-vs-rest neurons at 10 classes; layer-wise also trains
  // the conv layer); backprop and random search are cheap by comparison. A structural guess, not a measurement.
  cost(c) {
    if (c.method === 'backprop' || c.method === 'random-search') return 1;
    const images = c.trainSubset > 0 ? c.trainSubset : 1000;
    const layers = c.method === 'invertible-layerwise' ? 3 : 1;
    return 1 + (c.cycles / 100) * (images / 100) * c.epochs * (c.classes === 10 ? 10 : 1) * layers;
  },
  validate(c) {
    requireOneOf('method', c.method, BCNN_METHODS);
    if (c.classes !== 2 && c.classes !== 10)
      throw new InvlogicError(`classes must be 2 or 10, got ${c.classes}`, 'classes');
    requireInt('trainSubset', c.trainSubset, 0, 1e6);
    requireInt('samplesPerBatch', c.samplesPerBatch, 1, 4096);
    requireInt('cycles', c.cycles, 1, 1e7);
    requireOneOf('sampler', c.sampler, ['sc', 'exact']);
    requireOneOf('scUpdate', c.scUpdate, ['synchronous', 'chromatic']);
    requireOneOf('selection', c.selection, ['last', 'pocket']);
    if (typeof c.balanced !== 'boolean')
      throw new InvlogicError(`balanced must be true or false, got ${String(c.balanced)}`, 'balanced');
    requireOneOf('model', c.model, ['default', 'small']);
    requireInt('margin', c.margin, 1, 4096);
    requireOneOf('fcCircuit', c.fcCircuit, ['one-vs-rest', 'multiclass']);
    requireOneOf('combine', c.combine, ['majority', 'sequential', 'accumulate']);
    requireRange('priorStrength', c.priorStrength, 0, 1e6);
    requireInt('epochs', c.epochs, 1, 1000);
    requireInt('seed', c.seed, 0, 2 ** 31);
    if (c.method === 'random-search' && c.trainSubset === 0)
      throw new InvlogicError(
        'random-search needs trainSubset >= 1 (its candidate count is the e2e batch count)',
        'trainSubset',
      );
  },
  async run(c) {
    const base = c.model === 'small' ? (c.classes === 2 ? bcnn2small : bcnn10small) : c.classes === 2 ? bcnn2 : bcnn10;
    // random-search draws as many candidates as invertible-e2e with the same settings has batches.
    const methodOptions =
      c.method === 'backprop'
        ? base.methodOptions
        : c.method === 'random-search'
          ? { trainSubset: c.trainSubset, candidates: Math.floor(c.trainSubset / c.samplesPerBatch) * c.epochs }
          : {
              sampler: c.sampler,
              scUpdate: c.scUpdate,
              selection: c.selection,
              samplesPerBatch: c.samplesPerBatch,
              cycles: c.cycles,
              trainSubset: c.trainSubset,
              balanced: c.balanced,
              margin: c.margin,
              fcCircuit: c.fcCircuit,
              combine: c.combine,
              priorStrength: c.priorStrength,
              epochs: c.epochs,
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

/** The invertible trainer's setting as table columns (backprop rows: '-' and 0). */
export interface BcnnSettingColumns {
  /** SC update order ('-' for software methods and the p-bit sampler). */
  scUpdate: string;
  selection: string;
  balanced: string;
  samplesPerBatch: number;
  margin: number;
  fcCircuit: string;
  combine: string;
  priorStrength: number;
  epochs: number;
}

export interface BcnnSummaryRow extends BcnnSettingColumns {
  [key: string]: string | number;
  method: string;
  classes: number;
  model: string;
  trainSubset: number;
  cycles: number;
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
    const key = [
      c.method,
      c.classes,
      c.model,
      c.trainSubset,
      c.cycles,
      c.samplesPerBatch,
      c.sampler,
      c.scUpdate,
      c.selection,
      c.balanced,
      c.margin,
      c.fcCircuit,
      c.combine,
      c.priorStrength,
      c.epochs,
    ].join('|');
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const std = (v: number[]) =>
    v.length < 2 ? 0 : Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1));
  const out = [...groups.values()].map((rs) => {
    const c = rs[0].config;
    const test = rs.map((r) => r.result.testAccuracy);
    // No annealer: the invertible trainer's setting columns do not apply (random-search keeps its images).
    const software = c.method === 'backprop' || c.method === 'random-search';
    return {
      method: c.method,
      classes: c.classes,
      model: c.model,
      trainSubset: c.method === 'backprop' ? 0 : c.trainSubset,
      cycles: software ? 0 : c.cycles,
      scUpdate: software || c.sampler !== 'sc' ? '-' : c.scUpdate,
      selection: software ? '-' : c.selection,
      balanced: software ? '-' : c.balanced ? 'yes' : 'no',
      samplesPerBatch: software ? 0 : c.samplesPerBatch,
      margin: software ? 0 : c.margin,
      fcCircuit: software ? '-' : c.fcCircuit,
      combine: software ? '-' : c.combine,
      priorStrength: software || c.combine === 'majority' ? 0 : c.priorStrength,
      epochs: software ? 0 : c.epochs,
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
      .filter((b) => b.method === 'backprop' && b.classes === s.classes && b.model === s.model)
      .sort((a, b) => b.seeds - a.seeds)[0];
    s.gapToBackprop = bp ? round(bp.testMean - s.testMean) : NaN;
  }
  return out;
}

export interface BcnnComparisonRow extends BcnnSettingColumns {
  [key: string]: string | number;
  classes: number;
  model: string;
  method: string;
  trainImages: string;
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
  // 10 classes: the declared table setting (FC10_SETTING) outranks everything (it is not picked by accuracy).
  const isTable = (s: BcnnSummaryRow) =>
    s.classes === 10 &&
    s.model === 'default' &&
    s.fcCircuit !== 'multiclass' &&
    s.balanced === (FC10_SETTING.balanced ? 'yes' : 'no') &&
    s.samplesPerBatch === FC10_SETTING.samplesPerBatch &&
    s.margin === FC10_SETTING.margin &&
    s.cycles === FC10_SETTING.cycles &&
    s.combine === FC10_SETTING.combine &&
    s.priorStrength === FC10_SETTING.priorStrength &&
    s.epochs === FC10_SETTING.epochs
      ? 1
      : 0;
  const rank = (s: BcnnSummaryRow) => [isTable(s), s.seeds, s.trainSubset === 0 ? 1 : 0, s.balanced === 'yes' ? 1 : 0];
  for (const s of summary) {
    // The multi-class FC circuit is its own row (a different circuit, not a setting of the same one); so is
    // each e2e variant of update order and selection (the e2e rows compare them).
    const e2e = s.method === 'invertible-e2e' ? `${s.scUpdate}|${s.selection}` : '';
    const k = `${s.classes}|${s.model}|${s.method}|${s.fcCircuit === 'multiclass' ? 'multiclass' : ''}|${e2e}`;
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
    .sort(
      (a, b) =>
        a.classes - b.classes ||
        Number(a.model === 'small') - Number(b.model === 'small') ||
        order(a.method) - order(b.method) ||
        Number(a.scUpdate === 'chromatic') - Number(b.scUpdate === 'chromatic') ||
        Number(a.selection === 'pocket') - Number(b.selection === 'pocket'),
    )
    .map((s) => ({
      classes: s.classes,
      model: s.model,
      method: s.method,
      trainImages: s.trainSubset === 0 ? 'all' : String(s.trainSubset),
      scUpdate: s.scUpdate,
      selection: s.selection,
      balanced: s.balanced,
      samplesPerBatch: s.samplesPerBatch,
      margin: s.margin,
      fcCircuit: s.fcCircuit,
      combine: s.combine,
      priorStrength: s.priorStrength,
      epochs: s.epochs,
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
    .filter(
      (r) =>
        r.config.classes === 2 &&
        r.config.model === 'default' &&
        ['invertible-fc', 'fixed-random-conv'].includes(r.config.method),
    )
    .map((r) => ({ method: r.config.method, cycles: r.config.cycles, testAccuracy: r.result.testAccuracy }));
  const series = aggregateSeries(curveRows, { x: 'cycles', y: 'testAccuracy', group: 'method', spread: 'std' });
  const bp = summary
    .filter((s) => s.method === 'backprop' && s.classes === 2 && s.model === 'default')
    .sort((a, b) => b.seeds - a.seeds)[0];
  const curve = lineWithBands({
    title: '2-class BCNN: test accuracy vs clock cycles per anneal (SC model)',
    xTitle: 'anneal length (clock cycles per anneal)',
    yTitle: 'test accuracy (%)',
    logX: true,
    errorBars: errorBarText(
      'std',
      series.flatMap((s) => s.n),
    ),
    series: [
      ...series.map((s) => percentSeries({ ...s, name: s.name.replace(/^method=/, '') })),
      ...(bp
        ? [
            {
              name: `backprop (mean of ${bp.seeds} seeds)`,
              x: series[0]?.x ?? [],
              y: (series[0]?.x ?? []).map(() => 100 * bp.testMean),
              mode: 'lines' as const,
              dash: 'dash' as const,
            },
          ]
        : []),
    ],
  });
  percentAxis(curve.layout.yaxis);
  // The claim uses the sweep's most common anneal length (the table's rows), not the best point of the
  // learning curve.
  const cycleCounts = new Map<number, number>();
  for (const r of rows)
    if (r.config.method !== 'backprop' && r.config.classes === 2 && r.config.model === 'default')
      cycleCounts.set(r.config.cycles, (cycleCounts.get(r.config.cycles) ?? 0) + 1);
  const baseCycles = [...cycleCounts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? DEFAULTS.cycles;
  const best2 = summary
    .filter((s) => s.classes === 2 && s.model === 'default' && s.method !== 'backprop' && s.cycles === baseCycles)
    .sort((a, b) => a.gapToBackprop - b.gapToBackprop)[0];
  // 10 classes: the invertible-fc row of the comparison table (FC10_SETTING when run).
  const bp10 = summary
    .filter((s) => s.method === 'backprop' && s.classes === 10 && s.model === 'default')
    .sort((a, b) => b.seeds - a.seeds)[0];
  const comparison = bcnnComparison(summary);
  const pick10 = comparison.find(
    (c) => c.classes === 10 && c.model === 'default' && c.method === 'invertible-fc' && c.fcCircuit !== 'multiclass',
  );
  const fc10 = pick10
    ? summary.find(
        (s) =>
          s.classes === 10 &&
          s.model === 'default' &&
          s.method === 'invertible-fc' &&
          s.cycles === pick10.cycles &&
          s.samplesPerBatch === pick10.samplesPerBatch &&
          s.margin === pick10.margin &&
          s.fcCircuit === pick10.fcCircuit &&
          s.combine === pick10.combine &&
          s.epochs === pick10.epochs &&
          s.balanced === pick10.balanced &&
          s.seeds === pick10.seeds,
      )
    : undefined;
  const pct = (x: number) => (100 * x).toFixed(2);
  return {
    figures: [
      {
        name: 'learning-curve',
        figure: curve,
        caption:
          'Test accuracy (%) against anneal length (log axis), mean ± 1 sample std over seeds (n on the figure), against backprop (dashed).',
      },
    ],
    tables: [
      { name: 'summary', rows: summary },
      { name: 'comparison', rows: comparison },
    ],
    claims: [
      {
        // The headline rows come from paper-headline (backprop-free); these older readings stay as ablations.
        claim:
          'Ablation (older reading, not the headline): BCNN trained by invertible logic reaches almost the accuracy of CPU backprop',
        paperValue: '"almost the same" accuracy',
        source: '[ABS]',
        ourValue: best2
          ? `${best2.method}: ${(100 * best2.testMean).toFixed(2)}% vs backprop ${bp ? (100 * bp.testMean).toFixed(2) : '?'}% (2 classes, gap ${(100 * best2.gapToBackprop).toFixed(2)} points)`
          : 'not run',
        command,
      },
      {
        claim:
          'Ablation (older reading, not the headline): the same for 10 classes (FC layer by invertible logic on all training images)',
        paperValue: '"almost the same" accuracy',
        source: '[ABS]',
        ourValue:
          fc10 && bp10
            ? `invertible-fc${fc10.balanced === 'yes' ? ' (balanced batches, ' : ' ('}K = ${fc10.samplesPerBatch}, margin ${fc10.margin}, ${fc10.cycles} cycles, ${fc10.combine}${fc10.combine === 'accumulate' ? ` prior ${fc10.priorStrength}` : ''}, ${fc10.epochs} epoch(s)): ${pct(fc10.testMean)} ± ${pct(fc10.testStd)}% vs backprop ${pct(bp10.testMean)} ± ${pct(bp10.testStd)}% (${fc10.seeds} seeds, gap ${pct(fc10.gapToBackprop)} points)`
            : 'not run',
        command,
      },
    ],
  };
}

function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : x;
}

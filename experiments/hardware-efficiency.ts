/**
 * Hardware efficiency (issue 6; paper brief §1, §5.1): the paper's ~40x training speed-up and ~134x energy
 * efficiency of the FPGA over CPU backprop, from real runs. One point = one case (perceptron-5x5 or
 * bcnn-2class) x one seed: the invertible trainer on the SC model (its clock cycles) and the CPU backprop
 * reference on the same data (its CPU time to the invertible run's accuracy), through lib/hw/ (estimate.ts)
 * at the default assumptions, plus the sensitivity of both ratios to every assumption.
 *
 *   invlogic sweep hardware-efficiency
 *   npm run paper -- --only hardware-efficiency
 */
import { InvlogicError, requireInt, requireOneOf } from '../lib/errors';
import { runTraining, type RunConfig, type RunSummary } from '../lib/bnn';
import { defineExperiment, readResults, type Claim, type ResultRow } from '../lib/sweep';
import {
  FPGA_DEVICES,
  RESOURCE_CALIBRATIONS,
  SMITHSON_TABLE3_POINTS,
  YOSYS_XC7_POINTS,
  circuitOfRun,
  circuitWithSamples,
  estimateResources,
  estimateTraining,
  sensitivity,
  type EstimateInput,
  type HardwareEstimate,
  type SensitivityRow,
  type RunInput,
} from '../lib/hw';
import { color, logAxis, scatter, type PlotlyFigure } from '../lib/viz';
import { getRunConfig } from './configs';

export const HW_CASES = ['perceptron-5x5', 'bcnn-2class', 'bcnn-2class-random-conv'] as const;
export type HwCase = (typeof HW_CASES)[number];

/** The invertible method and CPU baseline of each case, with their options. */
const CASES: Record<
  HwCase,
  {
    config: string;
    invertible: string;
    invertibleOptions: Record<string, unknown>;
    baseline: string;
    baselineOptions: Record<string, unknown>;
  }
> = {
  // The predecessors' 25-input perceptron; the CPU side is the STE backprop neuron.
  'perceptron-5x5': {
    config: 'perceptron-5x5',
    invertible: 'invertible-threshold',
    invertibleOptions: {},
    baseline: 'backprop-ste',
    baselineOptions: {},
  },
  // FC layer by invertible logic on conv kernels that a backprop run provided (its CPU time is NOT on the
  // FPGA side: this case isolates the layer the invertible circuit trains).
  'bcnn-2class': {
    config: 'bcnn-2class',
    invertible: 'invertible-fc',
    invertibleOptions: {},
    baseline: 'backprop',
    baselineOptions: { epochs: 10 },
  },
  // Nothing trained on the CPU: fixed seeded random conv kernels, FC by invertible logic (lower accuracy, so
  // the backprop baseline reaches it sooner).
  'bcnn-2class-random-conv': {
    config: 'bcnn-2class',
    invertible: 'fixed-random-conv',
    invertibleOptions: {},
    baseline: 'backprop',
    baselineOptions: { epochs: 10 },
  },
};

export interface HardwareEfficiencyConfig {
  case: HwCase;
  seed: number;
  /** Invertible epochs (0 = the method's default). */
  invertibleEpochs: number;
  /** BCNN: train the invertible FC layer on this many images (0 = all). */
  trainSubset: number;
}

export interface HardwareEfficiencyResult {
  invertible: RunInput;
  baseline: RunInput;
  estimate: HardwareEstimate;
  sensitivity: SensitivityRow[];
}

function slim(s: RunSummary): RunInput {
  return JSON.parse(JSON.stringify(s, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
}

/** Trains both sides of one case (seeded) and returns the summaries the estimator reads. */
export async function runHardwareCase(c: HardwareEfficiencyConfig): Promise<EstimateInput> {
  const spec = CASES[c.case];
  const base = getRunConfig(spec.config);
  const inv: RunConfig = structuredClone(base);
  inv.method = spec.invertible;
  inv.methodOptions = { ...spec.invertibleOptions };
  if (c.invertibleEpochs > 0) inv.methodOptions.epochs = c.invertibleEpochs;
  if (c.trainSubset > 0 && inv.kind === 'bcnn') inv.methodOptions.trainSubset = c.trainSubset;
  inv.seed = c.seed;
  const bp: RunConfig = structuredClone(base);
  bp.method = spec.baseline;
  bp.methodOptions = { ...spec.baselineOptions };
  bp.seed = c.seed;
  const invertible = slim((await runTraining(inv)).summary);
  // The CPU baseline: methods without their own per-epoch CPU time get the process CPU time of the whole
  // run (user + system, process.cpuUsage), which the estimator scales by the wall-time fraction.
  const cpu0 = process.cpuUsage();
  const summary = (await runTraining(bp)).summary;
  const cpu = process.cpuUsage(cpu0);
  const baseline = slim(summary);
  if (typeof baseline.info?.cpuTimeS !== 'number')
    baseline.info = { ...baseline.info, cpuTimeS: (cpu.user + cpu.system) / 1e6 };
  return { invertible, baseline };
}

export const hardwareEfficiency = defineExperiment<HardwareEfficiencyConfig, HardwareEfficiencyResult>({
  name: 'hardware-efficiency',
  version: 3,
  module: __filename,
  title: 'FPGA vs CPU training time and energy (speed-up and energy-efficiency ratios)',
  description:
    'Invertible training on the SC model (clock cycles) against CPU backprop (CPU time to the same accuracy), through the FPGA/CPU estimator; ratios and their sensitivity to every assumption.',
  defaults: { case: 'perceptron-5x5', seed: 1, invertibleEpochs: 0, trainSubset: 0 },
  quick: { invertibleEpochs: 1, trainSubset: 200 },
  sweep: { grid: { case: [...HW_CASES], seed: [1, 2, 3] } },
  quickSweep: { grid: { case: [...HW_CASES], seed: [1] } },
  validate(c) {
    requireOneOf('case', c.case, HW_CASES);
    requireInt('seed', c.seed, 0, 2 ** 31);
    requireInt('invertibleEpochs', c.invertibleEpochs, 0, 10_000);
    requireInt('trainSubset', c.trainSubset, 0, 1_000_000);
  },
  async run(c) {
    const input = await runHardwareCase(c);
    return {
      ...input,
      estimate: estimateTraining(input),
      sensitivity: sensitivity(input),
    };
  },
  paper: {
    order: 90,
    figures: ['sensitivity-speedup', 'sensitivity-energy', 'resources-vs-size'],
    tables: ['comparison', 'sensitivity', 'resources'],
    report(rows, ctx) {
      return hardwareEfficiencyReport(rows, ctx.command);
    },
  },
});

type Row = ResultRow<HardwareEfficiencyConfig, HardwareEfficiencyResult>;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);
const fmt = (x: number) => (Number.isFinite(x) ? x.toPrecision(3) : String(x));

/** One flat row per point. */
export function comparisonRows(rows: readonly Row[]) {
  return rows.map((r) => {
    const e = r.result.estimate;
    return {
      case: r.config.case,
      seed: r.config.seed,
      invertibleMethod: e.invertible.method,
      invertibleAccuracy: e.invertible.accuracy,
      spins: e.invertible.circuit.spins,
      couplings: e.invertible.circuit.couplings,
      samplesPerBatch: e.invertible.circuit.samplesPerBatch,
      cycles: e.invertible.cycles,
      loadCycles: e.invertible.loadCycles,
      luts: e.fpga.resources.luts,
      ffs: e.fpga.resources.ffs,
      bram36: e.fpga.resources.bram36,
      lutUtilization: e.fpga.utilization.luts,
      maxParallelSamples: e.fpga.maxParallelSamples,
      maxParallelCircuits: e.fpga.maxParallelCircuits,
      fpgaTimeS: e.fpga.timeS,
      fpgaPowerW: e.fpga.power.totalW,
      fpgaEnergyJ: e.fpga.energyJ,
      baselineMethod: e.cpu.method,
      baselineAccuracy: e.cpu.time.accuracy,
      baselineReachedTarget: e.cpu.time.reachedTarget,
      cpuTimeKind: e.cpu.time.kind,
      cpuTimeS: e.cpu.time.timeS,
      cpuPowerW: e.cpu.powerW,
      cpuEnergyJ: e.cpu.energyJ,
      speedup: e.ratios.speedup,
      energyEfficiency: e.ratios.energyEfficiency,
      powerRatio: e.ratios.powerRatio,
      asicSpeedup: e.asic65nm.speedup,
      asicEnergyEfficiency: e.asic65nm.energyEfficiency,
    };
  });
}

/** Median elasticities per case and parameter. */
export function sensitivityRows(rows: readonly Row[]) {
  const out: {
    case: string;
    parameter: string;
    baseValue: number;
    speedupElasticity: number | null;
    energyElasticity: number | null;
  }[] = [];
  for (const hc of HW_CASES) {
    const rs = rows.filter((r) => r.config.case === hc);
    if (rs.length === 0) continue;
    for (const s of rs[0].result.sensitivity) {
      const all = rs.map((r) => r.result.sensitivity.find((q) => q.parameter === s.parameter)!);
      out.push({
        case: hc,
        parameter: s.parameter,
        baseValue: s.baseValue,
        speedupElasticity: finiteOrNull(median(all.map((q) => q.speedupElasticity ?? NaN).filter(Number.isFinite))),
        energyElasticity: finiteOrNull(median(all.map((q) => q.energyElasticity ?? NaN).filter(Number.isFinite))),
      });
    }
  }
  return out;
}

/** Ratio vs assumption factor (one line per parameter) for the first seed of `hc`. */
const PARAMETER_LABELS: Record<string, string> = {
  clockHz: 'FPGA clock',
  toggleRate: 'toggle rate',
  dynamicScale: 'dynamic-energy scale',
  staticPowerW: 'FPGA static power',
  cpuPowerW: 'CPU power',
  cyclesScale: 'cycles to solution',
  parallelCircuits: 'parallel circuits',
};

const SYMBOLS = ['circle', 'square', 'diamond', 'triangle-up', 'x', 'cross', 'star'];

export function sensitivityFigure(
  rows: readonly Row[],
  ratio: 'speedup' | 'energyEfficiency',
  hc: HwCase,
): PlotlyFigure | null {
  const r = rows.filter((x) => x.config.case === hc).sort((a, b) => a.config.seed - b.config.seed)[0];
  if (!r) return null;
  const paper = ratio === 'speedup' ? 40 : 134;
  // Parameters that move the ratio identically (e.g. the four that leave the speed-up unchanged) share one
  // line, named after all of them, instead of hiding one another.
  const groups: { names: string[]; x: number[]; y: number[] }[] = [];
  const notShown: string[] = [];
  for (const s of r.result.sensitivity) {
    const label = PARAMETER_LABELS[s.parameter] ?? s.parameter;
    if (s.sweep.length < 2) {
      notShown.push(label);
      continue;
    }
    const x = s.sweep.map((p) => p.factor);
    const y = s.sweep.map((p) => p[ratio]);
    const same = groups.find(
      (g) =>
        g.x.length === x.length &&
        g.x.every((v, i) => v === x[i]) &&
        g.y.every((v, i) => Math.abs(v - y[i]) <= 1e-9 * Math.abs(v)),
    );
    if (same) same.names.push(label);
    else groups.push({ names: [label], x, y });
  }
  const flat = (g: { y: number[] }) => g.y.every((v) => Math.abs(v - g.y[0]) <= 1e-9 * Math.abs(v));
  const series = groups.map((g) => ({
    name: `${g.names.join(', ')}${flat(g) ? ' (no effect)' : ''}`,
    x: g.x,
    y: g.y,
    mode: 'lines+markers',
  }));
  const xs = groups.flatMap((g) => g.x);
  const xSpan = [Math.min(...xs), Math.max(...xs)];
  series.push({ name: `paper ≈${paper}×`, x: xSpan, y: [paper, paper], mode: 'lines' });
  const fig = scatter({
    title: `${ratio === 'speedup' ? 'Speed-up' : 'Energy efficiency'} vs assumptions (${hc}, seed ${r.config.seed})`,
    xTitle: 'assumption scaled (× its default)',
    yTitle: ratio === 'speedup' ? 'speed-up t_CPU / t_FPGA (×)' : 'energy efficiency E_CPU / E_FPGA (×)',
    logY: true,
    series,
  });
  fig.data.forEach((t, k) => {
    const last = k === fig.data.length - 1;
    t.marker = { ...(t.marker as object), symbol: SYMBOLS[k % SYMBOLS.length], size: 9 };
    t.line = last ? { color: '#555555', dash: 'dash', width: 2 } : { width: 2.5 - 0.25 * k, color: color(k) };
    if (last) t.marker = { color: '#555555' };
  });
  logAxis(fig.layout.xaxis, xs, { base: 2 });
  logAxis(fig.layout.yaxis, [...groups.flatMap((g) => g.y), paper]);
  // A labelled tick at the paper's value, so its line reads off the axis.
  const ticks = fig.layout.yaxis.tickvals as number[];
  if (!ticks.includes(paper)) {
    const vals = [...ticks, paper].sort((a, b) => a - b);
    fig.layout.yaxis.tickvals = vals;
    fig.layout.yaxis.ticktext = vals.map((v) => v.toLocaleString('en-US'));
  }
  if (notShown.length > 0) {
    fig.layout.annotations = [
      {
        text: `not shown: ${notShown.join(', ')} (only the default fits the device)`,
        xref: 'paper',
        yref: 'paper',
        x: 0,
        y: 1.0,
        xanchor: 'left',
        yanchor: 'bottom',
        showarrow: false,
        font: { size: 11, color: '#555' },
      },
    ];
  }
  return fig;
}

/** Estimated LUTs against circuit size (K = 1..64 samples of the measured circuits) and the calibration points. */
export function resourcesVsSize(rows: readonly Row[]) {
  const table: { series: string; spins: number; couplings: number; luts: number; ffs: number; measured: boolean }[] =
    [];
  for (const hc of HW_CASES) {
    const r = rows.find((x) => x.config.case === hc);
    // The random-conv case trains the same FC circuit as bcnn-2class: one line is enough.
    if (!r || (hc === 'bcnn-2class-random-conv' && rows.some((x) => x.config.case === 'bcnn-2class'))) continue;
    const c0 = circuitOfRun(r.result.invertible);
    for (const k of [1, 2, 4, 8, 16, 32, 64]) {
      const c = circuitWithSamples(c0, k);
      const e = estimateResources(c, RESOURCE_CALIBRATIONS['smithson-xcku040']);
      table.push({
        series: `${hc} circuit, K = 1..64 (model)`,
        spins: c.spins,
        couplings: c.couplings,
        luts: e.luts,
        ffs: e.ffs,
        measured: false,
      });
    }
  }
  for (const p of SMITHSON_TABLE3_POINTS)
    table.push({
      series: 'Smithson Table 3 (XCKU040, Vivado)',
      spins: p.spins,
      couplings: p.couplings,
      luts: p.luts,
      ffs: p.ffs,
      measured: true,
    });
  for (const p of YOSYS_XC7_POINTS)
    table.push({
      series: 'our SC RTL, yosys xc7',
      spins: p.spins,
      couplings: p.couplings,
      luts: p.luts,
      ffs: p.ffs,
      measured: true,
    });
  const names = [...new Set(table.map((t) => t.series))];
  const spins = table.map((t) => t.spins);
  const span = [Math.min(...spins), Math.max(...spins)];
  const capacity = Object.values(FPGA_DEVICES).map((d) => ({
    name: `${d.name} capacity (${d.luts.toLocaleString('en-US')} LUT)`,
    x: span,
    y: [d.luts, d.luts],
    mode: 'lines',
  }));
  const figure = scatter({
    title: 'FPGA LUTs vs training-circuit size',
    xTitle: 'training-circuit size (spins)',
    yTitle: 'FPGA resources (LUTs)',
    logX: true,
    logY: true,
    series: names
      .map((n) => {
        const pts = table.filter((t) => t.series === n);
        return {
          name: n,
          x: pts.map((t) => t.spins),
          y: pts.map((t) => t.luts),
          mode: pts[0].measured ? 'markers' : 'lines+markers',
        };
      })
      .concat(capacity),
  });
  return { table, figure };
}

export function hardwareEfficiencyReport(rows: readonly Row[], command: string) {
  if (rows.length === 0) throw new InvlogicError('hardware-efficiency report needs at least one row', 'rows');
  const flat = comparisonRows(rows);
  const claims: Claim[] = [];
  for (const hc of HW_CASES) {
    const f = flat.filter((r) => r.case === hc);
    if (f.length === 0) continue;
    const sp = f.map((r) => r.speedup);
    const en = f.map((r) => r.energyEfficiency);
    const span = (xs: number[]) =>
      `median ${fmt(median(xs))}x (range ${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))}, ${xs.length} seed(s))`;
    const conv =
      hc === 'bcnn-2class'
        ? '; conv kernels come from a backprop run whose CPU time is not charged to the FPGA (FC layer only)'
        : '';
    const note = `${f[0].invertibleMethod} (SC cycles) at 100 MHz on ${rows[0].result.estimate.fpga.device} vs ${f[0].baselineMethod} ${f[0].cpuTimeKind} time to the same accuracy at ${fmt(f[0].cpuPowerW)} W; FPGA power ${fmt(median(f.map((r) => r.fpgaPowerW)))} W (static power and dynamic coefficients are estimates; see docs/hardware-estimator.md for the sensitivity)${conv}`;
    claims.push({
      // The headline speed and energy rows come from paper-headline (backprop-free runs); these are ablations.
      claim: `Ablation (older reading, not the headline): training speed vs CPU backprop (${hc})`,
      paperValue: '≈40×',
      source: '[ABS]',
      ourValue: span(sp),
      command,
      note,
    });
    claims.push({
      claim: `Ablation (older reading, not the headline): training energy efficiency vs CPU (${hc})`,
      paperValue: '≈134×',
      source: '[ABS]',
      ourValue: span(en),
      command,
      note: `implied power ratio ours ${fmt(median(f.map((r) => r.powerRatio)))} vs paper ≈3.35 [INF]`,
    });
  }
  const figures = [];
  for (const [name, ratio] of [
    ['sensitivity-speedup', 'speedup'],
    ['sensitivity-energy', 'energyEfficiency'],
  ] as const) {
    const hc = flat.some((r) => r.case === 'bcnn-2class') ? 'bcnn-2class' : flat[0].case;
    const fig = sensitivityFigure(rows, ratio, hc);
    if (fig)
      figures.push({
        name,
        figure: fig,
        caption: `Each assumption scaled from 1/4 to 4x its default with the others fixed (${hc}); the grey level is the paper's ratio.`,
      });
  }
  const rvs = resourcesVsSize(rows);
  figures.push({
    name: 'resources-vs-size',
    figure: rvs.figure,
    caption:
      'Estimated LUTs of the training circuits for K = 1..64 samples (smithson-xcku040 calibration) beside the published and synthesised calibration circuits and the LUT capacity of each device.',
  });
  return {
    figures,
    tables: [
      { name: 'comparison', rows: flat },
      { name: 'sensitivity', rows: sensitivityRows(rows) },
      { name: 'resources', rows: rvs.table },
    ],
    claims,
    notes: [
      'CPU side: process CPU time (user+system) of the single-threaded Node.js baseline on a shared, heavily loaded 2-vCPU KVM guest; load inflates it, and JIT warm-up is inside the first epoch. CPU power = TDP/cores of a named Xeon (no RAPL counters here).',
      'FPGA side: cycles from the simulated SC run; resources from a per-element model fitted to Smithson Table 3; static power and per-transition energies are estimates (named options).',
    ],
  };
}

/**
 * Rows for the notebook: the stored full-scale results (figures/data/hardware-efficiency.jsonl, written by
 * `npm run paper`) when present and not `quick`; otherwise one seed per case run now at quick scale.
 */
export async function hardwareEfficiencyRows(opts: { quick: boolean; file?: string }): Promise<Row[]> {
  if (!opts.quick) {
    const stored = readResults<HardwareEfficiencyConfig, HardwareEfficiencyResult>(
      opts.file ?? 'figures/data/hardware-efficiency.jsonl',
    ).rows.filter((r) => r.experiment === hardwareEfficiency.name && r.version === hardwareEfficiency.version);
    if (stored.length > 0) return stored;
  }
  const rows: Row[] = [];
  for (const hc of HW_CASES) {
    const config = { ...hardwareEfficiency.defaults, ...(opts.quick ? hardwareEfficiency.quick : {}), case: hc };
    const t0 = performance.now();
    const result = await hardwareEfficiency.run(config, { key: '', quick: opts.quick });
    rows.push({
      key: '',
      experiment: hardwareEfficiency.name,
      version: hardwareEfficiency.version,
      config,
      result,
      timeS: (performance.now() - t0) / 1000,
      finishedAt: new Date().toISOString(),
    });
  }
  return rows;
}

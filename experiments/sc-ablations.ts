/**
 * Ablations of the SC spin-gate hardware model (lib/samplers/sc/, docs/sc-model.md): valid-state occupancy
 * and cycles to the first valid state against noise amplitude n_rnd, Itanh counter width, I0 schedule, noise
 * kind and PRNG, one factor at a time around a baseline (paper brief §3.1-3.2, §7 item 5), on a backward AND,
 * a backward full adder, and the 4x4 multiplier forward (3 x 6) and backward (143 = 11 x 13). A second
 * experiment, sc-vs-exact, compares the SC model's distribution over the valid rows with the exact p-bit
 * sampler's on gates in backward mode.
 *
 *   invlogic sweep sc-ablations            npm run paper -- --only sc-ablations
 */
import { InvlogicError, requireInt, requireOneOf, requireRange } from '../lib/errors';
import { IsingModel, bitsToUint, enumerate, freeSpinsToState } from '../lib/ising';
import { arrayMultiplier, gate, gateToModel } from '../lib/logic';
import { exactSampler } from '../lib/samplers/exact';
import { runSc, SC_NOISE_KINDS, SC_PRNGS, type ScNoiseKind, type ScOptions, type ScPrng } from '../lib/samplers/sc';
import type { ScheduleSpec } from '../lib/samplers/schedule';
import { defineExperiment, type ResultRow } from '../lib/sweep';
import { aggregateSeries, errorBarText, groupedBars, lineWithBands, meanAndSpread } from '../lib/viz';

/** The circuits of the ablation: name -> clamped model and validity. */
export const SC_ABLATION_CIRCUITS = ['and-bwd', 'fa-bwd', 'mult4-fwd', 'mult4-bwd'] as const;
export type ScAblationCircuit = (typeof SC_ABLATION_CIRCUITS)[number];
export const SC_I0_KINDS = ['constant', 'ramp', 'sawtooth'] as const;
export type ScI0Kind = (typeof SC_I0_KINDS)[number];

/** The factor an ablation point varies (for grouping; 'baseline' = none). */
export const SC_FACTORS = ['baseline', 'noise', 'itanhBits', 'i0Kind', 'noiseKind', 'prng'] as const;

export interface ScAblationConfig {
  circuit: ScAblationCircuit;
  /** Which factor this point varies (informational; used by the report). */
  factor: string;
  numReads: number;
  cycles: number;
  noise: number;
  noiseKind: ScNoiseKind;
  sparsity: number;
  itanhBits: number;
  /** constant I0 = i0To; ramp: geometric i0From -> i0To over the run; sawtooth: that ramp `iterations` times. */
  i0Kind: ScI0Kind;
  i0From: number;
  /** Capped at 2^(itanhBits-1). */
  i0To: number;
  iterations: number;
  prng: ScPrng;
  seed: number;
}

export interface ScAblationResult {
  /** Mean over reads of the fraction of cycles in a valid state after the first I0 iteration. */
  validFraction: number;
  /** Fraction of reads that reached a valid state. */
  solvedFraction: number;
  /** Mean / median cycles to the first valid state over solved reads (null: none solved). */
  meanCyclesToValid: number | null;
  medianCyclesToValid: number | null;
  /** Fraction of reads whose final state is valid. */
  finalValid: number;
}

const spinsOf = (value: number, prefix: string, k: number): Record<string, number> =>
  Object.fromEntries(Array.from({ length: k }, (_, i) => [`${prefix}${i}`, (value >> i) & 1 ? 1 : -1]));

/** The clamped model and its validity definition. */
export function ablationCircuit(circuit: ScAblationCircuit): { model: IsingModel; valid: ScOptions['valid'] } {
  switch (circuit) {
    case 'and-bwd':
      return { model: gateToModel(gate('AND')).withClamp({ Y: -1 }), valid: 'ground' };
    case 'fa-bwd': {
      const fa = gateToModel(gate('FA'));
      // S = 1, CO = 0: exactly one of A, B, CI is 1 (3 valid rows).
      const clamp: Record<string, number> = {};
      for (const name of fa.names) if (/^S$/i.test(name)) clamp[name] = 1;
      for (const name of fa.names) if (/^CO$/i.test(name)) clamp[name] = -1;
      return { model: fa.withClamp(clamp), valid: 'ground' };
    }
    case 'mult4-fwd': {
      const m = arrayMultiplier(4).toModel();
      return {
        model: m.withClamp({ ...spinsOf(3, 'a', 4), ...spinsOf(6, 'b', 4) }),
        valid: { target: spinsOf(18, 'p', 8) },
      };
    }
    case 'mult4-bwd': {
      const m = arrayMultiplier(4).toModel();
      const A = Array.from({ length: 4 }, (_, i) => m.indexOf(`a${i}`));
      const B = Array.from({ length: 4 }, (_, i) => m.indexOf(`b${i}`));
      return {
        model: m.withClamp(spinsOf(143, 'p', 8)),
        valid: (s: Int8Array) => bitsToUint(s, A) * bitsToUint(s, B) === 143,
      };
    }
    default:
      throw new InvlogicError(
        `circuit must be one of ${SC_ABLATION_CIRCUITS.join('|')}, got ${String(circuit)}`,
        'circuit',
      );
  }
}

export function ablationI0(
  c: Pick<ScAblationConfig, 'i0Kind' | 'i0From' | 'i0To' | 'iterations' | 'itanhBits'>,
): number | ScheduleSpec {
  const to = Math.min(c.i0To, 2 ** (c.itanhBits - 1));
  const from = Math.min(c.i0From, to);
  if (c.i0Kind === 'constant') return to;
  const ramp = { kind: 'geometric' as const, from, to };
  return c.i0Kind === 'ramp' ? ramp : { kind: 'sawtooth', ramp, iterations: c.iterations };
}

const BASE: ScAblationConfig = {
  circuit: 'mult4-bwd',
  factor: 'baseline',
  numReads: 20,
  cycles: 4000,
  noise: 3,
  noiseKind: 'dense',
  sparsity: 0.5,
  itanhBits: 8,
  i0Kind: 'sawtooth',
  i0From: 1,
  i0To: 32,
  iterations: 4,
  prng: 'xorshift64p',
  seed: 1,
};

/** One-factor-at-a-time points around the baseline, for every circuit and seed. */
function ablationList(seeds: number[], circuits: readonly ScAblationCircuit[]): Record<string, string | number>[] {
  const variants: Record<string, string | number>[] = [{ factor: 'baseline' }];
  for (const noise of [1, 2, 4, 5, 6]) variants.push({ factor: 'noise', noise });
  for (const itanhBits of [4, 5, 6, 7, 10]) variants.push({ factor: 'itanhBits', itanhBits });
  for (const i0Kind of ['constant', 'ramp']) variants.push({ factor: 'i0Kind', i0Kind });
  variants.push({ factor: 'noiseKind', noiseKind: 'sparse' }, { factor: 'noiseKind', noiseKind: 'uniform' });
  variants.push({ factor: 'prng', prng: 'per-spin' }, { factor: 'prng', prng: 'lfsr' });
  const out: Record<string, string | number>[] = [];
  for (const circuit of circuits) for (const seed of seeds) for (const v of variants) out.push({ circuit, seed, ...v });
  return out;
}

export const scAblations = defineExperiment<ScAblationConfig, ScAblationResult>({
  name: 'sc-ablations',
  version: 1,
  module: __filename,
  title: 'SC spin-gate model: occupancy and cycles to solution vs noise, counter width, I0 schedule, noise kind, PRNG',
  description:
    'One-factor-at-a-time ablations of the SC hardware model around a baseline (dense noise 3, I0 1->32 sawtooth x4, 8-bit counter, xorshift64+) on backward AND/FA and the 4x4 multiplier.',
  defaults: BASE,
  quick: { numReads: 6, cycles: 2000 },
  sweep: { list: ablationList([1, 2, 3], SC_ABLATION_CIRCUITS) },
  quickSweep: { list: ablationList([1], ['fa-bwd', 'mult4-bwd']) },
  validate(c) {
    requireOneOf('circuit', c.circuit, SC_ABLATION_CIRCUITS);
    requireInt('numReads', c.numReads, 1, 1e6);
    requireInt('cycles', c.cycles, 1, 2 ** 26);
    requireInt('noise', c.noise, 0, 2 ** 15 - 1);
    requireOneOf('noiseKind', c.noiseKind, SC_NOISE_KINDS);
    requireRange('sparsity', c.sparsity, 0, 1);
    requireInt('itanhBits', c.itanhBits, 2, 24);
    requireOneOf('i0Kind', c.i0Kind, SC_I0_KINDS);
    requireRange('i0From', c.i0From, 1, 2 ** 23);
    requireRange('i0To', c.i0To, 1, 2 ** 23);
    requireInt('iterations', c.iterations, 1, c.cycles);
    requireOneOf('prng', c.prng, SC_PRNGS);
    requireInt('seed', c.seed, 0, 2 ** 31);
  },
  run(c) {
    const { model, valid } = ablationCircuit(c.circuit);
    const run = runSc(model, {
      numReads: c.numReads,
      seed: c.seed,
      cycles: c.cycles,
      i0: ablationI0(c),
      noise: c.noise,
      noiseKind: c.noiseKind,
      ...(c.noiseKind === 'sparse' ? { sparsity: c.sparsity } : {}),
      prng: c.prng,
      itanhBits: c.itanhBits,
      // Occupancy after the first I0 iteration (sawtooth) or after the first quarter (constant/ramp).
      occupancyFrom: c.i0Kind === 'sawtooth' ? Math.round(c.cycles / c.iterations) : Math.round(c.cycles / 4),
      valid,
    });
    const solved = run.stats
      .map((s) => s.cyclesToValid)
      .filter((x): x is number => x !== null)
      .sort((a, b) => a - b);
    const n = run.stats.length;
    return {
      validFraction: run.stats.reduce((a, s) => a + (s.validFraction ?? 0), 0) / n,
      solvedFraction: solved.length / n,
      meanCyclesToValid: solved.length ? solved.reduce((a, b) => a + b, 0) / solved.length : null,
      medianCyclesToValid: solved.length ? solved[solved.length >> 1] : null,
      finalValid: run.stats.filter((s) => s.validAtEnd).length / n,
    };
  },
  paper: {
    order: 31,
    figures: ['noise', 'itanh-bits', 'categorical', 'cycles'],
    tables: ['summary'],
    report(rows, ctx) {
      return scAblationsReport(rows, ctx.command);
    },
  },
});

type Row = ResultRow<ScAblationConfig, ScAblationResult>;

const CIRCUIT_LABELS: Record<string, string> = {
  'and-bwd': 'AND, backward',
  'fa-bwd': 'full adder, backward',
  'mult4-bwd': '4x4 multiplier, backward',
  'mult4-fwd': '4x4 multiplier, forward',
};

/** A circuit name as a figure label ('mult4-bwd' -> '4x4 multiplier, backward'). */
export function circuitLabel(circuit: string): string {
  return CIRCUIT_LABELS[circuit] ?? circuit;
}

const SETTING_LABELS: Record<string, Record<string, string>> = {
  i0Kind: { constant: 'I0<br>constant', ramp: 'I0<br>one ramp', sawtooth: 'I0<br>sawtooth' },
  noiseKind: { dense: 'noise<br>dense', sparse: 'noise<br>sparse', uniform: 'noise<br>uniform' },
  prng: { xorshift64p: 'PRNG<br>xorshift64+', 'per-spin': 'PRNG<br>per spin', lfsr: 'PRNG<br>LFSR' },
};

/** A (factor, value) pair as a figure label ('prng', 'lfsr' -> 'PRNG<br>32-bit LFSR'; 'noise', '3' -> 'n_rnd<br>= 3'). */
export function settingLabel(factor: string, value: string): string {
  if (factor === 'noise') return `n_rnd<br>= ${value}`;
  if (factor === 'itanhBits') return `${value}-bit<br>counter`;
  return SETTING_LABELS[factor]?.[value] ?? `${factor} ${value}`;
}

/** Figures and summary of an sc-ablations sweep (also used by notebook 02). */
export function scAblationsReport(rows: readonly Row[], command: string) {
  if (rows.length === 0) throw new InvlogicError('sc-ablations report needs at least one row', 'rows');
  const flat = rows.map((r) => ({ ...r.config, ...r.result, meanCyclesToValid: r.result.meanCyclesToValid ?? NaN }));
  const withBase = (factor: string): typeof flat => flat.filter((r) => r.factor === factor || r.factor === 'baseline');
  const line = (factor: 'noise' | 'itanhBits', y: 'validFraction', title: string, xTitle: string) => {
    const s = aggregateSeries(withBase(factor), { x: factor, y, group: 'circuit', spread: 'std' });
    return lineWithBands({
      title,
      xTitle,
      yTitle: 'valid-state occupancy (fraction of cycles)',
      errorBars: errorBarText(
        'std',
        s.flatMap((x) => x.n),
      ),
      series: s.map((x) => ({
        name: circuitLabel(x.name.replace(/^circuit=/, '')),
        x: x.x,
        y: x.y,
        lower: x.lower,
        upper: x.upper,
      })),
    });
  };
  const circuits = [...new Set(flat.map((r) => r.circuit))];
  const cat = (factor: string, key: keyof ScAblationConfig): { label: string; rows: typeof flat }[] => {
    const vals = [...new Set(withBase(factor).map((r) => String(r[key])))];
    return vals.map((v) => ({
      label: settingLabel(factor, v),
      rows: withBase(factor).filter((r) => String(r[key]) === v),
    }));
  };
  const groups = [...cat('i0Kind', 'i0Kind'), ...cat('noiseKind', 'noiseKind'), ...cat('prng', 'prng')];
  const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  // Cycles to the first valid state, every setting, per circuit (mean over seeds of the per-point mean).
  const settings = [
    ...[...new Set(withBase('noise').map((r) => r.noise))]
      .sort((a, b) => a - b)
      .map((v) => ({
        label: settingLabel('noise', String(v)),
        rows: withBase('noise').filter((r) => r.noise === v),
      })),
    ...[...new Set(withBase('itanhBits').map((r) => r.itanhBits))]
      .sort((a, b) => a - b)
      .map((v) => ({
        label: settingLabel('itanhBits', String(v)),
        rows: withBase('itanhBits').filter((r) => r.itanhBits === v),
      })),
    ...groups,
  ];
  const cyclesFig = groupedBars({
    title: 'SC model: cycles to the first valid state (one factor varied)',
    xTitle: 'setting (one factor varied from the baseline)',
    yTitle: '1 + mean cycles to valid (clock cycles)',
    logY: true,
    categories: settings.map((g) => g.label.replace('<br>', ' ')),
    series: circuits.map((circuit) => ({
      name: circuitLabel(circuit),
      values: settings.map((g) => {
        const xs = g.rows.filter((r) => r.circuit === circuit && Number.isFinite(r.meanCyclesToValid));
        // +1 so that a reset state that is already valid (0 cycles) still shows on the log axis.
        return 1 + mean(xs.map((r) => r.meanCyclesToValid));
      }),
    })),
  });
  // Mean and sample std over the seeds of each (setting, circuit).
  const cell = (g: { rows: typeof flat }, circuit: string) => {
    const xs = g.rows.filter((r) => r.circuit === circuit).map((r) => r.validFraction);
    return { ...meanAndSpread(xs, 'std'), n: xs.length };
  };
  const cells = circuits.map((circuit) => groups.map((g) => cell(g, circuit)));
  const categorical = groupedBars({
    title: 'SC model: occupancy by I0 schedule, noise kind, PRNG',
    xTitle: 'setting (one factor varied from the baseline)',
    yTitle: 'valid-state occupancy (fraction of cycles)',
    errorBars: errorBarText(
      'std',
      cells.flat().map((c) => c.n),
    ),
    categories: groups.map((g) => g.label),
    series: circuits.map((circuit, k) => ({
      name: circuitLabel(circuit),
      values: groups.map((g) => mean(g.rows.filter((r) => r.circuit === circuit).map((r) => r.validFraction))),
      errors: cells[k].map((c) => c.upper - c.mean),
    })),
  });
  // Two-line category labels read horizontally (21 one-line labels at an angle in the cycles figure); the
  // legend goes above the plot, clear of them.
  categorical.layout.xaxis.tickangle = 0;
  cyclesFig.layout.xaxis.tickangle = -45;
  for (const fig of [categorical, cyclesFig]) {
    fig.layout.legend = { orientation: 'h', x: 0, xanchor: 'left', y: 1.06, yanchor: 'bottom' };
    fig.layout.margin = { ...(fig.layout.margin as object), t: 120 };
  }
  const summary = flat.map((r) => ({
    circuit: r.circuit,
    factor: r.factor,
    seed: r.seed,
    noise: r.noise,
    itanhBits: r.itanhBits,
    i0Kind: r.i0Kind,
    noiseKind: r.noiseKind,
    prng: r.prng,
    validFraction: Math.round(r.validFraction * 1e4) / 1e4,
    solvedFraction: r.solvedFraction,
    meanCyclesToValid: Number.isFinite(r.meanCyclesToValid) ? Math.round(r.meanCyclesToValid) : null,
    finalValid: r.finalValid,
  }));
  const lfsr = mean(flat.filter((r) => r.prng === 'lfsr').map((r) => r.validFraction));
  const xs = mean(flat.filter((r) => r.factor === 'baseline').map((r) => r.validFraction));
  return {
    figures: [
      {
        name: 'noise',
        figure: line(
          'noise',
          'validFraction',
          'SC model: occupancy vs noise amplitude n_rnd',
          'noise amplitude n_rnd (field units, integer)',
        ),
        caption:
          'Valid-state occupancy after the first I0 iteration against the noise amplitude (other settings at the baseline).',
      },
      {
        name: 'itanh-bits',
        figure: line(
          'itanhBits',
          'validFraction',
          'SC model: occupancy vs Itanh counter width',
          'Itanh counter width B (bits); I0 max = min(32, 2^(B-1))',
        ),
        caption: 'Valid-state occupancy against the counter width B; I0 ramps to min(32, 2^(B-1)).',
      },
      {
        name: 'cycles',
        figure: cyclesFig,
        caption:
          'Mean cycles to the first valid state (+1, log axis) for every setting; the gates are valid almost at once, the multiplier needs tens to a thousand cycles.',
      },
      {
        name: 'categorical',
        figure: categorical,
        caption:
          'Occupancy by I0 schedule, noise kind (sparse: half the r set to 0) and PRNG (xorshift64+, one generator per spin, 32-bit LFSR).',
      },
    ],
    tables: [{ name: 'summary', rows: summary }],
    claims: [
      {
        claim: 'Plain LFSRs give more time in invalid states than xorshift+ (Smithson TCAS-I 2019 §6)',
        paperValue: 'qualitative (LFSR "DC bias")',
        source: '[FT: Smithson TCAS-I 2019]',
        ourValue: `mean occupancy ${lfsr.toFixed(3)} with LFSR vs ${xs.toFixed(3)} with xorshift64+ (all circuits, baseline settings)`,
        command,
      },
    ],
    notes: [
      `Baseline: ${JSON.stringify({ ...BASE, circuit: undefined, factor: undefined, seed: undefined })}; each point varies one factor.`,
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------
// SC model vs the exact p-bit sampler on degenerate ground states

export interface ScVsExactConfig {
  /** 'and-bwd' or 'fa-bwd' (several valid rows each). */
  circuit: ScAblationCircuit;
  numReads: number;
  /** SC: cycles per read, noise, I0 ramp 2 -> i0To (geometric). */
  cycles: number;
  noise: number;
  i0To: number;
  /** Exact sampler: sweeps per read and constant beta. */
  sweeps: number;
  beta: number;
  seed: number;
}

export interface ScVsExactResult {
  states: string[];
  /** Final-state counts per free state: SC model, exact sampler; exact Boltzmann law at beta. */
  scCounts: number[];
  exactCounts: number[];
  boltzmann: number[];
  scValid: number;
  exactValid: number;
  /** Total variation distance of each sampler's law from the Boltzmann law at beta. */
  scTv: number;
  exactTv: number;
}

export const scVsExact = defineExperiment<ScVsExactConfig, ScVsExactResult>({
  name: 'sc-vs-exact',
  version: 1,
  module: __filename,
  title: 'SC hardware model vs exact p-bit sampler on gates in backward mode',
  description:
    'Final-state laws of the SC model and of the exact (sequential, Boltzmann) p-bit sampler over the states of a backward gate, against exp(-beta E)/Z.',
  defaults: { circuit: 'and-bwd', numReads: 3000, cycles: 400, noise: 2, i0To: 32, sweeps: 100, beta: 3, seed: 1 },
  quick: { numReads: 600 },
  sweep: { grid: { circuit: ['and-bwd', 'fa-bwd'], noise: [1, 2, 3], seed: [1, 2, 3] } },
  quickSweep: { grid: { circuit: ['and-bwd', 'fa-bwd'], noise: [2] } },
  validate(c) {
    if (c.circuit !== 'and-bwd' && c.circuit !== 'fa-bwd')
      throw new InvlogicError(`circuit must be and-bwd|fa-bwd, got ${c.circuit}`, 'circuit');
    requireInt('numReads', c.numReads, 1, 1e7);
    requireInt('cycles', c.cycles, 1, 2 ** 26);
    requireInt('noise', c.noise, 0, 15);
    requireRange('i0To', c.i0To, 2, 128);
    requireInt('sweeps', c.sweeps, 1, 1e6);
    requireRange('beta', c.beta, 0, 50);
    requireInt('seed', c.seed, 0, 2 ** 31);
  },
  run(c) {
    const { model } = ablationCircuit(c.circuit);
    const en = enumerate(model, { beta: c.beta });
    const f = en.free.length;
    const count = (reads: readonly Int8Array[] | { sample: Int8Array; numOccurrences: number }[]): number[] => {
      const out = new Array<number>(2 ** f).fill(0);
      const buf = new Int8Array(f);
      for (const r of reads as ({ sample: Int8Array; numOccurrences: number } | Int8Array)[]) {
        const s = r instanceof Int8Array ? r : r.sample;
        for (let k = 0; k < f; k++) buf[k] = s[en.free[k]];
        out[freeSpinsToState(buf)] += r instanceof Int8Array ? 1 : r.numOccurrences;
      }
      return out;
    };
    const sc = runSc(model, {
      numReads: c.numReads,
      seed: c.seed,
      cycles: c.cycles,
      noise: c.noise,
      i0: { kind: 'geometric', from: 2, to: c.i0To },
      valid: 'none',
    });
    const ex = exactSampler.sampleIsing(model, {
      numReads: c.numReads,
      seed: c.seed,
      numSweeps: c.sweeps,
      beta: c.beta,
    });
    const scCounts = count(sc.reads);
    const exactCounts = count(ex.records);
    const p = Array.from(en.probabilities!);
    const isGround = (s: number): boolean => en.energies[s] <= en.groundEnergy + 1e-9;
    const frac = (counts: number[]): number => counts.reduce((a, x, s) => a + (isGround(s) ? x : 0), 0) / c.numReads;
    const tv = (counts: number[]): number => 0.5 * counts.reduce((a, x, s) => a + Math.abs(x / c.numReads - p[s]), 0);
    return {
      states: Array.from({ length: 2 ** f }, (_, s) =>
        Array.from({ length: f }, (_, k) => `${model.names[en.free[k]]}=${(s >>> k) & 1}`).join(' '),
      ),
      scCounts,
      exactCounts,
      boltzmann: p,
      scValid: frac(scCounts),
      exactValid: frac(exactCounts),
      scTv: tv(scCounts),
      exactTv: tv(exactCounts),
    };
  },
  paper: {
    order: 32,
    figures: ['and-bwd', 'fa-bwd'],
    tables: ['summary'],
    report(rows, ctx) {
      return scVsExactReport(rows, ctx.command);
    },
  },
});

/** Figures, summary and claim of an sc-vs-exact sweep. */
export function scVsExactReport(rows: readonly ResultRow<ScVsExactConfig, ScVsExactResult>[], command: string) {
  if (rows.length === 0) throw new InvlogicError('sc-vs-exact report needs at least one row', 'rows');
  const figures = (['and-bwd', 'fa-bwd'] as const).map((circuit) => {
    const mine = rows.filter((r) => r.config.circuit === circuit);
    const pick = mine.find((r) => r.config.noise === 2) ?? mine[0];
    return {
      name: circuit,
      figure: scVsExactFigure(pick),
      caption: `${circuit}: final-state law of the SC model and of the exact sampler against exp(-βE)/Z (one seed).`,
    };
  });
  const summary = rows.map((r) => ({
    circuit: r.config.circuit,
    noise: r.config.noise,
    seed: r.config.seed,
    numReads: r.config.numReads,
    scValid: r.result.scValid,
    exactValid: r.result.exactValid,
    scTv: Math.round(r.result.scTv * 1e4) / 1e4,
    exactTv: Math.round(r.result.exactTv * 1e4) / 1e4,
  }));
  const worstSc = Math.max(...summary.map((r) => r.scTv));
  const worstExact = Math.max(...summary.map((r) => r.exactTv));
  return {
    figures,
    tables: [{ name: 'summary', rows: summary }],
    claims: [
      {
        claim:
          'A backward gate visits its valid rows about equally often (AND with Y = 0: ~1/3 each; Smithson Fig. 6, PRX Fig. 4d)',
        paperValue: '≈ 1/3 each (shown graphically)',
        source: '[FT: Smithson TCAS-I 2019; Camsari PRX 2017]',
        ourValue: `exact p-bit sampler: TV from exp(-βE)/Z ≤ ${worstExact.toFixed(3)}; SC hardware model: TV ≤ ${worstSc.toFixed(3)} (final states, ${rows[0].config.numReads} reads)`,
        command,
        note: 'The SC model is not a Boltzmann sampler (synchronous updates, counter memory, binary noise); its law over the degenerate valid rows need not be uniform.',
      },
    ],
  };
}

/** Grouped bars of the two samplers' laws against the Boltzmann law for one row of sc-vs-exact. */
export function scVsExactFigure(row: ResultRow<ScVsExactConfig, ScVsExactResult>) {
  const r = row.result;
  const n = row.config.numReads;
  return groupedBars({
    title: `${row.config.circuit}: SC model (noise ${row.config.noise}) vs exact p-bit sampler (beta ${row.config.beta}), ${n} reads each`,
    xTitle: 'state of the free spins',
    yTitle: 'probability (fraction)',
    categories: r.states,
    series: [
      { name: 'SC hardware model', values: r.scCounts.map((x) => x / n) },
      { name: 'exact p-bit sampler', values: r.exactCounts.map((x) => x / n) },
      { name: 'Boltzmann law exp(-βE)/Z', values: r.boltzmann },
    ],
  });
}

// ---------------------------------------------------------------------------------------------------------
// One traced run, for the notebook's time-series plot

/** Runs one traced read of an ablation circuit and plots energy above ground, I0 and validity per cycle. */
export function scTraceFigure(config: Partial<ScAblationConfig> = {}) {
  const c = { ...BASE, numReads: 1, cycles: 2000, ...config };
  const { model, valid } = ablationCircuit(c.circuit);
  const run = runSc(model, {
    numReads: 1,
    seed: c.seed,
    cycles: c.cycles,
    i0: ablationI0(c),
    noise: c.noise,
    noiseKind: c.noiseKind,
    ...(c.noiseKind === 'sparse' ? { sparsity: c.sparsity } : {}),
    prng: c.prng,
    itanhBits: c.itanhBits,
    valid,
    trace: true,
  });
  const states = run.trace!.map((l) => JSON.parse(l)).filter((l) => l.t !== undefined && l.t > 0);
  const eMin = Math.min(...states.map((l) => l.E as number));
  const t = states.map((l) => l.t as number);
  const fig = lineWithBands({
    title: `${c.circuit}: one SC read (noise ${c.noise}, I0 ${c.i0Kind} ${c.i0From}→${c.i0To}, ${c.itanhBits}-bit counter); first valid at cycle ${run.stats[0].cyclesToValid}`,
    xTitle: 'clock cycle',
    yTitle: 'value',
    series: [
      { name: 'energy − lowest energy seen', x: t, y: states.map((l) => (l.E as number) - eMin), mode: 'lines' },
      { name: 'I0', x: t, y: states.map((l) => l.i0 as number), mode: 'lines', dash: 'dot' },
    ],
  });
  return { figure: fig, stats: run.stats[0] };
}

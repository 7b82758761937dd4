/**
 * Invertible logic with the ideal p-bit sampler (lib/samplers/exact.ts; PRX 2017 Eqs. 1-2, paper brief §2):
 * the demonstrations of Camsari et al. (PRX 7, 031014) and Smithson et al. (TCAS-I 2019) as plain-data
 * functions for notebooks/01-invertible-logic.ipynb.
 *
 *  - AND gate histograms (free, forward, backward) against the exact Boltzmann law (PRX Fig. 4);
 *  - full-adder truth-table occupancy at I0 = 0.5 (PRX's truth-table mode; Smithson Eq. 9 adder);
 *  - the 4 x 4 array multiplier run forward (multiply) and backward (factor) with an annealing schedule.
 *
 * Each function takes a typed config (defaults below, INVLOGIC_QUICK=1 shrinks them) and returns plain JSON;
 * `figures*` helpers turn results into plotly specs with lib/viz. Deviations from the papers: reads are final
 * states of independent annealed chains (PRX reads the mode over time along one chain), and beta here is
 * PRX's I0.
 */
import { InvlogicError, requireInt, requireRange } from '../lib/errors';
import { IsingModel, SampleSet, bitsToUint, enumerate, freeSpinsToState } from '../lib/ising';
import { arrayMultiplier, gate, gateToModel } from '../lib/logic';
import { ExactOrder, exactSampler } from '../lib/samplers/exact';
import type { ScheduleSpec } from '../lib/samplers/schedule';
import { couplingHeatmap, groupedBars, histogramVsExact, type PlotlyFigure } from '../lib/viz';

/** True when notebooks/CI ask for the quick scale. */
export const QUICK = process.env.INVLOGIC_QUICK === '1';

// ---------------------------------------------------------------------------------------------------------
// Gate histograms against the exact law

export interface GateHistogramConfig {
  /** Library gate name (lib/logic), e.g. AND, FA. */
  gate: string;
  /** Clamped wires as logic bits, e.g. {Y: 0}. */
  clamp: Record<string, number>;
  beta: number;
  numReads: number;
  numSweeps: number;
  seed: number;
  order: ExactOrder;
}

export interface GateHistogram {
  label: string;
  /** Free-spin state labels, e.g. 'A=0 B=1'. */
  states: string[];
  /** Sampled counts per state (sums to numReads). */
  counts: number[];
  /** Exact Boltzmann probability per state. */
  exact: number[];
  /** Which states are valid truth-table rows (ground states). */
  valid: boolean[];
  pValid: number;
  pValidExact: number;
  /** Total variation distance sampled vs exact. */
  tv: number;
}

/** Samples a gate with clamps and histograms its free states against enumerate's Boltzmann law. */
export function gateHistogram(config: GateHistogramConfig, label = ''): GateHistogram {
  requireRange('beta', config.beta, 0, 50);
  requireInt('numReads', config.numReads, 1, 1e7);
  const g = gate(config.gate);
  const clampSpins: Record<string, number> = {};
  for (const [name, bit] of Object.entries(config.clamp)) {
    if (bit !== 0 && bit !== 1) throw new InvlogicError(`clamp.${name} must be 0 or 1, got ${bit}`, `clamp.${name}`);
    clampSpins[name] = bit ? 1 : -1;
  }
  const model = gateToModel(g).withClamp(clampSpins);
  const en = enumerate(model, { beta: config.beta });
  const ss = exactSampler.sampleIsing(model, {
    numReads: config.numReads,
    numSweeps: config.numSweeps,
    beta: config.beta,
    seed: config.seed,
    order: config.order,
  });
  const counts = freeStateCounts(ss, en.free);
  const exact = Array.from(en.probabilities as Float64Array);
  const valid = Array.from(en.energies, (e) => e <= en.groundEnergy + 1e-9);
  let pValid = 0;
  let pValidExact = 0;
  let tv = 0;
  counts.forEach((c, s) => {
    const p = c / config.numReads;
    tv += Math.abs(p - exact[s]);
    if (valid[s]) {
      pValid += p;
      pValidExact += exact[s];
    }
  });
  const states = counts.map((_, s) => Array.from(en.free, (i, k) => `${model.names[i]}=${(s >>> k) & 1}`).join(' '));
  const clampText = Object.entries(config.clamp)
    .map(([n, b]) => `${n}=${b}`)
    .join(', ');
  return {
    label: label || `${config.gate}${clampText ? ` with ${clampText} clamped` : ', unclamped'}`,
    states,
    counts,
    exact,
    valid,
    pValid,
    pValidExact,
    tv: tv / 2,
  };
}

function freeStateCounts(ss: SampleSet, free: Int32Array): number[] {
  const counts = new Array<number>(2 ** free.length).fill(0);
  const spins = new Int8Array(free.length);
  for (const r of ss.records) {
    for (let k = 0; k < free.length; k++) spins[k] = r.sample[free[k]];
    counts[freeSpinsToState(spins)] += r.numOccurrences;
  }
  return counts;
}

export interface AndDemoConfig {
  /** Inverse temperature (PRX's I0). At I0 = 2 (PRX's quench value) a chain of a few tens of sweeps does not
   *  cross the gap-4 barriers between valid rows, so the unclamped histogram reflects basins of attraction
   *  rather than exp(-beta E)/Z; I0 = 1 mixes and shows the Boltzmann law. */
  beta: number;
  numReads: number;
  numSweeps: number;
  seed: number;
}

export const AND_DEMO_DEFAULTS: AndDemoConfig = { beta: 1, numReads: QUICK ? 3000 : 30000, numSweeps: 100, seed: 1 };

/** AND gate: unclamped (all four rows), forward (A=1, B=0 -> Y), backward (Y=0 and Y=1 -> A, B). */
export function andGateHistograms(config: AndDemoConfig = AND_DEMO_DEFAULTS): GateHistogram[] {
  const base = { gate: 'AND', order: 'sequential' as const, ...config };
  return [
    gateHistogram({ ...base, clamp: {} }, 'AND unclamped: the four truth-table rows'),
    gateHistogram({ ...base, clamp: { A: 1, B: 0 } }, 'AND forward: A=1, B=0 clamped'),
    gateHistogram({ ...base, clamp: { Y: 0 } }, 'AND backward: Y=0 clamped (three inputs, ~1/3 each)'),
    gateHistogram({ ...base, clamp: { Y: 1 } }, 'AND backward: Y=1 clamped (A=B=1)'),
  ];
}

export const FULL_ADDER_DEFAULTS: AndDemoConfig = { beta: 0.5, numReads: QUICK ? 5000 : 50000, numSweeps: 30, seed: 2 };

/** Full adder (Smithson Eq. 9, 5 spins) unclamped at PRX's truth-table-mode I0 = 0.5: all 32 states. */
export function fullAdderOccupancy(config: AndDemoConfig = FULL_ADDER_DEFAULTS): GateHistogram {
  return gateHistogram({ gate: 'FA', clamp: {}, order: 'sequential', ...config }, `full adder, I0 = ${config.beta}`);
}

// ---------------------------------------------------------------------------------------------------------
// 4 x 4 multiplier

export interface MultiplierConfig {
  /** Clamp the product p (backward: factor) ... */
  product?: number;
  /** ... or the operands (forward: multiply). */
  a?: number;
  b?: number;
  numReads: number;
  numSweeps: number;
  schedule: ScheduleSpec;
  seed: number;
  order: ExactOrder;
}

export const FACTOR_DEFAULTS: MultiplierConfig = {
  product: 143,
  numReads: QUICK ? 200 : 1000,
  numSweeps: 4000,
  schedule: { kind: 'geometric', from: 0.2, to: 10 },
  seed: 1,
  order: 'chromatic',
};

export const MULTIPLY_DEFAULTS: MultiplierConfig = {
  a: 3,
  b: 6,
  numReads: QUICK ? 100 : 500,
  numSweeps: 200,
  schedule: { kind: 'linear', from: 0, to: 3 },
  seed: 1,
  order: 'chromatic',
};

export interface MultiplierRun {
  /** Occurrences of each (a, b, p) read, most frequent first. */
  outcomes: { a: number; b: number; p: number; count: number; energy: number }[];
  /** The most frequent answer: p forward; the unordered pair "min x max" backward. */
  mode: string;
  modeCount: number;
  /** Fraction of reads that are correct (p = a*b with the clamped words). */
  correctFraction: number;
  /** Fraction of reads at the circuit's ground energy. */
  groundFraction: number;
  numReads: number;
  numSpins: number;
}

/** The 4 x 4 array multiplier (48 spins), optionally clamped. */
export function multiplierModel(clamp: { a?: number; b?: number; product?: number } = {}): IsingModel {
  const c = arrayMultiplier(4);
  const bits = (prefix: string, v: number, n: number): Record<string, number> =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, (v >> i) & 1]));
  if (clamp.product !== undefined) c.clampBits(bits('p', requireInt('product', clamp.product, 0, 255), 8));
  if (clamp.a !== undefined) c.clampBits(bits('a', requireInt('a', clamp.a, 0, 15), 4));
  if (clamp.b !== undefined) c.clampBits(bits('b', requireInt('b', clamp.b, 0, 15), 4));
  return c.toModel();
}

/** Runs the multiplier forward (a, b given) or backward (product given) with an annealing schedule. */
export function multiplierRun(config: MultiplierConfig): MultiplierRun {
  const backward = config.product !== undefined;
  if (backward === (config.a !== undefined || config.b !== undefined)) {
    throw new InvlogicError('give either product (backward) or a and b (forward)', 'product');
  }
  const model = multiplierModel(config);
  const ss = exactSampler.sampleIsing(model, {
    numReads: config.numReads,
    numSweeps: config.numSweeps,
    schedule: config.schedule,
    seed: config.seed,
    order: config.order,
  });
  const word = (prefix: string, n: number): number[] =>
    Array.from({ length: n }, (_, i) => model.indexOf(`${prefix}${i}`));
  const [ai, bi, pi] = [word('a', 4), word('b', 4), word('p', 8)];
  const byKey = new Map<string, { a: number; b: number; p: number; count: number; energy: number }>();
  const answers = new Map<string, number>();
  let correct = 0;
  const ground = ss.first.energy;
  let atGround = 0;
  for (const r of ss.records) {
    const a = bitsToUint(r.sample, ai);
    const b = bitsToUint(r.sample, bi);
    const p = bitsToUint(r.sample, pi);
    const key = `${a},${b},${p}`;
    const o = byKey.get(key) ?? { a, b, p, count: 0, energy: r.energy };
    o.count += r.numOccurrences;
    o.energy = Math.min(o.energy, r.energy);
    byKey.set(key, o);
    const answer = backward ? `${Math.min(a, b)} x ${Math.max(a, b)}` : `${p}`;
    answers.set(answer, (answers.get(answer) ?? 0) + r.numOccurrences);
    if (a * b === p) correct += r.numOccurrences;
    if (r.energy === ground) atGround += r.numOccurrences;
  }
  const [mode, modeCount] = [...answers].reduce((x, y) => (y[1] > x[1] ? y : x));
  return {
    outcomes: [...byKey.values()].sort((x, y) => y.count - x.count),
    mode,
    modeCount,
    correctFraction: correct / ss.numReads,
    groundFraction: atGround / ss.numReads,
    numReads: ss.numReads,
    numSpins: model.n,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Figures (lib/viz builders)

/** Sampled vs exact histogram of one gate run. */
export function gateHistogramFigure(h: GateHistogram): PlotlyFigure {
  return histogramVsExact({
    title: `${h.label}: TV distance ${h.tv.toFixed(4)}`,
    xTitle: 'free-spin state',
    yTitle: 'probability',
    categories: h.states,
    counts: h.counts,
    exact: h.exact,
    observedName: 'p-bit sampler',
  });
}

/** Answers of a multiplier run, most frequent first (top `k`). */
export function multiplierFigure(run: MultiplierRun, title: string, k = 10): PlotlyFigure {
  const answers = new Map<string, number>();
  for (const o of run.outcomes) {
    const key = title.includes('factor') ? `${Math.min(o.a, o.b)} x ${Math.max(o.a, o.b)}` : `p = ${o.p}`;
    answers.set(key, (answers.get(key) ?? 0) + o.count);
  }
  const top = [...answers].sort((x, y) => y[1] - x[1]).slice(0, k);
  return groupedBars({
    title,
    xTitle: 'answer read from the spins',
    yTitle: `fraction of ${run.numReads} reads`,
    categories: top.map(([key]) => key),
    series: [{ name: 'reads', values: top.map(([, c]) => c / run.numReads) }],
  });
}

/** Heat map of the 4 x 4 multiplier's J matrix with biases. */
export function multiplierCouplingFigure(): PlotlyFigure {
  return couplingHeatmap(multiplierModel(), { title: '4 x 4 array multiplier: couplings J (and biases h)' });
}

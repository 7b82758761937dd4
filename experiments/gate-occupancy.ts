/**
 * Gate occupancy vs beta: how often the ideal p-bit sampler (lib/samplers/exact.ts, PRX 2017 Eqs. 1-2) finds
 * a logic gate in each of its states, against the exact Boltzmann law exp(-beta E)/Z from enumeration
 * (lib/ising enumerate), as beta grows. The valid rows of the truth table are the ground states, so
 * P(valid) rises from (#valid / #states) at beta = 0 towards 1. This is the check behind PRX 2017 Fig. 7
 * (AND gate vs the Boltzmann law; paper brief §6.3) and the smallest end-to-end demo of the sweep machinery.
 * Sweeping the chain length (numSweeps) as well shows the finite-time side: at large beta a short chain
 * started at random does not mix among the valid rows, so the histogram departs from exp(-beta E)/Z even
 * though P(valid) is right.
 *
 *   invlogic sweep gate-occupancy --grid beta=0.5,1,2 --grid seed=1..3
 */
import { InvlogicError, requireInt, requireRange } from '../lib/errors';
import { enumerate, freeSpinsToState } from '../lib/ising';
import { gate, gateToModel, GATE_NAMES } from '../lib/logic';
import { exactSampler } from '../lib/samplers/exact';
import { defineExperiment, type ResultRow } from '../lib/sweep';
import { aggregateSeries, errorBarText, histogramVsExact, lineWithBands } from '../lib/viz';

export interface GateOccupancyConfig {
  /** Library gate (lib/logic GATE_NAMES), e.g. AND. */
  gate: string;
  /** Constant inverse temperature of the p-bits (I0 in PRX notation). */
  beta: number;
  /** Independent chains; each contributes its final state. */
  numReads: number;
  /** Sweeps per chain (each updates every spin once). */
  numSweeps: number;
  seed: number;
}

export interface GateOccupancyResult {
  /** State labels, bit k of the state index = spin k (+1 -> 1), printed spin 0 first, e.g. 'A=1 B=0 Y=0'. */
  states: string[];
  /** Sampled count of each state (sums to numReads). */
  counts: number[];
  /** Exact Boltzmann probability of each state. */
  exact: number[];
  /** Sampled fraction of reads in a valid row (a ground state). */
  pValid: number;
  /** Exact Boltzmann probability of the valid rows. */
  pValidExact: number;
  /** Total variation distance between the sampled and exact laws, 0.5 sum |p - q|. */
  tvDistance: number;
}

export const gateOccupancy = defineExperiment<GateOccupancyConfig, GateOccupancyResult>({
  name: 'gate-occupancy',
  version: 1,
  module: __filename,
  title: 'Gate occupancy vs beta: ideal p-bit sampler against the Boltzmann law',
  description:
    'Samples a library gate with the exact p-bit Gibbs sampler at constant beta and compares the state histogram with exact enumeration.',
  defaults: { gate: 'AND', beta: 1, numReads: 4000, numSweeps: 100, seed: 1 },
  quick: { numReads: 1000 },
  sweep: { grid: { beta: [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3], numSweeps: [10, 100, 1000], seed: [1, 2, 3, 4, 5] } },
  quickSweep: { grid: { beta: [0, 0.5, 1, 2], numSweeps: [10, 100], seed: [1, 2, 3] } },
  validate(c) {
    if (!GATE_NAMES.includes(String(c.gate).toUpperCase())) {
      throw new InvlogicError(`gate must be one of ${GATE_NAMES.join('|')}, got ${c.gate}`, 'gate');
    }
    requireRange('beta', c.beta, 0, 50);
    requireInt('numReads', c.numReads, 1, 10_000_000);
    requireInt('numSweeps', c.numSweeps, 1, 1_000_000);
    requireInt('seed', c.seed, 0, 2 ** 31);
  },
  run(c) {
    const g = gate(c.gate);
    const model = gateToModel(g);
    const en = enumerate(model, { beta: c.beta });
    const f = en.free.length;
    const numStates = 2 ** f;
    const counts = new Array<number>(numStates).fill(0);
    const set = exactSampler.sampleIsing(model, {
      numReads: c.numReads,
      numSweeps: c.numSweeps,
      beta: c.beta,
      seed: c.seed,
    });
    const freeSpins = new Int8Array(f);
    for (const rec of set.records) {
      for (let k = 0; k < f; k++) freeSpins[k] = rec.sample[en.free[k]];
      counts[freeSpinsToState(freeSpins)] += rec.numOccurrences;
    }
    const exact = Array.from(en.probabilities!);
    const tol = 1e-9;
    let pValid = 0;
    let pValidExact = 0;
    let tv = 0;
    for (let s = 0; s < numStates; s++) {
      const p = counts[s] / c.numReads;
      tv += Math.abs(p - exact[s]);
      if (en.energies[s] <= en.groundEnergy + tol) {
        pValid += p;
        pValidExact += exact[s];
      }
    }
    const states = Array.from({ length: numStates }, (_, s) =>
      Array.from({ length: f }, (_, k) => `${model.names[en.free[k]]}=${(s >>> k) & 1}`).join(' '),
    );
    return { states, counts, exact, pValid, pValidExact, tvDistance: tv / 2 };
  },
  paper: {
    order: 10,
    figures: ['pvalid-vs-beta', 'tv-vs-beta', 'histogram'],
    tables: ['summary'],
    report(rows, ctx) {
      return gateOccupancyReport(rows, ctx.command);
    },
  },
});

type Row = ResultRow<GateOccupancyConfig, GateOccupancyResult>;

/** Figures, summary table and claims from a gate-occupancy sweep (also used by notebooks). */
export function gateOccupancyReport(rows: readonly Row[], command: string) {
  if (rows.length === 0) throw new InvlogicError('gate-occupancy report needs at least one row', 'rows');
  const flat = rows.map((r) => ({
    gate: r.config.gate,
    beta: r.config.beta,
    numSweeps: r.config.numSweeps,
    seed: r.config.seed,
    pValid: r.result.pValid,
    pValidExact: r.result.pValidExact,
    tv: r.result.tvDistance,
  }));
  const gateName = rows[0].config.gate;
  const numReads = rows[0].config.numReads;
  const seeds = new Set(rows.map((r) => r.config.seed)).size;
  const longest = Math.max(...rows.map((r) => r.config.numSweeps));
  const atLongest = flat.filter((r) => r.numSweeps === longest);
  // P(valid) vs beta: one line per chain length, the exact law dashed.
  const sampled = aggregateSeries(flat, { x: 'beta', y: 'pValid', group: 'numSweeps', spread: 'std' });
  const exactLine = aggregateSeries(atLongest, { x: 'beta', y: 'pValidExact', spread: 'minmax' })[0];
  const pvalid = lineWithBands({
    title: `${gateName}: P(valid row) vs beta, ideal p-bit sampler (${numReads} reads per seed)`,
    xTitle: 'β = I0, inverse pseudo-temperature (dimensionless)',
    yTitle: 'P(valid truth-table row) (fraction)',
    errorBars: errorBarText('std', seeds),
    series: [
      ...sampled.map((s) => ({ name: sweepsLabel(s.name), x: s.x, y: s.y, lower: s.lower, upper: s.upper })),
      { name: 'exact Boltzmann law', x: exactLine.x, y: exactLine.y, mode: 'lines', dash: 'dash' as const },
    ],
  });
  const tvSeries = aggregateSeries(flat, { x: 'beta', y: 'tv', group: 'numSweeps', spread: 'std' });
  // Expected TV distance of a perfect sampler with N reads (half-normal approximation per state):
  // E|p_hat - p| ~ sqrt(2 p (1 - p) / (pi N)), so E[TV] ~ 0.5 sum_s sqrt(2 p_s (1 - p_s) / (pi N)).
  const floorOf = (exact: readonly number[]): number =>
    0.5 * exact.reduce((a, p) => a + Math.sqrt((2 * p * (1 - p)) / (Math.PI * numReads)), 0);
  const noiseByBeta = new Map<number, number>();
  for (const r of rows) noiseByBeta.set(r.config.beta, floorOf(r.result.exact));
  const noiseX = [...noiseByBeta.keys()].sort((a, b) => a - b);
  const noiseY = noiseX.map((b) => noiseByBeta.get(b)!);
  const tvFigure = lineWithBands({
    title: `${gateName}: distance of the sampled law from exp(-βE)/Z`,
    xTitle: 'β = I0, inverse pseudo-temperature (dimensionless)',
    yTitle: 'total variation distance (fraction)',
    errorBars: errorBarText('std', seeds),
    series: [
      ...tvSeries.map((s) => ({ name: sweepsLabel(s.name), x: s.x, y: s.y, lower: s.lower, upper: s.upper })),
      { name: 'sampling-noise floor', x: noiseX, y: noiseY, mode: 'lines', dash: 'dot' as const },
    ],
  });
  // Histogram at the largest beta and the longest chains, all seeds pooled.
  const betaMax = Math.max(...atLongest.map((r) => r.beta));
  const hist = rows.filter((r) => r.config.beta === betaMax && r.config.numSweeps === longest);
  const counts = hist[0].result.counts.map((_, s) => hist.reduce((a, r) => a + r.result.counts[s], 0));
  const histogram = histogramVsExact({
    title: `${gateName} states at beta = ${betaMax}, ${longest} sweeps (${counts.reduce((a, b) => a + b, 0)} reads pooled)`,
    xTitle: 'state',
    yTitle: 'probability (fraction)',
    categories: hist[0].result.states,
    counts,
    exact: hist[0].result.exact,
  });
  const summary = sampled.flatMap((s, k) =>
    s.x.map((beta, i) => {
      const sweeps = Number(s.name.replace(/^numSweeps=/, ''));
      const cell = flat.filter((r) => r.numSweeps === sweeps && r.beta === beta);
      return {
        gate: gateName,
        numSweeps: sweeps,
        beta,
        seeds: s.n[i],
        pValidMean: round(s.y[i]),
        pValidStd: round(s.y[i] - s.lower[i]),
        pValidExact: round(cell[0].pValidExact),
        tvMean: round(tvSeries[k].y[i]),
        tvStd: round(tvSeries[k].y[i] - tvSeries[k].lower[i]),
      };
    }),
  );
  const converged = summary.filter((r) => r.numSweeps === longest);
  const worst = converged.reduce((a, r) =>
    Math.abs(r.pValidMean - r.pValidExact) > Math.abs(a.pValidMean - a.pValidExact) ? r : a,
  );
  // "Mixed": mean TV within twice the sampling-noise floor of a perfect sampler.
  const mixed = converged.filter((r) => r.tvMean <= 2 * noiseByBeta.get(r.beta as number)!);
  const unmixed = converged.filter((r) => !mixed.includes(r));
  const betaMixed = mixed.length > 0 ? Math.max(...mixed.map((r) => r.beta as number)) : undefined;
  const tvMixed = mixed.length > 0 ? Math.max(...mixed.map((r) => r.tvMean)) : undefined;
  const floorText = Math.max(...noiseY).toFixed(4);
  return {
    figures: [
      {
        name: 'pvalid-vs-beta',
        figure: pvalid,
        caption: 'Sampled P(valid) (mean ± std over seeds) for each chain length, against the exact Boltzmann law.',
      },
      {
        name: 'tv-vs-beta',
        figure: tvFigure,
        caption:
          'Total variation distance between sampled and exact state laws, with the floor a perfect sampler would show at this number of reads: short chains do not mix among the valid rows at large beta.',
      },
      {
        name: 'histogram',
        figure: histogram,
        caption: `State histogram at beta = ${betaMax}, ${longest} sweeps, binomial ±1 s.e. bars, against exp(-βE)/Z.`,
      },
    ],
    tables: [{ name: 'summary', rows: summary }],
    claims: [
      {
        claim: `An ideal p-bit network samples the Boltzmann law of the gate Hamiltonian (${gateName}; PRX 2017 Fig. 7)`,
        paperValue: 'agreement (shown graphically)',
        source: '[FT: Camsari PRX 2017]',
        ourValue:
          `P(valid) within ${Math.abs(worst.pValidMean - worst.pValidExact).toFixed(4)} of exact at every beta; ` +
          (betaMixed === undefined
            ? 'full state law not within sampling noise at any beta'
            : `full state law within sampling noise (mean TV ≤ ${tvMixed!.toFixed(4)}, floor ≈ ${floorText}) for beta ≤ ${betaMixed}`) +
          ` (${longest} sweeps, ${numReads} reads × ${seeds} seeds)`,
        note:
          unmixed.length > 0
            ? `at beta ${unmixed.map((r) => r.beta).join(', ')} chains of ${longest} sweeps do not mix among the valid rows (mean TV up to ${Math.max(...unmixed.map((r) => r.tvMean)).toFixed(3)}): longer chains or an annealing schedule are needed, see tv-vs-beta`
            : undefined,
        command,
      },
    ],
    notes: [
      `Exact p-bit Gibbs sampler (lib/samplers/exact.ts), constant beta, each read the final state of a chain of numSweeps sweeps from a uniformly random start; chain lengths ${[...new Set(rows.map((r) => r.config.numSweeps))].sort((a, b) => a - b).join(', ')}.`,
    ],
  };
}

function sweepsLabel(group: string): string {
  return `${group.replace(/^numSweeps=/, '')} sweeps`;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

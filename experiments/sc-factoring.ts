/**
 * Cycles to solution of the SC spin-gate model used as a factorizer (paper brief §3.1, Smithson et al.
 * TCAS-I 2019 §6, Table 4 and Fig. 15): the n x n array multiplier of lib/logic with its product clamped; a
 * read stops at the first cycle where the inputs a, b read a factorisation a * b = N (a solution checker,
 * `stopOnValid`), and the cycle count is recorded. Smithson's ASIC (5-bit x 5-bit): mean 430 cycles over the
 * 340 distinct products ("general"), 219 over the 66 products of two primes; worst case 8192 / 2048.
 * We sweep every distinct product of the 4x4 multiplier (90) and of the 5x5 multiplier (340).
 *
 *   npm run paper -- --only sc-factoring          (INVLOGIC_QUICK=1 / --quick: a subset, fewer reads)
 *   invlogic sweep sc-factoring --set numReads=40
 *
 * Valid = the answer on the input wires is a factorisation (any a, b with a * b = N, including 1 x N and
 * 0 x b, as in Smithson's 340 "general" outputs); internal wires need not be consistent at that cycle.
 */
import { InvlogicError, requireInt, requireOneOf, requireRange } from '../lib/errors';
import { bitsToUint } from '../lib/ising';
import { arrayMultiplier } from '../lib/logic';
import { runSc, SC_NOISE_KINDS, SC_PRNGS, type ScNoiseKind, type ScPrng } from '../lib/samplers/sc';
import { defineExperiment, type ResultRow } from '../lib/sweep';
import { cdf, groupedBars } from '../lib/viz';

/**
 * 'sawtooth': the SSA-style schedule of the group's later work (brief §3.2): constant noise, I0 ramped
 * geometrically i0From -> i0To every iterCycles. 'smithson': Smithson's factorizer run (brief §3.1): constant
 * I0 = i0To, noise amplitude noiseHigh for the first half of the budget and `noise` for the second, h and J
 * scaled by coefficientScale (5-bit weights).
 */
export const SC_FACTORING_SCHEMES = ['sawtooth', 'smithson'] as const;
export type ScFactoringScheme = (typeof SC_FACTORING_SCHEMES)[number];

export interface ScFactoringConfig {
  scheme: ScFactoringScheme;
  /** Input width n of the n x n multiplier (4: 48 spins, 5: 75 spins). */
  inputBits: number;
  /** The clamped product N (0 <= N < 2^(2n)). */
  product: number;
  numReads: number;
  /** Cycle budget per read (a read that has not found a factorisation by then counts as unsolved). */
  maxCycles: number;
  /** Length T_iter of one I0 ramp; the ramp repeats as a sawtooth (brief §3.2). */
  iterCycles: number;
  /** Geometric I0 ramp from i0From to i0To. */
  i0From: number;
  i0To: number;
  /** Noise amplitude n_rnd (smithson: of the second half). */
  noise: number;
  /** smithson: noise amplitude of the first half (Smithson: 11 -> 5). */
  noiseHigh: number;
  /** h and J multiplied by this before loading (must stay integers within weightBits). */
  coefficientScale: number;
  noiseKind: ScNoiseKind;
  /** Fraction of zeros for noiseKind sparse. */
  sparsity: number;
  prng: ScPrng;
  itanhBits: number;
  weightBits: number;
  seed: number;
}

export interface ScFactoringResult {
  /** Cycles to the first factorisation per read (null: not within maxCycles). */
  cycles: (number | null)[];
  solved: number;
  meanCycles: number | null;
  maxCycles: number | null;
  /** N is a product of two primes (Smithson's "primes" class). */
  semiprime: boolean;
  /** Distinct factorisations found, e.g. ["5x11", "11x5"]. */
  factors: string[];
}

const isPrime = (p: number): boolean => {
  if (p < 2) return false;
  for (let d = 2; d * d <= p; d++) if (p % d === 0) return false;
  return true;
};

/** Distinct products of two n-bit numbers, ascending. */
export function distinctProducts(inputBits: number): number[] {
  const m = 2 ** inputBits;
  const s = new Set<number>();
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) s.add(a * b);
  return [...s].sort((x, y) => x - y);
}

/** N = p q with p, q prime and both < 2^n. */
export function isSemiprime(n: number, inputBits: number): boolean {
  for (let p = 2; p < 2 ** inputBits; p++)
    if (n % p === 0 && isPrime(p) && isPrime(n / p) && n / p < 2 ** inputBits) return true;
  return false;
}

/** Per-scheme settings (the sweep's list entries carry them). */
const SCHEME_SETTINGS: Record<ScFactoringScheme, Partial<ScFactoringConfig>> = {
  sawtooth: { scheme: 'sawtooth', noise: 4, i0From: 1, i0To: 32, coefficientScale: 1 },
  smithson: { scheme: 'smithson', noise: 5, noiseHigh: 11, i0To: 8, coefficientScale: 2 },
};

const PRODUCT_LIST = (quick: boolean): Record<string, string | number>[] => {
  const out: Record<string, string | number>[] = [];
  for (const scheme of SC_FACTORING_SCHEMES)
    for (const p of productList(quick))
      out.push({ ...(SCHEME_SETTINGS[scheme] as Record<string, string | number>), ...p });
  return out;
};

const productList = (quick: boolean): { inputBits: number; product: number }[] => {
  const out: { inputBits: number; product: number }[] = [];
  for (const inputBits of [4, 5]) {
    const all = distinctProducts(inputBits);
    // Quick: every 4th 4-bit product and every 12th 5-bit product (plus the largest).
    const step = quick ? (inputBits === 4 ? 4 : 12) : 1;
    all.forEach((product, k) => {
      if (k % step === 0 || k === all.length - 1) out.push({ inputBits, product });
    });
  }
  return out;
};

export const scFactoring = defineExperiment<ScFactoringConfig, ScFactoringResult>({
  name: 'sc-factoring',
  version: 2,
  module: __filename,
  title: 'SC spin-gate factorizer: cycles to solution over all products of the 4x4 and 5x5 multipliers',
  description:
    'Clamps every distinct product of the n x n array multiplier, runs the SC hardware model until the inputs read a factorisation, and records the cycles (Smithson TCAS-I 2019 Table 4 / Fig. 15).',
  defaults: {
    scheme: 'sawtooth',
    inputBits: 5,
    product: 899,
    numReads: 20,
    maxCycles: 16384,
    iterCycles: 500,
    i0From: 1,
    i0To: 32,
    noise: 4,
    noiseHigh: 11,
    coefficientScale: 1,
    noiseKind: 'dense',
    sparsity: 0.5,
    prng: 'xorshift64p',
    itanhBits: 8,
    weightBits: 5,
    seed: 1,
  },
  quick: { numReads: 4 },
  sweep: { list: PRODUCT_LIST(false) },
  quickSweep: { list: PRODUCT_LIST(true) },
  validate(c) {
    requireOneOf('scheme', c.scheme, SC_FACTORING_SCHEMES);
    requireInt('inputBits', c.inputBits, 2, 8);
    requireInt('product', c.product, 0, 4 ** c.inputBits - 1);
    if (!distinctProducts(c.inputBits).includes(c.product)) {
      throw new InvlogicError(`product ${c.product} is not a product of two ${c.inputBits}-bit numbers`, 'product');
    }
    requireInt('numReads', c.numReads, 1, 1e6);
    requireInt('maxCycles', c.maxCycles, 1, 2 ** 26);
    requireInt('iterCycles', c.iterCycles, 1, c.maxCycles);
    requireRange('i0From', c.i0From, 1, 2 ** 23);
    requireRange('i0To', c.i0To, 1, 2 ** 23);
    requireInt('noise', c.noise, 0, 2 ** 15 - 1);
    requireInt('noiseHigh', c.noiseHigh, 0, 2 ** 15 - 1);
    requireRange('coefficientScale', c.coefficientScale, 1e-6, 1e6);
    requireOneOf('noiseKind', c.noiseKind, SC_NOISE_KINDS);
    requireRange('sparsity', c.sparsity, 0, 1);
    requireOneOf('prng', c.prng, SC_PRNGS);
    requireInt('seed', c.seed, 0, 2 ** 31);
  },
  run(c) {
    const model = arrayMultiplier(c.inputBits).toModel();
    const idx = (p: string, k: number): number[] => Array.from({ length: k }, (_, i) => model.indexOf(`${p}${i}`));
    const A = idx('a', c.inputBits);
    const B = idx('b', c.inputBits);
    const clamp = Object.fromEntries(
      Array.from({ length: 2 * c.inputBits }, (_, k) => [`p${k}`, (c.product >> k) & 1 ? 1 : -1]),
    );
    const N = c.product;
    const run = runSc(model.withClamp(clamp), {
      numReads: c.numReads,
      seed: c.seed,
      cycles: c.maxCycles,
      ...(c.scheme === 'sawtooth'
        ? {
            i0: {
              kind: 'sawtooth' as const,
              ramp: { kind: 'geometric' as const, from: c.i0From, to: c.i0To },
              iterations: Math.max(1, Math.round(c.maxCycles / c.iterCycles)),
            },
            noise: c.noise,
          }
        : { i0: c.i0To, noise: { kind: 'steps' as const, values: [c.noiseHigh, c.noise] } }),
      coefficientScale: c.coefficientScale,
      noiseKind: c.noiseKind,
      ...(c.noiseKind === 'sparse' ? { sparsity: c.sparsity } : {}),
      prng: c.prng,
      itanhBits: c.itanhBits,
      weightBits: c.weightBits,
      valid: (m) => bitsToUint(m, A) * bitsToUint(m, B) === N,
      stopOnValid: true,
    });
    const cycles = run.stats.map((s) => s.cyclesToValid);
    const solved = cycles.filter((x): x is number => x !== null);
    const factors = new Set<string>();
    run.reads.forEach((m, r) => {
      if (cycles[r] !== null) factors.add(`${bitsToUint(m, A)}x${bitsToUint(m, B)}`);
    });
    return {
      cycles,
      solved: solved.length,
      meanCycles: solved.length ? solved.reduce((a, b) => a + b, 0) / solved.length : null,
      maxCycles: solved.length ? Math.max(...solved) : null,
      semiprime: isSemiprime(N, c.inputBits),
      factors: [...factors].sort(),
    };
  },
  paper: {
    order: 30,
    figures: ['cycles-cdf', 'cycles-histogram'],
    tables: ['summary'],
    report(rows, ctx) {
      return scFactoringReport(rows, ctx.command);
    },
  },
});

type Row = ResultRow<ScFactoringConfig, ScFactoringResult>;

/** Smithson et al. TCAS-I 2019, Table 4 (5-bit ASIC, 200 MHz) [FT]. */
export const SMITHSON_ASIC = {
  general: { meanCycles: 430, worstCycles: 8192, outputs: 340 },
  primes: { meanCycles: 219, worstCycles: 2048, outputs: 66 },
};

interface ClassStats {
  scheme: string;
  multiplier: string;
  set: string;
  products: number;
  reads: number;
  solved: number;
  meanCycles: number | null;
  medianCycles: number | null;
  p95Cycles: number | null;
  maxCycles: number | null;
  smithsonMean: number | null;
  smithsonWorst: number | null;
  /** Mean cycles of blind guessing: a uniformly random (a, b) each cycle, 2^(2n) / #{(a, b): a b = N}. */
  randomGuessMean: number;
}

/** Expected cycles until a uniformly random (a, b) per cycle is a factorisation of N (geometric mean 1/p). */
export function randomGuessCycles(product: number, inputBits: number): number {
  const m = 2 ** inputBits;
  let pairs = 0;
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) if (a * b === product) pairs++;
  return (m * m) / pairs;
}

function classStats(
  scheme: string,
  multiplier: string,
  set: string,
  rows: readonly Row[],
  smithson?: { meanCycles: number; worstCycles: number },
): ClassStats {
  const all = rows.flatMap((r) => r.result.cycles);
  const solved = all.filter((x): x is number => x !== null).sort((a, b) => a - b);
  const q = (p: number): number | null =>
    solved.length ? solved[Math.min(solved.length - 1, Math.floor(p * solved.length))] : null;
  return {
    scheme,
    multiplier,
    set,
    products: rows.length,
    reads: all.length,
    solved: solved.length,
    meanCycles: solved.length ? Math.round((solved.reduce((a, b) => a + b, 0) / solved.length) * 10) / 10 : null,
    medianCycles: q(0.5),
    p95Cycles: q(0.95),
    maxCycles: solved.length ? solved[solved.length - 1] : null,
    smithsonMean: smithson?.meanCycles ?? null,
    smithsonWorst: smithson?.worstCycles ?? null,
    randomGuessMean:
      Math.round(
        (rows.reduce((a, r) => a + randomGuessCycles(r.config.product, r.config.inputBits), 0) /
          Math.max(1, rows.length)) *
          10,
      ) / 10,
  };
}

/** Figures, summary table and claims of an sc-factoring sweep (also used by notebook 02). */
export function scFactoringReport(rows: readonly Row[], command: string) {
  if (rows.length === 0) throw new InvlogicError('sc-factoring report needs at least one row', 'rows');
  const schemes = SC_FACTORING_SCHEMES.filter((sc) => rows.some((r) => r.config.scheme === sc));
  const by = (scheme: string, bits: number, semi?: boolean): Row[] =>
    rows.filter(
      (r) =>
        r.config.scheme === scheme &&
        r.config.inputBits === bits &&
        (semi === undefined || r.result.semiprime === semi),
    );
  const summary: ClassStats[] = [];
  const seriesRows: Row[][] = [];
  for (const scheme of schemes) {
    for (const bits of [4, 5]) {
      if (by(scheme, bits).length === 0) continue;
      const name = `${bits}x${bits}`;
      summary.push(
        classStats(
          scheme,
          name,
          'all distinct products',
          by(scheme, bits),
          bits === 5 ? SMITHSON_ASIC.general : undefined,
        ),
      );
      seriesRows.push(by(scheme, bits));
      summary.push(
        classStats(
          scheme,
          name,
          'products of two primes',
          by(scheme, bits, true),
          bits === 5 ? SMITHSON_ASIC.primes : undefined,
        ),
      );
      seriesRows.push(by(scheme, bits, true));
    }
  }
  const series = summary
    .map((s, k) => ({
      s,
      name: `${s.scheme}, ${s.multiplier}, ${s.set} (${s.products})`,
      values: seriesRows[k].flatMap((r) => r.result.cycles.filter((x): x is number => x !== null)),
    }))
    .filter((x) => x.values.length > 0);
  const cdfFig = cdf({
    title: 'SC factorizer: cycles to the first factorisation (per read)',
    xTitle: 'cycles to the first factorisation (clock cycles)',
    yTitle: 'reads solved (fraction)',
    logX: true,
    series: series.map(({ name, values }) => ({ name, values })),
  });
  // Histogram over power-of-two bins, as Smithson Fig. 15 (fraction of reads per bin), 5x5 general only.
  const edges = Array.from({ length: 16 }, (_, k) => 2 ** k);
  const label = (k: number): string => (k === 0 ? '≤1' : `${edges[k - 1] + 1}–${edges[k]}`);
  const binOf = (x: number): number => Math.min(edges.length - 1, Math.max(0, Math.ceil(Math.log2(Math.max(1, x)))));
  const histSeries = series.filter((x) => x.s.set.startsWith('all'));
  const hist = groupedBars({
    title: 'SC factorizer: histogram of cycles to solution (all distinct products)',
    xTitle: 'cycles to solution, power-of-two bins (clock cycles)',
    yTitle: 'reads (fraction)',
    categories: edges.map((_, k) => label(k)),
    series: histSeries.map((s) => {
      const counts = new Array<number>(edges.length).fill(0);
      for (const v of s.values) counts[binOf(v)]++;
      return { name: s.name, values: counts.map((x) => x / Math.max(1, s.values.length)) };
    }),
  });
  const settingOf = (scheme: string): string => {
    const c = rows.find((r) => r.config.scheme === scheme)!.config;
    const common = `${c.itanhBits}-bit counter, ${c.weightBits}-bit J/h (h, J x ${c.coefficientScale}), ${c.prng}; budget ${c.maxCycles} cycles, ${c.numReads} reads per product`;
    return scheme === 'sawtooth'
      ? `sawtooth: dense noise ${c.noise}, I0 ${c.i0From}→${c.i0To} geometric, restarted every ${c.iterCycles} cycles, ${common}`
      : `smithson: constant I0 = ${c.i0To}, noise ${c.noiseHigh} then ${c.noise} at half the budget, ${common}`;
  };
  const claims = [];
  for (const scheme of schemes) {
    const five = summary.find((s) => s.scheme === scheme && s.multiplier === '5x5' && s.set.startsWith('all'));
    const fivePrimes = summary.find(
      (s) => s.scheme === scheme && s.multiplier === '5x5' && s.set.startsWith('products'),
    );
    if (five) {
      claims.push({
        claim: `Cycles to convergence, 5x5-bit factorizer, general factorisation (Smithson TCAS-I 2019 Table 4); our ${scheme} schedule`,
        paperValue: 'mean 430, worst 8192 (340 outputs, ASIC)',
        source: '[FT: Smithson TCAS-I 2019]',
        ourValue: `mean ${five.meanCycles}, median ${five.medianCycles}, worst ${five.maxCycles}; ${five.solved}/${five.reads} reads solved (${five.products} products); blind random guessing would need ${five.randomGuessMean} on average`,
        command,
        note: `SC model of lib/samplers/sc.ts (SSA/SSQA update, first hit of a factorisation on the input wires): ${settingOf(scheme)}`,
      });
    }
    if (fivePrimes) {
      claims.push({
        claim: `Cycles to convergence, 5x5-bit factorizer, products of two primes (Smithson Table 4); our ${scheme} schedule`,
        paperValue: 'mean 219, worst 2048 (66 outputs, ASIC)',
        source: '[FT: Smithson TCAS-I 2019]',
        ourValue: `mean ${fivePrimes.meanCycles}, median ${fivePrimes.medianCycles}, worst ${fivePrimes.maxCycles}; ${fivePrimes.solved}/${fivePrimes.reads} reads solved (${fivePrimes.products} products); blind random guessing: ${fivePrimes.randomGuessMean}`,
        command,
      });
    }
  }
  return {
    figures: [
      {
        name: 'cycles-cdf',
        figure: cdfFig,
        caption:
          'Empirical CDF of cycles to the first factorisation, per read, for both schedules (settings in the notes).',
      },
      {
        name: 'cycles-histogram',
        figure: hist,
        caption: 'Histogram of cycles to solution in power-of-two bins (compare Smithson Fig. 15).',
      },
    ],
    tables: [{ name: 'summary', rows: summary.map((s) => ({ ...s })) }],
    claims,
    notes: [
      'Baseline for scale: guessing (a, b) uniformly at random every cycle finds a factorisation after 2^(2n) / #factorisations cycles on average (column randomGuessMean); trivial products (0, small N with many factor pairs) are found almost at once by any method.',
      'Each product N is clamped on the product wires; a read stops at the first cycle whose inputs satisfy a x b = N (stopOnValid).',
      ...schemes.map(settingOf),
    ],
  };
}

/**
 * Shared sampler-conformance checks: any Sampler must reproduce the exact Boltzmann law of small models (from
 * lib/ising enumerate) and be deterministic in its seed. Usage in a test file:
 *
 *   samplerConformance('exact sequential', exactSampler, ({ numReads, beta, seed }) =>
 *     ({ numReads, beta, seed, numSweeps: 30 }));
 *
 * The statistical bound. Each read is an independent draw (one chain per read), so the N reads are i.i.d.
 * from the sampler's law q, and the empirical distribution p^ over the K free states is multinomial. We test
 * TV(p^, p) = 1/2 sum_k |p^_k - p_k| against the exact law p:
 *   - E[TV] <= 1/2 sum_k sqrt(p_k (1 - p_k) / N)          (Jensen: E|X| <= sqrt(Var X) per state);
 *   - changing one read moves TV by at most 1/N, so McDiarmid's inequality gives
 *     P(TV >= E[TV] + eps) <= exp(-2 N eps^2), i.e. eps = sqrt(ln(1/delta) / (2N)).
 * If q = p, TV <= bound(p, N, delta) with probability >= 1 - delta (delta = 1e-6 here). The seeds are fixed,
 * so the test is deterministic; delta is the chance that a correct sampler with an arbitrary seed fails.
 * A sampler whose chains have not mixed after its sweeps (q != p) fails once TV(q, p) exceeds the slack.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IsingModel, SampleSet, enumerate } from '../../lib/ising';
import type { BaseSampleOptions, Sampler } from '../../lib/samplers/types';
import { randomSmallModel } from './random-models';

/** TV bound of the file comment: 1/2 sum_k sqrt(p_k (1 - p_k) / N) + sqrt(ln(1/delta) / (2N)). */
export function multinomialTvBound(p: ArrayLike<number>, numReads: number, delta: number): number {
  let expected = 0;
  for (let k = 0; k < p.length; k++) expected += Math.sqrt((p[k] * (1 - p[k])) / numReads);
  return expected / 2 + Math.sqrt(Math.log(1 / delta) / (2 * numReads));
}

/** Empirical distribution of a SampleSet over the free states of `model` (state index as in enumerate). */
export function empiricalFreeDistribution(model: IsingModel, ss: SampleSet, free: ArrayLike<number>): Float64Array {
  const counts = new Float64Array(2 ** free.length);
  let total = 0;
  for (const r of ss.records) {
    for (const [i, s] of model.clamp)
      assert.equal(r.sample[i], s, `clamped spin ${model.names[i]} must keep its value`);
    let state = 0;
    for (let k = 0; k < free.length; k++) if (r.sample[free[k]] > 0) state |= 1 << k;
    counts[state] += r.numOccurrences;
    total += r.numOccurrences;
  }
  for (let s = 0; s < counts.length; s++) counts[s] /= total;
  return counts;
}

export interface BoltzmannCheck {
  tv: number;
  bound: number;
  numStates: number;
}

/** TV between the sampler's reads and the exact Boltzmann law at `beta`, with the bound for `delta`. */
export function boltzmannCheck(model: IsingModel, ss: SampleSet, beta: number, delta = 1e-6): BoltzmannCheck {
  const exact = enumerate(model, { beta });
  const p = exact.probabilities as Float64Array;
  const q = empiricalFreeDistribution(model, ss, exact.free);
  let tv = 0;
  for (let s = 0; s < p.length; s++) tv += Math.abs(q[s] - p[s]);
  return { tv: tv / 2, bound: multinomialTvBound(p, ss.numReads, delta), numStates: p.length };
}

export interface ConformanceArgs {
  numReads: number;
  beta: number;
  seed: number;
}

export interface ConformanceConfig {
  /** Reads per model (default 20000). */
  numReads?: number;
  /** Cases (default: the 8 below). */
  cases?: ConformanceCase[];
}

export interface ConformanceCase {
  seed: number;
  n: number;
  numClamped: number;
  beta: number;
  /** Multiplies h and J (non-integer values exercise float paths). */
  scale?: number;
}

/** Default cases: 3-10 spins, with and without clamps, beta 0.3-1. */
export const DEFAULT_CASES: ConformanceCase[] = [
  { seed: 1, n: 3, numClamped: 0, beta: 1 },
  { seed: 2, n: 5, numClamped: 0, beta: 0.5 },
  { seed: 3, n: 6, numClamped: 1, beta: 0.7 },
  { seed: 4, n: 7, numClamped: 2, beta: 0.5 },
  { seed: 5, n: 8, numClamped: 3, beta: 0.3 },
  { seed: 6, n: 4, numClamped: 1, beta: 1 },
  { seed: 7, n: 10, numClamped: 4, beta: 0.4 },
  { seed: 8, n: 6, numClamped: 0, beta: 0.6 },
];

/**
 * Registers a node:test suite: Boltzmann law on random small models (with and without clamps), then seed
 * determinism. `makeOptions` turns (numReads, beta, seed) into the sampler's options; it must give the
 * chains enough sweeps to mix on <= 10 spins at beta <= 1 (30 sweeps is plenty for the exact sampler).
 */
export function samplerConformance<O extends BaseSampleOptions>(
  label: string,
  sampler: Sampler<O>,
  makeOptions: (args: ConformanceArgs) => O,
  config: ConformanceConfig = {},
): void {
  const numReads = config.numReads ?? 20000;
  const cases = config.cases ?? DEFAULT_CASES;
  describe(`sampler conformance: ${label}`, () => {
    for (const c of cases) {
      it(`matches the Boltzmann law: n=${c.n}, ${c.numClamped} clamp(s), beta=${c.beta}`, () => {
        const model = randomSmallModel(c.seed, c.n, { numClamped: c.numClamped, scale: c.scale });
        const ss = sampler.sampleIsing(model, makeOptions({ numReads, beta: c.beta, seed: 100 + c.seed }));
        assert.equal(ss.numReads, numReads);
        assert.deepEqual(ss.variables, model.names);
        for (const r of ss.records)
          assert.ok(Math.abs(r.energy - model.energy(r.sample)) < 1e-9, 'record energy = model energy');
        const { tv, bound, numStates } = boltzmannCheck(model, ss, c.beta);
        assert.ok(
          tv <= bound,
          `TV ${tv.toFixed(4)} exceeds the 1e-6 bound ${bound.toFixed(4)} over ${numStates} states`,
        );
      });
    }
    it('is deterministic in its seed', () => {
      const model = randomSmallModel(11, 8, { numClamped: 1 });
      const run = (seed: number): string =>
        JSON.stringify(sampler.sampleIsing(model, makeOptions({ numReads: 200, beta: 0.5, seed })));
      assert.equal(run(5), run(5), 'same seed, same SampleSet');
      assert.notEqual(run(5), run(6), 'different seed, different SampleSet');
    });
  });
}

/**
 * Random Ising models for tests, seeded (same seed, same model): small integer models with optional clamps
 * (the sampler conformance suite, the SC, exact and ising tests) and integer models with given coupling and
 * bias ranges (the packed sampler's tests).
 */
import { IsingModel } from '../../lib/ising';
import { Xoshiro128ss, createRng, randInt } from '../../lib/rng';

/** Random model with integer h in [-2, 2] and J in {-2, -1, 1, 2} on a random graph, optional clamps. */
export function randomSmallModel(
  seed: number,
  n: number,
  opts: { density?: number; numClamped?: number; scale?: number } = {},
): IsingModel {
  const rng = Xoshiro128ss.fromSeed(seed, 7);
  const density = opts.density ?? 0.6;
  const scale = opts.scale ?? 1;
  const h = Array.from({ length: n }, () => (randInt(rng, 5) - 2) * scale);
  const edges: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (rng.nextFloat() < density) edges.push([i, j, [-2, -1, 1, 2][randInt(rng, 4)] * scale]);
    }
  }
  const names = Array.from({ length: n }, (_, i) => `x${i}`);
  const clamp: Record<string, number> = {};
  for (let c = 0; c < (opts.numClamped ?? 0); c++) clamp[names[randInt(rng, n)]] = rng.nextU32() & 1 ? 1 : -1;
  return new IsingModel(names, h, edges, clamp);
}

/** Random integer model: h in [-hMax, hMax], J in +-{1..jMax} on a random graph. */
export function randomIntegerModel(n: number, density: number, jMax: number, hMax: number, seed: number): IsingModel {
  const rng = createRng('xoshiro128ss', seed);
  const h = Array.from({ length: n }, () => Math.floor(rng.nextFloat() * (2 * hMax + 1)) - hMax);
  const edges: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (rng.nextFloat() < density) {
        const mag = 1 + Math.floor(rng.nextFloat() * jMax);
        edges.push([i, j, rng.nextFloat() < 0.5 ? -mag : mag]);
      }
    }
  }
  return new IsingModel(
    Array.from({ length: n }, (_, i) => `s${i}`),
    h,
    edges,
  );
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IsingModel, minimizeComponents } from '../lib/ising';
import { createRng } from '../lib/rng';

function randomModel(n: number, seed: number): IsingModel {
  const rng = createRng('xoshiro128ss', seed);
  const h = Array.from({ length: n }, () => (rng.nextU32() % 7) - 3);
  const edges: [number, number, number][] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) if (rng.nextU32() % 3 === 0) edges.push([i, j, (rng.nextU32() % 9) - 4]);
  return new IsingModel(
    Array.from({ length: n }, (_, i) => `s${i}`),
    h,
    edges,
  );
}

test('minimizeComponents: the exact minimum over the free spins given the held ones (brute force check)', () => {
  for (let seed = 1; seed <= 10; seed++) {
    const model = randomModel(12, seed);
    const rng = createRng('xoshiro128ss', seed, 2);
    const state = Int8Array.from({ length: 12 }, () => (rng.nextU32() & 1 ? 1 : -1));
    const hold = [0, 2, 5, 9];
    const e = minimizeComponents(model, state, hold);
    assert.equal(e, model.energy(state));
    let bestE = Infinity;
    const free = Array.from({ length: 12 }, (_, i) => i).filter((i) => !hold.includes(i));
    const s = Int8Array.from(state);
    for (let code = 0; code < 2 ** free.length; code++) {
      free.forEach((i, k) => (s[i] = (code >>> k) & 1 ? 1 : -1));
      bestE = Math.min(bestE, model.energy(s));
    }
    assert.ok(Math.abs(e - bestE) < 1e-9, `seed ${seed}: ${e} vs ${bestE}`);
  }
  const big = randomModel(12, 1);
  assert.throws(() => minimizeComponents(big, new Int8Array(12).fill(1), [], 3), /exceeds maxComponent = 3/);
});

test('minimizeComponents rejects a state of the wrong length and hold indices out of range', () => {
  const model = randomModel(4, 1);
  assert.throws(() => minimizeComponents(model, new Int8Array(3)), /state must have length n = 4/);
  assert.throws(
    () => minimizeComponents(model, new Int8Array(4).fill(1), [4]),
    /hold entries must be spin indices in \[0, 3\]/,
  );
  assert.throws(
    () => minimizeComponents(model, new Int8Array(4).fill(1), [], 0),
    /maxComponent must be an integer in \[1, 26\]/,
  );
});

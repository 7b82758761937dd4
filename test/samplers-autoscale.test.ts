import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IsingModel, reduceClamped, type Spin } from '../lib/ising';
import { createRng } from '../lib/rng';
import { fieldScale } from '../lib/samplers/autoscale';

/** sigma of lib/samplers/autoscale.ts spelled out on the reduced model (the general path). */
function reference(model: IsingModel): number {
  const m = reduceClamped(model).model;
  if (m.n === 0) return 1;
  const { rowPtr, w } = m.csr();
  let sum = 0;
  for (let i = 0; i < m.n; i++) {
    let a = m.h[i] * m.h[i];
    for (let q = rowPtr[i]; q < rowPtr[i + 1]; q++) a += w[q] * w[q];
    sum += a;
  }
  const s = Math.sqrt(sum / m.n);
  return s > 0 ? s : 1;
}

function randomModel(seed: number, n: number, m: number, scale: number, integer: boolean): IsingModel {
  const rng = createRng('xoshiro128ss', seed, 1);
  const draw = (): number => {
    const v = ((rng.nextU32() % (2 * scale + 1)) - scale) * (integer ? 1 : 0.37);
    return v;
  };
  const h = Array.from({ length: n }, draw);
  const edges: [number, number, number][] = [];
  const seen = new Set<number>();
  for (let k = 0; k < m; k++) {
    const a = rng.nextU32() % n;
    const b = rng.nextU32() % n;
    const pair = Math.min(a, b) * n + Math.max(a, b);
    if (a !== b && !seen.has(pair)) {
      seen.add(pair);
      edges.push([a, b, draw()]);
    }
  }
  const clamp = new Map<number, Spin>();
  for (let i = 0; i < n; i++) if (rng.nextU32() % 3 === 0) clamp.set(i, rng.nextU32() & 1 ? 1 : -1);
  return new IsingModel(
    Array.from({ length: n }, (_, i) => `s${i}`),
    h,
    edges,
    clamp,
  );
}

describe('fieldScale', () => {
  it('equals the reduced-model sum bit for bit on integer and non-integer models with clamps', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const integer = seed % 4 !== 0;
      const model = randomModel(seed, 5 + (seed % 37), 3 * seed, seed % 2 ? 3 : 500, integer);
      assert.equal(fieldScale(model), reference(model), `seed ${seed}`);
    }
  });
  it('is 1 with every spin clamped or no field at all', () => {
    const names = ['a', 'b'];
    assert.equal(
      fieldScale(
        new IsingModel(
          names,
          [1, 2],
          [[0, 1, 3]],
          new Map<number, Spin>([
            [0, 1],
            [1, -1],
          ]),
        ),
      ),
      1,
    );
    assert.equal(fieldScale(new IsingModel(names, [0, 0], [])), 1);
  });
});

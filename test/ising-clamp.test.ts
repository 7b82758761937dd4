import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IsingModel, reduceClamped, clampRecord } from '../lib/ising';
import { Xoshiro128ss } from '../lib/rng';
import { randomSmallModel } from './helpers/random-models';

describe('reduceClamped', () => {
  it('E_full(m) = E_reduced(m_free) + offset on random models and states', () => {
    const rng = Xoshiro128ss.fromSeed('clamp');
    for (let seed = 0; seed < 30; seed++) {
      const model = randomSmallModel(seed, 9, { numClamped: seed % 6, scale: seed % 3 === 0 ? 0.7 : 1 });
      const r = reduceClamped(model);
      assert.equal(r.model.n, 9 - model.clamp.size);
      assert.equal(r.model.clamp.size, 0);
      for (let t = 0; t < 20; t++) {
        const free = Int8Array.from({ length: r.model.n }, () => (rng.nextU32() & 1 ? 1 : -1));
        const full = r.expand(free);
        for (const [i, s] of model.clamp) assert.equal(full[i], s);
        for (let k = 0; k < r.free.length; k++) assert.equal(full[r.free[k]], free[k]);
        assert.ok(Math.abs(model.energy(full) - (r.model.energy(free) + r.offset)) < 1e-9);
      }
    }
  });
  it('folds J_ij m_clamped into the neighbour bias (AND with Y = 0)', () => {
    const and = new IsingModel(
      ['A', 'B', 'Y'],
      [1, 1, -2],
      [
        [0, 1, -1],
        [0, 2, 2],
        [1, 2, 2],
      ],
      { Y: -1 },
    );
    const r = reduceClamped(and);
    assert.deepEqual([...r.model.names], ['A', 'B']);
    assert.deepEqual([...r.model.h], [-1, -1]);
    assert.deepEqual(r.model.edgeTriples(), [[0, 1, -1]]);
    assert.equal(r.offset, -2);
    assert.deepEqual(clampRecord(and), { Y: -1 });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvlogicError } from '../lib/errors';
import { IsingModel, enumerate, freeSpinsToState, stateToFreeSpins } from '../lib/ising';
import { randomSmallModel } from './helpers/random-models';

const and = (clamp?: Record<string, number>): IsingModel =>
  new IsingModel(
    ['A', 'B', 'Y'],
    [1, 1, -2],
    [
      [0, 1, -1],
      [0, 2, 2],
      [1, 2, 2],
    ],
    clamp,
  );

describe('enumerate', () => {
  it('AND: ground states are exactly the truth table, gap 4', () => {
    const e = enumerate(and());
    assert.equal(e.numGroundStates, 4);
    assert.equal(e.groundEnergy, -3);
    assert.equal(e.gap, 4);
    const rows = e.groundStates.map((s) => [...s].map((v) => (v > 0 ? 1 : 0)).join(''));
    assert.deepEqual(rows.sort(), ['000', '010', '100', '111']);
  });
  it('AND clamped backward (Y = 0): three ground states, clamp kept', () => {
    const e = enumerate(and({ Y: -1 }));
    assert.equal(e.numGroundStates, 3);
    assert.deepEqual([...e.free], [0, 1]);
    for (const s of e.groundStates) assert.equal(s[2], -1);
    assert.equal(e.energies.length, 4);
  });
  it('energies and Boltzmann probabilities agree with brute force', () => {
    for (let seed = 0; seed < 8; seed++) {
      const model = randomSmallModel(seed, 8, { numClamped: seed % 3, scale: 0.3 + seed / 7 });
      const beta = 0.3 + seed / 5;
      const e = enumerate(model, { beta });
      const f = e.free.length;
      let z = 0;
      const w = new Float64Array(2 ** f);
      for (let s = 0; s < 2 ** f; s++) {
        const full = new Int8Array(model.n);
        for (const [i, v] of model.clamp) full[i] = v;
        const fs = stateToFreeSpins(s, f);
        for (let k = 0; k < f; k++) full[e.free[k]] = fs[k];
        assert.equal(freeSpinsToState(fs), s);
        const energy = model.energy(full);
        assert.ok(Math.abs(e.energies[s] - energy) < 1e-9);
        w[s] = Math.exp(-beta * energy);
        z += w[s];
      }
      const p = e.probabilities as Float64Array;
      for (let s = 0; s < 2 ** f; s++) assert.ok(Math.abs(p[s] - w[s] / z) < 1e-12);
    }
  });
  it('rejects too many free spins and bad beta', () => {
    const big = new IsingModel(
      Array.from({ length: 8 }, (_, i) => `s${i}`),
      new Array(8).fill(0),
      [],
    );
    assert.throws(
      () => enumerate(big, { maxFreeSpins: 5 }),
      (e: unknown) => e instanceof InvlogicError && /at most 5 free spins/.test(e.message),
    );
    assert.throws(() => enumerate(big, { beta: -1 }), /beta must be a finite number >= 0/);
  });
});

/**
 * The SC model on the 4x4 array multiplier of lib/logic (48 spins, Smithson's 4-bit-input multiplier):
 * forward 3 x 6 = 18 and backward factorisation of 55 = 5 x 11 (paper brief §3.1, §7 validation item 3).
 * Settings: dense noise 3, I0 sawtooth geometric 1 -> 32 repeated 4 times (brief §3.2), 8-bit counter,
 * 5-bit J/h, xorshift64+ bits.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bitsToUint } from '../lib/ising';
import { arrayMultiplier } from '../lib/logic';
import { runSc, type ScOptions } from '../lib/samplers/sc';

const model = arrayMultiplier(4).toModel();
const idx = (p: string, k: number): number[] => Array.from({ length: k }, (_, i) => model.indexOf(`${p}${i}`));
const A = idx('a', 4);
const B = idx('b', 4);
const P = idx('p', 8);
const bits = (v: number, p: string, k: number): Record<string, number> =>
  Object.fromEntries(Array.from({ length: k }, (_, i) => [`${p}${i}`, (v >> i) & 1 ? 1 : -1]));

const base: ScOptions = {
  numReads: 20,
  cycles: 4000,
  seed: 1,
  noise: 3,
  i0: { kind: 'sawtooth', ramp: { kind: 'geometric', from: 1, to: 32 }, iterations: 4 },
};

describe('SC model on the 4x4 multiplier', () => {
  it('computes 3 x 6 = 18 (forward): every read reaches p = 18; it is the most frequent read-out', () => {
    const run = runSc(model.withClamp({ ...bits(3, 'a', 4), ...bits(6, 'b', 4) }), {
      ...base,
      valid: { target: bits(18, 'p', 8) },
      readout: { kind: 'mode', window: 500 },
    });
    for (const s of run.stats) assert.ok(s.cyclesToValid !== null, 'read reached 18');
    const counts = new Map<number, number>();
    for (const m of run.reads) counts.set(bitsToUint(m, P), (counts.get(bitsToUint(m, P)) ?? 0) + 1);
    const [best] = [...counts].sort((x, y) => y[1] - x[1])[0];
    assert.equal(best, 18, `read-outs ${JSON.stringify([...counts])}`);
  });
  it('factors 55 into 5 x 11 (backward): every read stops at a factorisation, and it is 5 x 11 or 11 x 5', () => {
    const run = runSc(model.withClamp(bits(55, 'p', 8)), {
      ...base,
      valid: (m) => bitsToUint(m, A) * bitsToUint(m, B) === 55,
      stopOnValid: true,
    });
    for (const [r, m] of run.reads.entries()) {
      const a = bitsToUint(m, A);
      const b = bitsToUint(m, B);
      assert.ok(
        (a === 5 && b === 11) || (a === 11 && b === 5),
        `read ${r}: ${a} x ${b} after ${run.stats[r].cyclesToValid} cycles`,
      );
    }
    const cycles = run.stats.map((s) => s.cyclesToValid as number);
    assert.ok(Math.max(...cycles) < 4000);
  });
  it('stopOnValid ends the trace at the first valid state', () => {
    const run = runSc(model.withClamp(bits(55, 'p', 8)), {
      ...base,
      numReads: 1,
      valid: (m) => bitsToUint(m, A) * bitsToUint(m, B) === 55,
      stopOnValid: true,
      trace: true,
    });
    const last = JSON.parse(run.trace!.at(-1)!);
    assert.equal(last.t, run.stats[0].cyclesToValid);
    assert.equal(run.stats[0].validFraction, null);
  });
});

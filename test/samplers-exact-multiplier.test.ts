/**
 * The 4 x 4 invertible multiplier (Smithson-style array multiplier, 48 spins; paper brief §2.4) run by the
 * exact p-bit sampler with an annealing schedule: forward it multiplies, backward (product clamped) it
 * factors. Reads are final states of independent annealing runs; the answer is the mode of the reads.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IsingModel, SampleSet, bitsToUint } from '../lib/ising';
import { arrayMultiplier } from '../lib/logic';
import { exactSampler } from '../lib/samplers/exact';

const bitsOf = (prefix: string, value: number, n: number): Record<string, number> =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, (value >> i) & 1]));
const wordIndices = (model: IsingModel, prefix: string, n: number): number[] =>
  Array.from({ length: n }, (_, i) => model.indexOf(`${prefix}${i}`));

/** Occurrences of each value of a word (projection of the reads). */
function wordHistogram(ss: SampleSet, indices: number[][], key: (words: number[]) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of ss.records) {
    const k = key(indices.map((ix) => bitsToUint(r.sample, ix)));
    out.set(k, (out.get(k) ?? 0) + r.numOccurrences);
  }
  return out;
}
const modeOf = (h: Map<string, number>): [string, number] => [...h].reduce((a, b) => (b[1] > a[1] ? b : a));

describe('exact sampler on the 4 x 4 invertible multiplier', () => {
  it('forward: a = 3, b = 6 clamped gives p = 18 as the mode of the reads', () => {
    const model = arrayMultiplier(4)
      .clampBits({ ...bitsOf('a', 3, 4), ...bitsOf('b', 6, 4) })
      .toModel();
    const ss = exactSampler.sampleIsing(model, {
      numReads: 100,
      numSweeps: 200,
      schedule: { kind: 'linear', from: 0, to: 3 },
      seed: 1,
    });
    const hist = wordHistogram(ss, [wordIndices(model, 'p', 8)], ([p]) => String(p));
    const [mode, count] = modeOf(hist);
    assert.equal(mode, '18');
    assert.ok(count >= 40, `p = 18 in ${count} of 100 reads`);
  });

  it('backward: p = 143 clamped factors into 11 x 13 (either order) as the mode of the reads', () => {
    const model = arrayMultiplier(4)
      .clampBits(bitsOf('p', 143, 8))
      .toModel();
    const ss = exactSampler.sampleIsing(model, {
      numReads: 200,
      numSweeps: 4000,
      schedule: { kind: 'geometric', from: 0.2, to: 10 },
      seed: 1,
      order: 'chromatic',
    });
    const ab = [wordIndices(model, 'a', 4), wordIndices(model, 'b', 4)];
    // a x b and b x a are the same factorization: count unordered pairs.
    const unordered = wordHistogram(ss, ab, ([a, b]) => `${Math.min(a, b)}x${Math.max(a, b)}`);
    const [mode, count] = modeOf(unordered);
    assert.equal(mode, '11x13');
    assert.ok(count >= 0.3 * 200, `11 x 13 in ${count} of 200 reads`);
    const ordered = wordHistogram(ss, ab, ([a, b]) => `${a}x${b}`);
    assert.ok((ordered.get('11x13') ?? 0) > 0 && (ordered.get('13x11') ?? 0) > 0, 'both orders are found');
    // Every read at the ground energy is a valid factorization (the circuit's ground states are the table).
    const ground = ss.first.energy;
    for (const r of ss.records) {
      if (r.energy === ground) assert.equal(bitsToUint(r.sample, ab[0]) * bitsToUint(r.sample, ab[1]), 143);
    }
  });

  it('backward: p = 15 is factored; the mode is a valid factorization and 3 x 5 is found often', () => {
    const model = arrayMultiplier(4)
      .clampBits(bitsOf('p', 15, 8))
      .toModel();
    const ss = exactSampler.sampleIsing(model, {
      numReads: 200,
      numSweeps: 2000,
      schedule: { kind: 'geometric', from: 0.2, to: 8 },
      seed: 2,
      order: 'chromatic',
    });
    const ab = [wordIndices(model, 'a', 4), wordIndices(model, 'b', 4)];
    const unordered = wordHistogram(ss, ab, ([a, b]) => `${Math.min(a, b)}x${Math.max(a, b)}`);
    const [mode] = modeOf(unordered);
    const [x, y] = mode.split('x').map(Number);
    assert.equal(x * y, 15, `mode ${mode}`); // 1 x 15 and 3 x 5 are both valid
    assert.ok((unordered.get('3x5') ?? 0) >= 0.2 * 200, `3 x 5 in ${unordered.get('3x5')} reads`);
  });
});

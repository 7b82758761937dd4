import { test } from 'node:test';
import assert from 'node:assert/strict';
import { areaDownsample, areaWeights, binarizePm1 } from '../lib/data';
import { InvlogicError } from '../lib/errors';

/** Naive oracle: integrate the piecewise-constant source over each output cell on a fine sub-grid. */
function oracle(src: Float32Array, S: number, s: number): Float64Array {
  // Refine by L = s (so both grids align on multiples of 1/s of a source pixel): exact for rationals r*S/s.
  const L = s;
  const out = new Float64Array(s * s);
  const fine = S * L; // fine cells per side; output cell spans fine/s = S fine cells
  for (let r = 0; r < s; r++)
    for (let c = 0; c < s; c++) {
      let acc = 0;
      for (let fr = r * S; fr < (r + 1) * S; fr++)
        for (let fc = c * S; fc < (c + 1) * S; fc++) acc += src[Math.floor(fr / L) * S + Math.floor(fc / L)];
      out[r * s + c] = acc / (S * S);
      void fine;
    }
  return out;
}

test('constant blocks down-sample exactly when the size divides 28', () => {
  // 28 -> 7: 4x4 blocks; fill block (R, C) with value (R*7 + C) / 49.
  const src = new Float32Array(784);
  for (let i = 0; i < 28; i++)
    for (let j = 0; j < 28; j++) src[i * 28 + j] = (Math.floor(i / 4) * 7 + Math.floor(j / 4)) / 49;
  const out = areaDownsample(src, 28, 7);
  for (let k = 0; k < 49; k++) assert.ok(Math.abs(out[k] - Math.fround(k / 49)) < 1e-6, `pixel ${k}`);
  // 28 -> 14 of a 2x2-block image is the block value; 28 -> 28 is the identity.
  const id = areaDownsample(src, 28, 28);
  assert.deepEqual(Array.from(id), Array.from(src));
});

test('fractional overlap (28 -> 5 and 28 -> 10) matches a fine-grid oracle and preserves the mean', () => {
  const src = new Float32Array(784);
  for (let k = 0; k < 784; k++) src[k] = ((k * 2654435761) >>> 0) / 2 ** 32; // deterministic pseudo-random
  for (const s of [5, 10, 3, 14]) {
    const out = areaDownsample(src, 28, s);
    const ref = oracle(src, 28, s);
    for (let k = 0; k < s * s; k++) assert.ok(Math.abs(out[k] - ref[k]) < 1e-5, `s=${s} pixel ${k}`);
    const meanIn = src.reduce((a, b) => a + b, 0) / 784;
    const meanOut = out.reduce((a, b) => a + b, 0) / (s * s);
    assert.ok(Math.abs(meanIn - meanOut) < 1e-5, `mean preserved for s=${s}`);
  }
});

test('28 -> 5 weights: each output pixel spans 5.6 source pixels, rows sum to 1', () => {
  const A = areaWeights(28, 5);
  for (let r = 0; r < 5; r++) {
    let sum = 0;
    for (let k = 0; k < A.len[r]; k++) sum += A.w[r * A.stride + k];
    assert.ok(Math.abs(sum - 1) < 1e-12);
  }
  // Output pixel 0 covers [0, 5.6): five full pixels (1/5.6 each) and 0.6 of pixel 5.
  assert.equal(A.start[0], 0);
  assert.equal(A.len[0], 6);
  assert.ok(Math.abs(A.w[5] - 0.6 / 5.6) < 1e-12);
  // Output pixel 1 covers [5.6, 11.2): 0.4 of pixel 5, pixels 6..10, 0.2 of pixel 11.
  assert.equal(A.start[1], 5);
  assert.ok(Math.abs(A.w[A.stride] - 0.4 / 5.6) < 1e-12);
});

test('a single ink pixel straddling a 28 -> 5 boundary splits by overlap area', () => {
  const src = new Float32Array(784);
  src[5 * 28 + 5] = 1; // pixel (5, 5) straddles the boundary at 5.6 in both axes
  const out = areaDownsample(src, 28, 5);
  const a = 0.6 / 5.6;
  const b = 0.4 / 5.6;
  assert.ok(Math.abs(out[0] - a * a) < 1e-7);
  assert.ok(Math.abs(out[1] - a * b) < 1e-7);
  assert.ok(Math.abs(out[5] - b * a) < 1e-7);
  assert.ok(Math.abs(out[6] - b * b) < 1e-7);
});

test('binarization: pixel >= threshold is +1, below is -1, inclusive at the threshold', () => {
  const grey = new Float32Array([0, 0.25, 0.5, 0.75, 1, 0.4999]);
  assert.deepEqual(Array.from(binarizePm1(grey, 0.5)), [-1, -1, 1, 1, 1, -1]);
  assert.deepEqual(Array.from(binarizePm1(grey, 0.25)), [-1, 1, 1, 1, 1, 1]);
  assert.deepEqual(Array.from(binarizePm1(grey, 0)), [1, 1, 1, 1, 1, 1]);
  assert.deepEqual(Array.from(binarizePm1(grey, 1)), [-1, -1, -1, -1, 1, -1]);
  assert.throws(
    () => binarizePm1(grey, 1.5),
    (e: unknown) => e instanceof InvlogicError && /threshold/.test(e.message),
  );
  assert.throws(() => binarizePm1(grey, NaN), InvlogicError);
});

test('bad sizes are rejected with the parameter named', () => {
  assert.throws(() => areaWeights(28, 0), /dstSize/);
  assert.throws(() => areaDownsample(new Float32Array(784), 28, 2.5), /dstSize/);
});

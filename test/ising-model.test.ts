import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvlogicError } from '../lib/errors';
import { IsingModel, bitToSpin, spinToBit } from '../lib/ising';
import { randomSmallModel } from './helpers/random-models';

/** Brute-force energy -(sum h m + sum_{i<j} J m m) from a dense matrix. */
function denseEnergy(h: number[], J: number[][], m: number[]): number {
  let e = 0;
  for (let i = 0; i < h.length; i++) {
    e -= h[i] * m[i];
    for (let j = i + 1; j < h.length; j++) e -= J[i][j] * m[i] * m[j];
  }
  return e;
}

describe('IsingModel energy and fields', () => {
  it('AND gate energies: valid rows at -3, gap 4', () => {
    const and = new IsingModel(
      ['A', 'B', 'Y'],
      [1, 1, -2],
      [
        [0, 1, -1],
        [0, 2, 2],
        [1, 2, 2],
      ],
    );
    for (const [a, b] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]) {
      const valid = [bitToSpin(a), bitToSpin(b), bitToSpin(a & b)];
      const invalid = [bitToSpin(a), bitToSpin(b), bitToSpin(1 - (a & b))];
      assert.equal(and.energy(valid), -3);
      assert.ok(and.energy(invalid) >= 1);
    }
  });
  it('energy and local fields agree with a dense brute force on random models', () => {
    for (let seed = 0; seed < 10; seed++) {
      const model = randomSmallModel(seed, 7, { density: 0.7, scale: 0.5 + seed });
      const J = Array.from({ length: 7 }, (_, i) => Array.from({ length: 7 }, (_, j) => model.coupling(i, j)));
      for (let s = 0; s < 128; s += 13) {
        const m: number[] = Array.from({ length: 7 }, (_, k) => ((s >> k) & 1 ? 1 : -1));
        assert.ok(Math.abs(model.energy(m) - denseEnergy([...model.h], J, m)) < 1e-9);
        for (let i = 0; i < 7; i++) {
          const field = model.h[i] + J[i].reduce((a, w, j) => a + w * m[j], 0);
          assert.ok(Math.abs(model.localField(m, i) - field) < 1e-9);
          // flipping spin i changes E by 2 m_i I_i
          const flipped = m.slice();
          flipped[i] = -m[i];
          assert.ok(Math.abs(model.energy(flipped) - model.energy(m) - 2 * m[i] * field) < 1e-9);
        }
      }
    }
  });
  it('edges are stored once per pair, sorted, zeros dropped; J is symmetric', () => {
    const m = new IsingModel(
      ['a', 'b', 'c'],
      [0, 0, 0],
      [
        [2, 0, 3],
        [1, 2, 0],
        [0, 1, -1],
      ],
    );
    assert.deepEqual(m.edgeTriples(), [
      [0, 1, -1],
      [0, 2, 3],
    ]);
    assert.equal(m.coupling(2, 0), 3);
    assert.equal(m.coupling(0, 2), 3);
    assert.equal(m.coupling(1, 2), 0);
    assert.equal(m.isInteger(), true);
    assert.deepEqual(m.coefficientRange(), { maxAbsH: 0, maxAbsJ: 3 });
    assert.equal(new IsingModel(['a'], [0.5], []).isInteger(), false);
  });
  it('withClamp extends or replaces clamps', () => {
    const m = new IsingModel(['a', 'b'], [0, 0], [[0, 1, 1]], { a: 1 } as Record<string, number>);
    assert.equal(m.withClamp({ b: -1 }).clamp.size, 2);
    assert.equal(m.withClamp({ b: -1 }, true).clamp.size, 1);
    assert.equal(m.withClamp(null).clamp.size, 0);
  });
  it('bit/spin conversions', () => {
    assert.equal(bitToSpin(0), -1);
    assert.equal(bitToSpin(1), 1);
    assert.equal(spinToBit(-1), 0);
    assert.equal(spinToBit(1), 1);
  });
});

describe('IsingModel rejects bad input, naming the parameter', () => {
  const cases: [string, () => unknown, RegExp, string][] = [
    ['self coupling', () => new IsingModel(['a', 'b'], [0, 0], [[1, 1, 2]]), /self coupling/, 'J[0]'],
    [
      'duplicate pair',
      () =>
        new IsingModel(
          ['a', 'b'],
          [0, 0],
          [
            [0, 1, 1],
            [1, 0, 1],
          ],
        ),
      /repeats the pair \(0, 1\)/,
      'J[1]',
    ],
    ['NaN weight', () => new IsingModel(['a', 'b'], [0, 0], [[0, 1, NaN]]), /weight must be a finite number/, 'J[0]'],
    ['NaN bias', () => new IsingModel(['a', 'b'], [0, NaN], []), /h\[1\] must be a finite number/, 'h[1]'],
    ['h length', () => new IsingModel(['a', 'b'], [0], []), /h must have length n = 2/, 'h'],
    ['edge length', () => new IsingModel(['a', 'b'], [0, 0], [[0, 1] as never]), /must be \[i, j, w\]/, 'J[0]'],
    ['index out of range', () => new IsingModel(['a', 'b'], [0, 0], [[0, 2, 1]]), /spin index in \[0, 1\]/, 'J[0]'],
    ['duplicate name', () => new IsingModel(['a', 'a'], [0, 0], []), /duplicate/, 'names[1]'],
    ['empty name', () => new IsingModel([''], [0], []), /non-empty string/, 'names[0]'],
    ['unknown clamp name', () => new IsingModel(['a'], [0], [], { z: 1 }), /unknown spin "z"/, 'clamp'],
    ['clamp value', () => new IsingModel(['a'], [0], [], { a: 0 }), /clamp\.a must be 1 or -1/, 'clamp.a'],
    ['energy length', () => new IsingModel(['a'], [0], []).energy([1, 1]), /spins must have length n = 1/, 'spins'],
  ];
  for (const [name, fn, message, parameter] of cases) {
    it(name, () => {
      assert.throws(
        fn,
        (e: unknown) => e instanceof InvlogicError && message.test(e.message) && e.parameter === parameter,
      );
    });
  }
});

describe('IsingModel couplings as parallel arrays', () => {
  it('equal the [i, j, w] triples: order, orientation and dropped zeros', () => {
    const triples: [number, number, number][] = [
      [3, 1, 2],
      [0, 2, -1],
      [2, 3, 0],
      [1, 0, 5],
      [0, 3, 1.5],
    ];
    const a = new IsingModel(['a', 'b', 'c', 'd'], [0, 1, 0, -1], triples);
    const b = new IsingModel(['a', 'b', 'c', 'd'], [0, 1, 0, -1], {
      i: triples.map((t) => t[0]),
      j: triples.map((t) => t[1]),
      w: Float64Array.from(triples, (t) => t[2]),
    });
    assert.deepEqual(Array.from(b.edgeI), [0, 0, 0, 1]);
    assert.deepEqual(Array.from(b.edgeJ), [1, 2, 3, 3]);
    assert.deepEqual(Array.from(b.edgeW), [5, -1, 1.5, 2]);
    assert.deepEqual(a.edgeTriples(), b.edgeTriples());
    const again = new IsingModel(a.names, a.h, a.edgeArrays());
    assert.deepEqual(again.edgeTriples(), a.edgeTriples());
  });

  it('sorted input (the fast path) and shuffled input give the same model; sorted repeats are still refused', () => {
    for (let seed = 0; seed < 20; seed++) {
      const model = randomSmallModel(seed, 12, { scale: seed % 2 ? 0.7 : 1 });
      const triples = model.edgeTriples();
      const shuffled = triples.map((t, k) => ({ t, key: (k * 7919 + seed * 104729) % 1009 }));
      shuffled.sort((x, y) => x.key - y.key);
      const a = new IsingModel(model.names, model.h, model.edgeArrays());
      const b = new IsingModel(
        model.names,
        model.h,
        shuffled.map(({ t }) => (t[0] % 2 ? ([t[1], t[0], t[2]] as [number, number, number]) : t)),
      );
      assert.deepEqual(a.edgeTriples(), triples);
      assert.deepEqual(b.edgeTriples(), triples);
    }
    assert.throws(
      () => new IsingModel(['a', 'b', 'c'], [0, 0, 0], { i: [0, 0, 1], j: [1, 1, 2], w: [1, 2, 3] }),
      /J\[1\] repeats the pair \(0, 1\) of J\[0\]/,
    );
    const zero = new IsingModel(['a', 'b', 'c'], [0, 0, 0], { i: [0, 0, 1], j: [1, 2, 2], w: [1, 0, 3] });
    assert.deepEqual(zero.edgeTriples(), [
      [0, 1, 1],
      [1, 2, 3],
    ]);
  });

  it('reports the earliest repeated pair in input order, naming its first occurrence', () => {
    const edges: [number, number, number][] = [
      [2, 3, 1],
      [0, 1, 1],
      [3, 2, 1],
      [1, 0, 1],
    ];
    assert.throws(
      () => new IsingModel(['a', 'b', 'c', 'd'], [0, 0, 0, 0], edges),
      (e: unknown) =>
        e instanceof InvlogicError &&
        /J\[2\] repeats the pair \(2, 3\) of J\[0\]/.test(e.message) &&
        e.parameter === 'J[2]',
    );
    assert.throws(
      () => new IsingModel(['a', 'b'], [0, 0], { i: [0, 1], j: [1], w: [1, 1] }),
      /J arrays i, j, w must have equal lengths/,
    );
    assert.throws(
      () => new IsingModel(['a', 'b'], [0, 0], { i: [0.5], j: [1], w: [1] }),
      /J\[0\]\.i must be an integer/,
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvlogicError } from '../lib/errors';
import { ISING_FORMAT, IsingModel, SampleSet, bitsToUint, modelFromJson, modelToJson } from '../lib/ising';
import { randomSmallModel } from './helpers/random-models';

describe('Ising JSON', () => {
  it('round-trips random models with clamps and meta', () => {
    for (let seed = 0; seed < 10; seed++) {
      const model = randomSmallModel(seed, 6, { numClamped: seed % 3, scale: seed % 2 ? 1 : 0.25 });
      const json = JSON.parse(JSON.stringify(modelToJson(model, { source: 'test' })));
      assert.equal(json.format, ISING_FORMAT);
      const back = modelFromJson(json);
      assert.deepEqual(back.names, model.names);
      assert.deepEqual([...back.h], [...model.h]);
      assert.deepEqual(back.edgeTriples(), model.edgeTriples());
      assert.deepEqual([...back.clamp], [...model.clamp]);
    }
  });
  it('accepts a symmetric Jdense', () => {
    const m = modelFromJson({
      format: ISING_FORMAT,
      n: 3,
      names: ['a', 'b', 'c'],
      h: [0, 0, 1],
      Jdense: [
        [0, 2, 0],
        [2, 0, -1],
        [0, -1, 0],
      ],
    });
    assert.deepEqual(m.edgeTriples(), [
      [0, 1, 2],
      [1, 2, -1],
    ]);
  });
  const base = { format: ISING_FORMAT, n: 2, names: ['a', 'b'], h: [0, 1], J: [[0, 1, 1]] };
  const bad: [string, unknown, RegExp][] = [
    ['not an object', [1, 2], /expected a JSON object/],
    ['unknown key', { ...base, bias: [] }, /unknown key "bias"/],
    ['wrong format', { ...base, format: 'qubo' }, /"format" must be/],
    ['names not array', { ...base, names: 'ab' }, /"names" must be an array/],
    ['wrong n', { ...base, n: 3 }, /"n" must equal the number of names \(2\)/],
    ['h wrong length', { ...base, h: [0] }, /h must have length n = 2/],
    ['h NaN', { ...base, h: [0, null] }, /h\[1\] must be a finite number/],
    ['J not array', { ...base, J: 5 }, /"J" must be an array/],
    ['J entry shape', { ...base, J: [[0, 1]] }, /J\[0\] must be \[i, j, w\]/],
    ['J i > j', { ...base, J: [[1, 0, 1]] }, /must have i < j/],
    ['self coupling', { ...base, J: [[1, 1, 1]] }, /self coupling/],
    [
      'duplicate pair',
      {
        ...base,
        n: 3,
        names: ['a', 'b', 'c'],
        h: [0, 0, 0],
        J: [
          [0, 1, 1],
          [0, 1, 2],
        ],
      },
      /repeats the pair/,
    ],
    ['J NaN weight', { ...base, J: [[0, 1, 'x']] }, /weight must be a finite number/],
    [
      'both J and Jdense',
      {
        ...base,
        Jdense: [
          [0, 1],
          [1, 0],
        ],
      },
      /either "J" or "Jdense"/,
    ],
    [
      'asymmetric Jdense',
      {
        format: ISING_FORMAT,
        n: 2,
        names: ['a', 'b'],
        h: [0, 0],
        Jdense: [
          [0, 1],
          [2, 0],
        ],
      },
      /asymmetric: \[0\]\[1\] = 1 but \[1\]\[0\] = 2/,
    ],
    [
      'Jdense diagonal',
      {
        format: ISING_FORMAT,
        n: 2,
        names: ['a', 'b'],
        h: [0, 0],
        Jdense: [
          [1, 0],
          [0, 0],
        ],
      },
      /diagonal must be 0/,
    ],
    ['Jdense shape', { format: ISING_FORMAT, n: 2, names: ['a', 'b'], h: [0, 0], Jdense: [[0, 0]] }, /2 x 2 matrix/],
    [
      'Jdense NaN',
      {
        format: ISING_FORMAT,
        n: 2,
        names: ['a', 'b'],
        h: [0, 0],
        Jdense: [
          [0, NaN],
          [NaN, 0],
        ],
      },
      /must be a finite number/,
    ],
    ['clamp not object', { ...base, clamp: [1] }, /"clamp" must be an object/],
    ['unknown clamp name', { ...base, clamp: { z: 1 } }, /unknown spin "z"/],
    ['clamp value', { ...base, clamp: { a: 2 } }, /clamp\.a must be 1 or -1/],
  ];
  for (const [name, obj, message] of bad) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => modelFromJson(obj, 'm.json'),
        (e: unknown) => e instanceof InvlogicError && message.test(e.message),
      );
    });
  }
});

describe('SampleSet', () => {
  const model = randomSmallModel(3, 3);
  const reads = [
    [1, 1, -1],
    [-1, 1, 1],
    [1, 1, -1],
    [1, 1, -1],
    [-1, 1, 1],
    [-1, -1, -1],
  ].map((r) => Int8Array.from(r));
  const ss = SampleSet.fromReads(model, reads, { sampler: 'test' });
  it('aggregates reads into records sorted by energy with counts', () => {
    assert.equal(ss.numReads, 6);
    assert.equal(ss.records.length, 3);
    for (let k = 1; k < ss.records.length; k++) assert.ok(ss.records[k - 1].energy <= ss.records[k].energy);
    assert.deepEqual([...ss.mode().sample], [1, 1, -1]);
    assert.equal(ss.mode().numOccurrences, 3);
    assert.deepEqual([...ss.histogram(['x0', 'x2'])].sort(), [
      ['00', 1],
      ['01', 2],
      ['10', 3],
    ]);
    assert.equal(ss.value(ss.mode(), 'x2'), -1);
  });
  it('JSON form uses dimod field names', () => {
    const j = ss.toJSON();
    assert.deepEqual(Object.keys(j), ['variables', 'records', 'info']);
    assert.deepEqual(Object.keys(j.records[0]), ['sample', 'energy', 'num_occurrences']);
    assert.equal(j.info.sampler, 'test');
  });
  it('bitsToUint reads LSB-first words; errors on bad names and lengths', () => {
    assert.equal(bitsToUint([1, -1, 1, 1], [0, 1, 2, 3]), 13);
    assert.throws(() => ss.histogram(['nope']), /unknown variable "nope"/);
    assert.throws(() => SampleSet.fromReads(model, [new Int8Array(2)]), /read 0 has length 2, expected 3/);
    assert.throws(() => new SampleSet([], []).mode(), /empty SampleSet/);
  });
});

describe('SampleSet with many spins', () => {
  it('aggregates reads of 300,000 spins (no call-stack overflow)', () => {
    const n = 300000;
    const m = new IsingModel(
      Array.from({ length: n }, (_, i) => `s${i}`),
      new Float64Array(n),
      [],
    );
    const a = new Int8Array(n).fill(1);
    const b = Int8Array.from(a);
    b[n - 1] = -1;
    const ss = SampleSet.fromReads(m, [a, b, Int8Array.from(a)]);
    assert.equal(ss.records.length, 2);
    assert.equal(ss.mode().numOccurrences, 2);
  });
});

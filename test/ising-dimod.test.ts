import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  IsingModel,
  SampleSet,
  modelFromAnyJson,
  modelFromDimod,
  modelToDimod,
  modelToJson,
  nameToLabel,
  sampleSetFromDimod,
  sampleSetFromJson,
  sampleSetToDimod,
  type DimodBqmJson,
} from '../lib/ising';
import { InvlogicError } from '../lib/errors';
import { runCli } from './helpers/cli';

/** dimod's energy of a SPIN (or BINARY) BQM, written independently of lib/ising/dimod.ts:
 *  E = offset + sum_i a_i v_i + sum_k b_k v_head[k] v_tail[k], v = s (SPIN) or (s + 1) / 2 (BINARY). */
function dimodEnergy(bqm: DimodBqmJson, spins: ArrayLike<number>): number {
  const v = (i: number): number => (bqm.variable_type === 'SPIN' ? spins[i] : (spins[i] + 1) / 2);
  let e = bqm.offset;
  bqm.linear_biases.forEach((a, i) => (e += a * v(i)));
  bqm.quadratic_biases.forEach((b, k) => (e += b * v(bqm.quadratic_head[k]) * v(bqm.quadratic_tail[k])));
  return e;
}

/** All 2^n spin vectors. */
function* allStates(n: number): Generator<Int8Array> {
  for (let s = 0; s < 2 ** n; s++) yield Int8Array.from({ length: n }, (_, i) => ((s >> i) & 1 ? 1 : -1));
}

function groundStates(energy: (s: Int8Array) => number, n: number): string[] {
  let best = Infinity;
  let states: string[] = [];
  for (const s of allStates(n)) {
    const e = energy(s);
    if (e < best - 1e-9) [best, states] = [e, []];
    if (Math.abs(e - best) <= 1e-9) states.push(Array.from(s).join(','));
  }
  return states.sort();
}

/** Random models: n in 1..7, integer or fractional biases, random edges, labels with odd characters. */
const arbModel = fc
  .integer({ min: 1, max: 7 })
  .chain((n) =>
    fc.record({
      names: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: n, maxLength: n }),
      h: fc.array(
        fc.integer({ min: -8, max: 8 }).map((x) => x / 2),
        { minLength: n, maxLength: n },
      ),
      J: fc.array(
        fc.tuple(
          fc.nat(n - 1),
          fc.nat(n - 1),
          fc.integer({ min: -6, max: 6 }).map((x) => x / 4),
        ),
        {
          maxLength: 3 * n,
        },
      ),
      offset: fc.integer({ min: -20, max: 20 }).map((x) => x / 8),
    }),
  )
  .map(({ names, h, J, offset }) => {
    const pairs = new Map<string, [number, number, number]>();
    for (const [i, j, w] of J)
      if (i !== j && w !== 0) pairs.set(`${Math.min(i, j)},${Math.max(i, j)}`, [Math.min(i, j), Math.max(i, j), w]);
    return { model: new IsingModel(names, h, [...pairs.values()]), offset };
  });

describe('dimod BQM interchange', () => {
  it('model -> dimod: every state has the same energy (ours plus offset = dimod), labels kept, a = -h, b = -J', () => {
    fc.assert(
      fc.property(arbModel, ({ model, offset }) => {
        const bqm = modelToDimod(model, offset);
        assert.equal(bqm.type, 'BinaryQuadraticModel');
        assert.equal(bqm.variable_type, 'SPIN');
        assert.deepEqual(bqm.variable_labels, model.names.map(nameToLabel));
        assert.equal(bqm.num_variables, model.n);
        assert.equal(bqm.num_interactions, model.numEdges);
        for (const s of allStates(model.n)) assert.equal(dimodEnergy(bqm, s), model.energy(s) + offset);
        // Through JSON text, as a file would go.
        const back = modelFromDimod(JSON.parse(JSON.stringify(bqm)));
        assert.deepEqual(back.model.names, model.names);
        assert.equal(back.offset, offset);
        assert.deepEqual(Array.from(back.model.h), Array.from(model.h));
        assert.deepEqual(back.model.edgeTriples(), model.edgeTriples());
        for (const s of allStates(model.n)) assert.equal(back.model.energy(s), model.energy(s));
        assert.deepEqual(
          groundStates((s) => back.model.energy(s), model.n),
          groundStates((s) => model.energy(s), model.n),
        );
      }),
      { numRuns: 150, seed: 21 },
    );
  });

  it('dimod -> model -> dimod keeps every state energy and the ground states (unsorted, repeated pairs summed)', () => {
    // Written by hand the way dimod users do: pairs in either order, one pair twice, integer labels.
    const bqm: DimodBqmJson = {
      type: 'BinaryQuadraticModel',
      version: { bqm_schema: '3.0.0' },
      use_bytes: false,
      index_type: 'int32',
      bias_type: 'float64',
      num_variables: 4,
      num_interactions: 3,
      variable_labels: ['x', 7, 'a b', 'q'],
      variable_type: 'SPIN',
      offset: 1.5,
      info: {},
      linear_biases: [0.5, -1, 0, 2],
      quadratic_head: [2, 0, 1, 0],
      quadratic_tail: [0, 1, 3, 1],
      quadratic_biases: [1, -0.5, 0.25, -0.5],
    };
    const { model, offset } = modelFromDimod(bqm);
    assert.deepEqual(model.names, ['x', '7', 'a b', 'q']);
    assert.equal(model.coupling(0, 1), 1); // -(-0.5 - 0.5)
    const again = modelToDimod(model, offset);
    assert.deepEqual(again.variable_labels, ['x', 7, 'a b', 'q']); // the integer label comes back an integer
    for (const s of allStates(4)) {
      assert.equal(model.energy(s) + offset, dimodEnergy(bqm, s));
      assert.equal(dimodEnergy(again, s), dimodEnergy(bqm, s));
    }
    assert.deepEqual(
      groundStates((s) => dimodEnergy(again, s), 4),
      groundStates((s) => dimodEnergy(bqm, s), 4),
    );
  });

  it('reads BINARY BQMs through s = 2x - 1 with the same energy for every state', () => {
    fc.assert(
      fc.property(arbModel, ({ model, offset }) => {
        // Reinterpret the coefficients as a BINARY BQM.
        const binary: DimodBqmJson = { ...modelToDimod(model, offset), variable_type: 'BINARY' };
        const { model: spin, offset: spinOffset } = modelFromDimod(binary);
        for (const s of allStates(model.n)) {
          assert.ok(Math.abs(spin.energy(s) + spinOffset - dimodEnergy(binary, s)) < 1e-12);
        }
      }),
      { numRuns: 100, seed: 5 },
    );
  });

  it('clamps: an error naming them, or folded (every state with the clamps has the same energy)', () => {
    const model = new IsingModel(
      ['A', 'B', 'Y'],
      [1, 1, -2],
      [
        [0, 1, -1],
        [0, 2, 2],
        [1, 2, 2],
      ],
      { Y: 1 },
    );
    assert.throws(() => modelToDimod(model), /clamped spins \(Y\).*--fold-clamps/);
    const bqm = modelToDimod(model, 0.5, true);
    assert.deepEqual(bqm.variable_labels, ['A', 'B']);
    for (const s of allStates(2)) assert.equal(dimodEnergy(bqm, s), model.energy([s[0], s[1], 1]) + 0.5);
  });

  it('a self-loop is what dimod makes of it: a constant for SPIN (s^2 = 1), a linear bias for BINARY (x^2 = x)', () => {
    for (const vartype of ['SPIN', 'BINARY'] as const) {
      const bqm: DimodBqmJson = {
        ...modelToDimod(new IsingModel(['A', 'B'], [1, -1], [[0, 1, 0.5]]), 1),
        variable_type: vartype,
        quadratic_head: [0, 1, 1],
        quadratic_tail: [1, 1, 0],
        quadratic_biases: [-0.5, 3, 0.25],
      };
      const { model, offset } = modelFromDimod(bqm);
      for (const s of allStates(2)) assert.equal(model.energy(s) + offset, dimodEnergy(bqm, s));
    }
  });

  it('modelFromAnyJson detects either format and keeps meta.offset', () => {
    const model = new IsingModel(['A', 'B'], [1, -1], [[0, 1, 0.5]]);
    assert.equal(modelFromAnyJson(modelToDimod(model, 2)).format, 'dimod');
    assert.equal(modelFromAnyJson(modelToDimod(model, 2)).offset, 2);
    const inv = modelFromAnyJson({ ...modelToJson(model), meta: { offset: -3 } });
    assert.equal(inv.format, 'invlogic');
    assert.equal(inv.offset, -3);
  });

  const good = (): Record<string, unknown> => ({
    ...modelToDimod(new IsingModel(['A', 'B'], [1, -1], [[0, 1, 0.5]]), 1),
  });
  const badCases: Array<[string, (o: Record<string, unknown>) => void, RegExp]> = [
    ['missing offset', (o) => delete o.offset, /missing field "offset"/],
    ['offset not a number', (o) => (o.offset = 'x'), /"offset" must be a finite number/],
    ['vartype', (o) => (o.variable_type = 'DISCRETE'), /"variable_type" must be "SPIN" or "BINARY", got "DISCRETE"/],
    ['schema', (o) => (o.version = { bqm_schema: '1.0.0' }), /"version.bqm_schema" must be a 2.x or 3.x version/],
    ['type', (o) => (o.type = 'SampleSet'), /"type" must be "BinaryQuadraticModel"/],
    ['bytes', (o) => (o.use_bytes = true), /"use_bytes" is true/],
    ['linear length', (o) => (o.linear_biases = [1]), /"linear_biases" must have 2 entries/],
    ['linear NaN', (o) => (o.linear_biases = [1, null]), /"linear_biases"\[1\] must be a finite number/],
    ['head index', (o) => (o.quadratic_head = [5]), /"quadratic_head"\[0\] = 5 is not a variable index/],
    ['lengths', (o) => (o.quadratic_tail = []), /must have equal lengths/],
    ['label', (o) => (o.variable_labels = ['A', [null]]), /"variable_labels"\[1\] must be a non-empty string/],
    ['labels', (o) => (o.variable_labels = ['A', 'A']), /"variable_labels"\[1\] and \[0\] both read as the name "A"/],
    ['num_variables', (o) => (o.num_variables = 3), /"num_variables" is 3 but "variable_labels" has 2/],
  ];
  for (const [what, spoil, message] of badCases) {
    it(`bad BQM (${what}): one-line InvlogicError naming the field`, () => {
      const o = good();
      spoil(o);
      assert.throws(
        () => modelFromDimod(o, 'f.json'),
        (err: unknown) => err instanceof InvlogicError && message.test(err.message) && !err.message.includes('\n'),
      );
    });
  }
});

describe('dimod SampleSet interchange', () => {
  const model = new IsingModel(
    ['A', 'B', 'Y'],
    [1, 1, -2],
    [
      [0, 1, -1],
      [0, 2, 2],
      [1, 2, 2],
    ],
  );
  const reads = [...allStates(3), ...allStates(3)].filter((_, k) => k % 3 !== 1);
  const ss = SampleSet.fromReads(model, reads, { sampler: 'test', seed: 1 });

  it('ours -> dimod -> ours is the identity (samples, energies, counts, labels, info)', () => {
    const d = JSON.parse(JSON.stringify(sampleSetToDimod(ss)));
    assert.equal(d.type, 'SampleSet');
    assert.equal(d.num_rows, ss.records.length);
    assert.equal(d.num_variables, 3);
    assert.equal(d.sample_packed, true);
    assert.deepEqual(d.sample_data.shape, [ss.records.length, 1]);
    const back = sampleSetFromDimod(d);
    assert.deepEqual(back.toJSON(), ss.toJSON());
    assert.deepEqual(sampleSetFromJson(JSON.parse(JSON.stringify(ss.toJSON()))).toJSON(), ss.toJSON());
  });

  it('every sample of up to 70 spins survives packing (rows of several 32-bit words)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 70 })
          .chain((n) =>
            fc.array(fc.array(fc.constantFrom(1, -1), { minLength: n, maxLength: n }), { minLength: 1, maxLength: 5 }),
          ),
        (samples) => {
          const n = samples[0].length;
          const set = new SampleSet(
            Array.from({ length: n }, (_, i) => `v${i}`),
            samples.map((x, k) => ({ sample: Int8Array.from(x), energy: k, numOccurrences: k + 1 })),
          );
          const d = JSON.parse(JSON.stringify(sampleSetToDimod(set)));
          assert.deepEqual(d.sample_data.shape, [samples.length, Math.ceil(n / 32)]);
          assert.deepEqual(sampleSetFromDimod(d).toJSON(), set.toJSON());
        },
      ),
      { numRuns: 100, seed: 11 },
    );
  });

  it('dimod (unpacked, BINARY, unsorted) -> ours -> dimod keeps every row', () => {
    const d = {
      type: 'SampleSet',
      version: { sampleset_schema: '3.1.0' },
      num_variables: 3,
      num_rows: 3,
      sample_data: {
        type: 'array',
        data: [
          [0, 1, 1],
          [1, 1, 1],
          [0, 0, 0],
        ],
        data_type: 'int8',
        shape: [3, 3],
        use_bytes: false,
      },
      sample_type: 'int8',
      sample_packed: false,
      vectors: {
        energy: { type: 'array', data: [2, -3, 0.5], data_type: 'float64', shape: [3], use_bytes: false },
        num_occurrences: { type: 'array', data: [1, 4, 2], data_type: 'int64', shape: [3], use_bytes: false },
      },
      variable_labels: [0, 'b', 'c'],
      variable_type: 'BINARY',
      info: {},
      use_bytes: false,
    };
    const ours = sampleSetFromDimod(d);
    assert.deepEqual(ours.variables, ['0', 'b', 'c']);
    assert.deepEqual(sampleSetToDimod(ours).variable_labels, [0, 'b', 'c']);
    assert.deepEqual(
      ours.records.map((r) => [Array.from(r.sample), r.energy, r.numOccurrences]),
      [
        [[1, 1, 1], -3, 4],
        [[-1, -1, -1], 0.5, 2],
        [[-1, 1, 1], 2, 1],
      ],
    );
    const again = sampleSetFromDimod(JSON.parse(JSON.stringify(sampleSetToDimod(ours))));
    assert.deepEqual(again.toJSON(), ours.toJSON());
  });

  it('packed words: variable k in bit k mod 32 (from the least significant) of word floor(k / 32), per row', () => {
    const one = new SampleSet(
      ['a', 'b', 'c'],
      [
        { sample: Int8Array.from([1, -1, -1]), energy: 0, numOccurrences: 1 },
        { sample: Int8Array.from([-1, -1, 1]), energy: 1, numOccurrences: 1 },
      ],
    );
    // dimod's pack_samples([[1,0,0],[0,0,1]]) is [[1],[4]] (docs/dimod.md).
    assert.deepEqual(sampleSetToDimod(one).sample_data.data, [[1], [4]]);
  });

  it("packed words equal a transcription of dimod's pack_samples steps (bit-reversed bytes, packbits, uint32 view)", () => {
    /** pad to 32 bits, reverse the 8 bits of each byte, pack MSB-first, read each 4 bytes as little-endian uint32. */
    const dimodPack = (bits: number[]): number[] => {
      const padded = [...bits, ...new Array<number>(31 - ((bits.length + 31) % 32)).fill(0)];
      const bytes = new Uint8Array(padded.length / 8);
      for (let b = 0; b < bytes.length; b++) {
        const reversed = padded.slice(8 * b, 8 * b + 8).reverse();
        bytes[b] = reversed.reduce((acc, bit) => (acc << 1) | bit, 0);
      }
      const view = new DataView(bytes.buffer);
      return Array.from({ length: bytes.length / 4 }, (_, w) => view.getUint32(4 * w, true));
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }).chain((n) => fc.array(fc.constantFrom(1, -1), { minLength: n, maxLength: n })),
        (sample) => {
          const set = new SampleSet(
            sample.map((_, i) => `v${i}`),
            [{ sample: Int8Array.from(sample), energy: 0, numOccurrences: 1 }],
          );
          const words = sampleSetToDimod(set).sample_data.data as number[][];
          assert.deepEqual(words[0], dimodPack(sample.map((s) => (s > 0 ? 1 : 0))));
        },
      ),
      { numRuns: 100, seed: 7 },
    );
  });

  it('bad SampleSets: one-line errors naming the field', () => {
    const d = JSON.parse(JSON.stringify(sampleSetToDimod(ss)));
    const cases: Array<[(o: Record<string, Record<string, unknown>>) => void, RegExp]> = [
      [(o) => delete o.vectors.energy, /missing field "vectors.energy"/],
      [(o) => (o.num_rows = 1 as never), /"num_rows" is 1 but "vectors.energy" has \d+ entries/],
      [(o) => ((o.vectors.num_occurrences as { data: number[] }).data[0] = -1), /"vectors.num_occurrences"\[0\]/],
      [
        (o) => ((o.sample_data as { data: number[][] }).data = [[1]]),
        /"sample_data" \(packed\) must be \d+ x 1 32-bit words/,
      ],
      [
        (o) => ((o.sample_data as { data: number[][] }).data[0] = [2 ** 32]),
        /"sample_data" row 0 word 0 must be a uint32/,
      ],
      [(o) => (o.sample_packed = 'yes' as never), /"sample_packed" must be true or false/],
      [(o) => (o.version = { sampleset_schema: '2.0.0' }), /"version.sampleset_schema"/],
    ];
    for (const [spoil, message] of cases) {
      const o = JSON.parse(JSON.stringify(d));
      spoil(o);
      assert.throws(
        () => sampleSetFromDimod(o, 's.json'),
        (err: unknown) => err instanceof InvlogicError && message.test(err.message) && !err.message.includes('\n'),
      );
    }
  });
});

/**
 * Files in the exact layout dimod writes (test/fixtures/dimod/README.md: which dimod version each follows,
 * derived from dimod's source at commit aca7cc3d23d1fbcefcd0290fe812fc4f47666419 and tags 0.8.14, 0.9.0,
 * 0.9.16; the packed words checked against dimod's own pack_samples).
 */
const FIXTURES = path.join(__dirname, 'fixtures', 'dimod');
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>;

describe('dimod fixtures (files as dimod writes them)', () => {
  it('bqm 3.0.0, SPIN, integer labels: every state has its dimod energy, and we write the same file back', () => {
    const file = fixture('bqm-3.0.0-spin-int-labels.json');
    const { model, offset } = modelFromDimod(file);
    assert.deepEqual(model.names, ['0', '1', '2']);
    for (const s of allStates(3)) assert.equal(model.energy(s) + offset, dimodEnergy(file as never, s));
    // Field for field what dimod's to_serializable gives (labels as integers, head < tail, sorted).
    assert.deepEqual(JSON.parse(JSON.stringify(modelToDimod(model, offset))), file);
  });

  it('bqm 3.0.0, BINARY, tuple labels: every state has its dimod energy; labels come back as lists', () => {
    const file = fixture('bqm-3.0.0-binary-tuple-labels.json');
    const { model, offset } = modelFromDimod(file);
    assert.deepEqual(model.names, ['["x",0]', '["x",1]', '["y",0]']);
    const again = modelToDimod(model, offset);
    assert.deepEqual(again.variable_labels, file.variable_labels);
    for (const s of allStates(3)) {
      assert.equal(model.energy(s) + offset, dimodEnergy(file as never, s));
      assert.equal(dimodEnergy(again, s), dimodEnergy(file as never, s));
    }
  });

  it('bqm 3.0.0 as dimod 0.9 wrote it (uint16 indices, float32 biases) and bqm 2.0.0 (dimod 0.8) are read', () => {
    for (const name of ['bqm-3.0.0-dimod0.9-float32.json', 'bqm-2.0.0-spin.json']) {
      const file = fixture(name);
      const { model, offset } = modelFromDimod(file, name);
      assert.equal(model.n, 2);
      for (const s of allStates(2)) assert.equal(model.energy(s) + offset, dimodEnergy(file as never, s));
    }
  });

  // The samples of sampleset-3.2.0-spin-35.json, rebuilt here: +1 at 0, 31, 32, 34; all +1; +1 at even indices.
  const rows35 = [
    Int8Array.from({ length: 35 }, (_, i) => ([0, 31, 32, 34].includes(i) ? 1 : -1)),
    new Int8Array(35).fill(1),
    Int8Array.from({ length: 35 }, (_, i) => (i % 2 === 0 ? 1 : -1)),
  ];

  it('sampleset 3.2.0, 35 spins (two words a row): samples, energies, counts, labels, info; written back the same', () => {
    const file = fixture('sampleset-3.2.0-spin-35.json');
    const ours = sampleSetFromDimod(file);
    assert.deepEqual(
      ours.variables,
      Array.from({ length: 35 }, (_, i) => String(i)),
    );
    assert.deepEqual(
      ours.records.map((r) => [Array.from(r.sample), r.energy, r.numOccurrences]),
      [
        [Array.from(rows35[0]), -2, 4],
        [Array.from(rows35[1]), 0.5, 1],
        [Array.from(rows35[2]), 3, 2],
      ],
    );
    assert.deepEqual(ours.info, { beta_range: [0.1, 4.6] });
    // Field for field what dimod's to_serializable gives, packed words included.
    assert.deepEqual(JSON.parse(JSON.stringify(sampleSetToDimod(ours))), file);
  });

  it('sampleset 3.0.0 (no sample_packed: packed), BINARY, an extra vector: rows read as s = 2x - 1', () => {
    const ours = sampleSetFromDimod(fixture('sampleset-3.0.0-binary.json'));
    assert.deepEqual(ours.variables, ['a', 'b', 'c']);
    assert.deepEqual(
      ours.records.map((r) => [Array.from(r.sample), r.energy, r.numOccurrences]),
      [
        [[-1, 1, 1], -1, 1],
        [[1, -1, -1], 2, 3],
      ],
    );
  });
});

describe('invlogic convert / sample / verify with dimod files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invlogic-dimod-'));
  const and = new IsingModel(
    ['A', 'B', 'Y'],
    [1, 1, -2],
    [
      [0, 1, -1],
      [0, 2, 2],
      [1, 2, 2],
    ],
  );
  const modelFile = path.join(dir, 'and.json');
  fs.writeFileSync(modelFile, JSON.stringify(modelToJson(and)));

  it('convert model -> dimod -> invlogic gives back the same model', async () => {
    const bqmFile = path.join(dir, 'and.bqm.json');
    assert.equal((await runCli(['convert', modelFile, '--to', 'dimod', '--out', bqmFile])).code, 0);
    const r = await runCli(['convert', bqmFile, '--to', 'invlogic']);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.out), modelToJson(and));
  });

  it('sample and verify accept a dimod BQM; sample energies include its offset', async () => {
    const bqmFile = path.join(dir, 'and-offset.bqm.json');
    fs.writeFileSync(bqmFile, JSON.stringify(modelToDimod(and, 10)));
    const tableFile = path.join(dir, 'and-table.json');
    const t = await runCli(['gate', 'AND', '--table']);
    fs.writeFileSync(tableFile, t.out);
    const v = await runCli(['verify', bqmFile, tableFile]);
    assert.equal(v.code, 0, v.err);
    assert.match(v.out, /^ok: 4 rows/);
    const s = await runCli(['sample', bqmFile, '--reads', '20', '--seed', '3']);
    assert.equal(s.code, 0, s.err);
    const ss = JSON.parse(s.out);
    const plain = JSON.parse((await runCli(['sample', modelFile, '--reads', '20', '--seed', '3'])).out);
    assert.deepEqual(
      ss.records.map((r: { energy: number }) => r.energy),
      plain.records.map((r: { energy: number }) => r.energy + 10),
    );
    assert.equal(ss.info.offset, 10);
    // The SampleSet converts to dimod and back unchanged.
    const ssFile = path.join(dir, 's.json');
    fs.writeFileSync(ssFile, s.out);
    const dFile = path.join(dir, 's.dimod.json');
    assert.equal((await runCli(['convert', ssFile, '--to', 'dimod', '--out', dFile])).code, 0);
    const back = await runCli(['convert', dFile, '--to', 'invlogic']);
    assert.deepEqual(JSON.parse(back.out), ss);
  });

  it('bad input: one line naming the field', async () => {
    const f = path.join(dir, 'bad.json');
    fs.writeFileSync(f, JSON.stringify({ type: 'BinaryQuadraticModel', version: { bqm_schema: '3.0.0' } }));
    const r = await runCli(['convert', f, '--to', 'invlogic']);
    assert.equal(r.code, 2);
    assert.equal(r.err, `invlogic: ${f}: missing field "variable_type" of a dimod BQM\n`);
    fs.writeFileSync(f, JSON.stringify({ hello: 1 }));
    const r2 = await runCli(['convert', f, '--to', 'dimod']);
    assert.match(r2.err, /^invlogic: IN: .* is neither a model .* nor a SampleSet/);
    assert.equal((await runCli(['convert', f])).err, 'invlogic: missing required flag --to: one of dimod|invlogic\n');
  });

  it("sample a dimod-written BQM, convert the SampleSet to dimod: its labels are the BQM's integers, energies its own", async () => {
    const bqmFile = path.join(FIXTURES, 'bqm-3.0.0-spin-int-labels.json');
    const bqm = fixture('bqm-3.0.0-spin-int-labels.json') as never as DimodBqmJson;
    const ssFile = path.join(dir, 'fixture-s.json');
    const s = await runCli(['sample', bqmFile, '--reads', '30', '--seed', '4', '--out', ssFile]);
    assert.equal(s.code, 0, s.err);
    const c = await runCli(['convert', ssFile, '--to', 'dimod']);
    assert.equal(c.code, 0, c.err);
    const d = JSON.parse(c.out);
    assert.deepEqual(d.variable_labels, [0, 1, 2]);
    const back = sampleSetFromDimod(d);
    assert.equal(back.numReads, 30);
    for (const r of back.records) assert.equal(r.energy, dimodEnergy(bqm, r.sample));
    const conv = await runCli(['convert', path.join(FIXTURES, 'sampleset-3.2.0-spin-35.json'), '--to', 'invlogic']);
    assert.equal(conv.code, 0, conv.err);
    assert.equal(JSON.parse(conv.out).records.length, 3);
  });
});

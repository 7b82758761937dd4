import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { InvlogicError } from '../lib/errors';
import { compileTruthTable, gate, gateToModel, gateTruthTable, parseTruthTable, verify } from '../lib/logic';

test('compiling the AND/OR/MAJ3/HA/FA tables needs no aux and matches the hand-made range and gap', async () => {
  for (const name of ['AND', 'OR', 'MAJ3', 'HA', 'FA', 'NOT']) {
    const r = await compileTruthTable(gateTruthTable(name));
    const ref = verify(gateToModel(gate(name)), gateTruthTable(name));
    assert.equal(r.numAux, 0, name);
    assert.ok(r.verification.ok);
    assert.ok(r.auxProvedMinimal && r.rangeProvedMinimal);
    const refRange = Math.max(...gate(name).h.map(Math.abs), ...gate(name).J.map(([, , w]) => Math.abs(w)));
    assert.equal(r.maxAbsCoefficient, refRange, `${name} range`);
    assert.ok(r.gap >= ref.gap, `${name} gap ${r.gap} >= ${ref.gap}`);
  }
});

test('XOR provably needs one auxiliary spin (the compiler proves 0 aux infeasible)', async () => {
  const r = await compileTruthTable(gateTruthTable('XOR'), { name: 'MYXOR' });
  assert.equal(r.numAux, 1);
  assert.equal(r.auxProvedMinimal, true);
  assert.deepEqual(r.gate.wires, ['A', 'B', 'Y']);
  assert.deepEqual(r.gate.aux, ['X1']);
  assert.equal(r.gate.name, 'MYXOR');
  assert.ok(verify(r.model, gateTruthTable('XOR')).ok);
  assert.ok(Number.isInteger(r.gap) && r.gap >= 2);
  assert.ok(r.model.isInteger());
});

test('the compiler is deterministic', async () => {
  const t = {
    inputs: ['p', 'q', 'r'],
    outputs: [],
    rows: [
      [0, 0, 1],
      [1, 1, 0],
      [0, 1, 1],
    ],
  };
  const a = await compileTruthTable(t);
  const b = await compileTruthTable(t);
  assert.deepEqual(a.gate, b.gate);
});

test('property: random tables over 2-3 wires compile to integer models that verify exactly', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc
        .integer({ min: 2, max: 3 })
        .chain((w) =>
          fc.tuple(
            fc.constant(w),
            fc.uniqueArray(fc.integer({ min: 0, max: 2 ** w - 1 }), { minLength: 1, maxLength: 2 ** w }),
          ),
        ),
      async ([w, keys]) => {
        const wires = Array.from({ length: w }, (_, i) => `v${i}`);
        const rows = keys.map((s) => wires.map((_, k) => (s >> k) & 1));
        const table = { inputs: wires.slice(0, 1), outputs: wires.slice(1), rows };
        const r = await compileTruthTable(table, { timeLimitS: 20 });
        const check = verify(r.model, table);
        return (
          check.ok && r.model.isInteger() && r.maxAbsCoefficient <= 8 && (rows.length === 2 ** w || check.gap >= 2)
        );
      },
    ),
    { numRuns: 12, seed: 2020 },
  );
});

test('malformed tables are InvlogicErrors naming the problem', async () => {
  const bad: [unknown, RegExp][] = [
    [{ inputs: ['A'], outputs: ['Y'], rows: [[0, 1, 1]] }, /rows\[0\] must have 2 entries/],
    [{ inputs: ['A'], outputs: ['Y'], rows: [[0, 2]] }, /rows\[0\]\[1\] \(wire Y\) must be 0 or 1/],
    [
      {
        inputs: ['A'],
        outputs: ['Y'],
        rows: [
          [0, 1],
          [0, 1],
        ],
      },
      /rows\[1\] duplicates rows\[0\]/,
    ],
    [{ inputs: ['A'], outputs: ['Y'], rows: [] }, /"rows" is empty/],
    [{ inputs: ['A', 'A'], outputs: ['Y'], rows: [[0, 0, 0]] }, /wire "A" is named twice/],
    [{ inputs: ['A'], outputs: ['A'], rows: [[0, 0]] }, /wire "A" is named twice/],
    [
      { inputs: Array.from({ length: 11 }, (_, i) => `x${i}`), outputs: [], rows: [Array(11).fill(0)] },
      /too many wires \(11\); at most 10/,
    ],
    [{ inputs: ['A'], outputs: ['Y'], rows: [[0, 1]], extra: 1 }, /unknown key "extra"/],
    [[1, 2], /expected a JSON object/],
    [{ inputs: 'A', outputs: [], rows: [[0]] }, /"inputs" must be an array/],
    [{ inputs: [], outputs: [], rows: [[]] }, /no wires/],
    [{ inputs: ['A'], outputs: ['Y'], rows: [['0', 1]] }, /must be 0 or 1/],
  ];
  for (const [table, re] of bad) {
    await assert.rejects(
      compileTruthTable(table),
      (e: unknown) => e instanceof InvlogicError && re.test(e.message),
      String(re),
    );
  }
  await assert.rejects(
    compileTruthTable(gateTruthTable('AND'), { maxAux: 9 }),
    /maxAux must be an integer in \[0, 4\]/,
  );
  await assert.rejects(compileTruthTable(gateTruthTable('AND'), { foo: 1 } as never), /unknown option options.foo/);
  // XOR with aux forbidden: a clear error, not a wrong model.
  await assert.rejects(
    compileTruthTable(gateTruthTable('XOR'), { maxAux: 0 }),
    /no Hamiltonian found with at most 0 auxiliary spins/,
  );
  assert.equal(parseTruthTable({ inputs: ['A'], rows: [[1]] }).outputs.length, 0);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvlogicError } from '../lib/errors';
import { enumerate, spinToBit } from '../lib/ising';
import { allGates, flipPorts, gate, gateToModel, gateTruthTable, GATE_NAMES, verify } from '../lib/logic';

const PORTS: Record<string, string[]> = {
  AND: ['A', 'B', 'Y'],
  OR: ['A', 'B', 'Y'],
  NAND: ['A', 'B', 'Y'],
  NOR: ['A', 'B', 'Y'],
  XOR: ['A', 'B', 'Y'],
  XNOR: ['A', 'B', 'Y'],
  NOT: ['A', 'Y'],
  BUF: ['A', 'Y'],
  MAJ3: ['A', 'B', 'C', 'Y'],
  HA: ['A', 'B', 'S', 'CO'],
  FA: ['A', 'B', 'CI', 'S', 'CO'],
};

test('the library holds exactly the gates of the CLI contract, with their port names', () => {
  assert.deepEqual([...GATE_NAMES].sort(), Object.keys(PORTS).sort());
  for (const g of allGates()) {
    assert.deepEqual(g.wires, PORTS[g.name], g.name);
    for (const a of g.aux) assert.ok(!g.wires.includes(a));
    assert.equal(g.h.length, g.wires.length + g.aux.length);
    assert.ok(g.h.every(Number.isInteger) && g.J.every(([, , w]) => Number.isInteger(w)), `${g.name} integer`);
  }
});

test('every gate: ground states projected on the ports are exactly the truth table (exact enumeration)', () => {
  for (const g of allGates()) {
    const table = gateTruthTable(g);
    // Independent check of the table itself from the gate's logic.
    const logic: Record<string, (b: number[]) => number[]> = {
      AND: ([a, b]) => [a & b],
      OR: ([a, b]) => [a | b],
      NAND: ([a, b]) => [1 - (a & b)],
      NOR: ([a, b]) => [1 - (a | b)],
      XOR: ([a, b]) => [a ^ b],
      XNOR: ([a, b]) => [1 - (a ^ b)],
      NOT: ([a]) => [1 - a],
      BUF: ([a]) => [a],
      MAJ3: ([a, b, c]) => [a + b + c >= 2 ? 1 : 0],
      HA: ([a, b]) => [(a + b) % 2, (a + b) >> 1],
      FA: ([a, b, c]) => [(a + b + c) % 2, (a + b + c) >> 1],
    };
    for (const row of table.rows) {
      const ins = row.slice(0, table.inputs.length);
      assert.deepEqual(row.slice(table.inputs.length), logic[g.name](ins), `${g.name} table row ${row}`);
    }
    assert.equal(table.rows.length, 2 ** table.inputs.length);
    const r = verify(gateToModel(g), table);
    assert.ok(r.ok, `${g.name}: ${JSON.stringify(r.firstMismatch)}`);
    assert.ok(r.gap >= 2, `${g.name} gap ${r.gap}`);
    assert.ok(r.logicalGap >= r.gap);
    // Ground states are one per row (aux spins are determined by the ports).
    assert.equal(r.numGroundStates, table.rows.length, g.name);
  }
});

test('measured gaps: 4 for AND/OR/NAND/NOR/MAJ3, 2 for NOT/BUF/XOR/XNOR/HA/FA', () => {
  const gaps = Object.fromEntries(allGates().map((g) => [g.name, enumerate(gateToModel(g)).gap]));
  assert.deepEqual(gaps, { AND: 4, OR: 4, NAND: 4, NOR: 4, MAJ3: 4, NOT: 2, BUF: 2, XOR: 2, XNOR: 2, HA: 2, FA: 2 });
});

test('AND with Y clamped to 0 has the three inverse rows as degenerate ground states', () => {
  const m = gateToModel(gate('AND')).withClamp({ Y: -1 });
  const e = enumerate(m);
  const rows = e.groundStates.map((s) => [spinToBit(s[0]), spinToBit(s[1])].join('')).sort();
  assert.deepEqual(rows, ['00', '01', '10']);
});

test('flipPorts inverts a port: MAJ3 with B inverted is MAJ(A, NOT B, C)', () => {
  const g = flipPorts(gate('MAJ3'), ['B']);
  const rows: number[][] = [];
  for (let s = 0; s < 8; s++) {
    const [a, b, c] = [s & 1, (s >> 1) & 1, (s >> 2) & 1];
    rows.push([a, b, c, a + (1 - b) + c >= 2 ? 1 : 0]);
  }
  const r = verify(gateToModel(g), { inputs: ['A', 'B', 'C'], outputs: ['Y'], rows });
  assert.ok(r.ok);
  assert.equal(r.gap, 4);
  assert.throws(() => flipPorts(gate('AND'), ['Q']), InvlogicError);
});

test('gate lookup is case-insensitive; unknown gates list the known ones', () => {
  assert.equal(gate('xnor').name, 'XNOR');
  assert.throws(
    () => gate('FOO'),
    (e: unknown) => e instanceof InvlogicError && /known gates: AND, OR/.test(e.message),
  );
});

test('gate() returns a copy: mutating it does not change the library', () => {
  const g = gate('AND');
  g.h[0] = 99;
  assert.equal(gate('AND').h[0], 1);
});

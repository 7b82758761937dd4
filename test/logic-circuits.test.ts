import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvlogicError } from '../lib/errors';
import { createRng } from '../lib/rng';
import {
  adderTable,
  arrayMultiplier,
  Circuit,
  comparator,
  comparatorTable,
  multiplierTable,
  neuronCircuit,
  neuronForward,
  neuronTable,
  neuronTrainingCircuit,
  popcountCircuit,
  restrictTable,
  rippleCarryAdder,
  thresholdCircuit,
  verify,
  functionTable,
} from '../lib/logic';

test('fusing wires sums h and J: AND feeding a half adder computes (a AND b) + d', () => {
  const c = new Circuit();
  c.addGate('AND', { A: 'a', B: 'b', Y: 't' });
  c.addGate('HA', { A: 't', B: 'd', S: 's0', CO: 's1' });
  const m = c.toModel();
  assert.deepEqual(m.names, ['a', 'b', 't', 'd', 's0', 's1']);
  // t gets AND's Y bias (-2) plus HA's A bias (+1).
  assert.equal(m.h[m.indexOf('t')], -1);
  assert.equal(m.coupling(m.indexOf('a'), m.indexOf('t')), 2);
  assert.equal(m.coupling(m.indexOf('t'), m.indexOf('s1')), 2);
  const table = functionTable(['a', 'b', 'd'], ['s0', 's1'], ([a, b, d]) => {
    const v = (a & b) + d;
    return [v & 1, v >> 1];
  });
  const r = verify(c, table);
  assert.ok(r.ok, JSON.stringify(r.firstMismatch));
});

test('aux spins get unique names per gate instance', () => {
  const c = new Circuit();
  const i1 = c.addGate('XOR', { A: 'a', B: 'b', Y: 'y1' });
  const i2 = c.addGate('XOR', { A: 'a', B: 'b', Y: 'y2' });
  assert.notEqual(i1, i2);
  assert.ok(c.has(`${i1}.X1`) && c.has(`${i2}.X1`));
  assert.equal(c.numWires, 6);
  assert.throws(() => c.addGate('XOR', { A: 'a', B: 'b', Y: 'y3' }, i1), InvlogicError);
});

test('addGate rejects missing, unknown and doubly wired ports', () => {
  const c = new Circuit();
  assert.throws(() => c.addGate('AND', { A: 'a', B: 'b' }), /port "Y" is not connected/);
  assert.throws(() => c.addGate('AND', { A: 'a', B: 'b', Y: 'y', Z: 'z' }), /no port "Z"/);
  assert.throws(() => c.addGate('AND', { A: 'a', B: 'a', Y: 'y' }), /both wired to "a"/);
  assert.throws(() => c.addGate('NOPE', { A: 'a' }), /unknown gate/);
});

test('addCircuit reuses a sub-circuit with a wire map and a prefix; clamps are carried over', () => {
  const half = new Circuit();
  half.addGate('HA', { A: 'x', B: 'y', S: 's', CO: 'c' });
  half.clamp('y', 1);
  const c = new Circuit();
  const map = c.addCircuit(half, { x: 'shared' }, 'u');
  c.addCircuit(half, { x: 'shared' }, 'v');
  assert.equal(map.get('x'), 'shared');
  assert.equal(map.get('s'), 'u.s');
  assert.deepEqual(c.names().sort(), ['shared', 'u.c', 'u.s', 'u.y', 'v.c', 'v.s', 'v.y'].sort());
  const m = c.toModel();
  assert.equal(m.clamp.size, 2);
  // shared gets HA's A bias twice.
  assert.equal(m.h[m.indexOf('shared')], 2);
  assert.deepEqual(c.gateCensus(), { HA: 2 });
  assert.throws(() => c.addCircuit(half, { nope: 'z' }, 'w'), /no wire "nope"/);
  assert.throws(() => c.addCircuit(c, {}, 'self'), /cannot be added to itself/);
  assert.throws(() => c.clamp('shared', 0), InvlogicError);
  c.clamp('shared', -1);
  assert.throws(() => c.clamp('shared', 1), /clamped to both/);
});

test('ripple-carry adder, 1..4 bits: exact truth table, 4n spins', () => {
  for (let n = 1; n <= 4; n++) {
    const c = rippleCarryAdder(n);
    assert.equal(c.numWires, 4 * n);
    const r = verify(c, adderTable(n));
    assert.ok(r.ok, `n=${n} ${JSON.stringify(r.firstMismatch)}`);
    assert.equal(r.gap, 2);
  }
  const ci = rippleCarryAdder(3, { carryIn: true });
  assert.ok(verify(ci, adderTable(3, { carryIn: true })).ok);
  assert.throws(() => rippleCarryAdder(0), /bits must be an integer in \[1, 64\]/);
});

test('array multiplier: 3n^2 spins (12/27/48/75, Smithson Table 2), n^2 AND + n(n-2) FA + n HA', () => {
  for (let n = 2; n <= 6; n++) {
    const c = arrayMultiplier(n);
    assert.equal(c.numWires, 3 * n * n);
    const census = c.gateCensus();
    assert.equal(census.AND, n * n);
    assert.equal(census.FA ?? 0, n * (n - 2));
    assert.equal(census.HA, n);
  }
  assert.deepEqual(
    [2, 3, 4, 5].map((n) => arrayMultiplier(n).numWires),
    [12, 27, 48, 75],
  );
});

test('array multiplier 2x2, 2x3, 3x2: exact truth table by enumeration', () => {
  for (const [a, b] of [
    [2, 2],
    [2, 3],
    [3, 2],
  ]) {
    const r = verify(arrayMultiplier(a, b), multiplierTable(a, b));
    assert.ok(r.ok, `${a}x${b} ${JSON.stringify(r.firstMismatch)}`);
    assert.equal(r.gap, 2);
  }
});

test('3x3 multiplier (27 spins): forward mode (inputs clamped) and factorisation (product clamped)', () => {
  const c = arrayMultiplier(3);
  const table = multiplierTable(3);
  const bits = (v: number, n: number, name: string): Record<string, number> =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`${name}${i}`, (v >> i) & 1]));
  for (const [x, y] of [
    [3, 6],
    [7, 7],
    [5, 0],
  ]) {
    const fixed = { ...bits(x, 3, 'a'), ...bits(y, 3, 'b') };
    const m = c.toModel().withClamp(Object.fromEntries(Object.entries(fixed).map(([k, b]) => [k, b ? 1 : -1])));
    const r = verify(m, restrictTable(table, fixed));
    assert.ok(r.ok, `${x}*${y}`);
    assert.equal(r.numProjectedRows, 1);
  }
  // Inverse: product 6 = 1*6, 2*3, 3*2, 6*1 -> exactly these four factor pairs are ground states.
  const fixed = bits(6, 6, 'p');
  const m = c.toModel().withClamp(Object.fromEntries(Object.entries(fixed).map(([k, b]) => [k, b ? 1 : -1])));
  const r = verify(m, restrictTable(table, fixed));
  assert.ok(r.ok);
  assert.equal(r.numProjectedRows, 4);
});

test('comparator a >= b, 1..3 bits: exact, 3n spins', () => {
  for (let n = 1; n <= 3; n++) {
    const c = comparator(n);
    assert.equal(c.numWires, 3 * n);
    const r = verify(c, comparatorTable(n));
    assert.ok(r.ok, `n=${n}`);
    assert.equal(r.gap, 4);
  }
});

test('popcount and threshold circuits are exact', () => {
  for (const n of [2, 3, 5, 6]) {
    const c = popcountCircuit(n);
    const k = c.outputs.length;
    const x = Array.from({ length: n }, (_, i) => `x${i}`);
    const table = functionTable(x, c.outputs, (v) => {
      const s = v.reduce((a, b) => a + b, 0);
      return Array.from({ length: k }, (_, i) => (s >> i) & 1);
    });
    assert.ok(verify(c, table).ok, `popcount ${n}`);
  }
  for (const [bits, t] of [
    [3, 1],
    [3, 4],
    [3, 5],
    [4, 6],
    [4, 9],
  ]) {
    const c = thresholdCircuit(bits, t);
    const q = Array.from({ length: bits }, (_, i) => `q${i}`);
    const table = functionTable(q, ['y'], (v) => [v.reduce((a, b, i) => a + b * 2 ** i, 0) >= t ? 1 : 0]);
    assert.ok(verify(c, table).ok, `threshold ${bits} ${t}`);
  }
  assert.throws(() => thresholdCircuit(3, 8), /threshold must be an integer in \[1, 7\]/);
});

test('binarized neuron y = sign(sum w x + b), sign(0)=+1: exact for n = 1..4 with and without bias', () => {
  for (const n of [1, 2, 3, 4]) {
    for (const bias of [false, true]) {
      if (n === 4 && bias) continue; // 27 spins, beyond exact enumeration
      const c = neuronCircuit(n, { bias });
      const r = verify(c, neuronTable(n, { bias }));
      assert.ok(r.ok, `n=${n} bias=${bias} ${JSON.stringify(r.firstMismatch)}`);
      assert.ok(r.gap >= 2);
    }
  }
  // Brief §4.2: n = 9 is 9 XNOR + 5 FA + 2 HA + OR, AND, OR = 53 spins.
  const c9 = neuronCircuit(9);
  assert.equal(c9.numWires, 53);
  assert.deepEqual(c9.gateCensus(), { AND: 1, FA: 5, HA: 2, OR: 2, XNOR: 9 });
  // n = 3: the full adder's carry is the majority, so y is that wire and there is no comparator gate.
  assert.deepEqual(neuronCircuit(3).gateCensus(), { FA: 1, XNOR: 3 });
});

/** All weight vectors (as bit strings, w0 first, then b) consistent with every sample. */
function consistentWeights(n: number, samples: { x: Int8Array; y: 1 | -1 }[], bias: boolean): number[][] {
  const rows: number[][] = [];
  const m = bias ? n + 1 : n;
  for (let s = 0; s < 2 ** m; s++) {
    const bits = Array.from({ length: m }, (_, i) => (s >> i) & 1);
    const w = bits.slice(0, n).map((b) => (b ? 1 : -1));
    const b = bias ? (bits[n] ? 1 : -1) : 0;
    if (samples.every((smp) => neuronForward(w, smp.x, b) === smp.y)) rows.push(bits);
  }
  return rows;
}

function checkTraining(n: number, samples: { x: Int8Array; y: 1 | -1 }[], bias: boolean): void {
  const tc = neuronTrainingCircuit(n, samples, { bias });
  const rows = consistentWeights(n, samples, bias);
  assert.ok(rows.length > 0);
  const r = verify(tc.model, { inputs: tc.weightWires, outputs: [], rows });
  assert.ok(
    r.ok,
    `n=${n} bias=${bias} samples=${JSON.stringify(samples.map((s) => [...s.x, s.y]))} ${JSON.stringify(r.firstMismatch)}`,
  );
}

test('neuron training, n = 3: for every (x, y), ground states over w are exactly the consistent weights', () => {
  for (let s = 0; s < 16; s++) {
    const x = Int8Array.from([0, 1, 2], (i) => ((s >> i) & 1 ? 1 : -1));
    const y = (s >> 3) & 1 ? 1 : -1;
    checkTraining(3, [{ x, y }], false);
  }
});

test('neuron training with bias (n = 3) and with K = 2 samples sharing the weights (n = 3)', () => {
  const rng = createRng('xoshiro128ss', 7);
  for (let trial = 0; trial < 6; trial++) {
    const x = Int8Array.from({ length: 3 }, () => (rng.nextU32() & 1 ? 1 : -1));
    checkTraining(3, [{ x, y: rng.nextU32() & 1 ? 1 : -1 }], true);
  }
  for (let trial = 0; trial < 4; trial++) {
    const teacher = Array.from({ length: 3 }, () => (rng.nextU32() & 1 ? 1 : -1));
    const samples = [0, 1].map(() => {
      const x = Int8Array.from({ length: 3 }, () => (rng.nextU32() & 1 ? 1 : -1));
      return { x, y: neuronForward(teacher, x) };
    });
    checkTraining(3, samples, false);
  }
});

test('neuron training, n = 5: consistent weights exactly (a few random samples)', () => {
  const rng = createRng('xoshiro128ss', 11);
  for (let trial = 0; trial < 3; trial++) {
    const x = Int8Array.from({ length: 5 }, () => (rng.nextU32() & 1 ? 1 : -1));
    checkTraining(5, [{ x, y: rng.nextU32() & 1 ? 1 : -1 }], false);
  }
});

test('training circuit shares w across instances and clamps x, y per instance; bad samples are rejected', () => {
  const x = Int8Array.from([1, -1, 1]);
  const tc = neuronTrainingCircuit(
    3,
    [
      { x, y: 1 },
      { x, y: -1 },
      { x, y: 1 },
    ],
    { bias: true, prefix: 'k' },
  );
  assert.deepEqual(tc.weightWires, ['w0', 'w1', 'w2', 'b']);
  assert.deepEqual(tc.instancePrefixes, ['k0', 'k1', 'k2']);
  assert.deepEqual(
    [...tc.weightIndices].map((i) => tc.model.names[i]),
    tc.weightWires,
  );
  const base = neuronCircuit(3, { bias: true }).numWires;
  assert.equal(tc.model.n, 4 + 3 * (base - 4));
  assert.equal(tc.model.clamp.size, 3 * 4);
  assert.equal(tc.model.clamp.get(tc.model.indexOf('k1.y')), -1);
  assert.throws(
    () => neuronTrainingCircuit(3, [{ x: Int8Array.from([1, 1]), y: 1 }]),
    /samples\[0\]\.x must have length 3/,
  );
  assert.throws(() => neuronTrainingCircuit(3, [{ x: Int8Array.from([1, 0, 1]), y: 1 }]), /samples\[0\]\.x\[1\]/);
  assert.throws(() => neuronTrainingCircuit(3, []), /non-empty/);
});

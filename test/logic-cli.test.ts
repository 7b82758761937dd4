import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { modelFromJson } from '../lib/ising';
import { gate, gateToModel, gateTruthTable, verify } from '../lib/logic';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'invlogic.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invlogic-logic-cli-'));

function cli(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function write(name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

test('invlogic gate NAME prints the gate model; unknown gate -> one line listing the gates, exit 2', () => {
  const r = cli('gate', 'xnor');
  assert.equal(r.code, 0, r.err);
  const json = JSON.parse(r.out);
  const model = modelFromJson(json);
  assert.deepEqual(model.names, ['A', 'B', 'Y', 'X1']);
  assert.ok(verify(model, gateTruthTable('XNOR')).ok);
  assert.equal(json.meta.gap, 2);
  const bad = cli('gate', 'FOO');
  assert.equal(bad.code, 2);
  assert.equal(bad.out, '');
  assert.equal(bad.err.trim().split('\n').length, 1);
  assert.match(bad.err, /unknown gate "FOO"; known gates: AND, OR, NAND, NOR, NOT, BUF, XOR, XNOR, HA, FA, MAJ3/);
});

test('compile -> verify round trip on a table file; meta reports gap and aux count', () => {
  const table = {
    inputs: ['A', 'B'],
    outputs: ['Y'],
    rows: [
      [0, 0, 1],
      [0, 1, 0],
      [1, 0, 0],
      [1, 1, 1],
    ],
  };
  const tableFile = write('xnor-table.json', table);
  const c = cli('compile', tableFile);
  assert.equal(c.code, 0, c.err);
  const json = JSON.parse(c.out);
  assert.deepEqual(json.names.slice(0, 3), ['A', 'B', 'Y']);
  assert.equal(json.meta.numAux, 1);
  assert.ok(json.meta.gap >= 2);
  const modelFile = write('xnor-model.json', c.out);
  const v = cli('verify', modelFile, tableFile);
  assert.equal(v.code, 0, v.err);
  assert.match(v.out, /^ok: 4 rows .* gap 2/);
});

test('verify exits 1 on a mismatch and names the first wrong row; 2 on bad input', () => {
  const andFile = write('and.json', cli('gate', 'AND').out);
  const orTable = write('or-table.json', gateTruthTable('OR'));
  const v = cli('verify', andFile, orTable);
  assert.equal(v.code, 1);
  assert.match(v.out, /^mismatch: .*A=\d B=\d Y=\d/);
  const missingWire = write('t.json', { inputs: ['A', 'Q'], outputs: [], rows: [[0, 0]] });
  const e1 = cli('verify', andFile, missingWire);
  assert.equal(e1.code, 2);
  assert.match(e1.err, /truth table wire "Q" is not a spin of the model/);
  const e2 = cli('verify', andFile, write('bad.json', '{not json'));
  assert.equal(e2.code, 2);
  assert.match(e2.err, /TABLE: .* is not valid JSON/);
  const e3 = cli('verify', andFile);
  assert.equal(e3.code, 2);
  assert.match(e3.err, /missing argument TABLE/);
});

test('compile rejects malformed tables with one line, exit 2', () => {
  for (const [table, re] of [
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
    [{ inputs: ['A'], outputs: ['Y'], rows: [[0, 3]] }, /must be 0 or 1/],
    [{ inputs: ['A', 'A'], outputs: [], rows: [[0, 0]] }, /named twice/],
  ] as const) {
    const r = cli('compile', write('bad-table.json', table));
    assert.equal(r.code, 2);
    assert.match(r.err, re);
    assert.equal(r.err.trim().split('\n').length, 1);
  }
  assert.match(
    cli('compile', write('ok.json', gateTruthTable('AND')), '--max-aux', '9').err,
    /--max-aux must be an integer in \[0, 4\]/,
  );
});

test('circuit multiplier/adder/neuron print models with measured sizes; --table gives a table verify accepts', () => {
  const m = JSON.parse(cli('circuit', 'multiplier', '--bits', '4').out);
  assert.equal(m.n, 48);
  assert.equal(m.meta.spins, 48);
  assert.deepEqual(m.meta.gates, { AND: 16, FA: 8, HA: 4 });
  const n = JSON.parse(cli('circuit', 'neuron', '--inputs', '9').out);
  assert.equal(n.n, 53);
  assert.ok(n.names.includes('y') && n.names.includes('w8') && n.names.includes('x8'));
  const nb = JSON.parse(cli('circuit', 'neuron', '--inputs', '3', '--bias').out);
  assert.ok(nb.names.includes('b'));
  const model = write('add2.json', cli('circuit', 'adder', '--bits', '2').out);
  const table = write('add2-table.json', cli('circuit', 'adder', '--bits', '2', '--table').out);
  const v = cli('verify', model, table);
  assert.equal(v.code, 0, v.out + v.err);
  const errs: [string[], RegExp][] = [
    [['circuit', 'adder'], /circuit adder needs --bits/],
    [['circuit', 'adder', '--inputs', '3'], /--inputs does not apply to circuit adder/],
    [['circuit', 'adder', '--bits', '99'], /--bits must be an integer in \[1, 32\]/],
    [['circuit', 'cpu', '--bits', '2'], /KIND must be one of adder\|multiplier/],
    [['circuit', 'multiplier', '--bits', '1'], /--bits must be an integer in \[2, 32\] for a multiplier/],
    [['circuit', 'neuron', '--inputs', '40', '--table'], /at most 16 are printed/],
  ];
  for (const [args, re] of errs) {
    const r = cli(...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, re);
  }
});

test('gate --table prints the truth table the model verifies against', () => {
  const t = JSON.parse(cli('gate', 'FA', '--table').out);
  assert.deepEqual(t, gateTruthTable('FA'));
  assert.ok(verify(gateToModel(gate('FA')), t).ok);
});

test('compile --max-aux 0 on XOR: the flagged construction (meta.method), or exit 2 with --no-fallback', () => {
  const tableFile = write('xor-table.json', gateTruthTable('XOR'));
  const c = cli('compile', tableFile, '--max-aux', '0', '--budget', '5');
  assert.equal(c.code, 0, c.err);
  const json = JSON.parse(c.out);
  assert.equal(json.meta.method, 'construction');
  assert.equal(json.meta.auxLowerBound, 1);
  assert.equal(json.meta.rangeProvedMinimal, false);
  assert.ok(verify(modelFromJson(json), gateTruthTable('XOR')).ok);
  const strict = cli('compile', tableFile, '--max-aux', '0', '--no-fallback');
  assert.equal(strict.code, 2);
  assert.match(strict.err, /no Hamiltonian found with at most 0 auxiliary spins/);
});

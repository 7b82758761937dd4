/**
 * `invlogic bench` and the harness pieces that do not need timing: the command prints its JSON fields, rejects
 * bad input with the flag named, and the C problem file describes the same free-spin model. Throughput values
 * are never asserted (speed targets live in `npm run bench`, not in tests).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { modelToJson, reduceClamped } from '../lib/ising';
import { buildProblem } from '../bench/problems';
import { writeCProblem } from '../bench/run';
import { tempDir } from './helpers/tmp';

const ROOT = path.resolve(__dirname, '..');
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(ROOT, 'bin', 'invlogic.js'), 'bench', ...args], { encoding: 'utf8' });

test('invlogic bench: a model file, the packed sampler, JSON with updates, seconds and flips/ns', () => {
  const dir = tempDir('invlogic-bench-');
  const file = path.join(dir, 'mult.json');
  fs.writeFileSync(file, JSON.stringify(modelToJson(buildProblem('multiplier'))));
  const r = cli(file, '--sampler', 'packed', '--replicas', '64', '--seconds', '0.05');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.sampler, 'packed');
  assert.equal(out.replicas, 64);
  assert.ok(out.updates > 0 && out.seconds >= 0.05 && out.flipsPerNs > 0 && out.rssMB > 0);
  // the free spins x replicas divide the updates: whole sweeps only
  assert.equal(out.updates % (40 * 64), 0);
});

test('invlogic bench: the SC model reports spin-cycles/ns', () => {
  const r = cli('--problem', 'multiplier', '--sampler', 'sc', '--seconds', '0.05');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.ok(out.spinCyclesPerNs > 0 && !('flipsPerNs' in out));
});

test('invlogic bench: bad input names the parameter', () => {
  const bad = [
    [['--sampler', 'gpu'], /--sampler/],
    [['--replicas', '0'], /--replicas/],
    [['--problem', 'huge'], /--problem/],
    [['no-such-model.json'], /MODEL/],
  ] as const;
  for (const [args, re] of bad) {
    const r = cli(...args);
    assert.equal(r.status, 2);
    assert.match(r.stderr, re);
  }
});

test('bench C problem file: header, CSR and order of the free-spin model', () => {
  const model = buildProblem('multiplier');
  const m = reduceClamped(model).model;
  const file = writeCProblem('multiplier', path.join(tempDir('invlogic-cprob-'), 'p.txt'));
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  const [n, nnz, fMin, fMax] = lines[0].split(' ').map(Number);
  assert.equal(n, m.n);
  assert.equal(nnz, m.csr().col.length);
  assert.ok(fMin < 0 && fMax > 0);
  assert.deepEqual(lines[1].split(' ').map(Number), Array.from(m.h));
  assert.deepEqual(lines[4].split(' ').map(Number), Array.from(m.csr().w));
  assert.deepEqual(
    lines[5]
      .split(' ')
      .map(Number)
      .sort((a, b) => a - b),
    Array.from({ length: n }, (_, i) => i),
  );
});

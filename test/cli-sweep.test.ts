import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'fs';
import * as path from 'path';
import { run as sweep } from '../cli/commands/sweep';
import { run as merge } from '../cli/commands/merge';
import { formatEta, readResults } from '../lib/sweep';
import { InvlogicError } from '../lib/errors';
import { tempDir } from './helpers/tmp';

/** Runs an in-process command, capturing stdout/stderr. */
async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const w1 = process.stdout.write.bind(process.stdout);
  const w2 = process.stderr.write.bind(process.stderr);
  let out = '';
  let err = '';
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    return { code: await fn(), out, err };
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
  }
}

const BASE = ['gate-occupancy', '--set', 'numReads=200', '--set', 'numSweeps=5', '--jobs', '1', '--progress', 'none'];

test('invlogic sweep: runs a grid, resumes, shards and merges to the same set', async () => {
  const dir = tempDir('cli-sweep-');
  const out = path.join(dir, 'r.jsonl');
  const grid = ['--grid', 'beta=0,1', '--grid', 'seed=1..3'];
  const a = await capture(() => sweep([...BASE, ...grid, '--out', out, '--csv', path.join(dir, 'r.csv')]));
  assert.equal(a.code, 0, a.err);
  assert.match(a.out, /6\/6 points .* \(ran 6, reused 0, failed 0\)/);
  assert.equal(fs.readFileSync(path.join(dir, 'r.csv'), 'utf8').trim().split('\n').length, 7);
  const b = await capture(() => sweep([...BASE, ...grid, '--out', out]));
  assert.match(b.out, /\(ran 0, reused 6, failed 0\)/);
  for (const i of [1, 2]) {
    const s = await capture(() =>
      sweep([...BASE, ...grid, '--shard', `${i}/2`, '--out', path.join(dir, `s${i}.jsonl`)]),
    );
    assert.match(s.out, /3\/3 points/);
  }
  const m = await capture(() =>
    merge([path.join(dir, 'm.jsonl'), path.join(dir, 's1.jsonl'), path.join(dir, 's2.jsonl')]),
  );
  assert.equal(m.code, 0);
  assert.match(m.out, /6 rows from 2 file\(s\)/);
  const keys = (f: string): string[] =>
    readResults(path.join(dir, f))
      .rows.map((r) => r.key)
      .sort();
  assert.deepEqual(keys('m.jsonl'), keys('r.jsonl'));
  // Same configs, same seeds: the shard results equal the unsharded ones.
  const res = (f: string): string[] =>
    readResults(path.join(dir, f))
      .rows.map((r) => JSON.stringify([r.key, r.result]))
      .sort();
  assert.deepEqual(res('m.jsonl'), res('r.jsonl'));
  const d = await capture(() => sweep([...BASE, ...grid, '--dry-run']));
  assert.equal(d.out.trim().split('\n').length, 6);
  const l = await capture(() => sweep(['--list']));
  assert.match(l.out, /gate-occupancy \[paper\]/);
});

test('invlogic sweep: bad input is an InvlogicError naming the parameter', async () => {
  await assert.rejects(
    sweep(['no-such-experiment']),
    /unknown experiment 'no-such-experiment'; registered: .*gate-occupancy/,
  );
  await assert.rejects(sweep(['gate-occupancy', '--grid', 'bta=1']), /no parameter 'bta'; known: gate, beta/);
  await assert.rejects(
    sweep(['gate-occupancy', '--grid', 'beta=-1', '--dry-run']),
    (e: unknown) => e instanceof InvlogicError && e.parameter === 'beta',
  );
  await assert.rejects(sweep(['gate-occupancy', '--shard', '3/2']), /--shard i must be an integer in \[1, 2\]/);
  await assert.rejects(sweep(['gate-occupancy', '--set', 'beta=1', '--grid', 'beta=2']), /conflict/);
  await assert.rejects(sweep(['gate-occupancy', '--set', 'gate=XYZ', '--dry-run']), /gate must be one of/);
  await assert.rejects(sweep(['gate-occupancy', '--bogus']), /unknown flag --bogus/);
  await assert.rejects(
    sweep(['gate-occupancy', '--set', 'beta=[1]', '--dry-run']),
    /beta must be a number \(default 1\), got \[1\]/,
  );
  await assert.rejects(sweep([]), /missing argument EXPERIMENT/);
});

test('bin/invlogic.js sweep end to end (worker threads, exit code, one-line error)', () => {
  const dir = tempDir('cli-sweep-');
  const bin = path.join(__dirname, '..', 'bin', 'invlogic.js');
  const out = path.join(dir, 'r.jsonl');
  const stdout = execFileSync(
    process.execPath,
    [
      bin,
      'sweep',
      'gate-occupancy',
      '--quick',
      '--grid',
      'beta=0.5,1',
      '--set',
      'numReads=100',
      '--jobs',
      '2',
      '--out',
      out,
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, CI: '1' },
    },
  );
  assert.match(stdout, /2\/2 points/);
  assert.equal(readResults(out).rows.length, 2);
  let failed = false;
  try {
    execFileSync(process.execPath, [bin, 'sweep', 'gate-occupancy', '--grid', 'beta=x'], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (err) {
    failed = true;
    const e = err as { status: number; stderr: string };
    assert.equal(e.status, 2);
    assert.equal(e.stderr.trim().split('\n').length, 1);
    assert.match(e.stderr, /^invlogic: --grid beta: 'x' is not a finite number/);
  }
  assert.ok(failed);
});

test('Ctrl-C (SIGINT) stops invlogic sweep at once with exit 130; finished points are kept, the lock is released', async () => {
  const dir = tempDir('cli-sweep-');
  const out = path.join(dir, 'r.jsonl');
  const bin = path.join(__dirname, '..', 'bin', 'invlogic.js');
  const args = [
    'sweep',
    'gate-occupancy',
    '--grid',
    'beta=0.5,1,2',
    '--grid',
    'seed=1..4',
    '--set',
    'numSweeps=1000',
    '--jobs',
    '2',
    '--out',
    out,
  ];
  const child = spawn(process.execPath, [bin, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, CI: '1' },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !(fs.existsSync(out) && fs.readFileSync(out, 'utf8').includes('\n'))) {
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGINT');
  assert.equal(await exited, 130, stderr);
  assert.match(stderr, /interrupted by SIGINT; finished points are saved in .*rerun to resume/);
  assert.doesNotMatch(stderr, /failed:/);
  assert.equal(fs.existsSync(`${out}.lock`), false);
  const kept = readResults(out);
  assert.ok(kept.rows.length >= 1 && kept.rows.length < 12 && !kept.tornTail);
});

test('formatEta', () => {
  assert.equal(formatEta(NaN), '--');
  assert.equal(formatEta(41_600), '42s');
  assert.equal(formatEta(185_000), '3m05s');
  assert.equal(formatEta(7_620_000), '2h07m');
});

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  acquireLock,
  appendRow,
  configKey,
  flattenRows,
  loadDataFrame,
  mergeResultFiles,
  openForAppend,
  parseResults,
  planSweep,
  readResults,
  resultLine,
  runSweep,
  dispatchOrder,
  toCsv,
  type ResultRow,
} from '../lib/sweep';
import { InvlogicError } from '../lib/errors';
import { fixture } from './fixtures/sweep-experiment';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'sweep-'));

function row(x: number, result: Record<string, number> = { y: x * x }): ResultRow {
  const config = { x };
  return {
    key: configKey('t', 1, config),
    experiment: 't',
    version: 1,
    config,
    result,
    timeS: 0.5,
    finishedAt: '2026-01-01T00:00:00.000Z',
  };
}

test('results file: whole checksummed lines; torn tail, corrupt and foreign lines are ignored', () => {
  const good = [row(1), row(2), row(3)].map((r) => resultLine(r));
  assert.ok(good.every((l) => l.endsWith('\n') && l.indexOf('\n') === l.length - 1));
  const tampered = good[1].replace('"y":4', '"y":5'); // valid JSON, wrong checksum
  const wrongKey = resultLine({ ...row(4), key: row(5).key }); // checksum fine, key does not match config
  const text =
    good[0] + tampered + '{"not":"a row"}\n' + 'garbage\n' + wrongKey + good[2] + good[0] + good[1].slice(0, 40);
  const r = parseResults(text);
  assert.deepEqual(
    r.rows.map((x) => x.config),
    [{ x: 1 }, { x: 3 }],
  );
  assert.deepEqual(r.invalidLines, [2, 3, 4, 5]);
  assert.equal(r.tornTail, true);
  assert.equal(r.duplicates, 1);
  // Even a torn tail that happens to be complete JSON is not a result until its newline is written.
  assert.equal(parseResults(good[0].trimEnd()).rows.length, 0);
});

test('openForAppend cuts a torn tail so the next line starts fresh', () => {
  const dir = tmp();
  const file = path.join(dir, 'r.jsonl');
  fs.writeFileSync(file, resultLine(row(1)) + resultLine(row(2)).slice(0, 30));
  const fd = openForAppend(file);
  appendRow(fd, row(3));
  fs.closeSync(fd);
  const r = readResults(file);
  assert.deepEqual(
    r.rows.map((x) => x.config),
    [{ x: 1 }, { x: 3 }],
  );
  assert.equal(r.invalidLines.length + Number(r.tornTail), 0);
  // A file that is only a torn fragment becomes empty.
  fs.writeFileSync(file, '{"check":');
  fs.closeSync(openForAppend(file));
  assert.equal(fs.readFileSync(file, 'utf8'), '');
  fs.rmSync(dir, { recursive: true });
});

test('merge dedups by key, reports conflicts, and may overwrite one of its inputs', () => {
  const dir = tmp();
  const a = path.join(dir, 'a.jsonl');
  const b = path.join(dir, 'b.jsonl');
  fs.writeFileSync(a, [row(1), row(2)].map((r) => resultLine(r)).join(''));
  fs.writeFileSync(b, [row(2), row(3, { y: 99 }), row(1, { y: 7 })].map((r) => resultLine(r)).join('') + '{"torn');
  const report = mergeResultFiles([a, b], a);
  assert.deepEqual(
    report.rows.map((r) => r.config),
    [{ x: 1 }, { x: 2 }, { x: 3 }],
  );
  assert.equal(report.duplicates, 1);
  assert.deepEqual(report.conflicts, [row(1).key]);
  assert.deepEqual(report.skipped, [{ file: b, invalidLines: [], tornTail: true }]);
  const merged = readResults(a);
  assert.equal(merged.rows.length, 3);
  assert.equal(merged.rows[0].result.y, 1, 'first occurrence wins');
  assert.throws(() => mergeResultFiles([path.join(dir, 'none.jsonl')], a), InvlogicError);
  fs.rmSync(dir, { recursive: true });
});

test('lock: a live runner excludes another, a dead one is taken over', () => {
  const dir = tmp();
  const file = path.join(dir, 'r.jsonl');
  const release = acquireLock(file);
  assert.throws(() => acquireLock(file), /in use by process/);
  release();
  fs.writeFileSync(`${file}.lock`, '999999999\n'); // no such process
  acquireLock(file)();
  assert.equal(fs.existsSync(`${file}.lock`), false);
  fs.rmSync(dir, { recursive: true });
});

test('runSweep in worker threads: all points, resume skips finished ones, failures are reported and retried', async () => {
  const dir = tmp();
  const out = path.join(dir, 'r.jsonl');
  const sweep = { grid: { x: [0, 1, 2, 3, 4, 5], seed: [1, 2] } };
  const seen: number[] = [];
  const first = await runSweep(fixture, {
    out,
    jobs: 2,
    sweep,
    set: { failAt: 4 },
    progress: 'none',
    onPoint: (_r, done) => seen.push(done),
  });
  assert.equal(first.planned, 12);
  assert.equal(first.ran, 10);
  assert.equal(first.failures.length, 2);
  assert.match(first.failures[0].error.message, /deliberate failure at x=4/);
  assert.equal(first.rows.length, 10);
  assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  for (const r of first.rows) assert.equal(r.result.y, r.config.x ** 2 + r.config.seed);
  // Deterministic: the RNG draw depends only on the config.
  const again = await runSweep(fixture, {
    out: path.join(dir, 'other.jsonl'),
    jobs: 1,
    sweep,
    set: { failAt: 4 },
    progress: 'none',
  });
  assert.deepEqual(
    again.rows.map((r) => [r.key, r.result]),
    first.rows.map((r) => [r.key, r.result]),
  );
  // Rerun with the same config: nothing reruns except the failed points, which fail again.
  const second = await runSweep(fixture, { out, jobs: 2, sweep, set: { failAt: 4 }, progress: 'none' });
  assert.equal(second.reused, 10);
  // Rows read back equal fresh rows, key order included (tables must not depend on what was reused).
  assert.equal(
    JSON.stringify(second.rows.map((r) => [r.key, r.config, r.result])),
    JSON.stringify(first.rows.map((r) => [r.key, r.config, r.result])),
  );
  assert.equal(second.ran, 0);
  assert.equal(second.failures.length, 2);
  // A NaN result is a failure, never a line in the file.
  const nan = await runSweep(fixture, {
    out: path.join(dir, 'nan.jsonl'),
    jobs: 1,
    sweep: { grid: { x: [1, 2] } },
    set: { nanAt: 2 },
    progress: 'none',
  });
  assert.equal(nan.rows.length, 1);
  assert.match(nan.failures[0].error.message, /result\.y must be a finite number/);
  assert.equal(readResults(path.join(dir, 'nan.jsonl')).rows.length, 1);
  fs.rmSync(dir, { recursive: true });
});

test('shards run separately and merged equal the unsharded sweep', async () => {
  const dir = tmp();
  const sweep = { grid: { x: [0, 1, 2, 3, 4, 5, 6], seed: [1, 2] } };
  const files: string[] = [];
  for (let i = 1; i <= 3; i++) {
    const out = path.join(dir, `s${i}.jsonl`);
    const o = await runSweep(fixture, { out, jobs: 1, sweep, shard: { index: i, count: 3 }, progress: 'none' });
    assert.ok(o.planned === 4 || o.planned === 5);
    files.push(out);
  }
  const merged = mergeResultFiles(files, path.join(dir, 'all.jsonl'));
  const full = planSweep(fixture, { sweep });
  assert.deepEqual(merged.rows.map((r) => r.key).sort(), full.map((p) => p.key).sort());
  assert.equal(merged.duplicates, 0);
  // The merged file is a complete results file: a full run on it has nothing left to do.
  const rerun = await runSweep(fixture, { out: path.join(dir, 'all.jsonl'), jobs: 1, sweep, progress: 'none' });
  assert.equal(rerun.ran, 0);
  assert.equal(rerun.rows.length, full.length);
  fs.rmSync(dir, { recursive: true });
});

test('a sweep killed with SIGKILL mid-way and rerun ends with exactly the full set of points', async () => {
  const dir = tmp();
  const out = path.join(dir, 'r.jsonl');
  const n = 20;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'fixtures', 'sweep-child.ts'), out, String(n)],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  // Wait until a few points are on disk, then kill the runner without warning.
  const deadline = Date.now() + 60_000;
  let lines = 0;
  while (Date.now() < deadline) {
    lines = fs.existsSync(out) ? fs.readFileSync(out, 'utf8').split('\n').length - 1 : 0;
    if (lines >= 4) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL', `child ended before being killed: ${stderr}`);
  const before = readResults(out);
  assert.ok(before.rows.length >= 4 && before.rows.length < n, `killed mid-way: ${before.rows.length} rows`);
  assert.ok(fs.existsSync(`${out}.lock`), 'the killed runner left its lock behind');
  // Simulate a write torn by the kill.
  const torn = resultLine(row(99)).slice(0, 57);
  fs.appendFileSync(out, torn);

  const sweep = { grid: { x: Array.from({ length: n }, (_, i) => i) } };
  const rerun = await runSweep(fixture, { out, jobs: 2, sweep, set: { sleepMs: 150 }, progress: 'none' });
  assert.equal(rerun.tornTail, true);
  assert.equal(rerun.reused, before.rows.length);
  assert.equal(rerun.ran, n - before.rows.length);
  assert.equal(rerun.failures.length, 0);

  const text = fs.readFileSync(out, 'utf8');
  assert.ok(!text.includes(torn), 'the torn fragment was cut off');
  const after = parseResults(text);
  assert.equal(after.tornTail, false);
  assert.deepEqual(after.invalidLines, []);
  assert.equal(after.duplicates, 0);
  assert.equal(text.split('\n').length - 1, n, 'exactly one line per point');
  const expected = planSweep(fixture, { sweep, set: { sleepMs: 150 } }).map((p) => p.key);
  assert.deepEqual(after.rows.map((r) => r.key).sort(), [...expected].sort());
  assert.equal(fs.existsSync(`${out}.lock`), false);
  fs.rmSync(dir, { recursive: true });
});

test('rows flatten for tables and load as a danfojs DataFrame', async () => {
  const dir = tmp();
  const out = path.join(dir, 'r.jsonl');
  await runSweep(fixture, { out, jobs: 1, sweep: { grid: { x: [1, 2], seed: [1, 2, 3] } }, progress: 'none' });
  const rows = readResults(out).rows;
  const flat = flattenRows(rows);
  assert.deepEqual(
    Object.keys(flat[0]).sort(),
    [
      'draw',
      'failAt',
      'key',
      'nanAt',
      'nested.label',
      'nested.scale',
      'samples',
      'seed',
      'sleepMs',
      'timeS',
      'x',
      'y',
    ].sort(),
  );
  assert.equal(flat[0].samples, '[1,2,3]');
  const csv = toCsv(flat);
  assert.equal(csv.trim().split('\n').length, 7);
  assert.equal(toCsv([{ a: 'x,"y"', b: 1 }]), 'a,b\n"x,""y""",1\n');
  const df = loadDataFrame(out);
  assert.deepEqual(df.shape, [6, 12]);
  const g = df.groupby(['x']).agg({ y: ['mean', 'count'] });
  const table = g.values as number[][];
  const cols = g.columns as string[];
  const byX = new Map(table.map((r) => [r[cols.indexOf('x')], r]));
  assert.equal(byX.get(2)![cols.indexOf('y_mean')], 4 + 2);
  assert.equal(byX.get(1)![cols.indexOf('y_count')], 3);
  assert.throws(() => loadDataFrame(out, { experiment: 'nope' }), /no result rows for nope/);
  fs.rmSync(dir, { recursive: true });
});

test('dispatchOrder: longest first by cost with several workers (ties in plan order), plan order otherwise', () => {
  const plan = planSweep(fixture, {});
  const costly: typeof fixture = { ...fixture, cost: (c) => 1 + (c.x % 3) };
  const order = dispatchOrder(costly, plan, 2);
  assert.deepEqual(order.map((p) => p.key).sort(), plan.map((p) => p.key).sort());
  const costs = order.map((p) => 1 + (p.config.x % 3));
  for (let k = 1; k < costs.length; k++) {
    assert.ok(costs[k - 1] >= costs[k], `cost order at ${k}`);
    if (costs[k - 1] === costs[k]) assert.ok(plan.indexOf(order[k - 1]) < plan.indexOf(order[k]), `tie order at ${k}`);
  }
  assert.deepEqual(dispatchOrder(costly, plan, 1), plan);
  assert.deepEqual(dispatchOrder(fixture, plan, 2), plan);
});

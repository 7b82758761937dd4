import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { createPool, defaultJobs, splitCounts } from '../lib/parallel';
import { InvlogicError } from '../lib/errors';

const TASK = path.join(__dirname, 'fixtures', 'pool-task.ts');

test('worker pool runs TypeScript tasks in worker threads, results in input order', async () => {
  const pool = createPool({ module: TASK, jobs: 2 });
  try {
    const xs = Array.from({ length: 12 }, (_, i) => i);
    const seen: number[] = [];
    const out = await pool.map<{ x: number }, { y: number; thread: number }>(
      xs.map((x) => ({ x })),
      'square',
      (_v, i) => seen.push(i),
    );
    assert.deepEqual(
      out.map((o) => o.y),
      xs.map((x) => x * x),
    );
    assert.equal(seen.length, xs.length);
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      xs,
    );
    for (const o of out) assert.notEqual(o.thread, 0, 'ran on the main thread');
    assert.ok(new Set(out.map((o) => o.thread)).size <= 2);
    const arr = await pool.run<Float64Array>('fill', 5);
    assert.ok(arr instanceof Float64Array);
    assert.deepEqual([...arr], [0.5, 0.5, 0.5, 0.5, 0.5]);
  } finally {
    await pool.close();
  }
});

test('two workers run tasks concurrently', async () => {
  const pool = createPool({ module: TASK, jobs: 2 });
  try {
    await pool.run('square', { x: 1 }); // warm up one worker
    await Promise.all([pool.run('square', { x: 1 }), pool.run('square', { x: 2 })]); // and the second
    const t0 = Date.now();
    const out = await Promise.all([
      pool.run('slowEcho', { value: 'a', ms: 400 }),
      pool.run('slowEcho', { value: 'b', ms: 400 }),
    ]);
    assert.deepEqual(out, ['a', 'b']);
    assert.ok(Date.now() - t0 < 790, 'the two sleeps overlapped');
  } finally {
    await pool.close();
  }
});

test('errors cross the thread boundary; InvlogicError keeps its parameter; a crashed worker is replaced', async () => {
  const pool = createPool({ module: TASK, jobs: 1 });
  try {
    await assert.rejects(
      pool.run('bad', 17),
      (e: unknown) => e instanceof InvlogicError && e.parameter === 'width' && /got 17/.test(e.message),
    );
    await assert.rejects(pool.run('nope'), /no exported function 'nope'/);
    await assert.rejects(pool.run('crash'), /exited with code 3/);
    assert.deepEqual(await pool.run('square', { x: 3 }).then((o) => (o as { y: number }).y), 9);
    await assert.rejects(
      pool.map([{ x: 1 }, 5], 'square').then(() => pool.map([1, 2], 'bad')),
      InvlogicError,
    );
  } finally {
    await pool.close();
  }
  await assert.rejects(pool.run('square', { x: 1 }), /closed/);
});

test('in-process pool gives the same results as workers', async () => {
  const pool = createPool({ module: TASK, jobs: 1, inProcess: true });
  const out = await pool.map([{ x: 2 }, { x: 5 }], 'square');
  assert.deepEqual(
    out.map((o) => (o as { y: number }).y),
    [4, 25],
  );
  await assert.rejects(pool.run('bad', 0), InvlogicError);
  await pool.close();
  assert.throws(() => createPool({ module: TASK, jobs: 2, inProcess: true }), InvlogicError);
  assert.throws(() => createPool({ module: 'relative.ts' }), /absolute/);
  assert.throws(() => createPool({ module: TASK, jobs: 0 }), /jobs/);
});

test('splitCounts partitions work evenly and exactly', () => {
  assert.ok(defaultJobs() >= 1);
  for (const [total, parts] of [
    [10, 3],
    [0, 4],
    [3, 5],
    [1000, 7],
  ]) {
    const c = splitCounts(total, parts);
    assert.equal(c.length, parts);
    assert.equal(
      c.reduce((a, b) => a + b, 0),
      total,
    );
    assert.ok(Math.max(...c) - Math.min(...c) <= 1);
  }
  assert.throws(() => splitCounts(-1, 2), /total/);
  assert.throws(() => splitCounts(5, 0), /parts/);
});

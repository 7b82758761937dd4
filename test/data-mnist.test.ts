import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  RAW_CLASS_COUNTS,
  classCounts,
  clearMnistCache,
  downsampledPool,
  loadModifiedMnist,
  loadRawDigits,
  pm1Labels,
  resolveMnistOptions,
} from '../lib/data';
import { InvlogicError } from '../lib/errors';

test('raw pool: 10,000 digits, 863..1127 per class, values in [0, 1]', () => {
  const pool = loadRawDigits();
  assert.deepEqual(pool.counts, RAW_CLASS_COUNTS);
  assert.equal(
    pool.counts.reduce((a, b) => a + b, 0),
    10000,
  );
  assert.equal(Math.min(...pool.counts), 863);
  assert.equal(Math.max(...pool.counts), 1127);
  pool.images.forEach((img, d) => assert.equal(img.length, pool.counts[d] * 784));
});

test('default split: 10x10, all classes, balanced from the smallest class (863), +-1 pixels', () => {
  const d = loadModifiedMnist({});
  assert.equal(d.options.size, 10);
  assert.equal(d.options.trainPerClass + d.options.testPerClass, 863);
  assert.equal(d.options.testPerClass, Math.floor(863 * 0.2));
  assert.equal(d.train.n, 10 * d.options.trainPerClass);
  assert.equal(d.train.x.length, d.train.n * 100);
  assert.ok(d.train.x instanceof Int8Array && d.train.y instanceof Uint8Array);
  assert.deepEqual(classCounts(d.train), new Array(10).fill(d.options.trainPerClass));
  assert.deepEqual(classCounts(d.test), new Array(10).fill(d.options.testPerClass));
  for (const v of d.train.x) assert.ok(v === 1 || v === -1);
});

test('train and test never share a pool digit; rows match the binarized pool', () => {
  const d = loadModifiedMnist({ size: 7, classes: [3, 8], trainPerClass: 300, testPerClass: 100, seed: 5 });
  for (let c = 0; c < 2; c++) {
    const tr = new Set<number>();
    for (let k = 0; k < d.train.n; k++) if (d.train.y[k] === c) tr.add(d.train.poolIndex[k]);
    for (let k = 0; k < d.test.n; k++) if (d.test.y[k] === c) assert.ok(!tr.has(d.test.poolIndex[k]));
    assert.equal(tr.size, 300);
  }
  const grey = downsampledPool(7);
  for (let k = 0; k < 20; k++) {
    const digit = d.train.classes[d.train.y[k]];
    const idx = d.train.poolIndex[k];
    for (let p = 0; p < 49; p++) assert.equal(d.train.x[k * 49 + p], grey[digit][idx * 49 + p] >= 0.5 ? 1 : -1);
  }
  assert.deepEqual(d.train.classes, [3, 8]);
});

test('determinism: same seed same split, different seed different split (also after a cache clear)', () => {
  const opts = { size: 5, classes: [0, 1], trainPerClass: 100, testPerClass: 50 };
  const a = loadModifiedMnist({ ...opts, seed: 1 });
  clearMnistCache();
  const b = loadModifiedMnist({ ...opts, seed: 1 });
  const c = loadModifiedMnist({ ...opts, seed: 2 });
  assert.notEqual(a, b);
  assert.deepEqual(a.train.poolIndex, b.train.poolIndex);
  assert.deepEqual(a.train.x, b.train.x);
  assert.deepEqual(a.test.y, b.test.y);
  assert.notDeepEqual(a.train.poolIndex, c.train.poolIndex);
  // In-memory cache returns the same object for the same options.
  assert.equal(loadModifiedMnist({ ...opts, seed: 2 }), c);
  // A class's digits do not depend on which other classes are chosen (one stream per digit).
  const d = loadModifiedMnist({ ...opts, classes: [1, 7], seed: 1 });
  const ones = (s: typeof a.train, ci: number) =>
    [...s.poolIndex].filter((_, k) => s.y[k] === ci).sort((x, y) => x - y);
  assert.deepEqual(ones(a.train, 1), ones(d.train, 0));
});

test('threshold semantics: a lower threshold never removes ink', () => {
  const lo = loadModifiedMnist({ size: 5, classes: [0, 1], threshold: 0.25, trainPerClass: 50, testPerClass: 10 });
  const hi = loadModifiedMnist({ size: 5, classes: [0, 1], threshold: 0.5, trainPerClass: 50, testPerClass: 10 });
  assert.deepEqual(lo.train.poolIndex, hi.train.poolIndex);
  let more = 0;
  for (let i = 0; i < lo.train.x.length; i++) {
    assert.ok(lo.train.x[i] >= hi.train.x[i]);
    if (lo.train.x[i] > hi.train.x[i]) more++;
  }
  assert.ok(more > 0);
});

test('disk cache: written under cacheDir keyed by options, read back identical', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invlogic-mnist-'));
  const opts = { size: 6, classes: [2, 4, 9], trainPerClass: 40, testPerClass: 20, seed: 'disk' };
  const a = loadModifiedMnist({ ...opts, cacheDir: dir });
  const files = fs.readdirSync(dir);
  assert.deepEqual(files, [`modified-mnist-${a.key}.json`]);
  clearMnistCache();
  const b = loadModifiedMnist({ ...opts, cacheDir: dir });
  assert.deepEqual(b.train.x, a.train.x);
  assert.deepEqual(b.test.poolIndex, a.test.poolIndex);
  assert.deepEqual(b.options, a.options);
  fs.rmSync(dir, { recursive: true });
});

test('pm1Labels: class index 1 -> +1, index 0 -> -1; needs two classes', () => {
  const d = loadModifiedMnist({ size: 5, classes: [7, 2], trainPerClass: 10, testPerClass: 5 });
  const y = pm1Labels(d.train);
  for (let k = 0; k < d.train.n; k++) assert.equal(y[k], d.train.y[k] === 1 ? 1 : -1);
  assert.throws(
    () => pm1Labels(loadModifiedMnist({ size: 5, classes: [1, 2, 3], trainPerClass: 5, testPerClass: 5 }).train),
    InvlogicError,
  );
});

test('bad options name the option', () => {
  const cases: [object, RegExp][] = [
    [{ size: 0 }, /mnist\.size/],
    [{ size: 29 }, /mnist\.size/],
    [{ threshold: 2 }, /mnist\.threshold/],
    [{ classes: [] }, /mnist\.classes/],
    [{ classes: [1, 1] }, /distinct/],
    [{ classes: [10] }, /mnist\.classes\[0\]/],
    [{ trainPerClass: 900 }, /mnist\.trainPerClass/],
    [{ trainPerClass: 800, testPerClass: 100 }, /exceeds the 863 digits of class 5/],
    [{ testFraction: -0.1 }, /mnist\.testFraction/],
    [{ sizee: 5 }, /unknown option mnist\.sizee/],
    [{ seed: -1 }, /seed/],
  ];
  for (const [opts, re] of cases) {
    assert.throws(
      () => resolveMnistOptions(opts as never),
      (e: unknown) => e instanceof InvlogicError && re.test(e.message),
      JSON.stringify(opts),
    );
  }
});

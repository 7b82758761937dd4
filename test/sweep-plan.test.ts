import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  canonicalJson,
  configKey,
  inShard,
  parseGridItem,
  parseShard,
  planSweep,
  toJsonData,
} from '../lib/sweep';
import { InvlogicError } from '../lib/errors';
import { fixture } from './fixtures/sweep-experiment';

test('canonical JSON: key order does not matter, -0 is 0, non-JSON values are rejected with their path', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [1, { z: 2, y: 3 }], c: 'x' } }),
    '{"a":{"c":"x","d":[1,{"y":3,"z":2}]},"b":1}',
  );
  assert.equal(canonicalJson({ a: -0, u: undefined }), '{"a":0}');
  assert.equal(configKey('e', 1, { a: 1, b: 2 }), configKey('e', 1, { b: 2, a: 1 }));
  assert.notEqual(configKey('e', 1, { a: 1 }), configKey('e', 2, { a: 1 }), 'version is part of the key');
  assert.notEqual(configKey('e', 1, { a: 1 }), configKey('f', 1, { a: 1 }));
  assert.notEqual(configKey('e', 1, { a: 1 }), configKey('e', 1, { a: '1' }));
  assert.match(configKey('e', 1, {}), /^[0-9a-f]{16}$/);
  assert.throws(
    () => canonicalJson({ a: { b: [1, NaN] } }),
    (e: unknown) => e instanceof InvlogicError && e.parameter === 'config.a.b[1]',
  );
  assert.throws(() => canonicalJson({ a: Infinity }), /finite/);
  assert.throws(() => canonicalJson({ a: new Float64Array(2) }), /plain JSON data, got a Float64Array/);
  assert.throws(() => canonicalJson({ a: () => 1 }), /function/);
  const cyc: Record<string, unknown> = {};
  cyc.self = cyc;
  assert.throws(() => canonicalJson(cyc), /cycle/);
  assert.deepEqual(toJsonData({ a: new Int8Array([1, -1]), b: [new Float64Array([0.5])] }), { a: [1, -1], b: [[0.5]] });
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      const text = canonicalJson(v);
      assert.equal(canonicalJson(JSON.parse(text)), text, 'canonical form is a fixed point');
    }),
    { numRuns: 200, seed: 7 },
  );
});

test('planSweep: defaults + quick overrides + grid, row-major, validated, duplicates dropped', () => {
  const full = planSweep(fixture, { quick: false });
  assert.equal(full.length, 12);
  assert.deepEqual(
    full.slice(0, 3).map((p) => [p.config.x, p.config.seed]),
    [
      [0, 1],
      [0, 2],
      [1, 1],
    ],
  );
  assert.equal(new Set(full.map((p) => p.key)).size, 12);
  const quick = planSweep(fixture, { quick: true });
  assert.deepEqual(
    quick.map((p) => [p.config.x, p.config.seed]),
    [
      [0, 100],
      [1, 100],
      [2, 100],
    ],
  );
  // list x grid, nested dot paths, duplicates across the list collapse to one point.
  const mixed = planSweep(fixture, {
    sweep: { list: [{ 'nested.label': 'a' }, { 'nested.label': 'a' }, { 'nested.label': 'b' }], grid: { x: [1, 2] } },
  });
  assert.equal(mixed.length, 4);
  assert.deepEqual(
    mixed.map((p) => p.config.nested.label),
    ['a', 'a', 'b', 'b'],
  );
  assert.deepEqual(
    mixed.map((p) => p.index),
    [0, 1, 2, 3],
  );
  const set = planSweep(fixture, { sweep: { grid: { x: [3] } }, set: { 'nested.scale': 2 } });
  assert.equal(set[0].config.nested.scale, 2);
  assert.throws(() => planSweep(fixture, { sweep: { grid: { y: [1] } } }), /no parameter 'y'; known: x, seed/);
  assert.throws(
    () => planSweep(fixture, { sweep: { grid: { 'nested.size': [1] } } }),
    /no parameter 'nested.size' \(inside 'nested'\)/,
  );
  assert.throws(() => planSweep(fixture, { sweep: { grid: { x: ['1'] } } }), /x must be a number/);
  assert.throws(() => planSweep(fixture, { sweep: { grid: { x: [] } } }), /non-empty list/);
  assert.throws(
    () => planSweep(fixture, { sweep: { grid: { x: [5000] } } }),
    (e: unknown) => e instanceof InvlogicError && e.parameter === 'x',
  );
  assert.throws(() => planSweep(fixture, { set: { 'nested.scale': -1 } }), /nested.scale must be > 0/);
});

test('sharding: every point in exactly one shard, sizes differ by at most one, deterministic', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 9 }), (nx, count) => {
      const sweep = { grid: { x: Array.from({ length: nx }, (_, i) => i) } };
      const all = planSweep(fixture, { sweep }).map((p) => p.key);
      const shards = Array.from({ length: count }, (_, i) =>
        planSweep(fixture, { sweep, shard: { index: i + 1, count } }).map((p) => p.key),
      );
      const union = shards.flat();
      assert.equal(union.length, all.length, 'no point in two shards');
      assert.deepEqual([...union].sort(), [...all].sort(), 'every point in some shard');
      const sizes = shards.map((s) => s.length);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1);
      assert.deepEqual(
        planSweep(fixture, { sweep, shard: { index: 1, count } }).map((p) => p.key),
        shards[0],
      );
    }),
    { numRuns: 60, seed: 3 },
  );
  assert.ok(inShard(5, undefined));
  assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
  assert.throws(() => parseShard('0/4'), /--shard i must be an integer in \[1, 4\]/);
  assert.throws(() => parseShard('5/4'), /\[1, 4\]/);
  assert.throws(() => parseShard('1-4'), /i\/N/);
});

test('parseGridItem: typed by the defaults, ranges, JSON lists, clear errors', () => {
  const d = fixture.defaults;
  assert.deepEqual(parseGridItem('x=1,2.5,-3', d, 'f'), ['x', [1, 2.5, -3]]);
  assert.deepEqual(parseGridItem('seed=1..4', d, 'f'), ['seed', [1, 2, 3, 4]]);
  assert.deepEqual(parseGridItem('seed=0..10:5', d, 'f'), ['seed', [0, 5, 10]]);
  assert.deepEqual(parseGridItem('nested.label=a,b', d, 'f'), ['nested.label', ['a', 'b']]);
  assert.deepEqual(parseGridItem('nested=[{"scale":2,"label":"z"}]', d, 'f'), ['nested', [{ scale: 2, label: 'z' }]]);
  assert.throws(() => parseGridItem('x=1,abc', d, 'f'), /'abc' is not a finite number/);
  assert.throws(() => parseGridItem('x=NaN', d, 'f'), /not a finite number/);
  assert.throws(() => parseGridItem('x=0x10', d, 'f'), /not a finite number/);
  assert.throws(() => parseGridItem('x', d, 'f'), /PARAM=V1,V2/);
  assert.throws(
    () => parseGridItem('q=1', d, 'f'),
    /no parameter 'q'; known: x, seed, sleepMs, failAt, nanAt, nested.scale, nested.label/,
  );
  assert.throws(() => parseGridItem('nested=1', d, 'f'), /holds an object: give a JSON list/);
  assert.throws(() => parseGridItem('x=[1,', d, 'f'), /invalid JSON list/);
  assert.throws(() => parseGridItem('seed=5..1', d, 'f'), /range '5\.\.1' must be a\.\.b with a <= b/);
});

test('quick scale defaults to env INVLOGIC_QUICK', () => {
  const saved = process.env.INVLOGIC_QUICK;
  try {
    process.env.INVLOGIC_QUICK = '1';
    assert.equal(planSweep(fixture).length, 3);
    assert.equal(planSweep(fixture, { quick: false }).length, 12);
    delete process.env.INVLOGIC_QUICK;
    assert.equal(planSweep(fixture).length, 12);
  } finally {
    if (saved === undefined) delete process.env.INVLOGIC_QUICK;
    else process.env.INVLOGIC_QUICK = saved;
  }
});

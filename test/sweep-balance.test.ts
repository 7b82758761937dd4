import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  canonicalJson,
  costBalancedShards,
  defineExperiment,
  mergeResultFiles,
  planSweep,
  readResults,
  runSweep,
} from '../lib/sweep';
import { slurmScripts } from '../cli/commands/slurm';
import { fixture } from './fixtures/sweep-experiment';

/** The fixture with a cost estimate that grows steeply with x (a few expensive points, many cheap ones). */
const costly = defineExperiment({ ...fixture, cost: (c: { x: number }) => 1 + c.x ** 3 });

function loads(costs: number[], shardOf: Int32Array, count: number): number[] {
  const l = new Array<number>(count).fill(0);
  costs.forEach((c, i) => (l[shardOf[i]] += c));
  return l;
}

/** The best possible largest shard total, by trying every assignment (tiny instances only). */
function optimalMakespan(costs: number[], count: number): number {
  let best = Infinity;
  const l = new Array<number>(count).fill(0);
  const go = (i: number): void => {
    if (i === costs.length) {
      best = Math.min(best, Math.max(...l));
      return;
    }
    for (let s = 0; s < count; s++) {
      l[s] += costs[i];
      if (Math.max(...l) < best) go(i + 1);
      l[s] -= costs[i];
    }
  };
  go(0);
  return best;
}

test('costBalancedShards: every point once, deterministic, within the LPT bounds of the optimum', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 8 }),
      fc.integer({ min: 1, max: 3 }),
      (costs, count) => {
        const shardOf = costBalancedShards(costs, count);
        assert.equal(shardOf.length, costs.length);
        assert.ok(shardOf.every((s) => s >= 0 && s < count));
        assert.deepEqual(costBalancedShards(costs, count), shardOf);
        const makespan = Math.max(...loads(costs, shardOf, count));
        const total = costs.reduce((a, b) => a + b, 0);
        assert.ok(makespan <= total / count + Math.max(...costs) + 1e-9, 'at most mean + largest point');
        assert.ok(makespan <= (4 / 3 - 1 / (3 * count)) * optimalMakespan(costs, count) + 1e-9, 'Graham bound');
      },
    ),
    { numRuns: 200, seed: 7 },
  );
  // One expensive point and ten cheap ones in 2 shards: round-robin puts 10 + 5 against 5; LPT 10 against 10.
  assert.deepEqual(loads([10, ...Array(10).fill(1)], costBalancedShards([10, ...Array(10).fill(1)], 2), 2), [10, 10]);
});

test('planSweep --balance cost: shards partition the plan, keep plan order, and beat round-robin on skewed costs', () => {
  const sweep = { grid: { x: Array.from({ length: 12 }, (_, i) => i) } };
  const all = planSweep(costly, { sweep });
  const cost = (pts: typeof all): number => pts.reduce((a, p) => a + 1 + p.config.x ** 3, 0);
  const byCost = [1, 2, 3].map((index) => planSweep(costly, { sweep, shard: { index, count: 3, balance: 'cost' } }));
  const byIndex = [1, 2, 3].map((index) => planSweep(costly, { sweep, shard: { index, count: 3 } }));
  assert.deepEqual(
    byCost
      .flat()
      .map((p) => p.key)
      .sort(),
    all.map((p) => p.key).sort(),
  );
  for (const s of byCost)
    assert.deepEqual(
      s.map((p) => p.index),
      [...s.map((p) => p.index)].sort((a, b) => a - b),
    );
  assert.ok(Math.max(...byCost.map(cost)) < Math.max(...byIndex.map(cost)));
  // Round-robin stays the default and unchanged (plan index mod N).
  assert.deepEqual(
    byIndex[1].map((p) => p.index),
    [1, 4, 7, 10],
  );
  // Without a cost function every point costs 1: LPT then deals by plan order, sizes differ by at most one.
  const sizes = [1, 2, 3].map(
    (index) => planSweep(fixture, { sweep, shard: { index, count: 5, balance: 'cost' } }).length,
  );
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1);
  assert.throws(
    () =>
      planSweep(defineExperiment({ ...fixture, cost: () => NaN }), {
        sweep,
        shard: { index: 1, count: 2, balance: 'cost' },
      }),
    /cost\(config\) must be a finite number > 0, got NaN/,
  );
});

test('cost-balanced shards merged equal the unsharded run (config and result of every key)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invlogic-balance-'));
  const sweep = { grid: { x: [0, 1, 2, 3, 4, 5, 6], seed: [1, 2] } };
  const files: string[] = [];
  for (let index = 1; index <= 3; index++) {
    const out = path.join(dir, `shard-${index}.jsonl`);
    await runSweep(costly, {
      sweep,
      out,
      jobs: 1,
      inProcess: true,
      progress: 'none',
      shard: { index, count: 3, balance: 'cost' },
    });
    files.push(out);
  }
  mergeResultFiles(files, path.join(dir, 'merged.jsonl'));
  await runSweep(costly, { sweep, out: path.join(dir, 'whole.jsonl'), jobs: 1, inProcess: true, progress: 'none' });
  const view = (file: string): string[] =>
    readResults(file)
      .rows.map((r) => canonicalJson({ key: r.key, config: r.config, result: r.result }))
      .sort();
  assert.equal(view(path.join(dir, 'merged.jsonl')).length, 14);
  assert.deepEqual(view(path.join(dir, 'merged.jsonl')), view(path.join(dir, 'whole.jsonl')));
});

test('slurm scripts: an array job of N cost-balanced shards and a merge job that regenerates the figures', () => {
  const s = slurmScripts({
    experiment: 'gate-occupancy',
    quick: true,
    shards: 3,
    dir: '/tmp/sub dir',
    results: '/tmp/paper/data/gate-occupancy.jsonl',
    paperOut: '/tmp/paper',
    png: false,
    grid: ['beta=0.5,1'],
    set: ["gate=it's"],
    partition: 'cpu',
    time: '1:00:00',
    cpus: 2,
    extra: ['--mem=2G'],
    prelude: ['module load nodejs'],
  });
  for (const line of [
    '#SBATCH --array=1-3',
    '#SBATCH --partition=cpu',
    '#SBATCH --time=1:00:00',
    '#SBATCH --mem=2G',
    '#SBATCH --cpus-per-task=2',
    'module load nodejs',
  ]) {
    assert.ok(s.shards.includes(line), line);
  }
  assert.match(s.shards, /sweep gate-occupancy --shard "\$SLURM_ARRAY_TASK_ID\/3" --balance cost --jobs 2/);
  assert.match(
    s.shards,
    /--out '\/tmp\/sub dir'\/shard-"\$SLURM_ARRAY_TASK_ID"\.jsonl --quick --grid 'beta=0\.5,1' --set 'gate=it'\\''s'/,
  );
  assert.match(
    s.merge,
    /merge --strict '\/tmp\/paper\/data\/gate-occupancy\.jsonl' "\$\{inputs\[@\]\}" '\/tmp\/sub dir\/shard-1\.jsonl' '\/tmp\/sub dir\/shard-2\.jsonl' '\/tmp\/sub dir\/shard-3\.jsonl'/,
  );
  assert.match(s.merge, /scripts\/paper\.ts' --only gate-occupancy --quick --out '\/tmp\/paper' --no-png/);
  assert.ok(s.shards.startsWith('#!/bin/bash\n#SBATCH'));
});

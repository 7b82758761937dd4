/**
 * `invlogic slurm submit` on a real Slurm cluster: a quick sweep in 3 shards, the dependent merge job, the
 * regenerated figures, and the merged results equal to the unsharded run.
 *
 * Needs a running cluster (`bash scripts/slurm-local.sh install && bash scripts/slurm-local.sh start` as root).
 * Skipped with a message when there is none, unless INVLOGIC_REQUIRE_SLURM=1 (set by .ci/run), which turns
 * the skip into a failure.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { canonicalJson, readResults } from '../lib/sweep';
import { runCli } from './helpers/cli';

function clusterProblem(): string | undefined {
  const r = spawnSync('sinfo', ['-h', '-o', '%t'], { encoding: 'utf8', timeout: 20_000 });
  if (r.error) return `Slurm is not installed (sinfo: ${(r.error as NodeJS.ErrnoException).code})`;
  if (r.status !== 0) return `no Slurm cluster answers (sinfo: ${(r.stderr || r.stdout).trim()})`;
  if (!/^(idle|mix|alloc)/m.test(r.stdout)) return `no Slurm node takes jobs (sinfo states: ${r.stdout.trim()})`;
  return undefined;
}

const problem = clusterProblem();
const required = process.env.INVLOGIC_REQUIRE_SLURM === '1';
const skip =
  problem !== undefined && !required
    ? `${problem}; start one with: bash scripts/slurm-local.sh install && bash scripts/slurm-local.sh start`
    : false;

test(
  'slurm submit: 3 shards + dependent merge job; merged results equal the unsharded run',
  { skip, timeout: 600_000 },
  async () => {
    assert.equal(problem, undefined, `INVLOGIC_REQUIRE_SLURM=1 but ${problem}`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invlogic-slurm-'));
    const paperOut = path.join(dir, 'paper');
    const sub = await runCli([
      'slurm',
      'submit',
      'gate-occupancy',
      '--quick',
      '--shards',
      '3',
      '--dir',
      dir,
      '--paper-out',
      paperOut,
      '--no-png',
    ]);
    assert.equal(sub.code, 0, sub.err);
    assert.match(sub.out, /submitted: array job \d+ \(3 tasks\), merge job \d+ \(afterok\)/);
    const status = await runCli(['slurm', 'status', '--dir', dir, '--wait', '--timeout', '300']);
    const logs = fs.existsSync(path.join(dir, 'logs'))
      ? fs
          .readdirSync(path.join(dir, 'logs'))
          .map((f) => `--- ${f}\n${fs.readFileSync(path.join(dir, 'logs', f), 'utf8')}`)
      : [];
    assert.equal(status.code, 0, `${status.out}${status.err}\n${logs.join('\n')}`);
    assert.match(status.out, /array job \d+: 3 COMPLETED/);
    assert.match(status.out, /merge job \d+: COMPLETED, merged into/);

    const submission = JSON.parse(fs.readFileSync(path.join(dir, 'submission.json'), 'utf8'));
    for (const p of submission.plan) {
      assert.equal(readResults(path.join(dir, `shard-${p.shard}.jsonl`)).rows.length, p.points, `shard ${p.shard}`);
    }
    // The merge job regenerated the experiment's figures from the merged file.
    for (const fig of ['histogram', 'pvalid-vs-beta', 'tv-vs-beta']) {
      assert.ok(fs.existsSync(path.join(paperOut, `gate-occupancy-${fig}.html`)), fig);
    }

    const whole = path.join(dir, 'unsharded.jsonl');
    const run = await runCli([
      'sweep',
      'gate-occupancy',
      '--quick',
      '--out',
      whole,
      '--jobs',
      '1',
      '--progress',
      'none',
    ]);
    assert.equal(run.code, 0, run.err);
    const view = (file: string): string[] =>
      readResults(file)
        .rows.map((r) => canonicalJson({ key: r.key, config: r.config, result: r.result }))
        .sort();
    const merged = view(submission.results);
    assert.equal(merged.length, submission.points);
    assert.deepEqual(merged, view(whole));
  },
);

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main as paper, renderReadme, type Manifest } from '../scripts/paper';
import { checkPaperOutputs } from '../scripts/check-paper-outputs';
import { paperExperiments } from '../experiments';

async function quiet<T>(fn: () => Promise<T>): Promise<T> {
  const w1 = process.stdout.write.bind(process.stdout);
  const w2 = process.stderr.write.bind(process.stderr);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
  }
}

test('npm run paper --quick produces every declared output and the claims table; the checker notices gaps', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'paper-'));
  // Only the experiments cheap enough for a unit test; CI runs the whole pipeline (docs/experiments.md).
  const only = 'gate-occupancy';
  assert.equal(
    await quiet(() => paper(['--quick', '--no-png', '--progress', 'none', '--out', out, '--only', only])),
    0,
  );
  const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
  assert.equal(manifest.quick, true);
  const entry = manifest.experiments.find((e) => e.name === only)!;
  assert.ok(entry.claims.length > 0);
  assert.ok(entry.claims.every((c) => c.command === `npm run paper -- --only ${only} --quick`));
  const readme = fs.readFileSync(path.join(out, 'README.md'), 'utf8');
  assert.match(readme, /\| Claim \| Paper \| Source \| Ours \| Command \|/);
  assert.ok(readme.includes(`### ${only}:`));
  // Every declared file of this experiment exists and is non-empty (others were not run: expect only their gaps).
  const problems = checkPaperOutputs(out, { quick: true, png: false });
  const others = paperExperiments().filter((e) => e.name !== only);
  assert.ok(
    problems.every((p) => others.some((e) => p.includes(e.name))),
    problems.join('\n'),
  );
  // Resumable: a second run reruns nothing.
  assert.equal(
    await quiet(() => paper(['--quick', '--no-png', '--progress', 'none', '--out', out, '--only', only])),
    0,
  );
  const again = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
  assert.equal(again.experiments.find((e) => e.name === only)!.ran, 0);
  // Remove a figure and a table: the checker names both.
  fs.rmSync(path.join(out, `${only}-histogram.html`));
  fs.writeFileSync(path.join(out, 'data', `${only}-summary.csv`), '');
  const after = checkPaperOutputs(out, { quick: true, png: false });
  assert.ok(after.includes(`missing ${only}-histogram.html`));
  assert.ok(after.includes(`empty data/${only}-summary.csv`));
  assert.ok(checkPaperOutputs(out, { quick: false, png: false }).some((p) => /quick=true, expected false/.test(p)));
  fs.rmSync(out, { recursive: true });
});

test('claims table escapes pipes and uses the experiment command by default', () => {
  const md = renderReadme({
    generatedAt: 'now',
    quick: false,
    node: 'v20',
    cores: 2,
    totalTimeS: 1,
    experiments: [
      {
        name: 'x',
        title: 'X',
        points: 1,
        ran: 1,
        timeS: 1,
        pointTimeS: 1,
        command: 'npm run paper -- --only x',
        files: [],
        figures: [],
        claims: [{ claim: 'a|b', paperValue: '40×', source: '[ABS]', ourValue: '38×' }],
        notes: [],
      },
    ],
  });
  assert.ok(md.includes('| a\\|b | 40× | [ABS] | 38× | `npm run paper -- --only x` |'));
  const withFailure = renderReadme({
    generatedAt: 'now',
    quick: true,
    node: 'v20',
    cores: 2,
    totalTimeS: 1,
    experiments: [],
    failed: [{ name: 'y', error: 'boom' }],
  });
  assert.ok(withFailure.includes('**Failed in this run** (no outputs):'));
  assert.ok(withFailure.includes('- y: boom'));
});

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main as paper, type Manifest } from '../scripts/paper';
import { paperExperiments } from '../experiments';
import {
  HEADLINE_CONFIGS,
  QUICK_CONFIG,
  headlineMarkdown,
  headlineRunConfig,
  headlineTable,
  paperHeadline,
  storedHeadlineRows,
  type PaperHeadlineConfig,
  type PaperHeadlineResult,
} from '../experiments/paper-headline';
import { planSweep, rowsFromCsv } from '../lib/sweep';

const ROOT = path.join(__dirname, '..');

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

// First: the others' reports are written after it restores stdout (quiet() swallows writes while it runs).
test('the quick scale is a reduced paper-bcnn-2class, both methods, and runs through npm run paper', async () => {
  const full = headlineRunConfig('paper-bcnn-2class');
  const quick = headlineRunConfig(QUICK_CONFIG);
  assert.deepEqual(quick.model, full.model);
  assert.equal(quick.method, full.method);
  assert.ok((quick.data.trainPerClass ?? Infinity) <= 100);
  const plan = planSweep(paperHeadline, { quick: true });
  assert.deepEqual(
    plan.map((p) => [p.config.config, p.config.method]),
    [
      [QUICK_CONFIG, 'headline'],
      [QUICK_CONFIG, 'backprop'],
    ],
  );
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'paper-headline-'));
  const args = ['--quick', '--no-png', '--progress', 'none', '--out', out, '--only', 'paper-headline'];
  assert.equal(await quiet(() => paper(args)), 0);
  const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
  const entry = manifest.experiments.find((e) => e.name === 'paper-headline')!;
  assert.equal(entry.ran, 2);
  assert.equal(entry.claims.length, 4);
  assert.ok(entry.claims.some((c) => c.paperValue === '≈40×') && entry.claims.some((c) => c.paperValue === '≈134×'));
  const readme = fs.readFileSync(path.join(out, 'README.md'), 'utf8');
  assert.match(readme, /\| 2 \(quick scale\) \| \d+\.\d\d ± \d+\.\d\d% \|/);
  assert.match(readme, /\| false \|/); // usesBackprop of the invertible side
  assert.ok(fs.statSync(path.join(out, 'data', 'paper-headline-headline.csv')).size > 0);
  fs.rmSync(out, { recursive: true });
});

test('paper-headline is a paper experiment and runs first (its claims open the claims table)', () => {
  const names = paperExperiments().map((e) => e.name);
  assert.equal(names[0], 'paper-headline');
});

test('the full-scale plan is both configs x {headline, backprop} x seeds 1-5, the points of the stored results', () => {
  const plan = planSweep(paperHeadline, { quick: false });
  assert.equal(plan.length, 20);
  for (const config of HEADLINE_CONFIGS) {
    for (const method of ['headline', 'backprop']) {
      const seeds = plan
        .filter((p) => p.config.config === config && p.config.method === method)
        .map((p) => p.config.seed);
      assert.deepEqual(seeds, [1, 2, 3, 4, 5], `${config} ${method}`);
    }
  }
  // The committed CSV holds exactly these keys, so `npm run paper` reuses the stored points instead of rerunning.
  const csv = path.join(ROOT, 'figures', 'data', 'paper-headline.csv');
  const stored = rowsFromCsv(paperHeadline, fs.readFileSync(csv, 'utf8'), csv);
  assert.deepEqual(stored.map((r) => r.key).sort(), plan.map((p) => p.key).sort());
});

test('the README headline table is the one the stored results give', () => {
  const csv = path.join(ROOT, 'figures', 'data', 'paper-headline.csv');
  const rows = rowsFromCsv<PaperHeadlineConfig, PaperHeadlineResult>(paperHeadline, fs.readFileSync(csv, 'utf8'), csv);
  const table = headlineTable(rows);
  assert.deepEqual(
    table.map((r) => [r.config, r.seeds, r.usesBackprop]),
    [
      ['paper-bcnn-2class', 5, false],
      ['paper-bcnn-10class', 5, false],
    ],
  );
  const markdown = headlineMarkdown(table);
  for (const file of ['README.md', path.join('figures', 'README.md')]) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    for (const line of markdown.split('\n')) assert.ok(text.includes(line), `${file} lacks: ${line}`);
  }
});

test('notebook 04 reads the stored points: the results file when complete, else the committed CSV', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'headline-stored-'));
  fs.mkdirSync(path.join(root, 'figures', 'data'), { recursive: true });
  assert.throws(() => storedHeadlineRows(root), /no stored paper-headline results/);
  fs.copyFileSync(
    path.join(ROOT, 'figures', 'data', 'paper-headline.csv'),
    path.join(root, 'figures', 'data', 'paper-headline.csv'),
  );
  const stored = storedHeadlineRows(root);
  assert.equal(stored.rows.length, 20);
  assert.ok(stored.source.endsWith('paper-headline.csv'));
  fs.rmSync(root, { recursive: true });
});

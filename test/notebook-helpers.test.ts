// Notebook helpers: HTML tables (lib/viz/table.ts), the shared results location, notebook sweeps that pick
// their scale without starting a long run silently (lib/sweep/notebook.ts), and result rows read back
// from the committed CSV (lib/sweep/csv-rows.ts).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  flattenRows,
  notebookSweep,
  readResults,
  resultsFile,
  rowsFromCsv,
  runSweep,
  toCsv,
  toDataFrame,
} from '../lib/sweep';
import { columnDecimals, tableHtml } from '../lib/viz';
import { fixture } from './fixtures/sweep-experiment';

test('tableHtml: one number of decimals per column, percent and units in headers, numeric text as numbers', () => {
  const html = tableHtml(
    [
      { method: 'pocket', acc: 0.9863, cycles: 1000, t: '0.9039999999999999' },
      { method: 'a<b', acc: 0.5, cycles: 30, t: '12.5' },
    ],
    {
      columns: [
        'method',
        { key: 'acc', label: 'test acc.', format: 'percent' },
        { key: 'cycles', unit: 'clock cycles' },
        { key: 't', label: 'time', unit: 's' },
      ],
      caption: 'demo',
    },
  );
  assert.match(html, /<th>test acc\. \(%\)<\/th>/);
  assert.match(html, /<th>cycles \(clock cycles\)<\/th>/);
  assert.match(html, /<td class="num">98\.63<\/td>/);
  assert.match(html, /<td class="num">1,000<\/td>/);
  // '0.9039999999999999' and '12.5' share the column's 4 decimals (4 significant digits of 0.904).
  assert.match(html, /<td class="num">0\.9040<\/td>/);
  assert.match(html, /<td class="num">12\.5000<\/td>/);
  assert.match(html, /a&lt;b/);
  assert.doesNotMatch(html, /'0\.9863'/);
  assert.match(html, /<caption>demo<\/caption>/);
});

test('tableHtml: DataFrame-like input, row limit, bad format named', () => {
  const frame = {
    columns: ['x', 'y'],
    values: [
      [1, 0.25],
      [2, 0.5],
      [3, 0.125],
    ],
  };
  const html = tableHtml(frame, { maxRows: 2 });
  assert.equal((html.match(/<tr>/g) ?? []).length, 1 + 2 + 1);
  assert.match(html, /1 more row/);
  assert.match(html, /0\.2500/);
  assert.throws(() => tableHtml([{ a: 1 }], { columns: [{ key: 'a', format: 'nope' as never }] }), /format must be/);
  assert.equal(columnDecimals([1, 2, 3]), 0);
  assert.equal(columnDecimals([0.00123, 5]), 6);
});

test('tableHtml takes a danfojs DataFrame (a grouped summary, as notebook 07 shows)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invlogic-df-'));
  try {
    const outcome = await runSweep(fixture, { quick: false, out: path.join(dir, 'r.jsonl'), jobs: 1 });
    const df = toDataFrame(outcome.rows)
      .loc({ columns: ['x', 'y'] })
      .groupby(['x'])
      .agg({ y: ['mean', 'std'] });
    const html = tableHtml(df);
    assert.match(html, /<th>x<\/th><th>y_mean<\/th><th>y_std<\/th>/);
    assert.equal((html.match(/<tr>/g) ?? []).length, 1 + 6);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('resultsFile: the paper output folders, shards beside them', () => {
  assert.equal(resultsFile('x', { quick: false }), path.join('figures', 'data', 'x.jsonl'));
  assert.equal(resultsFile('x', { quick: true }), path.join('build', 'paper-quick', 'data', 'x.jsonl'));
  assert.equal(
    resultsFile('x', { quick: true, shard: { index: 2, count: 3 }, root: '/r' }),
    path.join('/r', 'build', 'paper-quick', 'data', 'x.shard-2-of-3.jsonl'),
  );
});

test('notebookSweep: without full-scale results it states the cost and runs quick; reuses a complete full run', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'invlogic-nb-'));
  const saved = { q: process.env.INVLOGIC_QUICK, f: process.env.INVLOGIC_FULL };
  delete process.env.INVLOGIC_QUICK;
  delete process.env.INVLOGIC_FULL;
  try {
    fs.mkdirSync(path.join(root, 'figures'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'figures', 'manifest.json'),
      JSON.stringify({ experiments: [{ name: fixture.name, points: 12, pointTimeS: 1200 }] }),
    );
    const lines: string[] = [];
    const a = await notebookSweep(fixture, { root, jobs: 1, log: (l) => lines.push(l) });
    assert.equal(a.quick, true);
    assert.equal(a.rows.length, 3);
    assert.match(lines.join('\n'), /full scale needs 12 of 12 points .*about 20m00s on 1 worker/);
    assert.match(lines.join('\n'), /running the quick scale instead/);
    assert.equal(readResults(resultsFile(fixture.name, { quick: true, root })).rows.length, 3);

    // Opting in (or a cost under autoFullS) runs the missing full-scale points into the paper's file ...
    lines.length = 0;
    const full = await notebookSweep(fixture, { root, jobs: 1, autoFullS: 3600, log: (l) => lines.push(l) });
    assert.equal(full.quick, false);
    assert.equal(full.ran, 12);
    assert.match(lines[0], /full scale, running 12 of 12 points missing from .*figures.data.fixture-square\.jsonl/);
    // ... and a finished full-scale run (as npm run paper leaves it) is reused, nothing runs.
    lines.length = 0;
    const b = await notebookSweep(fixture, { root, jobs: 1, log: (l) => lines.push(l) });
    assert.equal(b.quick, false);
    assert.equal(b.ran, 0);
    assert.equal(b.rows.length, 12);
    assert.match(lines[0], /full scale, all 12 points already in/);
  } finally {
    if (saved.q !== undefined) process.env.INVLOGIC_QUICK = saved.q;
    if (saved.f !== undefined) process.env.INVLOGIC_FULL = saved.f;
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('rowsFromCsv inverts the committed flat CSV (nested config, lists) and checks keys', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invlogic-csv-'));
  try {
    const outcome = await runSweep(fixture, { quick: false, out: path.join(dir, 'r.jsonl'), jobs: 1 });
    const csv = toCsv(flattenRows(outcome.rows).map(({ timeS: _t, ...rest }) => rest));
    const back = rowsFromCsv(fixture, csv);
    assert.deepEqual(
      back.map((r) => [r.key, r.config, r.result]),
      outcome.rows.map((r) => [r.key, r.config, r.result]),
    );
    const lines = csv.split('\n');
    const xColumn = lines[0].split(',').indexOf('x');
    const cells = lines[1].split(',');
    cells[xColumn] = '77';
    const tampered = [lines[0], cells.join(','), ...lines.slice(2)].join('\n');
    assert.throws(() => rowsFromCsv(fixture, tampered), /does not hash to its key/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

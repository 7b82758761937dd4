import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  aggregateSeries,
  bar,
  histogram,
  cdf,
  couplingHeatmap,
  findNonFinite,
  groupedBars,
  heatmap,
  histogramVsExact,
  lineFromRows,
  lineWithBands,
  meanAndSpread,
  scatter,
  showHtml,
  figureToHtml,
  type PlotlyFigure,
} from '../lib/viz';
import { InvlogicError } from '../lib/errors';
import { IsingModel } from '../lib/ising';

/** Every figure: title and both axis titles are non-empty strings, data is non-empty, JSON has no NaN/null numbers. */
function checkFigure(fig: PlotlyFigure, name: string): void {
  assert.ok(Array.isArray(fig.data) && fig.data.length > 0, `${name}: data`);
  for (const t of fig.data) assert.equal(typeof t.type, 'string', `${name}: trace type`);
  assert.equal(typeof fig.layout.xaxis.title.text, 'string');
  assert.ok(fig.layout.xaxis.title.text.length > 0, `${name}: x axis title`);
  assert.ok(fig.layout.yaxis.title.text.length > 0, `${name}: y axis title`);
  assert.deepEqual(findNonFinite(fig), [], `${name}: non-finite numbers`);
  // A JSON round trip must be lossless: the spec is plain data.
  assert.deepEqual(JSON.parse(JSON.stringify(fig)), fig, `${name}: not plain JSON`);
}

test('histogramVsExact normalises counts, adds binomial error bars, keeps category order', () => {
  const fig = histogramVsExact({
    categories: ['00', '01', '10', '11'],
    counts: [10, 30, 0, 60],
    exact: [0.1, 0.3, 0, 0.6],
  });
  checkFigure(fig, 'histogramVsExact');
  const [sampled, exact] = fig.data;
  assert.deepEqual(sampled.y, [0.1, 0.3, 0, 0.6]);
  assert.deepEqual(sampled.x, ['00', '01', '10', '11']);
  assert.deepEqual(exact.y, [0.1, 0.3, 0, 0.6]);
  const err = (sampled.error_y as { array: number[] }).array;
  assert.ok(Math.abs(err[1] - Math.sqrt((0.3 * 0.7) / 100)) < 1e-15);
  assert.equal(err[2], 0);
  assert.equal(fig.layout.barmode, 'group');
  assert.equal(fig.layout.yaxis.title.text, 'probability (fraction)');
  assert.match(String((fig.layout.meta as { errorBars: string }).errorBars), /binomial standard error over n = \d+ reads/);
  assert.throws(
    () => histogramVsExact({ categories: ['a', 'b'], counts: [1, NaN], exact: [0.5, 0.5] }),
    (e: unknown) => e instanceof InvlogicError && e.parameter === 'counts[1]',
  );
  assert.throws(
    () => histogramVsExact({ categories: ['a', 'b'], counts: [1], exact: [0.5, 0.5] }),
    /counts must have length 2/,
  );
  assert.throws(() => histogramVsExact({ categories: ['a'], exact: [1] }), /needs counts or observed/);
  assert.throws(() => histogramVsExact({ categories: ['a'], counts: [0], exact: [1] }), /not all be zero/);
});

test('meanAndSpread and aggregateSeries compute mean +- spread over seeds', () => {
  const m = meanAndSpread([1, 2, 3, 4], 'std');
  assert.equal(m.mean, 2.5);
  const std = Math.sqrt(5 / 3);
  assert.ok(Math.abs(m.upper - (2.5 + std)) < 1e-12);
  const sem = meanAndSpread([1, 2, 3, 4], 'sem');
  assert.ok(Math.abs(sem.upper - sem.mean - std / 2) < 1e-12);
  assert.deepEqual(meanAndSpread([1, 2, 3, 4], 'minmax'), { mean: 2.5, lower: 1, upper: 4 });
  assert.deepEqual(meanAndSpread([7], 'ci95'), { mean: 7, lower: 7, upper: 7 });
  const rows: Array<Record<string, number | string>> = [];
  for (const seed of [1, 2, 3])
    for (const beta of [2, 0.5, 1])
      for (const gate of ['and', 'or']) rows.push({ seed, beta, gate, p: beta + seed + (gate === 'or' ? 10 : 0) });
  const series = aggregateSeries(rows, { x: 'beta', y: 'p', group: 'gate' });
  assert.deepEqual(
    series.map((s) => s.name),
    ['gate=and', 'gate=or'],
  );
  assert.deepEqual(series[0].x, [0.5, 1, 2]);
  assert.deepEqual(series[0].y, [2.5, 3, 4]);
  assert.deepEqual(series[1].n, [3, 3, 3]);
  assert.throws(
    () => aggregateSeries([{ beta: 1, p: NaN }], { x: 'beta', y: 'p' }),
    /rows\[0\]\.p must be a finite number/,
  );
  assert.throws(() => aggregateSeries(rows, { x: 'beta', y: 'p', spread: 'iqr' as 'std' }), /spread must be one of/);
});

test('lineWithBands draws a closed band polygon behind each line; lineFromRows labels the spread', () => {
  const fig = lineWithBands({
    series: [{ name: 'a', x: [1, 2, 3], y: [1, 2, 3], lower: [0.5, 1.5, 2.5], upper: [1.5, 2.5, 3.5] }],
    xTitle: 'beta',
    yTitle: 'P(valid)',
  });
  checkFigure(fig, 'lineWithBands');
  assert.equal(fig.data.length, 2);
  const band = fig.data[0];
  assert.equal(band.fill, 'toself');
  assert.deepEqual(band.x, [1, 2, 3, 3, 2, 1]);
  assert.deepEqual(band.y, [1.5, 2.5, 3.5, 2.5, 1.5, 0.5]);
  assert.equal(fig.layout.xaxis.title.text, 'beta');
  assert.throws(
    () => lineWithBands({ series: [{ name: 'a', x: [1, 2], y: [1, 2], lower: [3, 1], upper: [2, 3] }] }),
    /lower\[0\] exceeds upper\[0\]/,
  );
  assert.throws(
    () => lineWithBands({ series: [{ name: 'a', x: [1, 2], y: [1, 2], lower: [0, 1] }] }),
    /both lower and upper/,
  );
  assert.throws(() => lineWithBands({ series: [] }), /series must be a non-empty array/);
  const rows = [1, 2].flatMap((seed) => [1, 2].map((beta) => ({ seed, beta, p: seed * beta })));
  const f2 = lineFromRows(rows, { x: 'beta', y: 'p', spread: 'sem', logX: true });
  checkFigure(f2, 'lineFromRows');
  assert.match(f2.layout.yaxis.title.text, /mean ± sem, n = 2/);
  assert.equal(f2.layout.xaxis.type, 'log');
});

test('heatmap and couplingHeatmap: symmetric J with names, biases first, matrix orientation', () => {
  const model = new IsingModel(
    ['A', 'B', 'C'],
    [1, -1, 2],
    [
      [0, 1, -1],
      [0, 2, 2],
      [1, 2, 2],
    ],
  );
  const fig = couplingHeatmap(model);
  checkFigure(fig, 'couplingHeatmap');
  const z = fig.data[0].z as number[][];
  assert.deepEqual(z, [
    [1, 0, -1, 2],
    [-1, -1, 0, 2],
    [2, 2, 2, 0],
  ]);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) assert.equal(z[i][j + 1], z[j][i + 1]);
  assert.deepEqual(fig.data[0].x, ['h', 'A', 'B', 'C']);
  assert.deepEqual(fig.data[0].y, ['A', 'B', 'C']);
  assert.equal(fig.layout.yaxis.autorange, 'reversed');
  assert.equal(fig.data[0].zmid, 0);
  assert.throws(() => heatmap({ z: [[1, 2], [3]] }), /z\[1\] must have length 2/);
  assert.throws(
    () => heatmap({ z: [[1, Infinity]] }),
    (e: unknown) => e instanceof InvlogicError && e.parameter === 'z[0][1]',
  );
});

test('scatter, groupedBars and cdf', () => {
  const s = scatter({
    series: [{ name: 'claims', x: [1, 40], y: [2, 35], text: ['a', 'b'] }],
    diagonal: true,
    xTitle: 'paper',
    yTitle: 'ours',
  });
  checkFigure(s, 'scatter');
  assert.equal(s.data.length, 2);
  assert.deepEqual(s.data[1].x, [1, 40]);
  const g = groupedBars({
    categories: ['train', 'test'],
    series: [
      { name: 'IL', values: [0.9, 0.8], errors: [0.01, 0.02] },
      { name: 'BP', values: [0.95, 0.85] },
    ],
  });
  checkFigure(g, 'groupedBars');
  assert.deepEqual(g.data[1].y, [0.95, 0.85]);
  assert.throws(
    () => groupedBars({ categories: ['a'], series: [{ name: 'x', values: [1, 2] }] }),
    /values must have length 1/,
  );
  const c = cdf({ series: [{ name: 'cycles', values: [5, 1, 3, 3] }] });
  checkFigure(c, 'cdf');
  assert.deepEqual(c.data[0].x, [1, 1, 3, 5]);
  assert.deepEqual(c.data[0].y, [0, 0.25, 0.75, 1]);
  const ys = c.data[0].y as number[];
  for (let i = 1; i < ys.length; i++) assert.ok(ys[i] >= ys[i - 1]);
  assert.throws(() => cdf({ series: [{ name: 'x', values: [] }] }), /non-empty/);
});

test('HTML: standalone page inlines plotly once; notebook output embeds plotly only in the first figure', () => {
  const fig = histogramVsExact({
    categories: ['</script>', 'b'],
    observed: [0.5, 0.5],
    exact: [0.5, 0.5],
    title: 'a<b',
  });
  const html = figureToHtml(fig, { caption: 'made by test' });
  assert.match(html, /^<!DOCTYPE html>/);
  assert.ok(html.length > 1_000_000, 'plotly.js is inlined');
  assert.equal(html.split('</script>').length - 1, 2, 'a label cannot close the script element');
  assert.match(html, /<title>a&lt;b<\/title>/);
  const first = showHtml(fig);
  const second = showHtml(fig);
  assert.ok(first.length > 1_000_000 && second.length < 10_000);
  assert.ok(showHtml(fig, { embed: 'always' }).length > 1_000_000);
  assert.notEqual(/id="([^"]+)"/.exec(first)![1], /id="([^"]+)"/.exec(second)![1]);
});

test('bar and histogram', () => {
  const b = bar({ categories: ['x', 'y'], values: [1, 2], yTitle: 'cycles' });
  checkFigure(b, 'bar');
  assert.equal(b.layout.showlegend, false);
  assert.equal(b.data.length, 1);
  const h = histogram({
    series: [
      { name: 'a', values: [0, 1, 1, 2, 3, 4] },
      { name: 'b', values: [4, 4] },
    ],
    bins: 4,
    normalize: 'probability',
  });
  checkFigure(h, 'histogram');
  assert.deepEqual(h.data[0].x, [0.5, 1.5, 2.5, 3.5]);
  assert.deepEqual(h.data[0].y, [1 / 6, 2 / 6, 1 / 6, 2 / 6]);
  assert.deepEqual(h.data[1].y, [0, 0, 0, 1]);
  const sum = (h.data[0].y as number[]).reduce((p, q) => p + q, 0);
  assert.ok(Math.abs(sum - 1) < 1e-12);
  const one = histogram({ series: [{ name: 'c', values: [7, 7, 7] }] });
  checkFigure(one, 'histogram constant');
  assert.equal(
    (one.data[0].y as number[]).reduce((p, q) => p + q, 0),
    3,
  );
  assert.throws(() => histogram({ series: [{ name: 'a', values: [1] }], bins: 0 }), /bins must be/);
});

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FigureExporter, groupedBars, writeFigure, writeHtml, chromiumPath, type PlotlyFigure } from '../lib/viz';
import { InvlogicError } from '../lib/errors';

const fig = groupedBars({
  categories: ['a', 'b'],
  series: [{ name: 's', values: [1, 2] }],
  title: 'export test',
  xTitle: 'k',
  yTitle: 'v',
});
const hasChromium = fs.existsSync(process.env.INVLOGIC_CHROMIUM || '/usr/bin/chromium');

test('HTML export needs no browser and refuses NaN', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'viz-'));
  const file = writeHtml(fig, path.join(dir, 'sub', 'f'));
  assert.ok(fs.statSync(file).size > 1_000_000);
  const bad = JSON.parse(JSON.stringify(fig)) as PlotlyFigure;
  (bad.data[0].y as number[])[0] = NaN;
  assert.throws(() => writeHtml(bad, path.join(dir, 'bad')), /non-finite numbers at .*data\[0\]\.y\[0\]/);
  fs.rmSync(dir, { recursive: true });
});

test('missing Chromium is a clear InvlogicError that names the fix', async () => {
  const saved = process.env.INVLOGIC_CHROMIUM;
  process.env.INVLOGIC_CHROMIUM = '/nonexistent/chromium';
  try {
    assert.throws(
      () => chromiumPath(),
      (e: unknown) =>
        e instanceof InvlogicError && /apt-get install -y chromium/.test(e.message) && /--no-png/.test(e.message),
    );
    await assert.rejects(writeFigure(fig, path.join(os.tmpdir(), 'never'), { formats: ['png'] }), InvlogicError);
    // HTML alone still works without a browser.
    const ex = await FigureExporter.open({ images: false });
    assert.equal(ex.images, false);
    await assert.rejects(ex.render(fig, 'png'), /without images/);
    await ex.close();
  } finally {
    if (saved === undefined) delete process.env.INVLOGIC_CHROMIUM;
    else process.env.INVLOGIC_CHROMIUM = saved;
  }
});

test('PNG and SVG via headless Chromium', { skip: hasChromium ? false : 'chromium not installed' }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'viz-'));
  const files = await writeFigure(fig, path.join(dir, 'f'), {
    formats: ['png', 'svg'],
    width: 400,
    height: 300,
    scale: 1,
  });
  assert.deepEqual(
    files.map((f) => path.basename(f)),
    ['f.png', 'f.svg'],
  );
  const png = fs.readFileSync(files[0]);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.readUInt32BE(16), 400); // IHDR width
  assert.equal(png.readUInt32BE(20), 300);
  const svg = fs.readFileSync(files[1], 'utf8');
  assert.match(svg, /^<svg/);
  assert.match(svg, /export test/);
  fs.rmSync(dir, { recursive: true });
});

// Every paper figure, built from the committed results (figures/data/<experiment>.csv read back, no point run):
// a title, axis titles with units, readable log axes, and a stated error-bar meaning wherever bars or bands are
// drawn (lib/viz/style.ts).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { rowsFromCsv } from '../lib/sweep';
import { errorBarText, logTicks, percentRange, type PlotlyAxis, type PlotlyFigure } from '../lib/viz';
import { paperExperiments } from '../experiments';

const ROOT = path.resolve(__dirname, '..');

/** Axis title names a unit: '(unit)' or '[unit]', e.g. 'test accuracy (%)', 'clock cycles (count)'. */
const UNIT = /\([^)]+\)|\[[^\]]+\]/;

function hasErrorBars(fig: PlotlyFigure): boolean {
  return fig.data.some(
    (t) =>
      (t.error_y !== undefined && (t.error_y as { visible?: boolean }).visible !== false) ||
      t.error_x !== undefined ||
      t.fill === 'toself',
  );
}

function visibleText(fig: PlotlyFigure): string {
  const annotations = (fig.layout.annotations ?? []) as Array<{ text?: string }>;
  return [
    fig.layout.title.text,
    fig.layout.xaxis.title.text,
    fig.layout.yaxis.title.text,
    ...annotations.map((a) => a.text ?? ''),
  ].join('\n');
}

function checkAxis(where: string, axis: PlotlyAxis, values: unknown[], problems: string[]): void {
  if (!axis.title?.text?.trim()) problems.push(`${where}: axis has no title`);
  const categorical = axis.type === 'category' || values.some((v) => typeof v === 'string');
  if (!categorical && !UNIT.test(axis.title?.text ?? ''))
    problems.push(`${where}: numeric axis title '${axis.title?.text}' states no unit`);
  if (axis.type === 'log' && !(Array.isArray(axis.tickvals) && (axis.tickvals as number[]).length >= 2))
    problems.push(`${where}: log axis without explicit ticks`);
}

for (const exp of paperExperiments()) {
  test(`figure specs of ${exp.name}: titles, units, error-bar meaning`, async () => {
    const csv = path.join(ROOT, 'figures', 'data', `${exp.name}.csv`);
    const rows = rowsFromCsv(exp, fs.readFileSync(csv, 'utf8'), csv);
    const report = await exp.paper!.report(rows, { quick: false, command: `npm run paper -- --only ${exp.name}` });
    assert.ok(report.figures.length > 0);
    const problems: string[] = [];
    for (const { name, figure } of report.figures) {
      const where = `${exp.name}-${name}`;
      if (!figure.layout.title.text.trim()) problems.push(`${where}: no title`);
      const xs = figure.data.flatMap((t) => (Array.isArray(t.x) ? (t.x as unknown[]) : []));
      const ys = figure.data.flatMap((t) => (Array.isArray(t.y) ? (t.y as unknown[]) : []));
      const heat = figure.data.some((t) => t.type === 'heatmap');
      checkAxis(`${where} x`, figure.layout.xaxis, heat ? ['category'] : xs, problems);
      checkAxis(`${where} y`, figure.layout.yaxis, heat ? ['category'] : ys, problems);
      if (hasErrorBars(figure)) {
        const meaning = (figure.layout.meta as { errorBars?: string } | undefined)?.errorBars ?? '';
        if (!/std|standard error|95% CI|min-max/.test(meaning) || !/n = \d/.test(meaning))
          problems.push(`${where}: error bars without a meaning and n in layout.meta.errorBars ('${meaning}')`);
        else if (!visibleText(figure).includes(meaning))
          problems.push(`${where}: the error-bar meaning is not shown on the figure`);
      }
    }
    assert.deepEqual(problems, []);
  });
}

test('logTicks: written-out 1-2-5 ticks, powers of two, at least two labels', () => {
  assert.deepEqual(logTicks(30, 1000).tickvals, [50, 100, 200, 500, 1000]);
  assert.deepEqual(logTicks(30, 1000).ticktext, ['50', '100', '200', '500', '1,000']);
  assert.deepEqual(logTicks(0.25, 4, { base: 2 }).ticktext, ['1/4', '1/2', '1', '2', '4']);
  assert.equal(logTicks(12, 15).tickvals.length, 2);
  assert.throws(() => logTicks(0, 1), /0 < min/);
  assert.equal(errorBarText('std', [3, 5]), 'error bars: ± 1 sample std over n = 3-5 seeds');
  assert.deepEqual(percentRange(97.4, 98.9), [96.5, 99.5]);
});

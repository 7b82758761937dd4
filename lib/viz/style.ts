/**
 * The shared figure style of the paper figures and notebooks: log axes with readable ticks (1-2-5 or powers of
 * two, written out, never plotly's bare mantissas "2 3 4 ... 9 1"), accuracies in % throughout, and error bars
 * that say what they are (std, standard error or 95% CI) and over how many runs.
 *
 * Every figure that draws error bars or bands records their meaning in `layout.meta.errorBars` and shows it
 * (`stateErrorBars`); test/viz-figure-specs.test.ts checks each paper figure for axis titles with units and
 * for that statement.
 */
import { InvlogicError } from '../errors';
import type { PlotlyAxis, PlotlyFigure } from './figure';

/** What an error bar or band spans. */
export type ErrorBarKind = 'std' | 'sem' | 'ci95' | 'minmax' | 'binomial-se';

const KIND_TEXT: Record<ErrorBarKind, string> = {
  std: '± 1 sample std',
  sem: '± 1 standard error',
  ci95: '95% CI (± 1.96 s.e.)',
  minmax: 'min-max range',
  'binomial-se': '± 1 binomial standard error',
};

/** n as '5' or '2-5' (when points rest on different numbers of runs). */
export function nText(ns: readonly number[]): string {
  if (ns.length === 0) throw new InvlogicError('nText needs at least one count', 'n');
  const lo = Math.min(...ns);
  const hi = Math.max(...ns);
  return lo === hi ? `${lo}` : `${lo}-${hi}`;
}

/** 'error bars: ± 1 sample std over n = 5 seeds' (the statement every figure with error bars carries). */
export function errorBarText(kind: ErrorBarKind, n: number | readonly number[], of = 'seeds'): string {
  const count = typeof n === 'number' ? `${n}` : nText(n);
  return `error bars: ${KIND_TEXT[kind]} over n = ${count} ${of}`;
}

/**
 * Records `text` (from errorBarText) as the figure's error-bar meaning and shows it under the title, so the PNG
 * says what the bars are. Returns the figure.
 */
export function stateErrorBars(fig: PlotlyFigure, text: string): PlotlyFigure {
  const meta = (fig.layout.meta ?? {}) as Record<string, unknown>;
  fig.layout.meta = { ...meta, errorBars: text };
  const annotations = Array.isArray(fig.layout.annotations) ? [...(fig.layout.annotations as object[])] : [];
  annotations.push({
    text,
    xref: 'paper',
    yref: 'paper',
    x: 0,
    y: 1.0,
    xanchor: 'left',
    yanchor: 'bottom',
    showarrow: false,
    font: { size: 11, color: '#555' },
  });
  fig.layout.annotations = annotations;
  const margin = (fig.layout.margin ?? {}) as Record<string, number>;
  fig.layout.margin = { ...margin, t: Math.max(margin.t ?? 60, 80) };
  return fig;
}

function formatTick(v: number): string {
  if (v >= 1e6 || v < 1e-3) return v.toExponential(0).replace('e+', 'e');
  if (v >= 1 || Number.isInteger(v)) return v.toLocaleString('en-US', { maximumFractionDigits: 3 });
  // Fractions of a power of two read better as 1/4, 1/8.
  const inv = 1 / v;
  if (Number.isInteger(inv) && (inv & (inv - 1)) === 0) return `1/${inv}`;
  return String(Number(v.toPrecision(3)));
}

/**
 * Tick values and labels for a log axis over [min, max]: 1-2-5 per decade (`base` 10; 1-3 per decade when that
 * gives more than `maxTicks`) or every power of two (`base` 2).
 */
export function logTicks(
  min: number,
  max: number,
  options: { base?: 2 | 10; maxTicks?: number } = {},
): { tickvals: number[]; ticktext: string[] } {
  if (!(min > 0) || !(max >= min) || !Number.isFinite(max)) {
    throw new InvlogicError(`log axis needs 0 < min <= max, got [${min}, ${max}]`, 'range');
  }
  const maxTicks = options.maxTicks ?? 12;
  const inRange = (v: number) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9);
  let vals: number[] = [];
  if (options.base === 2) {
    for (let e = Math.floor(Math.log2(min)); e <= Math.ceil(Math.log2(max)); e++) vals.push(2 ** e);
  } else {
    for (const mantissas of [[1, 2, 5], [1, 3], [1]]) {
      vals = [];
      for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++)
        for (const m of mantissas) vals.push(Number((m * 10 ** e).toPrecision(12)));
      if (vals.filter(inRange).length <= maxTicks) break;
    }
  }
  vals = vals.filter(inRange);
  // Always at least the two ends, so a narrow axis still has labels.
  if (vals.length < 2) vals = [...new Set([min, ...vals, max])].map((v) => Number(v.toPrecision(3)));
  return { tickvals: vals, ticktext: vals.map(formatTick) };
}

/** Makes `axis` a log axis over the given values (padded by 10%) with readable ticks. */
export function logAxis(axis: PlotlyAxis, values: readonly number[], options: { base?: 2 | 10 } = {}): PlotlyAxis {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  if (positive.length === 0) throw new InvlogicError('log axis needs at least one positive value', 'values');
  const lo = Math.min(...positive);
  const hi = Math.max(...positive);
  const pad = 0.04 * Math.max(Math.log10(hi / lo), 0.3);
  Object.assign(axis, logTicks(lo, hi, options), {
    type: 'log',
    tickmode: 'array',
    range: [Math.log10(lo) - pad, Math.log10(hi) + pad],
  });
  return axis;
}

/** A percent axis: '%' after each tick; `range` in % (e.g. [95, 100]), else plotly's autorange. */
export function percentAxis(axis: PlotlyAxis, range?: [number, number]): PlotlyAxis {
  axis.ticksuffix = '%';
  if (range) axis.range = range;
  return axis;
}

/**
 * A y range in % that shows differences between values `lo..hi` (with their error bars) instead of starting at
 * 0: padded by 15% of the span (at least 0.5 points), clipped to [0, 100].
 */
export function percentRange(lo: number, hi: number): [number, number] {
  const span = Math.max(hi - lo, 1);
  const pad = Math.max(0.15 * span, 0.5);
  return [Math.max(0, Math.floor((lo - pad) * 2) / 2), Math.min(100, Math.ceil((hi + pad) * 2) / 2)];
}

function numericValues(v: unknown): number[] {
  if (!Array.isArray(v) && !ArrayBuffer.isView(v)) return [];
  return Array.from(v as ArrayLike<unknown>).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
}

/**
 * Gives every log axis of `fig` that has no explicit ticks readable ones over the data it shows (traces' x or y,
 * error bars included). Returns the figure.
 */
export function applyLogTicks(fig: PlotlyFigure, options: { xBase?: 2 | 10; yBase?: 2 | 10 } = {}): PlotlyFigure {
  for (const [axisName, key, base] of [
    ['xaxis', 'x', options.xBase],
    ['yaxis', 'y', options.yBase],
  ] as const) {
    const axis = fig.layout[axisName];
    if (axis.type !== 'log' || axis.tickvals !== undefined) continue;
    const values: number[] = [];
    for (const t of fig.data) {
      const vs = numericValues(t[key]);
      values.push(...vs);
      const err = t[`error_${key}`] as { array?: number[] } | undefined;
      if (err?.array) vs.forEach((v, i) => values.push(v + (err.array![i] ?? 0), v - (err.array![i] ?? 0)));
    }
    if (values.some((v) => v > 0)) logAxis(axis, values, { base });
  }
  return fig;
}

/**
 * An aggregated accuracy series (fractions, from aggregateSeries) in %, its band clipped to [0, 100]: mean ± std
 * of a few seeds near 100% would otherwise draw a band above 100%.
 */
export function percentSeries(s: {
  name: string;
  x: Array<number | string>;
  y: number[];
  lower: number[];
  upper: number[];
}): { name: string; x: Array<number | string>; y: number[]; lower: number[]; upper: number[] } {
  const clip = (v: number) => Math.min(100, Math.max(0, 100 * v));
  return { name: s.name, x: s.x, y: s.y.map((v) => 100 * v), lower: s.lower.map(clip), upper: s.upper.map(clip) };
}

/**
 * Figure builders: each takes plain numbers (validated: finite, consistent lengths) and returns a plotly
 * figure spec with a title and both axis titles set. They compute nothing but presentation (normalising counts,
 * sorting for a CDF, band polygons); statistics come from lib/sweep and lib/viz/aggregate.
 */
import { InvlogicError } from '../errors';
import type { IsingModel } from '../ising';
import { aggregateSeries, type AggregateOptions } from './aggregate';
import {
  axisValues,
  baseLayout,
  color,
  finiteArray,
  requireNonEmpty,
  withAlpha,
  type CommonOptions,
  type PlotlyFigure,
  type PlotlyTrace,
} from './figure';
import { applyLogTicks, errorBarText, stateErrorBars, type ErrorBarKind } from './style';

// ---------------------------------------------------------------------------------------------------------
// Sampled distribution beside the exact one

export interface HistogramVsExactInput extends CommonOptions {
  /** State labels, e.g. '0 0 0' or 'A=0,B=1,C=0'. */
  categories: ArrayLike<string>;
  /** Sampled occurrence counts per category (normalised to probabilities; error bars are binomial). */
  counts?: ArrayLike<number>;
  /** Or already-normalised sampled probabilities (no error bars). */
  observed?: ArrayLike<number>;
  /** Exact probabilities (e.g. Boltzmann law from lib/ising enumerate). */
  exact: ArrayLike<number>;
  observedName?: string;
  exactName?: string;
}

/**
 * Sampled frequencies beside exact probabilities, one pair of bars per state. With `counts`, the sampled bar
 * carries a +-1 standard-error bar sqrt(p(1-p)/N) (binomial, N = total count).
 */
export function histogramVsExact(input: HistogramVsExactInput): PlotlyFigure {
  const categories = Array.from(requireNonEmpty('categories', Array.from(input.categories)), String);
  const k = categories.length;
  const exact = finiteArray('exact', input.exact, k);
  let observed: number[];
  let errors: number[] | undefined;
  if (input.counts !== undefined) {
    if (input.observed !== undefined) throw new InvlogicError('give counts or observed, not both', 'observed');
    const counts = finiteArray('counts', input.counts, k);
    counts.forEach((c, i) => {
      if (c < 0) throw new InvlogicError(`counts[${i}] must be >= 0, got ${c}`, `counts[${i}]`);
    });
    const total = counts.reduce((a, b) => a + b, 0);
    if (total <= 0) throw new InvlogicError('counts must not all be zero', 'counts');
    observed = counts.map((c) => c / total);
    errors = observed.map((p) => Math.sqrt((p * (1 - p)) / total));
  } else if (input.observed !== undefined) {
    observed = finiteArray('observed', input.observed, k);
  } else {
    throw new InvlogicError('histogramVsExact needs counts or observed', 'counts');
  }
  const sampled: PlotlyTrace = {
    type: 'bar',
    name: input.observedName ?? 'sampled',
    x: categories,
    y: observed,
    marker: { color: color(0) },
  };
  if (errors) sampled.error_y = { type: 'data', array: errors, visible: true };
  const layout = baseLayout(input, {
    title: 'Sampled vs exact distribution',
    xTitle: 'state',
    yTitle: 'probability (fraction)',
  });
  layout.barmode = 'group';
  layout.xaxis.type = 'category';
  const fig: PlotlyFigure = {
    data: [
      sampled,
      {
        type: 'bar',
        name: input.exactName ?? 'exact (Boltzmann)',
        x: categories,
        y: exact,
        marker: { color: color(1) },
      },
    ],
    layout,
  };
  if (errors) {
    const total = finiteArray('counts', input.counts!, k).reduce((a, b) => a + b, 0);
    stateErrorBars(fig, errorBarText('binomial-se', total, 'reads'));
  }
  return fig;
}

// ---------------------------------------------------------------------------------------------------------
// Lines with error bands

export interface BandSeries {
  name: string;
  x: ArrayLike<number | string>;
  y: ArrayLike<number>;
  /** Lower and upper edge of the band (both or neither). */
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
  /** 'lines+markers' by default. */
  mode?: string;
  dash?: 'solid' | 'dash' | 'dot' | 'dashdot';
}

export interface LineWithBandsInput extends CommonOptions {
  series: readonly BandSeries[];
  /** Caption of the band in the legend hover, e.g. 'mean ± std over 5 seeds'. */
  bandLabel?: string;
  /** What the bands span, shown on the figure (lib/viz/style errorBarText); required in paper figures. */
  errorBars?: string;
}

/** One line per series with a translucent band (lower..upper) behind it, e.g. mean +- spread over seeds. */
export function lineWithBands(input: LineWithBandsInput): PlotlyFigure {
  const data: PlotlyTrace[] = [];
  requireNonEmpty('series', input.series as BandSeries[]).forEach((s, k) => {
    const p = `series[${k}]`;
    const x = axisValues(`${p}.x`, s.x);
    const y = finiteArray(`${p}.y`, s.y, x.length);
    const c = color(k);
    if ((s.lower === undefined) !== (s.upper === undefined)) {
      throw new InvlogicError(`${p}: give both lower and upper, or neither`, `${p}.lower`);
    }
    if (s.lower !== undefined && s.upper !== undefined) {
      const lo = finiteArray(`${p}.lower`, s.lower, x.length);
      const hi = finiteArray(`${p}.upper`, s.upper, x.length);
      lo.forEach((l, i) => {
        if (l > hi[i] + 1e-12 * Math.abs(hi[i]))
          throw new InvlogicError(`${p}.lower[${i}] exceeds upper[${i}]`, `${p}.lower[${i}]`);
      });
      // The band is one closed polygon: along the upper edge, then back along the lower edge.
      data.push({
        type: 'scatter',
        name: `${s.name} ${input.bandLabel ?? 'band'}`,
        x: [...x, ...[...x].reverse()],
        y: [...hi, ...[...lo].reverse()],
        fill: 'toself',
        fillcolor: withAlpha(c, 0.2),
        line: { color: 'rgba(0,0,0,0)' },
        hoverinfo: 'skip',
        showlegend: false,
        legendgroup: s.name,
      });
    }
    data.push({
      type: 'scatter',
      name: s.name,
      x,
      y,
      mode: s.mode ?? 'lines+markers',
      line: { color: c, dash: s.dash ?? 'solid' },
      legendgroup: s.name,
    });
  });
  const fig = applyLogTicks({ data, layout: baseLayout(input, { title: '', xTitle: 'x', yTitle: 'y' }) });
  return input.errorBars ? stateErrorBars(fig, input.errorBars) : fig;
}

/** `lineWithBands` from raw rows (one per seed): mean and spread per x, one line per value of `group`. */
export function lineFromRows(
  rows: ReadonlyArray<Record<string, unknown>>,
  options: AggregateOptions & CommonOptions,
): PlotlyFigure {
  const series = aggregateSeries(rows, options);
  const spread = options.spread ?? 'std';
  const minN = Math.min(...series.flatMap((s) => s.n));
  const maxN = Math.max(...series.flatMap((s) => s.n));
  const nText = minN === maxN ? `${minN}` : `${minN}-${maxN}`;
  return lineWithBands({
    ...options,
    xTitle: options.xTitle ?? options.x,
    yTitle: options.yTitle ?? `${options.y} (mean ± ${spread}, n = ${nText})`,
    bandLabel: `± ${spread}`,
    errorBars: errorBarText(
      spread as ErrorBarKind,
      series.flatMap((s) => s.n),
    ),
    series: series.map((s) => ({ name: s.name, x: s.x, y: s.y, lower: s.lower, upper: s.upper })),
  });
}

// ---------------------------------------------------------------------------------------------------------
// Heatmaps

export interface HeatmapInput extends CommonOptions {
  /** Row-major: z[row][col]; row r is drawn at y[r]. */
  z: ReadonlyArray<ArrayLike<number>>;
  x?: ArrayLike<number | string>;
  y?: ArrayLike<number | string>;
  /** Plotly colorscale name (default 'RdBu', reversed so positive = red). */
  colorscale?: string;
  /** Centre of a diverging scale (default 0); null for a sequential scale. */
  zmid?: number | null;
  colorbarTitle?: string;
  /** Print each value in its cell (default: when there are at most 400 cells). */
  annotate?: boolean;
}

export function heatmap(input: HeatmapInput): PlotlyFigure {
  const rows = requireNonEmpty('z', input.z as ArrayLike<number>[]);
  const cols = rows[0].length;
  if (cols === 0) throw new InvlogicError('z rows must be non-empty', 'z[0]');
  const z = rows.map((r, i) => finiteArray(`z[${i}]`, r, cols));
  const x = input.x === undefined ? Array.from({ length: cols }, (_, j) => j) : axisValues('x', input.x, cols);
  const y = input.y === undefined ? Array.from({ length: z.length }, (_, i) => i) : axisValues('y', input.y, z.length);
  const trace: PlotlyTrace = {
    type: 'heatmap',
    x,
    y,
    z,
    colorscale: input.colorscale ?? 'RdBu',
    reversescale: (input.colorscale ?? 'RdBu') === 'RdBu',
    colorbar: { title: { text: input.colorbarTitle ?? '' } },
  };
  const zmid = input.zmid === undefined ? 0 : input.zmid;
  if (zmid !== null) trace.zmid = zmid;
  if (input.annotate ?? z.length * cols <= 400) {
    trace.text = z.map((r) => r.map((v) => (Number.isInteger(v) ? String(v) : v.toPrecision(3))));
    trace.texttemplate = '%{text}';
  }
  const layout = baseLayout(input, { title: 'Heatmap', xTitle: 'column', yTitle: 'row' });
  // Matrices read top-down like a printed matrix.
  layout.yaxis.autorange = 'reversed';
  if (x.every((v) => typeof v === 'string')) layout.xaxis.type = 'category';
  if (y.every((v) => typeof v === 'string')) layout.yaxis.type = 'category';
  return { data: [trace], layout };
}

/**
 * The coupling matrix J (symmetric, zero diagonal) of an Ising model as a heatmap labelled by spin names, with
 * the biases h as an extra first column (`showBias`, default true).
 */
export function couplingHeatmap(model: IsingModel, options: CommonOptions & { showBias?: boolean } = {}): PlotlyFigure {
  const n = model.n;
  const J = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let e = 0; e < model.edgeW.length; e++) {
    const i = model.edgeI[e];
    const j = model.edgeJ[e];
    J[i][j] = model.edgeW[e];
    J[j][i] = model.edgeW[e];
  }
  const names = [...model.names];
  const showBias = options.showBias ?? true;
  const z = showBias ? J.map((row, i) => [model.h[i], ...row]) : J;
  const x = showBias ? ['h', ...names] : names;
  return heatmap({
    title: options.title ?? `Couplings J${showBias ? ' and biases h' : ''} (${n} spins)`,
    xTitle: options.xTitle ?? 'spin j',
    yTitle: options.yTitle ?? 'spin i',
    width: options.width,
    height: options.height,
    z,
    x,
    y: names,
    colorbarTitle: 'weight',
  });
}

// ---------------------------------------------------------------------------------------------------------
// Scatter, grouped bars, CDF

export interface ScatterSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Hover text per point. */
  text?: ArrayLike<string>;
  mode?: string;
}

export interface ScatterInput extends CommonOptions {
  series: readonly ScatterSeries[];
  /** Draw the y = x line (for measured-vs-expected plots). */
  diagonal?: boolean;
}

export function scatter(input: ScatterInput): PlotlyFigure {
  const data: PlotlyTrace[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  requireNonEmpty('series', input.series as ScatterSeries[]).forEach((s, k) => {
    const x = finiteArray(`series[${k}].x`, s.x);
    const y = finiteArray(`series[${k}].y`, s.y, x.length);
    for (const v of [...x, ...y]) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const t: PlotlyTrace = {
      type: 'scatter',
      name: s.name,
      x,
      y,
      mode: s.mode ?? 'markers',
      marker: { color: color(k), size: 8 },
    };
    if (s.text !== undefined) t.text = Array.from(s.text, String);
    data.push(t);
  });
  if (input.diagonal && Number.isFinite(lo)) {
    data.push({
      type: 'scatter',
      name: 'y = x',
      x: [lo, hi],
      y: [lo, hi],
      mode: 'lines',
      line: { color: '#7f7f7f', dash: 'dash' },
    });
  }
  return applyLogTicks({ data, layout: baseLayout(input, { title: '', xTitle: 'x', yTitle: 'y' }) });
}

export interface BarSeries {
  name: string;
  values: ArrayLike<number>;
  /** Symmetric error bar per bar. */
  errors?: ArrayLike<number>;
}

export interface GroupedBarsInput extends CommonOptions {
  categories: ArrayLike<string | number>;
  series: readonly BarSeries[];
  /** 'group' (default) or 'stack'. */
  barmode?: 'group' | 'stack';
  /** What the error bars span, shown on the figure (lib/viz/style errorBarText); required with `errors`. */
  errorBars?: string;
}

/** One bar per (category, series), grouped by category. A single series is a plain bar chart. */
export function groupedBars(input: GroupedBarsInput): PlotlyFigure {
  const categories = Array.from(requireNonEmpty('categories', Array.from(input.categories)), String);
  const data: PlotlyTrace[] = requireNonEmpty('series', input.series as BarSeries[]).map((s, k) => {
    const t: PlotlyTrace = {
      type: 'bar',
      name: s.name,
      x: categories,
      y: finiteArray(`series[${k}].values`, s.values, categories.length),
      marker: { color: color(k) },
    };
    if (s.errors !== undefined) {
      t.error_y = {
        type: 'data',
        array: finiteArray(`series[${k}].errors`, s.errors, categories.length),
        visible: true,
      };
    }
    return t;
  });
  const layout = baseLayout(input, { title: '', xTitle: 'category', yTitle: 'value' });
  layout.barmode = input.barmode ?? 'group';
  layout.xaxis.type = 'category';
  const fig = applyLogTicks({ data, layout });
  return input.errorBars ? stateErrorBars(fig, input.errorBars) : fig;
}

export interface DotPlotInput extends CommonOptions {
  categories: ArrayLike<string | number>;
  series: readonly BarSeries[];
  /** What the error bars span (lib/viz/style errorBarText); required with `errors`. */
  errorBars?: string;
  /** Print each value beside its marker with this many decimals (default: no labels). */
  labelDigits?: number;
}

/**
 * One marker per (category, series) with its error bar: for values whose differences matter far from zero
 * (e.g. accuracies of 97-99%), where bars would have to start at 0 and hide them. Set the y range with
 * `layout.yaxis.range` (lib/viz/style percentRange).
 */
export function dotPlot(input: DotPlotInput): PlotlyFigure {
  const categories = Array.from(requireNonEmpty('categories', Array.from(input.categories)), String);
  const data: PlotlyTrace[] = requireNonEmpty('series', input.series as BarSeries[]).map((s, k) => {
    const values = finiteArray(`series[${k}].values`, s.values, categories.length);
    const t: PlotlyTrace = {
      type: 'scatter',
      mode: input.labelDigits === undefined ? 'markers' : 'markers+text',
      name: s.name,
      x: categories,
      y: values,
      marker: { color: color(k), size: 10 },
    };
    if (input.labelDigits !== undefined) {
      t.text = values.map((v) => v.toFixed(input.labelDigits));
      t.textposition = 'middle right';
    }
    if (s.errors !== undefined) {
      t.error_y = {
        type: 'data',
        array: finiteArray(`series[${k}].errors`, s.errors, categories.length),
        visible: true,
        thickness: 1.5,
        width: 6,
      };
    }
    return t;
  });
  const layout = baseLayout(input, { title: '', xTitle: 'category', yTitle: 'value' });
  layout.xaxis.type = 'category';
  // Room on the right for the last marker's label.
  if (input.labelDigits !== undefined) layout.xaxis.range = [-0.5, categories.length - 0.2];
  const fig = { data, layout };
  return input.errorBars ? stateErrorBars(fig, input.errorBars) : fig;
}

export interface CdfSeries {
  name: string;
  /** Raw observations (e.g. convergence cycles per read); need not be sorted. */
  values: ArrayLike<number>;
}

/** Empirical CDFs F(v) = #{values <= v} / n as step lines, one per series. */
export function cdf(input: CommonOptions & { series: readonly CdfSeries[] }): PlotlyFigure {
  const data: PlotlyTrace[] = requireNonEmpty('series', input.series as CdfSeries[]).map((s, k) => {
    const v = finiteArray(`series[${k}].values`, s.values).sort((a, b) => a - b);
    if (v.length === 0) throw new InvlogicError(`series[${k}].values must be non-empty`, `series[${k}].values`);
    // Distinct values with the fraction at or below each; a leading point at F = 0 starts the staircase.
    const x: number[] = [v[0]];
    const y: number[] = [0];
    for (let i = 0; i < v.length; i++) {
      if (i + 1 < v.length && v[i + 1] === v[i]) continue;
      x.push(v[i]);
      y.push((i + 1) / v.length);
    }
    return { type: 'scatter', name: s.name, x, y, mode: 'lines', line: { shape: 'hv', color: color(k) } };
  });
  const layout = baseLayout(input, { title: 'Empirical CDF', xTitle: 'value', yTitle: 'fraction ≤ value' });
  layout.yaxis.range = [0, 1.02];
  return applyLogTicks({ data, layout });
}

/** A plain bar chart: one bar per category (groupedBars with a single series, no legend). */
export function bar(
  input: CommonOptions & {
    categories: ArrayLike<string | number>;
    values: ArrayLike<number>;
    errors?: ArrayLike<number>;
    name?: string;
  },
): PlotlyFigure {
  const fig = groupedBars({
    ...input,
    series: [{ name: input.name ?? input.yTitle ?? 'value', values: input.values, errors: input.errors }],
  });
  fig.layout.showlegend = false;
  return fig;
}

export interface HistogramInput extends CommonOptions {
  series: ReadonlyArray<{ name: string; values: ArrayLike<number> }>;
  /** Number of equal-width bins over the pooled range (default: Sturges, ceil(log2 n) + 1). */
  bins?: number;
  /** 'count' (default) or 'probability' (fraction of the series' values per bin). */
  normalize?: 'count' | 'probability';
}

/**
 * Histogram of raw values (e.g. cycles to solution) as bars over equal-width bins shared by all series, binned
 * here so the spec carries the numbers (and PNG export shows exactly what the CSV says).
 */
export function histogram(input: HistogramInput): PlotlyFigure {
  const series = requireNonEmpty('series', input.series as HistogramInput['series'][number][]).map((s, k) => {
    const v = finiteArray(`series[${k}].values`, s.values);
    if (v.length === 0) throw new InvlogicError(`series[${k}].values must be non-empty`, `series[${k}].values`);
    return { name: s.name, v };
  });
  const all = series.flatMap((s) => s.v);
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const nBins = input.bins ?? Math.ceil(Math.log2(all.length)) + 1;
  if (!Number.isInteger(nBins) || nBins < 1 || nBins > 10_000)
    throw new InvlogicError(`bins must be an integer in [1, 10000], got ${nBins}`, 'bins');
  const width = (hi - lo) / nBins;
  const centers = Array.from({ length: nBins }, (_, b) => lo + (b + 0.5) * width);
  const data: PlotlyTrace[] = series.map((s, k) => {
    const counts = new Array<number>(nBins).fill(0);
    for (const x of s.v) counts[Math.min(nBins - 1, Math.floor((x - lo) / width))]++;
    const y = input.normalize === 'probability' ? counts.map((c) => c / s.v.length) : counts;
    return {
      type: 'bar',
      name: s.name,
      x: centers,
      y,
      width: Array(nBins).fill(width),
      marker: { color: withAlpha(color(k), series.length > 1 ? 0.6 : 1) },
    };
  });
  const layout = baseLayout(input, {
    title: 'Histogram',
    xTitle: 'value',
    yTitle: input.normalize === 'probability' ? 'fraction' : 'count',
  });
  layout.barmode = 'overlay';
  return { data, layout };
}

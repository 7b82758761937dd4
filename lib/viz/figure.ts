/**
 * Plotly figure specs as plain JSON (`{ data, layout }`): what every builder in lib/viz returns, what `show()`
 * draws in a notebook and what lib/viz/export.ts writes as HTML/PNG/SVG. Only the attributes we use are typed;
 * the index signatures let callers add any other plotly attribute.
 */
import { InvlogicError } from '../errors';

export interface AxisTitle {
  text: string;
}

export interface PlotlyAxis {
  title: AxisTitle;
  type?: 'linear' | 'log' | 'category';
  range?: number[];
  [attr: string]: unknown;
}

export interface PlotlyTrace {
  type: string;
  name?: string;
  [attr: string]: unknown;
}

export interface PlotlyLayout {
  title: AxisTitle;
  xaxis: PlotlyAxis;
  yaxis: PlotlyAxis;
  width?: number;
  height?: number;
  [attr: string]: unknown;
}

export interface PlotlyFigure {
  data: PlotlyTrace[];
  layout: PlotlyLayout;
}

/** Options shared by every builder. */
export interface CommonOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** Pixels; also the default size of PNG/SVG export. */
  width?: number;
  height?: number;
  logX?: boolean;
  logY?: boolean;
}

/** plotly's default categorical palette (D3 category10), so notebooks and exports look alike. */
export const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

export function color(k: number): string {
  return PALETTE[((k % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

/** `#rrggbb` -> `rgba(r,g,b,alpha)`, for translucent error bands. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new InvlogicError(`color must be #rrggbb, got ${hex}`, 'color');
  return `rgba(${parseInt(m[1], 16)},${parseInt(m[2], 16)},${parseInt(m[3], 16)},${alpha})`;
}

export function baseLayout(
  options: CommonOptions,
  defaults: { title: string; xTitle: string; yTitle: string },
): PlotlyLayout {
  const layout: PlotlyLayout = {
    title: { text: options.title ?? defaults.title },
    xaxis: { title: { text: options.xTitle ?? defaults.xTitle }, automargin: true },
    yaxis: { title: { text: options.yTitle ?? defaults.yTitle }, automargin: true },
    template: 'plotly_white',
    plot_bgcolor: '#ffffff',
    paper_bgcolor: '#ffffff',
    font: { family: 'Helvetica, Arial, sans-serif', size: 13 },
    legend: { orientation: 'h', y: -0.2 },
    margin: { t: 60, r: 20, b: 60, l: 60 },
  };
  if (options.width !== undefined) layout.width = requirePositive('width', options.width);
  if (options.height !== undefined) layout.height = requirePositive('height', options.height);
  if (options.logX) layout.xaxis.type = 'log';
  if (options.logY) layout.yaxis.type = 'log';
  return layout;
}

function requirePositive(parameter: string, x: number): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) {
    throw new InvlogicError(`${parameter} must be a positive number of pixels, got ${String(x)}`, parameter);
  }
  return x;
}

/** Copies `values` into a plain array, throwing an InvlogicError naming `parameter[i]` on NaN/Infinity. */
export function finiteArray(parameter: string, values: ArrayLike<number>, length?: number): number[] {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new InvlogicError(`${parameter} must be an array of numbers`, parameter);
  }
  if (length !== undefined && values.length !== length) {
    throw new InvlogicError(`${parameter} must have length ${length}, got ${values.length}`, parameter);
  }
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new InvlogicError(`${parameter}[${i}] must be a finite number, got ${String(v)}`, `${parameter}[${i}]`);
    }
    out[i] = v;
  }
  return out;
}

/** x values may be numbers or category labels. */
export function axisValues(
  parameter: string,
  values: ArrayLike<number | string>,
  length?: number,
): Array<number | string> {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new InvlogicError(`${parameter} must be an array of numbers or strings`, parameter);
  }
  if (length !== undefined && values.length !== length) {
    throw new InvlogicError(`${parameter} must have length ${length}, got ${values.length}`, parameter);
  }
  const out = new Array<number | string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'string') out[i] = v;
    else if (typeof v === 'number' && Number.isFinite(v)) out[i] = v;
    else
      throw new InvlogicError(
        `${parameter}[${i}] must be a finite number or a string, got ${String(v)}`,
        `${parameter}[${i}]`,
      );
  }
  return out;
}

export function requireNonEmpty<T>(parameter: string, list: readonly T[] | undefined): readonly T[] {
  if (!Array.isArray(list) || list.length === 0) {
    throw new InvlogicError(`${parameter} must be a non-empty array`, parameter);
  }
  return list;
}

/**
 * Walks a figure and returns the paths of every non-finite number (NaN, +-Infinity) or null inside a numeric
 * array; an exported figure must have none (JSON.stringify would silently turn them into null).
 */
export function findNonFinite(fig: unknown, pathText = 'fig'): string[] {
  const bad: string[] = [];
  const walk = (v: unknown, p: string): void => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) bad.push(p);
    } else if (Array.isArray(v)) {
      const numeric = v.some((x) => typeof x === 'number');
      v.forEach((x, i) => {
        if (numeric && x === null) bad.push(`${p}[${i}]`);
        else walk(x, `${p}[${i}]`);
      });
    } else if (ArrayBuffer.isView(v)) {
      const a = v as unknown as ArrayLike<number>;
      for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) bad.push(`${p}[${i}]`);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, `${p}.${k}`);
    }
  };
  walk(fig, pathText);
  return bad;
}

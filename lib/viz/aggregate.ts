/**
 * Reduces repeated measurements (one row per seed) to mean and spread per x, per group: the input of
 * `lineWithBands`. Rows are plain objects such as those of lib/sweep `flattenRows` (config and result
 * fields side by side).
 */
import { InvlogicError, requireOneOf } from '../errors';

/**
 * How the band around the mean is drawn:
 * - `std`: mean +- sample standard deviation (n - 1);
 * - `sem`: mean +- standard error of the mean (std / sqrt(n));
 * - `ci95`: mean +- 1.96 sem (normal approximation; honest only for n of roughly 10 or more);
 * - `minmax`: the range of the seeds.
 */
export type Spread = 'std' | 'sem' | 'ci95' | 'minmax';
export const SPREADS: readonly Spread[] = ['std', 'sem', 'ci95', 'minmax'];

export interface SeriesPoint {
  x: number | string;
  mean: number;
  lower: number;
  upper: number;
  /** Number of rows (seeds) behind the point. */
  n: number;
}

export interface AggregatedSeries {
  name: string;
  x: Array<number | string>;
  y: number[];
  lower: number[];
  upper: number[];
  n: number[];
}

export interface AggregateOptions {
  /** Column giving the x coordinate. */
  x: string;
  /** Column giving the measured value. */
  y: string;
  /** Column whose distinct values become separate series (default: one series named after `y`). */
  group?: string;
  /** Default `std`. */
  spread?: Spread;
}

/** Mean and spread of `values` (n >= 1; a single value gives a zero-width band). */
export function meanAndSpread(
  values: readonly number[],
  spread: Spread,
): { mean: number; lower: number; upper: number } {
  const n = values.length;
  if (n === 0) throw new InvlogicError('meanAndSpread needs at least one value', 'values');
  let sum = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    sum += v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const mean = sum / n;
  if (spread === 'minmax') return { mean, lower: lo, upper: hi };
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  const std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const half = spread === 'std' ? std : spread === 'sem' ? std / Math.sqrt(n) : (1.96 * std) / Math.sqrt(n);
  return { mean, lower: mean - half, upper: mean + half };
}

/** Groups `rows` by (group, x) and returns one series per group, x sorted ascending (numbers) or by first appearance. */
export function aggregateSeries(
  rows: ReadonlyArray<Record<string, unknown>>,
  options: AggregateOptions,
): AggregatedSeries[] {
  const spread = requireOneOf('spread', options.spread ?? 'std', SPREADS);
  const groups = new Map<string, Map<string, { x: number | string; values: number[] }>>();
  rows.forEach((row, i) => {
    const x = row[options.x];
    const y = row[options.y];
    if (typeof x !== 'number' && typeof x !== 'string') {
      throw new InvlogicError(
        `rows[${i}].${options.x} must be a number or string, got ${String(x)}`,
        `rows[${i}].${options.x}`,
      );
    }
    if (typeof y !== 'number' || !Number.isFinite(y)) {
      throw new InvlogicError(
        `rows[${i}].${options.y} must be a finite number, got ${String(y)}`,
        `rows[${i}].${options.y}`,
      );
    }
    const g = options.group === undefined ? options.y : String(row[options.group]);
    let byX = groups.get(g);
    if (!byX) groups.set(g, (byX = new Map()));
    const key = `${typeof x}:${x}`;
    let cell = byX.get(key);
    if (!cell) byX.set(key, (cell = { x, values: [] }));
    cell.values.push(y);
  });
  const out: AggregatedSeries[] = [];
  for (const [name, byX] of groups) {
    const cells = [...byX.values()];
    if (cells.every((c) => typeof c.x === 'number')) cells.sort((a, b) => (a.x as number) - (b.x as number));
    const s: AggregatedSeries = {
      name: options.group === undefined ? name : `${options.group}=${name}`,
      x: [],
      y: [],
      lower: [],
      upper: [],
      n: [],
    };
    for (const c of cells) {
      const m = meanAndSpread(c.values, spread);
      s.x.push(c.x);
      s.y.push(m.mean);
      s.lower.push(m.lower);
      s.upper.push(m.upper);
      s.n.push(c.values.length);
    }
    out.push(s);
  }
  return out;
}

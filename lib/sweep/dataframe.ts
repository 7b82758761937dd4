/**
 * Results as tables: flat rows (config and result fields side by side) for lib/viz builders and CSV, and
 * danfojs DataFrames for grouping and summaries in notebooks.
 *
 *   const df = await loadDataFrame('results/and-occupancy.jsonl');
 *   df.groupby(['beta']).agg({ pValid: ['mean', 'std', 'count'] }).print();
 */
import { InvlogicError } from '../errors';
import { readResults } from './results';
import type { ResultRow } from './types';

export type Cell = number | string | boolean | null;
export type FlatRow = Record<string, Cell>;

function flattenInto(out: FlatRow, value: unknown, prefix: string): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flattenInto(out, v, prefix ? `${prefix}.${k}` : k);
  } else if (Array.isArray(value)) {
    // Lists (histograms, traces) stay one cell, as JSON text; parse it back where needed.
    out[prefix] = JSON.stringify(value);
  } else {
    out[prefix] = value as Cell;
  }
}

/**
 * One flat record per row: config fields (nested ones as 'schedule.to'), then result fields; a result field
 * whose name collides with a config field is renamed 'result.<name>'. Adds `key` and `timeS`. Arrays become
 * JSON text.
 */
export function flattenRow(row: ResultRow<object, object>): FlatRow {
  const config: FlatRow = {};
  flattenInto(config, row.config, '');
  const result: FlatRow = {};
  flattenInto(result, row.result, '');
  const out: FlatRow = { key: row.key, ...config };
  for (const [k, v] of Object.entries(result)) out[Object.hasOwn(out, k) || k === 'timeS' ? `result.${k}` : k] = v;
  out.timeS = row.timeS;
  return out;
}

export function flattenRows(rows: ReadonlyArray<ResultRow<object, object>>): FlatRow[] {
  return rows.map(flattenRow);
}

/** RFC 4180 CSV of flat rows; columns are the union of keys in first-seen order. */
export function toCsv(rows: ReadonlyArray<Record<string, unknown>>): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
    }
  }
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number' && !Number.isFinite(v)) throw new InvlogicError(`CSV cell is ${v}`, 'rows');
    const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.map(cell).join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

/** The danfojs DataFrame constructor's type (danfojs-node is loaded lazily: it is slow to import). */
export type DataFrame = import('danfojs-node').DataFrame;

/** A danfojs DataFrame of the rows (flattened, see flattenRow). */
export function toDataFrame(rows: ReadonlyArray<ResultRow<object, object>>): DataFrame {
  if (rows.length === 0) throw new InvlogicError('no result rows to put in a DataFrame', 'rows');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- heavy dependency, loaded on demand
  const dfd = require('danfojs-node') as typeof import('danfojs-node');
  return new dfd.DataFrame(flattenRows(rows));
}

/** Reads a results file (optionally one experiment's rows only) as a DataFrame. */
export function loadDataFrame(file: string, options: { experiment?: string } = {}): DataFrame {
  const { rows } = readResults(file);
  const selected = options.experiment === undefined ? rows : rows.filter((r) => r.experiment === options.experiment);
  if (selected.length === 0)
    throw new InvlogicError(`no result rows${options.experiment ? ` for ${options.experiment}` : ''} in ${file}`, file);
  return toDataFrame(selected);
}

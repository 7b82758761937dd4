/**
 * Tables for notebooks: rows (plain records) or a danfojs DataFrame rendered as one HTML table through tslab's
 * display, numbers formatted per column (one number of decimals per column, integers with thousands
 * separators, fractions as % when asked) and units in the headers. Replaces console.table / df.print(), whose
 * box-drawing output wraps and quotes numbers.
 *
 *   showTable(rows, { columns: ['method', { key: 'testMean', label: 'test acc.', format: 'percent' }] });
 */
import { InvlogicError } from '../errors';

export type CellValue = number | string | boolean | null | undefined;

/**
 * - `auto` (default): integers as integers, other numbers with the column's decimals (enough for 4
 *   significant digits of its smallest non-zero magnitude, at most 6);
 * - `int`: rounded, thousands separators;
 * - `percent`: a fraction shown as % (x100) with `digits` decimals (default 2);
 * - `fixed`: `digits` decimals (default 3);
 * - `sig`: `digits` significant digits (default 4), e.g. for values spanning decades;
 * - `text`: String(value);
 * - or a function of the value.
 */
export type ColumnFormat = 'auto' | 'int' | 'percent' | 'fixed' | 'sig' | 'text' | ((value: CellValue) => string);

export interface ColumnSpec {
  /** Field of the row (DataFrame: column name). */
  key: string;
  /** Header text (default: key). */
  label?: string;
  /** Shown in the header as 'label (unit)'; `percent` columns default to '%'. */
  unit?: string;
  format?: ColumnFormat;
  digits?: number;
}

export interface TableOptions {
  /** Columns to show, in order (default: every field, first-seen order). */
  columns?: ReadonlyArray<string | ColumnSpec>;
  /** Line above the table (e.g. what the rows are, where they came from). */
  caption?: string;
  /** Rows shown at most (default 200); the rest are counted in a last line. */
  maxRows?: number;
}

/** The parts of a danfojs DataFrame that a table needs. */
interface FrameLike {
  columns: string[];
  /** Rows of cells (a one-column frame may give plain values). */
  values: readonly unknown[];
}

function isFrame(x: unknown): x is FrameLike {
  return (
    x !== null &&
    typeof x === 'object' &&
    !Array.isArray(x) &&
    Array.isArray((x as FrameLike).columns) &&
    Array.isArray((x as FrameLike).values)
  );
}

/** Rows of a DataFrame (or the rows themselves). */
export function tableRows(
  data: ReadonlyArray<Record<string, unknown>> | FrameLike,
): ReadonlyArray<Record<string, unknown>> {
  if (isFrame(data)) {
    return data.values.map((r) => {
      const cells = Array.isArray(r) ? r : [r];
      return Object.fromEntries(data.columns.map((c, j) => [c, cells[j]]));
    });
  }
  if (!Array.isArray(data)) throw new InvlogicError('table data must be an array of rows or a DataFrame', 'data');
  return data;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const NUMERIC_TEXT = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** A number, or a string that is one number ('0.9863'), as a number; anything else unchanged. */
function asNumber(v: unknown): unknown {
  return typeof v === 'string' && NUMERIC_TEXT.test(v.trim()) ? Number(v) : v;
}

/** Decimals that show `sig` significant digits of the smallest non-zero magnitude in `values`, capped at 6. */
export function columnDecimals(values: readonly number[], sig = 4): number {
  const finite = values.filter((v) => Number.isFinite(v) && v !== 0).map(Math.abs);
  if (finite.length === 0 || finite.every(Number.isInteger)) return 0;
  const smallest = Math.min(...finite);
  const lead = Math.floor(Math.log10(smallest));
  return Math.max(0, Math.min(6, sig - 1 - lead));
}

function formatter(spec: ColumnSpec, values: readonly unknown[]): (v: unknown) => string {
  const format = spec.format ?? 'auto';
  if (typeof format === 'function') return (v) => format(v as CellValue);
  const numbers = values.map(asNumber).filter((v): v is number => typeof v === 'number');
  const num = (f: (x: number) => string) => (v: unknown) => {
    const x = asNumber(v);
    if (x === null || x === undefined || x === '') return '';
    if (typeof x !== 'number') return String(x);
    if (!Number.isFinite(x)) return String(x);
    return f(x);
  };
  switch (format) {
    case 'text':
      return (v) => (v === null || v === undefined ? '' : String(v));
    case 'int':
      return num((x) => Math.round(x).toLocaleString('en-US'));
    case 'percent': {
      const d = spec.digits ?? 2;
      return num((x) => (100 * x).toFixed(d));
    }
    case 'fixed': {
      const d = spec.digits ?? 3;
      return num((x) => x.toFixed(d));
    }
    case 'sig': {
      const d = spec.digits ?? 4;
      return num((x) =>
        x === 0 ? '0' : Number(x.toPrecision(d)).toLocaleString('en-US', { maximumFractionDigits: 12 }),
      );
    }
    case 'auto': {
      const d = spec.digits ?? columnDecimals(numbers);
      const allInt = numbers.every(Number.isInteger);
      return num((x) =>
        allInt && spec.digits === undefined
          ? x.toLocaleString('en-US')
          : x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }),
      );
    }
    default:
      throw new InvlogicError(
        `column ${spec.key}: format must be auto, int, percent, fixed, sig, text or a function, got ${String(format)}`,
        'format',
      );
  }
}

function columnSpecs(rows: ReadonlyArray<Record<string, unknown>>, columns: TableOptions['columns']): ColumnSpec[] {
  if (columns !== undefined) return columns.map((c) => (typeof c === 'string' ? { key: c } : c));
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of rows)
    for (const k of Object.keys(r))
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
  return keys.map((key) => ({ key }));
}

/** Header text of a column: label, then '(unit)' when there is one. */
export function columnHeader(spec: ColumnSpec): string {
  const unit = spec.unit ?? (spec.format === 'percent' ? '%' : undefined);
  return unit ? `${spec.label ?? spec.key} (${unit})` : (spec.label ?? spec.key);
}

const STYLE =
  '<style>table.invlogic-table{border-collapse:collapse;font:13px/1.35 Helvetica,Arial,sans-serif;margin:4px 0}' +
  'table.invlogic-table th,table.invlogic-table td{padding:3px 9px;border-bottom:1px solid #e3e3e3;white-space:nowrap}' +
  'table.invlogic-table th{background:#f5f5f5;border-bottom:2px solid #bbb;text-align:center}' +
  'table.invlogic-table td.num{text-align:right;font-variant-numeric:tabular-nums}' +
  'table.invlogic-table td.txt{text-align:left}table.invlogic-table tr:nth-child(even) td{background:#fafafa}' +
  'table.invlogic-table caption{caption-side:top;text-align:left;color:#444;padding:2px 0 4px}</style>';

/** The HTML of a table of `data` (rows or a DataFrame); see TableOptions and ColumnFormat. */
export function tableHtml(
  data: ReadonlyArray<Record<string, unknown>> | FrameLike,
  options: TableOptions = {},
): string {
  const rows = tableRows(data);
  const specs = columnSpecs(rows, options.columns);
  if (specs.length === 0) throw new InvlogicError('table has no columns', 'columns');
  const maxRows = options.maxRows ?? 200;
  if (!Number.isInteger(maxRows) || maxRows < 1)
    throw new InvlogicError(`maxRows must be a positive integer, got ${String(maxRows)}`, 'maxRows');
  const shown = rows.slice(0, maxRows);
  const columns = specs.map((spec) => {
    const values = rows.map((r) => r[spec.key]);
    const numeric =
      spec.format !== 'text' &&
      values.some((v) => typeof asNumber(v) === 'number') &&
      values.every((v) => v === null || v === undefined || v === '' || typeof asNumber(v) === 'number');
    return { spec, numeric, format: formatter(spec, values) };
  });
  const head = columns.map((c) => `<th>${escapeHtml(columnHeader(c.spec))}</th>`).join('');
  const body = shown
    .map(
      (r) =>
        '<tr>' +
        columns
          .map((c) => `<td class="${c.numeric ? 'num' : 'txt'}">${escapeHtml(c.format(r[c.spec.key]))}</td>`)
          .join('') +
        '</tr>',
    )
    .join('');
  const more =
    rows.length > shown.length
      ? `<tr><td class="txt" colspan="${columns.length}">… ${rows.length - shown.length} more row(s)</td></tr>`
      : '';
  const caption = options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : '';
  return `${STYLE}<table class="invlogic-table">${caption}<thead><tr>${head}</tr></thead><tbody>${body}${more}</tbody></table>`;
}

/** Displays a table in a tslab notebook (throws a clear error outside one). */
export function showTable(data: ReadonlyArray<Record<string, unknown>> | FrameLike, options: TableOptions = {}): void {
  let tslab: { display: { html(s: string): void } };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- tslab exists only inside the kernel
    tslab = require('tslab') as typeof tslab;
  } catch (_err) {
    throw new Error('showTable() needs the tslab kernel; outside a notebook use tableHtml()');
  }
  tslab.display.html(tableHtml(data, options));
}

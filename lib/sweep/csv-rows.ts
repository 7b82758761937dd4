/**
 * Result rows back from the flat CSV that `npm run paper` commits (`figures/data/<experiment>.csv`, written by
 * `toCsv(flattenRows(rows))` without `timeS`): the inverse of `flattenRow`, so that figures and tables can be
 * regenerated from the committed data without running a point (`npm run paper -- --figures-only`).
 *
 * Config columns are the dot paths of the experiment's defaults (typed by the default's type); every other
 * column is a result field (`result.<name>` is the field `name` that collided with a config field). An empty
 * cell is a missing field; JSON text of a list is parsed back; numeric text is a number. Each reconstructed
 * config must hash to the row's stored key, which proves the config side exact; the result side is checked by
 * regenerating the tables and comparing them with the committed ones.
 */
import { InvlogicError } from '../errors';
import { configKey, type Json } from './canonical';
import { listPaths } from './plan';
import type { Experiment, ResultRow } from './types';

/** RFC 4180 records (quoted fields may hold commas, quotes as "" and newlines). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw new InvlogicError('CSV ends inside a quoted field', 'csv');
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

function getPath(obj: Record<string, unknown>, p: string): unknown {
  let v: unknown = obj;
  for (const k of p.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

function setIn(obj: Record<string, unknown>, p: string, value: unknown): void {
  const parts = p.split('.');
  let o = obj;
  for (const k of parts.slice(0, -1)) {
    if (o[k] === undefined || o[k] === null || typeof o[k] !== 'object') o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[parts[parts.length - 1]] = value;
}

const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** A result cell: list JSON, boolean, number or string (as flattenRow wrote it). */
function inferCell(text: string): Json {
  if (text.startsWith('[')) {
    try {
      return JSON.parse(text) as Json;
    } catch (_err) {
      return text;
    }
  }
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (NUMBER.test(text)) return Number(text);
  return text;
}

/** A config cell, typed by the experiment's default for that path. */
function configCell(text: string, example: unknown, column: string): Json {
  if (typeof example === 'string') return text;
  if (text === '') return null;
  if (typeof example === 'number') {
    const x = Number(text);
    if (!Number.isFinite(x)) throw new InvlogicError(`column ${column}: expected a number, got '${text}'`, column);
    return x;
  }
  if (typeof example === 'boolean') return text === 'true';
  return inferCell(text);
}

/**
 * Rows of `experiment` from the text of its flat CSV, in file order. Throws naming the line when a config does
 * not hash to its stored key (a CSV of another version, or a column that cannot be read back).
 */
export function rowsFromCsv<C extends object, R extends object>(
  experiment: Experiment<C, R>,
  text: string,
  file = 'csv',
): ResultRow<C, R>[] {
  const records = parseCsv(text).filter((r) => !(r.length === 1 && r[0] === ''));
  if (records.length === 0) throw new InvlogicError(`${file} is empty`, file);
  const [header, ...body] = records;
  if (header[0] !== 'key') throw new InvlogicError(`${file}: first column must be 'key', got '${header[0]}'`, file);
  const configPaths = new Set(listPaths(experiment.defaults as object));
  return body.map((cells, i) => {
    if (cells.length !== header.length) {
      throw new InvlogicError(
        `${file} line ${i + 2}: ${cells.length} cells for ${header.length} columns`,
        `${file}:${i + 2}`,
      );
    }
    const config: Record<string, unknown> = {};
    const result: Record<string, unknown> = {};
    header.forEach((column, j) => {
      if (j === 0 || column === 'timeS') return;
      const text = cells[j];
      if (configPaths.has(column)) {
        setIn(
          config,
          column,
          configCell(text, getPath(experiment.defaults as Record<string, unknown>, column), column),
        );
      } else if (text !== '') {
        const name = column.startsWith('result.') && configPaths.has(column.slice(7)) ? column.slice(7) : column;
        setIn(result, name, inferCell(text));
      }
    });
    const key = cells[0];
    if (configKey(experiment.name, experiment.version, config as Json) !== key) {
      throw new InvlogicError(
        `${file} line ${i + 2}: the config read back does not hash to its key ${key} (another version of ${experiment.name}, or an unreadable column)`,
        `${file}:${i + 2}`,
      );
    }
    return {
      key,
      experiment: experiment.name,
      version: experiment.version,
      config: config as C,
      result: result as R,
      timeS: 0,
      finishedAt: '',
    };
  });
}

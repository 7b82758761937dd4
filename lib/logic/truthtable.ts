/**
 * Truth tables as the contract between logic and Ising models (paper brief §2.1): a table lists the VALID
 * assignments of its wires, one row per assignment, inputs first then outputs, each entry 0/1. A gate or
 * circuit is "invertible" when the ground states of its Hamiltonian, projected on these wires, are exactly
 * the rows.
 *
 * JSON form (the `invlogic compile` / `invlogic verify` input):
 *   {"inputs": ["A", "B"], "outputs": ["Y"], "rows": [[0,0,0],[0,1,0],[1,0,0],[1,1,1]]}
 */
import { InvlogicError, describeValue } from '../errors';

export interface TruthTable {
  inputs: string[];
  outputs: string[];
  /** Each row: one valid assignment of [...inputs, ...outputs], entries 0 or 1. */
  rows: number[][];
}

/** Largest number of wires a truth table may have (2^wires candidate rows are examined everywhere). */
export const MAX_TABLE_WIRES = 16;

const TABLE_KEYS = ['inputs', 'outputs', 'rows'];

/** All wires of a table, inputs first. */
export function tableWires(table: TruthTable): string[] {
  return [...table.inputs, ...table.outputs];
}

/** Row (bits, inputs first) -> integer with bit k = wire k. */
export function rowKey(row: ArrayLike<number>): number {
  let key = 0;
  for (let k = 0; k < row.length; k++) if (row[k]) key += 2 ** k;
  return key;
}

/**
 * Validates an untrusted value as a truth table and returns a normalised copy. Every problem is an
 * InvlogicError naming it: missing/unknown keys, a wire named twice, too many wires, no rows, a row of the
 * wrong length, an entry that is not 0/1, a duplicate row.
 */
export function parseTruthTable(obj: unknown, source = 'truth table', maxWires = MAX_TABLE_WIRES): TruthTable {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new InvlogicError(
      `${source}: expected a JSON object {"inputs": [...], "outputs": [...], "rows": [[0,1,...], ...]}, got ${describeValue(obj)}`,
      source,
    );
  }
  const o = obj as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!TABLE_KEYS.includes(key)) {
      throw new InvlogicError(`${source}: unknown key "${key}"; allowed keys: ${TABLE_KEYS.join(', ')}`, key);
    }
  }
  const names = (key: 'inputs' | 'outputs'): string[] => {
    const v = o[key];
    if (v === undefined && key === 'outputs') return [];
    if (!Array.isArray(v))
      throw new InvlogicError(`${source}: "${key}" must be an array of wire names, got ${describeValue(v)}`, key);
    v.forEach((s, i) => {
      if (typeof s !== 'string' || s.length === 0) {
        throw new InvlogicError(
          `${source}: ${key}[${i}] must be a non-empty string, got ${describeValue(s)}`,
          `${key}[${i}]`,
        );
      }
    });
    return [...(v as string[])];
  };
  const inputs = names('inputs');
  const outputs = names('outputs');
  const wires = [...inputs, ...outputs];
  if (wires.length === 0)
    throw new InvlogicError(`${source}: the table has no wires (inputs and outputs are empty)`, 'inputs');
  const seen = new Set<string>();
  for (const w of wires) {
    if (seen.has(w)) throw new InvlogicError(`${source}: wire "${w}" is named twice`, w);
    seen.add(w);
  }
  if (wires.length > maxWires) {
    throw new InvlogicError(`${source}: too many wires (${wires.length}); at most ${maxWires} are supported`, 'inputs');
  }
  if (!Array.isArray(o.rows))
    throw new InvlogicError(`${source}: "rows" must be an array of 0/1 rows, got ${describeValue(o.rows)}`, 'rows');
  if (o.rows.length === 0)
    throw new InvlogicError(`${source}: "rows" is empty; a table needs at least one valid row`, 'rows');
  const rows: number[][] = [];
  const rowIndex = new Map<number, number>();
  (o.rows as unknown[]).forEach((r, i) => {
    if (!Array.isArray(r) || r.length !== wires.length) {
      throw new InvlogicError(
        `${source}: rows[${i}] must have ${wires.length} entries (${wires.join(', ')}), got ${Array.isArray(r) ? r.length : describeValue(r)}`,
        `rows[${i}]`,
      );
    }
    r.forEach((b, k) => {
      if (b !== 0 && b !== 1) {
        throw new InvlogicError(
          `${source}: rows[${i}][${k}] (wire ${wires[k]}) must be 0 or 1, got ${describeValue(b)}`,
          `rows[${i}][${k}]`,
        );
      }
    });
    const key = rowKey(r as number[]);
    const prev = rowIndex.get(key);
    if (prev !== undefined)
      throw new InvlogicError(`${source}: rows[${i}] duplicates rows[${prev}] (${r.join('')})`, `rows[${i}]`);
    rowIndex.set(key, i);
    rows.push([...(r as number[])]);
  });
  return { inputs, outputs, rows };
}

/**
 * The truth table of a function of `inputs.length` bits: one row per input assignment (input 0 = least
 * significant bit of the row counter), outputs computed by `fn`.
 */
export function functionTable(inputs: string[], outputs: string[], fn: (bits: number[]) => number[]): TruthTable {
  const rows: number[][] = [];
  for (let s = 0; s < 2 ** inputs.length; s++) {
    const bits = inputs.map((_, k) => Math.floor(s / 2 ** k) & 1);
    const out = fn(bits);
    if (out.length !== outputs.length)
      throw new Error(`functionTable: fn returned ${out.length} outputs, expected ${outputs.length}`);
    rows.push([...bits, ...out.map((b) => (b ? 1 : 0))]);
  }
  return { inputs, outputs, rows };
}

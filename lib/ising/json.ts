/**
 * Ising JSON I/O, format "invlogic-ising/1":
 *   {"format": "invlogic-ising/1", "n": N, "names": [...], "h": [...], "J": [[i, j, w], ...],
 *    "clamp": {"name": 1 | -1}, "meta": {...}}
 * J lists each pair once with i < j; energy E(m) = -(sum h_i m_i + sum_{i<j} J_ij m_i m_j).
 * As an alternative to "J", "Jdense" may give the full n x n matrix, which must be symmetric with a zero
 * diagonal (an asymmetric matrix is rejected, naming the first offending entry).
 */
import { InvlogicError, describeValue } from '../errors';
import { clampRecord } from './clamp';
import { IsingModel, Spin } from './model';

export const ISING_FORMAT = 'invlogic-ising/1';

export interface IsingJson {
  format: typeof ISING_FORMAT;
  n: number;
  names: string[];
  h: number[];
  J: [number, number, number][];
  clamp?: Record<string, Spin>;
  meta?: Record<string, unknown>;
}

const KNOWN_KEYS = ['format', 'n', 'names', 'h', 'J', 'Jdense', 'clamp', 'meta'];

export function modelToJson(model: IsingModel, meta?: Record<string, unknown>): IsingJson {
  const out: IsingJson = {
    format: ISING_FORMAT,
    n: model.n,
    names: [...model.names],
    h: Array.from(model.h),
    J: model.edgeTriples(),
  };
  if (model.clamp.size > 0) out.clamp = clampRecord(model);
  if (meta) out.meta = meta;
  return out;
}

export function modelFromJson(obj: unknown, source = 'model'): IsingModel {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new InvlogicError(
      `${source}: expected a JSON object in format ${ISING_FORMAT}, got ${describeValue(obj)}`,
      source,
    );
  }
  const o = obj as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KNOWN_KEYS.includes(key)) {
      throw new InvlogicError(`${source}: unknown key "${key}"; allowed keys: ${KNOWN_KEYS.join(', ')}`, key);
    }
  }
  if (o.format !== ISING_FORMAT) {
    throw new InvlogicError(`${source}: "format" must be "${ISING_FORMAT}", got ${JSON.stringify(o.format)}`, 'format');
  }
  if (!Array.isArray(o.names)) throw new InvlogicError(`${source}: "names" must be an array of strings, got ${describeValue(o.names)}`, 'names');
  const names = o.names as string[];
  if (!Number.isInteger(o.n) || (o.n as number) !== names.length) {
    throw new InvlogicError(`${source}: "n" must equal the number of names (${names.length}), got ${describeValue(o.n)}`, 'n');
  }
  if (!Array.isArray(o.h)) throw new InvlogicError(
      `${source}: "h" must be an array of ${names.length} numbers, got ${describeValue(o.h)}`,
      'h',
    );
  let edges: [number, number, number][];
  if (o.J !== undefined && o.Jdense !== undefined) {
    throw new InvlogicError(`${source}: give either "J" or "Jdense", not both`, 'J');
  }
  if (o.Jdense !== undefined) {
    edges = denseToEdges(o.Jdense, names.length);
  } else {
    if (!Array.isArray(o.J)) throw new InvlogicError(
        `${source}: "J" must be an array of [i, j, w] with i < j, got ${describeValue(o.J)}`,
        'J',
      );
    (o.J as unknown[]).forEach((e, k) => {
      if (!Array.isArray(e) || e.length !== 3) throw new InvlogicError(`${source}: J[${k}] must be [i, j, w], got ${describeValue(e)}`, `J[${k}]`);
      if (typeof e[0] === 'number' && typeof e[1] === 'number' && e[0] >= e[1] && e[0] !== e[1]) {
        throw new InvlogicError(`${source}: J[${k}] = [${e[0]}, ${e[1]}, ...] must have i < j (each pair once)`, `J[${k}]`);
      }
    });
    edges = o.J as [number, number, number][];
  }
  let clamp: Record<string, number> | undefined;
  if (o.clamp !== undefined) {
    if (o.clamp === null || typeof o.clamp !== 'object' || Array.isArray(o.clamp)) {
      throw new InvlogicError(
        `${source}: "clamp" must be an object {name: 1 | -1}, got ${describeValue(o.clamp)}`,
        'clamp',
      );
    }
    clamp = o.clamp as Record<string, number>;
  }
  try {
    return new IsingModel(names, o.h as number[], edges, clamp);
  } catch (err) {
    // Name the file too: the model's own message names only the field.
    if (err instanceof InvlogicError) throw new InvlogicError(`${source}: ${err.message}`, err.parameter);
    throw err;
  }
}

function denseToEdges(dense: unknown, n: number): [number, number, number][] {
  if (!Array.isArray(dense) || dense.length !== n) throw new InvlogicError(`"Jdense" must be an ${n} x ${n} matrix, got ${describeValue(dense)}`, 'Jdense');
  const edges: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    const row = dense[i];
    if (!Array.isArray(row) || row.length !== n) {
      throw new InvlogicError(`"Jdense" row ${i} must have ${n} entries`, `Jdense[${i}]`);
    }
    for (let j = 0; j < n; j++) {
      const v = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new InvlogicError(`"Jdense"[${i}][${j}] must be a finite number, got ${describeValue(v)}`, `Jdense[${i}][${j}]`);
      }
    }
  }
  for (let i = 0; i < n; i++) {
    if (dense[i][i] !== 0) throw new InvlogicError(`"Jdense"[${i}][${i}] = ${dense[i][i]}: the diagonal must be 0`, `Jdense[${i}][${i}]`);
    for (let j = i + 1; j < n; j++) {
      if (dense[i][j] !== dense[j][i]) {
        throw new InvlogicError(
          `"Jdense" is asymmetric: [${i}][${j}] = ${dense[i][j]} but [${j}][${i}] = ${dense[j][i]}`,
          `Jdense[${i}][${j}]`,
        );
      }
      if (dense[i][j] !== 0) edges.push([i, j, dense[i][j]]);
    }
  }
  return edges;
}

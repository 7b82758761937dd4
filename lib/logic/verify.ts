/**
 * Exact verification of an invertible-logic model against a truth table (paper brief §2.1, §7 validation
 * item 1): enumerate all states of the free spins (lib/ising enumerate), project the ground states on the
 * table's wires, and compare with the table's rows. Clamped spins keep their clamped value, so a clamped
 * model is checked against the rows consistent with the clamp (pass the filtered table).
 */
import { InvlogicError } from '../errors';
import { enumerate, IsingModel } from '../ising';
import { Circuit } from './circuit';
import { parseTruthTable, rowKey, tableWires, TruthTable } from './truthtable';

export interface VerifyOptions {
  /** Largest number of free spins to enumerate (default 24). */
  maxFreeSpins?: number;
  /** Energy comparison tolerance (default 1e-9). */
  tolerance?: number;
  /** Progress over both passes (enumeration, then projection): called with (done, total) now and then. */
  onProgress?: (done: number, total: number) => void;
}

export interface VerifyResult {
  /** True iff the ground states projected on the table's wires are exactly the table's rows. */
  ok: boolean;
  /** Energy of the first excited state above the ground energy (any state, aux included). */
  gap: number;
  /**
   * Lowest energy of a state whose projection is NOT a valid row, minus the ground energy: the energy
   * penalty of a logic error (>= gap). Infinity if every projection is a valid row.
   */
  logicalGap: number;
  groundEnergy: number;
  numGroundStates: number;
  numFreeSpins: number;
  numRows: number;
  /** Distinct projections of the ground states on the table's wires. */
  numProjectedRows: number;
  /** Numbers of missing and extra rows (the lists below hold at most 16 of each). */
  numMissingRows: number;
  numExtraRows: number;
  /** Table rows with no ground state. */
  missingRows: number[][];
  /** Projected ground states that are not table rows. */
  extraRows: number[][];
  /** The first problem found, as wire -> bit, or undefined when ok. */
  firstMismatch?: { kind: 'missing' | 'extra'; row: Record<string, number> };
}

/**
 * Verifies `target` (a model or a circuit) against `table` by exact enumeration. Every wire of the table must
 * be a spin of the model.
 */
export function verify(target: IsingModel | Circuit, table: TruthTable, options: VerifyOptions = {}): VerifyResult {
  const model = target instanceof Circuit ? target.toModel() : target;
  const tt = parseTruthTable(table, 'truth table', 30);
  const wires = tableWires(tt);
  const wireIdx = wires.map((w) => {
    if (!model.has(w)) throw new InvlogicError(`truth table wire "${w}" is not a spin of the model`, w);
    return model.indexOf(w);
  });
  const tol = options.tolerance ?? 1e-9;
  const onProgress = options.onProgress;
  const en = enumerate(model, {
    maxFreeSpins: options.maxFreeSpins ?? 24,
    maxGroundStates: 1,
    tolerance: tol,
    onProgress: onProgress && ((done, total) => onProgress(done, 2 * total)),
  });
  const f = en.free.length;
  // For each table wire: its free-bit position, or its clamped bit.
  const freePos = new Map<number, number>();
  en.free.forEach((full, k) => freePos.set(full, k));
  const pos = wireIdx.map((i) => freePos.get(i) ?? -1);
  const fixedKey = wireIdx.reduce(
    (acc, i, k) => (freePos.has(i) ? acc : acc + (model.clamp.get(i)! > 0 ? 2 ** k : 0)),
    0,
  );
  const valid = new Set(tt.rows.map(rowKey));
  const projected = new Set<number>();
  let logicalMin = Infinity;
  const count = 2 ** f;
  for (let s = 0; s < count; s++) {
    if (onProgress && (s & 0xfffff) === 0xfffff) onProgress(count + s + 1, 2 * count);
    let key = fixedKey;
    for (let k = 0; k < pos.length; k++) if (pos[k] >= 0 && (s >>> pos[k]) & 1) key += 2 ** k;
    const e = en.energies[s];
    if (e <= en.groundEnergy + tol) projected.add(key);
    else if (!valid.has(key) && e < logicalMin) logicalMin = e;
  }
  const toRow = (key: number): number[] => wires.map((_, k) => Math.floor(key / 2 ** k) % 2);
  const extra = [...projected].filter((k) => !valid.has(k)).sort((a, b) => a - b);
  const missing = tt.rows.filter((r) => !projected.has(rowKey(r)));
  if (extra.length > 0) logicalMin = en.groundEnergy;
  const result: VerifyResult = {
    ok: extra.length === 0 && missing.length === 0,
    gap: en.gap,
    logicalGap: logicalMin - en.groundEnergy,
    groundEnergy: en.groundEnergy,
    numGroundStates: en.numGroundStates,
    numFreeSpins: f,
    numRows: tt.rows.length,
    numProjectedRows: projected.size,
    numMissingRows: missing.length,
    numExtraRows: extra.length,
    missingRows: missing.slice(0, 16),
    extraRows: extra.slice(0, 16).map(toRow),
  };
  const asRecord = (row: number[]): Record<string, number> => Object.fromEntries(wires.map((w, k) => [w, row[k]]));
  if (extra.length > 0) result.firstMismatch = { kind: 'extra', row: asRecord(toRow(extra[0])) };
  else if (missing.length > 0) result.firstMismatch = { kind: 'missing', row: asRecord(missing[0]) };
  return result;
}

/** Rows of `table` consistent with fixed wire values (wire -> bit); for verifying a clamped model. */
export function restrictTable(table: TruthTable, fixed: Readonly<Record<string, number>>): TruthTable {
  const wires = tableWires(table);
  const checks = Object.entries(fixed).map(([w, b]) => {
    const k = wires.indexOf(w);
    if (k < 0) throw new InvlogicError(`restrictTable: "${w}" is not a wire of the table`, w);
    return [k, b] as const;
  });
  return {
    inputs: [...table.inputs],
    outputs: [...table.outputs],
    rows: table.rows.filter((r) => checks.every(([k, b]) => r[k] === b)),
  };
}

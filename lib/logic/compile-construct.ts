/**
 * Constructive fallback of the truth-table compiler (lib/logic/compile.ts): an integer Hamiltonian for ANY
 * non-empty table, built without search, and its exact verification.
 *
 * Construction ("one aux spin per cube of a disjoint cube cover of the valid rows"): a cube C fixes the
 * wires i in C to values c_i (the other wires are free) and is used only if every row it contains is valid.
 * The valid rows are covered greedily by disjoint cubes, largest first. For a cube with d = |C| fixed wires
 * and aux spin t, the term
 *
 *     E_C(s, t) = (1 + t) (d - 2 - sum_{i in C} c_i s_i)         (constant d - 2 dropped in h, J)
 *
 * is 0 for t = -1, and for t = +1 equals 2 (d - 2 - sum c_i s_i) = 4 (mismatches - 1): -4 on the cube's own
 * rows, 0 one mismatch away, positive further. Minimising over t: every valid row (in exactly one cube) has
 * energy -4, every invalid row 0. So the ground states projected on the wires are exactly the valid rows and
 * the logical gap is 4. It is the degree-n "reward" term -prod(literals) reduced with one aux spin
 * (Freedman-Drineas / Ishikawa reduction of a negative monomial), applied to implicants instead of rows.
 * Coefficients: h_t = 2 - d, J_it = c_i, h_i = sum over cubes of c_i (can grow with the number of cubes).
 *
 * Verification: aux spins only couple to wires, so for a wire state s the energy is minimised over each aux
 * spin independently (min over t of -t * field = -|field|): exact, in 2^wires * numAux steps, whatever the
 * number of aux spins. This is NOT a minimal Hamiltonian; the compiler flags it as such.
 */
import { IsingModel } from '../ising';
import { rowKey, tableWires, TruthTable } from './truthtable';
import { VerifyResult } from './verify';

export interface CubeCover {
  /** One entry per cube: fixed wire indices and their spin values (±1). */
  cubes: { wires: number[]; values: number[] }[];
}

/** Greedy disjoint cover of the valid rows (keys, bit i = wire i) by cubes inside the valid set, largest first. */
export function cubeCover(numWires: number, valid: Set<number>): CubeCover {
  const full = 2 ** numWires;
  const covered = new Uint8Array(full);
  const cubes: CubeCover['cubes'] = [];
  // Free-wire masks by decreasing number of free wires.
  const masks = Array.from({ length: full }, (_, m) => m).sort((a, b) => popcount(b) - popcount(a) || a - b);
  for (const free of masks) {
    const fixedMask = (full - 1) & ~free;
    // Enumerate the fixed values: every key with bits only in fixedMask.
    for (let v = fixedMask; ; v = (v - 1) & fixedMask) {
      const base = v;
      let ok = true;
      for (let f = free; ; f = (f - 1) & free) {
        const key = base | f;
        if (covered[key] || !valid.has(key)) {
          ok = false;
          break;
        }
        if (f === 0) break;
      }
      if (ok) {
        for (let f = free; ; f = (f - 1) & free) {
          covered[base | f] = 1;
          if (f === 0) break;
        }
        const wires: number[] = [];
        const values: number[] = [];
        for (let i = 0; i < numWires; i++)
          if ((fixedMask >>> i) & 1) {
            wires.push(i);
            values.push((base >>> i) & 1 ? 1 : -1);
          }
        cubes.push({ wires, values });
      }
      if (v === 0) break;
    }
  }
  return { cubes };
}

function popcount(x: number): number {
  let c = 0;
  for (let y = x; y; y &= y - 1) c++;
  return c;
}

/** h (wires then one aux per cube) and J of the cube-cover Hamiltonian. */
export function cubeHamiltonian(numWires: number, cover: CubeCover): { h: number[]; J: [number, number, number][] } {
  const h = new Array<number>(numWires + cover.cubes.length).fill(0);
  const J: [number, number, number][] = [];
  cover.cubes.forEach((c, k) => {
    const t = numWires + k;
    h[t] = 2 - c.wires.length;
    c.wires.forEach((i, m) => {
      h[i] += c.values[m];
      J.push([i, t, c.values[m]]);
    });
  });
  return { h: h.map((x) => x + 0), J };
}

/**
 * Exact verification of a model whose spins beyond the first `numWires` (the aux spins) have no couplings
 * among themselves: per wire state, each aux spin is minimised on its own. Same fields as lib/logic verify().
 */
export function verifyWireAuxBipartite(model: IsingModel, numWires: number, table: TruthTable): VerifyResult {
  const n = model.n;
  const k = n - numWires;
  const wires = tableWires(table);
  const h = new Float64Array(n);
  for (let i = 0; i < n; i++) h[i] = model.h[i];
  // Wire-wire couplings and wire-aux couplings (aux-aux must be absent).
  const ww: [number, number, number][] = [];
  const wa: number[][] = Array.from({ length: k }, () => []); // flattened (wire, J) pairs per aux
  for (let e = 0; e < model.numEdges; e++) {
    const i = model.edgeI[e];
    const j = model.edgeJ[e];
    const w = model.edgeW[e];
    if (w === 0) continue;
    const [a, b] = i < j ? [i, j] : [j, i];
    if (a >= numWires) throw new Error('verifyWireAuxBipartite: aux-aux coupling');
    if (b < numWires) ww.push([a, b, w]);
    else wa[b - numWires].push(a, w);
  }
  const full = 2 ** numWires;
  const emin = new Float64Array(full);
  const minFlip = new Float64Array(full); // smallest positive single-aux flip cost at the minimum
  const degenerate = new Float64Array(full); // number of aux spins with zero field
  const s = new Int8Array(numWires);
  for (let key = 0; key < full; key++) {
    for (let i = 0; i < numWires; i++) s[i] = (key >>> i) & 1 ? 1 : -1;
    let e = 0;
    for (let i = 0; i < numWires; i++) e -= h[i] * s[i];
    for (const [a, b, w] of ww) e -= w * s[a] * s[b];
    let flip = Infinity;
    let zeros = 0;
    for (let t = 0; t < k; t++) {
      let f = h[numWires + t];
      const row = wa[t];
      for (let m = 0; m < row.length; m += 2) f += row[m + 1] * s[row[m]];
      const af = Math.abs(f);
      e -= af;
      if (af === 0) zeros++;
      else if (2 * af < flip) flip = 2 * af;
    }
    emin[key] = e;
    minFlip[key] = flip;
    degenerate[key] = zeros;
  }
  let ground = Infinity;
  for (let key = 0; key < full; key++) if (emin[key] < ground) ground = emin[key];
  const valid = new Set(table.rows.map(rowKey));
  let excited = Infinity;
  let logical = Infinity;
  let numGround = 0;
  const projected: number[] = [];
  for (let key = 0; key < full; key++) {
    if (emin[key] === ground) {
      projected.push(key);
      numGround += 2 ** degenerate[key];
      if (ground + minFlip[key] < excited) excited = ground + minFlip[key];
    } else {
      if (emin[key] < excited) excited = emin[key];
      if (!valid.has(key) && emin[key] < logical) logical = emin[key];
    }
  }
  const projSet = new Set(projected);
  const extra = projected.filter((key) => !valid.has(key));
  const missing = table.rows.filter((r) => !projSet.has(rowKey(r)));
  const toRow = (key: number): number[] => wires.map((_, i) => (key >>> i) & 1);
  if (extra.length > 0) logical = ground;
  const result: VerifyResult = {
    ok: extra.length === 0 && missing.length === 0,
    gap: excited - ground,
    logicalGap: logical - ground,
    groundEnergy: ground,
    numGroundStates: numGround,
    numFreeSpins: n,
    numRows: table.rows.length,
    numProjectedRows: projected.length,
    numMissingRows: missing.length,
    numExtraRows: extra.length,
    missingRows: missing.slice(0, 16),
    extraRows: extra.slice(0, 16).map(toRow),
  };
  const asRecord = (row: number[]): Record<string, number> => Object.fromEntries(wires.map((w, i) => [w, row[i]]));
  if (extra.length > 0) result.firstMismatch = { kind: 'extra', row: asRecord(toRow(extra[0])) };
  else if (missing.length > 0) result.firstMismatch = { kind: 'missing', row: asRecord(missing[0]) };
  return result;
}

/** Every cube (implicant) whose rows are all valid, as fixed wires and values; at most `limit` of them. */
export function implicants(numWires: number, valid: Set<number>, limit = 4096): CubeCover['cubes'] {
  const full = 2 ** numWires;
  const out: CubeCover['cubes'] = [];
  for (let free = 0; free < full && out.length < limit; free++) {
    const fixedMask = (full - 1) & ~free;
    for (let v = fixedMask; ; v = (v - 1) & fixedMask) {
      let ok = true;
      for (let f = free; ; f = (f - 1) & free) {
        if (!valid.has(v | f)) {
          ok = false;
          break;
        }
        if (f === 0) break;
      }
      if (ok && out.length < limit) {
        const wires: number[] = [];
        const values: number[] = [];
        for (let i = 0; i < numWires; i++)
          if ((fixedMask >>> i) & 1) {
            wires.push(i);
            values.push((v >>> i) & 1 ? 1 : -1);
          }
        out.push({ wires, values });
      }
      if (v === 0) break;
    }
  }
  return out;
}

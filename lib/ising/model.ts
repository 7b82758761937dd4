/**
 * The Ising model of invertible logic (Camsari et al., PRX 7, 031014, 2017, Eqs. 3-4; paper brief §2.1).
 *
 *   E(m) = -( sum_i h_i m_i + sum_{i<j} J_ij m_i m_j ),   m_i in {-1, +1},
 *
 * states visited with probability proportional to exp(-beta E(m)). Logic 0 is spin -1, logic 1 is spin +1.
 * J is symmetric with zero diagonal and stored once per pair (i < j) as an edge list plus a CSR adjacency
 * (both directions) for samplers. Clamps fix named spins to +-1; they are part of the model (as in the JSON
 * format) and are folded into neighbours' biases by `reduceClamped` before sampling.
 */
import { InvlogicError, describeValue } from '../errors';

export type Spin = 1 | -1;

/** Compressed sparse rows of the symmetric coupling matrix (each pair appears in both rows). */
export interface Csr {
  rowPtr: Int32Array;
  col: Int32Array;
  w: Float64Array;
}

export interface Edge {
  i: number;
  j: number;
  w: number;
}

/** Couplings as parallel arrays (the allocation-free form of [i, j, w] triples). */
export interface EdgeArrays {
  i: ArrayLike<number>;
  j: ArrayLike<number>;
  w: ArrayLike<number>;
}

export class IsingModel {
  readonly n: number;
  readonly names: readonly string[];
  readonly h: Float64Array;
  /** Edge list, i < j, each pair once, sorted by (i, j), zero weights dropped. */
  readonly edgeI: Int32Array;
  readonly edgeJ: Int32Array;
  readonly edgeW: Float64Array;
  /** Clamped spins: index -> +-1. */
  readonly clamp: ReadonlyMap<number, Spin>;
  private readonly nameIndex: Map<string, number>;
  private csrCache?: Csr;

  /**
   * @param names one unique non-empty name per spin
   * @param h biases, length n, finite
   * @param edges couplings as [i, j, w] with i != j (or as three parallel arrays); a pair given twice (in
   *   either order) is an error
   * @param clamp optional name -> +-1
   */
  constructor(
    names: readonly string[],
    h: ArrayLike<number>,
    edges: ReadonlyArray<readonly [number, number, number]> | EdgeArrays,
    clamp?: Readonly<Record<string, number>> | ReadonlyMap<number, Spin>,
  ) {
    const n = names.length;
    this.n = n;
    this.names = Object.freeze([...names]);
    this.nameIndex = new Map();
    names.forEach((name, i) => {
      if (typeof name !== 'string' || name.length === 0) {
        throw new InvlogicError(`names[${i}] must be a non-empty string, got ${describeValue(name)}`, `names[${i}]`);
      }
      if (this.nameIndex.has(name)) throw new InvlogicError(`names[${i}] "${name}" is a duplicate`, `names[${i}]`);
      this.nameIndex.set(name, i);
    });
    if (h.length !== n) throw new InvlogicError(`h must have length n = ${n}, got ${h.length}`, 'h');
    this.h = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = h[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new InvlogicError(`h[${i}] must be a finite number, got ${describeValue(v)}`, `h[${i}]`);
      }
      this.h[i] = v;
    }
    const [ei, ej, ew] = sortedEdges(n, edges);
    this.edgeI = ei;
    this.edgeJ = ej;
    this.edgeW = ew;
    checkEnergyScale(this.h, ew);
    const cl = new Map<number, Spin>();
    if (clamp instanceof Map) {
      for (const [i, s] of clamp) cl.set(i, checkSpin(`clamp[${i}]`, s));
    } else if (clamp) {
      for (const [name, s] of Object.entries(clamp)) {
        cl.set(this.indexOf(name, 'clamp'), checkSpin(`clamp.${name}`, s));
      }
    }
    this.clamp = cl;
  }

  get numEdges(): number {
    return this.edgeW.length;
  }

  /** Index of a named spin; throws an error naming `parameter` if unknown. */
  indexOf(name: string, parameter = 'name'): number {
    const i = this.nameIndex.get(name);
    if (i === undefined) {
      const some = this.names.slice(0, 12).join(', ');
      throw new InvlogicError(
        `${parameter}: unknown spin "${name}" (model has ${this.n} spins: ${some}${this.n > 12 ? ', ...' : ''})`,
        parameter,
      );
    }
    return i;
  }

  has(name: string): boolean {
    return this.nameIndex.has(name);
  }

  /** Symmetric CSR adjacency (cached). */
  csr(): Csr {
    if (this.csrCache) return this.csrCache;
    const n = this.n;
    const deg = new Int32Array(n + 1);
    for (let k = 0; k < this.edgeW.length; k++) {
      deg[this.edgeI[k] + 1]++;
      deg[this.edgeJ[k] + 1]++;
    }
    for (let i = 0; i < n; i++) deg[i + 1] += deg[i];
    const rowPtr = deg;
    const fill = rowPtr.slice(0, n);
    const col = new Int32Array(rowPtr[n]);
    const w = new Float64Array(rowPtr[n]);
    for (let k = 0; k < this.edgeW.length; k++) {
      const i = this.edgeI[k];
      const j = this.edgeJ[k];
      col[fill[i]] = j;
      w[fill[i]++] = this.edgeW[k];
      col[fill[j]] = i;
      w[fill[j]++] = this.edgeW[k];
    }
    this.csrCache = { rowPtr, col, w };
    return this.csrCache;
  }

  /** J_ij (0 if not coupled). O(degree). */
  coupling(i: number, j: number): number {
    const { rowPtr, col, w } = this.csr();
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) if (col[k] === j) return w[k];
    return 0;
  }

  /** E(m) = -(sum_i h_i m_i + sum_{i<j} J_ij m_i m_j). `m` has length n, entries +-1. */
  energy(m: ArrayLike<number>): number {
    if (m.length !== this.n) throw new InvlogicError(`spins must have length n = ${this.n}, got ${m.length}`, 'spins');
    let e = 0;
    for (let i = 0; i < this.n; i++) e -= this.h[i] * m[i];
    for (let k = 0; k < this.edgeW.length; k++) e -= this.edgeW[k] * m[this.edgeI[k]] * m[this.edgeJ[k]];
    return e;
  }

  /** Local field I_i = h_i + sum_j J_ij m_j. */
  localField(m: ArrayLike<number>, i: number): number {
    const { rowPtr, col, w } = this.csr();
    let f = this.h[i];
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) f += w[k] * m[col[k]];
    return f;
  }

  /** True when every h and J is an integer (the hardware and the integer-field kernels need this). */
  isInteger(): boolean {
    return this.h.every(Number.isInteger) && this.edgeW.every(Number.isInteger);
  }

  /** Largest |h_i| and |J_ij|. */
  coefficientRange(): { maxAbsH: number; maxAbsJ: number } {
    let maxAbsH = 0;
    let maxAbsJ = 0;
    for (const v of this.h) maxAbsH = Math.max(maxAbsH, Math.abs(v));
    for (const v of this.edgeW) maxAbsJ = Math.max(maxAbsJ, Math.abs(v));
    return { maxAbsH, maxAbsJ };
  }

  /** A copy with the clamps replaced (`null`) or extended by `clamp` (name -> +-1). */
  withClamp(clamp: Readonly<Record<string, number>> | null, replace = false): IsingModel {
    const merged = new Map<number, Spin>(replace || clamp === null ? [] : this.clamp);
    if (clamp)
      for (const [name, s] of Object.entries(clamp))
        merged.set(this.indexOf(name, 'clamp'), checkSpin(`clamp.${name}`, s));
    return new IsingModel(this.names, this.h, this.edgeArrays(), merged);
  }

  /** The couplings as parallel arrays (shared, not copied: treat as read-only). */
  edgeArrays(): EdgeArrays {
    return { i: this.edgeI, j: this.edgeJ, w: this.edgeW };
  }

  edgeTriples(): [number, number, number][] {
    return Array.from(this.edgeW, (w, k) => [this.edgeI[k], this.edgeJ[k], w]);
  }
}

/**
 * Largest allowed sum |h| + sum |J|: every energy and local field is bounded by it, so below 2^53 they stay finite
 * and, for integer coefficients, exact in float64 (sums of integers below 2^53 are exact).
 */
export const MAX_ENERGY_SCALE = 2 ** 53;

/** Throws unless sum |h| + sum |J| <= MAX_ENERGY_SCALE (validated once, at the model boundary). */
function checkEnergyScale(h: Float64Array, w: Float64Array): void {
  let total = 0;
  for (let i = 0; i < h.length; i++) total += Math.abs(h[i]);
  for (let k = 0; k < w.length; k++) total += Math.abs(w[k]);
  if (total <= MAX_ENERGY_SCALE) return;
  let maxH = 0;
  let at = 'h';
  for (let i = 0; i < h.length; i++) if (Math.abs(h[i]) > maxH) [maxH, at] = [Math.abs(h[i]), `h[${i}]`];
  let maxJ = 0;
  for (let k = 0; k < w.length; k++) maxJ = Math.max(maxJ, Math.abs(w[k]));
  throw new InvlogicError(
    `h and J too large: sum |h| + sum |J| must be at most 2^53 = ${MAX_ENERGY_SCALE} so energies stay finite and ` +
      `exact, got ${total} (largest |h| ${maxH}${maxH > 0 ? ` at ${at}` : ''}, largest |J| ${maxJ}); scale the model down`,
    maxH >= maxJ ? at : 'J',
  );
}

export function checkSpin(parameter: string, s: unknown): Spin {
  if (s !== 1 && s !== -1) throw new InvlogicError(`${parameter} must be 1 or -1, got ${describeValue(s)}`, parameter);
  return s;
}

/** Logic bit (0/1) to spin (-1/+1). */
export const bitToSpin = (b: number): Spin => (b ? 1 : -1);
/** Spin to logic bit. */
export const spinToBit = (s: number): 0 | 1 => (s > 0 ? 1 : 0);

/**
 * Validates couplings and returns them as (i < j)-ordered, (i, j)-sorted typed arrays with zero weights dropped.
 * O(m + n): two stable counting sorts (by j, then by i); a repeated pair is then adjacent.
 */
function sortedEdges(
  n: number,
  edges: ReadonlyArray<readonly [number, number, number]> | EdgeArrays,
): [Int32Array, Int32Array, Float64Array] {
  const triples = Array.isArray(edges);
  const arrays = edges as EdgeArrays;
  if (!triples && !(arrays && typeof arrays === 'object' && 'i' in arrays && 'j' in arrays && 'w' in arrays)) {
    throw new InvlogicError('J must be an array of [i, j, w] or {i, j, w} arrays', 'J');
  }
  const m = triples ? (edges as ReadonlyArray<unknown>).length : arrays.i.length;
  if (!triples && (arrays.j.length !== m || arrays.w.length !== m)) {
    throw new InvlogicError(
      `J arrays i, j, w must have equal lengths, got ${m}, ${arrays.j.length}, ${arrays.w.length}`,
      'J',
    );
  }
  const ai = new Int32Array(m);
  const aj = new Int32Array(m);
  const aw = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    let i: unknown;
    let j: unknown;
    let w: unknown;
    if (triples) {
      const e = (edges as ReadonlyArray<readonly [number, number, number]>)[k] as unknown;
      if (!Array.isArray(e) && !(e && typeof e === 'object' && 'length' in e)) {
        throw new InvlogicError(`J[${k}] must be [i, j, w], got ${describeValue(e)}`, `J[${k}]`);
      }
      const t = e as ArrayLike<unknown>;
      if (t.length !== 3) throw new InvlogicError(`J[${k}] must be [i, j, w], got length ${t.length}`, `J[${k}]`);
      i = t[0];
      j = t[1];
      w = t[2];
    } else {
      i = arrays.i[k];
      j = arrays.j[k];
      w = arrays.w[k];
    }
    if (!isIndex(i, n)) throw badIndex(k, 'i', i, n);
    if (!isIndex(j, n)) throw badIndex(k, 'j', j, n);
    if (i === j)
      throw new InvlogicError(`J[${k}] is a self coupling (${i}, ${i}); J must have a zero diagonal`, `J[${k}]`);
    if (typeof w !== 'number' || !Number.isFinite(w)) {
      throw new InvlogicError(`J[${k}] weight must be a finite number, got ${describeValue(w)}`, `J[${k}]`);
    }
    const a = i as number;
    const b = j as number;
    ai[k] = a < b ? a : b;
    aj[k] = a < b ? b : a;
    aw[k] = w;
  }
  // Input already in strictly increasing (i, j) order without zero weights (e.g. another model's edgeArrays()):
  // the sort below would return it unchanged.
  let sorted = true;
  for (let k = 0; k < m && sorted; k++) {
    if (aw[k] === 0 || (k > 0 && (ai[k - 1] > ai[k] || (ai[k - 1] === ai[k] && aj[k - 1] >= aj[k])))) sorted = false;
  }
  if (sorted) return [ai, aj, aw];
  // Stable counting sort by j, then by i: order[] lists the input positions sorted by (i, j, k).
  const count = new Int32Array(n + 1);
  const byJ = new Int32Array(m);
  for (let k = 0; k < m; k++) count[aj[k] + 1]++;
  for (let v = 0; v < n; v++) count[v + 1] += count[v];
  for (let k = 0; k < m; k++) byJ[count[aj[k]]++] = k;
  count.fill(0);
  const order = new Int32Array(m);
  for (let k = 0; k < m; k++) count[ai[k] + 1]++;
  for (let v = 0; v < n; v++) count[v + 1] += count[v];
  for (let t = 0; t < m; t++) {
    const k = byJ[t];
    order[count[ai[k]]++] = k;
  }
  // A repeated pair: report the earliest repeat in input order, and the first occurrence of its pair.
  let repeat = -1;
  let first = -1;
  let kept = 0;
  for (let t = 0; t < m; t++) {
    const k = order[t];
    if (t > 0) {
      const p = order[t - 1];
      if (ai[p] === ai[k] && aj[p] === aj[k]) {
        if (repeat < 0 || k < repeat) {
          repeat = k;
          let f = t - 1;
          while (f > 0 && ai[order[f - 1]] === ai[k] && aj[order[f - 1]] === aj[k]) f--;
          first = order[f];
        }
        continue;
      }
    }
    if (aw[k] !== 0) kept++;
  }
  if (repeat >= 0) {
    throw new InvlogicError(
      `J[${repeat}] repeats the pair (${ai[repeat]}, ${aj[repeat]}) of J[${first}]; give each pair once (J is symmetric)`,
      `J[${repeat}]`,
    );
  }
  const ei = new Int32Array(kept);
  const ej = new Int32Array(kept);
  const ew = new Float64Array(kept);
  let e = 0;
  for (let t = 0; t < m; t++) {
    const k = order[t];
    if (aw[k] === 0) continue;
    ei[e] = ai[k];
    ej[e] = aj[k];
    ew[e++] = aw[k];
  }
  return [ei, ej, ew];
}

const isIndex = (v: unknown, n: number): boolean => typeof v === 'number' && (v | 0) === v && v >= 0 && v < n;

const badIndex = (k: number, label: string, v: unknown, n: number): InvlogicError =>
  new InvlogicError(
    `J[${k}].${label} must be an integer spin index in [0, ${n - 1}], got ${describeValue(v)}`,
    `J[${k}]`,
  );

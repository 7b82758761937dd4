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
import { InvlogicError } from '../errors';

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
   * @param edges couplings as [i, j, w] with i != j; a pair given twice (in either order) is an error
   * @param clamp optional name -> +-1
   */
  constructor(
    names: readonly string[],
    h: ArrayLike<number>,
    edges: ReadonlyArray<readonly [number, number, number]>,
    clamp?: Readonly<Record<string, number>> | ReadonlyMap<number, Spin>,
  ) {
    const n = names.length;
    this.n = n;
    this.names = Object.freeze([...names]);
    this.nameIndex = new Map();
    names.forEach((name, i) => {
      if (typeof name !== 'string' || name.length === 0) {
        throw new InvlogicError(`names[${i}] must be a non-empty string`, `names[${i}]`);
      }
      if (this.nameIndex.has(name)) throw new InvlogicError(`names[${i}] "${name}" is a duplicate`, `names[${i}]`);
      this.nameIndex.set(name, i);
    });
    if (h.length !== n) throw new InvlogicError(`h must have length n = ${n}, got ${h.length}`, 'h');
    this.h = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = h[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new InvlogicError(`h[${i}] must be a finite number, got ${String(v)}`, `h[${i}]`);
      }
      this.h[i] = v;
    }
    const seen = new Map<number, number>();
    const list: Edge[] = [];
    edges.forEach((e, k) => {
      if (!Array.isArray(e) && !(e && typeof e === 'object' && 'length' in e)) {
        throw new InvlogicError(`J[${k}] must be [i, j, w]`, `J[${k}]`);
      }
      if (e.length !== 3) throw new InvlogicError(`J[${k}] must be [i, j, w], got length ${e.length}`, `J[${k}]`);
      let [i, j] = e;
      const w = e[2];
      for (const [label, v] of [
        ['i', i],
        ['j', j],
      ] as const) {
        if (!Number.isInteger(v) || v < 0 || v >= n) {
          throw new InvlogicError(`J[${k}].${label} must be an integer spin index in [0, ${n - 1}], got ${v}`, `J[${k}]`);
        }
      }
      if (i === j) throw new InvlogicError(`J[${k}] is a self coupling (${i}, ${i}); J must have a zero diagonal`, `J[${k}]`);
      if (typeof w !== 'number' || !Number.isFinite(w)) {
        throw new InvlogicError(`J[${k}] weight must be a finite number, got ${String(w)}`, `J[${k}]`);
      }
      if (i > j) [i, j] = [j, i];
      const key = i * n + j;
      if (seen.has(key)) {
        throw new InvlogicError(
          `J[${k}] repeats the pair (${i}, ${j}) of J[${seen.get(key)}]; give each pair once (J is symmetric)`,
          `J[${k}]`,
        );
      }
      seen.set(key, k);
      if (w !== 0) list.push({ i, j, w });
    });
    list.sort((a, b) => a.i - b.i || a.j - b.j);
    this.edgeI = Int32Array.from(list, (e) => e.i);
    this.edgeJ = Int32Array.from(list, (e) => e.j);
    this.edgeW = Float64Array.from(list, (e) => e.w);
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
    if (clamp) for (const [name, s] of Object.entries(clamp)) merged.set(this.indexOf(name, 'clamp'), checkSpin(`clamp.${name}`, s));
    return new IsingModel(this.names, this.h, this.edgeTriples(), merged);
  }

  edgeTriples(): [number, number, number][] {
    return Array.from(this.edgeW, (w, k) => [this.edgeI[k], this.edgeJ[k], w]);
  }
}

export function checkSpin(parameter: string, s: unknown): Spin {
  if (s !== 1 && s !== -1) throw new InvlogicError(`${parameter} must be 1 or -1, got ${String(s)}`, parameter);
  return s;
}

/** Logic bit (0/1) to spin (-1/+1). */
export const bitToSpin = (b: number): Spin => (b ? 1 : -1);
/** Spin to logic bit. */
export const spinToBit = (s: number): 0 | 1 => (s > 0 ? 1 : 0);

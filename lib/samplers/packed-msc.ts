/**
 * Multi-spin-coded exact heat bath in WebAssembly SIMD (backend `msc` of the packed sampler): 128 independent
 * replicas per v128, bit r of the word of spin i = spin i of replica r (1 = +1).
 *
 * Each update draws, per replica, the new spin m_i = +1 with probability
 *
 *   p(I_i) = 1 / (1 + exp(-2 beta I_i)),   I_i = h_i + sum_j J_ij m_j            (Camsari et al. 2017, Eq. 1-2)
 *
 * in 64-bit fixed point: P(+1) = P64(I) / 2^64 with P64(I) = round(p(I) 2^64) (P64(-I) = 2^64 - P64(I), so the
 * law is symmetric and exact to about 2^-53). The algorithm is the bit-sliced multi-spin heat bath described in
 * the perf-ref notes of this machine (bit-sliced field adder; bit-serial comparison settling all lanes with one
 * random word per bit level); this file and scripts/gen-msc-wat.js are our own implementation of it:
 *
 * 1. Field count. With b_j the replica's bit and c_j = b_j XOR [J_ij < 0], I = h - W + 2K, W = sum_j |J_ij|,
 *    K = sum_j |J_ij| c_j in [0, W], held in P = bitlength(W) bit planes (P <= 8, so W <= 255). K is summed by
 *    ripple-carry adds; an edge enters at the plane of each set bit of |J| (edges are grouped by that plane).
 * 2. Per-replica comparison u < P64(I) with u uniform in [0, 2^64), u's bits drawn MSB first, ONE random word
 *    per bit level for all 128 lanes; a lane is settled at the first bit where u and P64 differ, and the loop
 *    stops when every lane is settled (about log2(128) + 1.3 = 8.3 levels on average).
 * 3. Bit b of P64(I) per lane without a table lookup per lane: at b = 0 it is [P64(I) >= 2^63] = [K > G0]
 *    ([I >= 0] for beta > 0); for b >= 1 it is [I > 0] = [K > GT] except for the four |I| <= 4 values of the
 *    spin's parity (the window: +-1, +-3 or +-2, +-4), whose masks are combined per level through a 16-entry
 *    table of ORs (pattern pat[parity][b]). Up to level lcut[parity] no field value outside the window differs
 *    from [I > 0] (lcut = 14 and 17 at beta = 1); from lcut on (rare) the bit is assembled from every K value.
 *
 * Random bits: xoshiro128++ as four 32-bit streams in the i32 lanes, seeded by hashSeed(seed, 2 stream + 1);
 * the random start (every spin uniform) uses hashSeed(seed, 2 stream) as the other packed backends do.
 */
import { IsingModel } from '../ising';
import { InvlogicError, requireInt, requireOneOf } from '../errors';
import { Seed, hashSeed } from '../rng';
import { greedyColoring } from './coloring';
import { instantiateWasm, wasmModule } from './wasm-module';

/** The compiled kernel (msc.wat), loaded once with V8's optimizing tier (sweeps are single long calls). */
function mscWasmModule(): object {
  const w = wasmModule('msc', { optimizeAtOnce: true });
  if (w.status === 'missing') throw new InvlogicError(`${w.file} is missing; run: npm run build:wasm`, 'backend');
  if (w.status === 'unsupported') {
    throw new InvlogicError('this runtime cannot run the WebAssembly SIMD kernel; use backend "js"', 'backend');
  }
  return w.module!;
}

/** Largest sum of |J| over one spin's couplings (eight bit planes). */
export const MSC_MAX_WEIGHT = 255;
/** Per-spin record layout (i32 fields), mirrored in scripts/gen-msc-wat.js. */
const REC = { P: 0, E0: 1, SEG: 2, GT: 18, G0: 19, G0MODE: 20, PAR: 21, TBL: 22, W: 23, WIN: 24 };
const REC_INTS = 28;
const TWO64 = 2n ** 64n;
/** Window field values per parity of I (index 0 = even, 1 = odd). */
const WINDOW: readonly (readonly number[])[] = [
  [-4, -2, 2, 4],
  [-3, -1, 1, 3],
];

/** Symmetric CSR of a clamp-free integer model (each pair in both rows). */
export interface MscModelData {
  n: number;
  h: ArrayLike<number>;
  rowPtr: Int32Array;
  col: Int32Array;
  w: ArrayLike<number>;
}

/** P64(I) = round(p(I) 2^64), p = 1 / (1 + exp(-2 beta I)), computed on the small side for accuracy. */
export function heatBathP64(field: number, beta: number): bigint {
  if (field === 0) return 2n ** 63n;
  const small = 1 / (1 + Math.exp(2 * beta * Math.abs(field))); // p(-|I|)
  const q = BigInt(Math.round(small * 2 ** 64));
  if (field < 0) return q;
  const v = TWO64 - q;
  return v >= TWO64 ? TWO64 - 1n : v;
}

/** The packed chains of the msc kernel; same interface as PackedChains of packed.ts (which delegates here). */
export class MscChains {
  readonly n: number;
  readonly replicas: number;
  readonly lanes = 128;
  readonly words: number;
  /** Spin words: the four int32s of word w of spin i at (w*n + i) * 4; bit r = replica. */
  readonly spins: Int32Array;
  private readonly rec: Int32Array;
  private readonly p64: BigUint64Array;
  private readonly pat: Uint8Array;
  private readonly lcut: Int32Array;
  private readonly h: Int32Array;
  private readonly weightSum: Int32Array;
  private readonly fieldMin: number;
  private readonly fieldMax: number;
  private readonly sweepFn: (...args: number[]) => void;
  private readonly args: number[];
  private readonly memoryBytes: number;
  private beta = NaN;

  constructor(model: IsingModel | MscModelData, replicas: number, seed: Seed, order: string, stream: number) {
    let csr: { rowPtr: Int32Array; col: Int32Array; w: ArrayLike<number> };
    if (model instanceof IsingModel) {
      if (model.clamp.size > 0) throw new InvlogicError('the msc kernel takes an unclamped (reduced) model', 'model');
      csr = model.csr();
    } else csr = model;
    requireInt('replicas', replicas, 1, 2 ** 24);
    requireOneOf('order', order, ['sequential', 'chromatic']);
    const n = model.n;
    this.n = n;
    this.replicas = replicas;
    this.words = Math.ceil(replicas / 128);
    const h = Int32Array.from({ length: n }, (_, i) => model.h[i]);
    const weightSum = new Int32Array(n);
    let fMin = 0;
    let fMax = 0;
    let entries = 0;
    for (let i = 0; i < n; i++) {
      if (!Number.isInteger(model.h[i])) throw new InvlogicError('the msc kernel needs integer h and J', 'model');
      let s = 0;
      for (let p = csr.rowPtr[i]; p < csr.rowPtr[i + 1]; p++) {
        const a = Math.abs(csr.w[p]);
        if (!Number.isInteger(a)) throw new InvlogicError('the msc kernel needs integer h and J', 'model');
        s += a;
        for (let x = a; x !== 0; x &= x - 1) entries++;
      }
      if (s > MSC_MAX_WEIGHT) {
        throw new InvlogicError(
          `the msc kernel takes sum_j |J_ij| <= ${MSC_MAX_WEIGHT} per spin; spin ${i} has ${s} (use backend "wasm")`,
          'model',
        );
      }
      weightSum[i] = s;
      fMin = Math.min(fMin, h[i] - s);
      fMax = Math.max(fMax, h[i] + s);
    }
    this.h = h;
    this.weightSum = weightSum;
    this.fieldMin = fMin;
    this.fieldMax = fMax;
    const range = fMax - fMin + 1;
    const spinInts = this.words * n * 4;
    const sizes = {
      spins: spinInts * 4,
      order: n * 4,
      rec: n * REC_INTS * 4,
      edge: entries * 4,
      p64: range * 8,
      pat: 128,
      lcut: 8,
      cmb: 256,
      rng: 64,
    };
    const addr: Record<string, number> = {};
    let top = 16;
    for (const [k, bytes] of Object.entries(sizes)) {
      addr[k] = top;
      top += Math.ceil(bytes / 16) * 16 + 16;
    }
    if (top > 2 ** 31) throw new InvlogicError(`the model needs ${top} bytes of wasm memory (max 2 GiB)`, 'replicas');
    const { memory, fns } = instantiateWasm(mscWasmModule(), Math.ceil(top / 65536));
    this.memoryBytes = memory.buffer.byteLength;
    this.sweepFn = fns.sweep as (...args: number[]) => void;
    const buf = memory.buffer;
    this.spins = new Int32Array(buf, addr.spins, spinInts);
    const orderArr = new Int32Array(buf, addr.order, n);
    if (order === 'chromatic') {
      orderArr.set(greedyColoring(n, { rowPtr: csr.rowPtr, col: csr.col, w: new Float64Array(0) }).order);
    } else for (let i = 0; i < n; i++) orderArr[i] = i;
    this.rec = new Int32Array(buf, addr.rec, n * REC_INTS);
    const edge = new Int32Array(buf, addr.edge, entries);
    this.p64 = new BigUint64Array(buf, addr.p64, range);
    this.pat = new Uint8Array(buf, addr.pat, 128);
    this.lcut = new Int32Array(buf, addr.lcut, 2);
    // Records and edge entries grouped by entry plane (the set bits of |J|).
    let e = 0;
    for (let i = 0; i < n; i++) {
      const r = i * REC_INTS;
      const W = weightSum[i];
      const P = Math.max(1, 32 - Math.clz32(W));
      this.rec[r + REC.P] = P;
      this.rec[r + REC.E0] = e;
      // segment 2s + neg: the edges whose |J| has bit s, J > 0 (neg 0) or J < 0 (neg 1)
      for (let seg = 0; seg < 16; seg++) {
        for (let p = csr.rowPtr[i]; p < csr.rowPtr[i + 1]; p++) {
          const x = csr.w[p];
          if ((Math.abs(x) >> (seg >> 1)) & 1 && (x < 0 ? 1 : 0) === (seg & 1)) edge[e++] = csr.col[p] * 16;
        }
        this.rec[r + REC.SEG + seg] = e;
      }
      const base = h[i] - W; // I at K = 0
      this.rec[r + REC.GT] = Math.min(W, Math.max(-1, Math.floor((W - h[i]) / 2)));
      const par = ((base % 2) + 2) % 2;
      this.rec[r + REC.PAR] = par;
      this.rec[r + REC.TBL] = base - fMin;
      this.rec[r + REC.W] = W;
      for (let j = 0; j < 4; j++) {
        const k = (WINDOW[par][j] - base) / 2;
        this.rec[r + REC.WIN + j] = k >= 0 && k <= W ? k : -1;
      }
    }
    const rng = new Int32Array(buf, addr.rng, 16);
    const st = hashSeed(seed, 2 * stream + 1, 16);
    // Lane q of the four streams: words q, 4+q, 8+q, 12+q of (s0, s1, s2, s3); none may be all zero.
    for (let q = 0; q < 4; q++) if ((st[q] | st[4 + q] | st[8 + q] | st[12 + q]) === 0) st[q] = 1;
    rng.set(st);
    const init = Int32Array.from(hashSeed(seed, 2 * stream, 4));
    for (let k = 0; k < spinInts; k++) this.spins[k] = nextXoshiro128ss(init);
    this.args = [n, this.words, 0, addr.spins, addr.order, addr.rec, addr.edge, addr.p64, addr.pat, addr.lcut];
    this.args.push(addr.cmb, addr.rng);
    this.setBeta(1);
  }

  /** Bytes of the kernel's wasm memory. */
  get bytes(): number {
    return this.memoryBytes;
  }

  /** Sets beta: the P64 table, the window patterns, lcut per parity and every spin's level-0 threshold. */
  setBeta(beta: number): void {
    if (!(beta >= 0) || !Number.isFinite(beta))
      throw new InvlogicError(`beta must be a finite number >= 0, got ${beta}`, 'beta');
    if (beta === this.beta) return;
    this.beta = beta;
    const fMin = this.fieldMin;
    for (let k = 0; k < this.p64.length; k++) this.p64[k] = heatBathP64(fMin + k, beta);
    const bit = (v: bigint, b: number): number => Number((v >> BigInt(63 - b)) & 1n);
    for (let par = 0; par < 2; par++) {
      const win = WINDOW[par].map((f) => heatBathP64(f, beta));
      for (let b = 0; b < 64; b++) {
        let m = 0;
        for (let j = 0; j < 4; j++) if (bit(win[j], b) !== (WINDOW[par][j] > 0 ? 1 : 0)) m |= 1 << j;
        this.pat[par * 64 + b] = 16 * m; // byte offset of cmb[m]
      }
      let cut = 64;
      for (let f = this.fieldMin; f <= this.fieldMax; f++) {
        if (((f % 2) + 2) % 2 !== par || WINDOW[par].includes(f)) continue;
        const v = this.p64[f - fMin];
        const def = f > 0 ? 1 : 0;
        for (let b = 1; b < cut; b++) {
          if (bit(v, b) !== def) {
            cut = b;
            break;
          }
        }
      }
      this.lcut[par] = cut;
    }
    // Level 0: bit 0 of P64 is monotone in I; G0 = (first K whose bit is 1) - 1.
    let f0 = this.fieldMax + 1;
    for (let f = this.fieldMin; f <= this.fieldMax; f++) {
      if (this.p64[f - fMin] >= 2n ** 63n) {
        f0 = f;
        break;
      }
    }
    for (let i = 0; i < this.n; i++) {
      const W = this.weightSum[i];
      const base = this.h[i] - W;
      const k0 = Math.ceil((f0 - base) / 2);
      const g0 = Math.min(W, Math.max(-1, k0 - 1));
      const gt = this.rec[i * REC_INTS + REC.GT];
      this.rec[i * REC_INTS + REC.G0] = g0;
      this.rec[i * REC_INTS + REC.G0MODE] = g0 === gt ? 0 : g0 === gt - 1 ? 1 : 2;
    }
  }

  /** Runs `count` sweeps at the current beta; returns spin updates times replicas. */
  sweep(count = 1): number {
    requireInt('count', count, 0, 2 ** 31 - 1);
    this.args[2] = count;
    this.sweepFn(...this.args);
    return count * this.n * this.replicas;
  }

  /** Spins (+-1) of one replica. */
  replica(r: number, out: Int8Array = new Int8Array(this.n)): Int8Array {
    const w = Math.floor(r / 128);
    const q = (r % 128) >>> 5;
    const b = r & 31;
    const off = w * this.n * 4 + q;
    for (let i = 0; i < this.n; i++) out[i] = (this.spins[off + i * 4] >>> b) & 1 ? 1 : -1;
    return out;
  }
}

/** xoshiro128** step on a 4-word state (the random start, the same stream as the other packed backends). */
function nextXoshiro128ss(s: Int32Array): number {
  const s1 = s[1];
  const m = Math.imul(s1, 5);
  const r = Math.imul((m << 7) | (m >>> 25), 9);
  const t = s1 << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = (s[3] << 11) | (s[3] >>> 21);
  return r;
}

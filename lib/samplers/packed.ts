/**
 * One idea, one file (over the ~600-line guide on purpose): the replica-packed exact sampler and its kernels, which must stay sample-identical.
 *
 * Replica-packed exact p-bit sampler ("packed"): multi-spin coding of independent Gibbs chains.
 *
 * Bit r of word `S[w*n + i]` is spin i of replica 32w + r (1 = +1). One update of spin i advances all 32
 * replicas of a word at once with word-wide boolean operations; the chains never share a random bit, so each
 * replica is an independent ideal p-bit (heat-bath Gibbs) chain with the exact law
 *
 *   P(m_i = +1 | rest) = (1 + tanh(beta I_i)) / 2 = 1 / (1 + exp(-2 beta I_i)),   I_i = h_i + sum_j J_ij m_j
 *
 * (Camsari et al., PRX 7, 031014, 2017, Eq. 1-2), quantized to 32 bits: P(+1) = round(p 2^32) / 2^32,
 * the same 2^-32 resolution as a scalar kernel comparing a 32-bit uniform with a threshold table.
 *
 * How a word is updated (h, J integers):
 * 1. Field by bit-sliced addition. With b_j in {0,1} the replica's bit and c_j = b_j XOR [J_ij < 0],
 *    I_i = base_i + 2 C,  base_i = h_i - sum_j |J_ij|,  C = sum_j |J_ij| c_j in [0, W_i], W_i = sum_j |J_ij|.
 *    C is accumulated per replica in bit planes acc[0..B-1] (plane p holds bit p of C for all 32 replicas) by
 *    ripple-carry adds of c_j at the planes of |J_ij|'s set bits.
 * 2. Lane-specific threshold, shared-free randomness. For each level C present in the word, mask_C selects
 *    the replicas at that level and P_C = round(p(base + 2C) 2^32) is the acceptance threshold. Each replica
 *    compares its own uniform u (32 bits, drawn MSB first: bit k of u for all replicas is one random word)
 *    with its own threshold: at depth k, t_k = OR_C (mask_C if bit k of P_C). Replicas whose u and P differ
 *    at depth k are decided (u < P iff P has the 1). The loop stops when every replica is decided, after
 *    about log2(32) + 2 random words on average instead of 32 per replica.
 * The result: new bit = [u < P_C], independently per replica, exactly as the scalar sampler.
 *
 * Both backends order step 2 for fewer operations (the same comparison): 8 random words give every replica
 * the top byte u8 of its uniform at once; per level, [u8 < P_C >> 24] decides and [u8 == P_C >> 24]
 * (probability 1/256 per replica) sends the replica on to the bit-serial loop over bits 23..0.
 * Backends: `msc` (default whenever every spin's sum of |J| is at most 255) runs the multi-spin-coded heat bath of
 * packed-msc.ts (bit-serial comparison with a 64-bit P(+1), one random v128 per bit level; its own random stream);
 * `wasm` (the default before 2026-12-08, and the default for larger |J| sums) runs the hand-written WebAssembly SIMD kernel lib/samplers/wasm/packed.wat, 128
 * replicas per v128 word, four xoshiro128** streams in the i32 lanes (it also finds the levels present by
 * splitting on the planes and keeps five planes in registers); `js` runs in TypeScript on 32-replica Int32
 * words (one xoshiro128** stream). Same law, different random streams.
 *
 * Order: `sequential` visits spins 0..n-1, `chromatic` visits colour classes (lib/samplers/coloring.ts);
 * both are systematic-scan Gibbs sweeps with the Boltzmann law stationary.
 */
import {
  IsingModel,
  ReducedModel,
  SampleAggregator,
  SampleSet,
  modelFromJson,
  modelToJson,
  reduceClamped,
} from '../ising';
import { createPool, defaultJobs } from '../parallel';
import { InvlogicError, rejectUnknownKeys, requireInt, requireOneOf } from '../errors';
import { Seed, hashSeed } from '../rng';
import { ScheduleSpec, scheduleValues } from './schedule';
import type { BaseSampleOptions, Sampler } from './types';
import { instantiateWasm, wasmModule } from './wasm-module';
import { greedyColoring } from './coloring';
import { MSC_MAX_WEIGHT, MscChains } from './packed-msc';

export type PackedOrder = 'sequential' | 'chromatic';
export const PACKED_ORDERS: readonly PackedOrder[] = ['sequential', 'chromatic'];
export type PackedBackend = 'wasm' | 'js' | 'msc';
export const PACKED_BACKENDS: readonly PackedBackend[] = ['wasm', 'js', 'msc'];

export interface PackedChainsOptions {
  /** Visiting order within a sweep (default sequential). */
  order?: PackedOrder;
  /** Kernel (default wasm). */
  backend?: PackedBackend;
  /** Random stream of `seed` (default 0): give each worker thread its own. */
  stream?: number;
}

/** The compiled SIMD kernel (built from packed.wat by `npm run build:wasm`), loaded once. */
function packedWasmModule(): object {
  const w = wasmModule('packed');
  if (w.status === 'missing') throw new InvlogicError(`${w.file} is missing; run: npm run build:wasm`, 'backend');
  if (w.status === 'unsupported') {
    throw new InvlogicError('this runtime cannot run the WebAssembly SIMD kernel; use backend "js"', 'backend');
  }
  return w.module!;
}

type SweepFn = (...args: number[]) => void;

/**
 * A model given directly as symmetric CSR arrays (each pair in both rows), for models too large to hold as an
 * IsingModel edge list (the benchmark's 10^6-spin, 10^7-coupling problem). h and w must be integers.
 */
export interface PackedModelData {
  n: number;
  h: ArrayLike<number>;
  rowPtr: Int32Array;
  col: Int32Array;
  w: ArrayLike<number>;
}

/** Largest spin count and |J| the edge encoding (neighbour << 8 | sign << 7 | |J|) holds. */
export const PACKED_MAX_SPINS = 2 ** 23;
export const PACKED_MAX_ABS_J = 127;

export interface PackedSampleOptions extends BaseSampleOptions {
  /** Sweeps per read (default 1000). */
  sweeps?: number;
  /** Kernel (default wasm). */
  backend?: PackedBackend;
  /** beta per sweep (default constant 1). */
  schedule?: ScheduleSpec;
  /** Shorthand for a constant schedule; not together with `schedule` (as in the exact sampler). */
  beta?: number;
  /** Visiting order within a sweep (default sequential). */
  order?: PackedOrder;
}

const OPTION_KEYS = ['numReads', 'seed', 'sweeps', 'schedule', 'beta', 'order', 'backend', 'onProgress'];
const TWO32 = 4294967296;
/** Replicas per machine word of each backend. */
export const PACKED_LANES: Readonly<Record<PackedBackend, number>> = { wasm: 128, js: 32, msc: 128 };

/**
 * The packed chains of one model: spin words, the integer kernel data and the random state. Build once, then
 * call `setBeta` and `sweep` as often as needed (the benchmark does exactly this).
 */
export class PackedChains {
  readonly n: number;
  readonly replicas: number;
  readonly backend: PackedBackend;
  /** Replicas per word: 32 (js) or 128 (wasm). */
  readonly lanes: number;
  readonly words: number;
  /** Spin words: word w of spin i is the `lanes / 32` int32s at (w*n + i) * lanes/32; bit r = replica. */
  readonly spins: Int32Array;
  private readonly i32PerWord: number;
  private readonly rowPtr: Int32Array;
  /** Edge words in CSR order: neighbour << 8 | (J < 0) << 7 | |J|. */
  private readonly edge: Int32Array;
  /** base_i - fieldMin: index of level C = 0 in the threshold table. */
  private readonly baseIdx: Int32Array;
  private readonly weightSum: Int32Array;
  private readonly order: Int32Array;
  private readonly planes: number;
  private readonly acc: Int32Array;
  private readonly levelMask: Int32Array;
  private readonly levelThr: Int32Array;
  /** thr[I - fieldMin] = round(p(I) 2^32) as uint32 bits, used where kind = 0. */
  private readonly thr: Int32Array;
  /** 0 = random, 1 = always +1 (p rounds to 1), -1 = always -1 (p rounds to 0). */
  private readonly thrKind: Int32Array;
  private readonly fieldMin: number;
  /** JS kernel: one xoshiro128** state; wasm kernel: four (lane-interleaved s0..s3 vectors). */
  private readonly rng: Int32Array;
  private readonly initRng: Int32Array;
  private readonly wasmSweep?: SweepFn;
  /** Backend msc: the multi-spin-coded kernel of packed-msc.ts, to which every call is delegated. */
  private readonly msc?: MscChains;
  private readonly wasmArgs: number[] = [];
  /** JS kernel scratch: 8 random words, one bit of u per replica each. */
  private readonly uPlanes = new Int32Array(8);
  private beta = NaN;

  constructor(model: IsingModel | PackedModelData, replicas: number, seed: Seed, options: PackedChainsOptions = {}) {
    rejectUnknownKeys('PackedChains options', options, ['order', 'backend', 'stream']);
    let csr: { rowPtr: Int32Array; col: Int32Array; w: ArrayLike<number> };
    if (model instanceof IsingModel) {
      if (model.clamp.size > 0) throw new InvlogicError('PackedChains takes an unclamped (reduced) model', 'model');
      csr = model.csr();
    } else {
      csr = model;
      if (model.rowPtr.length !== model.n + 1 || model.h.length !== model.n || model.w.length !== model.col.length) {
        throw new InvlogicError('model: rowPtr must have n + 1 entries, h n entries, w one per col entry', 'model');
      }
    }
    let integer = true;
    for (let i = 0; i < model.n && integer; i++) integer = Number.isInteger(model.h[i]);
    for (let p = 0; p < csr.w.length && integer; p++) integer = Number.isInteger(csr.w[p]);
    if (!integer) {
      throw new InvlogicError(
        'the packed sampler needs integer h and J (scale the model or use the exact sampler)',
        'model',
      );
    }
    if (model.n >= PACKED_MAX_SPINS) {
      throw new InvlogicError(
        `the packed sampler takes at most ${PACKED_MAX_SPINS - 1} spins, got ${model.n}`,
        'model',
      );
    }
    for (let p = 0; p < csr.w.length; p++) {
      if (Math.abs(csr.w[p]) > PACKED_MAX_ABS_J) {
        throw new InvlogicError(`the packed sampler takes |J| <= ${PACKED_MAX_ABS_J}, got ${csr.w[p]}`, 'model');
      }
    }
    requireInt('replicas', replicas, 1, 2 ** 24);
    const order = requireOneOf('order', options.order ?? 'sequential', PACKED_ORDERS);
    const backend = requireOneOf('backend', options.backend ?? 'wasm', PACKED_BACKENDS);
    const stream = requireInt('stream', options.stream ?? 0, 0, 2 ** 20);
    const n = model.n;
    this.n = n;
    this.replicas = replicas;
    this.backend = backend;
    const h = model.h;
    this.lanes = PACKED_LANES[backend];
    this.i32PerWord = this.lanes / 32;
    this.words = Math.ceil(replicas / this.lanes);
    const nnz = csr.col.length;
    let maxW = 0;
    let fMin = 0;
    let fMax = 0;
    const weightSum = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let p = csr.rowPtr[i]; p < csr.rowPtr[i + 1]; p++) s += Math.abs(csr.w[p]);
      if (s + Math.abs(h[i]) > 2 ** 24)
        throw new InvlogicError(`spin ${i}: |h| + sum |J| = ${s} exceeds 2^24`, 'model');
      weightSum[i] = s;
      maxW = Math.max(maxW, s);
      fMin = Math.min(fMin, h[i] - s);
      fMax = Math.max(fMax, h[i] + s);
    }
    const planes = 32 - Math.clz32(maxW) + 1;
    this.planes = planes;
    this.fieldMin = fMin;
    const range = fMax - fMin + 1;
    const orderArr =
      order === 'chromatic'
        ? greedyColoring(n, { rowPtr: csr.rowPtr, col: csr.col, w: new Float64Array(0) }).order
        : Int32Array.from({ length: n }, (_, i) => i);
    const spinInts = this.words * n * this.i32PerWord;
    if (backend === 'js') {
      this.rowPtr = csr.rowPtr;
      this.edge = new Int32Array(nnz);
      this.baseIdx = new Int32Array(n);
      this.weightSum = weightSum;
      this.order = orderArr;
      this.acc = new Int32Array(planes);
      this.levelMask = new Int32Array(maxW + 1);
      this.levelThr = new Int32Array(maxW + 1);
      this.thr = new Int32Array(range);
      this.thrKind = new Int32Array(range);
      this.spins = new Int32Array(spinInts);
      this.rng = Int32Array.from(hashSeed(seed, 2 * stream + 1, 4));
    } else if (backend === 'msc') {
      this.msc = new MscChains(model, replicas, seed, order, stream);
      this.spins = this.msc.spins;
      const none = new Int32Array(0);
      [this.rowPtr, this.edge, this.baseIdx, this.weightSum, this.order, this.acc] = [
        none,
        none,
        none,
        none,
        none,
        none,
      ];
      [this.levelMask, this.levelThr, this.thr, this.thrKind, this.rng] = [none, none, none, none, none];
      this.initRng = none;
      return;
    } else {
      // One linear memory: every array 16-byte aligned, addresses handed to the kernel as arguments.
      const sizes = {
        spins: spinInts * 4,
        rowPtr: (n + 1) * 4,
        edge: nnz * 4,
        baseIdx: n * 4,
        weightSum: n * 4,
        order: n * 4,
        thr: range * 4,
        thrKind: range * 4,
        acc: Math.max(planes, 5) * 16, // the fast path stores five planes
        levelMask: (maxW + 1) * 16,
        levelThr: (maxW + 1) * 16,
        rng: 64,
        nodeMaskA: (maxW + 1) * 16,
        nodeMaskB: (maxW + 1) * 16,
        nodeLevA: (maxW + 1) * 4,
        nodeLevB: (maxW + 1) * 4,
      };
      const addr: Record<string, number> = {};
      let top = 16;
      for (const [k, bytes] of Object.entries(sizes)) {
        addr[k] = top;
        top += Math.ceil(bytes / 16) * 16 + 16;
      }
      if (top > 2 ** 31) throw new InvlogicError(`the model needs ${top} bytes of wasm memory (max 2 GiB)`, 'replicas');
      const { memory, fns } = instantiateWasm(packedWasmModule(), Math.ceil(top / 65536));
      this.wasmSweep = fns.sweep as SweepFn;
      const view = (k: keyof typeof sizes, len: number): Int32Array => new Int32Array(memory.buffer, addr[k], len);
      this.spins = view('spins', spinInts);
      this.rowPtr = view('rowPtr', n + 1);
      this.rowPtr.set(csr.rowPtr);
      this.edge = view('edge', nnz);
      this.baseIdx = view('baseIdx', n);
      this.weightSum = view('weightSum', n);
      this.weightSum.set(weightSum);
      this.order = view('order', n);
      this.order.set(orderArr);
      this.thr = view('thr', range);
      this.thrKind = view('thrKind', range);
      this.acc = view('acc', planes * 4);
      this.levelMask = view('levelMask', (maxW + 1) * 4);
      this.levelThr = view('levelThr', (maxW + 1) * 4);
      this.rng = view('rng', 16);
      const st = hashSeed(seed, 2 * stream + 1, 16);
      // Lane q of the four streams: words q, 4+q, 8+q, 12+q of (s0, s1, s2, s3); none may be all zero.
      for (let q = 0; q < 4; q++) if ((st[q] | st[4 + q] | st[8 + q] | st[12 + q]) === 0) st[q] = 1;
      this.rng.set(st);
      // sweep(n, words, count, planes, pS, pRow, pEdge, pBase, pW, pOrder, pThr, pKind, pAcc, pLM, pLT, pRng,
      //       pNA, pNB, pLA, pLB)
      this.wasmArgs = [n, this.words, 0, planes, addr.spins, addr.rowPtr, addr.edge, addr.baseIdx];
      this.wasmArgs.push(
        addr.weightSum,
        addr.order,
        addr.thr,
        addr.thrKind,
        addr.acc,
        addr.levelMask,
        addr.levelThr,
        addr.rng,
        addr.nodeMaskA,
        addr.nodeMaskB,
        addr.nodeLevA,
        addr.nodeLevB,
      );
    }
    for (let p = 0; p < nnz; p++) this.edge[p] = (csr.col[p] << 8) | (csr.w[p] < 0 ? 128 : 0) | Math.abs(csr.w[p]);
    for (let i = 0; i < n; i++) this.baseIdx[i] = h[i] - weightSum[i] - fMin;
    // Random start: every replica's spins uniform (a stream of its own, separate from the kernel's).
    this.initRng = Int32Array.from(hashSeed(seed, 2 * stream, 4));
    for (let k = 0; k < spinInts; k++) this.spins[k] = this.nextInitWord();
    this.setBeta(1);
  }

  private nextInitWord(): number {
    const s = this.initRng;
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

  /** Bytes held by the chains' arrays (spins, kernel data, tables); the wasm memory counts in full. */
  get bytes(): number {
    if (this.msc) return this.msc.bytes;
    if (this.wasmSweep) return this.spins.buffer.byteLength;
    return (
      this.spins.byteLength +
      (this.rowPtr.byteLength + this.edge.byteLength + this.baseIdx.byteLength * 3) +
      this.thr.byteLength * 2
    );
  }

  /** Sets the inverse temperature: rebuilds the threshold table over all reachable integer fields. */
  setBeta(beta: number): void {
    if (!(beta >= 0) || !Number.isFinite(beta))
      throw new InvlogicError(`beta must be a finite number >= 0, got ${beta}`, 'beta');
    if (beta === this.beta) return;
    this.beta = beta;
    if (this.msc) return this.msc.setBeta(beta);
    for (let k = 0; k < this.thr.length; k++) {
      const field = this.fieldMin + k;
      const p = 1 / (1 + Math.exp(-2 * beta * field));
      const q = Math.round(p * TWO32);
      if (q >= TWO32) {
        this.thrKind[k] = 1;
        this.thr[k] = 0;
      } else if (q <= 0) {
        this.thrKind[k] = -1;
        this.thr[k] = 0;
      } else {
        this.thrKind[k] = 0;
        this.thr[k] = q | 0;
      }
    }
  }

  /** Runs `count` sweeps at the current beta; returns the number of spin updates times replicas done. */
  sweep(count = 1): number {
    requireInt('count', count, 0, 2 ** 31 - 1);
    if (this.msc) return this.msc.sweep(count);
    if (this.wasmSweep) {
      this.wasmArgs[2] = count;
      this.wasmSweep(...this.wasmArgs);
    } else {
      this.sweepJs(count);
    }
    return count * this.n * this.replicas;
  }

  private sweepJs(count: number): void {
    const n = this.n;
    const { rowPtr, edge, baseIdx, weightSum, order, acc, levelMask, levelThr, thr, thrKind, spins } = this;
    const U = this.uPlanes;
    const planes = this.planes;
    const st = this.rng;
    let s0 = st[0];
    let s1 = st[1];
    let s2 = st[2];
    let s3 = st[3];
    for (let w = 0; w < this.words; w++) {
      const off = w * n;
      for (let sw = 0; sw < count; sw++) {
        for (let oi = 0; oi < n; oi++) {
          const i = order[oi];
          // 1. Bit-sliced C = sum_j |J_ij| c_j.
          for (let p = 0; p < planes; p++) acc[p] = 0;
          const end = rowPtr[i + 1];
          for (let e = rowPtr[i]; e < end; e++) {
            const ed = edge[e];
            const c = spins[off + (ed >>> 8)] ^ -((ed >>> 7) & 1);
            let wt = ed & 127;
            let plane = 0;
            while (wt !== 0) {
              if (wt & 1) {
                let carry = c;
                for (let p = plane; carry !== 0 && p < planes; p++) {
                  const a = acc[p];
                  acc[p] = a ^ carry;
                  carry &= a;
                }
              }
              wt >>>= 1;
              plane++;
            }
          }
          // 8 random words: U[b] = bit 24 + b of every replica's uniform u.
          for (let b = 7; b >= 0; b--) {
            const mm = Math.imul(s1, 5);
            U[b] = Math.imul((mm << 7) | (mm >>> 25), 9);
            const tt = s1 << 9;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= tt;
            s3 = (s3 << 11) | (s3 >>> 21);
          }
          const all1 = U[0] & U[1] & U[2] & U[3] & U[4] & U[5] & U[6] & U[7];
          const all0 = ~(U[0] | U[1] | U[2] | U[3] | U[4] | U[5] | U[6] | U[7]);
          // 2. Levels present: mask per C; saturated thresholds decide without randomness; the others compare
          //    the top byte of u with the top byte c of P, and ties go on to bits 23..0.
          const wsum = weightSum[i];
          const k0 = baseIdx[i];
          let numLevels = 0;
          let accept = 0;
          let undecided = 0;
          for (let lev = 0; lev <= wsum; lev++) {
            let m = -1;
            for (let p = 0; p < planes && m !== 0; p++) m &= (lev >>> p) & 1 ? acc[p] : ~acc[p];
            if (m === 0) continue;
            const k = k0 + 2 * lev;
            const kind = thrKind[k];
            if (kind === 1) accept |= m;
            else if (kind === 0) {
              const c = thr[k] >>> 24;
              let lt = 0;
              let eq = m;
              if (c === 255) {
                lt = ~all1;
                eq = m & all1;
              } else if (c === 0) {
                eq = m & all0;
              } else {
                for (let b = 0; b < 8; b++) {
                  const ub = U[b];
                  if ((c >>> b) & 1) {
                    lt |= ~ub;
                    eq &= ub;
                  } else {
                    lt &= ~ub;
                    eq &= ~ub;
                  }
                }
              }
              accept |= m & lt;
              if (eq !== 0) {
                levelMask[numLevels] = eq;
                levelThr[numLevels] = thr[k];
                numLevels++;
                undecided |= eq;
              }
            }
          }
          // 3. Ties: u < P on bits 23..0, MSB first, one random word per bit; decided levels are dropped.
          for (let bit = 23; bit >= 0 && undecided !== 0; bit--) {
            let t = 0;
            for (let l = 0; l < numLevels;) {
              const m = levelMask[l];
              if ((m & undecided) === 0) {
                numLevels--;
                levelMask[l] = levelMask[numLevels];
                levelThr[l] = levelThr[numLevels];
                continue;
              }
              t |= m & -((levelThr[l] >>> bit) & 1);
              l++;
            }
            // xoshiro128** step
            const mm = Math.imul(s1, 5);
            const u = Math.imul((mm << 7) | (mm >>> 25), 9);
            const tt = s1 << 9;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= tt;
            s3 = (s3 << 11) | (s3 >>> 21);
            accept |= undecided & t & ~u;
            undecided &= ~(t ^ u);
          }
          spins[off + i] = accept;
        }
      }
    }
    st[0] = s0;
    st[1] = s1;
    st[2] = s2;
    st[3] = s3;
  }

  /** Spins (+-1) of one replica. */
  replica(r: number, out: Int8Array = new Int8Array(this.n)): Int8Array {
    if (this.msc) return this.msc.replica(r, out);
    const w = Math.floor(r / this.lanes);
    const q = (r % this.lanes) >>> 5;
    const b = r & 31;
    const stride = this.i32PerWord;
    const off = w * this.n * stride + q;
    for (let i = 0; i < this.n; i++) out[i] = (this.spins[off + i * stride] >>> b) & 1 ? 1 : -1;
    return out;
  }
}

/** Validated options with defaults. */
function resolveOptions(
  options: PackedSampleOptions,
  free: IsingModel,
): Required<Omit<PackedSampleOptions, 'schedule' | 'beta' | 'onProgress'>> & { betas: Float64Array } {
  rejectUnknownKeys('packed sampler options', options, OPTION_KEYS);
  const numReads = requireInt('numReads', options.numReads ?? 32, 1, 2 ** 24);
  const sweeps = requireInt('sweeps', options.sweeps ?? 1000, 1, 2 ** 31 - 1);
  const order = requireOneOf('order', options.order ?? 'sequential', PACKED_ORDERS);
  const backend = requireOneOf('backend', options.backend ?? packedDefaultBackend(free), PACKED_BACKENDS);
  const seed = options.seed ?? 0;
  if (options.schedule !== undefined && options.beta !== undefined) {
    throw new InvlogicError('give either beta (a constant) or schedule, not both', 'beta');
  }
  const spec = options.schedule ?? { kind: 'constant', value: options.beta ?? 1 };
  const betas = scheduleValues(
    spec,
    sweeps,
    {},
    options.schedule !== undefined || options.beta === undefined ? 'schedule' : 'beta',
  );
  return { numReads, sweeps, order, backend, seed, betas };
}

/**
 * The sampler's default kernel for a clamp-free model: 'msc' (the multi-spin-coded heat bath, packed-msc.ts)
 * when every spin's sum of |J| fits its eight bit planes, else 'wasm'.
 */
export function packedDefaultBackend(free: IsingModel): PackedBackend {
  const s = new Float64Array(free.n);
  for (let k = 0; k < free.numEdges; k++) {
    const a = Math.abs(free.edgeW[k]);
    s[free.edgeI[k]] += a;
    s[free.edgeJ[k]] += a;
  }
  for (let i = 0; i < free.n; i++) if (s[i] > MSC_MAX_WEIGHT) return 'wasm';
  return 'msc';
}

/** Runs the packed chains over a schedule (consecutive sweeps at equal beta are batched). */
export function runPacked(chains: PackedChains, betas: Float64Array): void {
  let t = 0;
  while (t < betas.length) {
    let u = t + 1;
    while (u < betas.length && betas[u] === betas[t]) u++;
    chains.setBeta(betas[t]);
    chains.sweep(u - t);
    t = u;
  }
}

/**
 * Reads are computed in blocks of PACKED_BLOCK replicas, block b on random stream b of the seed, so a SampleSet
 * does not depend on how the blocks are spread over threads (`samplePackedParallel` = `sampleIsing`, bit for bit).
 */
export const PACKED_BLOCK = 512;

type ResolvedPacked = ReturnType<typeof resolveOptions>;

/**
 * Free-spin reads of blocks [first, first + count) of a clamp-free model, replica-major (read r occupies
 * out[r*n .. r*n + n - 1], spins +-1), every chain run over the whole schedule.
 */
export function packedBlocks(
  free: IsingModel,
  o: ResolvedPacked,
  first: number,
  count: number,
  onProgress?: (readsDone: number, numReads: number) => void,
): Int8Array {
  const n = free.n;
  const start = first * PACKED_BLOCK;
  const end = Math.min(o.numReads, (first + count) * PACKED_BLOCK);
  const out = new Int8Array(Math.max(0, end - start) * n);
  if (n === 0) return out;
  for (let b = first; b < first + count && b * PACKED_BLOCK < end; b++) {
    const reps = Math.min(PACKED_BLOCK, o.numReads - b * PACKED_BLOCK);
    const chains = new PackedChains(free, reps, o.seed, { order: o.order, backend: o.backend, stream: b });
    runPacked(chains, o.betas);
    for (let r = 0; r < reps; r++)
      chains.replica(r, out.subarray((b * PACKED_BLOCK + r - start) * n, (b * PACKED_BLOCK + r - start + 1) * n));
    onProgress?.(b * PACKED_BLOCK + reps - start, end - start);
  }
  return out;
}

function toSampleSet(model: IsingModel, reduced: ReducedModel, o: ResolvedPacked, freeReads: Int8Array): SampleSet {
  const n = reduced.model.n;
  const reads = new SampleAggregator(model);
  const full = new Int8Array(model.n);
  for (let r = 0; r < o.numReads; r++) reads.add(reduced.expand(freeReads.subarray(r * n, (r + 1) * n), full));
  return reads.toSampleSet({
    sampler: 'packed',
    numReads: o.numReads,
    sweeps: o.sweeps,
    order: o.order,
    backend: o.backend,
    replicasPerWord: PACKED_LANES[o.backend],
    spinUpdates: o.sweeps * n * o.numReads,
  });
}

/** The sampler: numReads independent chains (128 per word in wasm, 32 in js), each a full exact p-bit chain. */
export const packedSampler: Sampler<PackedSampleOptions> = {
  name: 'packed',
  sampleIsing(model: IsingModel, options: PackedSampleOptions = {}): SampleSet {
    const reduced = reduceClamped(model);
    const o = resolveOptions(options, reduced.model);
    const blocks = Math.ceil(o.numReads / PACKED_BLOCK);
    return toSampleSet(model, reduced, o, packedBlocks(reduced.model, o, 0, blocks, options.onProgress));
  },
};

/** Worker entry of samplePackedParallel (lib/parallel task): blocks of a model given as JSON. */
export function packedBlocksTask(arg: {
  model: unknown;
  options: PackedSampleOptions;
  first: number;
  count: number;
}): Int8Array {
  const free = reduceClamped(modelFromJson(arg.model)).model;
  return packedBlocks(free, resolveOptions(arg.options, free), arg.first, arg.count);
}

/**
 * `packedSampler.sampleIsing` with the blocks of reads spread over `jobs` worker threads (default: all cores).
 * Same SampleSet as the one-thread call, bit for bit.
 */
export async function samplePackedParallel(
  model: IsingModel,
  options: PackedSampleOptions = {},
  pool: { jobs?: number } = {},
): Promise<SampleSet> {
  const reduced = reduceClamped(model);
  const o = resolveOptions(options, reduced.model);
  const blocks = Math.ceil(o.numReads / PACKED_BLOCK);
  const jobs = Math.min(requireInt('jobs', pool.jobs ?? defaultJobs(), 1, 1024), blocks);
  if (jobs === 1) return packedSampler.sampleIsing(model, options);
  const counts = Array.from(
    { length: jobs },
    (_, k) => Math.floor(((k + 1) * blocks) / jobs) - Math.floor((k * blocks) / jobs),
  );
  const json = modelToJson(model);
  const workers = createPool({ module: __filename, jobs });
  try {
    let first = 0;
    const items = counts.map((count) => {
      const item = { model: json, options, first, count };
      first += count;
      return item;
    });
    const parts = await workers.map<(typeof items)[number], Int8Array>(items, 'packedBlocksTask');
    const all = new Int8Array(o.numReads * reduced.model.n);
    let off = 0;
    for (const part of parts) {
      all.set(part, off);
      off += part.length;
    }
    return toSampleSet(model, reduced, o, all);
  } finally {
    await workers.close();
  }
}

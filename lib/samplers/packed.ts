/**
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
 * Order: `sequential` visits spins 0..n-1, `chromatic` visits colour classes (lib/samplers/coloring.ts);
 * both are systematic-scan Gibbs sweeps with the Boltzmann law stationary.
 */
import { IsingModel, ReducedModel, SampleSet, reduceClamped } from '../ising';
import { InvlogicError, rejectUnknownKeys, requireInt, requireOneOf } from '../errors';
import { Seed, hashSeed } from '../rng';
import { ScheduleSpec, scheduleValues } from './schedule';
import type { BaseSampleOptions, Sampler } from './types';
import { greedyColoring } from './coloring';

export type PackedOrder = 'sequential' | 'chromatic';
export const PACKED_ORDERS: readonly PackedOrder[] = ['sequential', 'chromatic'];

export interface PackedSampleOptions extends BaseSampleOptions {
  /** Sweeps per read (default 1000). */
  sweeps?: number;
  /** beta per sweep (default constant 1). */
  schedule?: ScheduleSpec;
  /** Visiting order within a sweep (default sequential). */
  order?: PackedOrder;
}

const OPTION_KEYS = ['numReads', 'seed', 'sweeps', 'schedule', 'order'];
const TWO32 = 4294967296;
/** Replicas per machine word. */
export const PACKED_LANES = 32;

/**
 * The packed chains of one model: spin words, the integer kernel data and the random state. Build once, then
 * call `setBeta` and `sweep` as often as needed (the benchmark does exactly this).
 */
export class PackedChains {
  readonly n: number;
  readonly replicas: number;
  readonly words: number;
  /** S[w*n + i]: bit r = spin i of replica 32w + r. */
  readonly spins: Int32Array;
  private readonly rowPtr: Int32Array;
  private readonly col: Int32Array;
  private readonly absJ: Int32Array;
  /** -1 where J < 0 (flip the neighbour's bit), else 0. */
  private readonly negJ: Int32Array;
  private readonly base: Int32Array;
  private readonly weightSum: Int32Array;
  private readonly order: Int32Array;
  private readonly planes: number;
  private readonly acc: Int32Array;
  private readonly levelMask: Int32Array;
  private readonly levelThr: Int32Array;
  /** thr[I - fieldMin] = round(p(I) 2^32) as uint32 bits; saturated levels are handled by `always`/`never`. */
  private readonly thr: Int32Array;
  private readonly thrKind: Int8Array; // 0 = random, 1 = always +1, -1 = always -1
  private readonly fieldMin: number;
  private readonly rng: Int32Array;
  private beta = NaN;

  constructor(model: IsingModel, replicas: number, seed: Seed, order: PackedOrder = 'sequential', stream = 0) {
    if (model.clamp.size > 0) throw new InvlogicError('PackedChains takes an unclamped (reduced) model', 'model');
    if (!model.isInteger()) {
      throw new InvlogicError('the packed sampler needs integer h and J (scale the model or use the exact sampler)', 'model');
    }
    requireInt('replicas', replicas, 1, 2 ** 24);
    requireOneOf('order', order, PACKED_ORDERS);
    const n = model.n;
    this.n = n;
    this.replicas = replicas;
    this.words = Math.ceil(replicas / PACKED_LANES);
    const csr = model.csr();
    this.rowPtr = csr.rowPtr;
    this.col = csr.col;
    this.absJ = Int32Array.from(csr.w, (v) => Math.abs(v));
    this.negJ = Int32Array.from(csr.w, (v) => (v < 0 ? -1 : 0));
    this.base = new Int32Array(n);
    this.weightSum = new Int32Array(n);
    let maxW = 0;
    let fMin = 0;
    let fMax = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let p = csr.rowPtr[i]; p < csr.rowPtr[i + 1]; p++) s += this.absJ[p];
      if (s > 2 ** 30) throw new InvlogicError(`spin ${i}: sum of |J| ${s} exceeds 2^30`, 'model');
      this.weightSum[i] = s;
      this.base[i] = model.h[i] - s;
      maxW = Math.max(maxW, s);
      fMin = Math.min(fMin, model.h[i] - s);
      fMax = Math.max(fMax, model.h[i] + s);
    }
    this.planes = 32 - Math.clz32(maxW) + 1;
    this.acc = new Int32Array(this.planes);
    this.levelMask = new Int32Array(maxW + 1);
    this.levelThr = new Int32Array(maxW + 1);
    this.fieldMin = fMin;
    this.thr = new Int32Array(fMax - fMin + 1);
    this.thrKind = new Int8Array(fMax - fMin + 1);
    this.order = order === 'chromatic' ? greedyColoring(n, csr).order : Int32Array.from({ length: n }, (_, i) => i);
    this.spins = new Int32Array(this.words * n);
    const st = hashSeed(seed, stream, 4);
    this.rng = Int32Array.from(st);
    // Random start: every replica's spins uniform.
    for (let k = 0; k < this.spins.length; k++) this.spins[k] = this.nextWord();
    this.maskUnusedLanes();
    this.setBeta(1);
  }

  private nextWord(): number {
    const s = this.rng;
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

  /** Lanes beyond `replicas` in the last word are kept at 0 only for tidiness (they are never read). */
  private maskUnusedLanes(): void {
    const rem = this.replicas % PACKED_LANES;
    if (rem === 0) return;
    const keep = (1 << rem) - 1;
    const w = this.words - 1;
    for (let i = 0; i < this.n; i++) this.spins[w * this.n + i] &= keep;
  }

  /** Sets the inverse temperature: rebuilds the threshold table over all reachable integer fields. */
  setBeta(beta: number): void {
    if (!(beta >= 0) || !Number.isFinite(beta)) throw new InvlogicError(`beta must be a finite number >= 0, got ${beta}`, 'beta');
    if (beta === this.beta) return;
    this.beta = beta;
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
    const n = this.n;
    const { rowPtr, col, absJ, negJ, base, weightSum, order, acc, levelMask, levelThr, thr, thrKind, spins } = this;
    const planes = this.planes;
    const fieldMin = this.fieldMin;
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
            const c = spins[off + col[e]] ^ negJ[e];
            let wt = absJ[e];
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
          // 2. Levels present: mask per C; saturated thresholds decide without randomness.
          const wsum = weightSum[i];
          const thrOff = base[i] - fieldMin;
          let numLevels = 0;
          let accept = 0;
          let undecided = 0;
          for (let lev = 0; lev <= wsum; lev++) {
            let m = -1;
            for (let p = 0; p < planes && m !== 0; p++) m &= (lev >>> p) & 1 ? acc[p] : ~acc[p];
            if (m === 0) continue;
            const k = thrOff + 2 * lev;
            const kind = thrKind[k];
            if (kind === 1) accept |= m;
            else if (kind === 0) {
              levelMask[numLevels] = m;
              levelThr[numLevels] = thr[k];
              numLevels++;
              undecided |= m;
            }
          }
          // 3. Per-replica u < P, u drawn MSB first one random word per bit.
          for (let bit = 31; bit >= 0 && undecided !== 0; bit--) {
            let t = 0;
            for (let l = 0; l < numLevels; l++) t |= levelMask[l] & -((levelThr[l] >>> bit) & 1);
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
    this.maskUnusedLanes();
    return count * n * this.replicas;
  }

  /** Spins (+-1) of one replica. */
  replica(r: number, out: Int8Array = new Int8Array(this.n)): Int8Array {
    const w = Math.floor(r / PACKED_LANES);
    const b = r % PACKED_LANES;
    const off = w * this.n;
    for (let i = 0; i < this.n; i++) out[i] = (this.spins[off + i] >>> b) & 1 ? 1 : -1;
    return out;
  }
}

/** Validated options with defaults. */
function resolveOptions(options: PackedSampleOptions): Required<Omit<PackedSampleOptions, 'schedule'>> & { betas: Float64Array } {
  rejectUnknownKeys('packed sampler options', options, OPTION_KEYS);
  const numReads = requireInt('numReads', options.numReads ?? 32, 1, 2 ** 24);
  const sweeps = requireInt('sweeps', options.sweeps ?? 1000, 1, 2 ** 31 - 1);
  const order = requireOneOf('order', options.order ?? 'sequential', PACKED_ORDERS);
  const seed = options.seed ?? 0;
  const betas = scheduleValues(options.schedule ?? { kind: 'constant', value: 1 }, sweeps, {}, 'schedule');
  return { numReads, sweeps, order, seed, betas };
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

export interface PackedRun {
  reduced: ReducedModel;
  chains: PackedChains;
}

/** The sampler: numReads independent chains, 32 per word, each a full exact p-bit chain over the schedule. */
export const packedSampler: Sampler<PackedSampleOptions> = {
  name: 'packed',
  sampleIsing(model: IsingModel, options: PackedSampleOptions = {}): SampleSet {
    const o = resolveOptions(options);
    const start = process.hrtime.bigint();
    const reduced = reduceClamped(model);
    const reads: Int8Array[] = [];
    if (reduced.model.n === 0) {
      for (let r = 0; r < o.numReads; r++) reads.push(reduced.expand(new Int8Array(0)));
    } else {
      const chains = new PackedChains(reduced.model, o.numReads, o.seed, o.order);
      runPacked(chains, o.betas);
      const buf = new Int8Array(reduced.model.n);
      for (let r = 0; r < o.numReads; r++) reads.push(reduced.expand(chains.replica(r, buf)));
    }
    const timeS = Number(process.hrtime.bigint() - start) / 1e9;
    return SampleSet.fromReads(model, reads, {
      sampler: 'packed',
      numReads: o.numReads,
      sweeps: o.sweeps,
      order: o.order,
      replicasPerWord: PACKED_LANES,
      spinUpdates: o.sweeps * reduced.model.n * o.numReads,
      timeS,
    });
  },
};

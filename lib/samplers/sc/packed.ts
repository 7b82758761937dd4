/**
 * Read-packed WebAssembly kernel of the SC spin-gate model (lib/samplers/wasm/sc.wat): runs 16 reads per v128
 * (8-bit lanes, `cycles8`) or 8 (16-bit lanes, `cycles`; see scPackedLanes) and up to SC_PACKED_MAX_VECTORS
 * vectors per pass, every read bit-exact with the scalar kernel of sc.ts and hence with docs/sc-model.md. It covers the configuration of training runs and
 * benchmarks; runSc uses it automatically when
 *   prng 'xorshift64p', noiseKind 'dense', valid 'none', readout 'final', no trace,
 *   and every integer fits a 16-bit lane (exact field bound and counter width <= 15 bits),
 * and falls back to the scalar kernel otherwise (scPackedUnsupported says why).
 *
 * Per clock cycle and free spin the kernel recomputes the whole field from m(t) (no flip list: at the high
 * flip rates of annealing, e.g. 0.8 per spin-cycle on the BCNN circuit at I0 = 1, recomputing is cheaper than
 * scattering updates). Clamped spins are folded into a per-spin constant heff_i = h_i + sum_j J_ij c_j, which
 * is exact because the spec sums the field at full width before reducing it (docs §1, §6). The random bits are
 * those of docs §3.1: generator X[0][g] of read r drives spins 64g..64g+63; the kernel steps the generators of
 * each 8 reads and group and transposes their 8 output words into one byte per spin (bit l = read l).
 */
import { InvlogicError } from '../../errors';
import { hashSeed } from '../../rng';
import type { ScPlan } from './plan';
import { scReadSeed } from './prng';
import { instantiateWasm, wasmModule } from '../wasm-module';

/** Largest number of 8-read vectors per spin in one pass (pass = up to 8 * this many reads). */
export const SC_PACKED_MAX_VECTORS = 4;

/** The compiled kernel, or null when the runtime cannot run it (then runSc uses the scalar kernel). */
function scWasmModule(): object | null {
  return wasmModule('sc').module;
}

/** Largest |h_i + sum_j J_ij m_j + noise| over free spins i the run can produce (cf. the auto field width, docs §1). */
function exactFieldBound(plan: ScPlan): number {
  let maxNoise = 0;
  for (let t = 0; t < plan.cycles; t++) if (plan.nrnd[t] > maxNoise) maxNoise = plan.nrnd[t];
  let worst = 0;
  for (const i of plan.free) {
    let s = Math.abs(plan.h[i]);
    for (let p = plan.rowPtr[i]; p < plan.rowPtr[i + 1]; p++) s += Math.abs(plan.w[p]);
    if (s > worst) worst = s;
  }
  return worst + maxNoise;
}

/** Why the packed kernel cannot run this plan, or null when it can. */
export function scPackedUnsupported(plan: ScPlan): string | null {
  if (plan.prng !== 'xorshift64p') return `prng ${plan.prng}`;
  if (plan.noiseKind !== 'dense') return `noiseKind ${plan.noiseKind}`;
  if (plan.update !== 'synchronous') return `update ${plan.update}`;
  if (plan.valid.kind !== 'none') return 'validity tracking';
  if (plan.trace) return 'trace';
  if (plan.prngInit) return 'prngInit';
  if (plan.readout.kind !== 'final') return `readout ${plan.readout.kind}`;
  if (plan.stopOnValid) return 'stopOnValid';
  if (plan.free.length === 0) return 'no free spins';
  if (plan.widths.itanhBits > 15) return 'itanhBits > 15';
  if (exactFieldBound(plan) > 2 ** 14 - 1) return 'field exceeds 15 bits';
  const V = Math.min(SC_PACKED_MAX_VECTORS, Math.ceil(plan.numReads / 8));
  const bytes = 8 * plan.rowPtr[plan.n] + 20 * plan.free.length + 48 * V * plan.free.length + 192 * V * plan.n;
  if (bytes > 2 ** 31 - 2 ** 20) return 'needs more than 2 GiB of wasm memory';
  if (scWasmModule() === null) return 'no WebAssembly SIMD';
  return null;
}

type Fn = (...args: number[]) => void;

/** Result of the packed kernel: per read the final spins (full vector) and its flip count. */
export interface ScPackedResult {
  finals: Int8Array[];
  flips: number[];
}

/** Largest |h_i + sum_j J_ij m_j + noise| of free spin `i` over the run. */
function spinFieldBound(plan: ScPlan, i: number, maxNoise: number): number {
  let s = Math.abs(plan.h[i]);
  for (let p = plan.rowPtr[i]; p < plan.rowPtr[i + 1]; p++) s += Math.abs(plan.w[p]);
  return s + maxNoise;
}

/**
 * Lane width of the kernel for this plan: 16 reads per vector (8-bit lanes, `cycles8`) when the clip range
 * fits 8 bits (max I0 <= 128), the field adder is auto-width, every coupling of a free spin fits 8 bits and
 * at most a quarter of the free spins have fields beyond 8 bits (those are summed in 16 bits); otherwise 8 reads
 * per vector (16-bit lanes, `cycles`).
 */
export function scPackedLanes(plan: ScPlan): 8 | 16 {
  if (plan.fieldLimited) return 8;
  let maxI0 = 0;
  let maxNoise = 0;
  for (let t = 0; t < plan.cycles; t++) {
    if (plan.i0[t] > maxI0) maxI0 = plan.i0[t];
    if (plan.nrnd[t] > maxNoise) maxNoise = plan.nrnd[t];
  }
  if (maxI0 > 128) return 8;
  let heavy = 0;
  for (const i of plan.free) {
    if (spinFieldBound(plan, i, maxNoise) > 127) heavy++;
    // every coupling enters as an 8-bit lane (J & M_j), also those of the spins summed in 16 bits
    for (let p = plan.rowPtr[i]; p < plan.rowPtr[i + 1]; p++) if (Math.abs(plan.w[p]) > 127) return 8;
  }
  return 4 * heavy <= plan.free.length ? 16 : 8;
}

/**
 * Runs reads `0..plan.numReads-1` of the plan (the caller checked scPackedUnsupported(plan) === null).
 * `maxVectors` (1..SC_PACKED_MAX_VECTORS) bounds the vectors per spin of one pass; `lanes` forces the lane
 * width (default scPackedLanes(plan)).
 */
export function runScPacked(
  plan: ScPlan,
  maxVectors = SC_PACKED_MAX_VECTORS,
  lanes: 8 | 16 = scPackedLanes(plan),
  lanePlans?: readonly ScPlan[],
): ScPackedResult {
  const { n, clampOf, rowPtr, col, w, h, cycles } = plan;
  // lanePlans (runScLanes): read r is circuit r, with its own clamp values, h and seed (16-bit lanes).
  const numReads = lanePlans ? lanePlans.length : plan.numReads;
  const L = lanePlans ? 8 : lanes;
  const B8 = L / 8; // 8-read PRNG blocks per vector
  const nFree = plan.free.length;
  const G = Math.ceil(n / 64);
  const Vmax = Math.max(1, Math.min(maxVectors, SC_PACKED_MAX_VECTORS, Math.ceil(numReads / L)));
  let maxNoise = 0;
  for (let t = 0; t < cycles; t++) if (plan.nrnd[t] > maxNoise) maxNoise = plan.nrnd[t];
  // Kernel order of the free spins: with 8-bit lanes the spins with wider fields come first (nHeavy).
  let order = plan.free;
  let nHeavy = 0;
  if (L === 16) {
    const heavy: number[] = [];
    const light: number[] = [];
    for (const i of plan.free) (spinFieldBound(plan, i, maxNoise) > 127 ? heavy : light).push(i);
    nHeavy = heavy.length;
    order = Int32Array.from([...heavy, ...light]);
  }
  // Reduced model over free spins.
  const kOf = new Int32Array(n).fill(-1);
  for (let k = 0; k < nFree; k++) kOf[order[k]] = k;
  const heff = new Int32Array(nFree);
  const sumJ = new Int32Array(nFree);
  const rowF = new Int32Array(nFree + 1);
  for (let k = 0; k < nFree; k++) {
    const i = order[k];
    let hk = h[i];
    let deg = 0;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      const j = col[p];
      if (clampOf[j] !== 0) hk += w[p] * clampOf[j];
      else {
        deg++;
        sumJ[k] += w[p];
      }
    }
    heff[k] = hk;
    rowF[k + 1] = rowF[k] + deg;
  }
  const nE = rowF[nFree];
  // Memory layout (16-byte aligned blocks).
  let top = 64;
  const alloc = (bytes: number): number => {
    const a = top;
    top += Math.ceil(bytes / 16) * 16;
    return a;
  };
  const pEdge = alloc(8 * nE);
  const pSpin = alloc(16 * nFree);
  const pOrig = alloc(4 * nFree);
  const pTbl = alloc(6144);
  const pState = alloc(Vmax * B8 * G * 8 * 16);
  const pRb = alloc(Vmax * B8 * G * 64);
  const pScr = alloc(64);
  const vecBytes = nFree * Vmax * 16;
  const pItanh = alloc(vecBytes);
  const pMa = alloc(vecBytes);
  const pMb = alloc(vecBytes);
  const pFtot = alloc(Vmax * L * 4);
  const pHv = lanePlans ? alloc(vecBytes) : 0;
  if (top > 2 ** 31)
    throw new InvlogicError(`the packed SC kernel needs ${top} bytes of wasm memory (max 2 GiB)`, 'model');
  const { memory, fns } = instantiateWasm(scWasmModule()!, Math.ceil(top / 65536));
  const cyclesFn = fns.cycles as Fn;
  const cycles8Fn = fns.cycles8 as Fn;
  const resetFn = fns.reset as Fn;
  const prngFn = fns.prng as Fn;
  const buf = memory.buffer;
  const spin = new Int32Array(buf, pSpin, 4 * nFree);
  for (let k = 0; k < nFree; k++) {
    spin[4 * k] = pEdge + 8 * rowF[k + 1];
    // 16-bit lanes: heff; 8-bit lanes: base = heff - sum_j J_kj (field = base + 2 sum_j (J & M_j))
    spin[4 * k + 1] = L === 16 ? heff[k] - sumJ[k] : heff[k];
    spin[4 * k + 2] = order[k];
  }
  new Int32Array(buf, pOrig, nFree).set(order);
  const edge = new Int32Array(buf, pEdge, 2 * nE);
  const state = new Uint32Array(buf, pState, Vmax * B8 * G * 8 * 4);
  const rbView = new Uint8Array(buf, pRb, Vmax * B8 * G * 64);
  const m16 = [new Int16Array(buf, pMa, nFree * Vmax * 8), new Int16Array(buf, pMb, nFree * Vmax * 8)];
  const m8 = [new Int8Array(buf, pMa, nFree * Vmax * 16), new Int8Array(buf, pMb, nFree * Vmax * 16)];
  const itanh8 = new Int8Array(buf, pItanh, nFree * Vmax * 16);
  const ftot = new Uint32Array(buf, pFtot, Vmax * L);
  // Per-lane heff of each circuit (same free set and couplings; own clamp values and h).
  const heffOf = (lp: ScPlan): Int32Array => {
    const out = new Int32Array(nFree);
    for (let k = 0; k < nFree; k++) {
      const i = order[k];
      let hk = lp.h[i];
      for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) if (clampOf[col[p]] !== 0) hk += w[p] * lp.clampOf[col[p]];
      out[k] = hk;
    }
    return out;
  };
  const laneHeff = lanePlans ? lanePlans.map(heffOf) : [];
  const hv = lanePlans ? new Int16Array(buf, pHv, nFree * Vmax * 8) : new Int16Array(0);

  // Constant-(I0, n_rnd) segments of the schedule: one kernel call each.
  const segs: number[] = [];
  for (let t = 0; t < cycles;) {
    let u = t + 1;
    while (u < cycles && plan.i0[u] === plan.i0[t] && plan.nrnd[u] === plan.nrnd[t]) u++;
    segs.push(u - t, plan.i0[t], plan.nrnd[t]);
    t = u;
  }
  const lim = plan.fieldLimited ? (plan.widths.fieldOverflow === 'wrap' ? 2 : 1) : 0;
  const fBits = Math.min(plan.widths.fieldBits, 16);
  const fHalf = 2 ** (fBits - 1);
  const fMask = 2 ** fBits - 1;

  // Cycles per kernel call such that a read's u32 flip total cannot overflow within one call.
  const maxCall = Math.max(1, Math.floor(2 ** 32 / (nFree + 1)) - 1);
  const totals = new Float64Array(Vmax * L);
  const finals: Int8Array[] = [];
  const flips: number[] = [];
  for (let r0 = 0; r0 < numReads; r0 += L * Vmax) {
    const V = Math.min(Vmax, Math.ceil((numReads - r0) / L));
    const Vw = V * B8;
    // Edge table for this V: neighbour byte offset col * V * 16 and J.
    for (let k = 0, q = 0; k < nFree; k++) {
      const i = order[k];
      for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
        const j = col[p];
        if (clampOf[j] !== 0) continue;
        edge[2 * q] = kOf[j] * V * 16;
        edge[2 * q + 1] = w[p];
        q++;
      }
    }
    // Seeds (docs §3.3): lane 0, group g of read r = stream g of read r's seed; unused lanes stay zero.
    // Generator (b, g, l) drives read r0 + 8 b + l.
    state.fill(0);
    for (let b = 0; b < Vw; b++) {
      for (let l = 0; l < 8; l++) {
        const r = r0 + 8 * b + l;
        if (r >= numReads) continue;
        const rs = lanePlans ? scReadSeed(lanePlans[r].seed, 0) : scReadSeed(plan.seed, r);
        for (let g = 0; g < G; g++) {
          const s = hashSeed(rs, g, 4); // [s0 hi, s0 lo, s1 hi, s1 lo]
          const o = ((b * G + g) * 8 + l) * 4;
          state[o] = s[1];
          state[o + 1] = s[0];
          state[o + 2] = s[3];
          state[o + 3] = s[2];
        }
      }
    }
    if (lanePlans) {
      for (let k = 0; k < nFree; k++)
        for (let v = 0; v < V; v++)
          for (let l = 0; l < 8; l++) {
            const r = r0 + 8 * v + l;
            hv[(k * V + v) * 8 + l] = r < numReads ? laneHeff[r][k] : 0;
          }
    }
    ftot.fill(0);
    totals.fill(0);
    const random = plan.init === 'random' ? 1 : 0;
    if (random) prngFn(Vw, G, pState, pRb, pScr);
    if (L === 8) resetFn(nFree, V, pOrig, pRb, G * 64, pItanh, pMa, random);
    else {
      // Reset (docs §4) into 8-bit lanes: Itanh = reset bit ? 0 : -1 (zero init: 0); M = -1 iff Itanh >= 0.
      const mA = m8[0];
      for (let k = 0; k < nFree; k++) {
        for (let v = 0; v < V; v++) {
          for (let q = 0; q < 16; q++) {
            const byte = rbView[(2 * v + (q >> 3)) * G * 64 + order[k]];
            const it = random && ((byte >>> (q & 7)) & 1) === 0 ? -1 : 0;
            itanh8[(k * V + v) * 16 + q] = it;
            mA[(k * V + v) * 16 + q] = it >= 0 ? -1 : 0;
          }
        }
      }
    }
    let odd = 0;
    for (let s = 0; s < segs.length; s += 3) {
      const i0 = segs[s + 1];
      const nr = segs[s + 2];
      for (let left = segs[s]; left > 0;) {
        const count = Math.min(left, maxCall);
        const a = odd ? pMb : pMa;
        const b = odd ? pMa : pMb;
        if (L === 8) {
          cyclesFn(
            count,
            nFree,
            V,
            G,
            pEdge,
            pSpin,
            pTbl,
            pState,
            pRb,
            pScr,
            pItanh,
            a,
            b,
            pFtot,
            -i0,
            i0 - 1,
            nr,
            lim,
            fHalf,
            fMask,
            pHv,
          );
        } else {
          cycles8Fn(
            count,
            nFree,
            nHeavy,
            V,
            G,
            pEdge,
            pSpin,
            pTbl,
            pState,
            pRb,
            pScr,
            pItanh,
            a,
            b,
            pFtot,
            -i0,
            i0 - 1,
            nr,
          );
        }
        odd ^= count & 1;
        left -= count;
        for (let q = 0; q < L * V; q++) totals[q] += ftot[q];
        ftot.fill(0);
      }
    }
    for (let v = 0; v < V; v++) {
      for (let l = 0; l < L; l++) {
        const r = r0 + L * v + l;
        if (r >= numReads) continue;
        const out = new Int8Array(n);
        const clamps = lanePlans ? lanePlans[r].clampOf : clampOf;
        for (let i = 0; i < n; i++) out[i] = clamps[i];
        if (L === 8) {
          const mf = m16[odd];
          for (let k = 0; k < nFree; k++) out[order[k]] = mf[(k * V + v) * 8 + l];
        } else {
          const mf = m8[odd];
          for (let k = 0; k < nFree; k++) out[order[k]] = mf[(k * V + v) * 16 + l] !== 0 ? 1 : -1;
        }
        finals.push(out);
        flips.push(totals[v * L + l]);
      }
    }
  }
  return { finals, flips };
}

/** Why plan `b` cannot share a packed pass with plan `a` as another lane, or null when it can. */
export function scLaneMismatch(a: ScPlan, b: ScPlan): string | null {
  const same = (x: ArrayLike<number>, y: ArrayLike<number>): boolean => {
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  };
  if (a.n !== b.n || !same(a.rowPtr, b.rowPtr) || !same(a.col, b.col) || !same(a.w, b.w)) return 'couplings differ';
  if (!same(a.free, b.free)) return 'the clamped spins differ (their values may differ, not the set)';
  if (a.cycles !== b.cycles || !same(a.i0, b.i0) || !same(a.nrnd, b.nrnd)) return 'the schedules differ';
  if (JSON.stringify(a.widths) !== JSON.stringify(b.widths)) return 'the register widths differ';
  if (a.coefficientScale !== b.coefficientScale || a.fieldLimited !== b.fieldLimited) return 'the scaling differs';
  if (a.init !== b.init) return 'init differs';
  return null;
}

/**
 * Independent circuits of one shape (same couplings and clamped set; own clamp values, h and seed) as the
 * lanes of packed passes: result r is bit for bit the single read of `runScPacked(plans[r])` with numReads 1
 * (16-bit lanes, 8 circuits per v128, up to 8 * SC_PACKED_MAX_VECTORS per pass). Throws (naming why) when a
 * plan cannot run packed or does not match plans[0].
 */
export function runScLanes(plans: readonly ScPlan[]): ScPackedResult {
  if (plans.length === 0) return { finals: [], flips: [] };
  plans.forEach((p, r) => {
    const why = scPackedUnsupported(p) ?? scLaneMismatch(plans[0], p);
    if (why !== null) throw new InvlogicError(`plans[${r}]: cannot run as a packed lane: ${why}`, 'plans');
  });
  return runScPacked(plans[0], SC_PACKED_MAX_VECTORS, 8, plans);
}

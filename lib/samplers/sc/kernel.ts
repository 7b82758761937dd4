/**
 * The scalar cycle kernel of the SC model (docs/sc-model.md §2-§7): integer CSR, typed arrays, no allocation
 * and no closure per cycle. The field sums h_i + sum_j J_ij m_j are kept incrementally (updated only when a
 * spin flips), which gives the same integers as recomputing them. A run's registers and scratch live in one
 * ScKernelState (reused across reads); a read's bookkeeping (validity, read-out window, trace) in a ReadState.
 * The read-packed WebAssembly kernel (packed.ts) covers the training case; this one covers everything.
 */
import { InvlogicError } from '../../errors';
import type { ScPlan } from './plan';
import type { ScBitSource } from './prng';
import { emitState, hexToSpins, spinsToHex } from './trace';

/** Per-read statistics (docs/sc-model.md §7). */
export interface ScReadStats {
  /** First t in [0, T] with m(t) valid, or null (also null when validity is not tracked). */
  cyclesToValid: number | null;
  /** Fraction of t in (occupancyFrom, T] with m(t) valid; null when validity is not tracked or stopOnValid. */
  validFraction: number | null;
  /** Energy of the final state m(T) in the scaled integer (hardware) model. */
  finalEnergy: number;
  /** Whether m(T) is valid (null when validity is not tracked). */
  validAtEnd: boolean | null;
  /** Total number of spin flips over the run. */
  flips: number;
}

/** The registers of every spin, the kernel's view of the plan, and scratch; one per run, reused across reads. */
export interface ScKernelState {
  readonly plan: ScPlan;
  readonly src: ScBitSource;
  readonly n: number;
  /** Itanh counters, spins, kept field sums G_i = h_i + F_i. */
  readonly itanh: Int32Array;
  readonly m: Int8Array;
  readonly field: Int32Array;
  /** Spins whose sign changed this phase (ascending). */
  readonly flip: Int32Array;
  /** Majority read-out: cycles with m_i = +1 inside the window. */
  readonly count: Int32Array;
  /** Word views for the dense kernel: free-spin mask and sign bits (bit set = spin -1). */
  readonly freeWords: Uint32Array;
  readonly neg: Uint32Array;
  /** CSR over free spins and their free neighbours: the only fields a flip must update (clamped spins' fields are never read). */
  readonly fRow: Int32Array;
  readonly fCol: Int32Array;
  readonly fW: Int32Array;
  /** Dense noise, auto-width field, synchronous: the word-at-a-time cycle applies. */
  readonly dense: boolean;
  /** 0 dense, 1 sparse, 2 uniform. */
  readonly noiseKind: number;
  readonly resolutionBits: number;
  readonly sparseThreshold: number;
  /** Narrow field adder: saturate, or wrap when `wrap`; fHalf = 2^(F-1), fMask = 2^F - 1. */
  readonly fieldLimited: boolean;
  readonly wrap: boolean;
  readonly fHalf: number;
  readonly fMask: number;
}

/** The free-free part of the plan's CSR (rows of clamped spins empty). */
function freeCsr(plan: ScPlan): { fRow: Int32Array; fCol: Int32Array; fW: Int32Array } {
  const { n, rowPtr, col, w, clampOf } = plan;
  const fRow = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    let d = 0;
    if (clampOf[i] === 0) for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) if (clampOf[col[p]] === 0) d++;
    fRow[i + 1] = fRow[i] + d;
  }
  const fCol = new Int32Array(fRow[n]);
  const fW = new Int32Array(fRow[n]);
  for (let i = 0, q = 0; i < n; i++) {
    if (clampOf[i] !== 0) continue;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      if (clampOf[col[p]] !== 0) continue;
      fCol[q] = col[p];
      fW[q++] = w[p];
    }
  }
  return { fRow, fCol, fW };
}

export function createKernelState(plan: ScPlan, src: ScBitSource): ScKernelState {
  const { n } = plan;
  const freeWords = new Uint32Array(Math.ceil(n / 32));
  for (let k = 0; k < plan.free.length; k++) freeWords[plan.free[k] >>> 5] |= 1 << (plan.free[k] & 31);
  const fBits = plan.widths.fieldBits;
  return {
    plan,
    src,
    n,
    itanh: new Int32Array(n),
    m: new Int8Array(n),
    field: new Int32Array(n),
    flip: new Int32Array(Math.max(1, plan.free.length)),
    count: new Int32Array(n),
    freeWords,
    neg: new Uint32Array(Math.ceil(n / 32)),
    ...freeCsr(plan),
    dense: plan.noiseKind === 'dense' && !plan.fieldLimited && plan.update !== 'chromatic',
    noiseKind: plan.noiseKind === 'dense' ? 0 : plan.noiseKind === 'sparse' ? 1 : 2,
    resolutionBits: plan.resolutionBits,
    sparseThreshold: plan.sparseThreshold,
    fieldLimited: plan.fieldLimited,
    wrap: plan.widths.fieldOverflow === 'wrap',
    fHalf: 2 ** (fBits - 1),
    fMask: fBits >= 31 ? 0x7fffffff : 2 ** fBits - 1,
  };
}

/**
 * One clock cycle of every free spin, dense binary noise, auto-width field (docs/sc-model.md §2 steps 2-5):
 * s = clip(Itanh_i + h_i + F_i + (bit ? n_rnd : -n_rnd), -I0, I0 - 1). Works 32 spins per word: `freeWords`
 * marks the free spins, `neg` holds the sign bits (m_i = -1) and is updated here. Lists the spins whose sign
 * changed in `flip` (ascending), returns their number. Branch-free flip recording.
 */
function cycleDense(k: ScKernelState, nr: number, lo: number, hi: number): number {
  const { n, freeWords, itanh, field, neg, flip } = k;
  const bits = k.src.bits;
  let nf = 0;
  const nr2 = 2 * nr;
  const W = Math.ceil(n / 32);
  for (let w = 0; w < W; w++) {
    const fw = freeWords[w];
    if (fw === 0) continue;
    const bw = bits[w];
    const ng = neg[w];
    let newNeg = ng;
    const base = w << 5;
    const end = Math.min(32, n - base);
    for (let b = 0; b < end; b++) {
      if (((fw >>> b) & 1) === 0) continue;
      const i = base + b;
      let s = itanh[i] + field[i] + ((bw >>> b) & 1) * nr2 - nr;
      s = s < lo ? lo : s > hi ? hi : s;
      itanh[i] = s;
      const sn = s >>> 31; // 1 iff the new spin is -1
      flip[nf] = i;
      nf += sn ^ ((ng >>> b) & 1);
      newNeg = (newNeg & ~(1 << b)) | (sn << b);
    }
    neg[w] = newNeg;
  }
  return nf;
}

/** One clock cycle of the spins of `phase`, any noise kind and field width (docs/sc-model.md §2, §3.2). */
function cycleGeneric(k: ScKernelState, phase: Int32Array, nr: number, lo: number, hi: number): number {
  const { itanh, field, m, flip, noiseKind: kind, resolutionBits: M, sparseThreshold: theta } = k;
  const { fieldLimited, wrap, fHalf, fMask } = k;
  const bits = k.src.bits;
  const stride = k.src.stride;
  let nf = 0;
  const nPhase = phase.length;
  const fMin = -fHalf;
  const fMax = fHalf - 1;
  for (let q = 0; q < nPhase; q++) {
    const i = phase[q];
    const word = i >>> 5;
    const sh = i & 31;
    const b = (bits[word] >>> sh) & 1;
    let noise: number;
    if (kind === 0) noise = b === 1 ? nr : -nr;
    else {
      let u = 0;
      for (let l = 1; l <= M; l++) u |= ((bits[l * stride + word] >>> sh) & 1) << (l - 1);
      if (kind === 1) noise = u < theta ? 0 : b === 1 ? nr : -nr;
      else {
        const mag = ((nr + 1) * u) >>> M;
        noise = b === 1 ? mag : -mag;
      }
    }
    let x = field[i] + noise;
    if (fieldLimited) {
      if (wrap) x = ((x + fHalf) & fMask) - fHalf;
      else x = x < fMin ? fMin : x > fMax ? fMax : x;
    }
    let s = itanh[i] + x;
    s = s < lo ? lo : s > hi ? hi : s;
    itanh[i] = s;
    if (s >= 0 !== m[i] > 0) flip[nf++] = i;
  }
  return nf;
}

/**
 * Applies the first nf listed flips one after another, updating the field sums G = h + F of the free
 * neighbours (the free-free CSR) and returning the energy change (each flip: dE = 2 m_old G_i with G_i
 * current; the sum equals E(m(t+1)) - E(m(t)) exactly).
 */
function applyFlips(k: ScKernelState, nf: number): number {
  const { flip, m, field, fRow, fCol, fW } = k;
  let dE = 0;
  for (let q = 0; q < nf; q++) {
    const i = flip[q];
    const old = m[i];
    dE += 2 * old * field[i];
    m[i] = -old;
    const d = -2 * old;
    const end = fRow[i + 1];
    for (let p = fRow[i]; p < end; p++) field[fCol[p]] += d * fW[p];
  }
  return dE;
}

/** Reset (docs §4): counters, spins, field sums and sign words; returns the scaled energy of m(0). */
function reset(k: ScKernelState): number {
  const { plan, src, n, itanh, m, field, neg } = k;
  const { h, rowPtr, col, w, free, clampOf } = plan;
  const bits = src.bits;
  itanh.fill(0);
  if (plan.init === 'random') {
    src.step();
    for (let q = 0; q < free.length; q++) {
      const i = free[q];
      itanh[i] = (bits[i >>> 5] >>> (i & 31)) & 1 ? 0 : -1;
    }
  }
  for (let i = 0; i < n; i++) m[i] = clampOf[i] !== 0 ? clampOf[i] : itanh[i] >= 0 ? 1 : -1;
  let energy = 0;
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) f += w[p] * m[col[p]];
    field[i] = h[i] + f; // the bias is folded into the kept field sum
    energy -= m[i] * (h[i] + f / 2);
  }
  neg.fill(0);
  for (let i = 0; i < n; i++) if (m[i] < 0) neg[i >>> 5] |= 1 << (i & 31);
  return Math.round(energy * 2) / 2;
}

/** A read's bookkeeping: scaled energy, validity (docs §7), read-out window, trace. */
interface ReadState {
  read: number;
  energy: number;
  flips: number;
  /** Validity kind: 0 none, 1 energy, 2 target, 3 predicate. */
  vk: number;
  ground: number;
  tIdx: Int32Array;
  tSpin: Int8Array;
  pred: ((m: Int8Array) => boolean) | null;
  firstValid: number;
  validCount: number;
  lastValid: boolean;
  /** Read-out kind and the first t (state index) inside its window. */
  rk: 'final' | 'majority' | 'mode';
  windowStart: number;
  /** Mode read-out: hex state -> [count, first t]. */
  modes: Map<string, [number, number]> | null;
  emit: ((line: string) => void) | null;
  itanhTrace: boolean;
}

function newReadState(plan: ScPlan, read: number, energy: number, emit: ((line: string) => void) | null): ReadState {
  const v = plan.valid;
  const rk = plan.readout.kind;
  return {
    read,
    energy,
    flips: 0,
    vk: v.kind === 'none' ? 0 : v.kind === 'energy' ? 1 : v.kind === 'target' ? 2 : 3,
    ground: v.kind === 'energy' ? v.groundEnergy : 0,
    tIdx: v.kind === 'target' ? v.idx : new Int32Array(0),
    tSpin: v.kind === 'target' ? v.spin : new Int8Array(0),
    pred: v.kind === 'predicate' ? v.fn : null,
    firstValid: -1,
    validCount: 0,
    lastValid: false,
    rk,
    windowStart: plan.cycles - plan.readout.window + 1,
    modes: rk === 'mode' ? new Map() : null,
    emit,
    itanhTrace: emit !== null && plan.trace!.itanh,
  };
}

/** Whether the current state m is valid (validity is a function of m only: predicates must be pure). */
function validNow(r: ReadState, m: Int8Array): boolean {
  if (r.vk === 1) return Math.abs(r.energy - r.ground) < 1e-6;
  if (r.vk === 2) {
    const { tIdx, tSpin } = r;
    for (let q = 0; q < tIdx.length; q++) if (m[tIdx[q]] !== tSpin[q]) return false;
    return true;
  }
  return r.pred!(m);
}

/** Counts state m(t) into the read-out window (majority: per-spin counts; mode: per distinct state). */
function observe(k: ScKernelState, r: ReadState, t: number): void {
  const { n, m, count } = k;
  if (r.rk === 'majority') {
    for (let i = 0; i < n; i++) if (m[i] > 0) count[i]++;
  } else if (r.modes) {
    const key = spinsToHex(m);
    const e = r.modes.get(key);
    if (e) e[0]++;
    else r.modes.set(key, [1, t]);
  }
}

/** After cycle t (nf spins flipped): validity, read-out window, trace. True = stop the read ("done"). */
function afterCycle(k: ScKernelState, r: ReadState, t: number, nf: number): boolean {
  const plan = k.plan;
  const tn = t + 1;
  if (r.vk !== 0) {
    // Re-evaluated only when spins flip.
    const ok: boolean = nf === 0 ? r.lastValid : validNow(r, k.m);
    r.lastValid = ok;
    if (ok) {
      if (r.firstValid < 0) r.firstValid = tn;
      if (tn > plan.occupancyFrom) r.validCount++;
    }
  }
  if (plan.stopOnValid && r.firstValid >= 0) {
    // "done": the read-out is this first valid state (readout is 'final'); no more cycles are run.
    if (r.emit) emitState(r.emit, r.read, tn, plan.i0[t], plan.nrnd[t], k.m, r.energy, r.itanhTrace ? k.itanh : null);
    return true;
  }
  if (r.rk !== 'final' && tn >= r.windowStart) observe(k, r, tn);
  if (r.emit) emitState(r.emit, r.read, tn, plan.i0[t], plan.nrnd[t], k.m, r.energy, r.itanhTrace ? k.itanh : null);
  return false;
}

/** The read-out vector (docs §6): the final state, the window's per-spin majority, or its most frequent state. */
function readOut(k: ScKernelState, r: ReadState): Int8Array {
  const { plan, n, m, count } = k;
  const out = new Int8Array(n);
  if (r.rk === 'final') out.set(m);
  else if (r.rk === 'majority') {
    const W = plan.readout.window;
    const clampOf = plan.clampOf;
    for (let i = 0; i < n; i++) out[i] = clampOf[i] !== 0 ? clampOf[i] : 2 * count[i] >= W ? 1 : -1;
  } else {
    let best = '';
    let bestCount = -1;
    let bestFirst = Infinity;
    for (const [key, [c, first]] of r.modes!) {
      if (c > bestCount || (c === bestCount && first < bestFirst)) {
        best = key;
        bestCount = c;
        bestFirst = first;
      }
    }
    out.set(hexToSpins(best, n));
  }
  return out;
}

/** One read: reset, T cycles, read-out. `emit` receives the trace lines of a traced read. */
export function simulateRead(
  k: ScKernelState,
  read: number,
  emit: ((line: string) => void) | null,
): { readout: Int8Array; stats: ScReadStats } {
  const plan = k.plan;
  const { cycles, i0: i0s, nrnd, phases } = plan;
  const r = newReadState(plan, read, reset(k), emit);
  if (r.vk !== 0 && validNow(r, k.m)) {
    r.firstValid = 0;
    r.lastValid = true;
  }
  k.count.fill(0);
  if (r.rk !== 'final' && r.windowStart <= 0) observe(k, r, 0);
  if (emit) {
    const line: Record<string, unknown> = { r: read, t: 0, m: spinsToHex(k.m), E: r.energy };
    if (r.itanhTrace) line.itanh = Array.from(k.itanh);
    emit(JSON.stringify(line));
  }

  // With stopOnValid and a valid reset state, no cycle runs.
  const tEnd = plan.stopOnValid && r.firstValid === 0 ? 0 : cycles;
  const src = k.src;
  const dense = k.dense;
  for (let t = 0; t < tEnd; t++) {
    src.step();
    const i0 = i0s[t];
    const nr = nrnd[t];
    // Apply the flips one after another, keeping the neighbour sums and the energy exact. The update runs
    // phase by phase (docs §2.1): one phase of every free spin when synchronous, the colour classes in turn
    // when chromatic (each from the state the previous phases left, same R_i(t)).
    let nf = 0;
    if (dense) {
      nf = cycleDense(k, nr, -i0, i0 - 1);
      r.energy += applyFlips(k, nf);
    } else {
      for (let c = 0; c < phases.length; c++) {
        const np = cycleGeneric(k, phases[c], nr, -i0, i0 - 1);
        r.energy += applyFlips(k, np);
        nf += np;
      }
    }
    r.flips += nf;
    if (afterCycle(k, r, t, nf)) break;
  }

  const readout = readOut(k, r);
  if (!Number.isFinite(r.energy)) throw new InvlogicError('internal: energy overflow', 'model');
  return {
    readout,
    stats: {
      cyclesToValid: r.vk === 0 || r.firstValid < 0 ? null : r.firstValid,
      validFraction: r.vk === 0 || plan.stopOnValid ? null : r.validCount / (cycles - plan.occupancyFrom),
      finalEnergy: r.energy,
      validAtEnd: r.vk === 0 ? null : r.lastValid,
      flips: r.flips,
    },
  };
}

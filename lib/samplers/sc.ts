/**
 * The stochastic-computing (SC) spin-gate hardware model, sampler "sc": a cycle-accurate, bit-exact
 * simulation of a synchronous array of integral-SC spin gates (SSA/SSQA update, paper brief §3.2; Smithson
 * et al. TCAS-I 2019 Eq. 4, brief §3.1). Per clock cycle t, for every unclamped spin i, all at once:
 *
 *   r_i(t)          from the PRNG bits of spin i (dense: +-1, sparse: 0 or +-1, uniform: integer)
 *   I_i             = h_i + sum_j J_ij m_j(t) + n_rnd(t) r_i(t)                 (F-bit field adder)
 *   Itanh_i(t+1)    = clip(Itanh_i(t) + I_i, -I0(t), I0(t) - 1)                  (B-bit saturating counter)
 *   m_i(t+1)        = +1 if Itanh_i(t+1) >= 0 else -1                            (sign bit)
 *
 * The full, bit-exact specification (widths, PRNG bit assignment, seeding, schedules, reset, read-out, trace
 * format) is docs/sc-model.md; this file implements exactly that. This is NOT a Boltzmann sampler (updates
 * are synchronous and the counter has memory): what it guarantees is hardware fidelity and determinism; the
 * exact p-bit sampler is the statistical reference.
 *
 * Kernels (same reads, statistics and SampleSet bit for bit; runSc's third argument chooses, default 'auto'):
 * - read-packed WebAssembly SIMD (sc-packed.ts, wasm/sc.wat): 16 (or 8) reads per v128, fields recomputed every cycle;
 *   used for dense noise, xorshift64p, no validity tracking, final read-out, no trace (training and benchmarks);
 * - scalar (here): integer CSR, typed arrays, no allocation per cycle; the field sums h_i + sum_j J_ij m_j are
 *   kept incrementally (updated only when a spin flips), which gives the same integers as recomputing them.
 *   Everything else (traces, validity statistics, other bit sources and noise kinds, windowed read-outs).
 */
import * as fs from 'fs';
import { InvlogicError, requireOneOf } from '../errors';
import { IsingModel, SampleSet } from '../ising';
import { planSc, runLengths, type ScOptions, type ScPlan } from './sc-options';
import { ScBitSource } from './sc-prng';
import { runScPacked, scPackedUnsupported } from './sc-packed';
import type { Sampler } from './types';

export * from './sc-options';
export { ScBitSource, SC_PRNGS, scReadSeed, laneBit } from './sc-prng';
export type { ScPrng } from './sc-prng';
export { scPackedLanes, scPackedUnsupported, SC_PACKED_MAX_VECTORS } from './sc-packed';

/**
 * Which kernel runSc uses: 'auto' (default) = the read-packed WebAssembly kernel (sc-packed.ts) whenever the
 * plan is in its scope (scPackedUnsupported(plan) === null), else the scalar kernel; 'scalar' forces the
 * scalar kernel; 'packed' requires the packed kernel (an error names why it cannot run). All give the same
 * reads, statistics and SampleSet bit for bit.
 */
export type ScKernel = 'auto' | 'scalar' | 'packed';
export const SC_KERNELS: readonly ScKernel[] = ['auto', 'scalar', 'packed'];

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

export interface ScRun {
  sampleSet: SampleSet;
  /** The read-out spin vector of each read (full, clamped spins included). */
  reads: Int8Array[];
  stats: ScReadStats[];
  /** Trace lines (JSON Lines, docs §8) when tracing without a sink or file; otherwise null. */
  trace: string[] | null;
  plan: ScPlan;
  /** The kernel that ran: the read-packed WebAssembly kernel or the scalar one (same results bit for bit). */
  kernel: 'packed' | 'scalar';
}

/** Lowercase hex of the n-bit vector v[i] = (m_i > 0), most significant digit first (Verilog %h). */
export function spinsToHex(m: ArrayLike<number>): string {
  const n = m.length;
  const digits = Math.ceil(n / 4);
  let s = '';
  for (let d = digits - 1; d >= 0; d--) {
    let x = 0;
    for (let b = 3; b >= 0; b--) {
      const i = 4 * d + b;
      x = (x << 1) | (i < n && m[i] > 0 ? 1 : 0);
    }
    s += x.toString(16);
  }
  return s;
}

/** Inverse of spinsToHex. */
export function hexToSpins(hex: string, n: number): Int8Array {
  const out = new Int8Array(n).fill(-1);
  const digits = hex.length;
  for (let d = 0; d < digits; d++) {
    const x = parseInt(hex[digits - 1 - d], 16);
    for (let b = 0; b < 4; b++) {
      const i = 4 * d + b;
      if (i < n && (x >>> b) & 1) out[i] = 1;
    }
  }
  return out;
}

/** Scratch buffers of one run, reused across reads. */
interface Buffers {
  itanh: Int32Array;
  m: Int8Array;
  field: Int32Array;
  flip: Int32Array;
  count: Int32Array;
  freeWords: Uint32Array;
  neg: Uint32Array;
  /** CSR over free spins and their free neighbours: the only fields a flip must update (clamped spins' fields are never read). */
  fRow: Int32Array;
  fCol: Int32Array;
  fW: Int32Array;
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

/**
 * Runs the SC model: `numReads` independent runs of `cycles` clock cycles, each from reset with its own
 * seeds. Returns the SampleSet (per-read statistics in `info`), the read-outs, the statistics and the trace.
 */
export function runSc(model: IsingModel, options: ScOptions = {}, kernel: ScKernel = 'auto'): ScRun {
  requireOneOf('kernel', kernel, SC_KERNELS);
  const plan = planSc(model, options);
  const { n, numReads } = plan;
  if (kernel !== 'scalar') {
    const why = scPackedUnsupported(plan);
    if (why === null) {
      const res = runScPacked(plan);
      const stats: ScReadStats[] = res.finals.map((m, r) => ({
        cyclesToValid: null,
        validFraction: null,
        finalEnergy: scaledEnergy(plan, m),
        validAtEnd: null,
        flips: res.flips[r],
      }));
      const sampleSet = SampleSet.fromReads(model, res.finals, runInfo(plan, stats));
      return { sampleSet, reads: res.finals, stats, trace: null, plan, kernel: 'packed' };
    }
    if (kernel === 'packed') throw new InvlogicError(`kernel: the packed SC kernel cannot run this: ${why}`, 'kernel');
  }
  const src = new ScBitSource(plan.prng, n, plan.lanes);
  const buf: Buffers = {
    itanh: new Int32Array(n),
    m: new Int8Array(n),
    field: new Int32Array(n),
    flip: new Int32Array(Math.max(1, plan.free.length)),
    count: new Int32Array(n),
    freeWords: new Uint32Array(Math.ceil(n / 32)),
    neg: new Uint32Array(Math.ceil(n / 32)),
    ...freeCsr(plan),
  };
  for (let k = 0; k < plan.free.length; k++) buf.freeWords[plan.free[k] >>> 5] |= 1 << (plan.free[k] & 31);
  let lines: string[] | null = null;
  let emit: ((line: string) => void) | null = null;
  let fd: number | null = null;
  if (plan.trace) {
    if (plan.trace.sink) emit = plan.trace.sink;
    else if (plan.trace.file !== undefined) {
      const file = plan.trace.file;
      try {
        fd = fs.openSync(file, 'w');
      } catch (err) {
        throw new InvlogicError(`trace.file: cannot write ${file}: ${(err as Error).message}`, 'trace.file');
      }
      const out = fd;
      emit = (line) => fs.writeSync(out, line + '\n');
    } else {
      const acc: string[] = [];
      lines = acc;
      emit = (line) => acc.push(line);
    }
    emit(JSON.stringify(traceHeader(plan, src)));
  }
  const reads: Int8Array[] = [];
  const stats: ScReadStats[] = [];
  try {
    for (let r = 0; r < numReads; r++) {
      if (plan.prngInit) src.load(plan.prngInit);
      else src.seed(plan.seed, r);
      const traced = emit !== null && plan.trace !== null && r < plan.trace.reads;
      if (traced) emit!(JSON.stringify({ read: r, prngInit: src.snapshot() }));
      const res = simulateRead(plan, src, buf, r, traced ? emit : null);
      reads.push(res.readout);
      stats.push(res.stats);
      options.onProgress?.(r + 1, numReads);
    }
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
  const sampleSet = SampleSet.fromReads(model, reads, runInfo(plan, stats));
  return { sampleSet, reads, stats, trace: lines, plan, kernel: 'scalar' };
}

/** Energy of m in the scaled integer model (the formula of the reset in simulateRead). */
function scaledEnergy(plan: ScPlan, m: Int8Array): number {
  const { n, h, rowPtr, col, w } = plan;
  let energy = 0;
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) f += w[p] * m[col[p]];
    energy -= m[i] * (h[i] + f / 2);
  }
  return Math.round(energy * 2) / 2;
}

function traceHeader(plan: ScPlan, src: ScBitSource): Record<string, unknown> {
  const clamp: [number, number][] = [];
  for (let i = 0; i < plan.n; i++) if (plan.clampOf[i] !== 0) clamp.push([i, plan.clampOf[i]]);
  return {
    format: 'invlogic-sc-trace/1',
    n: plan.n,
    names: plan.names,
    h: Array.from(plan.h),
    edges: plan.edges,
    clamp,
    widths: plan.widths,
    noiseKind: plan.noiseKind,
    resolutionBits: plan.resolutionBits,
    sparseThreshold: plan.sparseThreshold,
    prng: plan.prng,
    lanes: plan.lanes,
    generators: src.numGenerators,
    init: plan.init,
    update: plan.update,
    ...(plan.colorOf ? { colors: Array.from(plan.colorOf) } : {}),
    cycles: plan.cycles,
    i0Segments: runLengths(plan.i0),
    noiseSegments: runLengths(plan.nrnd),
    reads: plan.trace?.reads ?? 0,
  };
}

function summarise(xs: number[]): { mean: number; median: number; max: number } | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return {
    mean: s.reduce((a, b) => a + b, 0) / s.length,
    median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2,
    max: s[s.length - 1],
  };
}

function runInfo(plan: ScPlan, stats: ScReadStats[]): Record<string, unknown> {
  const v = plan.valid;
  const solved = stats.filter((s) => s.cyclesToValid !== null).map((s) => s.cyclesToValid as number);
  const fractions = stats.filter((s) => s.validFraction !== null).map((s) => s.validFraction as number);
  const i0Seg = runLengths(plan.i0);
  const noiseSeg = runLengths(plan.nrnd);
  return {
    sampler: 'sc',
    numReads: plan.numReads,
    seed: plan.seed,
    cycles: plan.cycles,
    prng: plan.prng,
    noiseKind: plan.noiseKind,
    ...(plan.noiseKind === 'sparse'
      ? { sparseThreshold: plan.sparseThreshold, resolutionBits: plan.resolutionBits }
      : {}),
    ...(plan.noiseKind === 'uniform' ? { resolutionBits: plan.resolutionBits } : {}),
    widths: plan.widths,
    coefficientScale: plan.coefficientScale,
    init: plan.init,
    update: plan.update,
    phases: plan.phases.length,
    // Clock cycles of the run's budget: a chromatic cycle takes one clock per colour phase.
    clockCycles: plan.cycles * (plan.update === 'chromatic' ? plan.phases.length : 1),
    readout: plan.readout,
    i0Schedule:
      i0Seg.length <= 256 ? i0Seg : { segments: i0Seg.length, first: plan.i0[0], last: plan.i0[plan.cycles - 1] },
    noiseSchedule:
      noiseSeg.length <= 256
        ? noiseSeg
        : { segments: noiseSeg.length, first: plan.nrnd[0], last: plan.nrnd[plan.cycles - 1] },
    valid:
      v.kind === 'energy'
        ? { kind: 'ground', groundEnergy: v.groundEnergy, source: v.source }
        : v.kind === 'target'
          ? { kind: 'target', spins: Array.from(v.idx, (i, k) => [plan.names[i], v.spin[k]]) }
          : { kind: v.kind },
    occupancyFrom: plan.occupancyFrom,
    stopOnValid: plan.stopOnValid,
    cyclesToValid: stats.map((s) => s.cyclesToValid),
    validFraction: stats.map((s) => s.validFraction),
    finalEnergy: stats.map((s) => s.finalEnergy),
    flips: stats.map((s) => s.flips),
    summary: {
      solved: solved.length,
      cyclesToValid: summarise(solved),
      meanValidFraction: fractions.length ? fractions.reduce((a, b) => a + b, 0) / fractions.length : null,
    },
  };
}

function emitState(
  emit: (line: string) => void,
  read: number,
  t: number,
  i0: number,
  nr: number,
  m: Int8Array,
  energy: number,
  itanh: Int32Array | null,
): void {
  const line: Record<string, unknown> = { r: read, t, i0, nrnd: nr, m: spinsToHex(m), E: energy };
  if (itanh) line.itanh = Array.from(itanh);
  emit(JSON.stringify(line));
}

/** Whether state m (energy `energy`) is valid; vk: 1 energy, 2 target, 3 predicate. */
function validNow(
  vk: number,
  energy: number,
  ground: number,
  tIdx: Int32Array,
  tSpin: Int8Array,
  pred: ((m: Int8Array) => boolean) | null,
  m: Int8Array,
): boolean {
  if (vk === 1) return Math.abs(energy - ground) < 1e-6;
  if (vk === 2) {
    for (let k = 0; k < tIdx.length; k++) if (m[tIdx[k]] !== tSpin[k]) return false;
    return true;
  }
  return pred!(m);
}

/**
 * One clock cycle of every free spin, dense binary noise, auto-width field (docs/sc-model.md §2 steps 2-5):
 * s = clip(Itanh_i + h_i + F_i + (bit ? n_rnd : -n_rnd), -I0, I0 - 1). Works 32 spins per word: `freeWords`
 * marks the free spins, `neg` holds the sign bits (m_i = -1) and is updated here. Lists the spins whose sign
 * changed in `flip` (ascending), returns their number. Branch-free flip recording.
 */
function cycleDense(
  n: number,
  freeWords: Uint32Array,
  bits: Uint32Array,
  itanh: Int32Array,
  field: Int32Array,
  neg: Uint32Array,
  flip: Int32Array,
  nr: number,
  lo: number,
  hi: number,
): number {
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

/** One clock cycle, any noise kind and field width (docs/sc-model.md §2, §3.2). */
function cycleGeneric(
  free: Int32Array,
  bits: Uint32Array,
  stride: number,
  itanh: Int32Array,
  field: Int32Array,
  m: Int8Array,
  flip: Int32Array,
  nr: number,
  lo: number,
  hi: number,
  kind: number,
  M: number,
  theta: number,
  fieldLimited: boolean,
  wrap: boolean,
  fHalf: number,
  fMask: number,
): number {
  let nf = 0;
  const nFree = free.length;
  const fMin = -fHalf;
  const fMax = fHalf - 1;
  for (let k = 0; k < nFree; k++) {
    const i = free[k];
    const word = i >>> 5;
    const sh = i & 31;
    const b = (bits[word] >>> sh) & 1;
    let noise: number;
    if (kind === 0) noise = b === 1 ? nr : -nr;
    else {
      let u = 0;
      for (let q = 1; q <= M; q++) u |= ((bits[q * stride + word] >>> sh) & 1) << (q - 1);
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
 * Applies the listed flips one after another, updating the field sums G = h + F of the free neighbours (the
 * free-free CSR) and returning the energy change (each flip: dE = 2 m_old G_i with G_i current; the sum equals
 * E(m(t+1)) - E(m(t)) exactly).
 */
function applyFlips(
  nf: number,
  flip: Int32Array,
  m: Int8Array,
  field: Int32Array,
  rowPtr: Int32Array,
  col: Int32Array,
  w: Int32Array,
): number {
  let dE = 0;
  for (let q = 0; q < nf; q++) {
    const i = flip[q];
    const old = m[i];
    dE += 2 * old * field[i];
    m[i] = -old;
    const d = -2 * old;
    const end = rowPtr[i + 1];
    for (let p = rowPtr[i]; p < end; p++) field[col[p]] += d * w[p];
  }
  return dE;
}

/** One read: reset, T cycles, read-out. */
function simulateRead(
  plan: ScPlan,
  src: ScBitSource,
  buf: Buffers,
  read: number,
  emit: ((line: string) => void) | null,
): { readout: Int8Array; stats: ScReadStats } {
  const { n, cycles, h, rowPtr, col, w, free, clampOf, i0: i0s, nrnd } = plan;
  const nFree = free.length;
  const { itanh, m, field, flip, count } = buf;
  const bits = src.bits;
  const stride = src.stride;

  // Reset (docs §4).
  itanh.fill(0);
  if (plan.init === 'random') {
    src.step();
    for (let k = 0; k < nFree; k++) {
      const i = free[k];
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
  energy = Math.round(energy * 2) / 2;

  // Validity tracking.
  const valid = plan.valid;
  const vk = valid.kind === 'none' ? 0 : valid.kind === 'energy' ? 1 : valid.kind === 'target' ? 2 : 3;
  const ground = valid.kind === 'energy' ? valid.groundEnergy : 0;
  const tIdx = valid.kind === 'target' ? valid.idx : new Int32Array(0);
  const tSpin = valid.kind === 'target' ? valid.spin : new Int8Array(0);
  const pred = valid.kind === 'predicate' ? valid.fn : null;
  let firstValid = -1;
  let validCount = 0;
  let lastValid = false;
  const occ = plan.occupancyFrom;
  if (vk !== 0 && validNow(vk, energy, ground, tIdx, tSpin, pred, m)) {
    firstValid = 0;
    lastValid = true;
  }

  // Read-out window.
  const rk = plan.readout.kind;
  const windowStart = cycles - plan.readout.window + 1; // first t (state index) inside the window
  count.fill(0);
  const modes = rk === 'mode' ? new Map<string, [number, number]>() : null;
  const observe = (t: number): void => {
    if (rk === 'majority') {
      for (let i = 0; i < n; i++) if (m[i] > 0) count[i]++;
    } else if (modes) {
      const key = spinsToHex(m);
      const e = modes.get(key);
      if (e) e[0]++;
      else modes.set(key, [1, t]);
    }
  };
  if (rk !== 'final' && windowStart <= 0) observe(0);

  const itanhTrace = emit !== null && plan.trace!.itanh;
  if (emit) {
    const line: Record<string, unknown> = { r: read, t: 0, m: spinsToHex(m), E: energy };
    if (itanhTrace) line.itanh = Array.from(itanh);
    emit(JSON.stringify(line));
  }

  const chromatic = plan.update === 'chromatic';
  const dense = plan.noiseKind === 'dense' && !plan.fieldLimited && !chromatic;
  // Word views for the dense kernel: free-spin mask and sign bits (bit set = spin -1).
  const freeWords = buf.freeWords;
  const neg = buf.neg;
  neg.fill(0);
  for (let i = 0; i < n; i++) if (m[i] < 0) neg[i >>> 5] |= 1 << (i & 31);
  const kind = plan.noiseKind === 'dense' ? 0 : plan.noiseKind === 'sparse' ? 1 : 2;
  const M = plan.resolutionBits;
  const theta = plan.sparseThreshold;
  const fieldLimited = plan.fieldLimited;
  const fBits = plan.widths.fieldBits;
  const fHalf = 2 ** (fBits - 1);
  const fMask = fBits >= 31 ? 0x7fffffff : 2 ** fBits - 1;
  const wrap = plan.widths.fieldOverflow === 'wrap';
  let flipsTotal = 0;
  const trackAny = vk !== 0;

  // After cycle t (nf spins flipped): validity, read-out window, trace. True = stop the read ("done").
  const afterCycle = (t: number, nf: number): boolean => {
    const tn = t + 1;
    const i0 = i0s[t];
    const nr = nrnd[t];
    if (trackAny) {
      // Validity is a function of m only (predicates must be pure): re-evaluated only when spins flip.
      const ok: boolean = nf === 0 ? lastValid : validNow(vk, energy, ground, tIdx, tSpin, pred, m);
      lastValid = ok;
      if (ok) {
        if (firstValid < 0) firstValid = tn;
        if (tn > occ) validCount++;
      }
    }
    if (plan.stopOnValid && firstValid >= 0) {
      // "done": the read-out is this first valid state (readout is 'final'); no more cycles are run.
      if (emit) emitState(emit, read, tn, i0, nr, m, energy, itanhTrace ? itanh : null);
      return true;
    }
    if (rk !== 'final' && tn >= windowStart) observe(tn);
    if (emit) emitState(emit, read, tn, i0, nr, m, energy, itanhTrace ? itanh : null);
    return false;
  };

  // With stopOnValid and a valid reset state, no cycle runs.
  const tEnd = plan.stopOnValid && firstValid === 0 ? 0 : cycles;
  for (let t = 0; t < tEnd; t++) {
    src.step();
    const i0 = i0s[t];
    const lo = -i0;
    const hi = i0 - 1;
    const nr = nrnd[t];
    // Apply the flips one after another, keeping the neighbour sums and the energy exact. The update runs
    // phase by phase (docs §2.1): one phase of every free spin when synchronous, the colour classes in turn
    // when chromatic (each from the state the previous phases left, same R_i(t)).
    let nf = 0;
    if (dense) {
      nf = cycleDense(n, freeWords, bits, itanh, field, neg, flip, nr, lo, hi);
      energy += applyFlips(nf, flip, m, field, buf.fRow, buf.fCol, buf.fW);
    } else {
      for (const phase of plan.phases) {
        const np = cycleGeneric(
          phase,
          bits,
          stride,
          itanh,
          field,
          m,
          flip,
          nr,
          lo,
          hi,
          kind,
          M,
          theta,
          fieldLimited,
          wrap,
          fHalf,
          fMask,
        );
        energy += applyFlips(np, flip, m, field, buf.fRow, buf.fCol, buf.fW);
        nf += np;
      }
    }
    flipsTotal += nf;
    if (afterCycle(t, nf)) break;
  }

  const out = new Int8Array(n);
  if (rk === 'final') out.set(m);
  else if (rk === 'majority') {
    const W = plan.readout.window;
    for (let i = 0; i < n; i++) out[i] = clampOf[i] !== 0 ? clampOf[i] : 2 * count[i] >= W ? 1 : -1;
  } else {
    let best = '';
    let bestCount = -1;
    let bestFirst = Infinity;
    for (const [key, [c, first]] of modes!) {
      if (c > bestCount || (c === bestCount && first < bestFirst)) {
        best = key;
        bestCount = c;
        bestFirst = first;
      }
    }
    out.set(hexToSpins(best, n));
  }
  if (!Number.isFinite(energy)) throw new InvlogicError('internal: energy overflow', 'model');
  return {
    readout: out,
    stats: {
      cyclesToValid: vk === 0 || firstValid < 0 ? null : firstValid,
      validFraction: vk === 0 || plan.stopOnValid ? null : validCount / (cycles - occ),
      finalEnergy: energy,
      validAtEnd: vk === 0 ? null : lastValid,
      flips: flipsTotal,
    },
  };
}

/**
 * Opt-in account of the wall time spent in `scSampler.sampleIsing` (planning included), for the benchmark's
 * `trainer_sc` row: spin-cycles = free spins x cycles x reads of every call while `enabled`; `last` is the
 * latest call's model and options (the circuit the benchmark then runs on the packed kernel).
 */
export const scSamplerProfile: {
  enabled: boolean;
  calls: number;
  ns: number;
  spinCycles: number;
  last?: { model: IsingModel; options: ScOptions };
} = { enabled: false, calls: 0, ns: 0, spinCycles: 0 };

/** The "sc" sampler (registry entry): `runSc(...).sampleSet`. */
export const scSampler: Sampler<ScOptions> = {
  name: 'sc',
  sampleIsing(model: IsingModel, options?: ScOptions): SampleSet {
    if (!scSamplerProfile.enabled) return runSc(model, options).sampleSet;
    const t0 = process.hrtime.bigint();
    const run = runSc(model, options);
    scSamplerProfile.ns += Number(process.hrtime.bigint() - t0);
    scSamplerProfile.calls++;
    scSamplerProfile.spinCycles += (model.n - model.clamp.size) * run.plan.cycles * run.plan.numReads;
    scSamplerProfile.last = { model, options: { ...options } };
    return run.sampleSet;
  },
};

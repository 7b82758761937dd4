/**
 * One idea, one file (over the ~600-line guide on purpose): the ideal p-bit sampler and its kernels (JS, integer,
 * WASM, reference), which must stay sample-identical.
 *
 * The ideal p-bit sampler: Gibbs sampling of the Boltzmann law exp(-beta E(m)) with the p-bit update of
 * Camsari et al., PRX 7, 031014 (2017), Eqs. 1-2 (paper brief §2.2):
 *
 *   I_i = h_i + sum_j J_ij m_j                      (local field; beta plays the role of I0)
 *   m_i <- sgn( tanh(beta I_i) - u ),  u ~ U(-1, 1) (so P(m_i = +1) = (1 + tanh(beta I_i)) / 2)
 *
 * one spin at a time. A sweep visits every free spin once, either in index order ("sequential") or colour
 * class by colour class of a greedy graph colouring ("chromatic"; see coloring.ts for why that is the same
 * Markov chain as a sequential sweep in a permuted order). Each read is the final state of an independent
 * chain after `numSweeps` sweeps from a uniformly random start, with beta following a schedule (one value per
 * sweep). Clamped spins are folded into their neighbours' biases (lib/ising reduceClamped).
 *
 * Random numbers: read r draws from xoshiro128** seeded with hashSeed(seed, r): first one 32-bit word per
 * free spin for the start (m = +1 iff the top bit is set), then one word x per spin update. Its top 31 bits
 * x' = floor(x / 2) give the uniform of Eq. 1 as u = (x' + 1) / 2^30 - 1, on a grid of 2^31 points in (-1, 1],
 * and m_i = +1 iff u < tanh(beta I_i) (ties go to -1). Exactly, without rounding: with d = x' - 2^30,
 * m_i = +1 iff d < C(I) = max(-2^30, ceil(2^30 tanh(beta I)) - 1). Both d and C fit in 31 bits, so the test is
 * the sign bit of the int32 d - C, computed without a branch (a data-dependent branch here mispredicts about
 * half the time and costs more than the rest of the update). Probabilities are multiples of 2^-31; a
 * saturated field (tanh = +-1 in double, beta |I| >~ 19) still gives -1 with probability 2^-31.
 *
 * Four kernels give bit-identical results (test/samplers-exact.test.ts checks it):
 *  - "reference": the oracle, Eq. 1 read literally (IsingModel.localField, Math.tanh, the Xoshiro128ss class);
 *  - "integer": integer h and J. Local fields are integers kept in an Int32Array (biased by maxField so they
 *    index the threshold table) and updated incrementally (only when a spin flips, its neighbours' fields
 *    change by 2 m_i J_ij); C(I) is looked up in a table rebuilt only when beta changes; xoshiro128** is
 *    inlined in local variables. No allocation or call in the sweep loop.
 *  - "wasm": the same integer sweep in WebAssembly (lib/samplers/wasm/exact.wat).
 *  - "float": any finite h and J. Fields are recomputed from the CSR row at each update (in the oracle's
 *    summation order, so no rounding drift) and C is computed with Math.tanh.
 * "auto" (default) picks "wasm" for integer models (field range at most 2^22) when a call does at least
 * WASM_MIN_UPDATES spin updates, "integer" for smaller integer runs, "float" otherwise.
 */
import { InvlogicError, rejectUnknownKeys, requireInt, requireOneOf, requireRange } from '../errors';
import { IsingModel, ReducedModel, SampleAggregator, SampleSet, reduceClamped } from '../ising';
import { Seed, Xoshiro128ss, hashSeed } from '../rng';
import { greedyColoring } from './coloring';
import { ScheduleSpec, scheduleValues, validateSchedule } from './schedule';
import type { BaseSampleOptions, Sampler } from './types';
import { instantiateWasm, wasmModule } from './wasm-module';

export type ExactOrder = 'sequential' | 'chromatic';
export const EXACT_ORDERS: readonly ExactOrder[] = ['sequential', 'chromatic'];
export type ExactKernel = 'auto' | 'integer' | 'wasm' | 'float' | 'reference';
export const EXACT_KERNELS: readonly ExactKernel[] = ['auto', 'integer', 'wasm', 'float', 'reference'];
/** A kernel that actually runs (what `auto` resolves to is recorded in SampleSet.info.kernel). */
export type ExactRunKernel = Exclude<ExactKernel, 'auto'>;

export interface ExactSampleOptions extends BaseSampleOptions {
  /** Independent chains (default 100). */
  numReads?: number;
  /** Sweeps per chain (default 100); a sweep updates every free spin once. */
  numSweeps?: number;
  /** Inverse temperature per sweep (default constant 1). */
  schedule?: ScheduleSpec;
  /** Shorthand for a constant schedule; not together with `schedule`. */
  beta?: number;
  /** Seed (default 0). */
  seed?: Seed;
  /** Visiting order within a sweep (default "sequential"). */
  order?: ExactOrder;
  /** Start of every chain: a full spin vector (length n, entries +-1; clamped entries are overridden by the
   *  clamps). Default: a uniformly random start per read. */
  initial?: ArrayLike<number>;
  /** Kernel (default "auto"); all kernels give identical samples. */
  kernel?: ExactKernel;
}

const KNOWN_OPTIONS = ['numReads', 'numSweeps', 'schedule', 'beta', 'seed', 'order', 'initial', 'kernel', 'onProgress'];
/** Largest half-width of the integer threshold table (fields in [-2^22, 2^22]). */
const MAX_INTEGER_FIELD = 2 ** 22;
const TWO_POW_31 = 2147483648;
const TWO_POW_30 = 1073741824;

/** Validated options with defaults filled in. */
export interface ResolvedExactOptions {
  numReads: number;
  numSweeps: number;
  /** beta at each sweep. */
  betas: Float64Array;
  seed: Seed;
  order: ExactOrder;
  initial?: Int8Array;
  kernel: ExactKernel;
}

/** Checks `options` against the model (boundary validation) and fills defaults. */
export function resolveExactOptions(model: IsingModel, options: ExactSampleOptions = {}): ResolvedExactOptions {
  if (options === null || typeof options !== 'object') throw new InvlogicError('options must be an object', 'options');
  rejectUnknownKeys('options', options, KNOWN_OPTIONS);
  const numReads = requireInt('numReads', options.numReads ?? 100, 1, 1e7);
  const numSweeps = requireInt('numSweeps', options.numSweeps ?? 100, 1, 2 ** 31 - 1);
  if (options.schedule !== undefined && options.beta !== undefined) {
    throw new InvlogicError('give either beta (a constant) or schedule, not both', 'beta');
  }
  let spec: ScheduleSpec;
  if (options.schedule !== undefined) spec = validateSchedule(options.schedule, 'schedule');
  else spec = { kind: 'constant', value: requireRange('beta', options.beta ?? 1, 0, 1e9) };
  const betas = scheduleValues(spec, numSweeps, {}, options.schedule !== undefined ? 'schedule' : 'beta');
  const seed = options.seed ?? 0;
  hashSeed(seed); // validates the seed
  const order = requireOneOf('order', options.order ?? 'sequential', EXACT_ORDERS);
  const kernel = requireOneOf('kernel', options.kernel ?? 'auto', EXACT_KERNELS);
  let initial: Int8Array | undefined;
  if (options.initial !== undefined) {
    const init = options.initial;
    if (init === null || typeof init !== 'object' || typeof init.length !== 'number' || init.length !== model.n) {
      throw new InvlogicError(`initial must be a spin vector of length n = ${model.n}`, 'initial');
    }
    initial = new Int8Array(model.n);
    for (let i = 0; i < model.n; i++) {
      if (init[i] !== 1 && init[i] !== -1)
        throw new InvlogicError(`initial[${i}] must be 1 or -1, got ${String(init[i])}`, 'initial');
      initial[i] = init[i];
    }
  }
  return { numReads, numSweeps, betas, seed, order, initial, kernel };
}

/** The free-spin model in the typed-array form the kernels run on. */
export interface PreparedExact {
  reduced: ReducedModel;
  /** Number of free spins. */
  f: number;
  /** Visiting order of one sweep. */
  order: Int32Array;
  /** Colour classes (1 for sequential order, which needs none). */
  numColors: number;
  rowPtr: Int32Array;
  col: Int32Array;
  /** Float weights and biases (float and reference kernels). */
  w: Float64Array;
  h: Float64Array;
  /** Integer weights and biases, when the model is integer. */
  wInt?: Int32Array;
  hInt?: Int32Array;
  /** max_i |h_i| + sum_j |J_ij|: every reachable integer field lies in [-maxField, maxField]. */
  maxField: number;
  /** Kernel family: "integer" (integer or wasm kernel usable) or "float". */
  kernel: 'integer' | 'float';
  /** True when `order` is the identity (sequential order). */
  sequential: boolean;
}

export function prepareExact(model: IsingModel, order: ExactOrder = 'sequential'): PreparedExact {
  const reduced = reduceClamped(model);
  const m = reduced.model;
  const f = m.n;
  const csr = m.csr();
  let visit: Int32Array;
  let numColors = 1;
  if (order === 'chromatic') {
    const coloring = greedyColoring(f, csr);
    visit = coloring.order;
    numColors = coloring.numColors;
  } else {
    visit = Int32Array.from({ length: f }, (_, i) => i);
  }
  let maxField = 0;
  for (let i = 0; i < f; i++) {
    let s = Math.abs(m.h[i]);
    for (let p = csr.rowPtr[i]; p < csr.rowPtr[i + 1]; p++) s += Math.abs(csr.w[p]);
    if (s > maxField) maxField = s;
  }
  const integer = m.isInteger() && maxField <= MAX_INTEGER_FIELD;
  const prepared: PreparedExact = {
    reduced,
    f,
    order: visit,
    numColors,
    rowPtr: csr.rowPtr,
    col: csr.col,
    w: csr.w,
    h: m.h,
    maxField,
    kernel: integer ? 'integer' : 'float',
    sequential: order !== 'chromatic',
  };
  if (integer) {
    prepared.wInt = Int32Array.from(csr.w);
    prepared.hInt = Int32Array.from(m.h);
  }
  return prepared;
}

/** Sets the start state: the `initial` vector's free entries, or one random word per free spin. */
function startState(p: PreparedExact, spins: Int8Array, rng: Uint32Array, initial: Int8Array | undefined): void {
  if (initial) {
    for (let k = 0; k < p.f; k++) spins[k] = initial[p.reduced.free[k]];
  } else {
    // xoshiro128** on local state, as in the kernels (one word per free spin, once per read)
    let s0 = rng[0] | 0;
    let s1 = rng[1] | 0;
    let s2 = rng[2] | 0;
    let s3 = rng[3] | 0;
    for (let k = 0; k < p.f; k++) {
      const m5 = Math.imul(s1, 5);
      spins[k] = Math.imul((m5 << 7) | (m5 >>> 25), 9) < 0 ? 1 : -1; // top bit set: x >= 2^31
      const sh = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= sh;
      s3 = (s3 << 11) | (s3 >>> 21);
    }
    rng[0] = s0;
    rng[1] = s1;
    rng[2] = s2;
    rng[3] = s3;
  }
}

/** The acceptance threshold C = max(-2^30, ceil(2^30 tanh(beta I)) - 1) (file comment). */
export function acceptanceThreshold(beta: number, field: number): number {
  return Math.max(-TWO_POW_30, Math.ceil(TWO_POW_30 * Math.tanh(beta * field)) - 1);
}

/** table[I + maxField] = C(I) for every integer I in [-maxField, maxField]. */
export function fillThresholds(table: Int32Array, maxField: number, beta: number): void {
  // Beyond |beta I| >= 22, Math.tanh is exactly +-1 (fdlibm), so C is -2^30 or 2^30 - 1.
  const k = beta > 0 ? Math.min(maxField, Math.ceil(22 / beta)) : 0;
  const lo = acceptanceThreshold(beta, -maxField);
  const hi = acceptanceThreshold(beta, maxField);
  for (let i = -maxField; i < -k; i++) table[i + maxField] = lo;
  for (let i = -k; i <= k; i++) table[i + maxField] = acceptanceThreshold(beta, i);
  for (let i = k + 1; i <= maxField; i++) table[i + maxField] = hi;
}

/**
 * Integer kernel: runs `betas.length` sweeps on `spins` (free spins, +-1) whose integer fields are in `field`,
 * stored biased as I_i + maxField so that they index the threshold table directly, advancing the xoshiro128** state `rng` in place. Returns the number of accepted flips. The threshold table
 * is rebuilt only when beta changes; the sweep itself is a separate call-free function (a call inside the
 * sweep loop, even once per sweep, measured ~25% slower).
 */
function sweepsInteger(
  p: PreparedExact,
  spins: Int8Array,
  field: Int32Array,
  betas: Float64Array,
  table: Int32Array,
  rng: Uint32Array,
): number {
  const w = p.wInt as Int32Array;
  const off = p.maxField;
  let flips = 0;
  let lastBeta = NaN;
  for (let t = 0; t < betas.length; t++) {
    const beta = betas[t];
    if (beta !== lastBeta) {
      fillThresholds(table, off, beta);
      lastBeta = beta;
    }
    flips += p.sequential
      ? sweepIntegerSequential(p.rowPtr, p.col, w, table, field, spins, rng)
      : sweepInteger(p.order, p.rowPtr, p.col, w, table, field, spins, rng);
  }
  return flips;
}

/** One sweep of the integer kernel (see the file comment): no allocation, no call, one branch per flip. */
function sweepInteger(
  order: Int32Array,
  rowPtr: Int32Array,
  col: Int32Array,
  w: Int32Array,
  table: Int32Array,
  field: Int32Array,
  spins: Int8Array,
  rng: Uint32Array,
): number {
  const f = order.length;
  let s0 = rng[0] | 0;
  let s1 = rng[1] | 0;
  let s2 = rng[2] | 0;
  let s3 = rng[3] | 0;
  let flips = 0;
  for (let k = 0; k < f; k++) {
    const i = order[k];
    // xoshiro128**: output from s1, then the state update
    const m5 = Math.imul(s1, 5);
    // floor(x / 2) - 2^30. Literal, not a module constant: under tsx (CommonJS) a module-level const is a
    // context-slot load in the hot loop, which measured ~20% slower.
    const d = (Math.imul((m5 << 7) | (m5 >>> 25), 9) ^ -2147483648) >> 1;
    const sh = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= sh;
    s3 = (s3 << 11) | (s3 >>> 21);
    const next = -(((d - table[field[i]]) >> 31) * 2 + 1); // +1 iff d < C, branch-free
    if (next !== spins[i]) {
      spins[i] = next;
      const dm = next + next; // change of m_i
      const end = rowPtr[i + 1];
      for (let q = rowPtr[i]; q < end; q++) field[col[q]] += dm * w[q];
      flips = (flips + 1) | 0;
    }
  }
  rng[0] = s0;
  rng[1] = s1;
  rng[2] = s2;
  rng[3] = s3;
  return flips;
}

/** sweepInteger with the identity visiting order (i = k): the sequential sweep without the order lookup. */
function sweepIntegerSequential(
  rowPtr: Int32Array,
  col: Int32Array,
  w: Int32Array,
  table: Int32Array,
  field: Int32Array,
  spins: Int8Array,
  rng: Uint32Array,
): number {
  const f = spins.length;
  let s0 = rng[0] | 0;
  let s1 = rng[1] | 0;
  let s2 = rng[2] | 0;
  let s3 = rng[3] | 0;
  let flips = 0;
  for (let i = 0; i < f; i++) {
    const m5 = Math.imul(s1, 5);
    const d = (Math.imul((m5 << 7) | (m5 >>> 25), 9) ^ -2147483648) >> 1;
    const sh = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= sh;
    s3 = (s3 << 11) | (s3 >>> 21);
    const next = -(((d - table[field[i]]) >> 31) * 2 + 1);
    if (next !== spins[i]) {
      spins[i] = next;
      const dm = next + next;
      const end = rowPtr[i + 1];
      for (let q = rowPtr[i]; q < end; q++) field[col[q]] += dm * w[q];
      flips = (flips + 1) | 0;
    }
  }
  rng[0] = s0;
  rng[1] = s1;
  rng[2] = s2;
  rng[3] = s3;
  return flips;
}

// ---------------------------------------------------------------------------------------------------------
// WebAssembly integer kernel: lib/samplers/wasm/exact.wat (built by `npm run build:wasm`), the same sweep as
// sweepInteger on i32 arrays in a WebAssembly memory, without JavaScript's typed-array bounds checks.

/**
 * `auto` uses the WebAssembly kernel for integer models when a call does at least this many spin updates
 * (free spins x sweeps x reads). Below it, the instance and layout set-up (~0.03-0.1 ms per call) costs more
 * than the faster sweep saves. Measured (sampleIsing, CPU time, load ~4 on 2 cores; docs/samplers-exact.md):
 * 128 spins x 10 reads x 10 sweeps and 200 x 1 x 100 tie, 1000 x 1 x 10 favours TypeScript by ~5%, while
 * 64 x 100 x 10 (64,000 updates) is 1.3x faster in wasm and 3 spins x 100 x 1000 2x faster.
 */
export const WASM_MIN_UPDATES = 32768;
function exactWasmModule(): object | null {
  return wasmModule('exact').module;
}

/** True when the WebAssembly kernel can run here. */
export function exactWasmAvailable(): boolean {
  return exactWasmModule() !== null;
}

/**
 * A prepared model's data in a WebAssembly memory, in the layout of exact.wat: one 16-byte record per free
 * spin in reverse visiting order from address 0 (table address of its field, spin, edge-list bounds),
 * 8-byte edges (neighbour's record address, 8 J), the threshold table, the rng state and the flip counter.
 * Records in visiting order make every order a linear walk, so the kernel needs no order array.
 */
interface ExactWasm {
  sweeps: (pLast: number, pRng: number, nSweeps: number) => void;
  fields: (pLast: number, pH: number, pC0: number) => void;
  mem: Int32Array;
  /** Word offsets of the table, the rng state and the 4 h_i (records start at 0). */
  at: { table: number; rng: number; h: number };
}

/** Word offset of the record of the spin visited k-th (of f). */
function wasmRecord(f: number, k: number): number {
  return 4 * (f - 1 - k);
}

const wasmOf = new WeakMap<PreparedExact, ExactWasm>();

function exactWasm(p: PreparedExact): ExactWasm {
  const cached = wasmOf.get(p);
  if (cached) return cached;
  const nnz = p.col.length;
  const edges = 4 * p.f;
  const table = edges + 2 * nnz;
  const rng = table + 2 * p.maxField + 1;
  const hAt = rng + 5;
  const words = hAt + p.f;
  const { memory, fns } = instantiateWasm(exactWasmModule()!, Math.max(1, Math.ceil((4 * words) / 65536)));
  const mem = new Int32Array(memory.buffer);
  const position = new Int32Array(p.f); // position[i] = k with order[k] = i
  for (let k = 0; k < p.f; k++) position[p.order[k]] = k;
  const wInt = p.wInt as Int32Array;
  let e = edges;
  for (let k = 0; k < p.f; k++) {
    const i = p.order[k];
    const r = wasmRecord(p.f, k);
    mem[r + 2] = 4 * e;
    for (let q = p.rowPtr[i]; q < p.rowPtr[i + 1]; q++, e += 2) {
      mem[e] = 4 * wasmRecord(p.f, position[p.col[q]]);
      mem[e + 1] = 8 * wInt[q];
    }
    mem[r + 3] = 4 * e;
    mem[hAt + r / 4] = 4 * (p.hInt as Int32Array)[i];
  }
  const result: ExactWasm = {
    sweeps: fns.sweeps as ExactWasm['sweeps'],
    fields: fns.fields as ExactWasm['fields'],
    mem,
    at: { table, rng, h: hAt },
  };
  wasmOf.set(p, result);
  return result;
}

/** sweepsInteger on the WebAssembly kernel: same arguments, same result, bit for bit. */
function sweepsWasm(p: PreparedExact, spins: Int8Array, betas: Float64Array, rng: Uint32Array): number {
  const W = exactWasm(p);
  const { mem, at } = W;
  const order = p.order;
  const f = p.f;
  for (let k = 0; k < f; k++) mem[wasmRecord(f, k) + 1] = spins[order[k]];
  const pLast = 4 * wasmRecord(f, 0);
  W.fields(pLast, 4 * at.h, 4 * (at.table + p.maxField)); // fields as addresses of their C(I) entries
  mem.set(rng, at.rng); // uint32 -> int32, same bits
  mem[at.rng + 4] = 0; // flip counter
  const table = mem.subarray(at.table, at.table + 2 * p.maxField + 1);
  // Sweeps per call: the i32 flip count of one call stays below 2^31.
  const maxPerCall = Math.max(1, Math.floor((2 ** 31 - 1) / Math.max(1, p.f)));
  let flips = 0;
  for (let t = 0; t < betas.length; ) {
    const beta = betas[t];
    let run = 1; // sweeps at this beta
    while (t + run < betas.length && betas[t + run] === beta && run < maxPerCall) run++;
    fillThresholds(table, p.maxField, beta);
    W.sweeps(pLast, 4 * at.rng, run);
    flips += mem[at.rng + 4];
    mem[at.rng + 4] = 0;
    t += run;
  }
  for (let k = 0; k < f; k++) spins[order[k]] = mem[wasmRecord(f, k) + 1];
  rng.set(mem.subarray(at.rng, at.rng + 4)); // int32 -> uint32, same bits
  return flips;
}

/** Float kernel: fields recomputed per update in the oracle's order (h_i first, then the CSR row). */
function sweepsFloat(p: PreparedExact, spins: Int8Array, betas: Float64Array, rng: Uint32Array): number {
  const order = p.order;
  const rowPtr = p.rowPtr;
  const col = p.col;
  const w = p.w;
  const h = p.h;
  const f = p.f;
  let s0 = rng[0] | 0;
  let s1 = rng[1] | 0;
  let s2 = rng[2] | 0;
  let s3 = rng[3] | 0;
  let flips = 0;
  for (let t = 0; t < betas.length; t++) {
    const beta = betas[t];
    for (let k = 0; k < f; k++) {
      const i = order[k];
      const m5 = Math.imul(s1, 5);
      const d = (Math.imul((m5 << 7) | (m5 >>> 25), 9) ^ -2147483648) >> 1;
      const sh = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= sh;
      s3 = (s3 << 11) | (s3 >>> 21);
      let field = h[i];
      const end = rowPtr[i + 1];
      for (let q = rowPtr[i]; q < end; q++) field += w[q] * spins[col[q]];
      const next = d < Math.ceil(TWO_POW_30 * Math.tanh(beta * field)) - 1 ? 1 : -1;
      if (next !== spins[i]) {
        spins[i] = next;
        flips++;
      }
    }
  }
  rng[0] = s0;
  rng[1] = s1;
  rng[2] = s2;
  rng[3] = s3;
  return flips;
}

/**
 * The oracle: PRX Eq. 1 read literally, one spin at a time, with the library's generator class and
 * IsingModel.localField. Slow and obviously right; the fast kernels must reproduce it bit for bit.
 */
function sweepsReference(p: PreparedExact, spins: Int8Array, betas: Float64Array, rng: Xoshiro128ss): number {
  const m = p.reduced.model;
  let flips = 0;
  for (let t = 0; t < betas.length; t++) {
    for (let k = 0; k < p.f; k++) {
      const i = p.order[k];
      const u = (Math.floor(rng.nextU32() / 2) + 1) / TWO_POW_30 - 1; // uniform on a 2^31-point grid in (-1, 1]
      const next = Math.sign(Math.tanh(betas[t] * m.localField(spins, i)) - u) > 0 ? 1 : -1;
      if (next !== spins[i]) flips++;
      spins[i] = next;
    }
  }
  return flips;
}

/** Result of one chain of the kernel, for benchmarks. */
export interface ExactKernelRun {
  /** Spin updates performed (free spins x sweeps): the "flips" of flips/ns in the p-bit literature. */
  spinUpdates: number;
  /** Updates that changed the spin. */
  acceptedFlips: number;
  /** Final free-spin state. */
  spins: Int8Array;
  kernel: ExactRunKernel;
}

export interface ExactKernelOptions {
  sweeps: number;
  beta?: number;
  schedule?: ScheduleSpec;
  seed?: Seed;
  order?: ExactOrder;
  kernel?: ExactKernel;
  /** Chain (stream) index of hashSeed (default 0). */
  read?: number;
}

/**
 * Runs one chain (read `read`) for `sweeps` sweeps without building a SampleSet: the entry point benchmarks
 * time. Pass a PreparedExact (from prepareExact) to keep preparation out of the timing; then `order` must
 * not be given (it is fixed by the preparation).
 */
export function runExactKernel(
  modelOrPrepared: IsingModel | PreparedExact,
  options: ExactKernelOptions,
): ExactKernelRun {
  rejectUnknownKeys('options', options, ['sweeps', 'beta', 'schedule', 'seed', 'order', 'kernel', 'read']);
  let p: PreparedExact;
  if (modelOrPrepared instanceof IsingModel) {
    p = prepareExact(modelOrPrepared, requireOneOf('order', options.order ?? 'sequential', EXACT_ORDERS));
  } else {
    if (options.order !== undefined)
      throw new InvlogicError('order is fixed by prepareExact; do not pass it with a prepared model', 'order');
    p = modelOrPrepared;
  }
  const resolved = resolveExactOptions(p.reduced.full, {
    numReads: 1,
    numSweeps: options.sweeps,
    beta: options.beta,
    schedule: options.schedule,
    seed: options.seed,
    kernel: options.kernel,
  });
  const read = requireInt('read', options.read ?? 0, 0, 2 ** 31 - 1);
  const spins = new Int8Array(p.f);
  const { flips, kernel } = runChain(p, resolved, read, spins, undefined);
  return { spinUpdates: p.f * resolved.numSweeps, acceptedFlips: flips, spins, kernel };
}

/** Scratch buffers reused across the reads of one call. */
interface Scratch {
  field: Int32Array;
  table: Int32Array;
}

/** `updates`: spin updates of the whole call (free spins x sweeps x reads), for the `auto` choice. */
function pickKernel(p: PreparedExact, requested: ExactKernel, updates: number): ExactRunKernel {
  if (requested === 'auto') {
    return p.kernel === 'integer' && updates >= WASM_MIN_UPDATES && exactWasmAvailable() ? 'wasm' : p.kernel;
  }
  if ((requested === 'integer' || requested === 'wasm') && p.kernel !== 'integer') {
    throw new InvlogicError(
      `kernel "${requested}" needs integer h and J with fields within +-${MAX_INTEGER_FIELD} (this model: max |field| ${p.maxField}${
        p.reduced.model.isInteger() ? '' : ', non-integer coefficients'
      }); use "auto" or "float"`,
      'kernel',
    );
  }
  if (requested === 'wasm' && !exactWasmAvailable()) {
    throw new InvlogicError(
      `kernel "wasm" is unavailable (${wasmModule('exact').file} missing or WebAssembly absent); use "integer"`,
      'kernel',
    );
  }
  return requested;
}

/** One chain: start state, then all sweeps. Leaves the final free spins in `spins`. */
function runChain(
  p: PreparedExact,
  o: ResolvedExactOptions,
  read: number,
  spins: Int8Array,
  scratch: Scratch | undefined,
): { flips: number; kernel: ExactRunKernel } {
  const kernel = pickKernel(p, o.kernel, o.numReads * o.numSweeps * p.f);
  const state = hashSeed(o.seed, read, 4);
  if (kernel === 'reference') {
    const rng = new Xoshiro128ss(state);
    if (o.initial) startState(p, spins, state, o.initial);
    else for (let k = 0; k < p.f; k++) spins[k] = rng.nextU32() >= TWO_POW_31 ? 1 : -1;
    return { flips: sweepsReference(p, spins, o.betas, rng), kernel };
  }
  startState(p, spins, state, o.initial);
  if (kernel === 'float') return { flips: sweepsFloat(p, spins, o.betas, state), kernel };
  if (kernel === 'wasm') return { flips: sweepsWasm(p, spins, o.betas, state), kernel };
  const s = scratch ?? { field: new Int32Array(p.f), table: new Int32Array(2 * p.maxField + 1) };
  const hInt = p.hInt as Int32Array;
  const wInt = p.wInt as Int32Array;
  for (let i = 0; i < p.f; i++) {
    let fi = hInt[i];
    for (let q = p.rowPtr[i]; q < p.rowPtr[i + 1]; q++) fi += wInt[q] * spins[p.col[q]];
    s.field[i] = fi + p.maxField; // biased: field[i] = I_i + maxField indexes the table directly
  }
  return { flips: sweepsInteger(p, spins, s.field, o.betas, s.table, state), kernel };
}

/** The ideal p-bit (Gibbs) sampler; see the file comment. Registry name "exact". */
export const exactSampler: Sampler<ExactSampleOptions> = {
  name: 'exact',
  sampleIsing(model: IsingModel, options: ExactSampleOptions = {}): SampleSet {
    if (!(model instanceof IsingModel)) throw new InvlogicError('model must be an IsingModel', 'model');
    const o = resolveExactOptions(model, options);
    const p = prepareExact(model, o.order);
    const kernel = pickKernel(p, o.kernel, o.numReads * o.numSweeps * p.f);
    const spins = new Int8Array(p.f);
    const scratch: Scratch = {
      field: new Int32Array(p.f),
      table: new Int32Array(kernel === 'integer' ? 2 * p.maxField + 1 : 0),
    };
    // Reads are aggregated as they finish: memory grows with the distinct samples, not with numReads.
    const reads = new SampleAggregator(model);
    const full = new Int8Array(model.n);
    let acceptedFlips = 0;
    for (let r = 0; r < o.numReads; r++) {
      acceptedFlips += runChain(p, o, r, spins, scratch).flips;
      reads.add(p.reduced.expand(spins, full));
      if (options.onProgress && ((r & 255) === 255 || r === o.numReads - 1)) options.onProgress(r + 1, o.numReads);
    }
    return reads.toSampleSet({
      sampler: 'exact',
      kernel,
      order: o.order,
      numColors: p.numColors,
      numReads: o.numReads,
      numSweeps: o.numSweeps,
      betaFirst: o.betas[0],
      betaLast: o.betas[o.numSweeps - 1],
      seed: o.seed,
      spinUpdates: o.numReads * o.numSweeps * p.f,
      acceptedFlips,
    });
  },
};

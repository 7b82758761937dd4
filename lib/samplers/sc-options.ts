/**
 * Options of the SC spin-gate model and their translation into a hardware "plan": integer coefficient
 * registers, integer CSR, per-cycle I0 and n_rnd tables, widths. Everything is validated here, at the
 * boundary; the cycle kernel in sc.ts trusts the plan. The semantics are specified in docs/sc-model.md.
 */
import { InvlogicError, rejectUnknownKeys, requireInt, requireOneOf, requireRange } from '../errors';
import { enumerate, IsingModel } from '../ising';
import type { Seed } from '../rng';
import { scheduleValues, validateSchedule, type ScheduleSpec } from './schedule';
import { SC_PRNGS, type ScPrng } from './sc-prng';
import { greedyColoring } from './coloring';
import type { BaseSampleOptions } from './types';

export type ScNoiseKind = 'dense' | 'sparse' | 'uniform';
export const SC_NOISE_KINDS: readonly ScNoiseKind[] = ['dense', 'sparse', 'uniform'];

/**
 * Update order of one cycle (docs/sc-model.md §2.1): 'synchronous' (default; every free spin from m(t), the
 * SSA/SSQA array) or 'chromatic' (colour classes of a greedy colouring of the free-free coupling graph in
 * turn, each from the state its predecessors left; Aadit et al., Nat. Electron. 2022).
 */
export type ScUpdate = 'synchronous' | 'chromatic';
export const SC_UPDATES: readonly ScUpdate[] = ['synchronous', 'chromatic'];
/** Smithson's stepped noise-amplitude reduction: the run is split in equal parts, one amplitude each. */
export interface SteppedNoise {
  kind: 'steps';
  values: readonly number[];
}
export type ScNoiseAmplitude = number | ScheduleSpec | SteppedNoise;
export type ScReadout = 'final' | { kind: 'majority' | 'mode'; window: number };
/** What counts as a valid state (docs/sc-model.md §7). */
export type ScValid =
  | 'ground'
  | 'none'
  | { groundEnergy: number }
  | { target: Readonly<Record<string, number>> }
  | ((m: Int8Array) => boolean);

export interface ScTraceOptions {
  /** Trace the first `reads` reads (default 1). */
  reads?: number;
  /** Include every spin's Itanh counter per cycle (default false). */
  itanh?: boolean;
  /** Receives each JSON line; without it (and without `file`) the lines are returned in `ScRun.trace`. */
  sink?: (line: string) => void;
  /** Write the lines to this file (JSON Lines), replacing it. */
  file?: string;
}

export interface ScOptions extends BaseSampleOptions {
  /** Clock cycles per read, T (default 1000). */
  cycles?: number;
  /** I0 schedule: a constant or a ScheduleSpec (values rounded to integers, each in [1, 2^(itanhBits-1)]). */
  i0?: number | ScheduleSpec;
  /** Cycles per schedule level (default 1). Applies to the I0 and the noise-amplitude schedules. */
  tau?: number;
  /**
   * Explicit initial states of the generators for one read (numReads 1, prng xorshift64p), one
   * [s0h, s0l, s1h, s1l] per generator, instead of the states hashed from `seed` (docs §3.3). The trainer's
   * hardware streams (lib/bnn/hardware-streams.ts) draw them from a generator the trainer RTL also has.
   */
  prngInit?: readonly (readonly number[])[];
  /** Noise amplitude n_rnd: a constant, a ScheduleSpec, or Smithson's {kind: 'steps', values}. */
  noise?: ScNoiseAmplitude;
  /** dense (binary +-n_rnd, default), sparse (fraction `sparsity` of r set to 0), uniform. */
  noiseKind?: ScNoiseKind;
  /** Fraction of r_i(t) set to 0 for noiseKind sparse, in [0, 1] (default 0.5). */
  sparsity?: number;
  /** Random bits for the sparse mask / uniform magnitude, in [1, 16] (default 8). */
  resolutionBits?: number;
  /** Signed width of J (default 5), in [2, 16]. */
  weightBits?: number;
  /** Signed width of h (default = weightBits), in [2, 16]. */
  biasBits?: number;
  /** Signed width of the noise amplitude register (default = weightBits), in [2, 16]. */
  noiseBits?: number;
  /** Signed width of the Itanh counter (default 8), in [2, 24]. */
  itanhBits?: number;
  /** Width of the field adder; 'auto' (default) = wide enough never to overflow. In [2, 31]. */
  fieldBits?: number | 'auto';
  /** What a too-narrow field adder does: 'saturate' (default) or 'wrap'. */
  fieldOverflow?: 'saturate' | 'wrap';
  /** h and J are multiplied by this before loading (default 1); the products must be integers. */
  coefficientScale?: number;
  /** Round scaled coefficients to the nearest integer instead of rejecting non-integers (default false). */
  roundCoefficients?: boolean;
  /** Random-bit source (default xorshift64p). */
  prng?: ScPrng;
  /** Initial counters: 'random' (default, Itanh(0) in {-1, 0} from a reset draw) or 'zero'. */
  init?: 'random' | 'zero';
  /** Update order within a cycle (default 'synchronous'; 'chromatic': colour phases, docs §2.1). */
  update?: ScUpdate;
  /** Read-out of each read (default 'final'). */
  readout?: ScReadout;
  /** Valid-state definition for the statistics (default 'ground' with <= 20 free spins, else 'none'). */
  valid?: ScValid;
  /**
   * Stop a read at its first valid state and read that state out (a solution checker raising "done", as in
   * Smithson's ASIC latency measurements; default false). Needs a `valid` definition other than 'none'.
   */
  stopOnValid?: boolean;
  /** Occupancy is counted over cycles t > occupancyFrom (default: end of the first I0 iteration). */
  occupancyFrom?: number;
  /** Per-cycle trace (docs/sc-model.md §8). */
  trace?: boolean | ScTraceOptions;
}

export const SC_OPTION_KEYS = [
  'numReads',
  'onProgress',
  'seed',
  'prngInit',
  'cycles',
  'i0',
  'tau',
  'noise',
  'noiseKind',
  'sparsity',
  'resolutionBits',
  'weightBits',
  'biasBits',
  'noiseBits',
  'itanhBits',
  'fieldBits',
  'fieldOverflow',
  'coefficientScale',
  'roundCoefficients',
  'prng',
  'init',
  'update',
  'readout',
  'valid',
  'occupancyFrom',
  'stopOnValid',
  'trace',
] as const;

/** Defaults (docs/sc-model.md; reasons in docs). */
export const SC_DEFAULTS = {
  numReads: 10,
  seed: 0 as Seed,
  cycles: 1000,
  tau: 1,
  noise: 2,
  noiseKind: 'dense' as ScNoiseKind,
  sparsity: 0.5,
  resolutionBits: 8,
  weightBits: 5,
  itanhBits: 8,
  fieldOverflow: 'saturate' as const,
  coefficientScale: 1,
  prng: 'xorshift64p' as ScPrng,
  init: 'random' as const,
  update: 'synchronous' as ScUpdate,
};

/** The default I0 schedule for a counter of `itanhBits`: a geometric ramp 2 -> 2^(B-3) (docs §5). */
export function defaultI0(itanhBits: number): ScheduleSpec {
  const to = Math.max(1, 2 ** (itanhBits - 3));
  return { kind: 'geometric', from: Math.min(2, to), to };
}

/** Everything the cycle kernel needs, validated and in integer typed arrays. */
export interface ScPlan {
  model: IsingModel;
  n: number;
  names: readonly string[];
  numReads: number;
  seed: Seed;
  cycles: number;
  /** Scaled integer biases and CSR (both directions). */
  h: Int32Array;
  rowPtr: Int32Array;
  col: Int32Array;
  w: Int32Array;
  /** Scaled integer edge list (i < j) for the trace header and RTL (built on each access). */
  readonly edges: [number, number, number][];
  /** Clamp value per spin (0 = free). */
  clampOf: Int8Array;
  free: Int32Array;
  i0: Int32Array;
  nrnd: Int32Array;
  noiseKind: ScNoiseKind;
  resolutionBits: number;
  sparseThreshold: number;
  lanes: number;
  widths: {
    weightBits: number;
    biasBits: number;
    noiseBits: number;
    itanhBits: number;
    fieldBits: number;
    fieldOverflow: 'saturate' | 'wrap';
  };
  /** True when the field adder can overflow (explicit narrow fieldBits). */
  fieldLimited: boolean;
  coefficientScale: number;
  prng: ScPrng;
  init: 'random' | 'zero';
  update: ScUpdate;
  /**
   * Colour phases of a cycle: free spins of phase c in ascending index (one phase holding every free spin for
   * 'synchronous'). Spins of one chromatic phase share no coupling.
   */
  phases: Int32Array[];
  /** Colour of each spin ('chromatic'; -1 for clamped spins), else null. */
  colorOf: Int32Array | null;
  readout: { kind: 'final' | 'majority' | 'mode'; window: number };
  valid:
    | { kind: 'none' }
    /** groundEnergy in the scaled integer model's units. */
    | { kind: 'energy'; groundEnergy: number; source: 'caller' | 'enumeration' }
    | { kind: 'target'; idx: Int32Array; spin: Int8Array }
    | { kind: 'predicate'; fn: (m: Int8Array) => boolean };
  occupancyFrom: number;
  stopOnValid: boolean;
  /** Length of the first I0 iteration (sawtooth) or the whole run. */
  firstIteration: number;
  trace: { reads: number; itanh: boolean; sink?: (line: string) => void; file?: string } | null;
  /** Explicit generator states (option prngInit), 4 words per generator; undefined = hashed from the seed. */
  prngInit?: Uint32Array;
}

function signedRange(bits: number): [number, number] {
  return [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1];
}

/** Run-length form [[value, count], ...] of a per-cycle table (the schedule ROM of docs §5). */
export function runLengths(values: ArrayLike<number>): [number, number][] {
  const out: [number, number][] = [];
  for (let t = 0; t < values.length; t++) {
    const last = out[out.length - 1];
    if (last && last[0] === values[t]) last[1]++;
    else out.push([values[t], 1]);
  }
  return out;
}

function scheduleTable(
  spec: number | ScheduleSpec | SteppedNoise,
  cycles: number,
  tau: number,
  parameter: string,
  min: number,
  max: number,
): Int32Array {
  let values: Float64Array;
  if (typeof spec === 'number') {
    if (!Number.isInteger(spec) || spec < min || spec > max) {
      throw new InvlogicError(`${parameter} must be an integer in [${min}, ${max}], got ${spec}`, parameter);
    }
    values = new Float64Array(cycles).fill(spec);
  } else if (spec && typeof spec === 'object' && (spec as { kind?: unknown }).kind === 'steps') {
    const st = spec as SteppedNoise;
    rejectUnknownKeys(parameter, st, ['kind', 'values']);
    if (!Array.isArray(st.values) || st.values.length === 0 || st.values.length > cycles) {
      throw new InvlogicError(
        `${parameter}.values must be a non-empty array of at most ${cycles} (cycles) amplitudes`,
        `${parameter}.values`,
      );
    }
    st.values.forEach((v, k) => requireInt(`${parameter}.values[${k}]`, v, min, max));
    const K = st.values.length;
    values = new Float64Array(cycles);
    for (let t = 0; t < cycles; t++) values[t] = st.values[Math.floor((t * K) / cycles)];
  } else {
    values = scheduleValues(validateSchedule(spec, parameter), cycles, { tau, integer: true, min }, parameter);
  }
  const out = new Int32Array(cycles);
  for (let t = 0; t < cycles; t++) {
    const v = values[t];
    if (!(v >= min && v <= max)) {
      throw new InvlogicError(`${parameter} value ${v} at cycle ${t} is outside [${min}, ${max}]`, parameter);
    }
    out[t] = v;
  }
  return out;
}

function targetSpin(parameter: string, v: unknown): 1 | -1 {
  if (v === 1) return 1;
  if (v === 0 || v === -1) return -1;
  throw new InvlogicError(`${parameter} must be a logic value 0 or 1 (or spin -1/+1), got ${String(v)}`, parameter);
}

/** Validates options against a model and builds the hardware plan. */
export function planSc(model: IsingModel, options: ScOptions = {}): ScPlan {
  if (!(model instanceof IsingModel)) throw new InvlogicError('model must be an IsingModel', 'model');
  rejectUnknownKeys('sc options', options, SC_OPTION_KEYS);
  const o = options;
  const n = model.n;
  if (n === 0) throw new InvlogicError('model has no spins', 'model');
  const numReads = requireInt('numReads', o.numReads ?? SC_DEFAULTS.numReads, 1, 1e7);
  const seed = o.seed ?? SC_DEFAULTS.seed;
  if (typeof seed !== 'number' && typeof seed !== 'string')
    throw new InvlogicError(`seed must be a number or string`, 'seed');
  if (typeof seed === 'number' && (!Number.isSafeInteger(seed) || seed < 0)) {
    throw new InvlogicError(`seed must be a non-negative safe integer or a string, got ${seed}`, 'seed');
  }
  // Per-cycle schedule tables are materialised (Float64 + 2 x Int32 per cycle): cap at 2^26 cycles (~1 GiB).
  const cycles = requireInt('cycles', o.cycles ?? SC_DEFAULTS.cycles, 1, 2 ** 26);
  const tau = requireInt('tau', o.tau ?? SC_DEFAULTS.tau, 1, 2 ** 30);
  const weightBits = requireInt('weightBits', o.weightBits ?? SC_DEFAULTS.weightBits, 2, 16);
  const biasBits = requireInt('biasBits', o.biasBits ?? weightBits, 2, 16);
  const noiseBits = requireInt('noiseBits', o.noiseBits ?? weightBits, 2, 16);
  const itanhBits = requireInt('itanhBits', o.itanhBits ?? SC_DEFAULTS.itanhBits, 2, 24);
  const fieldOverflow = requireOneOf('fieldOverflow', o.fieldOverflow ?? SC_DEFAULTS.fieldOverflow, [
    'saturate',
    'wrap',
  ] as const);
  const noiseKind = requireOneOf('noiseKind', o.noiseKind ?? SC_DEFAULTS.noiseKind, SC_NOISE_KINDS);
  const sparsity = requireRange('sparsity', o.sparsity ?? SC_DEFAULTS.sparsity, 0, 1);
  if (o.sparsity !== undefined && noiseKind !== 'sparse') {
    throw new InvlogicError(`sparsity applies only to noiseKind 'sparse' (got noiseKind '${noiseKind}')`, 'sparsity');
  }
  const resolutionBits = requireInt('resolutionBits', o.resolutionBits ?? SC_DEFAULTS.resolutionBits, 1, 16);
  const prng = requireOneOf('prng', o.prng ?? SC_DEFAULTS.prng, SC_PRNGS);
  if (prng === 'per-spin' && n > 2 ** 20)
    throw new InvlogicError(`prng 'per-spin' supports at most 2^20 spins, model has ${n}`, 'prng');
  const init = requireOneOf('init', o.init ?? SC_DEFAULTS.init, ['random', 'zero'] as const);
  const update = requireOneOf('update', o.update ?? SC_DEFAULTS.update, SC_UPDATES);
  const coefficientScale = requireRange(
    'coefficientScale',
    o.coefficientScale ?? SC_DEFAULTS.coefficientScale,
    1e-9,
    1e9,
  );
  const roundCoefficients = o.roundCoefficients ?? false;
  if (typeof roundCoefficients !== 'boolean')
    throw new InvlogicError('roundCoefficients must be true or false', 'roundCoefficients');

  // Coefficient registers: scale, check integrality and width; never wrap (docs §1). The coefficient's name
  // is built only for an error message (`what` is called then).
  const load = (v: number, what: () => string, lo: number, hi: number, bits: number, option: string): number => {
    let x = v * coefficientScale;
    if (roundCoefficients) x = Math.sign(x) * Math.round(Math.abs(x));
    else if (Math.abs(x - Math.round(x)) > 1e-9) {
      throw new InvlogicError(
        `${what()} = ${v} (x coefficientScale ${coefficientScale} = ${x}) is not an integer; the SC hardware model needs integer h and J ` +
          `(set coefficientScale, or roundCoefficients: true)`,
        'coefficientScale',
      );
    }
    x = Math.round(x) + 0; // normalise -0
    if (x < lo || x > hi) {
      throw new InvlogicError(
        `${what()} = ${x} (after coefficientScale ${coefficientScale}) does not fit ${option} = ${bits}: allowed [${lo}, ${hi}]; ` +
          `raise ${option} or lower coefficientScale`,
        option,
      );
    }
    return x;
  };
  const [hLo, hHi] = signedRange(biasBits);
  const [wLo, wHi] = signedRange(weightBits);
  const h = new Int32Array(n);
  for (let i = 0; i < n; i++) h[i] = load(model.h[i], () => `h[${model.names[i]}]`, hLo, hHi, biasBits, 'biasBits');
  const m = model.numEdges;
  const eI = new Int32Array(m);
  const eJ = new Int32Array(m);
  const eW = new Int32Array(m);
  let kept = 0;
  for (let k = 0; k < m; k++) {
    const a = model.edgeI[k];
    const b = model.edgeJ[k];
    const v = model.edgeW[k];
    const fast = v * coefficientScale;
    // Fast path (no closure): an integer in range needs no rounding and cannot fail.
    const x =
      Number.isInteger(fast) && fast >= wLo && fast <= wHi
        ? fast + 0
        : load(v, () => `J[${model.names[a]},${model.names[b]}]`, wLo, wHi, weightBits, 'weightBits');
    if (x !== 0) {
      eI[kept] = a;
      eJ[kept] = b;
      eW[kept++] = x;
    }
  }
  const edges = { i: eI.subarray(0, kept), j: eJ.subarray(0, kept), w: eW.subarray(0, kept) };
  // Integer CSR from the edge list (same layout as IsingModel.csr()).
  const deg = new Int32Array(n + 1);
  for (let k = 0; k < kept; k++) {
    deg[eI[k] + 1]++;
    deg[eJ[k] + 1]++;
  }
  for (let i = 0; i < n; i++) deg[i + 1] += deg[i];
  const rowPtr = deg;
  const fill = rowPtr.slice(0, n);
  const col = new Int32Array(rowPtr[n]);
  const w = new Int32Array(rowPtr[n]);
  for (let k = 0; k < kept; k++) {
    const a = eI[k];
    const b = eJ[k];
    const x = eW[k];
    col[fill[a]] = b;
    w[fill[a]++] = x;
    col[fill[b]] = a;
    w[fill[b]++] = x;
  }

  const clampOf = new Int8Array(n);
  for (const [i, s] of model.clamp) clampOf[i] = s;
  const freeList: number[] = [];
  for (let i = 0; i < n; i++) if (clampOf[i] === 0) freeList.push(i);

  // Schedules (docs §5).
  const i0Max = 2 ** (itanhBits - 1);
  const i0Spec = o.i0 ?? defaultI0(itanhBits);
  const i0 = scheduleTable(i0Spec, cycles, tau, 'i0', 1, i0Max);
  const noiseMax = 2 ** (noiseBits - 1) - 1;
  const nrnd = scheduleTable(o.noise ?? SC_DEFAULTS.noise, cycles, tau, 'noise', 0, noiseMax);
  let firstIteration = cycles;
  if (typeof i0Spec === 'object' && i0Spec.kind === 'sawtooth' && i0Spec.iterations >= 2) {
    firstIteration = Math.round(cycles / i0Spec.iterations);
  }

  // Field adder width (docs §1).
  let maxNoise = 0;
  for (let t = 0; t < cycles; t++) if (nrnd[t] > maxNoise) maxNoise = nrnd[t];
  let maxField = 0;
  for (let i = 0; i < n; i++) {
    let s = Math.abs(h[i]);
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) s += Math.abs(w[p]);
    if (s > maxField) maxField = s;
  }
  maxField += maxNoise;
  if (maxField > 2 ** 30)
    throw new InvlogicError(`largest possible field ${maxField} exceeds 2^30; reduce degree or widths`, 'model');
  let autoBits = 2;
  while (2 ** (autoBits - 1) - 1 < maxField) autoBits++;
  let fieldBits = autoBits;
  let fieldLimited = false;
  if (o.fieldBits !== undefined && o.fieldBits !== 'auto') {
    fieldBits = requireInt('fieldBits', o.fieldBits, 2, 31);
    fieldLimited = fieldBits < autoBits;
  }

  // Read-out.
  let readout: ScPlan['readout'] = { kind: 'final', window: 1 };
  if (o.readout !== undefined && o.readout !== 'final') {
    const r = o.readout as { kind?: unknown; window?: unknown };
    if (r === null || typeof r !== 'object')
      throw new InvlogicError(`readout must be 'final' or {kind: 'majority'|'mode', window}`, 'readout');
    rejectUnknownKeys('readout', r, ['kind', 'window']);
    const kind = requireOneOf('readout.kind', r.kind, ['majority', 'mode'] as const);
    readout = { kind, window: requireInt('readout.window', r.window, 1, cycles) };
  }

  // Valid states (docs §7).
  let valid: ScPlan['valid'];
  // Default: 'ground' when enumeration is cheap (<= 20 free spins, ~1M states), otherwise no tracking.
  const v = o.valid ?? (freeList.length <= 20 ? 'ground' : 'none');
  if (v === 'none') valid = { kind: 'none' };
  else if (typeof v === 'function') valid = { kind: 'predicate', fn: v };
  else if (v === 'ground') {
    let e;
    try {
      // The hardware's own (scaled, integer) model decides which states are ground states.
      e = enumerate(new IsingModel(model.names, h, edges, model.clamp), { maxFreeSpins: 24 });
    } catch {
      throw new InvlogicError(
        `valid: 'ground' needs the ground energy; the model has ${freeList.length} free spins (enumeration supports <= 24): give valid: {groundEnergy} or {target}`,
        'valid',
      );
    }
    valid = { kind: 'energy', groundEnergy: e.groundEnergy, source: 'enumeration' };
  } else if (v && typeof v === 'object' && 'groundEnergy' in v) {
    rejectUnknownKeys('valid', v, ['groundEnergy']);
    // The caller's ground energy is in the model's units; the kernel tracks the scaled energy.
    const g = requireRange('valid.groundEnergy', v.groundEnergy, -1e15, 1e15);
    valid = { kind: 'energy', groundEnergy: g * coefficientScale, source: 'caller' };
  } else if (v && typeof v === 'object' && 'target' in v) {
    rejectUnknownKeys('valid', v, ['target']);
    const entries = Object.entries(v.target ?? {});
    if (entries.length === 0) throw new InvlogicError('valid.target must name at least one spin', 'valid.target');
    valid = {
      kind: 'target',
      idx: Int32Array.from(entries, ([name]) => model.indexOf(name, 'valid.target')),
      spin: Int8Array.from(entries, ([name, x]) => targetSpin(`valid.target.${name}`, x)),
    };
  } else {
    throw new InvlogicError(
      `valid must be 'ground', 'none', {groundEnergy}, {target} or a predicate function`,
      'valid',
    );
  }
  const stopOnValid = o.stopOnValid ?? false;
  if (typeof stopOnValid !== 'boolean') throw new InvlogicError('stopOnValid must be true or false', 'stopOnValid');
  if (stopOnValid && valid.kind === 'none')
    throw new InvlogicError('stopOnValid needs a valid-state definition (valid)', 'stopOnValid');
  if (stopOnValid && o.readout !== undefined && o.readout !== 'final') {
    throw new InvlogicError("stopOnValid reads out the first valid state; readout must be 'final'", 'readout');
  }
  const occupancyFrom = requireInt(
    'occupancyFrom',
    o.occupancyFrom ?? (firstIteration < cycles ? firstIteration : 0),
    0,
    cycles - 1,
  );

  let trace: ScPlan['trace'] = null;
  if (o.trace !== undefined && o.trace !== false) {
    const tr: ScTraceOptions = o.trace === true ? {} : o.trace;
    if (tr === null || typeof tr !== 'object')
      throw new InvlogicError('trace must be true, false or {reads, itanh, sink}', 'trace');
    rejectUnknownKeys('trace', tr, ['reads', 'itanh', 'sink', 'file']);
    if (tr.sink !== undefined && typeof tr.sink !== 'function')
      throw new InvlogicError('trace.sink must be a function', 'trace.sink');
    if (tr.file !== undefined && (typeof tr.file !== 'string' || tr.file === ''))
      throw new InvlogicError('trace.file must be a file name', 'trace.file');
    if (tr.file !== undefined && tr.sink !== undefined)
      throw new InvlogicError('give trace.sink or trace.file, not both', 'trace.file');
    trace = {
      reads: requireInt('trace.reads', tr.reads ?? 1, 1, numReads),
      itanh: tr.itanh === true,
      sink: tr.sink,
      file: tr.file,
    };
  }

  const lanes = noiseKind === 'dense' ? 1 : 1 + resolutionBits;
  return {
    model,
    n,
    names: model.names,
    numReads,
    seed,
    cycles,
    h,
    rowPtr,
    col,
    w,
    get edges(): [number, number, number][] {
      return Array.from(edges.w, (x, k): [number, number, number] => [edges.i[k], edges.j[k], x]);
    },
    clampOf,
    free: Int32Array.from(freeList),
    update,
    ...updatePhases(update, n, rowPtr, col, clampOf, freeList),
    i0,
    nrnd,
    noiseKind,
    resolutionBits,
    sparseThreshold: Math.round(sparsity * 2 ** resolutionBits),
    lanes,
    widths: { weightBits, biasBits, noiseBits, itanhBits, fieldBits, fieldOverflow },
    fieldLimited,
    coefficientScale,
    prng,
    init,
    readout,
    valid,
    occupancyFrom,
    stopOnValid,
    firstIteration,
    trace,
    prngInit: prngInitOf(o.prngInit, prng, n, numReads),
  };
}

function prngInitOf(v: ScOptions['prngInit'], prng: ScPrng, n: number, numReads: number): Uint32Array | undefined {
  if (v === undefined) return undefined;
  const G = Math.ceil(n / 64);
  if (prng !== 'xorshift64p' || numReads !== 1)
    throw new InvlogicError(`prngInit needs prng xorshift64p and numReads 1, got ${prng} and ${numReads}`, 'prngInit');
  if (!Array.isArray(v) || v.length !== G)
    throw new InvlogicError(
      `prngInit must hold ${G} generator states, got ${Array.isArray(v) ? v.length : typeof v}`,
      'prngInit',
    );
  const out = new Uint32Array(4 * G);
  v.forEach((st, g) => {
    if (!Array.isArray(st) || st.length !== 4 || st.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffffffff))
      throw new InvlogicError(`prngInit[${g}] must be 4 unsigned 32-bit words`, 'prngInit');
    if (st.every((w) => w === 0)) throw new InvlogicError(`prngInit[${g}] is all zero`, 'prngInit');
    out.set(st, 4 * g);
  });
  return out;
}

/**
 * The phases of one cycle. 'chromatic': a greedy colouring (lib/samplers/coloring.ts) of the graph of
 * couplings between free spins; a clamped spin never updates, so its couplings do not constrain the colours.
 */
function updatePhases(
  update: ScUpdate,
  n: number,
  rowPtr: Int32Array,
  col: Int32Array,
  clampOf: Int8Array,
  freeList: number[],
): { phases: Int32Array[]; colorOf: Int32Array | null } {
  if (update === 'synchronous') return { phases: [Int32Array.from(freeList)], colorOf: null };
  const fRow = new Int32Array(n + 1);
  const fCol: number[] = [];
  for (let i = 0; i < n; i++) {
    if (clampOf[i] === 0) for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) if (clampOf[col[p]] === 0) fCol.push(col[p]);
    fRow[i + 1] = fCol.length;
  }
  const c = greedyColoring(n, { rowPtr: fRow, col: Int32Array.from(fCol), w: new Float64Array(fCol.length) });
  const colorOf = new Int32Array(n).fill(-1);
  const lists: number[][] = [];
  for (const i of freeList) {
    colorOf[i] = c.colors[i];
    (lists[c.colors[i]] ??= []).push(i);
  }
  // Colours of clamped (isolated) spins only would leave empty phases: drop them, renumbering in order.
  const phases: Int32Array[] = [];
  for (const l of lists) if (l && l.length) phases.push(Int32Array.from(l));
  phases.forEach((ph, k) => ph.forEach((i) => (colorOf[i] = k)));
  return { phases, colorOf };
}

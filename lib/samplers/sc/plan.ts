/**
 * The SC model's plan: options validated against an IsingModel and turned into what the hardware holds:
 * integer coefficient registers and CSR (from the model's own CSR), per-cycle I0 and n_rnd tables (the
 * schedule ROM), register widths, update phases, read-out and valid-state definitions. Pure (no I/O, no
 * state): the kernels (kernel.ts, packed.ts) trust the plan. Semantics: docs/sc-model.md.
 */
import { InvlogicError, rejectUnknownKeys, requireInt, requireOneOf, requireRange } from '../../errors';
import { enumerate, IsingModel } from '../../ising';
import type { Seed } from '../../rng';
import { greedyColoring } from '../coloring';
import { scheduleValues, validateSchedule, type ScheduleSpec } from '../schedule';
import {
  defaultI0,
  SC_DEFAULTS,
  SC_NOISE_KINDS,
  SC_OPTION_KEYS,
  SC_UPDATES,
  type ScNoiseKind,
  type ScOptions,
  type ScUpdate,
  type SteppedNoise,
} from './options';
import { SC_PRNGS, type ScPrng } from './prng';
import { planTrace } from './trace';

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
  const s = scalarOptions(o, n);
  const { cycles, itanhBits } = s;
  const coef = loadCoefficients(model, s.coefficientScale, s.roundCoefficients, s.weightBits, s.biasBits);
  const { h, rowPtr, col, w } = coef;

  const clampOf = new Int8Array(n);
  for (const [i, c] of model.clamp) clampOf[i] = c;
  const freeList: number[] = [];
  for (let i = 0; i < n; i++) if (clampOf[i] === 0) freeList.push(i);

  // Schedules (docs §5).
  const i0Spec = o.i0 ?? defaultI0(itanhBits);
  const i0 = scheduleTable(i0Spec, cycles, s.tau, 'i0', 1, 2 ** (itanhBits - 1));
  const nrnd = scheduleTable(o.noise ?? SC_DEFAULTS.noise, cycles, s.tau, 'noise', 0, 2 ** (s.noiseBits - 1) - 1);
  let firstIteration = cycles;
  if (typeof i0Spec === 'object' && i0Spec.kind === 'sawtooth' && i0Spec.iterations >= 2) {
    firstIteration = Math.round(cycles / i0Spec.iterations);
  }
  const { fieldBits, fieldLimited } = fieldWidth(o.fieldBits, h, rowPtr, w, nrnd);
  const readout = planReadout(o.readout, cycles);
  const valid = planValid(o.valid, model, coef, freeList.length, s.coefficientScale);
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
  const trace = planTrace(o.trace, s.numReads);

  const { noiseKind, resolutionBits } = s;
  const edges = coef.edges;
  return {
    model,
    n,
    names: model.names,
    numReads: s.numReads,
    seed: s.seed,
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
    update: s.update,
    ...updatePhases(s.update, n, rowPtr, col, clampOf, freeList),
    i0,
    nrnd,
    noiseKind,
    resolutionBits,
    sparseThreshold: Math.round(s.sparsity * 2 ** resolutionBits),
    lanes: noiseKind === 'dense' ? 1 : 1 + resolutionBits,
    widths: {
      weightBits: s.weightBits,
      biasBits: s.biasBits,
      noiseBits: s.noiseBits,
      itanhBits,
      fieldBits,
      fieldOverflow: s.fieldOverflow,
    },
    fieldLimited,
    coefficientScale: s.coefficientScale,
    prng: s.prng,
    init: s.init,
    readout,
    valid,
    occupancyFrom,
    stopOnValid,
    firstIteration,
    trace,
    prngInit: prngInitOf(o.prngInit, s.prng, n, s.numReads),
  };
}

/** The option prngInit checked against the run: one [s0h, s0l, s1h, s1l] per generator, for one read. */
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

/** The scalar options, validated, defaults filled in. */
function scalarOptions(o: ScOptions, n: number) {
  const numReads = requireInt('numReads', o.numReads ?? SC_DEFAULTS.numReads, 1, 1e7);
  const seed: Seed = o.seed ?? SC_DEFAULTS.seed;
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
  const noiseKind: ScNoiseKind = requireOneOf('noiseKind', o.noiseKind ?? SC_DEFAULTS.noiseKind, SC_NOISE_KINDS);
  const sparsity = requireRange('sparsity', o.sparsity ?? SC_DEFAULTS.sparsity, 0, 1);
  if (o.sparsity !== undefined && noiseKind !== 'sparse') {
    throw new InvlogicError(`sparsity applies only to noiseKind 'sparse' (got noiseKind '${noiseKind}')`, 'sparsity');
  }
  const resolutionBits = requireInt('resolutionBits', o.resolutionBits ?? SC_DEFAULTS.resolutionBits, 1, 16);
  const prng: ScPrng = requireOneOf('prng', o.prng ?? SC_DEFAULTS.prng, SC_PRNGS);
  if (prng === 'per-spin' && n > 2 ** 20)
    throw new InvlogicError(`prng 'per-spin' supports at most 2^20 spins, model has ${n}`, 'prng');
  const init = requireOneOf('init', o.init ?? SC_DEFAULTS.init, ['random', 'zero'] as const);
  const update: ScUpdate = requireOneOf('update', o.update ?? SC_DEFAULTS.update, SC_UPDATES);
  const coefficientScale = requireRange(
    'coefficientScale',
    o.coefficientScale ?? SC_DEFAULTS.coefficientScale,
    1e-9,
    1e9,
  );
  const roundCoefficients = o.roundCoefficients ?? false;
  if (typeof roundCoefficients !== 'boolean')
    throw new InvlogicError('roundCoefficients must be true or false', 'roundCoefficients');
  return {
    numReads,
    seed,
    cycles,
    tau,
    weightBits,
    biasBits,
    noiseBits,
    itanhBits,
    fieldOverflow,
    noiseKind,
    sparsity,
    resolutionBits,
    prng,
    init,
    update,
    coefficientScale,
    roundCoefficients,
  };
}

/** The integer coefficient registers: h, the CSR of J (zero couplings dropped) and the edge list (i < j). */
interface Coefficients {
  h: Int32Array;
  rowPtr: Int32Array;
  col: Int32Array;
  w: Int32Array;
  edges: { i: Int32Array; j: Int32Array; w: Int32Array };
}

/**
 * Loads h and J into their registers (docs §1): scale, check integrality and width, never wrap. The CSR is
 * the model's own (IsingModel.csr()) with the scaled weights, couplings that scale to 0 dropped.
 */
function loadCoefficients(
  model: IsingModel,
  coefficientScale: number,
  roundCoefficients: boolean,
  weightBits: number,
  biasBits: number,
): Coefficients {
  const n = model.n;
  // One register value; NaN when v does not fit (then `fail` names the coefficient and throws).
  const scaled = (v: number, lo: number, hi: number): number => {
    let x = v * coefficientScale;
    // Fast path: an integer in range needs no rounding and cannot fail.
    if (Number.isInteger(x) && x >= lo && x <= hi) return x + 0; // normalise -0
    if (roundCoefficients) x = Math.sign(x) * Math.round(Math.abs(x));
    else if (Math.abs(x - Math.round(x)) > 1e-9) return NaN;
    x = Math.round(x) + 0;
    return x < lo || x > hi ? NaN : x;
  };
  const fail = (v: number, what: string, lo: number, hi: number, bits: number, option: string): never => {
    const x = v * coefficientScale;
    if (!roundCoefficients && Math.abs(x - Math.round(x)) > 1e-9) {
      throw new InvlogicError(
        `${what} = ${v} (x coefficientScale ${coefficientScale} = ${x}) is not an integer; the SC hardware model needs integer h and J ` +
          `(set coefficientScale, or roundCoefficients: true)`,
        'coefficientScale',
      );
    }
    const r = Math.round(roundCoefficients ? Math.sign(x) * Math.round(Math.abs(x)) : x) + 0;
    throw new InvlogicError(
      `${what} = ${r} (after coefficientScale ${coefficientScale}) does not fit ${option} = ${bits}: allowed [${lo}, ${hi}]; ` +
        `raise ${option} or lower coefficientScale`,
      option,
    );
  };
  const [hLo, hHi] = signedRange(biasBits);
  const [wLo, wHi] = signedRange(weightBits);
  const h = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = scaled(model.h[i], hLo, hHi);
    h[i] = Number.isNaN(x) ? fail(model.h[i], `h[${model.names[i]}]`, hLo, hHi, biasBits, 'biasBits') : x;
  }
  // Edge list (i < j, model order): errors name the first coupling that does not fit, in edge order.
  const m = model.numEdges;
  const eI = new Int32Array(m);
  const eJ = new Int32Array(m);
  const eW = new Int32Array(m);
  let kept = 0;
  for (let k = 0; k < m; k++) {
    const a = model.edgeI[k];
    const b = model.edgeJ[k];
    const v = model.edgeW[k];
    let x = scaled(v, wLo, wHi);
    if (Number.isNaN(x)) x = fail(v, `J[${model.names[a]},${model.names[b]}]`, wLo, wHi, weightBits, 'weightBits');
    if (x !== 0) {
      eI[kept] = a;
      eJ[kept] = b;
      eW[kept++] = x;
    }
  }
  // The model's CSR, weights scaled (each fits: checked above), zero entries dropped row by row in order.
  const mc = model.csr();
  const rowPtr = new Int32Array(n + 1);
  const col = new Int32Array(2 * kept);
  const w = new Int32Array(2 * kept);
  let q = 0;
  for (let i = 0; i < n; i++) {
    for (let p = mc.rowPtr[i]; p < mc.rowPtr[i + 1]; p++) {
      const x = scaled(mc.w[p], wLo, wHi);
      if (x === 0) continue;
      col[q] = mc.col[p];
      w[q++] = x;
    }
    rowPtr[i + 1] = q;
  }
  return { h, rowPtr, col, w, edges: { i: eI.subarray(0, kept), j: eJ.subarray(0, kept), w: eW.subarray(0, kept) } };
}

/** Width of the field adder (docs §1): wide enough never to overflow, or the explicit (narrower) fieldBits. */
function fieldWidth(
  given: number | 'auto' | undefined,
  h: Int32Array,
  rowPtr: Int32Array,
  w: Int32Array,
  nrnd: Int32Array,
): { fieldBits: number; fieldLimited: boolean } {
  let maxNoise = 0;
  for (let t = 0; t < nrnd.length; t++) if (nrnd[t] > maxNoise) maxNoise = nrnd[t];
  let maxField = 0;
  for (let i = 0; i < h.length; i++) {
    let s = Math.abs(h[i]);
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) s += Math.abs(w[p]);
    if (s > maxField) maxField = s;
  }
  maxField += maxNoise;
  if (maxField > 2 ** 30)
    throw new InvlogicError(`largest possible field ${maxField} exceeds 2^30; reduce degree or widths`, 'model');
  let autoBits = 2;
  while (2 ** (autoBits - 1) - 1 < maxField) autoBits++;
  if (given === undefined || given === 'auto') return { fieldBits: autoBits, fieldLimited: false };
  const fieldBits = requireInt('fieldBits', given, 2, 31);
  return { fieldBits, fieldLimited: fieldBits < autoBits };
}

function planReadout(given: ScOptions['readout'], cycles: number): ScPlan['readout'] {
  if (given === undefined || given === 'final') return { kind: 'final', window: 1 };
  const r = given as { kind?: unknown; window?: unknown };
  if (r === null || typeof r !== 'object')
    throw new InvlogicError(`readout must be 'final' or {kind: 'majority'|'mode', window}`, 'readout');
  rejectUnknownKeys('readout', r, ['kind', 'window']);
  const kind = requireOneOf('readout.kind', r.kind, ['majority', 'mode'] as const);
  return { kind, window: requireInt('readout.window', r.window, 1, cycles) };
}

/** Valid states (docs §7); 'ground' enumerates the scaled integer model. */
function planValid(
  given: ScOptions['valid'],
  model: IsingModel,
  coef: Coefficients,
  numFree: number,
  coefficientScale: number,
): ScPlan['valid'] {
  // Default: 'ground' when enumeration is cheap (<= 20 free spins, ~1M states), otherwise no tracking.
  const v = given ?? (numFree <= 20 ? 'ground' : 'none');
  if (v === 'none') return { kind: 'none' };
  if (typeof v === 'function') return { kind: 'predicate', fn: v };
  if (v === 'ground') {
    let e;
    try {
      // The hardware's own (scaled, integer) model decides which states are ground states.
      e = enumerate(new IsingModel(model.names, coef.h, coef.edges, model.clamp), { maxFreeSpins: 24 });
    } catch {
      throw new InvlogicError(
        `valid: 'ground' needs the ground energy; the model has ${numFree} free spins (enumeration supports <= 24): give valid: {groundEnergy} or {target}`,
        'valid',
      );
    }
    return { kind: 'energy', groundEnergy: e.groundEnergy, source: 'enumeration' };
  }
  if (v && typeof v === 'object' && 'groundEnergy' in v) {
    rejectUnknownKeys('valid', v, ['groundEnergy']);
    // The caller's ground energy is in the model's units; the kernel tracks the scaled energy.
    const g = requireRange('valid.groundEnergy', v.groundEnergy, -1e15, 1e15);
    return { kind: 'energy', groundEnergy: g * coefficientScale, source: 'caller' };
  }
  if (v && typeof v === 'object' && 'target' in v) {
    rejectUnknownKeys('valid', v, ['target']);
    const entries = Object.entries(v.target ?? {});
    if (entries.length === 0) throw new InvlogicError('valid.target must name at least one spin', 'valid.target');
    return {
      kind: 'target',
      idx: Int32Array.from(entries, ([name]) => model.indexOf(name, 'valid.target')),
      spin: Int8Array.from(entries, ([name, x]) => targetSpin(`valid.target.${name}`, x)),
    };
  }
  throw new InvlogicError(`valid must be 'ground', 'none', {groundEnergy}, {target} or a predicate function`, 'valid');
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

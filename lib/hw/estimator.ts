/**
 * Hardware estimator (issue 6): turns a simulated invertible-logic training run (SC clock cycles, spins,
 * couplings, widths) and a measured CPU backprop run into the paper's two ratios (paper brief §1, §5.1):
 *
 *   t_FPGA = (cycles * cyclesScale + loadCycles) / (clockHz * parallelCircuits)
 *   P_FPGA = P_static(device) + dynamicScale * clockHz * [ toggle * (LUT * E_lut + FF * E_ff)
 *                                                         + FF * E_clk + BRAM * activity * E_bram ]
 *   E_FPGA = P_FPGA * t_FPGA
 *   t_CPU  = CPU time (process.cpuUsage, user+system) of the backprop run until it first reached the
 *            invertible run's accuracy (else its time to final accuracy); wall time only if the run has none
 *   P_CPU  = TDP / cores * threads (a named CPU preset) or --cpu-power-w;   E_CPU = P_CPU * t_CPU
 *   speed-up = t_CPU / t_FPGA;  energy-efficiency ratio = E_CPU / E_FPGA = speed-up * P_CPU / P_FPGA
 *
 * Resources come from a per-element model (spin gates as a function of fan-in and widths, PRNGs, clamp
 * registers, training-data BRAM, control) calibrated by least squares against Smithson's Table 3 or our yosys
 * synthesis (lib/hw/estimator-tables.ts). Every assumption is an option; `sensitivity` gives the elasticity
 * d ln(ratio) / d ln(assumption) of both ratios. docs/hardware-estimator.md has the sources.
 */
import { InvlogicError, describeValue, rejectUnknownKeys, requireInt, requireOneOf, requireRange } from '../errors';
import {
  CPU_PRESETS,
  DEFAULT_CPU,
  DEFAULT_DEVICE,
  DEFAULT_POWER_COEFFICIENTS,
  FPGA_DEVICES,
  FPGA_POWER_COEFFICIENTS,
  SMITHSON_TABLE3_POINTS,
  type CalibrationPoint,
  type FpgaDevice,
  type ResourceCalibration,
} from './estimator-tables';

import { measuredDesignResources, trainerCalibration, type MeasuredDesignResources } from './estimator-trainer';

export * from './estimator-tables';
export * from './estimator-trainer';

/** The paper's claims (abstract, paper brief §1/§5.1 [ABS]) and the implied power ratio [INF]. */
export const PAPER_RATIOS = { speedup: 40, energyEfficiency: 134, powerRatio: 134 / 40 } as const;

/** Smithson et al. TCAS-I 2019 Table 4 [FT]: 5x5-bit multiplier/factorizer, 75 nodes, TSMC 65 nm, 200 MHz, 13.4 mW. */
export const SMITHSON_ASIC_65NM = { clockHz: 200e6, powerW: 13.4e-3, nodes: 75 } as const;

// ---------------------------------------------------------------------------------------------------------
// Resource model

/** One training circuit instance as the hardware holds it, plus the data it streams. */
export interface TrainingCircuit {
  /** Spins of one circuit instance (K samples sharing the weights), as the trainer reports them. */
  spins: number;
  couplings: number;
  itanhBits: number;
  weightBits: number;
  /** K: training samples clamped in one circuit. */
  samplesPerBatch: number;
  /** Learned weight spins (shared by the K samples). */
  weightSpins: number;
  /** Couplings among weight spins only (they do not grow with K; threshold form: dense Gram matrix). */
  weightCouplings: number;
  /** Training set held on chip. */
  trainingSamples: number;
  /** Bits per stored training sample (inputs + label). */
  bitsPerSample: number;
}

export interface ResourceElement {
  element: string;
  count: number;
  luts: number;
  ffs: number;
  bram36: number;
}

export interface ResourceEstimate {
  luts: number;
  ffs: number;
  bram36: number;
  elements: ResourceElement[];
}

const BRAM36_BITS = 36 * 1024;
/** Width of one BRAM read port (36 Kb block as 512 x 72): bits loaded per cycle per block. */
const BRAM_PORT_BITS = 72;
const XORSHIFT64P_FFS = 128;

/** LUT/FF/BRAM of `copies` instances of the circuit (shared control and data memory counted once). */
export function estimateResources(c: TrainingCircuit, cal: ResourceCalibration, copies = 1): ResourceEstimate {
  const prngs = Math.ceil((c.spins * copies) / cal.spinsPerPrng);
  const lutSpin = cal.lutPerSpin * (c.itanhBits / cal.refItanhBits);
  const lutEnd = cal.lutPerCouplingEnd * (c.weightBits / cal.refWeightBits);
  const clampBits = c.samplesPerBatch * c.bitsPerSample;
  const dataBits = c.trainingSamples * c.bitsPerSample;
  const elements: ResourceElement[] = [
    {
      element: 'spin gates (accumulator + comparator)',
      count: c.spins * copies,
      luts: lutSpin * c.spins * copies,
      ffs: (c.itanhBits + cal.ffPerSpinExtra) * c.spins * copies,
      bram36: 0,
    },
    {
      element: 'couplings (weighted inputs, 2 ends each)',
      count: c.couplings * copies,
      luts: lutEnd * 2 * c.couplings * copies,
      ffs: 0,
      bram36: 0,
    },
    {
      element: 'PRNGs (xorshift64+)',
      count: prngs,
      luts: cal.lutPerPrng * prngs,
      ffs: XORSHIFT64P_FFS * prngs,
      bram36: 0,
    },
    { element: 'clamp registers (K samples)', count: clampBits * copies, luts: 0, ffs: clampBits * copies, bram36: 0 },
    {
      element: 'training-data memory',
      count: dataBits,
      luts: 0,
      ffs: 0,
      bram36: Math.ceil(dataBits / BRAM36_BITS),
    },
    { element: 'weight registers', count: c.weightSpins * copies, luts: 0, ffs: c.weightSpins * copies, bram36: 0 },
    { element: 'control (schedule ROM, counters)', count: 1, luts: cal.lutControl, ffs: cal.ffControl, bram36: 0 },
  ];
  for (const e of elements) {
    e.luts = Math.round(e.luts);
    e.ffs = Math.round(e.ffs);
  }
  const sum = (k: 'luts' | 'ffs' | 'bram36') => elements.reduce((s, e) => s + e[k], 0);
  return { luts: sum('luts'), ffs: sum('ffs'), bram36: sum('bram36'), elements };
}

/** LUT/FF of a bare circuit (a calibration point: no data memory, no clamps beyond the design's own). */
export function predictCalibrationPoint(p: CalibrationPoint, cal: ResourceCalibration): { luts: number; ffs: number } {
  const r = estimateResources(
    {
      spins: p.spins,
      couplings: p.couplings,
      itanhBits: p.itanhBits,
      weightBits: p.weightBits,
      samplesPerBatch: 0,
      weightSpins: 0,
      weightCouplings: 0,
      trainingSamples: 0,
      bitsPerSample: 0,
    },
    cal,
  );
  return { luts: r.luts, ffs: r.ffs };
}

/** Least squares in relative error over the columns in `use`; null if singular. */
function weightedLeastSquares(rows: number[][], y: number[], use: boolean[]): number[] | null {
  const idx = use.map((u, i) => (u ? i : -1)).filter((i) => i >= 0);
  const m = idx.length;
  const A = Array.from({ length: m }, () => new Array<number>(m + 1).fill(0));
  for (let r = 0; r < rows.length; r++) {
    const w = 1 / (y[r] * y[r]);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) A[i][j] += w * rows[r][idx[i]] * rows[r][idx[j]];
      A[i][m] += w * rows[r][idx[i]] * y[r];
    }
  }
  for (let col = 0; col < m; col++) {
    let piv = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(A[r][col]) > Math.abs(A[piv][col])) piv = r;
    if (Math.abs(A[piv][col]) < 1e-12) return null;
    [A[col], A[piv]] = [A[piv], A[col]];
    for (let r = 0; r < m; r++) {
      if (r === col) continue;
      const f = A[r][col] / A[col][col];
      for (let k = col; k <= m; k++) A[r][k] -= f * A[col][k];
    }
  }
  const out = new Array<number>(use.length).fill(0);
  idx.forEach((c, i) => (out[c] = A[i][m] / A[i][i]));
  return out;
}

/** Non-negative fit: the subset of columns with all coefficients >= 0 and the smallest relative error. */
function nonNegativeFit(rows: number[][], y: number[]): number[] {
  const k = rows[0].length;
  let best: { coef: number[]; err: number } | null = null;
  for (let mask = 1; mask < 1 << k; mask++) {
    const use = Array.from({ length: k }, (_, i) => ((mask >> i) & 1) === 1);
    if (use.filter(Boolean).length > rows.length) continue;
    const coef = weightedLeastSquares(rows, y, use);
    if (!coef || coef.some((c) => c < 0)) continue;
    const err = rows.reduce((s, r, i) => s + ((r.reduce((t, v, j) => t + v * coef[j], 0) - y[i]) / y[i]) ** 2, 0);
    if (!best || err < best.err - 1e-12) best = { coef, err };
  }
  if (!best) throw new InvlogicError('calibration fit failed: no non-negative solution', 'points');
  return best.coef;
}

/**
 * Fits a ResourceCalibration to measured circuits. LUT columns: spins (x itanh/ref), coupling ends (x weight/ref),
 * 1 (control); the PRNG LUT cost is fixed at `lutPerPrng` (a 64-bit adder and three shift-XORs, ~2 LUT per bit:
 * it is collinear with the constant on small designs). FF columns: spins and 1 (accumulator widths are given).
 */
export function fitResourceCalibration(
  name: string,
  points: readonly CalibrationPoint[],
  opts: { source: string; lutPerPrng?: number; spinsPerPrng?: number; refItanhBits?: number; refWeightBits?: number },
): ResourceCalibration {
  if (points.length < 2)
    throw new InvlogicError(`calibration ${name} needs at least 2 points, got ${points.length}`, 'points');
  const spinsPerPrng = opts.spinsPerPrng ?? 64;
  const lutPerPrng = opts.lutPerPrng ?? 128;
  const refI = opts.refItanhBits ?? 8;
  const refW = opts.refWeightBits ?? 5;
  const prngs = (p: CalibrationPoint) => Math.ceil(p.spins / spinsPerPrng);
  const lutRows = points.map((p) => [p.spins * (p.itanhBits / refI), 2 * p.couplings * (p.weightBits / refW), 1]);
  const lutY = points.map((p) => p.luts - lutPerPrng * prngs(p));
  if (lutY.some((v) => v <= 0))
    throw new InvlogicError(`calibration ${name}: a point has fewer LUTs than its PRNGs`, 'points');
  const [lutPerSpin, lutPerCouplingEnd, lutControl] = nonNegativeFit(lutRows, lutY);
  const ffRows = points.map((p) => [p.spins, 1]);
  const ffY = points.map((p) => p.ffs - XORSHIFT64P_FFS * prngs(p) - p.spins * p.itanhBits);
  const ffFit = ffY.every((v) => v > 0) ? nonNegativeFit(ffRows, ffY) : [0, 0];
  const cal: ResourceCalibration = {
    name,
    lutPerSpin,
    lutPerCouplingEnd,
    lutPerPrng,
    lutControl,
    ffPerSpinExtra: ffFit[0],
    ffControl: ffFit[1],
    spinsPerPrng,
    refItanhBits: refI,
    refWeightBits: refW,
    maxRelativeError: { luts: 0, ffs: 0 },
    source: opts.source,
  };
  for (const p of points) {
    const q = predictCalibrationPoint(p, cal);
    cal.maxRelativeError.luts = Math.max(cal.maxRelativeError.luts, Math.abs(q.luts - p.luts) / p.luts);
    cal.maxRelativeError.ffs = Math.max(cal.maxRelativeError.ffs, Math.abs(q.ffs - p.ffs) / p.ffs);
  }
  return cal;
}

/**
 * yosys 0.23 `synth_xilinx -family xc7` counts of our generated SC RTL (lib/hw/rtl.ts; 5-bit weights, 8-bit
 * Itanh, xorshift64+, 10,000-cycle sawtooth controller): rows of figures/data/rtl-synthesis.jsonl
 * (`invlogic sweep rtl-synthesis`) and of the same flow run for this estimator (docs/hardware-estimator.md).
 */
export const YOSYS_XC7_POINTS: CalibrationPoint[] = [
  // figures/data/rtl-synthesis.jsonl (invlogic sweep rtl-synthesis). Clamped spins keep their spin gate in the
  // RTL (clamp_en/clamp_val ports), so spins counts them.
  { design: 'and', spins: 3, couplings: 3, luts: 384, ffs: 201, itanhBits: 8, weightBits: 5, source: 'yosys xc7' },
  { design: 'fa', spins: 5, couplings: 10, luts: 512, ffs: 217, itanhBits: 8, weightBits: 5, source: 'yosys xc7' },
  {
    design: 'rca32',
    spins: 128,
    couplings: 316,
    luts: 7773,
    ffs: 1329,
    itanhBits: 8,
    weightBits: 5,
    source: 'yosys xc7',
  },
  {
    design: 'mult4',
    spins: 48,
    couplings: 152,
    luts: 3426,
    ffs: 561,
    itanhBits: 8,
    weightBits: 5,
    source: 'yosys xc7',
  },
  {
    design: 'neuron4x1',
    spins: 23,
    couplings: 48,
    luts: 1496,
    ffs: 361,
    itanhBits: 8,
    weightBits: 5,
    source: 'yosys xc7',
  },
  {
    design: 'neuron4x2',
    spins: 42,
    couplings: 96,
    luts: 2590,
    ffs: 513,
    itanhBits: 8,
    weightBits: 5,
    source: 'yosys xc7',
  },
  // The same flow and settings, run for this estimator (docs/hardware-estimator.md).
  { design: 'rca4', spins: 16, couplings: 36, luts: 1137, ffs: 305, itanhBits: 8, weightBits: 5, source: 'yosys xc7' },
  {
    design: 'neuron2x1',
    spins: 11,
    couplings: 20,
    luts: 812,
    ffs: 265,
    itanhBits: 8,
    weightBits: 5,
    source: 'yosys xc7',
  },
];

/** The named calibrations (fitted at load time from the points above; deterministic). */
export const RESOURCE_CALIBRATIONS: Readonly<Record<string, ResourceCalibration>> = {
  'smithson-xcku040': fitResourceCalibration('smithson-xcku040', SMITHSON_TABLE3_POINTS, {
    source:
      'least-squares fit to Smithson et al. TCAS-I 2019 Table 3 (AND, full adder, 32-bit RCA on an XCKU040, Vivado)',
  }),
  'yosys-xc7': fitResourceCalibration('yosys-xc7', YOSYS_XC7_POINTS, {
    source: 'least-squares fit to yosys 0.23 synth_xilinx -family xc7 of our SC RTL (figures/data/rtl-synthesis.jsonl)',
  }),
};

export const DEFAULT_CALIBRATION = 'smithson-xcku040';

/** Throws an InvlogicError naming the first resource the estimate exceeds on `device`. */
export function checkFits(r: ResourceEstimate, device: FpgaDevice, utilizationLimit = 1, what = 'circuit'): void {
  const cap = (n: number) => Math.floor(n * utilizationLimit);
  const lim = utilizationLimit < 1 ? ` at ${(utilizationLimit * 100).toFixed(0)}% utilization` : '';
  for (const [res, need, have] of [
    ['LUTs', r.luts, device.luts],
    ['FFs', r.ffs, device.ffs],
    ['BRAM36 blocks', r.bram36, device.bram36],
  ] as const) {
    if (need > cap(have)) {
      throw new InvlogicError(
        `${what} needs ${need.toLocaleString('en-US')} ${res} but ${device.name} has ${cap(have).toLocaleString('en-US')}${lim}`,
        'device',
      );
    }
  }
}

function fits(r: ResourceEstimate, device: FpgaDevice, utilizationLimit: number): boolean {
  return (
    r.luts <= device.luts * utilizationLimit &&
    r.ffs <= device.ffs * utilizationLimit &&
    r.bram36 <= device.bram36 * utilizationLimit
  );
}

/** The circuit resized to K samples: per-sample spins/couplings scale with K, weight spins/couplings do not. */
export function circuitWithSamples(c: TrainingCircuit, k: number): TrainingCircuit {
  const k0 = Math.max(1, c.samplesPerBatch);
  const perSampleSpins = Math.max(0, c.spins - c.weightSpins) / k0;
  const perSampleCouplings = Math.max(0, c.couplings - c.weightCouplings) / k0;
  return {
    ...c,
    samplesPerBatch: k,
    spins: Math.round(c.weightSpins + k * perSampleSpins),
    couplings: Math.round(c.weightCouplings + k * perSampleCouplings),
  };
}

/** Largest K (samples sharing the weights in one circuit) that fits the device; 0 if not even K = 1. */
export function maxParallelSamples(
  c: TrainingCircuit,
  cal: ResourceCalibration,
  device: FpgaDevice,
  utilizationLimit = 1,
): number {
  const ok = (k: number) => fits(estimateResources(circuitWithSamples(c, k), cal), device, utilizationLimit);
  if (!ok(1)) return 0;
  let lo = 1;
  let hi = 2;
  while (hi < 1 << 24 && ok(hi)) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Largest number of independent circuit copies (e.g. one per FC output neuron) that fits the device. */
export function maxParallelCircuits(
  c: TrainingCircuit,
  cal: ResourceCalibration,
  device: FpgaDevice,
  utilizationLimit = 1,
): number {
  let n = 0;
  while (n < 1 << 16 && fits(estimateResources(c, cal, n + 1), device, utilizationLimit)) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------------------
// Power, time, energy

export interface FpgaPower {
  staticW: number;
  dynamicW: number;
  totalW: number;
  breakdown: { lutW: number; ffW: number; clockW: number; bramW: number };
}

/** Static + dynamic power of `r` at clockHz (UG440 form; coefficients of FPGA_POWER_COEFFICIENTS). */
export function fpgaPower(
  r: ResourceEstimate,
  o: { clockHz: number; toggleRate: number; staticPowerW: number; dynamicScale: number; coefficients: string },
): FpgaPower {
  const k = FPGA_POWER_COEFFICIENTS[o.coefficients];
  const s = o.dynamicScale * o.clockHz;
  const breakdown = {
    lutW: s * o.toggleRate * r.luts * k.lutTransitionJ,
    ffW: s * o.toggleRate * r.ffs * k.ffTransitionJ,
    clockW: s * r.ffs * k.ffClockJ,
    bramW: s * r.bram36 * k.bramActivity * k.bramAccessJ,
  };
  const dynamicW = breakdown.lutW + breakdown.ffW + breakdown.clockW + breakdown.bramW;
  return { staticW: o.staticPowerW, dynamicW, totalW: o.staticPowerW + dynamicW, breakdown };
}

/** Energy (J) = power (W) x time (s): the one place both sides compute it. */
export function energyJ(powerW: number, timeS: number): number {
  return powerW * timeS;
}

// ---------------------------------------------------------------------------------------------------------
// Run files

/** The fields of an `invlogic train` JSON summary the estimator reads (everything else is ignored). */
export interface TrainSummaryLike {
  name?: string;
  kind?: string;
  method: string;
  trainAccuracy: number;
  testAccuracy: number | null;
  wallTimeS?: number;
  timeToFinalS?: number;
  data?: { size?: number; classes?: number[]; trainPerClass?: number };
  model?: { features?: number; binaryWeights?: number; numClasses?: number };
  options?: Record<string, unknown>;
  hardware?: { spins?: number; couplings?: number; cycles?: number };
  info?: Record<string, unknown>;
  history?: Array<{
    epoch?: number;
    trainAccuracy: number;
    testAccuracy: number | null;
    timeS: number;
    cpuTimeS?: number;
  }>;
}

export interface EstimateInput {
  invertible: TrainSummaryLike;
  baseline: TrainSummaryLike;
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function requirePositive(parameter: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0)
    throw new InvlogicError(`${parameter} must be a positive finite number, got ${describeValue(x)}`, parameter);
  return x;
}

/** Validates an invertible-run summary (SC clock cycles required) and returns it typed. */
export function checkInvertibleRun(x: unknown, where = 'invertible'): TrainSummaryLike {
  if (!isObj(x))
    throw new InvlogicError(`${where} must be the JSON object 'invlogic train' prints, got ${describeValue(x)}`, where);
  if (typeof x.method !== 'string')
    throw new InvlogicError(`${where}.method must be a string, got ${describeValue(x.method)}`, `${where}.method`);
  if (!isObj(x.hardware))
    throw new InvlogicError(
      `${where}.hardware is missing: method '${x.method}' is not an Ising-machine trainer (use invertible-threshold, invertible-gates, invertible-fc, ...)`,
      `${where}.hardware`,
    );
  requirePositive(`${where}.hardware.cycles`, x.hardware.cycles);
  requirePositive(`${where}.hardware.spins`, x.hardware.spins);
  if (typeof x.hardware.couplings !== 'number' || !(x.hardware.couplings >= 0))
    throw new InvlogicError(
      `${where}.hardware.couplings must be a number >= 0, got ${describeValue(x.hardware.couplings)}`,
      `${where}.hardware.couplings`,
    );
  const unit = isObj(x.info) ? x.info.stepUnit : undefined;
  if (unit !== undefined && unit !== 'clock cycles')
    throw new InvlogicError(
      `${where}.info.stepUnit is '${String(unit)}': the run used the ideal p-bit sampler, whose steps are not SC clock cycles; rerun with --sampler sc`,
      `${where}.info.stepUnit`,
    );
  requireRange(`${where}.trainAccuracy`, x.trainAccuracy, 0, 1);
  return x as unknown as TrainSummaryLike;
}

/** Validates a baseline (CPU) run summary: needs a history with times, or wallTimeS. */
export function checkBaselineRun(x: unknown, where = 'baseline'): TrainSummaryLike {
  if (!isObj(x))
    throw new InvlogicError(`${where} must be the JSON object 'invlogic train' prints, got ${describeValue(x)}`, where);
  if (typeof x.method !== 'string')
    throw new InvlogicError(`${where}.method must be a string, got ${describeValue(x.method)}`, `${where}.method`);
  if (isObj(x.hardware) && typeof x.hardware.cycles === 'number')
    throw new InvlogicError(
      `${where} is an Ising-machine run (method ${x.method}); the baseline must be a CPU method such as backprop`,
      where,
    );
  requireRange(`${where}.trainAccuracy`, x.trainAccuracy, 0, 1);
  const h = x.history;
  if (h !== undefined) {
    if (!Array.isArray(h) || h.length === 0)
      throw new InvlogicError(
        `${where}.history must be a non-empty array, got ${describeValue(h)}`,
        `${where}.history`,
      );
    h.forEach((r, i) => {
      if (!isObj(r) || typeof r.timeS !== 'number' || !Number.isFinite(r.timeS))
        throw new InvlogicError(
          `${where}.history[${i}].timeS must be a finite number, got ${describeValue(isObj(r) ? r.timeS : r)}`,
          `${where}.history[${i}]`,
        );
    });
  } else requirePositive(`${where}.wallTimeS (no history given)`, x.wallTimeS);
  return x as unknown as TrainSummaryLike;
}

/** {invertible, backprop|baseline} combined, or two separate objects. */
export function parseEstimateInput(run: unknown, baseline?: unknown): EstimateInput {
  if (baseline === undefined) {
    if (isObj(run) && typeof run.method === 'string' && run.invertible === undefined) {
      throw new InvlogicError(
        `--run is a single run (method ${run.method}) and no --baseline was given: give the CPU baseline run with --baseline FILE`,
        '--baseline',
      );
    }
    if (!isObj(run) || !isObj(run.invertible) || !(isObj(run.backprop) || isObj(run.baseline))) {
      const problem = !isObj(run)
        ? `got ${describeValue(run)}`
        : !isObj(run.invertible)
          ? `"invertible" is ${run.invertible === undefined ? 'missing' : describeValue(run.invertible)}`
          : `"backprop" is ${run.backprop === undefined ? 'missing' : describeValue(run.backprop)}`;
      throw new InvlogicError(
        `--run without --baseline must be {"invertible": <train JSON>, "backprop": <train JSON>} (or "baseline"): ${problem}; or give --baseline FILE`,
        '--run',
      );
    }
    return {
      invertible: checkInvertibleRun(run.invertible, 'invertible'),
      baseline: checkBaselineRun(run.backprop ?? run.baseline, run.backprop ? 'backprop' : 'baseline'),
    };
  }
  return { invertible: checkInvertibleRun(run, '--run'), baseline: checkBaselineRun(baseline, '--baseline') };
}

/** Accuracy a run reports: test if present, else train. */
export function reportedAccuracy(s: TrainSummaryLike): number {
  return typeof s.testAccuracy === 'number' && Number.isFinite(s.testAccuracy) ? s.testAccuracy : s.trainAccuracy;
}

const FC_ONLY_METHODS = new Set(['invertible-fc', 'fixed-random-conv']);

/** The training circuit of an invertible run: structure from `hardware`, widths from `info`, data from `data`. */
export function circuitOfRun(s: TrainSummaryLike, defaults = { itanhBits: 8, weightBits: 5 }): TrainingCircuit {
  const hw = s.hardware ?? {};
  const info = s.info ?? {};
  const opts = s.options ?? {};
  const size = s.data?.size ?? 0;
  const classes = s.data?.classes?.length ?? 2;
  const labelBits = s.kind === 'bcnn' ? Math.max(1, Math.ceil(Math.log2(classes))) : 1;
  const features = s.model?.features ?? size * size;
  const inputBits =
    s.kind === 'bcnn' && !FC_ONLY_METHODS.has(s.method) ? size * size : s.kind === 'bcnn' ? features : size * size;
  const weightSpins =
    s.kind === 'bcnn'
      ? FC_ONLY_METHODS.has(s.method)
        ? features + Number(opts.biasSpins ?? 0)
        : (s.model?.binaryWeights ?? features)
      : size * size + (opts.bias === true ? 1 : 0);
  const spins = hw.spins as number;
  const w = Math.min(weightSpins, spins);
  const circuitKind = String(info.circuit ?? opts.circuit ?? '');
  return {
    spins,
    couplings: hw.couplings as number,
    itanhBits: typeof info.itanhBits === 'number' ? info.itanhBits : defaults.itanhBits,
    weightBits: typeof info.weightBits === 'number' ? info.weightBits : defaults.weightBits,
    samplesPerBatch: typeof opts.samplesPerBatch === 'number' ? opts.samplesPerBatch : 1,
    weightSpins: w,
    weightCouplings: circuitKind === 'threshold' ? Math.min(hw.couplings as number, (w * (w - 1)) / 2) : 0,
    trainingSamples: (s.data?.trainPerClass ?? 0) * classes,
    bitsPerSample: inputBits + labelBits,
  };
}

export type CpuTimeKind = 'cpu' | 'wall';

export interface BaselineTime {
  timeS: number;
  /** 'cpu' (process CPU time), 'cpu-scaled' (total CPU time x wall fraction), or 'wall'. */
  kind: 'cpu' | 'cpu-scaled' | 'wall';
  targetAccuracy: number;
  /** Whether the baseline reached the target; if not, timeS is its time to its own final accuracy. */
  reachedTarget: boolean;
  accuracy: number;
  epoch: number;
}

/** CPU (or wall) time of the baseline until it first reached `target` - tolerance. */
export function baselineTimeToAccuracy(
  b: TrainSummaryLike,
  target: number,
  kind: CpuTimeKind,
  tolerance = 0,
): BaselineTime {
  const hist = b.history ?? [];
  const acc = (r: { trainAccuracy: number; testAccuracy: number | null }) =>
    typeof r.testAccuracy === 'number' && Number.isFinite(r.testAccuracy) ? r.testAccuracy : r.trainAccuracy;
  const info = b.info ?? {};
  const totalCpu = typeof info.cpuTimeS === 'number' ? info.cpuTimeS : NaN;
  const wallTotal = b.wallTimeS ?? (hist.length ? hist[hist.length - 1].timeS : NaN);
  const timeOf = (r: { timeS: number; cpuTimeS?: number }): Pick<BaselineTime, 'timeS' | 'kind'> => {
    if (kind === 'cpu' && typeof r.cpuTimeS === 'number') return { timeS: r.cpuTimeS, kind: 'cpu' };
    if (kind === 'cpu' && Number.isFinite(totalCpu) && wallTotal > 0)
      return { timeS: (totalCpu * r.timeS) / wallTotal, kind: 'cpu-scaled' };
    return { timeS: r.timeS, kind: 'wall' };
  };
  if (hist.length === 0) {
    const t = timeOf({ timeS: b.timeToFinalS ?? (b.wallTimeS as number) });
    return {
      ...t,
      targetAccuracy: target,
      reachedTarget: reportedAccuracy(b) >= target - tolerance,
      accuracy: reportedAccuracy(b),
      epoch: 0,
    };
  }
  const i = hist.findIndex((r) => acc(r) >= target - tolerance);
  if (i >= 0)
    return {
      ...timeOf(hist[i]),
      targetAccuracy: target,
      reachedTarget: true,
      accuracy: acc(hist[i]),
      epoch: hist[i].epoch ?? i + 1,
    };
  // Not reached: the time to the baseline's own best accuracy (its "time to final").
  let best = 0;
  for (let j = 1; j < hist.length; j++) if (acc(hist[j]) > acc(hist[best])) best = j;
  return {
    ...timeOf(hist[best]),
    targetAccuracy: target,
    reachedTarget: false,
    accuracy: acc(hist[best]),
    epoch: hist[best].epoch ?? best + 1,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The estimate

export interface EstimateOptions {
  device: string;
  clockHz: number;
  calibration: string;
  powerCoefficients: string;
  toggleRate: number;
  /** Multiplies every dynamic-power coefficient. */
  dynamicScale: number;
  /** Device static power (W); NaN = the device table's value. */
  staticPowerW: number;
  cpu: string;
  /** CPU power (W); NaN = TDP / cores x cpuThreads of the preset. */
  cpuPowerW: number;
  cpuThreads: number;
  cpuTime: CpuTimeKind;
  /** Multiplies the simulated cycles (what-if on cycles to convergence). */
  cyclesScale: number;
  /** Independent circuit copies run at once (e.g. the FC layer's class neurons); 1 = as simulated. */
  parallelCircuits: number;
  /** The baseline counts as reaching the invertible accuracy within this margin. */
  accuracyTolerance: number;
  utilizationLimit: number;
  /** Cycles to load K samples into the clamp registers per anneal (BRAM port width) are added. */
  includeLoadCycles: boolean;
}

/** Default clock: 100 MHz, the ICECS 2019 Genesys 2 assumption of paper brief §7 row 6 [INF]. */
export const DEFAULT_ESTIMATE_OPTIONS: EstimateOptions = {
  device: DEFAULT_DEVICE,
  clockHz: 100e6,
  calibration: DEFAULT_CALIBRATION,
  powerCoefficients: DEFAULT_POWER_COEFFICIENTS,
  toggleRate: FPGA_POWER_COEFFICIENTS[DEFAULT_POWER_COEFFICIENTS].defaultToggleRate,
  dynamicScale: 1,
  staticPowerW: NaN,
  cpu: DEFAULT_CPU,
  cpuPowerW: NaN,
  cpuThreads: 1,
  cpuTime: 'cpu',
  cyclesScale: 1,
  parallelCircuits: 1,
  accuracyTolerance: 0,
  utilizationLimit: 1,
  includeLoadCycles: true,
};

/** Validates and completes options (unknown keys, ranges, names). */
export function resolveEstimateOptions(given: Partial<EstimateOptions> = {}): EstimateOptions {
  rejectUnknownKeys('estimate options', given, Object.keys(DEFAULT_ESTIMATE_OPTIONS));
  const o = { ...DEFAULT_ESTIMATE_OPTIONS, ...given };
  requireOneOf('device', o.device, Object.keys(FPGA_DEVICES));
  requireOneOf('calibration', o.calibration, Object.keys(RESOURCE_CALIBRATIONS));
  requireOneOf('powerCoefficients', o.powerCoefficients, Object.keys(FPGA_POWER_COEFFICIENTS));
  requireOneOf('cpu', o.cpu, Object.keys(CPU_PRESETS));
  requireOneOf('cpuTime', o.cpuTime, ['cpu', 'wall']);
  requireRange('clockHz', o.clockHz, 1e3, 5e9);
  requireRange('toggleRate', o.toggleRate, 0, 2);
  requireRange('dynamicScale', o.dynamicScale, 0, 1e3);
  if (!Number.isNaN(o.staticPowerW)) requireRange('staticPowerW', o.staticPowerW, 0, 1e3);
  if (!Number.isNaN(o.cpuPowerW)) requireRange('cpuPowerW', o.cpuPowerW, 1e-3, 1e4);
  requireInt('cpuThreads', o.cpuThreads, 1, 1024);
  requireRange('cyclesScale', o.cyclesScale, 1e-9, 1e9);
  requireInt('parallelCircuits', o.parallelCircuits, 1, 1 << 16);
  requireRange('accuracyTolerance', o.accuracyTolerance, 0, 1);
  requireRange('utilizationLimit', o.utilizationLimit, 0.01, 1);
  if (typeof o.includeLoadCycles !== 'boolean')
    throw new InvlogicError('includeLoadCycles must be true or false', 'includeLoadCycles');
  return o;
}

export interface Assumption {
  name: string;
  value: number | string;
  unit: string;
  source: string;
  estimate: boolean;
}

export interface HardwareEstimate {
  invertible: {
    name: string;
    method: string;
    accuracy: number;
    cycles: number;
    loadCycles: number;
    anneals: number;
    circuit: TrainingCircuit;
  };
  fpga: {
    device: string;
    clockHz: number;
    calibration: string;
    resources: ResourceEstimate;
    utilization: { luts: number; ffs: number; bram36: number };
    parallelCircuits: number;
    maxParallelCircuits: number;
    maxParallelSamples: number;
    timeS: number;
    power: FpgaPower;
    energyJ: number;
  };
  cpu: {
    name: string;
    method: string;
    cpu: string;
    powerW: number;
    time: BaselineTime;
    energyJ: number;
  };
  ratios: { speedup: number; energyEfficiency: number; powerRatio: number };
  paper: typeof PAPER_RATIOS;
  /** Projection to Smithson's 65 nm ASIC by node count (energy per node-cycle of the 75-node chip). */
  asic65nm: {
    clockHz: number;
    powerW: number;
    timeS: number;
    energyJ: number;
    speedup: number;
    energyEfficiency: number;
  };
  assumptions: Assumption[];
}

/** The full estimate for one invertible run and its CPU baseline. */
export function estimateTraining(input: EstimateInput, given: Partial<EstimateOptions> = {}): HardwareEstimate {
  const o = resolveEstimateOptions(given);
  const inv = input.invertible;
  const base = input.baseline;
  const device = FPGA_DEVICES[o.device];
  const cal = RESOURCE_CALIBRATIONS[o.calibration];
  const circuit = circuitOfRun(inv);
  const resources = estimateResources(circuit, cal, o.parallelCircuits);
  try {
    checkFits(
      resources,
      device,
      o.utilizationLimit,
      `training circuit (${circuit.spins} spins, ${circuit.couplings} couplings, K = ${circuit.samplesPerBatch}) x ${o.parallelCircuits} parallel`,
    );
  } catch (err) {
    if (!(err instanceof InvlogicError)) throw err;
    const k = maxParallelSamples(circuit, cal, device, o.utilizationLimit);
    const hint =
      k > 0 ? `; K <= ${k} samples per circuit fits (train with --samples-per-batch ${k})` : '; not even K = 1 fits';
    throw new InvlogicError(`${err.message}${o.parallelCircuits === 1 ? hint : ''}`, err.parameter);
  }
  const anneals = typeof inv.info?.anneals === 'number' ? (inv.info.anneals as number) : 1;
  const loadCycles = o.includeLoadCycles
    ? anneals * Math.ceil((circuit.samplesPerBatch * circuit.bitsPerSample) / BRAM_PORT_BITS)
    : 0;
  const cycles = (inv.hardware!.cycles as number) * o.cyclesScale;
  const fpgaTimeS = (cycles + loadCycles) / (o.clockHz * o.parallelCircuits);
  const staticPowerW = Number.isNaN(o.staticPowerW) ? device.staticPowerW : o.staticPowerW;
  const power = fpgaPower(resources, {
    clockHz: o.clockHz,
    toggleRate: o.toggleRate,
    staticPowerW,
    dynamicScale: o.dynamicScale,
    coefficients: o.powerCoefficients,
  });
  const fpgaEnergyJ = energyJ(power.totalW, fpgaTimeS);

  const accuracy = reportedAccuracy(inv);
  const time = baselineTimeToAccuracy(base, accuracy, o.cpuTime, o.accuracyTolerance);
  if (!(time.timeS > 0))
    throw new InvlogicError(`baseline time to accuracy is ${time.timeS} s; need a positive time`, 'baseline');
  const preset = CPU_PRESETS[o.cpu];
  const cpuPowerW = Number.isNaN(o.cpuPowerW) ? (preset.tdpW / preset.cores) * o.cpuThreads : o.cpuPowerW;
  const cpuEnergyJ = energyJ(cpuPowerW, time.timeS);

  const asicEnergyPerNodeCycle = SMITHSON_ASIC_65NM.powerW / (SMITHSON_ASIC_65NM.clockHz * SMITHSON_ASIC_65NM.nodes);
  const asicPowerW = asicEnergyPerNodeCycle * circuit.spins * SMITHSON_ASIC_65NM.clockHz;
  const asicTimeS = (cycles + loadCycles) / SMITHSON_ASIC_65NM.clockHz;
  const asicEnergy = energyJ(asicPowerW, asicTimeS);

  const speedup = time.timeS / fpgaTimeS;
  const energyEfficiency = cpuEnergyJ / fpgaEnergyJ;
  const k = FPGA_POWER_COEFFICIENTS[o.powerCoefficients];
  const assumptions: Assumption[] = [
    { name: 'device', value: device.name, unit: '', source: device.source, estimate: false },
    {
      name: 'clockHz',
      value: o.clockHz,
      unit: 'Hz',
      source: 'default 100 MHz: ICECS 2019 Genesys 2 assumption, paper brief §7 row 6 [INF]; no timing closure done',
      estimate: true,
    },
    { name: 'calibration', value: cal.name, unit: '', source: cal.source, estimate: false },
    {
      name: 'staticPowerW',
      value: staticPowerW,
      unit: 'W',
      source: Number.isNaN(o.staticPowerW) ? device.staticPowerSource : 'given',
      estimate: Number.isNaN(o.staticPowerW) && device.staticPowerEstimate,
    },
    {
      name: 'toggleRate',
      value: o.toggleRate,
      unit: '',
      source: 'UG440 default 12.5 %; SC logic driven by per-cycle noise may toggle more',
      estimate: true,
    },
    { name: 'dynamicScale', value: o.dynamicScale, unit: 'x', source: k.source, estimate: k.estimate },
    {
      name: 'cpuPowerW',
      value: cpuPowerW,
      unit: 'W',
      source: Number.isNaN(o.cpuPowerW)
        ? `${preset.name}: TDP ${preset.tdpW} W / ${preset.cores} cores x ${o.cpuThreads} thread(s); ${preset.source}`
        : 'given',
      estimate: true,
    },
    {
      name: 'cpuTime',
      value: time.kind,
      unit: '',
      source:
        time.kind === 'cpu'
          ? 'per-epoch process.cpuUsage() (user+system) of the baseline run: less inflated by other processes than wall time, though cache/frequency contention on a shared machine still counts'
          : time.kind === 'cpu-scaled'
            ? 'total process CPU time of the baseline run (info.cpuTimeS) x its wall-time fraction up to the matching epoch (the method records no per-epoch CPU time)'
            : 'wall time (the baseline run has no CPU time, or --cpu-time wall): inflated by machine load',
      estimate: time.kind !== 'cpu',
    },
    {
      name: 'cyclesScale',
      value: o.cyclesScale,
      unit: 'x',
      source: 'cycles from the simulated SC run (1 = as measured)',
      estimate: false,
    },
    {
      name: 'parallelCircuits',
      value: o.parallelCircuits,
      unit: '',
      source: '1 = circuits run one after another, as simulated',
      estimate: false,
    },
  ];
  return {
    invertible: { name: inv.name ?? '', method: inv.method, accuracy, cycles, loadCycles, anneals, circuit },
    fpga: {
      device: device.name,
      clockHz: o.clockHz,
      calibration: cal.name,
      resources,
      utilization: {
        luts: resources.luts / device.luts,
        ffs: resources.ffs / device.ffs,
        bram36: resources.bram36 / device.bram36,
      },
      parallelCircuits: o.parallelCircuits,
      maxParallelCircuits: maxParallelCircuits(circuit, cal, device, o.utilizationLimit),
      maxParallelSamples: maxParallelSamples(circuit, cal, device, o.utilizationLimit),
      timeS: fpgaTimeS,
      power,
      energyJ: fpgaEnergyJ,
    },
    cpu: { name: base.name ?? '', method: base.method, cpu: preset.name, powerW: cpuPowerW, time, energyJ: cpuEnergyJ },
    ratios: { speedup, energyEfficiency, powerRatio: cpuPowerW / power.totalW },
    paper: PAPER_RATIOS,
    asic65nm: {
      clockHz: SMITHSON_ASIC_65NM.clockHz,
      powerW: asicPowerW,
      timeS: asicTimeS,
      energyJ: asicEnergy,
      speedup: time.timeS / asicTimeS,
      energyEfficiency: cpuEnergyJ / asicEnergy,
    },
    assumptions,
  };
}

/** The same run on the trainer as built (issue 23), beside estimateTraining's linear model. */
export interface MeasuredDesignEstimate {
  resources: MeasuredDesignResources;
  timeS: number;
  power: FpgaPower;
  energyJ: number;
  ratios: { speedup: number; energyEfficiency: number; powerRatio: number };
}

/**
 * Resources and controller cycles of the generated trainer RTL (lib/hw/rtl-trainer.ts) scaled to the run from
 * its yosys synthesis (lib/hw/estimator-trainer.ts), with the time, power, energy and both ratios they give;
 * null until a trainer design is measured. A separate call so that estimateTraining's output is unchanged.
 */
export function estimateMeasuredDesign(
  input: EstimateInput,
  given: Partial<EstimateOptions> = {},
): MeasuredDesignEstimate | null {
  const inv = input.invertible;
  // The run's streams option: 'hardware' = the trainer RTL without host tables (lib/bnn/hardware-streams.ts).
  const streams = inv.options?.streams === 'hardware' ? 'hardware' : 'library';
  const tcal = trainerCalibration(undefined, streams);
  if (!tcal) return null;
  const o = resolveEstimateOptions(given);
  const base = estimateTraining(input, given);
  const circuit = base.invertible.circuit;
  const anneals = base.invertible.anneals;
  const cycles = base.invertible.cycles;
  const opts = inv.options ?? {};
  const m = measuredDesignResources(
    circuit,
    anneals,
    Math.max(1, Math.round(cycles / o.cyclesScale / anneals)),
    opts.selection === 'pocket',
    tcal,
    streams,
  );
  const timeS = (cycles + anneals * m.overheadCyclesPerAnneal) / (o.clockHz * o.parallelCircuits);
  const power = fpgaPower(
    { luts: m.luts * o.parallelCircuits, ffs: m.ffs * o.parallelCircuits, bram36: m.bram36, elements: [] },
    {
      clockHz: o.clockHz,
      toggleRate: o.toggleRate,
      staticPowerW: base.fpga.power.staticW,
      dynamicScale: o.dynamicScale,
      coefficients: o.powerCoefficients,
    },
  );
  const e = energyJ(power.totalW, timeS);
  return {
    resources: m,
    timeS,
    power,
    energyJ: e,
    ratios: {
      speedup: base.cpu.time.timeS / timeS,
      energyEfficiency: base.cpu.energyJ / e,
      powerRatio: base.cpu.powerW / power.totalW,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Sensitivity

/** Assumptions the sensitivity analysis varies (numeric options). */
export const SENSITIVITY_PARAMETERS = [
  'clockHz',
  'toggleRate',
  'dynamicScale',
  'staticPowerW',
  'cpuPowerW',
  'cyclesScale',
  'parallelCircuits',
] as const;
export type SensitivityParameter = (typeof SENSITIVITY_PARAMETERS)[number];

export interface SensitivityRow {
  parameter: SensitivityParameter;
  baseValue: number;
  /** d ln(speed-up) / d ln(parameter) at the base point; null when not computable (e.g. 2 copies do not fit). */
  speedupElasticity: number | null;
  energyElasticity: number | null;
  /** Ratios at parameter = baseValue x factor. */
  sweep: { factor: number; value: number; speedup: number; energyEfficiency: number }[];
}

function baseValueOf(p: SensitivityParameter, o: EstimateOptions, e: HardwareEstimate): number {
  if (p === 'staticPowerW') return e.fpga.power.staticW;
  if (p === 'cpuPowerW') return e.cpu.powerW;
  return o[p];
}

/**
 * Elasticities (central difference at +-1 %) and sweeps over `factors` of every SENSITIVITY_PARAMETERS entry.
 * A parallelCircuits value that no longer fits the device is skipped in the sweep.
 */
export function sensitivity(
  input: EstimateInput,
  given: Partial<EstimateOptions> = {},
  factors: readonly number[] = [0.25, 0.5, 1, 2, 4],
): SensitivityRow[] {
  const o = resolveEstimateOptions(given);
  const base = estimateTraining(input, o);
  const rows: SensitivityRow[] = [];
  for (const p of SENSITIVITY_PARAMETERS) {
    const v0 = baseValueOf(p, o, base);
    const at = (v: number) => estimateTraining(input, { ...o, [p]: v });
    let speedupElasticity: number | null;
    let energyElasticity: number | null;
    if (p === 'parallelCircuits') {
      // Integer: the discrete elasticity between 1 and 2 copies (NaN if 2 do not fit).
      try {
        const e2 = at(2 * v0);
        speedupElasticity = Math.log(e2.ratios.speedup / base.ratios.speedup) / Math.log(2);
        energyElasticity = Math.log(e2.ratios.energyEfficiency / base.ratios.energyEfficiency) / Math.log(2);
      } catch (err) {
        if (!(err instanceof InvlogicError)) throw err;
        speedupElasticity = null;
        energyElasticity = null;
      }
    } else if (v0 === 0) {
      speedupElasticity = 0;
      energyElasticity = 0;
    } else {
      const hi = at(v0 * 1.01);
      const lo = at(v0 / 1.01);
      const d = 2 * Math.log(1.01);
      speedupElasticity = Math.log(hi.ratios.speedup / lo.ratios.speedup) / d;
      energyElasticity = Math.log(hi.ratios.energyEfficiency / lo.ratios.energyEfficiency) / d;
    }
    const sweep: SensitivityRow['sweep'] = [];
    for (const f of factors) {
      const value = v0 * f;
      if (p === 'parallelCircuits' && (!Number.isInteger(value) || value < 1)) continue; // whole copies only
      if (p === 'toggleRate' && value > 2) continue;
      try {
        const e = at(value);
        sweep.push({ factor: f, value, speedup: e.ratios.speedup, energyEfficiency: e.ratios.energyEfficiency });
      } catch (err) {
        if (!(err instanceof InvlogicError)) throw err;
      }
    }
    rows.push({ parameter: p, baseValue: v0, speedupElasticity, energyElasticity, sweep });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// Text table

const fmt = (x: number, digits = 3) =>
  !Number.isFinite(x)
    ? String(x)
    : Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0)
      ? x.toExponential(digits - 1)
      : x.toPrecision(digits);

/** A plain-text table of an estimate (what `invlogic estimate` prints after the JSON with --table). */
export function formatEstimateTable(e: HardwareEstimate): string {
  const r = e.fpga.resources;
  const lines: [string, string][] = [
    ['invertible run', `${e.invertible.name} ${e.invertible.method}, accuracy ${fmt(e.invertible.accuracy, 4)}`],
    [
      'circuit',
      `${e.invertible.circuit.spins} spins, ${e.invertible.circuit.couplings} couplings, K = ${e.invertible.circuit.samplesPerBatch}`,
    ],
    ['FPGA device', `${e.fpga.device} @ ${fmt(e.fpga.clockHz / 1e6)} MHz (calibration ${e.fpga.calibration})`],
    [
      'FPGA resources',
      `${r.luts} LUT (${fmt(100 * e.fpga.utilization.luts, 2)}%), ${r.ffs} FF (${fmt(100 * e.fpga.utilization.ffs, 2)}%), ${r.bram36} BRAM36`,
    ],
    [
      'max parallel',
      `K <= ${e.fpga.maxParallelSamples} samples per circuit; ${e.fpga.maxParallelCircuits} circuit copies (using ${e.fpga.parallelCircuits})`,
    ],
    ['FPGA cycles', `${fmt(e.invertible.cycles)} anneal + ${fmt(e.invertible.loadCycles)} load`],
    ['FPGA time', `${fmt(e.fpga.timeS)} s`],
    [
      'FPGA power',
      `${fmt(e.fpga.power.totalW)} W (static ${fmt(e.fpga.power.staticW)} + dynamic ${fmt(e.fpga.power.dynamicW)})`,
    ],
    ['FPGA energy', `${fmt(e.fpga.energyJ)} J`],
    [
      'CPU run',
      `${e.cpu.name} ${e.cpu.method}: reached ${fmt(e.cpu.time.accuracy, 4)} at epoch ${e.cpu.time.epoch}${e.cpu.time.reachedTarget ? '' : ' (did NOT reach the invertible accuracy)'}`,
    ],
    ['CPU time', `${fmt(e.cpu.time.timeS)} s (${e.cpu.time.kind})`],
    ['CPU power', `${fmt(e.cpu.powerW)} W (${e.cpu.cpu})`],
    ['CPU energy', `${fmt(e.cpu.energyJ)} J`],
    ['speed-up', `${fmt(e.ratios.speedup)}x   (paper ~${e.paper.speedup}x)`],
    ['energy efficiency', `${fmt(e.ratios.energyEfficiency)}x   (paper ~${e.paper.energyEfficiency}x)`],
    ['power ratio CPU/FPGA', `${fmt(e.ratios.powerRatio)}   (paper implied ~${fmt(e.paper.powerRatio)})`],
    [
      '65 nm ASIC projection',
      `${fmt(e.asic65nm.timeS)} s, ${fmt(e.asic65nm.powerW)} W: ${fmt(e.asic65nm.speedup)}x faster, ${fmt(e.asic65nm.energyEfficiency)}x less energy than CPU`,
    ],
  ];
  const w = Math.max(...lines.map((l) => l[0].length));
  return lines.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n') + '\n';
}

/**
 * The per-element FPGA resource model of an SC training circuit (docs/hardware-estimator.md): LUT, FF and
 * BRAM36 of spin gates (as a function of fan-in and widths), couplings, PRNGs, clamp registers, training-data
 * memory, weight registers and control, for a calibration (calibration.ts); whether it fits a device, and the
 * largest K (samples per circuit) and number of circuit copies that do.
 */
import { InvlogicError } from '../errors';
import type { CalibrationPoint, FpgaDevice, ResourceCalibration } from './tables';

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
export const BRAM_PORT_BITS = 72;
/** Flip-flops of one xorshift64+ generator (two 64-bit state words). */
export const XORSHIFT64P_FFS = 128;

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

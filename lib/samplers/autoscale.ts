/**
 * Field-scale-relative annealing parameters. A schedule written in absolute units (I0 from 1 to 32, beta from
 * 0.1 to 3) only suits models whose local fields are of the order the schedule was tuned on: a compact
 * threshold Hamiltonian over K samples has fields of hundreds, a spin-gate circuit fields of a few units.
 * Following the SSA heuristics (paper brief §3.2: n_rnd, I0_min and I0_max as multiples of a spread sigma of
 * the couplings), every level here is a multiple of the model's field scale
 *
 *   sigma = sqrt( mean over free spins i of ( h_i^2 + sum_j J_ij^2 ) )     (clamps folded into h first),
 *
 * the RMS local field of a uniformly random state. The SC register widths are derived so that nothing
 * saturates: J/h widths from the largest coefficient, the Itanh counter from the largest I0, the noise
 * register from the largest n_rnd. Measured on the invertible-perceptron circuits (notebook 03): with I0
 * capped at a fixed 2^(B-3) and fields of ~100, every counter saturates each cycle, the synchronous array
 * oscillates and no read reaches a ground state; scaled as below it matches the ideal p-bit sampler.
 */
import { InvlogicError, requireInt, requireRange } from '../errors';
import { IsingModel, reduceClamped } from '../ising';
import type { ExactSampleOptions } from './exact';
import type { ScheduleSpec } from './schedule';
import type { ScOptions } from './sc/options';

/** sigma of the module doc (1 for a model without free spins or fields). */
export function fieldScale(model: IsingModel): number {
  const fast = integerFieldScale(model);
  if (fast !== undefined) return fast;
  const m = reduceClamped(model).model;
  if (m.n === 0) return 1;
  const { rowPtr, w } = m.csr();
  let sum = 0;
  for (let i = 0; i < m.n; i++) {
    let a = m.h[i] * m.h[i];
    for (let q = rowPtr[i]; q < rowPtr[i + 1]; q++) a += w[q] * w[q];
    sum += a;
  }
  const s = Math.sqrt(sum / m.n);
  return s > 0 ? s : 1;
}

/**
 * fieldScale without building the reduced model (the trainers call it once per anneal, on circuits of ~10^4
 * couplings): when h and J are integers and every partial sum stays below 2^53, each sum is exact in any order,
 * so the value is the one of the general path bit for bit. Otherwise undefined (the caller takes that path).
 */
function integerFieldScale(model: IsingModel): number | undefined {
  const n = model.n;
  const clampOf = new Int8Array(n);
  for (const [i, s] of model.clamp) clampOf[i] = s;
  const heff = new Float64Array(n); // clamps folded into h (free spins only)
  const bound = new Float64Array(n); // |h_i| + sum over clamped j of |J_ij|: bounds every partial sum of heff
  const sq = new Float64Array(n); // sum over free j of J_ij^2
  const { h, edgeI, edgeJ, edgeW } = model;
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(h[i])) return undefined;
    heff[i] = h[i];
    bound[i] = Math.abs(h[i]);
  }
  let nFree = 0;
  for (let i = 0; i < n; i++) if (clampOf[i] === 0) nFree++;
  if (nFree === 0) return 1;
  for (let k = 0; k < edgeW.length; k++) {
    const i = edgeI[k];
    const j = edgeJ[k];
    const w = edgeW[k];
    if (!Number.isInteger(w)) return undefined;
    const ci = clampOf[i];
    const cj = clampOf[j];
    if (ci === 0 && cj === 0) {
      sq[i] += w * w;
      sq[j] += w * w;
    } else if (ci === 0) {
      heff[i] += w * cj;
      bound[i] += Math.abs(w);
    } else if (cj === 0) {
      heff[j] += w * ci;
      bound[j] += Math.abs(w);
    }
  }
  let sum = 0;
  let limit = 0;
  for (let i = 0; i < n; i++) {
    if (clampOf[i] !== 0) continue;
    sum += heff[i] * heff[i] + sq[i];
    limit += bound[i] * bound[i] + sq[i];
  }
  if (!(limit < 2 ** 53)) return undefined;
  const s = Math.sqrt(sum / nFree);
  return s > 0 ? s : 1;
}

/** Signed bits holding every integer in [-v, v]. */
export function signedBitsFor(v: number): number {
  return Math.max(2, Math.ceil(Math.log2(Math.floor(Math.abs(v)) + 1)) + 1);
}

export interface RelativeAnneal {
  /** Clock cycles (SC) or sweeps (p-bit) per read. */
  cycles: number;
  /** Repetitions of the ramp within `cycles` (sawtooth; 1 = a single ramp). */
  iterations: number;
  /** SC: I0 ramps geometrically from i0From*sigma to i0To*sigma (rounded, >= 1). */
  i0From: number;
  i0To: number;
  /** SC: n_rnd ramps linearly from noiseFrom*sigma to noiseTo*sigma (per iteration). */
  noiseFrom: number;
  noiseTo: number;
  /** p-bit: beta ramps geometrically from betaFrom/sigma to betaTo (absolute: the final gap is O(1)). */
  betaFrom: number;
  betaTo: number;
}

/** The RelativeAnneal fields of a trainer's options object (trainers expose them as flat options). */
export function relativeAnnealOf(o: RelativeAnneal): RelativeAnneal {
  return {
    cycles: o.cycles,
    iterations: o.iterations,
    i0From: o.i0From,
    i0To: o.i0To,
    noiseFrom: o.noiseFrom,
    noiseTo: o.noiseTo,
    betaFrom: o.betaFrom,
    betaTo: o.betaTo,
  };
}

export const RELATIVE_ANNEAL_DEFAULTS: RelativeAnneal = {
  cycles: 1000,
  iterations: 1,
  i0From: 0.2,
  i0To: 25,
  noiseFrom: 1,
  noiseTo: 0,
  betaFrom: 0.1,
  betaTo: 3,
};

function ramp(kind: 'linear' | 'geometric', from: number, to: number, iterations: number): ScheduleSpec {
  const r = { kind, from, to } as const;
  return iterations > 1 ? { kind: 'sawtooth', ramp: r, iterations } : r;
}

function check(a: RelativeAnneal): void {
  requireInt('cycles', a.cycles, 1, 2 ** 31 - 1);
  requireInt('iterations', a.iterations, 1, a.cycles);
  requireRange('i0From', a.i0From, 0, 1e6);
  requireRange('i0To', a.i0To, 0, 1e6);
  requireRange('noiseFrom', a.noiseFrom, 0, 1e6);
  requireRange('noiseTo', a.noiseTo, 0, 1e6);
  requireRange('betaFrom', a.betaFrom, 1e-9, 1e6);
  requireRange('betaTo', a.betaTo, 1e-9, 1e6);
}

/** SC-model options (cycles, i0, noise and every register width) for `model` from sigma-relative levels. */
export function scaledScOptions(model: IsingModel, a: RelativeAnneal = RELATIVE_ANNEAL_DEFAULTS): ScOptions {
  check(a);
  const sigma = fieldScale(model);
  const i0From = Math.max(1, Math.round(a.i0From * sigma));
  const i0To = Math.max(i0From, Math.round(a.i0To * sigma));
  const noiseFrom = Math.round(a.noiseFrom * sigma);
  const noiseTo = Math.round(a.noiseTo * sigma);
  const { maxAbsH, maxAbsJ } = model.coefficientRange();
  if (!model.isInteger()) throw new InvlogicError('the SC model needs integer h and J', 'model');
  const itanhBits = signedBitsFor(i0To);
  if (itanhBits > 24)
    throw new InvlogicError(`I0 up to ${i0To} needs a ${itanhBits}-bit counter (max 24); lower i0To`, 'i0To');
  const coefBits = Math.max(signedBitsFor(maxAbsH), signedBitsFor(maxAbsJ), 2);
  if (coefBits > 16)
    throw new InvlogicError(`coefficients up to ${Math.max(maxAbsH, maxAbsJ)} need ${coefBits} bits (max 16)`, 'model');
  return {
    cycles: a.cycles,
    i0: ramp('geometric', i0From, i0To, a.iterations),
    noise: noiseFrom === noiseTo ? noiseFrom : ramp('linear', noiseFrom, noiseTo, a.iterations),
    itanhBits,
    weightBits: signedBitsFor(maxAbsJ),
    biasBits: signedBitsFor(maxAbsH),
    noiseBits: Math.min(16, signedBitsFor(Math.max(noiseFrom, noiseTo, 1))),
  };
}

/** Exact p-bit sampler options (numSweeps, beta schedule) for `model` from sigma-relative levels. */
export function scaledExactOptions(
  model: IsingModel,
  a: RelativeAnneal = RELATIVE_ANNEAL_DEFAULTS,
): ExactSampleOptions {
  check(a);
  const sigma = fieldScale(model);
  const from = Math.min(a.betaFrom / sigma, a.betaTo);
  return { numSweeps: a.cycles, schedule: ramp('geometric', from, a.betaTo, a.iterations) };
}

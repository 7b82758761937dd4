/**
 * Calibration of the resource model (resources.ts): a non-negative weighted least-squares fit of its
 * per-element costs to synthesised circuits (Smithson's Table 3, our yosys runs: tables.ts), and the named
 * calibrations the estimator offers, fitted at load time (deterministic).
 */
import { InvlogicError } from '../errors';
import { predictCalibrationPoint, XORSHIFT64P_FFS } from './resources';
import { SMITHSON_TABLE3_POINTS, YOSYS_XC7_POINTS, type CalibrationPoint, type ResourceCalibration } from './tables';

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

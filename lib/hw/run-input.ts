/**
 * The training runs the estimator reads (the JSON `invlogic train` prints, lib/bnn/run.ts RunSummary):
 * validation at the boundary, the accuracy a run reports, the training circuit of an invertible run, and the
 * CPU time of the baseline until it reached the invertible run's accuracy.
 */
import { InvlogicError, describeValue, requireRange } from '../errors';
import type { TrainingCircuit } from './resources';

import '../bnn'; // registers every training method (their registry entries say what their circuits take)
import { listMethods, type EpochRecord } from '../bnn/registry';
import type { RunSummary } from '../bnn/run';

/** Optional at the top level and one level down; arrays kept whole. */
type Loose<T> = {
  [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? Partial<T[K]> : T[K];
};

/**
 * A training run as the estimator reads it back from JSON: a RunSummary (lib/bnn/run.ts) whose fields the
 * estimator does not need may be missing (older files, hand-written inputs), NaN accuracies stored as null.
 */
export type RunInput = Loose<Omit<RunSummary, 'method' | 'trainAccuracy' | 'testAccuracy' | 'history'>> &
  Pick<RunSummary, 'method' | 'trainAccuracy'> & {
    testAccuracy: number | null;
    history?: Array<
      Pick<EpochRecord, 'trainAccuracy' | 'timeS'> &
        Partial<Pick<EpochRecord, 'epoch' | 'cpuTimeS'>> & { testAccuracy: number | null }
    >;
  };

export interface EstimateInput {
  invertible: RunInput;
  baseline: RunInput;
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
export function checkInvertibleRun(x: unknown, where = 'invertible'): RunInput {
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
  return x as unknown as RunInput;
}

/** Validates a baseline (CPU) run summary: needs a history with times, or wallTimeS. */
export function checkBaselineRun(x: unknown, where = 'baseline'): RunInput {
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
  return x as unknown as RunInput;
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
export function reportedAccuracy(s: RunInput): number {
  return typeof s.testAccuracy === 'number' && Number.isFinite(s.testAccuracy) ? s.testAccuracy : s.trainAccuracy;
}

/** Whether a BCNN run's circuits take the conv features as input (the method's registry entry says so). */
function trainsFcOnly(method: string): boolean {
  return listMethods('bcnn').some((m) => m.name === method && m.circuitInput === 'features');
}

/** The training circuit of an invertible run: structure from `hardware`, widths from `info`, data from `data`. */
export function circuitOfRun(s: RunInput, defaults = { itanhBits: 8, weightBits: 5 }): TrainingCircuit {
  const hw = s.hardware ?? {};
  const info = s.info ?? {};
  const opts = s.options ?? {};
  const size = s.data?.size ?? 0;
  const classes = s.data?.classes?.length ?? 2;
  const labelBits = s.kind === 'bcnn' ? Math.max(1, Math.ceil(Math.log2(classes))) : 1;
  const features = s.model?.features ?? size * size;
  const inputBits = s.kind === 'bcnn' && trainsFcOnly(s.method) ? features : size * size;
  const weightSpins =
    s.kind === 'bcnn'
      ? trainsFcOnly(s.method)
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
export function baselineTimeToAccuracy(b: RunInput, target: number, kind: CpuTimeKind, tolerance = 0): BaselineTime {
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

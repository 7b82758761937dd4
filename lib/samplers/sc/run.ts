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
 * - read-packed WebAssembly SIMD (packed.ts, ../wasm/sc.wat): 16 (or 8) reads per v128, fields recomputed every
 *   cycle; used for dense noise, xorshift64p, no validity tracking, final read-out, no trace (training, benchmarks);
 * - scalar (kernel.ts): integer CSR, typed arrays, no allocation per cycle; the field sums h_i + sum_j J_ij m_j
 *   are kept incrementally (updated only when a spin flips), which gives the same integers as recomputing them.
 *   Everything else (traces, validity statistics, other bit sources and noise kinds, windowed read-outs).
 * This file plans a run (plan.ts), picks the kernel, runs the reads and gathers the SampleSet and statistics.
 */
import { InvlogicError, requireOneOf } from '../../errors';
import { IsingModel, SampleSet } from '../../ising';
import type { Sampler } from '../types';
import { createKernelState, simulateRead, type ScReadStats } from './kernel';
import type { ScOptions } from './options';
import { runScPacked, scPackedUnsupported } from './packed';
import { planSc, type ScPlan } from './plan';
import { ScBitSource } from './prng';
import { openTrace, runLengths, traceHeader } from './trace';

/**
 * Which kernel runSc uses: 'auto' (default) = the read-packed WebAssembly kernel (packed.ts) whenever the
 * plan is in its scope (scPackedUnsupported(plan) === null), else the scalar kernel; 'scalar' forces the
 * scalar kernel; 'packed' requires the packed kernel (an error names why it cannot run). All give the same
 * reads, statistics and SampleSet bit for bit.
 */
export type ScKernel = 'auto' | 'scalar' | 'packed';
export const SC_KERNELS: readonly ScKernel[] = ['auto', 'scalar', 'packed'];

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
  const state = createKernelState(plan, src);
  const out = openTrace(plan);
  const reads: Int8Array[] = [];
  const stats: ScReadStats[] = [];
  try {
    if (out) out.emit(JSON.stringify(traceHeader(plan, src)));
    for (let r = 0; r < numReads; r++) {
      if (plan.prngInit) src.load(plan.prngInit);
      else src.seed(plan.seed, r);
      const traced = out !== null && r < plan.trace!.reads;
      if (traced) out.emit(JSON.stringify({ read: r, prngInit: src.snapshot() }));
      const res = simulateRead(state, r, traced ? out.emit : null);
      reads.push(res.readout);
      stats.push(res.stats);
      options.onProgress?.(r + 1, numReads);
    }
  } finally {
    out?.close();
  }
  const sampleSet = SampleSet.fromReads(model, reads, runInfo(plan, stats));
  return { sampleSet, reads, stats, trace: out?.lines ?? null, plan, kernel: 'scalar' };
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

/**
 * One timed kernel run, in the calling thread or in a worker of lib/parallel (bench/run.ts and
 * `invlogic bench` spread threads this way). Each run builds its problem itself (deterministic), waits until
 * `startAtMs` (so the threads of one measurement overlap), then runs whole chunks of sweeps (or SC cycles)
 * until `seconds` have passed. Time excludes building and the random start.
 */
import * as fs from 'fs';
import { IsingModel, modelFromJson, reduceClamped } from '../lib/ising';
import { prepareExact, runExactKernel } from '../lib/samplers/exact';
import { PackedBackend, PackedChains, PackedOrder } from '../lib/samplers/packed';
import { runSc } from '../lib/samplers/sc';
import { ProblemName, buildProblem } from './problems';

/** exact: the exact sampler's default kernel ('auto'); exact-js: its TypeScript integer kernel. */
export type JsKernel = 'exact' | 'exact-js' | 'packed' | 'packed-js' | 'packed-msc' | 'sc';
export const JS_KERNELS: readonly JsKernel[] = ['exact', 'exact-js', 'packed', 'packed-js', 'packed-msc', 'sc'];

export interface TaskArgs {
  /** A standard problem name, or `file:PATH` of an invlogic-ising JSON model. */
  problem: string;
  kernel: JsKernel;
  seconds: number;
  beta: number;
  seed: number;
  /** Random stream (thread index). */
  stream: number;
  /** Replicas for the packed kernels. */
  replicas: number;
  order: PackedOrder;
  /** Wall-clock time (Date.now()) to start timing at; 0 = at once. */
  startAtMs: number;
}

export interface TaskResult {
  /** Spin updates x replicas (p-bit kernels) or free spins x cycles (SC). */
  updates: number;
  seconds: number;
  cpuSeconds: number;
  /** Resident set size after the run, bytes (the whole process: all threads share it). */
  rssBytes: number;
  freeSpins: number;
  /** The kernel that ran (the exact sampler reports what 'auto' resolved to). */
  kernelName: string;
}

export function loadProblem(problem: string): IsingModel {
  if (problem.startsWith('file:')) {
    const file = problem.slice(5);
    return modelFromJson(JSON.parse(fs.readFileSync(file, 'utf8')), file);
  }
  return buildProblem(problem as ProblemName);
}

function waitUntil(ms: number): void {
  while (Date.now() < ms) {
    const left = ms - Date.now();
    if (left > 2) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, left - 1);
  }
}

/** Runs `chunk()` (returning updates done) until `seconds` have passed; returns totals. */
function timed(
  seconds: number,
  startAtMs: number,
  chunk: () => number,
): Omit<TaskResult, 'rssBytes' | 'freeSpins' | 'kernelName'> {
  chunk(); // warm-up (JIT, caches)
  if (startAtMs > 0) waitUntil(startAtMs);
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let updates = 0;
  let ns = 0;
  do {
    updates += chunk();
    ns = Number(process.hrtime.bigint() - t0);
  } while (ns < seconds * 1e9);
  const cu = process.cpuUsage(c0);
  return { updates, seconds: ns / 1e9, cpuSeconds: (cu.user + cu.system) / 1e6 };
}

/** Chunk size so that one chunk takes roughly `targetS` seconds, from a trial run. */
function calibrate(run: (k: number) => number, targetS = 0.1, trial = 2): number {
  const t0 = process.hrtime.bigint();
  run(trial);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return Math.max(1, Math.min(1e6, Math.round((trial * targetS) / Math.max(s, 1e-6))));
}

export function timeKernel(a: TaskArgs): TaskResult {
  const model = loadProblem(a.problem);
  const free = model.n - model.clamp.size;
  let r: Omit<TaskResult, 'rssBytes' | 'freeSpins' | 'kernelName'>;
  let kernelName: string = a.kernel;
  if (a.kernel === 'exact' || a.kernel === 'exact-js') {
    const prepared = prepareExact(model, a.order);
    const kernel = a.kernel === 'exact' ? 'auto' : 'integer';
    let read = 0;
    const run = (sweeps: number): number => {
      const r = runExactKernel(prepared, { sweeps, beta: a.beta, seed: a.seed, read: a.stream * 1e6 + read++, kernel });
      kernelName = `exact/${r.kernel}`;
      return r.spinUpdates;
    };
    // Warm up before calibrating: a cold trial includes the JIT and the wasm compile/instance set-up, which
    // made chunks ~15 sweeps (so the rows timed per-read set-up and the start-up transient, not the sweep the
    // C row times); a 20-sweep warm trial gives chunks of ~0.1 s like the other rows.
    run(20);
    const k = calibrate(run, 0.1, 20);
    r = timed(a.seconds, a.startAtMs, () => run(k));
  } else if (a.kernel === 'packed' || a.kernel === 'packed-js' || a.kernel === 'packed-msc') {
    // packed: the wasm kernel of packed.wat; packed-msc: the multi-spin-coded kernel (packed-msc.ts)
    const backend: PackedBackend = a.kernel === 'packed' ? 'wasm' : a.kernel === 'packed-msc' ? 'msc' : 'js';
    const chains = new PackedChains(reduceClamped(model).model, a.replicas, a.seed, {
      order: a.order,
      backend,
      stream: a.stream,
    });
    chains.setBeta(a.beta);
    const k = calibrate((s) => chains.sweep(s), 0.1, 1);
    r = timed(a.seconds, a.startAtMs, () => chains.sweep(k));
  } else {
    // The SC hardware model: spin-cycles = free spins x clock cycles x reads; `replicas` reads per call (at
    // most 64), so runSc can use its read-packed kernel; I0 constant = beta rounded to an integer >= 1, noise
    // amplitude 3, bias register 10 bits (the BCNN circuit's shared weights carry |h| up to 64), validity
    // tracking off, as in training.
    const i0 = Math.max(1, Math.round(a.beta));
    const reads = Math.min(a.replicas, 64);
    let call = 0;
    const run = (cycles: number): number => {
      const res = runSc(model, {
        cycles,
        numReads: reads,
        seed: a.seed * 1000 + a.stream * 100000 + call++,
        noise: 3,
        i0,
        valid: 'none',
        biasBits: 10,
      });
      kernelName = `sc/${res.kernel}`;
      return free * cycles * reads;
    };
    const k = calibrate(run, 0.1, 20);
    r = timed(a.seconds, a.startAtMs, () => run(k));
  }
  return { ...r, rssBytes: process.memoryUsage().rss, freeSpins: free, kernelName };
}

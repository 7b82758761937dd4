/**
 * Issue 7 benchmark of the exact p-bit kernel: spin updates per nanosecond ("flips/ns" in the p-bit
 * literature) on a random sparse graph, single thread.
 *
 *   node --import tsx bench/exact.ts [--n 16384] [--degree 6] [--sweeps 200] [--repeats 5]
 *                                    [--order sequential|chromatic] [--kernel auto|wasm|integer]
 *
 * Problem (issue 7): N = 16384 spins, mean degree 6 (3N distinct random pairs), J uniform in {-2,-1,1,2},
 * h uniform in {-2..2}, beta = 1, seed 1. Prints one JSON line: flipsPerNs = spin updates per wall-clock
 * nanosecond, best of `repeats` timed runs after a warm-up run (preparation excluded); flipsPerCpuNs = the same
 * per nanosecond of process CPU time (less sensitive to other jobs time-sharing the cores); loadAverage = the
 * 1-minute load when the run ended (a busy machine lowers both).
 */
import * as os from 'os';
import { IsingModel } from '../lib/ising';
import { Xoshiro128ss, randInt } from '../lib/rng';
import { prepareExact, runExactKernel, ExactKernel, ExactOrder } from '../lib/samplers/exact';

/** The issue-7 benchmark model: `n` spins, `n * degree / 2` distinct random pairs. */
export function randomSparseModel(n: number, degree: number, seed = 1): IsingModel {
  const rng = Xoshiro128ss.fromSeed(seed, 0);
  const numEdges = Math.round((n * degree) / 2);
  const seen = new Set<number>();
  const edges: [number, number, number][] = [];
  const weights = [-2, -1, 1, 2];
  while (edges.length < numEdges) {
    const a = randInt(rng, n);
    const b = randInt(rng, n);
    if (a === b) continue;
    const i = Math.min(a, b);
    const j = Math.max(a, b);
    const key = i * n + j;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push([i, j, weights[randInt(rng, 4)]]);
  }
  const h = Array.from({ length: n }, () => randInt(rng, 5) - 2);
  return new IsingModel(
    Array.from({ length: n }, (_, i) => `s${i}`),
    h,
    edges,
  );
}

export interface ExactBenchResult {
  bench: 'exact';
  n: number;
  meanDegree: number;
  order: ExactOrder;
  sweeps: number;
  kernel: string;
  flipsPerNs: number;
  flipsPerCpuNs: number;
  /** All timed runs, flips/ns (wall clock). */
  runs: number[];
  loadAverage: number;
  acceptanceRate: number;
  node: string;
}

export function benchExact(
  opts: {
    n?: number;
    degree?: number;
    sweeps?: number;
    repeats?: number;
    order?: ExactOrder;
    kernel?: ExactKernel;
  } = {},
): ExactBenchResult {
  const n = opts.n ?? 16384;
  const degree = opts.degree ?? 6;
  const sweeps = opts.sweeps ?? 200;
  const repeats = opts.repeats ?? 5;
  const order = opts.order ?? 'sequential';
  const model = randomSparseModel(n, degree, 1);
  const prepared = prepareExact(model, order);
  const kernelOption = opts.kernel ?? 'auto';
  runExactKernel(prepared, { sweeps: 50, beta: 1, seed: 0, kernel: kernelOption }); // warm-up (JIT)
  const runs: number[] = [];
  const cpuRuns: number[] = [];
  let accepted = 0;
  let kernel = '';
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const run = runExactKernel(prepared, { sweeps, beta: 1, seed: 1, read: r, kernel: kernelOption });
    const ns = Number(process.hrtime.bigint() - t0);
    const cpu = process.cpuUsage(c0);
    runs.push(run.spinUpdates / ns);
    cpuRuns.push(run.spinUpdates / ((cpu.user + cpu.system) * 1000));
    accepted = run.acceptedFlips / run.spinUpdates;
    kernel = run.kernel;
  }
  return {
    bench: 'exact',
    n,
    meanDegree: degree,
    order,
    sweeps,
    kernel,
    flipsPerNs: Math.max(...runs),
    flipsPerCpuNs: Math.max(...cpuRuns),
    runs,
    loadAverage: os.loadavg()[0],
    acceptanceRate: accepted,
    node: process.version,
  };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const get = (name: string): string | undefined => {
    const k = args.indexOf(`--${name}`);
    return k >= 0 ? args[k + 1] : undefined;
  };
  const num = (name: string): number | undefined => (get(name) === undefined ? undefined : Number(get(name)));
  const result = benchExact({
    n: num('n'),
    degree: num('degree'),
    sweeps: num('sweeps'),
    repeats: num('repeats'),
    order: get('order') as ExactOrder | undefined,
    kernel: get('kernel') as ExactKernel | undefined,
  });
  process.stdout.write(JSON.stringify(result) + '\n');
}

/**
 * Benchmark of the SC spin-gate kernels (issue-7 target: >= 0.5 spin-cycles/ns single thread on the BCNN
 * training circuit). Prints one JSON object per row:
 *   npm run bench:sc               (INVLOGIC_QUICK=1 for a short run)
 * Workloads: (1) the BCNN training circuit of bench/problems.ts (9-input neuron, K = 64 clamped samples,
 * 2,825 spins, 2,185 free) with the options of the `sc` rows of `npm run bench` (I0 = 1, noise 3, 10-bit bias
 * register); (2) 4x4 array multipliers replicated to ~16k spins (disjoint copies, half of them clamped in
 * backward mode); (3) a random sparse integer graph of 16384 spins, degree ~6, J in [-3, 3].
 * Each workload runs with kernel 'scalar' (the scalar TypeScript kernel: the before) and 'auto' (the
 * read-packed WebAssembly kernel, lib/samplers/sc/packed.ts, 8 or 16 reads per v128) at several read counts.
 * spin-cycles = free spins x cycles x reads; validity tracking off (valid: 'none'), as in training. The last
 * rows run the chromatic update order (colour phases; scalar kernel), a cycle being one sweep of all phases.
 */
import * as os from 'os';
import { IsingModel } from '../lib/ising';
import { arrayMultiplier } from '../lib/logic';
import { Xoshiro128ss, randInt } from '../lib/rng';
import { runSc, type ScKernel, type ScOptions } from '../lib/samplers/sc';
import { scPackedLanes } from '../lib/samplers/sc/packed';
import { bcnnTrainingModel } from './problems';

const quick = process.env.INVLOGIC_QUICK === '1';

function replicatedMultipliers(target: number): IsingModel {
  const base = arrayMultiplier(4).toModel();
  const copies = Math.ceil(target / base.n);
  const names: string[] = [];
  const h: number[] = [];
  const edges: [number, number, number][] = [];
  const clamp = new Map<number, 1 | -1>();
  const p = Array.from({ length: 8 }, (_, k) => base.indexOf(`p${k}`));
  for (let c = 0; c < copies; c++) {
    const off = c * base.n;
    for (let i = 0; i < base.n; i++) {
      names.push(`m${c}.${base.names[i]}`);
      h.push(base.h[i]);
    }
    for (let k = 0; k < base.numEdges; k++) edges.push([base.edgeI[k] + off, base.edgeJ[k] + off, base.edgeW[k]]);
    // Clamp the product of every other copy to 143 = 11 x 13 (backward mode).
    if (c % 2 === 0) p.forEach((i, k) => clamp.set(i + off, (143 >> k) & 1 ? 1 : -1));
  }
  return new IsingModel(names, h, edges, clamp);
}

function randomSparse(n: number, degree: number, seed: number): IsingModel {
  const rng = Xoshiro128ss.fromSeed(seed);
  const seen = new Set<number>();
  const edges: [number, number, number][] = [];
  const m = (n * degree) / 2;
  while (edges.length < m) {
    const i = randInt(rng, n);
    const j = randInt(rng, n);
    if (i === j) continue;
    const key = Math.min(i, j) * n + Math.max(i, j);
    if (seen.has(key)) continue;
    seen.add(key);
    const w = randInt(rng, 6) - 3;
    edges.push([i, j, w >= 0 ? w + 1 : w]);
  }
  const h = Array.from({ length: n }, () => randInt(rng, 5) - 2);
  return new IsingModel(
    Array.from({ length: n }, (_, i) => `s${i}`),
    h,
    edges,
  );
}

/**
 * Machine-speed calibration: ns per iteration of a trivial integer loop, measured in this process. On the
 * shared 2-core dev machine the load varies ~30x; `spinCyclesPerRefIter` (spin-cycles per reference-loop
 * iteration) is comparable across loads. An idle modern core runs the reference loop at ~0.3-0.5 ns/iter.
 */
function referenceNsPerIter(): number {
  const iters = 5e7;
  let s = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iters; i++) s += i & 7;
  const ns = Number(process.hrtime.bigint() - t0);
  if (s < 0) console.log(s); // keep the loop alive
  return ns / iters;
}

function measure(name: string, model: IsingModel, options: ScOptions, kernel: ScKernel): Record<string, unknown> {
  const cycles = options.cycles ?? 1000;
  const reads = options.numReads ?? 1;
  runSc(model, { ...options, cycles: Math.min(cycles, 200) }, kernel); // warm-up (JIT)
  const ref0 = referenceNsPerIter();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const run = runSc(model, options, kernel);
  const ns = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(cpu0);
  const cpuNs = (cpu.user + cpu.system) * 1000;
  const refNs = (ref0 + referenceNsPerIter()) / 2;
  const free = model.n - model.clamp.size;
  const spinCycles = free * cycles * reads;
  const flips = run.stats.reduce((a, s) => a + s.flips, 0);
  return {
    workload: name,
    kernel: run.kernel,
    lanes: run.kernel === 'packed' ? scPackedLanes(run.plan) : 1,
    spins: model.n,
    freeSpins: free,
    edges: model.numEdges,
    cycles,
    reads,
    prng: options.prng ?? 'xorshift64p',
    noiseKind: options.noiseKind ?? 'dense',
    ms: +(ns / 1e6).toFixed(1),
    spinCyclesPerNs: +(spinCycles / ns).toFixed(3),
    /** Per CPU-ns of this process: less sensitive to other processes' load than wall time. */
    spinCyclesPerCpuNs: +(spinCycles / cpuNs).toFixed(3),
    refNsPerIter: +refNs.toFixed(3),
    spinCyclesPerRefIter: +((spinCycles / ns) * refNs).toFixed(3),
    flipRate: +(flips / spinCycles).toFixed(4),
  };
}

const cycles = quick ? 300 : 3000;
const i0 = { kind: 'sawtooth' as const, ramp: { kind: 'geometric' as const, from: 1, to: 32 }, iterations: 4 };
const common: ScOptions = { cycles, numReads: 1, seed: 1, noise: 3, i0, valid: 'none' };
const bcnn = bcnnTrainingModel();
const bcnnOptions: ScOptions = { cycles, numReads: 1, seed: 1, noise: 3, i0: 1, valid: 'none', biasBits: 10 };
const mult = replicatedMultipliers(16384);
const sparse = randomSparse(16384, 6, 1);
const rows: [string, IsingModel, ScOptions, ScKernel][] = [
  ['bcnn training circuit', bcnn, bcnnOptions, 'scalar'],
  ['bcnn training circuit', bcnn, bcnnOptions, 'auto'],
  ['bcnn training circuit', bcnn, { ...bcnnOptions, numReads: 8 }, 'auto'],
  ['bcnn training circuit', bcnn, { ...bcnnOptions, numReads: 32 }, 'scalar'],
  ['bcnn training circuit', bcnn, { ...bcnnOptions, numReads: 32 }, 'auto'],
  ['bcnn training circuit', bcnn, { ...bcnnOptions, numReads: 64 }, 'auto'],
  ['bcnn training circuit, I0 sawtooth 1->32', bcnn, { ...bcnnOptions, numReads: 32, i0 }, 'auto'],
  ['4x4 multipliers replicated', mult, common, 'scalar'],
  ['4x4 multipliers replicated', mult, { ...common, numReads: 16 }, 'auto'],
  ['random sparse graph', sparse, { ...common, weightBits: 4 }, 'scalar'],
  ['random sparse graph', sparse, { ...common, weightBits: 4, numReads: 16 }, 'auto'],
  ['4x4 multipliers replicated', mult, { ...common, prng: 'per-spin' }, 'auto'],
  ['4x4 multipliers replicated', mult, { ...common, noiseKind: 'sparse' }, 'auto'],
  // The chromatic update (docs/sc-model.md §2.1) runs on the scalar kernel; spin-cycles count sweeps.
  ['4x4 multipliers replicated, chromatic', mult, { ...common, update: 'chromatic' }, 'auto'],
  ['random sparse graph, chromatic', sparse, { ...common, weightBits: 4, update: 'chromatic' }, 'auto'],
];
console.log(JSON.stringify({ loadavg: os.loadavg().map((x) => +x.toFixed(2)), date: new Date().toISOString() }));
for (const [name, model, options, kernel] of rows) console.log(JSON.stringify(measure(name, model, options, kernel)));
console.log(JSON.stringify({ loadavgAfter: os.loadavg().map((x) => +x.toFixed(2)) }));

/**
 * Memory benchmark (issue 7): a model of 10^6 spins and 10^7 couplings, sampled by the packed sampler.
 * Run as its own process, importing only lib/rng and the packed sampler, so its peak RSS is its own:
 *   node --import tsx bench/memory.ts [--spins N] [--couplings M] [--replicas R] [--sweeps S]
 * Prints one JSON line: peak RSS (process.resourceUsage().maxRSS), build and sampling times, flips/ns.
 */
import { createRng, randInt } from '../lib/rng';
import { PackedChains, PackedModelData } from '../lib/samplers/packed';

const J_VALUES = [-2, -1, 1, 2];

/**
 * The memory problem as CSR arrays (an IsingModel edge list of 10^7 pairs would itself exceed the target): n spins, `numEdges` random pairs (duplicates are possible and harmless
 * for a throughput/memory measurement: they act as one coupling of summed weight), J in {-2,-1,1,2},
 * h in {-2..2}. Int32 rows, Int8 weights: 4n + 10 * numEdges bytes.
 */
export function bigCsrModel(n = 1_000_000, numEdges = 10_000_000, seed = 1): PackedModelData {
  // Two passes over the same random stream (degrees, then fill), so no edge list is ever held.
  const pass = (visit: (i: number, j: number, jv: number) => void): void => {
    const rng = createRng('xoshiro128ss', seed);
    for (let k = 0; k < numEdges; k++) {
      const i = randInt(rng, n);
      let j = randInt(rng, n - 1);
      if (j >= i) j++;
      visit(i, j, J_VALUES[randInt(rng, 4)]);
    }
  };
  const rowPtr = new Int32Array(n + 1);
  pass((i, j) => {
    rowPtr[i + 1]++;
    rowPtr[j + 1]++;
  });
  for (let i = 0; i < n; i++) rowPtr[i + 1] += rowPtr[i];
  const fill = rowPtr.slice(0, n);
  const col = new Int32Array(2 * numEdges);
  const w = new Int8Array(2 * numEdges);
  pass((i, j, jv) => {
    col[fill[i]] = j;
    w[fill[i]++] = jv;
    col[fill[j]] = i;
    w[fill[j]++] = jv;
  });
  const rng = createRng('xoshiro128ss', seed + 1);
  const h = new Int8Array(n);
  for (let i = 0; i < n; i++) h[i] = randInt(rng, 5) - 2;
  return { n, h, rowPtr, col, w };
}

export interface MemoryResult {
  spins: number;
  couplings: number;
  replicas: number;
  sweeps: number;
  peakRssMB: number;
  chainsMB: number;
  buildSeconds: number;
  sampleSeconds: number;
  flipsPerNs: number;
}

export function memoryBench(spins = 1_000_000, couplings = 10_000_000, replicas = 128, sweeps = 2): MemoryResult {
  const t0 = process.hrtime.bigint();
  const chains = (() => {
    const data = bigCsrModel(spins, couplings, 1);
    return new PackedChains(data, replicas, 1, { backend: 'wasm' });
  })(); // the CSR input is garbage once the chains hold their own copy
  const t1 = process.hrtime.bigint();
  chains.setBeta(1);
  const updates = chains.sweep(sweeps);
  const t2 = process.hrtime.bigint();
  return {
    spins,
    couplings,
    replicas,
    sweeps,
    peakRssMB: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
    chainsMB: +(chains.bytes / 2 ** 20).toFixed(1),
    buildSeconds: +(Number(t1 - t0) / 1e9).toFixed(2),
    sampleSeconds: +(Number(t2 - t1) / 1e9).toFixed(2),
    flipsPerNs: +(updates / Number(t2 - t1)).toFixed(3),
  };
}

if (require.main === module) {
  const arg = (name: string, dflt: number): number => {
    const k = process.argv.indexOf(`--${name}`);
    return k >= 0 ? Number(process.argv[k + 1]) : dflt;
  };
  const r = memoryBench(arg('spins', 1_000_000), arg('couplings', 10_000_000), arg('replicas', 128), arg('sweeps', 2));
  process.stdout.write(JSON.stringify(r) + '\n');
}

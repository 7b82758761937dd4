/**
 * The headline rows of `npm run bench` (issue 19), written to bench/results/latest.json:
 *
 *   trainer_sc    spin-cycles/ns of the SC sampler as the invertible-fc trainer calls it (10 classes, one read
 *                 per anneal; wall time of every scSampler call, planning included, measured inside the run)
 *   kernel_sc     the SC sampler with 64 reads per call on the trainer's last circuit, same options (the
 *                 read-packed kernel when it can run the circuit; the 10-class circuits need the scalar one)
 *   *_2class      the same two rows for the 2-class run (circuits the read-packed kernel runs)
 *   packed_exact  the packed exact sampler (backend msc, 128 replicas) on perf-ref's P1 (and P2: *_p2)
 *   perfref_e512  perf-ref's AVX-512 multi-spin C kernel (E512, 512 replicas) on the same problem; perfref_e64
 *
 * perf-ref (../shared/perf-ref, read-only) is copied to a scratch folder and built there (`make`: gcc and node);
 * its rows are skipped with the reason when the folder or gcc is missing. The exact-sampler rows alternate with
 * the perf-ref rows `repeats` times (each timing >= 1 s, perf-ref in its own process) and report the median, so
 * their ratio is taken under the same load. Run alone: `node --import tsx bench/headline.ts [--quick]`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PackedChains } from '../lib/samplers/packed';
import { runSc, scPackedUnsupported, scSamplerProfile } from '../lib/samplers/sc';
import { planSc } from '../lib/samplers/sc/plan';
import { invertibleBcnn } from '../experiments/invertible-bcnn';

export interface HeadlineRow {
  name: string;
  value: number;
  unit: string;
  /** What was measured, on which problem. */
  what: string;
  /** Every repeat (the value is their median). */
  values?: number[];
  /** value / the named row's value. */
  ratioTo?: string;
  ratio?: number;
  /** Median over repeats of the ratio within each repeat (the two timings of one repeat are adjacent). */
  pairedRatio?: number;
  skipped?: string;
  /** SC rows: the kernel that ran (packed or scalar). */
  kernel?: string;
}

const run0Cycles = (o: { cycles?: number }): number => o.cycles ?? 1000;

const PERF_REF = path.join(__dirname, '..', '..', 'shared', 'perf-ref');

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Copies perf-ref to a scratch folder and builds it; returns the folder or the reason it cannot. */
export function buildPerfRef(src = PERF_REF): { dir?: string; skipped?: string } {
  if (!fs.existsSync(path.join(src, 'psamp.c'))) return { skipped: `${src} is absent` };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invlogic-perfref-'));
  fs.cpSync(src, dir, { recursive: true });
  try {
    execFileSync('make', ['-s', 'psamp', 'problems/p1.json'], { cwd: dir, stdio: 'pipe' });
  } catch (err) {
    return { skipped: `building perf-ref failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  }
  return { dir };
}

/** perf-ref's problem file as symmetric CSR (each edge in both rows). */
function loadPerfRefProblem(file: string): {
  n: number;
  h: number[];
  rowPtr: Int32Array;
  col: Int32Array;
  w: Int32Array;
} {
  const pr = JSON.parse(fs.readFileSync(file, 'utf8')) as { n: number; h: number[]; edges: [number, number, number][] };
  const n = pr.n;
  const rowPtr = new Int32Array(n + 1);
  for (const [i, j] of pr.edges) {
    rowPtr[i + 1]++;
    rowPtr[j + 1]++;
  }
  for (let i = 0; i < n; i++) rowPtr[i + 1] += rowPtr[i];
  const col = new Int32Array(rowPtr[n]);
  const w = new Int32Array(rowPtr[n]);
  const fill = rowPtr.slice(0, n);
  for (const [i, j, x] of pr.edges) {
    col[fill[i]] = j;
    w[fill[i]++] = x;
    col[fill[j]] = i;
    w[fill[j]++] = x;
  }
  return { n, h: pr.h, rowPtr, col, w };
}

/** flips/ns of the msc packed kernel: doubling sweep counts until one timing lasts >= `seconds`. */
function timePackedExact(chains: PackedChains, seconds: number): number {
  let count = 1;
  for (;;) {
    const t0 = process.hrtime.bigint();
    const updates = chains.sweep(count);
    const ns = Number(process.hrtime.bigint() - t0);
    if (ns >= seconds * 1e9) return updates / ns;
    count *= ns < (seconds * 1e9) / 8 ? 4 : 2;
  }
}

function timePerfRef(dir: string, impl: string, problem: string, seconds: number): number {
  const out = execFileSync(
    './psamp',
    ['--impl', impl, '--problem', `problems/${problem}.json`, '--seconds', String(seconds)],
    { cwd: dir, encoding: 'utf8' },
  );
  return (JSON.parse(out.trim().split('\n').pop() as string) as { flips_per_ns: number }).flips_per_ns;
}

/** packed_exact vs perf-ref E512 / E64 on P1 and P2, alternating, `repeats` times. */
export function exactRows(repeats: number, seconds: number, log: (s: string) => void): HeadlineRow[] {
  const built = buildPerfRef();
  const rows: HeadlineRow[] = [];
  const problems = ['p1', 'p2'];
  const what = {
    p1: 'perf-ref P1: random sparse graph, N = 16384, 49152 couplings (degree 6), J in +-{1,2}, h in -2..2, beta 1',
    p2: 'perf-ref P2: 128 x 128 periodic ferromagnetic lattice, beta 1',
  } as Record<string, string>;
  if (!built.dir) {
    log(`# perf-ref rows skipped: ${built.skipped}`);
    for (const name of ['packed_exact', 'perfref_e512', 'perfref_e64'])
      rows.push({ name, value: NaN, unit: 'flips/ns', what: 'P1', skipped: built.skipped });
    return rows;
  }
  const dir = built.dir;
  try {
    for (const p of problems) {
      const chains = new PackedChains(loadPerfRefProblem(path.join(dir, 'problems', `${p}.json`)), 128, 1, {
        backend: 'msc',
      });
      chains.setBeta(1);
      chains.sweep(20); // warm-up: past the random start, JIT done
      const ours: number[] = [];
      const e512: number[] = [];
      const e64: number[] = [];
      for (let k = 0; k < repeats; k++) {
        e512.push(timePerfRef(dir, 'E512', p, seconds));
        ours.push(timePackedExact(chains, seconds));
        e64.push(timePerfRef(dir, 'E64', p, seconds));
        log(
          `${p} repeat ${k + 1}: msc ${ours[k].toFixed(3)}  E512 ${e512[k].toFixed(3)}  E64 ${e64[k].toFixed(3)} flips/ns`,
        );
      }
      const sfx = p === 'p1' ? '' : `_${p}`;
      const e512m = median(e512);
      rows.push({
        name: `packed_exact${sfx}`,
        value: +median(ours).toFixed(4),
        unit: 'flips/ns',
        what: `packed exact sampler, backend msc (WebAssembly SIMD, 128 replicas, one thread); ${what[p]}`,
        values: ours.map((x) => +x.toFixed(4)),
        ratioTo: `perfref_e512${sfx}`,
        ratio: +(median(ours) / e512m).toFixed(3),
        pairedRatio: +median(ours.map((x, k) => x / e512[k])).toFixed(3),
      });
      rows.push({
        name: `perfref_e512${sfx}`,
        value: +e512m.toFixed(4),
        unit: 'flips/ns',
        what: `perf-ref E512 (C, AVX-512, 512 replicas, one thread); ${what[p]}`,
        values: e512,
      });
      rows.push({
        name: `perfref_e64${sfx}`,
        value: +median(e64).toFixed(4),
        unit: 'flips/ns',
        what: `perf-ref E64 (C, uint64, 64 replicas, one thread); ${what[p]}`,
        values: e64,
      });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** trainer_sc (inside an invertible-fc 10-class run) and kernel_sc (64 packed reads on its last circuit). */
export async function trainerRows(
  quick: boolean,
  log: (s: string) => void,
  setting: 'fc10' | 'fc2' = 'fc10',
): Promise<HeadlineRow[]> {
  const fc10 = setting === 'fc10';
  const config = {
    method: 'invertible-fc',
    classes: fc10 ? 10 : 2,
    model: 'default',
    trainSubset: quick ? 320 : 960,
    samplesPerBatch: fc10 ? 32 : 16,
    cycles: fc10 ? 400 : 300,
    sampler: 'sc',
    scUpdate: 'synchronous',
    selection: 'last',
    balanced: fc10,
    margin: fc10 ? 16 : 1,
    fcCircuit: 'one-vs-rest',
    combine: fc10 ? 'accumulate' : 'majority',
    priorStrength: fc10 ? 64 : 2,
    epochs: 1,
    seed: 1,
  } as const;
  const what = fc10
    ? `invertible-fc, 10 classes, one-vs-rest, K = 32 images per circuit, 400 cycles, ${config.trainSubset} images, 1 epoch (FC10 setting)`
    : `invertible-fc, 2 classes, one-vs-rest, K = 16 images per circuit, 300 cycles, margin 1, ${config.trainSubset} images, 1 epoch (the experiment's defaults)`;
  const sfx = fc10 ? '' : '_2class';
  Object.assign(scSamplerProfile, { enabled: true, calls: 0, ns: 0, spinCycles: 0, last: undefined });
  const t0 = process.hrtime.bigint();
  try {
    invertibleBcnn.validate?.({ ...config });
    await invertibleBcnn.run({ ...config }, { key: 'bench', quick });
  } finally {
    scSamplerProfile.enabled = false;
  }
  const wallNs = Number(process.hrtime.bigint() - t0);
  const prof = { ...scSamplerProfile };
  const trainer = prof.spinCycles / prof.ns;
  log(
    `trainer: ${prof.calls} anneals, ${(prof.ns / 1e9).toFixed(1)} s in the SC sampler of ${(wallNs / 1e9).toFixed(1)} s, ${trainer.toPrecision(3)} spin-cycles/ns`,
  );
  const last = prof.last;
  if (!last) throw new Error('the trainer made no SC call');
  const reads = 64;
  const opts = { ...last.options, numReads: reads };
  // The packed kernel declines some circuits (e.g. itanhBits > 15): the row then times the kernel that runs
  // them (runSc 'auto' = the scalar kernel) and says why.
  const declined = scPackedUnsupported(planSc(last.model, opts));
  runSc(last.model, { ...opts, numReads: 8, cycles: Math.min(100, run0Cycles(opts)) }); // warm-up
  const samples: number[] = [];
  let kernelName = '';
  for (let k = 0; k < 3; k++) {
    const t1 = process.hrtime.bigint();
    const run = runSc(last.model, opts);
    const ns = Number(process.hrtime.bigint() - t1);
    samples.push(((last.model.n - last.model.clamp.size) * run.plan.cycles * reads) / ns);
    kernelName = run.kernel;
  }
  const kernel = median(samples);
  const free = last.model.n - last.model.clamp.size;
  return [
    {
      name: `trainer_sc${sfx}`,
      value: +trainer.toFixed(4),
      unit: 'spin-cycles/ns',
      what: `${what}: free spins x cycles x reads of every anneal / wall time in the SC sampler (${prof.calls} anneals, ${(prof.ns / 1e9).toFixed(1)} of ${(wallNs / 1e9).toFixed(1)} s of the run)`,
      ratioTo: `kernel_sc${sfx}`,
      ratio: +(trainer / kernel).toFixed(3),
    },
    {
      name: `kernel_sc${sfx}`,
      value: +kernel.toFixed(4),
      unit: 'spin-cycles/ns',
      what: `SC sampler, ${reads} reads per run (kernel ${kernelName}${declined ? `: the read-packed kernel declines this circuit, ${declined}` : ', read-packed WebAssembly'}), on the trainer's last circuit (${last.model.n} spins, ${free} free, ${last.model.numEdges} couplings), same options; median of 3`,
      kernel: kernelName,
      values: samples.map((x) => +x.toFixed(4)),
    },
  ];
}

export async function runHeadline(
  quick: boolean,
  log: (s: string) => void = (s) => process.stderr.write(s + '\n'),
): Promise<{ meta: Record<string, unknown>; rows: HeadlineRow[] }> {
  const meta: Record<string, unknown> = {
    date: new Date().toISOString(),
    host: os.hostname(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    node: process.version,
    loadavgBefore: os.loadavg().map((x) => +x.toFixed(2)),
    quick,
  };
  const rows = [
    ...(await trainerRows(quick, log, 'fc10')),
    ...(await trainerRows(quick, log, 'fc2')),
    ...exactRows(quick ? 3 : 5, 1, log),
  ];
  meta.loadavgAfter = os.loadavg().map((x) => +x.toFixed(2));
  return { meta, rows };
}

export function writeLatest(result: { meta: Record<string, unknown>; rows: HeadlineRow[] }, file?: string): string {
  const out = file ?? path.join(__dirname, 'results', 'latest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 1) + '\n');
  return out;
}

/** The rows as a Markdown table. */
export function headlineTable(rows: readonly HeadlineRow[]): string {
  const lines = ['| row | value | unit | ratio |', '|---|---|---|---|'];
  for (const r of rows) {
    const v = r.skipped ? `skipped: ${r.skipped}` : r.value.toPrecision(3);
    const paired = r.pairedRatio !== undefined ? ` (paired ${r.pairedRatio.toFixed(2)}x)` : '';
    const ratio = r.ratio !== undefined ? `${r.ratio.toFixed(2)}x ${r.ratioTo}${paired}` : '';
    lines.push(`| ${r.name} | ${v} | ${r.unit} | ${ratio} |`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  (async () => {
    const quick = process.argv.includes('--quick');
    const result = await runHeadline(quick);
    const out = writeLatest(result);
    process.stdout.write(headlineTable(result.rows) + '\n');
    process.stdout.write(
      `\nload average before ${JSON.stringify(result.meta.loadavgBefore)}, after ${JSON.stringify(result.meta.loadavgAfter)}; written ${path.relative(process.cwd(), out)}\n`,
    );
  })().catch((err) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  });
}

/**
 * `npm run bench`: the issue-7 performance benchmark. For each standard problem (bench/problems.ts) it times
 * the JS/WebAssembly kernels and C reference kernels of the same algorithms (bench/c/*.c, compiled here with
 * `gcc -O3 -march=native`) in one run, one after another, so ratios are measured under the same conditions;
 * then the memory problem (bench/memory.ts, own process). Writes bench/results/<date>-<host>.json and prints a
 * Markdown table.
 *
 *   npm run bench                   # all problems, 2 s per row (a few minutes)
 *   npm run bench -- --quick        # sparse + bcnn, 0.5 s per row, smaller memory problem
 *   npm run bench -- --seconds 5 --problems sparse,lattice --no-c --no-memory --out FILE
 *   npm run bench -- --no-headline  # without the issue-19 rows of bench/headline.ts (bench/results/latest.json)
 *
 * flips/ns = spin updates x replicas per ns of wall time (p-bit kernels); spin-cycles/ns = free spins x
 * clock cycles per ns (SC hardware model). Multi-thread rows run the threads concurrently (worker_threads
 * via lib/parallel for JS, processes for C) and add their throughputs. Load average is recorded before and
 * after: the machine is shared, so compare rows of one run, not runs of different loads.
 */
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { reduceClamped } from '../lib/ising';
import { createPool } from '../lib/parallel/pool';
import { prepareExact } from '../lib/samplers/exact';
import { JsKernel, TaskArgs, TaskResult, loadProblem, timeKernel } from './task';
import { PROBLEM_DESCRIPTIONS, PROBLEM_NAMES, ProblemName } from './problems';
import { headlineTable, runHeadline, writeLatest } from './headline';

export interface BenchRow {
  problem: string;
  kernel: string;
  /** Implementation: js, wasm or c. */
  impl: 'js' | 'wasm' | 'c';
  threads: number;
  /** Replicas per thread (packed kernels), else 1. */
  replicas: number;
  unit: 'flips/ns' | 'spin-cycles/ns';
  updates: number;
  seconds: number;
  /** Throughput per wall-clock ns (summed over threads). */
  perNs: number;
  /** Throughput per CPU-ns of the process (one-thread rows), a check against load from other processes. */
  perCpuNs?: number;
  /** The C row of the same algorithm in this run, and perNs / its perNs. */
  vsC?: string;
  ratioToC?: number;
  /** Set when the kernel failed (the run goes on). */
  error?: string;
  /** The same ratio per CPU-ns of each process (one-thread rows): less sensitive to other load. */
  ratioToCCpu?: number;
}

const C_DIR = path.join(__dirname, 'c');

/** Compiles the C reference kernels (packed in three widths: 64, 128, 512 replicas per vector). */
export function buildCKernels(outDir: string): Record<string, string> {
  fs.mkdirSync(outDir, { recursive: true });
  const bins: Record<string, string> = {};
  const build = (name: string, src: string, defs: string[]): void => {
    const out = path.join(outDir, name);
    execFileSync('gcc', ['-O3', '-march=native', ...defs, '-o', out, path.join(C_DIR, src), '-lm'], { stdio: 'pipe' });
    bins[name] = out;
  };
  build('c-exact', 'exact.c', []);
  build('c-packed64', 'packed.c', ['-DVW=1']);
  build('c-packed128', 'packed.c', ['-DVW=2']);
  build('c-packed512', 'packed.c', ['-DVW=8']);
  return bins;
}

/** Writes the free-spin model of a problem in the C kernels' text format; returns the path. */
export function writeCProblem(problem: string, file: string, order: 'sequential' | 'chromatic' = 'sequential'): string {
  const model = loadProblem(problem);
  const prepared = prepareExact(model, order);
  const m = reduceClamped(model).model;
  const { rowPtr, col, w } = m.csr();
  let fMin = 0;
  let fMax = 0;
  const lines: string[] = [];
  for (let i = 0; i < m.n; i++) {
    let s = 0;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) s += Math.abs(w[p]);
    fMin = Math.min(fMin, m.h[i] - s);
    fMax = Math.max(fMax, m.h[i] + s);
  }
  lines.push(`${m.n} ${col.length} ${fMin} ${fMax}`);
  lines.push(
    Array.from(m.h).join(' '),
    Array.from(rowPtr).join(' '),
    Array.from(col).join(' '),
    Array.from(w).join(' '),
  );
  lines.push(Array.from(prepared.order).join(' '));
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function runC(
  bin: string,
  problemFile: string,
  beta: number,
  seconds: number,
  seed: number,
  words: number,
  procs: number,
): Promise<{ perNs: number; perCpuNs: number; updates: number }> {
  const one = (k: number): Promise<{ updates: number; seconds: number; cpuSeconds: number }> =>
    new Promise((resolve, reject) => {
      const child = spawn(bin, [problemFile, String(beta), String(seconds), String(seed + k), String(words)]);
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.on('close', (code) =>
        code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${bin}: ${err || code}`)),
      );
    });
  return Promise.all(Array.from({ length: procs }, (_, k) => one(k))).then((rs) => ({
    perNs: rs.reduce((a, r) => a + r.updates / r.seconds / 1e9, 0),
    perCpuNs: rs.reduce((a, r) => a + r.updates / Math.max(r.cpuSeconds, 1e-9) / 1e9, 0),
    updates: rs.reduce((a, r) => a + r.updates, 0),
  }));
}

/** Runs a JS kernel on `threads` threads (in-process when 1) and sums the throughputs. */
export async function runJs(
  args: Omit<TaskArgs, 'stream' | 'startAtMs'>,
  threads: number,
): Promise<{
  perNs: number;
  perCpuNs: number;
  updates: number;
  seconds: number;
  rssBytes: number;
  kernelName: string;
}> {
  let results: TaskResult[];
  if (threads === 1) {
    results = [timeKernel({ ...args, stream: 0, startAtMs: 0 })];
  } else {
    const pool = createPool({ module: require.resolve('./task'), jobs: threads });
    try {
      const startAtMs = Date.now() + 6000 + 2000 * args.seconds;
      results = await pool.map(
        Array.from({ length: threads }, (_, k) => ({ ...args, stream: k, startAtMs })),
        'timeKernel',
      );
    } finally {
      await pool.close();
    }
  }
  return {
    perNs: results.reduce((a, r) => a + r.updates / r.seconds / 1e9, 0),
    // process.cpuUsage counts the whole process, so per-CPU throughput is meaningful for one thread only
    perCpuNs: results[0].updates / Math.max(results[0].cpuSeconds, 1e-9) / 1e9,
    updates: results.reduce((a, r) => a + r.updates, 0),
    seconds: Math.max(...results.map((r) => r.seconds)),
    rssBytes: Math.max(...results.map((r) => r.rssBytes)),
    kernelName: results[0].kernelName,
  };
}

export interface BenchOptions {
  quick: boolean;
  seconds: number;
  problems: ProblemName[];
  c: boolean;
  memory: boolean;
  threads: number;
  beta: number;
  replicas: number;
  log?: (line: string) => void;
}

export async function runBench(
  o: BenchOptions,
): Promise<{ rows: BenchRow[]; memory?: unknown; meta: Record<string, unknown> }> {
  const log = o.log ?? ((s: string) => process.stderr.write(s + '\n'));
  const meta: Record<string, unknown> = {
    date: new Date().toISOString(),
    host: os.hostname(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    node: process.version,
    gcc: o.c ? execFileSync('gcc', ['--version']).toString().split('\n')[0] : undefined,
    loadavgBefore: os.loadavg().map((x) => +x.toFixed(2)),
    options: { quick: o.quick, seconds: o.seconds, beta: o.beta, replicas: o.replicas, threads: o.threads },
  };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'invlogic-bench-'));
  const bins = o.c ? buildCKernels(tmp) : {};
  const rows: BenchRow[] = [];
  const push = (r: BenchRow): void => {
    rows.push(r);
    log(
      `${r.problem.padEnd(10)} ${r.kernel.padEnd(12)} ${r.impl.padEnd(4)} x${r.threads} ${r.perNs.toFixed(3)} ${r.unit}${r.ratioToC !== undefined ? ` (${r.ratioToC.toFixed(2)}x ${r.vsC})` : ''}`,
    );
  };
  const s = o.seconds;
  for (const problem of o.problems) {
    const model = loadProblem(problem);
    const isCircuit = problem === 'multiplier' || problem === 'bcnn';
    const js = async (kernel: JsKernel, threads: number, replicas: number): Promise<BenchRow> => {
      try {
        return await jsRow(kernel, threads, replicas);
      } catch (err) {
        // One failing kernel must not take the whole run down: the row records the failure.
        const error = err instanceof Error ? err.message : String(err);
        log(`${problem} ${kernel} x${threads}: FAILED: ${error}`);
        return {
          problem,
          kernel,
          impl: 'js',
          threads,
          replicas,
          unit: kernel === 'sc' ? 'spin-cycles/ns' : 'flips/ns',
          updates: 0,
          seconds: 0,
          perNs: NaN,
          error,
        };
      }
    };
    const jsRow = async (kernel: JsKernel, threads: number, replicas: number): Promise<BenchRow> => {
      const r = await runJs(
        { problem, kernel, seconds: s, beta: o.beta, seed: 1, replicas, order: 'sequential' },
        threads,
      );
      const name = kernel.startsWith('exact') || kernel === 'sc' ? r.kernelName : kernel;
      return {
        problem,
        kernel: name,
        impl:
          kernel === 'packed' || kernel === 'packed-msc' || name.endsWith('/wasm') || name === 'sc/packed'
            ? 'wasm'
            : 'js',
        threads,
        replicas: kernel.startsWith('packed') ? replicas : kernel === 'sc' ? Math.min(replicas, 64) : 1,
        unit: kernel === 'sc' ? 'spin-cycles/ns' : 'flips/ns',
        updates: r.updates,
        seconds: +r.seconds.toFixed(3),
        perNs: +r.perNs.toFixed(4),
        perCpuNs: threads === 1 ? +r.perCpuNs.toFixed(4) : undefined,
      };
    };
    const c = async (name: string, words: number, procs: number, replicas: number): Promise<BenchRow | undefined> => {
      if (!o.c) return undefined;
      const file = writeCProblem(problem, path.join(tmp, `${problem}.txt`));
      const r = await runC(bins[name], file, o.beta, s, 1, words, procs);
      const row: BenchRow = {
        problem,
        kernel: name,
        impl: 'c',
        threads: procs,
        replicas,
        unit: 'flips/ns',
        updates: r.updates,
        seconds: s,
        perNs: +r.perNs.toFixed(4),
        perCpuNs: procs === 1 ? +r.perCpuNs.toFixed(4) : undefined,
      };
      return row;
    };
    const ratio = (row: BenchRow, cRow: BenchRow | undefined): BenchRow =>
      cRow
        ? {
            ...row,
            vsC: cRow.kernel + (cRow.threads > 1 ? ` x${cRow.threads}` : ''),
            ratioToC: +(row.perNs / cRow.perNs).toFixed(3),
            ratioToCCpu:
              row.perCpuNs !== undefined && cRow.perCpuNs !== undefined
                ? +(row.perCpuNs / cRow.perCpuNs).toFixed(3)
                : undefined,
          }
        : row;
    log(
      `# ${problem}: ${PROBLEM_DESCRIPTIONS[problem]} (${model.n} spins, ${model.clamp.size} clamped, ${model.numEdges} couplings)`,
    );
    // Scalar exact kernel vs C (incremental fields, same algorithm).
    const cExact = await c('c-exact', 1, 1, 1);
    if (cExact) push(cExact);
    const exactDefault = ratio(await js('exact', 1, 1), cExact);
    push(exactDefault);
    if (exactDefault.impl !== 'js') push(ratio(await js('exact-js', 1, 1), cExact));
    // Replica-packed kernels vs C of the same algorithm at the same and at native width.
    const R = o.replicas;
    const c128 = await c('c-packed128', Math.ceil(R / 128), 1, R);
    const c512 = await c('c-packed512', Math.ceil(R / 512), 1, R);
    const c64 = await c('c-packed64', Math.ceil(R / 64), 1, R);
    for (const row of [c64, c128, c512]) if (row) push(row);
    push(ratio(await js('packed-js', 1, 128), c64));
    const packed1 = ratio(await js('packed', 1, R), c128);
    push(packed1);
    // The multi-spin-coded kernel (the sampler's default) against the AVX-512 build of our C.
    push(ratio(await js('packed-msc', 1, R), c512));
    if (o.threads > 1) {
      const c512n = await c('c-packed512', Math.ceil(R / 512), o.threads, R);
      if (c512n) push(c512n);
      const c128n = await c('c-packed128', Math.ceil(R / 128), o.threads, R);
      if (c128n) push(c128n);
      push(ratio(await js('packed', o.threads, R), c128n));
      if (problem === 'sparse') push(await js('exact', o.threads, 1));
    }
    if (isCircuit) push(await js('sc', 1, 64));
  }
  let memory: unknown;
  if (o.memory) {
    const args = o.quick ? ['--spins', '200000', '--couplings', '2000000'] : [];
    // tsx's CommonJS hook only (no ESM loader thread): the smallest honest Node baseline.
    const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'memory.ts'), ...args], {
      encoding: 'utf8',
    });
    memory = JSON.parse(out.trim().split('\n').pop() as string);
    log(`# memory: ${JSON.stringify(memory)}`);
  }
  meta.loadavgAfter = os.loadavg().map((x) => +x.toFixed(2));
  fs.rmSync(tmp, { recursive: true, force: true });
  return { rows, memory, meta };
}

/** Markdown table of the rows (the docs/performance.md format). */
export function markdownTable(rows: readonly BenchRow[]): string {
  const lines = [
    '| problem | kernel | impl | threads | replicas | throughput | per CPU-ns | vs C, wall (CPU) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.problem} | ${r.kernel} | ${r.impl} | ${r.threads} | ${r.replicas} | ${r.error !== undefined ? `failed: ${r.error}` : `${r.perNs.toFixed(3)} ${r.unit}`} | ${r.perCpuNs !== undefined ? r.perCpuNs.toFixed(3) : ''} | ${r.ratioToC !== undefined ? `${r.ratioToC.toFixed(2)}x${r.ratioToCCpu !== undefined ? ` (${r.ratioToCCpu.toFixed(2)}x)` : ''} ${r.vsC}` : ''} |`,
    );
  }
  return lines.join('\n');
}

function parseCli(argv: string[]): BenchOptions & { out?: string; headline: boolean } {
  const has = (f: string): boolean => argv.includes(f);
  const val = (f: string): string | undefined => {
    const k = argv.indexOf(f);
    return k >= 0 ? argv[k + 1] : undefined;
  };
  const known = new Set([
    '--quick',
    '--no-c',
    '--no-memory',
    '--seconds',
    '--problems',
    '--threads',
    '--beta',
    '--replicas',
    '--out',
    '--no-headline',
  ]);
  for (const a of argv)
    if (a.startsWith('--') && !known.has(a)) throw new Error(`unknown flag ${a}; flags: ${[...known].join(' ')}`);
  const quick = has('--quick');
  const problems = (val('--problems') ?? (quick ? 'sparse,bcnn' : PROBLEM_NAMES.join(','))).split(',') as ProblemName[];
  for (const p of problems)
    if (!PROBLEM_NAMES.includes(p))
      throw new Error(`--problems: unknown problem ${p}; one of ${PROBLEM_NAMES.join(',')}`);
  return {
    quick,
    seconds: Number(val('--seconds') ?? (quick ? 0.5 : 2)),
    problems,
    c: !has('--no-c'),
    memory: !has('--no-memory'),
    threads: Number(val('--threads') ?? Math.min(2, os.cpus().length)),
    beta: Number(val('--beta') ?? 1),
    replicas: Number(val('--replicas') ?? 512),
    out: val('--out'),
    headline: !has('--no-headline'),
  };
}

if (require.main === module) {
  (async () => {
    const o = parseCli(process.argv.slice(2));
    const result = await runBench(o);
    const day = new Date().toISOString().slice(0, 10);
    const out = o.out ?? path.join(__dirname, 'results', `${day}-${os.hostname()}${o.quick ? '-quick' : ''}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(result, null, 1) + '\n');
    process.stdout.write(markdownTable(result.rows) + '\n');
    if (result.memory) process.stdout.write(`\nmemory: ${JSON.stringify(result.memory)}\n`);
    process.stdout.write(
      `\nload average before ${JSON.stringify(result.meta.loadavgBefore)}, after ${JSON.stringify(result.meta.loadavgAfter)}; written ${path.relative(process.cwd(), out)}\n`,
    );
    if (o.headline) {
      // The issue-19 rows (bench/headline.ts): trainer vs SC kernel, packed exact vs perf-ref, in this run.
      const head = await runHeadline(o.quick);
      const latest = writeLatest(head);
      process.stdout.write(
        `\n${headlineTable(head.rows)}\n\nload average before ${JSON.stringify(head.meta.loadavgBefore)}, after ${JSON.stringify(head.meta.loadavgAfter)}; written ${path.relative(process.cwd(), latest)}\n`,
      );
    }
  })().catch((err) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  });
}

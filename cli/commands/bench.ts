/**
 * `invlogic bench [MODEL.json]`: throughput of one sampler kernel on a model (issue 7), as JSON: flips/ns
 * (spin updates x replicas per ns; spin-cycles/ns for the SC hardware model), updates, seconds, RSS.
 * Threads run independent chains concurrently (lib/parallel) and their throughputs add. The full suite with
 * C reference kernels is `npm run bench` (bench/run.ts; docs/performance.md).
 *
 * The benchmark harness lives in bench/ (above lib/): it is loaded by path at run time, as `sweep` loads the
 * experiments registry.
 */
import * as fs from 'fs';
import * as path from 'path';
import { InvlogicError } from '../../lib/errors';
import { defaultJobs } from '../../lib/parallel';
import { readModelFile } from '../io';
import { defineCommand, formatHelp, parseArgs } from '../args';
import { PROCESS_IO, type CliIO } from '../io';

export const summary = 'Measure sampler throughput (flips/ns) on a model or a standard benchmark problem';

const PROBLEMS = ['sparse', 'lattice', 'multiplier', 'bcnn'] as const;

/** Threads beyond a few per core only time-slice (and each holds its own chains in memory). */
const MAX_THREADS_PER_CORE = 4;

/** Replicas x spins of one packed sweep (a timed chunk): 2^27 updates are about a second at 0.2 flips/ns. */
const MAX_REPLICA_SPINS = 2 ** 27;

const spec = defineCommand({
  name: 'bench',
  summary,
  description:
    'Examples:\n  invlogic bench model.json --sampler packed --replicas 512 --threads 2\n  invlogic bench --problem bcnn --sampler sc --seconds 5\n' +
    'The whole suite against C reference kernels: npm run bench (docs/performance.md).',
  positionals: [
    { name: 'MODEL', help: 'invlogic-ising JSON model (clamps included); omit to use --problem', required: false },
  ],
  flags: {
    problem: { type: 'string', choices: PROBLEMS, help: 'standard problem when no MODEL is given (default sparse)' },
    sampler: {
      type: 'string',
      choices: ['exact', 'exact-js', 'packed', 'packed-js', 'sc'],
      default: 'packed',
      help: 'exact (its default kernel), exact-js (its TypeScript integer kernel), packed (wasm), packed-js, sc',
    },
    order: { type: 'string', choices: ['sequential', 'chromatic'], default: 'sequential', help: 'spin visiting order' },
    replicas: {
      type: 'int',
      min: 1,
      max: 2 ** 20,
      default: 512,
      help: 'replicas per thread (packed samplers); sc: reads per call, at most 64',
    },
    threads: {
      type: 'int',
      min: 1,
      max: 256,
      default: 1,
      help: `worker threads, each with its own chains (at most ${MAX_THREADS_PER_CORE} per core)`,
    },
    seconds: { type: 'number', min: 0.01, max: 3600, default: 2, help: 'timed seconds per thread' },
    beta: { type: 'number', min: 0, max: 1e6, default: 1, help: 'inverse temperature (I0 = round(beta) for sc)' },
    seed: { type: 'int', min: 0, max: 2 ** 31 - 1, default: 1, help: 'seed' },
  },
});

export async function run(argv: string[], io: CliIO = PROCESS_IO): Promise<number> {
  const args = parseArgs(spec, argv);
  if (args.help) {
    io.stdout(formatHelp(spec));
    return 0;
  }
  const f = args.flags;
  const file = args.positionals[0];
  if (file !== undefined && f.problem !== undefined)
    throw new InvlogicError('give either MODEL or --problem, not both', '--problem');
  if (file !== undefined && !fs.existsSync(file)) throw new InvlogicError(`MODEL: no such file ${file}`, 'MODEL');
  // Bad JSON or model: one line naming MODEL, before any thread starts.
  const spins = file !== undefined ? readModelFile(file, 'MODEL').n : undefined;
  const maxThreads = MAX_THREADS_PER_CORE * defaultJobs();
  if (f.threads > maxThreads) {
    throw new InvlogicError(
      `--threads must be at most ${maxThreads} (${MAX_THREADS_PER_CORE} per core x ${defaultJobs()} cores), got ${f.threads}`,
      '--threads',
    );
  }
  const problem = file !== undefined ? `file:${path.resolve(file)}` : (f.problem ?? 'sparse');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- bench/ sits above lib/, loaded by path
  const bench = require(path.join(__dirname, '..', '..', 'bench', 'run')) as typeof import('../../bench/run');
  if (f.sampler.startsWith('packed')) {
    // One timed chunk is a sweep of every replica: bound it, or --seconds 0.1 can take a minute.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- bench/ sits above lib/, loaded by path
    const task = require(path.join(__dirname, '..', '..', 'bench', 'task')) as typeof import('../../bench/task');
    const n = spins ?? task.loadProblem(problem).n;
    if (f.replicas * n > MAX_REPLICA_SPINS) {
      throw new InvlogicError(
        `--replicas ${f.replicas} x ${n} spins is over ${MAX_REPLICA_SPINS} spin updates per sweep (one timed chunk); ` +
          `at most ${Math.max(1, Math.floor(MAX_REPLICA_SPINS / n))} replicas for this model`,
        '--replicas',
      );
    }
  }
  const r = await bench.runJs(
    {
      problem,
      kernel: f.sampler,
      seconds: f.seconds,
      beta: f.beta,
      seed: f.seed,
      replicas: f.replicas,
      order: f.order,
    },
    f.threads,
  );
  const unit = f.sampler === 'sc' ? 'spinCyclesPerNs' : 'flipsPerNs';
  const out = {
    model: file ?? problem,
    sampler: f.sampler,
    order: f.order,
    threads: f.threads,
    kernel: r.kernelName,
    replicas: f.sampler.startsWith('packed') ? f.replicas : f.sampler === 'sc' ? Math.min(f.replicas, 64) : 1,
    beta: f.beta,
    [unit]: +r.perNs.toFixed(4),
    updates: r.updates,
    seconds: +r.seconds.toFixed(3),
    rssMB: +(r.rssBytes / 2 ** 20).toFixed(1),
  };
  io.stdout(JSON.stringify(out) + '\n');
  return 0;
}

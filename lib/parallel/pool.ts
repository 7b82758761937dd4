/**
 * A generic pool of worker threads that run exported functions of a TypeScript module.
 *
 *   const pool = createPool({ module: require.resolve('./my-task'), jobs: 4 });
 *   try {
 *     const sums = await pool.map([1, 2, 3], 'sumTo');      // my-task.ts: export function sumTo(n) {...}
 *   } finally {
 *     await pool.close();
 *   }
 *
 * Workers start with no TypeScript loader, so each one runs lib/parallel/worker-bootstrap.js, which registers
 * tsx's require hook and then loads `module`. Arguments and results cross the thread boundary by structured
 * clone (plain objects, typed arrays, Maps; no functions or class prototypes). A task that throws rejects its
 * promise with the same message (an InvlogicError stays an InvlogicError with its parameter); a worker that
 * dies (out of memory, process.exit) rejects its task and is replaced.
 *
 * `jobs: 1` with `inProcess: true` runs tasks in the calling thread instead (no start-up cost, easy to debug,
 * and the caller must already have tsx loaded, as every test and CLI entry point does).
 */
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { InvlogicError, requireInt } from '../errors';

export interface PoolOptions {
  /** Absolute path of the .ts (or .js) module whose exported functions the tasks call. */
  module: string;
  /** Number of worker threads (default: all cores, `defaultJobs()`). */
  jobs?: number;
  /** Run tasks in the calling thread, one at a time, instead of in workers (only with jobs = 1). */
  inProcess?: boolean;
  /** Extra environment for workers (default: the parent's process.env, shared). */
  env?: Record<string, string>;
  /** Per-worker V8 heap limit in MiB (default: Node's). */
  maxOldGenerationSizeMb?: number;
}

export interface TaskPool {
  /** Number of tasks that may run at once. */
  readonly jobs: number;
  /** Runs `module[fn](arg)` on a free worker; resolves to its (awaited) return value. */
  run<T = unknown>(fn: string, arg?: unknown): Promise<T>;
  /**
   * Runs `module[fn](item)` for every item, at most `jobs` at a time; resolves to the results in input order.
   * `onResult` is called as each one finishes (in completion order). If any task fails, the map rejects with
   * the first failure once every task has settled.
   */
  map<A, T = unknown>(items: readonly A[], fn: string, onResult?: (value: T, index: number) => void): Promise<T[]>;
  /** Stops all workers; tasks not yet finished reject. Safe to call twice. */
  close(): Promise<void>;
}

/** Cores available to this process (os.availableParallelism), at least 1. */
export function defaultJobs(): number {
  const n = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, n);
}

const BOOTSTRAP = path.join(__dirname, 'worker-bootstrap.js');

interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  parameter?: string;
}

/** Rebuilds an error thrown in a worker, keeping InvlogicError (so the CLI prints it as one line). */
export function reviveError(e: SerializedError): Error {
  const err = e.name === 'InvlogicError' ? new InvlogicError(e.message, e.parameter) : new Error(e.message);
  if (e.name !== 'InvlogicError') err.name = e.name;
  if (e.stack) err.stack = e.stack;
  return err;
}

export function createPool(options: PoolOptions): TaskPool {
  if (typeof options.module !== 'string' || !path.isAbsolute(options.module)) {
    throw new InvlogicError(`pool module must be an absolute path, got ${String(options.module)}`, 'module');
  }
  const jobs = requireInt('jobs', options.jobs ?? defaultJobs(), 1, 1024);
  if (options.inProcess) {
    if (jobs !== 1) throw new InvlogicError(`inProcess needs jobs = 1, got ${jobs}`, 'jobs');
    return new InProcessPool(options.module);
  }
  return new WorkerPool(options, jobs);
}

interface Task {
  id: number;
  fn: string;
  arg: unknown;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  task?: Task;
}

class WorkerPool implements TaskPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly options: PoolOptions,
    readonly jobs: number,
  ) {}

  run<T = unknown>(fn: string, arg?: unknown): Promise<T> {
    if (this.closed) return Promise.reject(new Error('pool is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, fn, arg, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  map<A, T = unknown>(items: readonly A[], fn: string, onResult?: (value: T, index: number) => void): Promise<T[]> {
    return mapWith(this, items, fn, onResult);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new Error('pool closed before the task finished');
    for (const t of this.queue.splice(0)) t.reject(err);
    const slots = this.slots.splice(0);
    for (const s of slots) if (s.task) s.task.reject(err);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.task === undefined);
      if (!slot && this.slots.length < this.jobs) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.postMessage({ id: task.id, fn: task.fn, arg: task.arg });
    }
  }

  private spawn(): Slot {
    const resourceLimits =
      this.options.maxOldGenerationSizeMb !== undefined
        ? { maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb }
        : undefined;
    const worker = new Worker(BOOTSTRAP, {
      workerData: { module: this.options.module },
      // The parent's flags (--import tsx, --test, ...) are not wanted in workers: the bootstrap loads tsx.
      execArgv: [],
      env: this.options.env ?? process.env,
      resourceLimits,
    });
    const slot: Slot = { worker };
    worker.on('message', (msg: { id: number; ok: boolean; value?: unknown; error?: SerializedError }) => {
      const task = slot.task;
      if (!task || task.id !== msg.id) return;
      slot.task = undefined;
      if (msg.ok) task.resolve(msg.value);
      else task.reject(reviveError(msg.error!));
      this.pump();
    });
    const fail = (err: Error): void => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return; // already removed (close() or a second event)
      this.slots.splice(i, 1);
      const task = slot.task;
      slot.task = undefined;
      void worker.terminate();
      if (task) task.reject(err);
      if (!this.closed) this.pump();
    };
    worker.on('error', (err) => fail(err instanceof Error ? err : new Error(String(err))));
    worker.on('exit', (code) => fail(new Error(`worker exited with code ${code} while running a task`)));
    this.slots.push(slot);
    return slot;
  }
}

class InProcessPool implements TaskPool {
  readonly jobs = 1;
  private mod?: Record<string, unknown>;
  private closed = false;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly module: string) {}

  run<T = unknown>(fn: string, arg?: unknown): Promise<T> {
    if (this.closed) return Promise.reject(new Error('pool is closed'));
    const next = this.chain.then(async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is chosen at run time
      this.mod ??= require(this.module) as Record<string, unknown>;
      const f = this.mod[fn];
      if (typeof f !== 'function') throw new Error(`module ${this.module} has no exported function '${fn}'`);
      // Structured clone both ways, so in-process runs see exactly what a worker would.
      return structuredClone(await (f as (a: unknown) => unknown)(structuredClone(arg)));
    });
    this.chain = next.catch(() => undefined);
    return next as Promise<T>;
  }

  map<A, T = unknown>(items: readonly A[], fn: string, onResult?: (value: T, index: number) => void): Promise<T[]> {
    return mapWith(this, items, fn, onResult);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

async function mapWith<A, T>(
  pool: TaskPool,
  items: readonly A[],
  fn: string,
  onResult?: (value: T, index: number) => void,
): Promise<T[]> {
  const out = new Array<T>(items.length);
  let firstError: unknown;
  await Promise.all(
    items.map((item, i) =>
      pool.run<T>(fn, item).then(
        (v) => {
          out[i] = v;
          if (firstError === undefined) onResult?.(v, i);
        },
        (e) => {
          firstError ??= e;
        },
      ),
    ),
  );
  if (firstError !== undefined) throw firstError;
  return out;
}

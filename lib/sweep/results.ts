/**
 * The results file: JSON Lines, one finished point per line, appended by the runner as points finish.
 *
 *   {"check":"<16 hex>","config":{...},"experiment":"and-occupancy","finishedAt":"...","key":"<16 hex>",
 *    "result":{...},"timeS":0.012,"version":1}
 *
 * Each line is written whole by one process (the runner's main thread), so a crash can damage at most the
 * last line. On reading, a line counts only if it is complete (ends with a newline), parses, carries every
 * field, its `key` is the hash of (experiment, version, config) and its `check` is the hash of the rest of the
 * line. Anything else is ignored; before appending, a torn tail (no final newline) is cut off so new lines
 * never glue onto it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { InvlogicError, errnoText } from '../errors';
import { canonicalJson, configKey, sha256Hex } from './canonical';
import type { JsonObject, ResultRow } from './types';

export interface ReadResults<C extends object = JsonObject, R extends object = JsonObject> {
  rows: ResultRow<C, R>[];
  /** Complete lines that failed validation (corrupt, edited, wrong key or checksum). */
  invalidLines: number[];
  /** True if the file ended in a partial line (ignored). */
  tornTail: boolean;
  /** Lines whose key already appeared earlier in the file (the first is kept). */
  duplicates: number;
}

/** The line (with its trailing newline) that stores `row`. */
export function resultLine(row: ResultRow<object, object>): string {
  const body = {
    config: row.config,
    experiment: row.experiment,
    finishedAt: row.finishedAt,
    key: row.key,
    result: row.result,
    timeS: row.timeS,
    version: row.version,
  };
  const text = canonicalJson(body, 'result row');
  return `{"check":"${sha256Hex(text)}",${text.slice(1)}\n`;
}

/** Validates one parsed line; returns the row or a reason it is rejected. */
export function validateRow(value: unknown): ResultRow | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not an object';
  const v = value as Record<string, unknown>;
  const { check, ...rest } = v;
  if (typeof check !== 'string') return 'no check';
  for (const [field, type] of [
    ['key', 'string'],
    ['experiment', 'string'],
    ['version', 'number'],
    ['config', 'object'],
    ['result', 'object'],
    ['timeS', 'number'],
    ['finishedAt', 'string'],
  ] as const) {
    if (typeof v[field] !== type || v[field] === null) return `field ${field} missing or not a ${type}`;
  }
  let text: string;
  try {
    text = canonicalJson(rest);
  } catch (_err) {
    return 'not canonical JSON data';
  }
  if (sha256Hex(text) !== check) return 'checksum mismatch';
  if (configKey(v.experiment as string, v.version as number, v.config) !== v.key) return 'key does not match config';
  return rest as unknown as ResultRow;
}

/** Parses the text of a results file (see the module comment for what counts). */
export function parseResults<C extends object = JsonObject, R extends object = JsonObject>(
  text: string,
): ReadResults<C, R> {
  const lines = text.split('\n');
  const tail = lines.pop() ?? '';
  const out: ReadResults<C, R> = { rows: [], invalidLines: [], tornTail: tail.length > 0, duplicates: 0 };
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (_err) {
      out.invalidLines.push(i + 1);
      return;
    }
    const row = validateRow(parsed);
    if (typeof row === 'string') {
      out.invalidLines.push(i + 1);
      return;
    }
    if (seen.has(row.key)) {
      out.duplicates++;
      return;
    }
    seen.add(row.key);
    out.rows.push(row as unknown as ResultRow<C, R>);
  });
  return out;
}

/** Reads a results file; a missing file is an empty result. */
export function readResults<C extends object = JsonObject, R extends object = JsonObject>(
  file: string,
): ReadResults<C, R> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      return { rows: [], invalidLines: [], tornTail: false, duplicates: 0 };
    throw new InvlogicError(`cannot read results file ${file}: ${errnoText(err)}`, file);
  }
  return parseResults<C, R>(text);
}

/** Every results line starts with this; a file whose first bytes differ is not a results file. */
const LINE_PREFIX = '{"check":"';

/**
 * Why `file` cannot be a results file, judged from its type and first bytes without reading it whole; undefined
 * if it is missing, empty, or starts like one. Used to refuse appending to (or replacing) a user's other file.
 */
export function notResultsFileReason(file: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (_err) {
    return undefined; // missing (or unreadable: opening it reports that)
  }
  if (stat.isDirectory()) return 'it is a directory';
  if (!stat.isFile()) return 'it is not a regular file';
  if (stat.size === 0) return undefined;
  const head = Buffer.alloc(Math.min(stat.size, LINE_PREFIX.length));
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const text = head.toString('latin1');
  if (!LINE_PREFIX.startsWith(text) || (stat.size >= LINE_PREFIX.length && text !== LINE_PREFIX)) {
    return `it does not start like a results line (${JSON.stringify(LINE_PREFIX)}...)`;
  }
  return undefined;
}

/**
 * Why the read results of `file` are not (a possibly interrupted) results file of `experiment`, or undefined.
 * A torn last line alone is an interrupted first write; invalid lines next to valid rows are damage (ignored);
 * a non-empty file without a single valid row, or with rows of another experiment, belongs to someone else.
 */
export function foreignResultsReason(read: ReadResults, experiment: string): string | undefined {
  const other = read.rows.find((r) => r.experiment !== experiment);
  if (other) return `it holds results of experiment ${other.experiment}, not ${experiment}`;
  if (read.rows.length === 0 && read.invalidLines.length > 0) {
    return `none of its ${read.invalidLines.length} line(s) is a valid result row`;
  }
  return undefined;
}

/**
 * Opens `file` for appending result lines, first cutting off a torn tail (bytes after the last newline) so the
 * next line starts on a fresh line. Returns the file descriptor.
 */
export function openForAppend(file: string): number {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const fd = fs.openSync(file, fs.existsSync(file) ? 'r+' : 'w+');
  try {
    const size = fs.fstatSync(fd).size;
    if (size > 0) {
      // Find the last newline by scanning backwards in chunks.
      const chunk = Buffer.alloc(Math.min(size, 1 << 16));
      let end = size;
      let keep = 0;
      while (end > 0) {
        const start = Math.max(0, end - chunk.length);
        const n = fs.readSync(fd, chunk, 0, end - start, start);
        const idx = chunk.subarray(0, n).lastIndexOf(0x0a);
        if (idx >= 0) {
          keep = start + idx + 1;
          break;
        }
        end = start;
      }
      if (keep < size) fs.ftruncateSync(fd, keep);
    }
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
  fs.closeSync(fd);
  return fs.openSync(file, 'a');
}

/** Appends one row as one whole line (a single write call) and flushes it to the OS. */
export function appendRow(fd: number, row: ResultRow<object, object>): void {
  const buf = Buffer.from(resultLine(row), 'utf8');
  const start = fs.fstatSync(fd).size;
  let off = 0;
  try {
    while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
  } catch (err) {
    // A failed write (full disk) must not leave part of a line behind: cut the file back to its last whole line.
    try {
      if (off > 0 || fs.fstatSync(fd).size > start) fs.ftruncateSync(fd, start);
    } catch (_err) {
      // the reader ignores a torn tail anyway
    }
    throw err;
  }
}

export interface MergeReport {
  rows: ResultRow[];
  /** Rows seen again under a key already taken (identical result). */
  duplicates: number;
  /** Keys seen with different results in different files (the first one read wins). */
  conflicts: string[];
  /** Invalid lines and torn tails, per input file. */
  skipped: Array<{ file: string; invalidLines: number[]; tornTail: boolean }>;
}

/**
 * Merges result files (e.g. one per shard or machine) into `out`, keeping one row per key: the first valid
 * occurrence in argument order. `out` may be one of the inputs; it is replaced atomically.
 */
export function mergeResultFiles(inputs: readonly string[], out: string): MergeReport {
  if (inputs.length === 0) throw new InvlogicError('merge needs at least one input file', 'inputs');
  const notResults = notResultsFileReason(out);
  if (notResults !== undefined) {
    throw new InvlogicError(`OUT ${out} exists and is not a results file (${notResults}); left untouched`, 'OUT');
  }
  const byKey = new Map<string, ResultRow>();
  const report: MergeReport = { rows: [], duplicates: 0, conflicts: [], skipped: [] };
  for (const file of inputs) {
    if (!fs.existsSync(file)) throw new InvlogicError(`IN: results file ${file} does not exist`, 'IN');
    const notResultsIn = notResultsFileReason(file);
    if (notResultsIn !== undefined)
      throw new InvlogicError(`IN: ${file} is not a results file (${notResultsIn}); nothing was written`, 'IN');
    const read = readResults(file);
    if (read.rows.length === 0 && read.invalidLines.length > 0) {
      throw new InvlogicError(
        `IN: ${file} is not a results file (none of its ${read.invalidLines.length} line(s) is a valid result row); nothing was written`,
        'IN',
      );
    }
    if (read.invalidLines.length > 0 || read.tornTail)
      report.skipped.push({ file, invalidLines: read.invalidLines, tornTail: read.tornTail });
    report.duplicates += read.duplicates;
    for (const row of read.rows) {
      const prev = byKey.get(row.key);
      if (!prev) {
        byKey.set(row.key, row);
        report.rows.push(row);
      } else if (canonicalJson(prev.result) === canonicalJson(row.result)) {
        report.duplicates++;
      } else {
        report.conflicts.push(row.key);
      }
    }
  }
  const tmp = `${out}.merge-${process.pid}`;
  try {
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    writeLines(tmp, report.rows);
    fs.renameSync(tmp, out);
  } catch (err) {
    try {
      // never leave a temp file behind (full disk, OUT a directory, ...)
      fs.rmSync(tmp, { force: true });
    } catch (_err) {
      // ENOTDIR and the like: it was never created
    }
    throw new InvlogicError(`OUT: cannot write ${out}: ${errnoText(err)}; ${out} is unchanged`, 'OUT');
  }
  return report;
}

/** Writes rows as result lines to a new file, one line at a time (no whole-file string for large merges). */
function writeLines(file: string, rows: readonly ResultRow[]): void {
  const fd = fs.openSync(file, 'w');
  try {
    let chunk = '';
    for (const row of rows) {
      chunk += resultLine(row);
      if (chunk.length >= 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    if (chunk.length > 0) fs.writeSync(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * An exclusive lock `<file>.lock` holding our pid, so two runners never append to the same results file at
 * once. A lock whose pid is no longer alive (killed runner) is taken over.
 */
export function acquireLock(file: string, fileName = 'out'): () => void {
  const lock = `${file}.lock`;
  try {
    fs.mkdirSync(path.dirname(path.resolve(lock)), { recursive: true });
  } catch (err) {
    throw new InvlogicError(`${fileName}: cannot create the directory of ${file}: ${errnoText(err)}`, fileName);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lock, 'wx'); // exclusive: from here on the lock file is ours
      try {
        fs.writeSync(fd, `${process.pid}\n`);
      } catch (err) {
        fs.closeSync(fd);
        try {
          // no 0-byte lock left behind on a full disk
          fs.rmSync(lock, { force: true });
        } catch (_err) {
          // ENOTDIR and the like: it was never created
        }
        throw err;
      }
      fs.closeSync(fd);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        process.removeListener('exit', release);
        try {
          if (fs.readFileSync(lock, 'utf8').trim() === String(process.pid)) fs.unlinkSync(lock);
        } catch (_err) {
          // already gone
        }
      };
      // Also on process.exit (e.g. a closed stdout pipe ends the CLI): a live pid's lock would block reruns.
      process.on('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new InvlogicError(
          `${fileName}: cannot create the lock ${lock} of results file ${file}: ${errnoText(err)}`,
          fileName,
        );
      }
      const pid = Number(fs.readFileSync(lock, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && (pid === process.pid || isAlive(pid))) {
        throw new InvlogicError(
          `results file ${file} is in use by process ${pid} (lock ${lock}); use another --out or wait`,
          file,
        );
      }
      fs.rmSync(lock, { force: true }); // stale lock from a killed runner
    }
  }
  throw new InvlogicError(`could not lock ${file}`, file);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * What the commands share for input and output: the CliIO a command prints through (never process.stdout or
 * process.stderr directly, so tests and other callers capture everything), and file input, one place that turns
 * unreadable or malformed files into one-line errors.
 */
import * as fs from 'fs';
import * as path from 'path';
import { InvlogicError, errnoText } from '../lib/errors';
import { IsingModel, modelFromAnyJson, type ModelWithOffset } from '../lib/ising';

/** Where a command prints: its stdout and stderr text, and whether each is a terminal (for tables, progress bars). */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (default false). */
  readonly stdoutIsTTY?: boolean;
  /** Whether stderr is a terminal (default false). */
  readonly stderrIsTTY?: boolean;
}

/** The process's own streams (looked up at each write, so a test that replaces process.stdout.write sees it). */
export const PROCESS_IO: CliIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  get stdoutIsTTY() {
    return Boolean(process.stdout.isTTY);
  },
  get stderrIsTTY() {
    return Boolean(process.stderr.isTTY);
  },
};

/** Largest JSON input file read (a string over ~512 MB cannot even be built; parsing one holds it twice). */
export const MAX_JSON_FILE_BYTES = 256 * 2 ** 20;

/** Reads and parses a JSON file; errors name `what` (a positional like TABLE or a flag like --run) and the file. */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (stat.isFile() && stat.size > MAX_JSON_FILE_BYTES) {
      throw new InvlogicError(
        `${what}: ${file} is ${(stat.size / 2 ** 20).toFixed(0)} MiB; JSON inputs are limited to ${MAX_JSON_FILE_BYTES / 2 ** 20} MiB`,
        what,
      );
    }
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof InvlogicError) throw err;
    throw new InvlogicError(`${what}: cannot read ${file}: ${errnoText(err)}`, what);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InvlogicError(`${what}: ${file} is not valid JSON: ${(err as Error).message}`, what);
  }
}

/** Reads an Ising model file: invlogic-ising/1 JSON or a dimod BQM (detected by its "type"); see docs/dimod.md. */
export function readModelFile(file: string, what = 'MODEL'): IsingModel {
  return readModelWithOffset(file, what).model;
}

/** As readModelFile, with the energy offset (a dimod BQM's "offset" or invlogic's "meta.offset"; else 0). */
export function readModelWithOffset(file: string, what = 'MODEL'): ModelWithOffset & { format: 'dimod' | 'invlogic' } {
  return modelFromAnyJson(readJsonFile(file, what), file);
}

/**
 * Writes an output file named by `flag` (e.g. --out): into a temp file next to it, then renamed over it, so a
 * failure (full disk, read-only directory, FILE a directory) leaves neither a partial nor a 0-byte file and an
 * existing FILE unchanged. Devices, pipes (/dev/stdout) and symlinks are written in place. Errors are one line naming `flag`.
 */
export function writeOutputFile(file: string, text: string, flag: string, options: { mkdir?: boolean } = {}): void {
  const fail = (err: unknown): never => {
    throw new InvlogicError(`${flag}: cannot write ${file}: ${errnoText(err)}`, flag);
  };
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file);
  } catch (_err) {
    stat = undefined;
  }
  if (stat?.isDirectory()) fail(Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  // Devices, pipes and symlinks (kept as links) are written in place.
  if (stat !== undefined && (!stat.isFile() || fs.lstatSync(file).isSymbolicLink())) {
    try {
      fs.writeFileSync(file, text);
    } catch (err) {
      fail(err);
    }
    return;
  }
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`);
  try {
    if (options.mkdir) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (err) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch (_err) {
      // ENOTDIR and the like: it was never created
    }
    fail(err);
  }
}

/** A directory an output goes into (e.g. rtl --out DIR): created, or a one-line error naming `flag`. */
export function makeOutputDir(dir: string, flag: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    throw new InvlogicError(`${flag}: cannot create or write directory ${dir}: ${errnoText(err)}`, flag);
  }
}

/**
 * Runs `fn` (which hands flag values to lib/ as options) so that an error naming an option by its lib name
 * (`i0: ...`, `schedule value ...`, `clamp: unknown spin`) names the flag instead (`--i0: ...`). `flags` are the
 * command's flag names; an option maps to the flag of the same kebab-case name.
 */
export function withFlagNames<T>(flags: Iterable<string>, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof InvlogicError) || err.parameter === undefined) throw err;
    const option = /^[A-Za-z][A-Za-z0-9]*/.exec(err.parameter)?.[0];
    if (option === undefined || !err.message.startsWith(option)) throw err;
    const flag = option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    if (![...flags].includes(flag)) throw err;
    throw new InvlogicError(`--${flag}${err.message.slice(option.length)}`, `--${flag}`);
  }
}

/**
 * One error type for every bad input that reaches the library boundary (lib/<layer>/index.ts, the CLI,
 * experiment configs). The message names the parameter and what was expected, so the CLI can print it as a
 * single line without a stack trace.
 */
export class InvlogicError extends Error {
  constructor(
    message: string,
    /** The offending parameter, option or file, e.g. "J[3]" or "--itanh-bits". */
    readonly parameter?: string,
  ) {
    super(message);
    this.name = 'InvlogicError';
  }
}

/**
 * A value as it appears in a message: numbers as written; anything else as (shortened) JSON with its JSON type,
 * so a wrong type never looks like a right value (`"3" (a string)`, not `3`).
 */
export function describeValue(x: unknown): string {
  if (typeof x === 'number') return String(x);
  if (x === undefined) return 'nothing';
  if (x === null) return 'null';
  let text: string;
  try {
    text = JSON.stringify(x) ?? String(x);
  } catch (_err) {
    text = String(x);
  }
  if (text.length > 40) text = `${text.slice(0, 37)}...`;
  const kind = Array.isArray(x) ? 'an array' : typeof x === 'object' ? 'an object' : `a ${typeof x}`;
  return `${text} (${kind})`;
}

/** Throws an InvlogicError naming `parameter` unless `x` is a finite number. */
export function requireFinite(parameter: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new InvlogicError(`${parameter} must be a finite number, got ${describeValue(x)}`, parameter);
  }
  return x;
}

/** Throws unless `x` is an integer in [min, max] (inclusive). */
export function requireInt(parameter: string, x: unknown, min: number, max: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) {
    throw new InvlogicError(`${parameter} must be an integer in [${min}, ${max}], got ${describeValue(x)}`, parameter);
  }
  return x;
}

/** Throws unless `x` is a finite number in [min, max] (inclusive). */
export function requireRange(parameter: string, x: unknown, min: number, max: number): number {
  requireFinite(parameter, x);
  if ((x as number) < min || (x as number) > max) {
    throw new InvlogicError(`${parameter} must be in [${min}, ${max}], got ${describeValue(x)}`, parameter);
  }
  return x as number;
}

/** Throws unless `x` is one of `allowed`. */
export function requireOneOf<T extends string>(parameter: string, x: unknown, allowed: readonly T[]): T {
  if (typeof x !== 'string' || !(allowed as readonly string[]).includes(x)) {
    throw new InvlogicError(`${parameter} must be one of ${allowed.join('|')}, got ${typeof x === 'string' ? `'${x}'` : describeValue(x)}`, parameter);
  }
  return x as T;
}

/** Rejects keys of an options object that the callee does not know (typos must not be silently ignored). */
export function rejectUnknownKeys(parameter: string, options: object | undefined, known: readonly string[]): void {
  if (options === undefined) return;
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new InvlogicError(`unknown option ${parameter}.${key}; known: ${known.join(', ')}`, `${parameter}.${key}`);
    }
  }
}

/** Short text of an errno error: 'no space left on device (ENOSPC)'; for one-line messages naming the file. */
export function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    EISDIR: 'it is a directory',
    ENOTDIR: 'a parent path is not a directory',
    ENOENT: 'no such file or directory',
    EEXIST: 'it already exists',
    EMFILE: 'too many open files',
    EIO: 'input/output error',
    EFBIG: 'file too large',
  };
  if (e && typeof e.code === 'string') return `${reasons[e.code] ?? e.message} (${e.code})`;
  return e instanceof Error ? e.message : String(err);
}

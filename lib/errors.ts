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

/** Throws an InvlogicError naming `parameter` unless `x` is a finite number. */
export function requireFinite(parameter: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new InvlogicError(`${parameter} must be a finite number, got ${String(x)}`, parameter);
  }
  return x;
}

/** Throws unless `x` is an integer in [min, max] (inclusive). */
export function requireInt(parameter: string, x: unknown, min: number, max: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) {
    throw new InvlogicError(`${parameter} must be an integer in [${min}, ${max}], got ${String(x)}`, parameter);
  }
  return x;
}

/** Throws unless `x` is a finite number in [min, max] (inclusive). */
export function requireRange(parameter: string, x: unknown, min: number, max: number): number {
  requireFinite(parameter, x);
  if ((x as number) < min || (x as number) > max) {
    throw new InvlogicError(`${parameter} must be in [${min}, ${max}], got ${String(x)}`, parameter);
  }
  return x as number;
}

/** Throws unless `x` is one of `allowed`. */
export function requireOneOf<T extends string>(parameter: string, x: unknown, allowed: readonly T[]): T {
  if (typeof x !== 'string' || !(allowed as readonly string[]).includes(x)) {
    throw new InvlogicError(`${parameter} must be one of ${allowed.join('|')}, got ${String(x)}`, parameter);
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

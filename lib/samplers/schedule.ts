/**
 * Annealing schedules: the value of the inverse pseudo-temperature (beta for the ideal p-bit sampler, I0 for
 * the stochastic-computing hardware model) at each step (sweep or clock cycle).
 *
 * - constant:  v(t) = value
 * - linear:    from -> to, linear in the level index
 * - geometric: from -> to, v_l = from * (to/from)^(l/(L-1)) (the SSA rule I0 <- I0 / beta every tau cycles,
 *              paper brief §3.2)
 * - sawtooth:  a linear or geometric ramp repeated `iterations` times (the repeated I0 ramp of the group's
 *              invertible-logic work, N_iter = T_max / T_iter; paper brief §3.2)
 * - custom:    explicit values, one per step
 * Every ramp is piecewise constant over blocks of `tau` steps (tau = 1: changes every step). With `integer`,
 * values are rounded to the nearest integer (I0 is a register in hardware).
 */
import { InvlogicError, rejectUnknownKeys, requireFinite, requireInt } from '../errors';

export type RampSpec = { kind: 'linear'; from: number; to: number } | { kind: 'geometric'; from: number; to: number };
export type ScheduleSpec =
  | { kind: 'constant'; value: number }
  | RampSpec
  | { kind: 'sawtooth'; ramp: RampSpec; iterations: number }
  | { kind: 'custom'; values: readonly number[] };

export interface ScheduleOptions {
  /** Steps per level of a ramp (default 1). */
  tau?: number;
  /** Round values to integers (default false). */
  integer?: boolean;
  /** Smallest allowed value (default 0). */
  min?: number;
}

const KINDS = ['constant', 'linear', 'geometric', 'sawtooth', 'custom'];

export function validateSchedule(spec: unknown, parameter = 'schedule'): ScheduleSpec {
  if (spec === null || typeof spec !== 'object')
    throw new InvlogicError(`${parameter} must be an object with a "kind"`, parameter);
  const s = spec as Record<string, unknown>;
  switch (s.kind) {
    case 'constant':
      rejectUnknownKeys(parameter, s, ['kind', 'value']);
      requireFinite(`${parameter}.value`, s.value);
      return s as ScheduleSpec;
    case 'linear':
    case 'geometric':
      rejectUnknownKeys(parameter, s, ['kind', 'from', 'to']);
      requireFinite(`${parameter}.from`, s.from);
      requireFinite(`${parameter}.to`, s.to);
      if (s.kind === 'geometric' && ((s.from as number) <= 0 || (s.to as number) <= 0)) {
        throw new InvlogicError(
          `${parameter}: a geometric ramp needs from > 0 and to > 0, got ${s.from}..${s.to}`,
          parameter,
        );
      }
      return s as ScheduleSpec;
    case 'sawtooth':
      rejectUnknownKeys(parameter, s, ['kind', 'ramp', 'iterations']);
      requireInt(`${parameter}.iterations`, s.iterations, 1, 1e9);
      {
        const ramp = validateSchedule(s.ramp, `${parameter}.ramp`);
        if (ramp.kind !== 'linear' && ramp.kind !== 'geometric') {
          throw new InvlogicError(
            `${parameter}.ramp must be linear or geometric, got ${ramp.kind}`,
            `${parameter}.ramp`,
          );
        }
      }
      return s as ScheduleSpec;
    case 'custom':
      rejectUnknownKeys(parameter, s, ['kind', 'values']);
      if (!Array.isArray(s.values) || s.values.length === 0) {
        throw new InvlogicError(`${parameter}.values must be a non-empty array of numbers`, `${parameter}.values`);
      }
      s.values.forEach((v, i) => requireFinite(`${parameter}.values[${i}]`, v));
      return s as ScheduleSpec;
    default:
      throw new InvlogicError(
        `${parameter}.kind must be one of ${KINDS.join('|')}, got ${String(s.kind)}`,
        `${parameter}.kind`,
      );
  }
}

/** The schedule's value at each of `steps` steps. */
export function scheduleValues(
  spec: ScheduleSpec,
  steps: number,
  options: ScheduleOptions = {},
  parameter = 'schedule',
): Float64Array {
  validateSchedule(spec, parameter);
  rejectUnknownKeys(`${parameter} options`, options, ['tau', 'integer', 'min']);
  requireInt('steps', steps, 1, 2 ** 31 - 1);
  const tau = requireInt('tau', options.tau ?? 1, 1, 2 ** 31 - 1);
  const out = new Float64Array(steps);
  const fillRamp = (ramp: RampSpec, start: number, len: number): void => {
    const levels = Math.max(1, Math.ceil(len / tau));
    for (let t = 0; t < len; t++) {
      const l = Math.floor(t / tau);
      const x = levels === 1 ? 1 : l / (levels - 1);
      out[start + t] =
        ramp.kind === 'linear' ? ramp.from + (ramp.to - ramp.from) * x : ramp.from * Math.pow(ramp.to / ramp.from, x);
    }
  };
  switch (spec.kind) {
    case 'constant':
      out.fill(spec.value);
      break;
    case 'linear':
    case 'geometric':
      fillRamp(spec, 0, steps);
      break;
    case 'sawtooth': {
      const n = spec.iterations;
      if (n > steps)
        throw new InvlogicError(
          `${parameter}: ${n} iterations do not fit in ${steps} steps`,
          `${parameter}.iterations`,
        );
      for (let k = 0; k < n; k++) {
        const a = Math.round((k * steps) / n);
        const b = Math.round(((k + 1) * steps) / n);
        fillRamp(spec.ramp, a, b - a);
      }
      break;
    }
    case 'custom':
      if (spec.values.length !== steps) {
        throw new InvlogicError(
          `${parameter}.values has ${spec.values.length} entries, expected one per step (${steps})`,
          `${parameter}.values`,
        );
      }
      out.set(spec.values);
      break;
  }
  if (options.integer) for (let t = 0; t < steps; t++) out[t] = Math.round(out[t]);
  const min = options.min ?? 0;
  for (let t = 0; t < steps; t++) {
    if (!(out[t] >= min))
      throw new InvlogicError(`${parameter} value ${out[t]} at step ${t} is below the minimum ${min}`, parameter);
  }
  return out;
}

/**
 * Parses the CLI form: "B" (constant), "linear:A:B", "geometric:A:B", "sawtooth:geometric:A:B:N".
 */
export function parseScheduleText(text: string, parameter = '--schedule'): ScheduleSpec {
  const parts = text.split(':');
  const num = (s: string | undefined, what: string): number => {
    const v = Number(s);
    if (s === undefined || s.trim() === '' || !Number.isFinite(v))
      throw new InvlogicError(`${parameter}: ${what} must be a number in "${text}"`, parameter);
    return v;
  };
  const notASchedule = (): InvlogicError =>
    new InvlogicError(
      `${parameter}: "${text}" is not a schedule; use B, linear:A:B, geometric:A:B or sawtooth:linear|geometric:A:B:N`,
      parameter,
    );
  let spec: ScheduleSpec;
  if (parts.length === 1) {
    if (parts[0].trim() === '' || !Number.isFinite(Number(parts[0]))) throw notASchedule();
    spec = { kind: 'constant', value: num(parts[0], 'the value') };
  }
  else if ((parts[0] === 'linear' || parts[0] === 'geometric') && parts.length === 3) {
    spec = { kind: parts[0], from: num(parts[1], 'from'), to: num(parts[2], 'to') };
  } else if (parts[0] === 'sawtooth' && parts.length === 5 && (parts[1] === 'linear' || parts[1] === 'geometric')) {
    spec = {
      kind: 'sawtooth',
      ramp: { kind: parts[1], from: num(parts[2], 'from'), to: num(parts[3], 'to') },
      iterations: num(parts[4], 'iterations'),
    };
  } else {
    throw notASchedule();
  }
  return validateSchedule(spec, parameter);
}

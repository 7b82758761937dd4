/**
 * The SC model's per-cycle trace (docs/sc-model.md §8): trace options, the header (everything a testbench
 * needs to replay a read: coefficients, clamps, widths, noise, schedule run lengths), the per-cycle state
 * lines, where the lines go (a sink, a file or an array), and the hex spin vectors they carry.
 */
import * as fs from 'fs';
import { InvlogicError, rejectUnknownKeys, requireInt } from '../../errors';
import type { ScOptions, ScTraceOptions } from './options';
import type { ScPlan } from './plan';
import type { ScBitSource } from './prng';

/** Lowercase hex of the n-bit vector v[i] = (m_i > 0), most significant digit first (Verilog %h). */
export function spinsToHex(m: ArrayLike<number>): string {
  const n = m.length;
  const digits = Math.ceil(n / 4);
  let s = '';
  for (let d = digits - 1; d >= 0; d--) {
    let x = 0;
    for (let b = 3; b >= 0; b--) {
      const i = 4 * d + b;
      x = (x << 1) | (i < n && m[i] > 0 ? 1 : 0);
    }
    s += x.toString(16);
  }
  return s;
}

/** Inverse of spinsToHex. */
export function hexToSpins(hex: string, n: number): Int8Array {
  const out = new Int8Array(n).fill(-1);
  const digits = hex.length;
  for (let d = 0; d < digits; d++) {
    const x = parseInt(hex[digits - 1 - d], 16);
    for (let b = 0; b < 4; b++) {
      const i = 4 * d + b;
      if (i < n && (x >>> b) & 1) out[i] = 1;
    }
  }
  return out;
}

/** Run-length form [[value, count], ...] of a per-cycle table (the schedule ROM of docs §5). */
export function runLengths(values: ArrayLike<number>): [number, number][] {
  const out: [number, number][] = [];
  for (let t = 0; t < values.length; t++) {
    const last = out[out.length - 1];
    if (last && last[0] === values[t]) last[1]++;
    else out.push([values[t], 1]);
  }
  return out;
}

/** Validates the `trace` option (null = no trace). */
export function planTrace(given: ScOptions['trace'], numReads: number): ScPlan['trace'] {
  if (given === undefined || given === false) return null;
  const tr: ScTraceOptions = given === true ? {} : given;
  if (tr === null || typeof tr !== 'object')
    throw new InvlogicError('trace must be true, false or {reads, itanh, sink}', 'trace');
  rejectUnknownKeys('trace', tr, ['reads', 'itanh', 'sink', 'file']);
  if (tr.sink !== undefined && typeof tr.sink !== 'function')
    throw new InvlogicError('trace.sink must be a function', 'trace.sink');
  if (tr.file !== undefined && (typeof tr.file !== 'string' || tr.file === ''))
    throw new InvlogicError('trace.file must be a file name', 'trace.file');
  if (tr.file !== undefined && tr.sink !== undefined)
    throw new InvlogicError('give trace.sink or trace.file, not both', 'trace.file');
  return {
    reads: requireInt('trace.reads', tr.reads ?? 1, 1, numReads),
    itanh: tr.itanh === true,
    sink: tr.sink,
    file: tr.file,
  };
}

/** Where a run's trace lines go: `emit` one line; `lines` holds them when there is no sink or file. */
export interface TraceOutput {
  emit: (line: string) => void;
  lines: string[] | null;
  close(): void;
}

/** Opens the plan's trace output (null when the plan has no trace). */
export function openTrace(plan: ScPlan): TraceOutput | null {
  const tr = plan.trace;
  if (!tr) return null;
  if (tr.sink) return { emit: tr.sink, lines: null, close: () => {} };
  if (tr.file !== undefined) {
    const file = tr.file;
    let fd: number;
    try {
      fd = fs.openSync(file, 'w');
    } catch (err) {
      throw new InvlogicError(`trace.file: cannot write ${file}: ${(err as Error).message}`, 'trace.file');
    }
    return { emit: (line) => fs.writeSync(fd, line + '\n'), lines: null, close: () => fs.closeSync(fd) };
  }
  const acc: string[] = [];
  return { emit: (line) => acc.push(line), lines: acc, close: () => {} };
}

/** The header line (docs §8): everything a replay or a testbench needs besides each read's PRNG state. */
export function traceHeader(plan: ScPlan, src: ScBitSource): Record<string, unknown> {
  const clamp: [number, number][] = [];
  for (let i = 0; i < plan.n; i++) if (plan.clampOf[i] !== 0) clamp.push([i, plan.clampOf[i]]);
  return {
    format: 'invlogic-sc-trace/1',
    n: plan.n,
    names: plan.names,
    h: Array.from(plan.h),
    edges: plan.edges,
    clamp,
    widths: plan.widths,
    noiseKind: plan.noiseKind,
    resolutionBits: plan.resolutionBits,
    sparseThreshold: plan.sparseThreshold,
    prng: plan.prng,
    lanes: plan.lanes,
    generators: src.numGenerators,
    init: plan.init,
    update: plan.update,
    ...(plan.colorOf ? { colors: Array.from(plan.colorOf) } : {}),
    cycles: plan.cycles,
    i0Segments: runLengths(plan.i0),
    noiseSegments: runLengths(plan.nrnd),
    reads: plan.trace?.reads ?? 0,
  };
}

/** One state line: read, cycle, schedule values, spins (hex), scaled energy, optionally every Itanh counter. */
export function emitState(
  emit: (line: string) => void,
  read: number,
  t: number,
  i0: number,
  nr: number,
  m: Int8Array,
  energy: number,
  itanh: Int32Array | null,
): void {
  const line: Record<string, unknown> = { r: read, t, i0, nrnd: nr, m: spinsToHex(m), E: energy };
  if (itanh) line.itanh = Array.from(itanh);
  emit(JSON.stringify(line));
}

/**
 * Replays an SC trace (docs/sc-model.md §8) from its header alone: coefficients, clamps, widths, noise
 * kind, schedule run-length tables and each read's PRNG initial states. Nothing is taken from the options or
 * from lib/rng's seeding, so a successful replay shows that the trace carries everything an RTL testbench
 * needs. The cycles are run by the spec's literal transcription (oracle.ts), the kernels' test reference; this
 * file only reads the header and rebuilds each read's generators from their recorded initial states.
 */
import { InvlogicError } from '../../errors';
import { scOracleRun, type ScOracleBits } from './oracle';

interface Header {
  format: string;
  n: number;
  h: number[];
  edges: [number, number, number][];
  clamp: [number, number][];
  widths: { fieldBits: number; fieldOverflow: 'saturate' | 'wrap' };
  noiseKind: 'dense' | 'sparse' | 'uniform';
  resolutionBits: number;
  sparseThreshold: number;
  prng: 'xorshift64p' | 'per-spin' | 'lfsr';
  lanes: number;
  init: 'random' | 'zero';
  /** Absent in traces written before the option existed: synchronous. */
  update?: 'synchronous' | 'chromatic';
  /** Colour of each spin (chromatic; -1 = clamped). */
  colors?: number[];
  cycles: number;
  i0Segments: [number, number][];
  noiseSegments: [number, number][];
}

export interface ReplayMismatch {
  read: number;
  t: number;
  expected: string;
  replayed: string;
}

export interface ReplayResult {
  /** Reads replayed. */
  reads: number;
  /** States compared (all reads). */
  states: number;
  /** First mismatch, if any. */
  mismatch: ReplayMismatch | null;
}

const expand = (segments: [number, number][], cycles: number, what: string): number[] => {
  const out: number[] = [];
  for (const [v, c] of segments) for (let k = 0; k < c; k++) out.push(v);
  if (out.length !== cycles)
    throw new InvlogicError(`trace header: ${what} covers ${out.length} cycles, expected ${cycles}`, 'trace');
  return out;
};

/** xorshift64+ on a [s0hi, s0lo, s1hi, s1lo] state; returns [hi, lo] of the output (BigInt for clarity). */
function xorshiftStep(st: bigint[]): bigint {
  const M = (1n << 64n) - 1n;
  const out = (st[0] + st[1]) & M;
  let x = st[0];
  const y = st[1];
  st[0] = y;
  x ^= (x << 23n) & M;
  st[1] = x ^ y ^ (x >> 17n) ^ (y >> 26n);
  return out;
}

/** Replays every traced read of `lines` (JSON Lines of one trace) and compares the spin vectors. */
export function replayScTrace(lines: readonly string[]): ReplayResult {
  if (lines.length === 0) throw new InvlogicError('empty trace', 'trace');
  const hd = JSON.parse(lines[0]) as Header;
  if (hd.format !== 'invlogic-sc-trace/1') throw new InvlogicError(`not an SC trace: format ${hd.format}`, 'trace');
  const n = hd.n;
  const clampOf = new Array<number>(n).fill(0);
  for (const [i, s] of hd.clamp) clampOf[i] = s;
  // Phases of a cycle (docs §2.1): one with every free spin, or the colour classes in colour order.
  let colorOf: number[] | null = null;
  if (hd.update === 'chromatic') {
    if (!hd.colors || hd.colors.length !== n)
      throw new InvlogicError('trace header: update chromatic needs colors, one per spin', 'trace');
    colorOf = hd.colors;
  } else if (hd.update !== undefined && hd.update !== 'synchronous') {
    throw new InvlogicError(`trace header: unknown update ${String(hd.update)}`, 'trace');
  }
  const spec = {
    n,
    h: hd.h,
    edges: hd.edges,
    clampOf,
    fieldBits: hd.widths.fieldBits,
    fieldOverflow: hd.widths.fieldOverflow,
    noiseKind: hd.noiseKind,
    resolutionBits: hd.resolutionBits,
    sparseThreshold: hd.sparseThreshold,
    lanes: hd.lanes,
    init: hd.init,
    colorOf,
    i0: expand(hd.i0Segments, hd.cycles, 'i0Segments'),
    nrnd: expand(hd.noiseSegments, hd.cycles, 'noiseSegments'),
  };
  const byRead = new Map<number, { prngInit: number[][]; states: { t: number; m: string }[] }>();
  for (const line of lines.slice(1)) {
    const o = JSON.parse(line);
    if (o.prngInit) byRead.set(o.read, { prngInit: o.prngInit, states: [] });
    else byRead.get(o.r)!.states.push({ t: o.t, m: o.m });
  }
  let compared = 0;
  for (const [read, { prngInit, states }] of byRead) {
    const last = states.length ? states[states.length - 1].t : 0;
    const replayed = scOracleRun(spec, recordedBits(hd, prngInit), last);
    for (const s of states) {
      compared++;
      if (replayed[s.t] !== s.m)
        return {
          reads: byRead.size,
          states: compared,
          mismatch: { read, t: s.t, expected: s.m, replayed: replayed[s.t] },
        };
    }
  }
  return { reads: byRead.size, states: compared, mismatch: null };
}

/** The generators of one read from their initial states in the trace (docs §3, §8); BigInt for clarity. */
function recordedBits(hd: Header, prngInit: number[][]): ScOracleBits {
  const n = hd.n;
  const L = hd.lanes;
  const xs = prngInit.map((s) =>
    hd.prng === 'lfsr' ? [BigInt(s[0])] : [(BigInt(s[0]) << 32n) | BigInt(s[1]), (BigInt(s[2]) << 32n) | BigInt(s[3])],
  );
  const G = hd.prng === 'lfsr' ? Math.ceil(n / 32) : Math.ceil(n / 64);
  let R: number[][] = []; // R[i][k] = bit k of spin i's random word this cycle
  return {
    step: () => {
      const outs = xs.map((st) => {
        if (hd.prng !== 'lfsr') return xorshiftStep(st);
        let s = st[0];
        const o = s & 1n;
        s >>= 1n;
        if (o) s ^= 0x80200003n;
        st[0] = s;
        return s;
      });
      R = Array.from({ length: n }, (_, i) =>
        Array.from({ length: L }, (_, k) => {
          if (hd.prng === 'per-spin') return Number((outs[i] >> BigInt(63 - k)) & 1n);
          const width = hd.prng === 'lfsr' ? 32 : 64;
          return Number((outs[k * G + Math.floor(i / width)] >> BigInt(i % width)) & 1n);
        }),
      );
    },
    bit: (i, k) => R[i][k],
  };
}

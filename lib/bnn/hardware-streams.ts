/**
 * Hardware-friendly random streams of the invertible neuron trainer (option `streams: 'hardware'`, issue 23).
 *
 * The default ('library') streams derive the batch order from xoshiro128** seeded through a string hash, each
 * anneal's SC generator states from a string hash of `seed/batch`, and each anneal's I0 / n_rnd schedule from
 * the batch's field scale sigma (a square root and a floating-point geometric ramp). None of that is hardware
 * arithmetic, so the trainer RTL (lib/hw/rtl-trainer.ts) replays them from ROM tables. With 'hardware' streams
 * every per-batch value comes from arithmetic a small controller does, and the RTL computes it itself:
 *
 *   - one 64-bit xorshift generator (x ^= x << 13; x ^= x >> 7; x ^= x << 17), started once per trainer call
 *     from the seed (the only host-computed value: hashSeed(seed, HW_STREAM_ID, 2) as one 64-bit word);
 *   - batch order: identity, then at the start of every epoch a Fisher-Yates shuffle (i = rows-1 .. 1) with
 *     j drawn by rejection: r = (low 32 bits of the next output) & mask(i), mask(i) = the smallest 2^b - 1 >= i,
 *     redrawn while r > i;
 *   - generator states: after loading a batch, SC generator g (g = 0 .. G-1) takes s0 = next(), s1 = next()
 *     (xorshift64 never outputs 0, so every xorshift64+ state is valid);
 *   - schedule: one per trainer call, from the field scale sigma of its FIRST batch circuit (a run constant,
 *     like the couplings' widths): I0max = max(1, round(i0To sigma)); the anneal of T cycles is cut into
 *     HW_LEVELS = 8 segments of floor(T / 8) cycles (the last takes the remainder); in segment s,
 *     I0 = max(1, I0max >> (7 - s)) (a geometric ramp by shifts, from I0max / 128: i0From is not used) and
 *     n_rnd = round(n0 + (n1 - n0) s / 7) with n0 = round(noiseFrom sigma), n1 = round(noiseTo sigma) (an
 *     8-entry level table). `iterations` must be 1.
 * The old streams stay the default, so every stored result reproduces bit for bit.
 */
import { InvlogicError } from '../errors';
import type { IsingModel } from '../ising';
import { hashSeed, type Seed } from '../rng';
import { fieldScale, signedBitsFor, type RelativeAnneal } from '../samplers/autoscale';

export type TrainerStreams = 'library' | 'hardware';
export const TRAINER_STREAMS: readonly TrainerStreams[] = ['library', 'hardware'];

/** Stream index of hashSeed for the hardware generator's start state. */
export const HW_STREAM_ID = 0x4857;
/** Schedule segments of one anneal. */
export const HW_LEVELS = 8;

const M64 = (1n << 64n) - 1n;

/** The control generator of the hardware streams: 64-bit xorshift (13, 7, 17). */
export class HwStream {
  private s: bigint;

  constructor(start: bigint) {
    if (start <= 0n || start > M64)
      throw new InvlogicError('the hardware stream needs a non-zero 64-bit start', 'seed');
    this.s = start;
  }

  /** The start state of a trainer call with seed `seed`. */
  static startOf(seed: Seed): bigint {
    const w = hashSeed(seed, HW_STREAM_ID, 2);
    const v = (BigInt(w[0]) << 32n) | BigInt(w[1]);
    return v === 0n ? 1n : v;
  }

  static fromSeed(seed: Seed): HwStream {
    return new HwStream(HwStream.startOf(seed));
  }

  get state(): bigint {
    return this.s;
  }

  /** The next 64-bit output (= the new state). */
  next(): bigint {
    let x = this.s;
    x ^= (x << 13n) & M64;
    x ^= x >> 7n;
    x ^= (x << 17n) & M64;
    this.s = x;
    return x;
  }

  /** Uniform integer in [0, i] (i >= 1) by masking and rejection. */
  upTo(i: number): number {
    let mask = i;
    for (let sh = 1; sh < 32; sh <<= 1) mask |= mask >>> sh;
    for (;;) {
      const r = Number(this.next() & 0xffffffffn) & mask;
      if (r <= i) return r;
    }
  }

  /** Fisher-Yates from the top, in place. */
  shuffle(a: Int32Array): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.upTo(i);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** Initial states of G xorshift64+ generators, as the SC model's prngInit words [s0h, s0l, s1h, s1l]. */
  scStates(G: number): number[][] {
    const out: number[][] = [];
    for (let g = 0; g < G; g++) {
      const s0 = this.next();
      const s1 = this.next();
      out.push([Number(s0 >> 32n), Number(s0 & 0xffffffffn), Number(s1 >> 32n), Number(s1 & 0xffffffffn)]);
    }
    return out;
  }
}

/** The integer levels of the hardware schedule of a trainer call (module doc). */
export interface HwSchedule {
  cycles: number;
  segmentLength: number;
  i0Max: number;
  /** n_rnd of each of the HW_LEVELS segments. */
  noise: number[];
}

/** The hardware schedule of a trainer call whose first batch circuit is `model`. */
export function hwScheduleOf(model: IsingModel, anneal: RelativeAnneal): HwSchedule {
  if (anneal.iterations !== 1)
    throw new InvlogicError(
      `streams 'hardware' runs one ramp per anneal: iterations must be 1, got ${anneal.iterations}`,
      'iterations',
    );
  if (anneal.cycles < HW_LEVELS)
    throw new InvlogicError(
      `streams 'hardware' needs at least ${HW_LEVELS} cycles per anneal, got ${anneal.cycles}`,
      'cycles',
    );
  const sigma = fieldScale(model);
  const i0Max = Math.max(1, Math.round(anneal.i0To * sigma));
  const n0 = Math.round(anneal.noiseFrom * sigma);
  const n1 = Math.round(anneal.noiseTo * sigma);
  const noise = Array.from({ length: HW_LEVELS }, (_, s) => Math.round(n0 + ((n1 - n0) * s) / (HW_LEVELS - 1)));
  return { cycles: anneal.cycles, segmentLength: Math.floor(anneal.cycles / HW_LEVELS), i0Max, noise };
}

/** Segment of cycle t (0-based). */
export function hwSegment(s: HwSchedule, t: number): number {
  return Math.min(HW_LEVELS - 1, Math.floor(t / s.segmentLength));
}

/** SC sampler options (per-cycle I0 and n_rnd tables, counter and noise widths) of a hardware schedule. */
export function hwScheduleOptions(s: HwSchedule): Record<string, unknown> {
  const i0: number[] = [];
  const nr: number[] = [];
  for (let t = 0; t < s.cycles; t++) {
    const seg = hwSegment(s, t);
    i0.push(Math.max(1, s.i0Max >> (HW_LEVELS - 1 - seg)));
    nr.push(s.noise[seg]);
  }
  return {
    cycles: s.cycles,
    i0: { kind: 'custom', values: i0 },
    noise: { kind: 'custom', values: nr },
    itanhBits: signedBitsFor(s.i0Max),
    noiseBits: Math.min(16, signedBitsFor(Math.max(1, ...s.noise))),
  };
}

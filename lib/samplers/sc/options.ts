/**
 * Options of the SC spin-gate model: their types, keys and defaults. plan.ts validates them against a model
 * and turns them into the hardware plan the kernels trust. The semantics are specified in docs/sc-model.md.
 */
import type { Seed } from '../../rng';
import type { ScheduleSpec } from '../schedule';
import type { ScPrng } from './prng';
import type { BaseSampleOptions } from '../types';

export type ScNoiseKind = 'dense' | 'sparse' | 'uniform';
export const SC_NOISE_KINDS: readonly ScNoiseKind[] = ['dense', 'sparse', 'uniform'];

/**
 * Update order of one cycle (docs/sc-model.md §2.1): 'synchronous' (default; every free spin from m(t), the
 * SSA/SSQA array) or 'chromatic' (colour classes of a greedy colouring of the free-free coupling graph in
 * turn, each from the state its predecessors left; Aadit et al., Nat. Electron. 2022).
 */
export type ScUpdate = 'synchronous' | 'chromatic';
export const SC_UPDATES: readonly ScUpdate[] = ['synchronous', 'chromatic'];
/** Smithson's stepped noise-amplitude reduction: the run is split in equal parts, one amplitude each. */
export interface SteppedNoise {
  kind: 'steps';
  values: readonly number[];
}
export type ScNoiseAmplitude = number | ScheduleSpec | SteppedNoise;
export type ScReadout = 'final' | { kind: 'majority' | 'mode'; window: number };
/** What counts as a valid state (docs/sc-model.md §7). */
export type ScValid =
  | 'ground'
  | 'none'
  | { groundEnergy: number }
  | { target: Readonly<Record<string, number>> }
  | ((m: Int8Array) => boolean);

export interface ScTraceOptions {
  /** Trace the first `reads` reads (default 1). */
  reads?: number;
  /** Include every spin's Itanh counter per cycle (default false). */
  itanh?: boolean;
  /** Receives each JSON line; without it (and without `file`) the lines are returned in `ScRun.trace`. */
  sink?: (line: string) => void;
  /** Write the lines to this file (JSON Lines), replacing it. */
  file?: string;
}

export interface ScOptions extends BaseSampleOptions {
  /** Clock cycles per read, T (default 1000). */
  cycles?: number;
  /** I0 schedule: a constant or a ScheduleSpec (values rounded to integers, each in [1, 2^(itanhBits-1)]). */
  i0?: number | ScheduleSpec;
  /** Cycles per schedule level (default 1). Applies to the I0 and the noise-amplitude schedules. */
  tau?: number;
  /**
   * Explicit initial states of the generators for one read (numReads 1, prng xorshift64p), one
   * [s0h, s0l, s1h, s1l] per generator, instead of the states hashed from `seed` (docs §3.3). The trainer's
   * hardware streams (lib/bnn/hardware-streams.ts) draw them from a generator the trainer RTL also has.
   */
  prngInit?: readonly (readonly number[])[];
  /** Noise amplitude n_rnd: a constant, a ScheduleSpec, or Smithson's {kind: 'steps', values}. */
  noise?: ScNoiseAmplitude;
  /** dense (binary +-n_rnd, default), sparse (fraction `sparsity` of r set to 0), uniform. */
  noiseKind?: ScNoiseKind;
  /** Fraction of r_i(t) set to 0 for noiseKind sparse, in [0, 1] (default 0.5). */
  sparsity?: number;
  /** Random bits for the sparse mask / uniform magnitude, in [1, 16] (default 8). */
  resolutionBits?: number;
  /** Signed width of J (default 5), in [2, 16]. */
  weightBits?: number;
  /** Signed width of h (default = weightBits), in [2, 16]. */
  biasBits?: number;
  /** Signed width of the noise amplitude register (default = weightBits), in [2, 16]. */
  noiseBits?: number;
  /** Signed width of the Itanh counter (default 8), in [2, 24]. */
  itanhBits?: number;
  /** Width of the field adder; 'auto' (default) = wide enough never to overflow. In [2, 31]. */
  fieldBits?: number | 'auto';
  /** What a too-narrow field adder does: 'saturate' (default) or 'wrap'. */
  fieldOverflow?: 'saturate' | 'wrap';
  /** h and J are multiplied by this before loading (default 1); the products must be integers. */
  coefficientScale?: number;
  /** Round scaled coefficients to the nearest integer instead of rejecting non-integers (default false). */
  roundCoefficients?: boolean;
  /** Random-bit source (default xorshift64p). */
  prng?: ScPrng;
  /** Initial counters: 'random' (default, Itanh(0) in {-1, 0} from a reset draw) or 'zero'. */
  init?: 'random' | 'zero';
  /** Update order within a cycle (default 'synchronous'; 'chromatic': colour phases, docs §2.1). */
  update?: ScUpdate;
  /** Read-out of each read (default 'final'). */
  readout?: ScReadout;
  /** Valid-state definition for the statistics (default 'ground' with <= 20 free spins, else 'none'). */
  valid?: ScValid;
  /**
   * Stop a read at its first valid state and read that state out (a solution checker raising "done", as in
   * Smithson's ASIC latency measurements; default false). Needs a `valid` definition other than 'none'.
   */
  stopOnValid?: boolean;
  /** Occupancy is counted over cycles t > occupancyFrom (default: end of the first I0 iteration). */
  occupancyFrom?: number;
  /** Per-cycle trace (docs/sc-model.md §8). */
  trace?: boolean | ScTraceOptions;
}

export const SC_OPTION_KEYS = [
  'numReads',
  'onProgress',
  'seed',
  'prngInit',
  'cycles',
  'i0',
  'tau',
  'noise',
  'noiseKind',
  'sparsity',
  'resolutionBits',
  'weightBits',
  'biasBits',
  'noiseBits',
  'itanhBits',
  'fieldBits',
  'fieldOverflow',
  'coefficientScale',
  'roundCoefficients',
  'prng',
  'init',
  'update',
  'readout',
  'valid',
  'occupancyFrom',
  'stopOnValid',
  'trace',
] as const;

/** Defaults (docs/sc-model.md; reasons in docs). */
export const SC_DEFAULTS = {
  numReads: 10,
  seed: 0 as Seed,
  cycles: 1000,
  tau: 1,
  noise: 2,
  noiseKind: 'dense' as ScNoiseKind,
  sparsity: 0.5,
  resolutionBits: 8,
  weightBits: 5,
  itanhBits: 8,
  fieldOverflow: 'saturate' as const,
  coefficientScale: 1,
  prng: 'xorshift64p' as ScPrng,
  init: 'random' as const,
  update: 'synchronous' as ScUpdate,
};

/** The default I0 schedule for a counter of `itanhBits`: a geometric ramp 2 -> 2^(B-3) (docs §5). */
export function defaultI0(itanhBits: number): ScheduleSpec {
  const to = Math.max(1, 2 ** (itanhBits - 3));
  return { kind: 'geometric', from: Math.min(2, to), to };
}

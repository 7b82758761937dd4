/**
 * Seeded pseudo-random generators. Every stochastic routine in invlogic takes a seed and draws from one of
 * these, never from Math.random, so that the same seed gives the same bits on every run and platform.
 *
 * - xoshiro128** (Blackman & Vigna 2018): the default generator of the software samplers.
 * - sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): an alternative, for cross-checks.
 * - xorshift64+ : the 64-bit-output xorshift+ generator (Vigna 2017, "Further scramblings of Marsaglia's
 *   xorshift generators", 128-bit state, shift triple 23/17/26). This is the "64-bit xorshift+" whose
 *   output register bits drive one spin each in Smithson et al. (TCAS-I 2019) and the group's FPGA work.
 * - LFSRs: a 32-bit Galois LFSR and a 16-bit Fibonacci LFSR (the plain shift registers that Smithson et al.
 *   report as biased for invertible logic).
 * - arc4: the `seedrandom` package's default ARC4 stream, for runs that must be reproducible from the seeds other
 *   JavaScript tools use (slower; not used by the samplers' hot loops).
 *
 * All arithmetic is on 32-bit halves (no BigInt) so the hot loops of the samplers stay fast.
 */
import { InvlogicError } from '../errors';

export interface Rng {
  /** Uniform unsigned 32-bit integer. */
  nextU32(): number;
  /** Uniform double in [0, 1) with 32 random bits. */
  nextFloat(): number;
}

export type RngKind = 'xoshiro128ss' | 'sfc32' | 'xorshift64p' | 'lfsr32' | 'arc4';
export const RNG_KINDS: readonly RngKind[] = ['xoshiro128ss', 'sfc32', 'xorshift64p', 'lfsr32', 'arc4'];

const TWO_POW_32 = 4294967296;

/** splitmix32 step (a 32-bit variant of Steele/Lea/Flood's splitmix): used only to expand seeds. */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

export type Seed = number | string;

/**
 * Expands a user seed (a non-negative integer or any string) and a stream index into `words` 32-bit words,
 * never all zero. Different streams of the same seed give unrelated words, so per-spin or per-read generators
 * can be derived from one user seed.
 */
export function hashSeed(seed: Seed, stream = 0, words = 4): Uint32Array {
  let h = 0x811c9dc5 | 0; // FNV-1a over the seed's canonical text
  const text = typeof seed === 'number' ? validateNumericSeed(seed) : `s:${seed}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let state = (h ^ Math.imul(stream + 1, 0x9e3779b1)) | 0;
  const out = new Uint32Array(words);
  let any = 0;
  for (let i = 0; i < words; i++) {
    const [next, z] = splitmix32(state);
    state = next;
    out[i] = z;
    any |= z;
  }
  if (any === 0) out[0] = 1;
  return out;
}

function validateNumericSeed(seed: number): string {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new InvlogicError(`seed must be a non-negative safe integer or a string, got ${seed}`, 'seed');
  }
  return `n:${seed}`;
}

/** xoshiro128** 1.1 (Blackman & Vigna). State: four 32-bit words, not all zero. */
export class Xoshiro128ss implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  constructor(state: ArrayLike<number>) {
    this.s0 = state[0] >>> 0;
    this.s1 = state[1] >>> 0;
    this.s2 = state[2] >>> 0;
    this.s3 = state[3] >>> 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) {
      throw new InvlogicError('xoshiro128** state must not be all zero', 'state');
    }
  }
  static fromSeed(seed: Seed, stream = 0): Xoshiro128ss {
    return new Xoshiro128ss(hashSeed(seed, stream, 4));
  }
  nextU32(): number {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return r;
  }
  nextFloat(): number {
    return this.nextU32() / TWO_POW_32;
  }
}

/** sfc32 (Small Fast Counting, 32-bit). State: a, b, c and a counter. */
export class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(state: ArrayLike<number>) {
    this.a = state[0] | 0;
    this.b = state[1] | 0;
    this.c = state[2] | 0;
    this.d = state[3] | 0;
  }
  static fromSeed(seed: Seed, stream = 0): Sfc32 {
    const g = new Sfc32(hashSeed(seed, stream, 4));
    for (let i = 0; i < 12; i++) g.nextU32(); // recommended warm-up
    return g;
  }
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  nextFloat(): number {
    return this.nextU32() / TWO_POW_32;
  }
}

/**
 * xorshift64+ : 128-bit state (s[0], s[1]), 64-bit output s[0] + s[1] before the update
 *   s1 = s[0]; s0 = s[1]; s[0] = s0; s1 ^= s1 << 23; s[1] = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26).
 * `next64()` advances once and leaves the 64 output bits in `hi` and `lo`; bit k of the output is bit k of
 * `lo` for k < 32 and bit k-32 of `hi` otherwise. `nextU32()` returns the high word (the better-mixed half).
 */
export class Xorshift64p implements Rng {
  private s0h: number;
  private s0l: number;
  private s1h: number;
  private s1l: number;
  /** High 32 bits of the last 64-bit output. */
  hi = 0;
  /** Low 32 bits of the last 64-bit output. */
  lo = 0;
  /** `state` = [s0 high, s0 low, s1 high, s1 low], not all zero. */
  constructor(state: ArrayLike<number>) {
    this.s0h = state[0] >>> 0;
    this.s0l = state[1] >>> 0;
    this.s1h = state[2] >>> 0;
    this.s1l = state[3] >>> 0;
    if ((this.s0h | this.s0l | this.s1h | this.s1l) === 0) {
      throw new InvlogicError('xorshift64+ state must not be all zero', 'state');
    }
  }
  static fromSeed(seed: Seed, stream = 0): Xorshift64p {
    return new Xorshift64p(hashSeed(seed, stream, 4));
  }
  /** The state as [s0 high, s0 low, s1 high, s1 low] (for RTL seed loading). */
  state(): [number, number, number, number] {
    return [this.s0h, this.s0l, this.s1h, this.s1l];
  }
  next64(): void {
    // result = s0 + s1 (64-bit, on the old state)
    const lo = (this.s0l + this.s1l) >>> 0;
    const carry = lo < this.s0l ? 1 : 0;
    this.hi = (this.s0h + this.s1h + carry) >>> 0;
    this.lo = lo;
    // x = old s[0], y = old s[1]
    let xh = this.s0h;
    let xl = this.s0l;
    const yh = this.s1h;
    const yl = this.s1l;
    this.s0h = yh;
    this.s0l = yl;
    // x ^= x << 23
    xh ^= (xh << 23) | (xl >>> 9);
    xl ^= xl << 23;
    // s[1] = x ^ y ^ (x >> 17) ^ (y >> 26)
    const nh = xh ^ yh ^ (xh >>> 17) ^ (yh >>> 26);
    const nl = xl ^ yl ^ ((xl >>> 17) | (xh << 15)) ^ ((yl >>> 26) | (yh << 6));
    this.s1h = nh >>> 0;
    this.s1l = nl >>> 0;
  }
  nextU32(): number {
    this.next64();
    return this.hi;
  }
  nextFloat(): number {
    return this.nextU32() / TWO_POW_32;
  }
}

/**
 * 32-bit Galois LFSR with feedback polynomial x^32 + x^22 + x^2 + x + 1 (maximal length, period 2^32 - 1).
 * Each step shifts right once; `nextU32()` runs 32 steps and returns the register (so consecutive outputs are
 * highly correlated, which is the point of keeping it: the papers report LFSR bias).
 */
export class GaloisLfsr32 implements Rng {
  private s: number;
  static readonly TAPS = 0x80200003;
  constructor(state: number) {
    this.s = state >>> 0;
    if (this.s === 0) throw new InvlogicError('LFSR state must be non-zero', 'state');
  }
  static fromSeed(seed: Seed, stream = 0): GaloisLfsr32 {
    return new GaloisLfsr32(hashSeed(seed, stream, 1)[0] || 1);
  }
  /** One shift; returns the output bit (the bit shifted out). */
  step(): number {
    const out = this.s & 1;
    this.s = this.s >>> 1;
    if (out) this.s = (this.s ^ GaloisLfsr32.TAPS) >>> 0;
    return out;
  }
  get register(): number {
    return this.s;
  }
  nextU32(): number {
    for (let i = 0; i < 32; i++) this.step();
    return this.s;
  }
  nextFloat(): number {
    return this.nextU32() / TWO_POW_32;
  }
}

/**
 * 16-bit Fibonacci LFSR with taps 16, 14, 13, 11 (polynomial x^16 + x^14 + x^13 + x^11 + 1), the textbook
 * maximal-length example: from any non-zero state it has period 65535.
 */
export class FibonacciLfsr16 {
  private s: number;
  constructor(state: number) {
    this.s = state & 0xffff;
    if (this.s === 0) throw new InvlogicError('LFSR state must be non-zero', 'state');
  }
  get register(): number {
    return this.s;
  }
  /** One shift; returns the new feedback bit. */
  step(): number {
    const s = this.s;
    const bit = (s ^ (s >>> 2) ^ (s >>> 3) ^ (s >>> 5)) & 1;
    this.s = (s >>> 1) | (bit << 15);
    return bit;
  }
}

/**
 * seedrandom's ARC4 generator. `Arc4.fromSeedText(text)` reproduces `seedrandom(text)` exactly (its `int32()`
 * stream); `fromSeed(seed, stream)` keys it with the canonical seed text and stream index.
 */
export class Arc4 implements Rng {
  private readonly prng: { int32(): number; double(): number };
  private constructor(text: string) {
    // Loaded lazily (plain require, as elsewhere in lib/ for npm packages) so importing lib/rng stays cheap.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const seedrandom = require('seedrandom') as (seed: string) => { int32(): number; double(): number };
    this.prng = seedrandom(text);
  }
  static fromSeedText(text: string): Arc4 {
    return new Arc4(text);
  }
  static fromSeed(seed: Seed, stream = 0): Arc4 {
    const text = typeof seed === 'number' ? validateNumericSeed(seed) : `s:${seed}`;
    return new Arc4(`${text}#${stream}`);
  }
  nextU32(): number {
    return this.prng.int32() >>> 0;
  }
  nextFloat(): number {
    return this.nextU32() / TWO_POW_32;
  }
  /** seedrandom's own 53-bit double (what `seedrandom(text)()` returns). */
  nextDouble53(): number {
    return this.prng.double();
  }
}

/** A generator of the given kind from a user seed and a stream index. */
export function createRng(kind: RngKind, seed: Seed, stream = 0): Rng {
  switch (kind) {
    case 'xoshiro128ss':
      return Xoshiro128ss.fromSeed(seed, stream);
    case 'sfc32':
      return Sfc32.fromSeed(seed, stream);
    case 'xorshift64p':
      return Xorshift64p.fromSeed(seed, stream);
    case 'lfsr32':
      return GaloisLfsr32.fromSeed(seed, stream);
    case 'arc4':
      return Arc4.fromSeed(seed, stream);
    default:
      throw new InvlogicError(`rng must be one of ${RNG_KINDS.join('|')}, got ${String(kind)}`, 'rng');
  }
}

/** Uniform integer in [0, n) by rejection (unbiased), n <= 2^32. */
export function randInt(rng: Rng, n: number): number {
  const limit = TWO_POW_32 - (TWO_POW_32 % n);
  for (;;) {
    const x = rng.nextU32();
    if (x < limit) return x % n;
  }
}

/** Fisher-Yates shuffle in place with the given generator. */
export function shuffleInPlace<T>(rng: Rng, a: { length: number; [i: number]: T }): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = randInt(rng, i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/**
 * The random-bit sources of the SC spin-gate model (docs/sc-model.md §3). A source delivers, each clock
 * cycle, L "lanes" of one bit per spin, packed into 32-bit words: bit k of spin i's random word R_i(t) is
 *   (bits[k * stride + (i >>> 5)] >>> (i & 31)) & 1.
 *
 * - xorshift64p: generators X[k][g], g = floor(i / 64); spin i takes bit (i mod 64) of X[k][g]'s output
 *   (Smithson et al. TCAS-I 2019: one xorshift+ register bit per neuron; paper brief §3.1).
 * - per-spin:    one xorshift64+ generator per spin; lane k takes bit 63 - k of its output.
 * - lfsr:        32-bit Galois LFSRs Z[k][g], g = floor(i / 32), shifted once per cycle; spin i takes bit
 *                (i mod 32) of the register (the correlated, biased source of brief §3.1).
 * The xorshift64+ step is inlined over typed arrays (no objects in the cycle loop) and is tested to be
 * bit-identical to lib/rng Xorshift64p; the LFSR step equals lib/rng GaloisLfsr32.step().
 */
import { hashSeed, type Seed } from '../../rng';

export type ScPrng = 'xorshift64p' | 'per-spin' | 'lfsr';
export const SC_PRNGS: readonly ScPrng[] = ['xorshift64p', 'per-spin', 'lfsr'];

/** Stream offset between lanes (docs/sc-model.md §3.3). */
export const LANE_STREAM_STRIDE = 2 ** 20;

/** The seed string of read r (docs/sc-model.md §3.3). */
export function scReadSeed(seed: Seed, read: number): string {
  return `sc:${typeof seed === 'number' ? 'n' : 's'}:${seed}:read:${read}`;
}

export class ScBitSource {
  readonly kind: ScPrng;
  readonly n: number;
  readonly lanes: number;
  /** Words per lane in `bits` (= 2 * ceil(n / 64)). */
  readonly stride: number;
  /** The current cycle's random bits, lane-major. */
  readonly bits: Uint32Array;
  /** Number of generators. */
  readonly numGenerators: number;
  /** Generator state: xorshift: 4 words per generator [s0h, s0l, s1h, s1l]; lfsr: 1 word. */
  private readonly state: Uint32Array;
  private readonly groups: number;

  constructor(kind: ScPrng, n: number, lanes: number) {
    this.kind = kind;
    this.n = n;
    this.lanes = lanes;
    this.stride = 2 * Math.ceil(n / 64);
    this.bits = new Uint32Array(lanes * this.stride);
    if (kind === 'xorshift64p') {
      this.groups = Math.ceil(n / 64);
      this.numGenerators = lanes * this.groups;
      this.state = new Uint32Array(4 * this.numGenerators);
    } else if (kind === 'per-spin') {
      this.groups = n;
      this.numGenerators = n;
      this.state = new Uint32Array(4 * n);
    } else {
      this.groups = Math.ceil(n / 32);
      this.numGenerators = lanes * this.groups;
      this.state = new Uint32Array(this.numGenerators);
    }
  }

  /** Loads every generator's initial state for read `read` of user seed `seed` (docs §3.3). */
  seed(seed: Seed, read: number): void {
    const rs = scReadSeed(seed, read);
    if (this.kind === 'lfsr') {
      for (let k = 0; k < this.lanes; k++) {
        for (let g = 0; g < this.groups; g++) {
          const w = hashSeed(rs, k * LANE_STREAM_STRIDE + g, 1)[0];
          this.state[k * this.groups + g] = w === 0 ? 1 : w;
        }
      }
      return;
    }
    for (let q = 0; q < this.numGenerators; q++) {
      const stream =
        this.kind === 'per-spin' ? q : Math.floor(q / this.groups) * LANE_STREAM_STRIDE + (q % this.groups);
      this.state.set(hashSeed(rs, stream, 4), 4 * q);
    }
  }

  /** Loads explicit generator states (4 words per generator, the option prngInit). */
  load(words: Uint32Array): void {
    if (words.length !== this.state.length)
      throw new Error(`prngInit: ${words.length / 4} generator states for ${this.numGenerators} generators`);
    this.state.set(words);
  }

  /** Every generator's current state, in generator order (the trace header's `prngInit`). */
  snapshot(): number[][] {
    const out: number[][] = [];
    const w = this.kind === 'lfsr' ? 1 : 4;
    for (let q = 0; q < this.numGenerators; q++) out.push(Array.from(this.state.subarray(w * q, w * q + w)));
    return out;
  }

  /** Advances every generator once and refreshes `bits`. */
  step(): void {
    const st = this.state;
    const bits = this.bits;
    if (this.kind === 'lfsr') {
      // One Galois shift per LFSR; lane k group g register -> word k * stride + g.
      const G = this.groups;
      const stride = this.stride;
      for (let k = 0; k < this.lanes; k++) {
        for (let g = 0; g < G; g++) {
          const q = k * G + g;
          let s = st[q];
          const out = s & 1;
          s >>>= 1;
          if (out) s ^= 0x80200003;
          st[q] = s;
          bits[k * stride + g] = s;
        }
      }
      return;
    }
    if (this.kind === 'xorshift64p') {
      const G = this.groups;
      const stride = this.stride;
      for (let k = 0; k < this.lanes; k++) {
        for (let g = 0; g < G; g++) {
          const b = 4 * (k * G + g);
          const s0h = st[b];
          const s0l = st[b + 1];
          const s1h = st[b + 2];
          const s1l = st[b + 3];
          const lo = (s0l + s1l) >>> 0;
          const carry = lo < s0l ? 1 : 0;
          bits[k * stride + 2 * g] = lo;
          bits[k * stride + 2 * g + 1] = (s0h + s1h + carry) >>> 0;
          let xh = s0h;
          let xl = s0l;
          st[b] = s1h;
          st[b + 1] = s1l;
          xh ^= (xh << 23) | (xl >>> 9);
          xl ^= xl << 23;
          st[b + 2] = xh ^ s1h ^ (xh >>> 17) ^ (s1h >>> 26);
          st[b + 3] = xl ^ s1l ^ ((xl >>> 17) | (xh << 15)) ^ ((s1l >>> 26) | (s1h << 6));
        }
      }
      return;
    }
    // per-spin: generator i steps once; lane k gets bit 63 - k of the output.
    bits.fill(0);
    const n = this.n;
    const stride = this.stride;
    const lanes = this.lanes;
    for (let i = 0; i < n; i++) {
      const b = 4 * i;
      const s0h = st[b];
      const s0l = st[b + 1];
      const s1h = st[b + 2];
      const s1l = st[b + 3];
      const lo = (s0l + s1l) >>> 0;
      const carry = lo < s0l ? 1 : 0;
      const hi = (s0h + s1h + carry) >>> 0;
      let xh = s0h;
      let xl = s0l;
      st[b] = s1h;
      st[b + 1] = s1l;
      xh ^= (xh << 23) | (xl >>> 9);
      xl ^= xl << 23;
      st[b + 2] = xh ^ s1h ^ (xh >>> 17) ^ (s1h >>> 26);
      st[b + 3] = xl ^ s1l ^ ((xl >>> 17) | (xh << 15)) ^ ((s1l >>> 26) | (s1h << 6));
      const word = i >>> 5;
      const mask = 1 << (i & 31);
      for (let k = 0; k < lanes; k++) {
        const bit = k < 32 ? (hi >>> (31 - k)) & 1 : (lo >>> (63 - k)) & 1;
        if (bit) bits[k * stride + word] |= mask;
      }
    }
  }
}

/** Convenience for tests: bit k of spin i's current random word. */
export function laneBit(src: ScBitSource, lane: number, i: number): number {
  return (src.bits[lane * src.stride + (i >>> 5)] >>> (i & 31)) & 1;
}

/**
 * The quantizers of a binarized network (after Larq's `ste_sign` and Courbariaux et al. 2016, "Binarized
 * Neural Networks", arXiv 1602.02830), and the bit tricks of XNOR-popcount inference.
 *
 * Sign convention used everywhere in invlogic: sign(x) = +1 if x >= 0, else -1. So sign(0) = +1: a neuron
 * whose pre-activation is exactly 0 fires +1. Ties only occur when the number of +-1 terms is even (e.g. an
 * odd fan-in plus a +-1 bias); with an odd number of terms the sum is odd and never 0.
 */

/** sign(x) with sign(0) = +1 (see above). */
export function signPm1(x: number): 1 | -1 {
  return x >= 0 ? 1 : -1;
}

/**
 * Straight-through estimator of sign (Bengio et al. 2013; Courbariaux 2016 Eq. 4): the backward pass treats
 * sign as hardtanh, d sign(x)/dx := 1_{|x| <= clip}. Returns that factor.
 */
export function steSignGrad(x: number, clip = 1): number {
  return x <= clip && x >= -clip ? 1 : 0;
}

/** hardtanh(x) = clip(x, -1, 1): the smooth-almost-everywhere surrogate whose derivative is the STE. */
export function hardtanh(x: number): number {
  return x > 1 ? 1 : x < -1 ? -1 : x;
}

/** clip(x, -1, 1): keeps a latent weight in [-1, 1] after an update (Courbariaux 2016). Same values as hardtanh. */
export function clipUnit(x: number): number {
  return x > 1 ? 1 : x < -1 ? -1 : x;
}

/** Writes sign(latent[i]) into out[i] (binarizes latent real weights; Courbariaux 2016 Eq. 1, deterministic). */
export function binarizeInto(latent: Float32Array, out: Float32Array | Int8Array): void {
  for (let i = 0; i < latent.length; i++) out[i] = latent[i] >= 0 ? 1 : -1;
}

/** Clips latent weights to [-1, 1] after an update (Courbariaux 2016: keeps the latent weights bounded). */
export function clipLatent(latent: Float32Array): void {
  for (let i = 0; i < latent.length; i++) {
    const v = latent[i];
    latent[i] = v > 1 ? 1 : v < -1 ? -1 : v;
  }
}

/** Number of set bits of a 32-bit word (SWAR popcount). */
export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Words needed to pack `bits` bits. */
export function wordsFor(bits: number): number {
  return (bits + 31) >>> 5;
}

/**
 * Packs `count` +-1 values (+1 -> bit 1, -1 -> bit 0; LSB first) from `src[offset..]` into `out[outOffset..]`.
 * Unused high bits of the last word stay 0, so XOR of two packed vectors counts only real positions.
 */
export function packPm1(src: ArrayLike<number>, offset: number, count: number, out: Uint32Array, outOffset = 0): void {
  const words = wordsFor(count);
  for (let w = 0; w < words; w++) out[outOffset + w] = 0;
  for (let i = 0; i < count; i++) {
    if (src[offset + i] > 0) out[outOffset + (i >>> 5)] |= 1 << (i & 31);
  }
}

/**
 * XNOR-popcount dot product of two packed +-1 vectors of length n: sum_i a_i b_i = n - 2 popcount(a XOR b).
 */
export function packedDot(a: Uint32Array, aOffset: number, b: Uint32Array, bOffset: number, n: number): number {
  const words = wordsFor(n);
  let diff = 0;
  for (let w = 0; w < words; w++) diff += popcount32((a[aOffset + w] ^ b[bOffset + w]) >>> 0);
  return n - 2 * diff;
}

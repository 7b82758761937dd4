/**
 * Tiny synthetic image sets for tests and diagnostics (not MNIST).
 */
import { requireInt } from '../errors';
import { createRng } from '../rng';
import type { BinaryImageSet } from './mnist';

/**
 * A tiny separable problem: `n` 6x6 images (+-1), class k % 2; class 0 has ink (+1) on the left half, class 1 on
 * the right, and two seeded random pixels per image are flipped. Any kernel with a non-zero tap sum fires
 * differently on the two halves. The bar toy of the end-to-end tests (docs/bcnn-invertible.md).
 */
export function halfBarImages(n: number, seed: number): BinaryImageSet {
  requireInt('n', n, 1, 1_000_000);
  const s = 6;
  const rng = createRng('xoshiro128ss', seed);
  const x = new Int8Array(n * s * s);
  const y = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    y[k] = k % 2;
    for (let r = 0; r < s; r++) for (let q = 0; q < s; q++) x[k * s * s + r * s + q] = q < 3 === (y[k] === 0) ? 1 : -1;
    for (let t = 0; t < 2; t++) {
      const i = k * s * s + (rng.nextU32() % (s * s));
      x[i] = -x[i];
    }
  }
  return { n, dim: s * s, size: s, x, y, classes: [0, 1], poolIndex: new Int32Array(n) };
}

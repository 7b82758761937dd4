/**
 * Shared random test data of the bnn tests: +-1 values and random binary image sets, seeded (xoshiro128**),
 * so every test file draws the same bits the same way.
 */
import type { BinaryImageSet } from '../../lib/data';
import { createRng, type Rng } from '../../lib/rng';

/** One uniformly random +-1 value. */
export const pm1 = (rng: Rng): 1 | -1 => (rng.nextU32() & 1 ? 1 : -1);

/** `length` uniformly random +-1 values. */
export const randomPm1 = (rng: Rng, length: number): Int8Array => Int8Array.from({ length }, () => pm1(rng));

/**
 * n random s x s images with +-1 pixels from `seed`; labels k % numClasses, or (labels 'random') drawn
 * uniformly from the same generator after the pixels.
 */
export function randomImages(
  n: number,
  s: number,
  seed: number,
  { numClasses = 2, labels = 'cycle' }: { numClasses?: number; labels?: 'cycle' | 'random' } = {},
): BinaryImageSet {
  const rng = createRng('xoshiro128ss', seed);
  const x = randomPm1(rng, n * s * s);
  const y =
    labels === 'random'
      ? Uint8Array.from({ length: n }, () => rng.nextU32() % numClasses)
      : Uint8Array.from({ length: n }, (_, k) => k % numClasses);
  const classes = Array.from({ length: numClasses }, (_, m) => m);
  return { n, dim: s * s, size: s, x, y, classes, poolIndex: new Int32Array(n) };
}

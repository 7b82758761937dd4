/**
 * Exact area-averaging resampling of square grey images, and binarization to +-1.
 *
 * Area averaging: the source image of side S covers the unit square; source pixel (i, j) is the cell
 * [i, i+1) x [j, j+1) in source-pixel units and output pixel (r, c) of an s x s image is the cell
 * [r S/s, (r+1) S/s) x [c S/s, (c+1) S/s). The output value is the mean of the source image over that cell:
 *
 *   out[r][c] = (s/S)^2 * sum_{i,j} |[i,i+1) ∩ [rS/s,(r+1)S/s)| * |[j,j+1) ∩ [cS/s,(c+1)S/s)| * src[i][j]
 *
 * so a source pixel straddling an output boundary contributes to both output pixels in proportion to the
 * overlapping length (28 -> 5: each output pixel spans 5.6 source pixels). The weights are separable
 * (out = A src A^T with A[r][i] = overlap / (S/s), rows of A sum to 1), which is how it is computed. When s
 * divides S this is plain block averaging; the total mean intensity is always preserved.
 */
import { InvlogicError, requireInt, requireRange } from '../errors';

/** Sparse rows of the 1-D area-overlap matrix A (s x S): row r has weights w[r][0..len[r]) on columns start[r]+k. */
export interface AreaWeights {
  readonly srcSize: number;
  readonly dstSize: number;
  readonly start: Int32Array;
  readonly len: Int32Array;
  /** Row r's weights at w[r * stride + k]. */
  readonly w: Float64Array;
  readonly stride: number;
}

/** The 1-D overlap weights A[r][i] = |[i,i+1) ∩ [r S/s, (r+1) S/s)| / (S/s). */
export function areaWeights(srcSize: number, dstSize: number): AreaWeights {
  requireInt('srcSize', srcSize, 1, 4096);
  requireInt('dstSize', dstSize, 1, 4096);
  const scale = srcSize / dstSize; // source pixels per output pixel
  const stride = Math.ceil(scale) + 1;
  const start = new Int32Array(dstSize);
  const len = new Int32Array(dstSize);
  const w = new Float64Array(dstSize * stride);
  for (let r = 0; r < dstSize; r++) {
    // Boundaries as exact rationals r*S/s, evaluated once each.
    const lo = (r * srcSize) / dstSize;
    const hi = ((r + 1) * srcSize) / dstSize;
    const i0 = Math.floor(lo);
    const i1 = Math.min(srcSize, Math.ceil(hi));
    start[r] = i0;
    let k = 0;
    for (let i = i0; i < i1; i++) {
      const overlap = Math.min(i + 1, hi) - Math.max(i, lo);
      if (overlap > 0) {
        if (k === 0) start[r] = i;
        w[r * stride + k] = overlap / scale;
        k++;
      }
    }
    len[r] = k;
  }
  return { srcSize, dstSize, start, len, w, stride };
}

/**
 * Area-averages `count` square images of side `srcSize` (row-major, image n at offset n*srcSize^2 of `src`)
 * to side `dstSize`, writing into `out` (allocated if absent). Values keep their scale (mean-preserving).
 */
export function areaDownsample(
  src: Float32Array,
  srcSize: number,
  dstSize: number,
  count = 1,
  out?: Float32Array,
): Float32Array {
  const A = areaWeights(srcSize, dstSize);
  const srcPixels = srcSize * srcSize;
  const dstPixels = dstSize * dstSize;
  requireInt('count', count, 0, Math.floor(src.length / Math.max(1, srcPixels)));
  const result = out ?? new Float32Array(count * dstPixels);
  if (result.length < count * dstPixels) {
    throw new InvlogicError(`out has length ${result.length}, need ${count * dstPixels}`, 'out');
  }
  const tmp = new Float64Array(dstSize * srcSize); // A * image (rows reduced, columns still full)
  const { start, len, w, stride } = A;
  for (let n = 0; n < count; n++) {
    const base = n * srcPixels;
    tmp.fill(0);
    for (let r = 0; r < dstSize; r++) {
      const t = r * srcSize;
      for (let k = 0; k < len[r]; k++) {
        const wk = w[r * stride + k];
        const row = base + (start[r] + k) * srcSize;
        for (let j = 0; j < srcSize; j++) tmp[t + j] += wk * src[row + j];
      }
    }
    const obase = n * dstPixels;
    for (let r = 0; r < dstSize; r++) {
      const t = r * srcSize;
      for (let c = 0; c < dstSize; c++) {
        let acc = 0;
        for (let k = 0; k < len[c]; k++) acc += w[c * stride + k] * tmp[t + start[c] + k];
        result[obase + r * dstSize + c] = acc;
      }
    }
  }
  return result;
}

/**
 * Binarization to the +-1 encoding: x >= threshold -> +1 (ink), x < threshold -> -1 (background).
 * `threshold` is a fraction of full scale (pixels are in [0, 1]); the comparison is inclusive, so a pixel
 * exactly at the threshold is ink.
 */
export function binarizePm1(grey: Float32Array, threshold: number, out?: Int8Array): Int8Array {
  requireRange('threshold', threshold, 0, 1);
  const result = out ?? new Int8Array(grey.length);
  // Compare in float32, the precision `grey` is stored in, so e.g. 0.3 as a threshold means Math.fround(0.3).
  const t = Math.fround(threshold);
  for (let i = 0; i < grey.length; i++) result[i] = grey[i] >= t ? 1 : -1;
  return result;
}

/** Text rendering of one +-1 (or grey) square image: '#' ink, '.' background; for logs and notebooks. */
export function imageToAscii(image: ArrayLike<number>, size: number, offset = 0, threshold = 0): string {
  const lines: string[] = [];
  for (let r = 0; r < size; r++) {
    let line = '';
    for (let c = 0; c < size; c++) line += image[offset + r * size + c] > threshold ? '#' : '.';
    lines.push(line);
  }
  return lines.join('\n');
}

/**
 * Bit-packed XNOR-popcount inference of the 2-layer BCNN (the way an FPGA or a CPU BNN kernel computes it),
 * exactly equal to the float reference of lib/bnn/bcnn.ts (tested):
 *
 *   a = sum_t K_t x_t = T - 2 popcount(K XOR x)      over the T = k*k taps of a patch (+1 = bit 1),
 *   pooled bit = OR of (a >= theta) over the window,
 *   z[m] = F - 2 popcount(V_m XOR g) + beta[m].
 *
 * Patches are packed once per image (im2col on bits); kernels and FC rows are packed once per model.
 */
import { type BcnnWeights, bcnnShapes } from './bcnn';
import { packPm1, popcount32 as popcount32Export, wordsFor } from './binarize';

// Local binding (see lib/bnn/backprop.ts): no module-namespace getter per call in the inner loops.
const popcount32 = popcount32Export;

export interface PackedBcnn {
  readonly weights: BcnnWeights;
  /** Words per packed patch (ceil(k*k/32)). */
  readonly patchWords: number;
  /** Words per packed feature vector (ceil(F/32)). */
  readonly featureWords: number;
  /** Packed kernels, channel c at c*patchWords. */
  readonly kernels: Uint32Array;
  /** Packed FC rows, class m at m*featureWords. */
  readonly fcRows: Uint32Array;
  /** Scratch: packed patches of one image (o*o*patchWords). */
  readonly patches: Uint32Array;
  /** Scratch: packed features of one image. */
  readonly features: Uint32Array;
}

/** Packs a model's kernels and FC rows into Uint32 words. */
export function packBcnn(weights: BcnnWeights): PackedBcnn {
  const { channels: C, numClasses: M } = weights.config;
  const s = bcnnShapes(weights.config);
  const patchWords = wordsFor(s.kernelTaps);
  const featureWords = wordsFor(s.features);
  const kernels = new Uint32Array(C * patchWords);
  for (let c = 0; c < C; c++) packPm1(weights.conv, c * s.kernelTaps, s.kernelTaps, kernels, c * patchWords);
  const fcRows = new Uint32Array(M * featureWords);
  for (let m = 0; m < M; m++) packPm1(weights.fc, m * s.features, s.features, fcRows, m * featureWords);
  return {
    weights,
    patchWords,
    featureWords,
    kernels,
    fcRows,
    patches: new Uint32Array(s.convSize * s.convSize * patchWords),
    features: new Uint32Array(featureWords),
  };
}

/** Packs the FC input (feature bits) of image n of `x` into net.features; returns that array. */
export function packedFeatures(net: PackedBcnn, x: ArrayLike<number>, n: number): Uint32Array {
  const { inputSize: s, kernelSize: k, channels: C, stride, padding: p, padValue, pool: P } = net.weights.config;
  const { convSize: o, poolSize: po, kernelTaps: T } = bcnnShapes(net.weights.config);
  const { patches, patchWords: W, kernels, features } = net;
  const base = n * s * s;
  // im2col on bits: tap t = u*k + v of patch (r, q) is bit t of its W words (+1 -> 1)
  const padBit = padValue > 0 ? 1 : 0;
  for (let r = 0; r < o; r++)
    for (let q = 0; q < o; q++) {
      const pw = (r * o + q) * W;
      for (let w = 0; w < W; w++) patches[pw + w] = 0;
      let t = 0;
      for (let u = 0; u < k; u++) {
        const i = r * stride + u - p;
        for (let v = 0; v < k; v++, t++) {
          const j = q * stride + v - p;
          const bit = i >= 0 && i < s && j >= 0 && j < s ? (x[base + i * s + j] > 0 ? 1 : 0) : padBit;
          if (bit) patches[pw + (t >>> 5)] |= 1 << (t & 31);
        }
      }
    }
  features.fill(0);
  const theta = net.weights.convThreshold;
  for (let c = 0; c < C; c++) {
    const kc = c * W;
    const t = theta[c];
    for (let i = 0; i < po; i++)
      for (let j = 0; j < po; j++) {
        let on = 0;
        for (let u = 0; u < P && on === 0; u++)
          for (let v = 0; v < P; v++) {
            const pw = ((i * P + u) * o + j * P + v) * W;
            let diff = 0;
            for (let w = 0; w < W; w++) diff += popcount32((patches[pw + w] ^ kernels[kc + w]) >>> 0);
            if (T - 2 * diff >= t) {
              on = 1;
              break;
            }
          }
        if (on) {
          const f = (c * po + i) * po + j;
          features[f >>> 5] |= 1 << (f & 31);
        }
      }
  }
  return features;
}

/** Class scores z[m] of image n into out[outOffset .. outOffset+M). */
export function packedScores(net: PackedBcnn, x: ArrayLike<number>, n: number, out: Int32Array, outOffset = 0): void {
  const g = packedFeatures(net, x, n);
  const { features: F } = bcnnShapes(net.weights.config);
  const { featureWords: W, fcRows } = net;
  const M = net.weights.config.numClasses;
  const bias = net.weights.fcBias;
  for (let m = 0; m < M; m++) {
    let diff = 0;
    for (let w = 0; w < W; w++) diff += popcount32((fcRows[m * W + w] ^ g[w]) >>> 0);
    out[outOffset + m] = F - 2 * diff + bias[m];
  }
}

/** Predicted class (argmax z, ties -> lowest index) of each of the n images of x. */
export function packedPredict(net: PackedBcnn, x: ArrayLike<number>, n: number, out?: Uint8Array): Uint8Array {
  const M = net.weights.config.numClasses;
  const pred = out ?? new Uint8Array(n);
  const z = new Int32Array(M);
  for (let k = 0; k < n; k++) {
    packedScores(net, x, k, z);
    let best = 0;
    for (let m = 1; m < M; m++) if (z[m] > z[best]) best = m;
    pred[k] = best;
  }
  return pred;
}

/** Accuracy of `weights` on labelled images (labels = class indices), computed with packed inference. */
export function bcnnAccuracy(
  weights: BcnnWeights | PackedBcnn,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  n: number,
): number {
  if (n === 0) return NaN;
  const net = 'kernels' in weights ? weights : packBcnn(weights);
  const pred = packedPredict(net, x, n);
  let correct = 0;
  for (let k = 0; k < n; k++) if (pred[k] === y[k]) correct++;
  return correct / n;
}

/**
 * The +-1 feature maps g_flat (n x F, Int8Array) of n images: the clamped FC inputs an invertible FC trainer
 * needs (paper brief §7 row 3, option (i)).
 */
export function bcnnFeatureMatrix(weights: BcnnWeights, x: ArrayLike<number>, n: number): Int8Array {
  const net = packBcnn(weights);
  const { features: F } = bcnnShapes(weights.config);
  const out = new Int8Array(n * F);
  for (let k = 0; k < n; k++) {
    const g = packedFeatures(net, x, k);
    for (let f = 0; f < F; f++) out[k * F + f] = (g[f >>> 5] >>> (f & 31)) & 1 ? 1 : -1;
  }
  return out;
}

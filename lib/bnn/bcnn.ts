/**
 * The 2-layer binarized CNN (issue 5; paper brief §4.3, a reconstruction): one binarized convolution layer,
 * sign activation, optional max-pooling, one binarized fully connected layer with one neuron per class.
 * This file holds the configuration, the weights and their JSON format, and the float REFERENCE forward pass
 * (plain loops, the oracle for lib/bnn/packed.ts and lib/bnn/backprop.ts).
 *
 * Single input channel x (s x s, +-1). With k x k kernels, C channels, stride t, padding p:
 *
 *   a[c][r][q] = sum_{u,v < k} K[c][u][v] * xpad[r t + u - p][q t + v - p]      (xpad = padValue outside)
 *   h[c][r][q] = +1 if a[c][r][q] >= theta[c] else -1                         (sign with integer threshold)
 *   g[c][i][j] = max_{u,v < P} h[c][i P + u][j P + v]                          (max-pool on +-1 = OR)
 *   z[m]       = sum_f V[m][f] g_flat[f] + beta[m],  f = (c, i, j) row-major    (one neuron per class)
 *   class      = argmax_m z[m], ties -> the lowest class index
 *
 * The conv output side is o = floor((s + 2p - k)/t) + 1 and the pooled side floor(o / P) (windows that do
 * not fit are dropped). theta[c] = 0 is plain sign (sign(0) = +1); a +-1 bias b is theta = -b; a trained batch
 * norm folds into an integer theta and, if its scale is negative, a negated kernel (lib/bnn/backprop.ts).
 * beta[m] is an integer class bias (0 unless a trainer sets it).
 */
import { InvlogicError, rejectUnknownKeys, requireInt, requireOneOf } from '../errors';

export interface BcnnConfig {
  /** Side s of the +-1 input image. */
  inputSize: number;
  /** Kernel side k. */
  kernelSize: number;
  /** Output channels C of the conv layer. */
  channels: number;
  /** Conv stride t (default 1). */
  stride: number;
  /** Padding width p (default 0); padded pixels take padValue. */
  padding: number;
  /** Value of padded pixels: -1 (background, default) or +1. Binary, so the layer stays +-1 logic. */
  padValue: 1 | -1;
  /** Max-pool window and stride P; 1 = no pooling (default 2). */
  pool: number;
  /** Classes M = FC neurons. */
  numClasses: number;
}

export const BCNN_CONFIG_KEYS = [
  'inputSize',
  'kernelSize',
  'channels',
  'stride',
  'padding',
  'padValue',
  'pool',
  'numClasses',
] as const;

/** Validates a (partial) config, fills defaults (stride 1, padding 0, padValue -1, pool 2) and checks shapes. */
export function resolveBcnnConfig(config: Partial<BcnnConfig>): BcnnConfig {
  rejectUnknownKeys('bcnn', config, BCNN_CONFIG_KEYS);
  const inputSize = requireInt('bcnn.inputSize', config.inputSize, 1, 64);
  const kernelSize = requireInt('bcnn.kernelSize', config.kernelSize, 1, inputSize);
  const channels = requireInt('bcnn.channels', config.channels, 1, 256);
  const stride = requireInt('bcnn.stride', config.stride ?? 1, 1, kernelSize);
  const padding = requireInt('bcnn.padding', config.padding ?? 0, 0, kernelSize - 1);
  const padValue = config.padValue ?? -1;
  if (padValue !== 1 && padValue !== -1) throw new InvlogicError('bcnn.padValue must be +1 or -1', 'bcnn.padValue');
  const pool = requireInt('bcnn.pool', config.pool ?? 2, 1, 16);
  const numClasses = requireInt('bcnn.numClasses', config.numClasses, 2, 10);
  const c: BcnnConfig = { inputSize, kernelSize, channels, stride, padding, padValue, pool, numClasses };
  const s = bcnnShapes(c);
  if (s.convSize < 1)
    throw new InvlogicError(`bcnn: kernel ${kernelSize} does not fit the padded input`, 'bcnn.kernelSize');
  if (s.poolSize < 1) {
    throw new InvlogicError(`bcnn.pool = ${pool} exceeds the conv output side ${s.convSize}`, 'bcnn.pool');
  }
  return c;
}

export interface BcnnShapes {
  /** Input pixels s*s. */
  inputDim: number;
  /** Kernel taps k*k (conv fan-in). */
  kernelTaps: number;
  /** Conv output side o. */
  convSize: number;
  /** Pooled side. */
  poolSize: number;
  /** FC fan-in F = C * poolSize^2. */
  features: number;
  /** Binary weights: C*k*k + M*F. */
  binaryWeights: number;
}

export function bcnnShapes(c: BcnnConfig): BcnnShapes {
  const convSize = Math.floor((c.inputSize + 2 * c.padding - c.kernelSize) / c.stride) + 1;
  const poolSize = Math.floor(convSize / c.pool);
  const features = c.channels * poolSize * poolSize;
  const kernelTaps = c.kernelSize * c.kernelSize;
  return {
    inputDim: c.inputSize * c.inputSize,
    kernelTaps,
    convSize,
    poolSize,
    features,
    binaryWeights: c.channels * kernelTaps + c.numClasses * features,
  };
}

export interface BcnnWeights {
  readonly config: BcnnConfig;
  /** K[c][u][v] at conv[(c*k + u)*k + v], +-1. */
  readonly conv: Int8Array;
  /** theta[c], integer. */
  readonly convThreshold: Int32Array;
  /** V[m][f] at fc[m*F + f], +-1. */
  readonly fc: Int8Array;
  /** beta[m], integer. */
  readonly fcBias: Int32Array;
}

/** Weights all +1, thresholds and biases 0: a starting point for trainers that fill them in. */
export function emptyBcnnWeights(config: BcnnConfig): BcnnWeights {
  const s = bcnnShapes(config);
  return {
    config,
    conv: new Int8Array(config.channels * s.kernelTaps).fill(1),
    convThreshold: new Int32Array(config.channels),
    fc: new Int8Array(config.numClasses * s.features).fill(1),
    fcBias: new Int32Array(config.numClasses),
  };
}

/** Checks that weights have the shapes of their config and +-1 entries. */
export function checkBcnnWeights(w: BcnnWeights): void {
  const config = resolveBcnnConfig(w.config);
  const s = bcnnShapes(config);
  const want: [string, ArrayLike<number>, number, boolean][] = [
    ['conv', w.conv, config.channels * s.kernelTaps, true],
    ['convThreshold', w.convThreshold, config.channels, false],
    ['fc', w.fc, config.numClasses * s.features, true],
    ['fcBias', w.fcBias, config.numClasses, false],
  ];
  for (const [name, a, len, pm1] of want) {
    if (a.length !== len) throw new InvlogicError(`${name} must have ${len} entries, got ${a.length}`, name);
    for (let i = 0; i < len; i++) {
      if (pm1 ? a[i] !== 1 && a[i] !== -1 : !Number.isInteger(a[i])) {
        throw new InvlogicError(`${name}[${i}] must be ${pm1 ? '+-1' : 'an integer'}, got ${a[i]}`, name);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Float reference forward pass (naive loops; the oracle).

/** Conv pre-activations a[c][r][q] of image n of `x` (dim s*s), written to out (C*o*o). */
export function referenceConv(w: BcnnWeights, x: ArrayLike<number>, n: number, out: Float64Array): void {
  const { inputSize: s, kernelSize: k, channels: C, stride, padding: p, padValue } = w.config;
  const { convSize: o } = bcnnShapes(w.config);
  const base = n * s * s;
  for (let c = 0; c < C; c++)
    for (let r = 0; r < o; r++)
      for (let q = 0; q < o; q++) {
        let acc = 0;
        for (let u = 0; u < k; u++)
          for (let v = 0; v < k; v++) {
            const i = r * stride + u - p;
            const j = q * stride + v - p;
            const pixel = i >= 0 && i < s && j >= 0 && j < s ? x[base + i * s + j] : padValue;
            acc += w.conv[(c * k + u) * k + v] * pixel;
          }
        out[(c * o + r) * o + q] = acc;
      }
}

/** The FC input g_flat (+-1, length F) of image n: conv, threshold sign, max-pool. */
export function referenceFeatures(w: BcnnWeights, x: ArrayLike<number>, n: number, out: Int8Array): void {
  const { channels: C, pool: P } = w.config;
  const { convSize: o, poolSize: po } = bcnnShapes(w.config);
  const a = new Float64Array(C * o * o);
  referenceConv(w, x, n, a);
  for (let c = 0; c < C; c++)
    for (let i = 0; i < po; i++)
      for (let j = 0; j < po; j++) {
        let g = -1;
        for (let u = 0; u < P; u++)
          for (let v = 0; v < P; v++) {
            const h = a[(c * o + i * P + u) * o + j * P + v] >= w.convThreshold[c] ? 1 : -1;
            if (h > g) g = h;
          }
        out[(c * po + i) * po + j] = g;
      }
}

/** Class scores z[m] of image n (float reference). */
export function referenceScores(w: BcnnWeights, x: ArrayLike<number>, n: number, out: Float64Array): void {
  const { features: F } = bcnnShapes(w.config);
  const g = new Int8Array(F);
  referenceFeatures(w, x, n, g);
  for (let m = 0; m < w.config.numClasses; m++) {
    let acc = w.fcBias[m];
    for (let f = 0; f < F; f++) acc += w.fc[m * F + f] * g[f];
    out[m] = acc;
  }
}

/** argmax with ties to the lowest index. */
export function argmaxLowest(z: ArrayLike<number>, offset = 0, count = z.length): number {
  let best = 0;
  for (let m = 1; m < count; m++) if (z[offset + m] > z[offset + best]) best = m;
  return best;
}

/** Predicted class index of every image of `x` (n images of s*s), float reference. */
export function referencePredict(w: BcnnWeights, x: ArrayLike<number>, n: number): Uint8Array {
  const z = new Float64Array(w.config.numClasses);
  const pred = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    referenceScores(w, x, k, z);
    pred[k] = argmaxLowest(z);
  }
  return pred;
}

// ---------------------------------------------------------------------------------------------------------
// JSON weights format.

export const BCNN_FORMAT = 'invlogic-bcnn/1';

export interface BcnnJson {
  format: typeof BCNN_FORMAT;
  config: BcnnConfig;
  /** One +-1 kernel per channel, k*k taps row-major. */
  conv: number[][];
  convThreshold: number[];
  /** One +-1 row of F weights per class. */
  fc: number[][];
  fcBias: number[];
  /** Free-form provenance: method, options, seed, data options, accuracies. */
  meta?: Record<string, unknown>;
}

export function bcnnToJson(w: BcnnWeights, meta?: Record<string, unknown>): BcnnJson {
  const s = bcnnShapes(w.config);
  const rows = (a: Int8Array, n: number, len: number) =>
    Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * len, (i + 1) * len)));
  return {
    format: BCNN_FORMAT,
    config: { ...w.config },
    conv: rows(w.conv, w.config.channels, s.kernelTaps),
    convThreshold: Array.from(w.convThreshold),
    fc: rows(w.fc, w.config.numClasses, s.features),
    fcBias: Array.from(w.fcBias),
    ...(meta ? { meta } : {}),
  };
}

export function bcnnFromJson(json: unknown): BcnnWeights {
  const j = json as Partial<BcnnJson>;
  if (j === null || typeof j !== 'object') throw new InvlogicError('BCNN weights must be a JSON object', 'format');
  requireOneOf('format', j.format, [BCNN_FORMAT]);
  const config = resolveBcnnConfig((j.config ?? {}) as Partial<BcnnConfig>);
  const s = bcnnShapes(config);
  const flat = (name: string, rows: unknown, n: number, len: number): Int8Array => {
    if (!Array.isArray(rows) || rows.length !== n) throw new InvlogicError(`${name} must have ${n} rows`, name);
    const out = new Int8Array(n * len);
    rows.forEach((row: unknown, i) => {
      if (!Array.isArray(row) || row.length !== len)
        throw new InvlogicError(`${name}[${i}] must have ${len} entries`, name);
      row.forEach((v: unknown, t) => {
        if (v !== 1 && v !== -1) throw new InvlogicError(`${name}[${i}][${t}] must be +-1`, name);
        out[i * len + t] = v;
      });
    });
    return out;
  };
  const ints = (name: string, a: unknown, n: number): Int32Array => {
    if (!Array.isArray(a) || a.length !== n || a.some((v) => !Number.isInteger(v))) {
      throw new InvlogicError(`${name} must be ${n} integers`, name);
    }
    return Int32Array.from(a as number[]);
  };
  return {
    config,
    conv: flat('conv', j.conv, config.channels, s.kernelTaps),
    convThreshold: ints('convThreshold', j.convThreshold, config.channels),
    fc: flat('fc', j.fc, config.numClasses, s.features),
    fcBias: ints('fcBias', j.fcBias, config.numClasses),
  };
}

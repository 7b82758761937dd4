/**
 * The BinaryNet-style 2-layer BCNN that lib/bnn/backprop.ts trains (Courbariaux et al. 2016, arXiv 1602.02830):
 * latent real weights, and the layers conv -> max-pool -> batch norm -> sign -> FC -> softmax cross-entropy,
 * each a forward/backward pair built on the named quantizers of binarize.ts (sign, hardtanh, the STE,
 * clipping); batch norm folded into integer thresholds at export (foldBatchNorm). Typed arrays allocated once
 * per network; the per-batch passes allocate nothing.
 */
import { InvlogicError } from '../errors';
import { type BcnnConfig, type BcnnWeights, bcnnShapes } from './bcnn';
import { hardtanh, signPm1, steSignGrad } from './binarize';

// The named quantizers of binarize.ts, bound locally: calls through a module namespace go through a property
// getter under the CommonJS transpilation (tsx/esbuild), which showed up in profiles of the hot loops.
const sign = signPm1;
const ste = steSignGrad;
const htanh = hardtanh;

const BN_EPS = 1e-5;
/** Lower bound of the batch-norm scale (keeps pooling an OR; see BinaryNetBcnn). */
const GAMMA_MIN = 1e-3;

/** im2col of +-1 images: patches[(n*o*o + pos)*k*k + t] as float32 (padded pixels = padValue). */
export function im2colPm1(config: BcnnConfig, x: Int8Array, n: number): Float32Array {
  const { inputSize: s, kernelSize: k, stride, padding: p, padValue } = config;
  const { convSize: o, kernelTaps: T } = bcnnShapes(config);
  const out = new Float32Array(n * o * o * T);
  let w = 0;
  for (let img = 0; img < n; img++) {
    const base = img * s * s;
    for (let r = 0; r < o; r++)
      for (let q = 0; q < o; q++)
        for (let u = 0; u < k; u++)
          for (let v = 0; v < k; v++) {
            const i = r * stride + u - p;
            const j = q * stride + v - p;
            out[w++] = i >= 0 && i < s && j >= 0 && j < s ? x[base + i * s + j] : padValue;
          }
  }
  return out;
}

/** One trainable parameter tensor with its gradient and optimizer state. */
export interface Param {
  readonly value: Float32Array;
  readonly grad: Float32Array;
  readonly m1: Float32Array;
  readonly m2: Float32Array;
  /** Latent binary weights are clipped to [-1, 1]; batch-norm scale/shift are not. */
  readonly clip: boolean;
}

export function makeParam(size: number, clip: boolean): Param {
  return {
    value: new Float32Array(size),
    grad: new Float32Array(size),
    m1: new Float32Array(size),
    m2: new Float32Array(size),
    clip,
  };
}

export type ForwardMode = 'binary' | 'surrogate';

/**
 * The trainable BinaryNet-style BCNN: latent weights, batch-norm parameters, buffers, forward/backward.
 * Layer order (as in BinaryNet): conv -> max-pool -> batch norm -> sign -> FC. Batch norm acts per channel on
 * the pooled pre-activations, so its scale gamma is kept >= GAMMA_MIN > 0: then sign(BN(max a)) = OR over the
 * window of (a >= theta), the OR-pooling BCNN of lib/bnn/bcnn.ts (a negative gamma would turn it into AND).
 */
export class BinaryNetBcnn {
  readonly C: number;
  readonly T: number;
  readonly OO: number;
  readonly po: number;
  readonly F: number;
  readonly M: number;
  readonly logitScale: number;
  readonly conv: Param;
  readonly fc: Param;
  readonly gamma: Param;
  readonly beta: Param;
  readonly runMean: Float64Array;
  readonly runVar: Float64Array;
  /** Running-statistics update rate. */
  bnMomentum = 0.1;
  private readonly effConv: Float32Array;
  private readonly effFc: Float32Array;
  /** Conv pre-activations, B x C x o x o. */
  private readonly a: Float32Array;
  /** Gradient w.r.t. a. */
  private readonly gA: Float32Array;
  /** Max-pooled pre-activations, B x F, and the index into `a` of each maximum. */
  private readonly pooled: Float32Array;
  private readonly argIdx: Int32Array;
  /** Normalized (xhat) and batch-normed (ahat) pooled values, B x F. */
  private readonly xhat: Float32Array;
  private readonly ahat: Float32Array;
  /** Activations sign(ahat) (hardtanh in surrogate mode), B x F, and their gradient. */
  private readonly h: Float32Array;
  private readonly gh: Float32Array;
  /** Softmax probabilities, then the logit gradient, B x M. */
  private readonly prob: Float32Array;
  /** Largest logit of each row, before its float32 rounding into `prob` (the softmax's shift). */
  private readonly zmax: Float64Array;
  private readonly mu: Float64Array;
  private readonly invStd: Float64Array;

  constructor(
    readonly config: BcnnConfig,
    readonly batchNorm: boolean,
    readonly maxBatch: number,
    logitScale: number,
  ) {
    const s = bcnnShapes(config);
    this.C = config.channels;
    this.T = s.kernelTaps;
    this.OO = s.convSize * s.convSize;
    this.po = s.poolSize;
    this.F = s.features;
    this.M = config.numClasses;
    this.logitScale = logitScale > 0 ? logitScale : 1 / Math.sqrt(this.F);
    this.conv = makeParam(this.C * this.T, true);
    this.fc = makeParam(this.M * this.F, true);
    this.gamma = makeParam(this.C, false);
    this.beta = makeParam(this.C, false);
    this.gamma.value.fill(1);
    this.runMean = new Float64Array(this.C);
    this.runVar = new Float64Array(this.C).fill(1);
    this.effConv = new Float32Array(this.C * this.T);
    this.effFc = new Float32Array(this.M * this.F);
    const maps = maxBatch * this.C * this.OO;
    this.a = new Float32Array(maps);
    this.gA = new Float32Array(maps);
    const feats = maxBatch * this.F;
    this.pooled = new Float32Array(feats);
    this.argIdx = new Int32Array(feats);
    this.xhat = new Float32Array(feats);
    this.ahat = new Float32Array(feats);
    this.h = new Float32Array(feats);
    this.gh = new Float32Array(feats);
    this.prob = new Float32Array(maxBatch * this.M);
    this.zmax = new Float64Array(maxBatch);
    this.mu = new Float64Array(this.C);
    this.invStd = new Float64Array(this.C);
  }

  /** The parameters the optimizer updates. */
  params(freezeConv: boolean): Param[] {
    const ps = [this.fc];
    if (!freezeConv) ps.push(this.conv);
    if (this.batchNorm && !freezeConv) ps.push(this.gamma, this.beta);
    return ps;
  }

  private effectiveWeights(mode: ForwardMode): void {
    const { effConv, effFc } = this;
    const cw = this.conv.value;
    const fw = this.fc.value;
    if (mode === 'binary') {
      for (let i = 0; i < cw.length; i++) effConv[i] = sign(cw[i]);
      for (let i = 0; i < fw.length; i++) effFc[i] = sign(fw[i]);
    } else {
      effConv.set(cw);
      effFc.set(fw);
    }
  }

  /** Conv pre-activations a (B x C x OO) of the batch rows idx[start..end) from precomputed patches. */
  private convForward(patches: Float32Array, idx: Int32Array, start: number, end: number): void {
    const { C, T, OO, effConv, a } = this;
    for (let b = 0; b < end - start; b++) {
      const pbase = idx[start + b] * OO * T;
      for (let c = 0; c < C; c++) {
        const wbase = c * T;
        const abase = (b * C + c) * OO;
        for (let pos = 0; pos < OO; pos++) {
          const p0 = pbase + pos * T;
          let acc = 0;
          for (let t = 0; t < T; t++) acc += effConv[wbase + t] * patches[p0 + t];
          a[abase + pos] = acc;
        }
      }
    }
  }

  /** Max-pool of a over P x P windows (first maximum wins), remembering where each maximum came from. */
  private poolForward(B: number): void {
    const { C, OO, po, F, a, pooled, argIdx } = this;
    const P = this.config.pool;
    const o = Math.round(Math.sqrt(OO));
    for (let b = 0; b < B; b++)
      for (let c = 0; c < C; c++) {
        const abase = (b * C + c) * OO;
        for (let i = 0; i < po; i++)
          for (let j = 0; j < po; j++) {
            let best = -Infinity;
            let arg = 0;
            for (let u = 0; u < P; u++)
              for (let v = 0; v < P; v++) {
                const pos = (i * P + u) * o + j * P + v;
                if (a[abase + pos] > best) {
                  best = a[abase + pos];
                  arg = pos;
                }
              }
            const f = b * F + (c * po + i) * po + j;
            pooled[f] = best;
            argIdx[f] = abase + arg;
          }
      }
  }

  /**
   * Batch-norm layer, forward: pooled -> ahat, per-channel batch norm with batch statistics (training) or
   * running statistics (eval), or without batch norm the fixed scale 1/sqrt(k*k).
   */
  private normForward(B: number, training: boolean): void {
    const { C, F, pooled, xhat, ahat, mu, invStd } = this;
    const S = this.po * this.po; // pooled positions per channel
    if (!this.batchNorm) {
      const scale = 1 / Math.sqrt(this.T);
      for (let i = 0; i < B * F; i++) ahat[i] = pooled[i] * scale;
    } else {
      const N = B * S;
      for (let c = 0; c < C; c++) {
        if (training) {
          let sum = 0;
          for (let b = 0; b < B; b++) for (let t = 0; t < S; t++) sum += pooled[b * F + c * S + t];
          const mean = sum / N;
          let sq = 0;
          for (let b = 0; b < B; b++)
            for (let t = 0; t < S; t++) {
              const d = pooled[b * F + c * S + t] - mean;
              sq += d * d;
            }
          mu[c] = mean;
          invStd[c] = 1 / Math.sqrt(sq / N + BN_EPS);
        } else {
          mu[c] = this.runMean[c];
          invStd[c] = 1 / Math.sqrt(this.runVar[c] + BN_EPS);
        }
        const g = this.gamma.value[c];
        const bt = this.beta.value[c];
        const m = mu[c];
        const is = invStd[c];
        for (let b = 0; b < B; b++)
          for (let t = 0; t < S; t++) {
            const f = b * F + c * S + t;
            const xh = (pooled[f] - m) * is;
            xhat[f] = xh;
            ahat[f] = g * xh + bt;
          }
      }
    }
  }

  /** Activation, forward: h = sign(ahat) (hardtanh(ahat) in surrogate mode). */
  private activationForward(B: number, mode: ForwardMode): void {
    const { F, ahat, h } = this;
    if (mode === 'binary') for (let i = 0; i < B * F; i++) h[i] = sign(ahat[i]);
    else for (let i = 0; i < B * F; i++) h[i] = htanh(ahat[i]);
  }

  /** Activation, backward (the sign's STE): d h / d ahat = 1_{|ahat| <= 1}; gh becomes d/d ahat in place. */
  private activationBackward(B: number): void {
    const { F, ahat, gh } = this;
    for (let i = 0; i < B * F; i++) if (ste(ahat[i]) === 0) gh[i] = 0;
  }

  /**
   * FC layer, forward: logits z[b][m] = logitScale * sum_f W[m][f] h[b][f] into `prob` and each row's largest
   * logit into `zmax` (softmaxCrossEntropy then turns them into probabilities and the logit gradient).
   */
  private fcForward(B: number): void {
    const { M, F, effFc, h, prob, zmax } = this;
    const scale = this.logitScale;
    for (let b = 0; b < B; b++) {
      let top = -Infinity;
      for (let m = 0; m < M; m++) {
        let acc = 0;
        const wbase = m * F;
        const hbase = b * F;
        for (let f = 0; f < F; f++) acc += effFc[wbase + f] * h[hbase + f];
        const logit = acc * scale;
        prob[b * M + m] = logit;
        if (logit > top) top = logit;
      }
      zmax[b] = top;
    }
  }

  /**
   * Softmax cross-entropy of the logits in `prob` against the labels: returns the summed loss and leaves the
   * logit gradient (p - onehot) * scale / B in `prob` (in place).
   */
  private softmaxCrossEntropy(B: number, labels: Uint8Array, idx: Int32Array, start: number): number {
    const { M, prob, zmax } = this;
    const scale = this.logitScale;
    let loss = 0;
    for (let b = 0; b < B; b++) {
      let sum = 0;
      for (let m = 0; m < M; m++) {
        const e = Math.exp(prob[b * M + m] - zmax[b]);
        prob[b * M + m] = e;
        sum += e;
      }
      const y = labels[idx[start + b]];
      for (let m = 0; m < M; m++) prob[b * M + m] /= sum;
      loss -= Math.log(Math.max(prob[b * M + y], 1e-30));
      for (let m = 0; m < M; m++) prob[b * M + m] = ((prob[b * M + m] - (m === y ? 1 : 0)) * scale) / B;
    }
    return loss;
  }

  /**
   * FC layer, backward: gFc[m][f] = sum_b gz[b][m] h[b][f] (then the STE to the latent weights);
   * gh[b][f] = sum_m gz[b][m] W[m][f].
   */
  private fcBackward(B: number): void {
    const { M, F, effFc, h, prob, gh } = this;
    const gFc = this.fc.grad;
    gFc.fill(0);
    gh.fill(0, 0, B * F);
    for (let b = 0; b < B; b++)
      for (let m = 0; m < M; m++) {
        const g = prob[b * M + m];
        const wbase = m * F;
        const hbase = b * F;
        for (let f = 0; f < F; f++) {
          gFc[wbase + f] += g * h[hbase + f];
          gh[hbase + f] += g * effFc[wbase + f];
        }
      }
    const fcLatent = this.fc.value;
    for (let i = 0; i < gFc.length; i++) gFc[i] *= ste(fcLatent[i]);
  }

  /** Batch-norm layer, backward (or the fixed 1/sqrt(T) scale): gh becomes the gradient w.r.t. pooled in place. */
  private normBackward(B: number): void {
    const { C, T, F, gh, xhat, invStd } = this;
    const S = this.po * this.po;
    if (this.batchNorm) {
      const gGamma = this.gamma.grad;
      const gBeta = this.beta.grad;
      const N = B * S;
      for (let c = 0; c < C; c++) {
        let sg = 0;
        let sgx = 0;
        for (let b = 0; b < B; b++)
          for (let t = 0; t < S; t++) {
            const f = b * F + c * S + t;
            sg += gh[f];
            sgx += gh[f] * xhat[f];
          }
        gGamma[c] = sgx;
        gBeta[c] = sg;
        const k = this.gamma.value[c] * invStd[c];
        const meanG = sg / N;
        const meanGx = sgx / N;
        for (let b = 0; b < B; b++)
          for (let t = 0; t < S; t++) {
            const f = b * F + c * S + t;
            gh[f] = k * (gh[f] - meanG - xhat[f] * meanGx);
          }
      }
    } else {
      const sc = 1 / Math.sqrt(T);
      for (let i = 0; i < B * F; i++) gh[i] *= sc;
    }
  }

  /** Max-pool, backward: routes each window's gradient to its maximum. */
  private poolBackward(B: number): void {
    const { C, OO, F, gA, gh, argIdx } = this;
    gA.fill(0, 0, B * C * OO);
    for (let f = 0; f < B * F; f++) gA[argIdx[f]] += gh[f];
  }

  /** Conv layer, backward: the gradient of the binary kernel from the patches, then the STE to the latent kernel. */
  private convBackward(patches: Float32Array, idx: Int32Array, start: number, B: number): void {
    const { C, T, OO, gA } = this;
    const gConv = this.conv.grad;
    gConv.fill(0);
    for (let b = 0; b < B; b++) {
      const pbase = idx[start + b] * OO * T;
      for (let c = 0; c < C; c++) {
        const abase = (b * C + c) * OO;
        const wbase = c * T;
        for (let pos = 0; pos < OO; pos++) {
          const g = gA[abase + pos];
          if (g === 0) continue;
          const p0 = pbase + pos * T;
          for (let t = 0; t < T; t++) gConv[wbase + t] += g * patches[p0 + t];
        }
      }
    }
    const convLatent = this.conv.value;
    for (let i = 0; i < gConv.length; i++) gConv[i] *= ste(convLatent[i]);
  }

  /**
   * Forward and backward pass over the batch idx[start..end): returns the mean cross-entropy and leaves the
   * gradients in the params' `grad` arrays (overwritten). Updates the batch-norm running statistics unless
   * `updateRunning` is false.
   */
  lossAndGrad(
    patches: Float32Array,
    labels: Uint8Array,
    idx: Int32Array,
    start: number,
    end: number,
    mode: ForwardMode = 'binary',
    updateRunning = true,
  ): number {
    const B = end - start;
    if (B > this.maxBatch || B < 1)
      throw new InvlogicError(`batch of ${B} rows, buffers hold ${this.maxBatch}`, 'batchSize');
    // forward: conv -> max-pool -> batch norm -> sign -> FC -> softmax cross-entropy
    this.effectiveWeights(mode);
    this.convForward(patches, idx, start, end);
    this.poolForward(B);
    this.normForward(B, true);
    this.activationForward(B, mode);
    if (this.batchNorm && updateRunning) this.updateRunningStats(B);
    this.fcForward(B);
    const loss = this.softmaxCrossEntropy(B, labels, idx, start);
    // backward, layer by layer in reverse
    this.fcBackward(B);
    this.activationBackward(B);
    this.normBackward(B);
    this.poolBackward(B);
    this.convBackward(patches, idx, start, B);
    return loss / B;
  }

  private updateRunningStats(B: number): void {
    const { C, mu, invStd } = this;
    const mom = this.bnMomentum;
    const N = B * this.po * this.po;
    for (let c = 0; c < C; c++) {
      const variance = 1 / (invStd[c] * invStd[c]) - BN_EPS;
      const unbiased = N > 1 ? (variance * N) / (N - 1) : variance;
      this.runMean[c] = (1 - mom) * this.runMean[c] + mom * mu[c];
      this.runVar[c] = (1 - mom) * this.runVar[c] + mom * unbiased;
    }
  }

  /** Keeps gamma >= GAMMA_MIN after an optimizer step (see the class comment). */
  constrainGamma(): void {
    const g = this.gamma.value;
    for (let c = 0; c < g.length; c++) if (g[c] < GAMMA_MIN) g[c] = GAMMA_MIN;
  }

  /**
   * Sets the running statistics to the exact mean and (unbiased) variance of the pooled pre-activations over
   * all rows of `patches` with the current binary kernels (batch-norm recalibration: the folded thresholds
   * are integers, so the noise of the exponential moving average matters).
   */
  recalibrate(patches: Float32Array, n: number): void {
    const { C, F, pooled } = this;
    const S = this.po * this.po;
    this.effectiveWeights('binary');
    const sum = new Float64Array(C);
    const sq = new Float64Array(C);
    const idx = new Int32Array(this.maxBatch);
    for (let start = 0; start < n; start += this.maxBatch) {
      const B = Math.min(n, start + this.maxBatch) - start;
      for (let b = 0; b < B; b++) idx[b] = start + b;
      this.convForward(patches, idx, 0, B);
      this.poolForward(B);
      for (let b = 0; b < B; b++)
        for (let c = 0; c < C; c++)
          for (let t = 0; t < S; t++) {
            const v = pooled[b * F + c * S + t];
            sum[c] += v;
            sq[c] += v * v;
          }
    }
    const N = n * S;
    for (let c = 0; c < C; c++) {
      const mean = sum[c] / N;
      this.runMean[c] = mean;
      this.runVar[c] = N > 1 ? Math.max(0, (sq[c] - N * mean * mean) / (N - 1)) : 0;
    }
  }

  /** Eval-mode float forward (running statistics, binary weights): predicted class of each row in `idx`. */
  predictEval(patches: Float32Array, idx: Int32Array, out: Uint8Array): void {
    const { M, F, effFc, h } = this;
    this.effectiveWeights('binary');
    for (let start = 0; start < idx.length; start += this.maxBatch) {
      const end = Math.min(idx.length, start + this.maxBatch);
      const B = end - start;
      this.convForward(patches, idx, start, end);
      this.poolForward(B);
      this.normForward(B, false);
      this.activationForward(B, 'binary');
      for (let b = 0; b < B; b++) {
        let best = 0;
        let bestZ = -Infinity;
        for (let m = 0; m < M; m++) {
          let acc = 0;
          for (let f = 0; f < F; f++) acc += effFc[m * F + f] * h[b * F + f];
          if (acc > bestZ) {
            bestZ = acc;
            best = m;
          }
        }
        out[start + b] = best;
      }
    }
  }

  /** The binarized BCNN these latent weights define, with batch norm folded (foldBatchNorm). */
  toWeights(): BcnnWeights {
    const { C, T, M, F } = this;
    const conv = new Int8Array(C * T);
    const convThreshold = new Int32Array(C);
    for (let c = 0; c < C; c++) {
      const fold = this.batchNorm
        ? foldBatchNorm(this.gamma.value[c], this.beta.value[c], this.runMean[c], this.runVar[c], T)
        : { threshold: 0, negate: false };
      convThreshold[c] = fold.threshold;
      for (let t = 0; t < T; t++) {
        const s = sign(this.conv.value[c * T + t]);
        conv[c * T + t] = fold.negate ? -s : s;
      }
    }
    const fc = new Int8Array(M * F);
    for (let i = 0; i < M * F; i++) fc[i] = sign(this.fc.value[i]);
    return { config: this.config, conv, convThreshold, fc, fcBias: new Int32Array(M) };
  }
}

/**
 * Folds eval-mode batch norm into the integer sign threshold of a conv channel. With sd = sqrt(var + eps):
 * BN(a) = gamma (a - mean)/sd + beta >= 0
 *   gamma > 0:  a >= q,  q = mean - beta sd / gamma   ->  theta = ceil(q), kernel kept
 *   gamma < 0:  a <= q                                 ->  -a >= -q: kernel negated, theta = ceil(-q)
 *   gamma = 0:  always (beta >= 0: theta = -taps) or never (theta = taps + 1).
 * a is an integer in [-taps, taps], so the thresholds are exact. (The trainer keeps gamma > 0 because with
 * pooling a negative scale would turn OR-pooling into AND-pooling; the negative case serves pool = 1.)
 */
export function foldBatchNorm(
  gamma: number,
  beta: number,
  mean: number,
  variance: number,
  taps: number,
): { threshold: number; negate: boolean } {
  const sd = Math.sqrt(variance + BN_EPS);
  if (gamma === 0) return { threshold: beta >= 0 ? -taps : taps + 1, negate: false };
  const q = mean - (beta * sd) / gamma;
  const clampT = (t: number) => Math.max(-taps, Math.min(taps + 1, t));
  return gamma > 0
    ? { threshold: clampT(Math.ceil(q)), negate: false }
    : { threshold: clampT(Math.ceil(-q)), negate: true };
}

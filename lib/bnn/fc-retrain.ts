/**
 * Retraining the binarized FC layer of a BCNN on its frozen conv features (the stronger backprop recipe of
 * the headline baseline, issue 20): with the conv layer fixed, the features g in {-1, +1}^F of every
 * training image are constants, and the FC layer is a binarized linear classifier trained with the
 * straight-through estimator (Courbariaux et al. 2016):
 *
 *   z[m] = s * sum_f sign(W~[m][f]) g[f],   loss = softmax cross-entropy(z, label)
 *   dL/dW~ := dL/dsign(W~) * 1_{|W~| <= 1}   (STE), W~ clipped to [-1, 1] after each Adam step
 *   s = exp(logS) is learnable (it does not change the argmax, only the softmax's temperature)
 *   learning rate: cosine from lr0 to 0 over all steps; returned: the weights of the epoch with the best
 *   training accuracy (no test leakage)
 *
 * The deployed model is unchanged: FC weights +-1, no class bias, argmax with ties to the lowest class.
 */
import { createRng, shuffleInPlace, type Seed } from '../rng';
import { clipUnit, signPm1, steSignGrad } from './binarize';

// The named quantizers, bound locally (no module-namespace getter per call in the loops).
const sign = signPm1;
const ste = steSignGrad;
const clip = clipUnit;

export interface FcRetrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: Seed;
}

export interface FcRetrainEpoch {
  epoch: number;
  trainAccuracy: number;
  /** The binarized FC weights after this epoch (M x F). */
  fc: Int8Array;
}

/** Training accuracy of binary FC weights on +-1 features (argmax, ties -> lowest class). */
export function binaryFcAccuracy(G: Int8Array, labels: ArrayLike<number>, F: number, M: number, fc: Int8Array): number {
  const n = labels.length;
  let correct = 0;
  for (let k = 0; k < n; k++) {
    let best = 0;
    let bestZ = -Infinity;
    for (let m = 0; m < M; m++) {
      let z = 0;
      for (let f = 0; f < F; f++) z += fc[m * F + f] * G[k * F + f];
      if (z > bestZ) {
        bestZ = z;
        best = m;
      }
    }
    if (best === labels[k]) correct++;
  }
  return n > 0 ? correct / n : NaN;
}

/**
 * Trains binary FC weights (M x F) on features G (n x F, +-1) and class labels; calls `onEpoch` after every
 * epoch with that epoch's binarized weights. Returns the weights of the best training epoch.
 */
export function retrainBinaryFc(
  G: Int8Array,
  labels: ArrayLike<number>,
  F: number,
  M: number,
  o: FcRetrainOptions,
  onEpoch?: (e: FcRetrainEpoch) => void,
): { fc: Int8Array; trainAccuracy: number; epoch: number } {
  const n = labels.length;
  const rng = createRng('xoshiro128ss', o.seed, 7);
  const W = new Float32Array(M * F);
  for (let i = 0; i < W.length; i++) W[i] = (2 * rng.nextFloat() - 1) * 0.1;
  const gW = new Float32Array(M * F);
  const m1 = new Float32Array(M * F);
  const m2 = new Float32Array(M * F);
  let logS = Math.log(1 / Math.sqrt(F));
  let sM1 = 0;
  let sM2 = 0;
  const Wb = new Int8Array(M * F);
  const raw = new Float64Array(M);
  const prob = new Float64Array(M);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const b1 = 0.9;
  const b2 = 0.999;
  const stepsPerEpoch = Math.ceil(n / o.batchSize);
  const totalSteps = stepsPerEpoch * o.epochs;
  let step = 0;
  let best = { fc: new Int8Array(M * F), trainAccuracy: -1, epoch: 0 };
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    shuffleInPlace(rng, order);
    for (let start = 0; start < n; start += o.batchSize) {
      const end = Math.min(n, start + o.batchSize);
      const B = end - start;
      for (let i = 0; i < W.length; i++) Wb[i] = sign(W[i]);
      gW.fill(0);
      const s = Math.exp(logS);
      let gLogS = 0;
      for (let b = start; b < end; b++) {
        const k = order[b];
        let zmax = -Infinity;
        for (let m = 0; m < M; m++) {
          let acc = 0;
          for (let f = 0; f < F; f++) acc += Wb[m * F + f] * G[k * F + f];
          raw[m] = acc;
          if (acc * s > zmax) zmax = acc * s;
        }
        let sum = 0;
        for (let m = 0; m < M; m++) {
          prob[m] = Math.exp(raw[m] * s - zmax);
          sum += prob[m];
        }
        const y = labels[k];
        for (let m = 0; m < M; m++) {
          const gz = (prob[m] / sum - (m === y ? 1 : 0)) / B; // dL/dz[m]
          gLogS += gz * raw[m] * s;
          const g = gz * s;
          for (let f = 0; f < F; f++) gW[m * F + f] += g * G[k * F + f];
        }
      }
      step++;
      const lr = 0.5 * o.learningRate * (1 + Math.cos((Math.PI * (step - 1)) / totalSteps));
      const a = (lr * Math.sqrt(1 - b2 ** step)) / (1 - b1 ** step);
      for (let i = 0; i < W.length; i++) {
        const g = ste(W[i]) === 0 ? 0 : gW[i];
        m1[i] = b1 * m1[i] + (1 - b1) * g;
        m2[i] = b2 * m2[i] + (1 - b2) * g * g;
        const v = W[i] - (a * m1[i]) / (Math.sqrt(m2[i]) + 1e-8);
        W[i] = clip(v);
      }
      sM1 = b1 * sM1 + (1 - b1) * gLogS;
      sM2 = b2 * sM2 + (1 - b2) * gLogS * gLogS;
      logS -= (a * sM1) / (Math.sqrt(sM2) + 1e-8);
    }
    const fc = Int8Array.from(W, sign);
    const trainAccuracy = binaryFcAccuracy(G, labels, F, M, fc);
    onEpoch?.({ epoch, trainAccuracy, fc });
    if (trainAccuracy > best.trainAccuracy) best = { fc, trainAccuracy, epoch };
  }
  return best;
}

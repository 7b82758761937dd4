/**
 * The CPU backprop reference for the 2-layer BCNN (paper brief §7 row 7: the baseline of the paper's 40x
 * speed and 134x energy claims), written BinaryNet-style (Courbariaux et al. 2016, arXiv 1602.02830):
 *
 *   latent real weights W~ in [-1, 1];  forward with W = sign(W~)                    (Eq. 1, deterministic)
 *   conv -> max-pool (on the real pre-activations) -> [batch norm] -> sign -> FC -> softmax cross-entropy
 *   backward: straight-through estimators  d sign(x)/dx := 1_{|x| <= 1}  on activations and on W~
 *   update: Adam (or SGD with momentum) on W~, then clip W~ to [-1, 1]
 *
 * Pooling before the sign is exact for the binarized network: for any increasing map s, s(max_window a) =
 * OR_window s(a), so the trained net is the BCNN of lib/bnn/bcnn.ts. Batch norm (per conv channel, on the
 * pooled values, scale kept positive) folds into the integer threshold theta[c] (see foldBatchNorm). The FC layer has no batch
 * norm: its output is scaled by a fixed logitScale before the softmax, which does not change the argmax.
 * Without batch norm the conv pre-activation enters the sign (and its STE window) scaled by 1/sqrt(k*k).
 *
 * Single thread, typed arrays; all buffers are allocated once per training run and the per-batch loops
 * allocate nothing. `mode: 'surrogate'` replaces sign by hardtanh on activations and by the identity on the
 * latent weights: the backward pass is then the exact gradient of that smooth surrogate, which is what the
 * finite-difference test checks (the STE is by definition that surrogate's derivative).
 * The network and its layers (forward/backward pairs) are in lib/bnn/backprop-net.ts; this file trains it.
 */
import { InvlogicError } from '../errors';
import { createRng, shuffleInPlace } from '../rng';
import type { BinaryImageSet } from '../data';
import { type BcnnWeights, bcnnShapes } from './bcnn';
import { BinaryNetBcnn, im2colPm1, type Param } from './backprop-net';
import { clipUnit } from './binarize';
import { retrainBinaryFc } from './fc-retrain';
import { bcnnAccuracy, bcnnFeatureMatrix, packBcnn } from './packed';
import {
  type BcnnProblem,
  type BcnnTrainResult,
  type EpochRecord,
  type OptionsOf,
  registerMethod,
  timeToAccuracy,
  timeToFinal,
} from './registry';

export { BinaryNetBcnn, foldBatchNorm, im2colPm1, type ForwardMode } from './backprop-net';

export const backpropOptionSchema = {
  epochs: { type: 'int', default: 30, min: 1, max: 100_000, help: 'passes over the training set' },
  batchSize: { type: 'int', default: 32, min: 1, max: 100_000, help: 'examples per optimizer step' },
  optimizer: { type: 'string', default: 'adam', choices: ['adam', 'sgd'], help: 'adam, or sgd with momentum' },
  learningRate: { type: 'number', default: 0.003, min: 1e-6, max: 10, help: 'initial step size' },
  lrDecay: { type: 'number', default: 0.95, min: 0.01, max: 1, help: 'learning rate multiplier per epoch' },
  momentum: { type: 'number', default: 0.9, min: 0, max: 0.999, help: 'sgd momentum' },
  batchNorm: { type: 'boolean', default: true, help: 'batch norm on the conv pre-activations (folded at export)' },
  bnMomentum: { type: 'number', default: 0.1, min: 0, max: 1, help: 'running-statistics update rate' },
  bnStats: {
    type: 'string',
    default: 'population',
    choices: ['population', 'running'],
    help: 'export batch norm with exact training-set statistics (recomputed each epoch) or the moving average',
  },
  logitScale: { type: 'number', default: 0, min: 0, max: 100, help: 'softmax input = scale * z; 0 = 1/sqrt(F)' },
  initScale: { type: 'number', default: 0.1, min: 0, max: 1, help: 'latent weights start uniform in [-s, s]' },
  freezeConv: { type: 'boolean', default: false, help: 'train only the FC layer (conv from `initial` or random)' },
  keep: {
    type: 'string',
    default: 'best-train',
    choices: ['best-train', 'last'],
    help: 'return the weights of the epoch with the best training accuracy (no test leakage), or of the last epoch',
  },
  targetAccuracy: { type: 'number', default: 0, min: 0, max: 1, help: 'report the time to this test accuracy' },
  fcRetrainEpochs: {
    type: 'int',
    default: 0,
    min: 0,
    max: 100_000,
    help: 'then retrain the FC layer on the frozen conv features for this many epochs (Adam, cosine lr, learnable logit scale; lib/bnn/fc-retrain.ts); 0 = off',
  },
  fcRetrainLearningRate: {
    type: 'number',
    default: 0.003,
    min: 1e-6,
    max: 10,
    help: 'FC retraining: initial step size',
  },
} as const;

export type BackpropOptions = OptionsOf<typeof backpropOptionSchema>;

// Local binding (a module-namespace getter per call otherwise; see backprop-net.ts).
const clip = clipUnit;

function checkProblem(problem: BcnnProblem): void {
  const { config, train, test } = problem;
  const check = (name: string, set: BinaryImageSet) => {
    if (set.size !== config.inputSize) {
      throw new InvlogicError(
        `${name} images are ${set.size}x${set.size}, the config wants inputSize ${config.inputSize}`,
        'inputSize',
      );
    }
    if (set.classes.length !== config.numClasses) {
      throw new InvlogicError(
        `${name} has ${set.classes.length} classes, the config wants numClasses ${config.numClasses}`,
        'numClasses',
      );
    }
  };
  check('train', train);
  if (test) check('test', test);
}

/** Trains the BCNN with BinaryNet-style backprop; see the file comment. */
export function trainBackprop(problem: BcnnProblem, options: BackpropOptions): BcnnTrainResult {
  checkProblem(problem);
  const { config, train, test } = problem;
  const initRng = createRng('xoshiro128ss', problem.seed, 0);
  const orderRng = createRng('xoshiro128ss', problem.seed, 1);
  const net = new BinaryNetBcnn(config, options.batchNorm, options.batchSize, options.logitScale);
  net.bnMomentum = options.bnMomentum;
  const init = (p: Param, from?: Int8Array) => {
    for (let i = 0; i < p.value.length; i++) {
      const r = initRng.nextFloat() * options.initScale;
      p.value[i] = from ? from[i] * Math.max(r, 1e-3) : (2 * initRng.nextFloat() - 1) * options.initScale;
    }
  };
  init(net.conv, problem.initial?.conv);
  init(net.fc, problem.initial?.fc);

  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const trainPatches = im2colPm1(config, train.x, train.n);
  let timeS = (performance.now() - t0) / 1000; // im2col of the training set counts as training time
  let cpuS = cpuSeconds(process.cpuUsage(c0));
  const order = new Int32Array(train.n);
  for (let k = 0; k < train.n; k++) order[k] = k;
  const params = net.params(options.freezeConv);
  const beta1 = 0.9;
  const beta2 = 0.999;
  let step = 0;
  let lr = options.learningRate;
  const history: EpochRecord[] = [];
  let kept: BcnnWeights | undefined;
  let keptEpoch = 0;
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const e0 = performance.now();
    const ec0 = process.cpuUsage();
    shuffleInPlace(orderRng, order);
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start < train.n; start += options.batchSize) {
      const end = Math.min(train.n, start + options.batchSize);
      if (end - start < 2 && options.batchNorm) continue; // a batch of one has no variance
      lossSum += net.lossAndGrad(trainPatches, train.y, order, start, end, 'binary');
      batches++;
      step++;
      if (options.optimizer === 'adam') {
        const a = (lr * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
        for (const p of params) adamStep(p, a, beta1, beta2);
      } else {
        for (const p of params) sgdStep(p, lr, options.momentum);
      }
      net.constrainGamma();
    }
    lr *= options.lrDecay;
    if (options.batchNorm && options.bnStats === 'population') net.recalibrate(trainPatches, train.n);
    timeS += (performance.now() - e0) / 1000;
    cpuS += cpuSeconds(process.cpuUsage(ec0));
    const weights = net.toWeights();
    const packed = packBcnn(weights);
    const rec: EpochRecord = {
      epoch,
      trainAccuracy: bcnnAccuracy(packed, train.x, train.y, train.n),
      testAccuracy: test ? bcnnAccuracy(packed, test.x, test.y, test.n) : NaN,
      loss: lossSum / Math.max(1, batches),
      timeS,
      cpuTimeS: cpuS,
    };
    if (options.keep === 'last' || kept === undefined || rec.trainAccuracy > history[keptEpoch - 1].trainAccuracy) {
      kept = weights;
      keptEpoch = epoch;
    }
    history.push(rec);
    problem.onEpoch?.(rec);
  }
  if (options.fcRetrainEpochs > 0) {
    // The stronger recipe (issue 20): the FC layer retrained on the frozen features of the kept conv layer.
    // Candidates are the kept network and every retraining epoch; the best training accuracy wins.
    const convKept = kept as BcnnWeights;
    const e0 = performance.now();
    const ec0 = process.cpuUsage();
    const { features: F } = bcnnShapes(config);
    const G = bcnnFeatureMatrix(convKept, train.x, train.n);
    let mark = { wall: performance.now(), cpu: process.cpuUsage() };
    timeS += (mark.wall - e0) / 1000;
    cpuS += cpuSeconds(process.cpuUsage(ec0));
    let bestAcc = history[keptEpoch - 1].trainAccuracy;
    retrainBinaryFc(
      G,
      train.y,
      F,
      config.numClasses,
      {
        epochs: options.fcRetrainEpochs,
        batchSize: options.batchSize,
        learningRate: options.fcRetrainLearningRate,
        seed: `${String(problem.seed)}/fc-retrain`,
      },
      (e) => {
        timeS += (performance.now() - mark.wall) / 1000;
        cpuS += cpuSeconds(process.cpuUsage(mark.cpu));
        const weights: BcnnWeights = { ...convKept, fc: e.fc };
        const rec: EpochRecord = {
          epoch: options.epochs + e.epoch,
          trainAccuracy: e.trainAccuracy,
          testAccuracy: test ? bcnnAccuracy(weights, test.x, test.y, test.n) : NaN,
          timeS,
          cpuTimeS: cpuS,
        };
        history.push(rec);
        problem.onEpoch?.(rec);
        if (e.trainAccuracy > bestAcc) {
          bestAcc = e.trainAccuracy;
          kept = weights;
          keptEpoch = rec.epoch;
        }
        mark = { wall: performance.now(), cpu: process.cpuUsage() };
      },
    );
  }
  const last = history[history.length - 1];
  const final = history[keptEpoch - 1];
  const { binaryWeights } = bcnnShapes(config);
  return {
    method: 'backprop',
    target: 'bcnn',
    options,
    weights: kept as BcnnWeights,
    trainAccuracy: final.trainAccuracy,
    testAccuracy: final.testAccuracy,
    epochs: history.length,
    history,
    wallTimeS: last.timeS,
    // The returned weights are those of epoch `keptEpoch`: the time to them is the time to final accuracy.
    timeToFinalS: Math.min(final.timeS, timeToFinal(history.slice(0, keptEpoch))),
    info: {
      usesBackprop: true,
      keptEpoch,
      optimizerSteps: step,
      timePerEpochS: last.timeS / history.length,
      // CPU time of this process during training (user + system): less sensitive than wall time to other
      // processes sharing the machine.
      cpuTimeS: cpuS,
      cpuTimeToFinalS: cpuAt(history, timeToFinal(history.slice(0, keptEpoch))),
      binaryWeights,
      ...(options.targetAccuracy > 0
        ? {
            timeToTargetS: timeToAccuracy(history, options.targetAccuracy),
            cpuTimeToTargetS: cpuAt(history, timeToAccuracy(history, options.targetAccuracy)),
          }
        : {}),
    },
  };
}

/** CPU time at the epoch whose wall time is `timeS` (NaN if none). */
function cpuAt(history: readonly EpochRecord[], timeS: number): number {
  const r = history.find((h) => h.timeS === timeS);
  return r?.cpuTimeS ?? NaN;
}

function cpuSeconds(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1e6;
}

function adamStep(p: Param, a: number, beta1: number, beta2: number): void {
  const { value, grad, m1, m2 } = p;
  for (let i = 0; i < value.length; i++) {
    const g = grad[i];
    m1[i] = beta1 * m1[i] + (1 - beta1) * g;
    m2[i] = beta2 * m2[i] + (1 - beta2) * g * g;
    let v = value[i] - (a * m1[i]) / (Math.sqrt(m2[i]) + 1e-8);
    if (p.clip) v = clip(v);
    value[i] = v;
  }
}

function sgdStep(p: Param, lr: number, momentum: number): void {
  const { value, grad, m1 } = p;
  for (let i = 0; i < value.length; i++) {
    m1[i] = momentum * m1[i] + grad[i];
    let v = value[i] - lr * m1[i];
    if (p.clip) v = clip(v);
    value[i] = v;
  }
}

export const backpropMethod = registerMethod({
  name: 'backprop',
  target: 'bcnn',
  summary: 'BinaryNet-style backprop: latent weights in [-1,1], sign forward, STE, batch norm, Adam (CPU baseline)',
  reference: 'Courbariaux et al. 2016, arXiv 1602.02830; paper brief §7 row 7',
  options: backpropOptionSchema,
  train: trainBackprop,
});

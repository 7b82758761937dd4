import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BinaryNetBcnn,
  foldBatchNorm,
  getMethod,
  im2colPm1,
  packBcnn,
  packedPredict,
  referencePredict,
  resolveBcnnConfig,
  resolveMethodOptions,
  trainBackprop,
} from '../lib/bnn';
import type { BinaryImageSet } from '../lib/data';
import { createRng } from '../lib/rng';
import { randomImages } from './helpers/images';

function randomNet(
  seed: number,
  batchNorm: boolean,
  config = resolveBcnnConfig({ inputSize: 7, kernelSize: 3, channels: 3, pool: 2, numClasses: 4 }),
) {
  const rng = createRng('xoshiro128ss', seed);
  const net = new BinaryNetBcnn(config, batchNorm, 16, 0);
  for (const p of [net.conv, net.fc]) for (let i = 0; i < p.value.length; i++) p.value[i] = 2 * rng.nextFloat() - 1;
  for (let c = 0; c < config.channels; c++) {
    net.gamma.value[c] = 0.5 + rng.nextFloat();
    net.beta.value[c] = rng.nextFloat() - 0.5;
    net.runMean[c] = 3 * (rng.nextFloat() - 0.5);
    net.runVar[c] = 1 + 4 * rng.nextFloat();
  }
  return net;
}

test('fast im2col forward (no batch norm) equals the naive float reference of the exported weights', () => {
  const net = randomNet(1, false);
  const { x } = randomImages(50, 7, 2, { numClasses: 4, labels: 'random' });
  const patches = im2colPm1(net.config, x, 50);
  const idx = Int32Array.from({ length: 50 }, (_, i) => i);
  const pred = new Uint8Array(50);
  net.predictEval(patches, idx, pred);
  assert.deepEqual(pred, referencePredict(net.toWeights(), x, 50));
});

test('batch norm folds exactly into integer thresholds (and a negated kernel when gamma < 0, pool = 1)', () => {
  const net = randomNet(3, true);
  const { x } = randomImages(200, 7, 4, { numClasses: 4, labels: 'random' });
  const patches = im2colPm1(net.config, x, 200);
  const idx = Int32Array.from({ length: 200 }, (_, i) => i);
  const pred = new Uint8Array(200);
  net.predictEval(patches, idx, pred);
  assert.deepEqual(pred, packedPredict(packBcnn(net.toWeights()), x, 200));
  // Without pooling a negative scale is allowed: it folds into a negated kernel.
  const flat = randomNet(
    7,
    true,
    resolveBcnnConfig({ inputSize: 5, kernelSize: 3, channels: 3, pool: 1, numClasses: 3 }),
  );
  flat.gamma.value[1] = -0.8;
  const { x: x5 } = randomImages(200, 5, 8, { numClasses: 3, labels: 'random' });
  const pred5 = new Uint8Array(200);
  flat.predictEval(im2colPm1(flat.config, x5, 200), idx, pred5);
  const w = flat.toWeights();
  assert.deepEqual(pred5, packedPredict(packBcnn(w), x5, 200));
  for (let t = 0; t < 9; t++) assert.equal(w.conv[9 + t], flat.conv.value[9 + t] >= 0 ? -1 : 1);
  // Unit cases: gamma > 0 -> ceil(q); gamma < 0 -> flip and ceil(-q); gamma = 0 -> constant
  assert.deepEqual(foldBatchNorm(2, 0, 1.5, 1 - 1e-5, 9), { threshold: 2, negate: false });
  assert.deepEqual(foldBatchNorm(-2, 0, 1.5, 1 - 1e-5, 9), { threshold: -1, negate: true });
  assert.deepEqual(foldBatchNorm(0, 0.1, 0, 1, 9), { threshold: -9, negate: false });
  assert.deepEqual(foldBatchNorm(0, -0.1, 0, 1, 9), { threshold: 10, negate: false });
});

/**
 * What is checked: the backward pass run in 'surrogate' mode (sign -> hardtanh on activations, sign(W~) -> W~
 * on weights; the STE is by definition the derivative of this surrogate) returns the gradient of the surrogate
 * loss with respect to the latent conv/FC weights and the batch-norm gamma/beta. For each parameter the
 * one-sided differences (L(v+h)-L(v))/h and (L(v)-L(v-h))/h are computed; where they agree the surrogate is
 * smooth on [v-h, v+h] and the central difference must match the analytic gradient to 2e-3 (absolute,
 * float32 forward); where they disagree (a max-pool argmax switch or a hardtanh kink within h) the analytic
 * gradient must match one of the one-sided derivatives. At most 10% of parameters may sit at a kink.
 */
for (const batchNorm of [false, true]) {
  test(`STE gradient = derivative of the smooth surrogate, checked by finite differences (batchNorm=${batchNorm})`, () => {
    const config = resolveBcnnConfig({ inputSize: 6, kernelSize: 3, channels: 2, pool: 2, numClasses: 3 });
    const net = randomNet(5, batchNorm, config);
    for (const p of [net.conv, net.fc]) for (let i = 0; i < p.value.length; i++) p.value[i] *= 0.3; // inside hardtanh's linear range
    const n = 6;
    const { x, y } = randomImages(n, 6, 6, { numClasses: 3, labels: 'random' });
    const patches = im2colPm1(config, x, n);
    const idx = Int32Array.from({ length: n }, (_, i) => i);
    const loss = () => net.lossAndGrad(patches, y, idx, 0, n, 'surrogate', false);
    loss();
    const params = batchNorm ? [net.conv, net.fc, net.gamma, net.beta] : [net.conv, net.fc];
    const analytic = params.map((p) => Float64Array.from(p.grad));
    const h = 1e-3;
    let kinks = 0;
    let total = 0;
    params.forEach((p, pi) => {
      for (let i = 0; i < p.value.length; i++) {
        const v = p.value[i];
        p.value[i] = v + h;
        const lp = loss();
        p.value[i] = v - h;
        const lm = loss();
        p.value[i] = v;
        const l0 = loss();
        const right = (lp - l0) / h;
        const left = (l0 - lm) / h;
        const g = analytic[pi][i];
        total++;
        if (Math.abs(right - left) < 2e-3) {
          assert.ok(Math.abs((lp - lm) / (2 * h) - g) < 2e-3, `param ${pi}[${i}]: fd ${(lp - lm) / (2 * h)} vs ${g}`);
        } else {
          kinks++;
          assert.ok(
            Math.min(Math.abs(right - g), Math.abs(left - g)) < 2e-3,
            `kink at ${pi}[${i}]: ${left} | ${right} vs ${g}`,
          );
        }
      }
    });
    assert.ok(kinks <= 0.1 * total, `${kinks} of ${total} parameters at a kink`);
  });
}

/** A tiny (almost) separable problem: 6x6 images with a horizontal (class 0) or vertical (class 1) bar, 5% pixel noise. */
function bars(seed: number, n: number): BinaryImageSet {
  const rng = createRng('xoshiro128ss', seed);
  const x = new Int8Array(n * 36).fill(-1);
  const y = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    y[k] = k % 2;
    const line = 1 + (rng.nextU32() % 4);
    for (let t = 0; t < 6; t++) x[k * 36 + (y[k] === 0 ? line * 6 + t : t * 6 + line)] = 1;
    for (let p = 0; p < 36; p++) if (rng.nextFloat() < 0.05) x[k * 36 + p] = -x[k * 36 + p] as 1 | -1;
  }
  return { n, dim: 36, size: 6, x, y, classes: [0, 1], poolIndex: new Int32Array(n) };
}

test('backprop learns a tiny separable problem and is deterministic in its seed', async () => {
  const config = resolveBcnnConfig({ inputSize: 6, kernelSize: 3, channels: 4, pool: 2, numClasses: 2 });
  const method = getMethod('bcnn', 'backprop');
  const options = resolveMethodOptions(method, { epochs: 15, batchSize: 16, learningRate: 0.01 });
  const problem = { config, train: bars(1, 200), test: bars(2, 200), seed: 3 };
  const a = await method.train(problem, options);
  assert.ok(a.trainAccuracy >= 0.95, `train accuracy ${a.trainAccuracy}`);
  assert.ok(a.testAccuracy >= 0.9, `test accuracy ${a.testAccuracy}`);
  assert.equal(a.history.length, 15);
  assert.ok(a.timeToFinalS <= a.wallTimeS);
  // the returned weights reproduce the reported accuracies with the independent reference inference
  const pred = referencePredict(a.weights, problem.test.x, problem.test.n);
  assert.equal(pred.filter((p, k) => p === problem.test.y[k]).length / problem.test.n, a.testAccuracy);
  const b = trainBackprop(problem, options);
  assert.deepEqual(b.weights, a.weights);
  assert.deepEqual(
    b.history.map((r) => r.testAccuracy),
    a.history.map((r) => r.testAccuracy),
  );
});

test('backprop rejects data that does not match the config', () => {
  const config = resolveBcnnConfig({ inputSize: 7, kernelSize: 3, channels: 2, pool: 2, numClasses: 2 });
  const method = getMethod('bcnn', 'backprop');
  assert.throws(
    () => trainBackprop({ config, train: bars(1, 10), seed: 0 }, resolveMethodOptions(method, { epochs: 1 })),
    /inputSize 7/,
  );
});

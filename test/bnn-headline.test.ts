import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bcnnAccuracy,
  binaryFcAccuracy,
  getMethod,
  labelCodes,
  pooledCodeCircuit,
  resolveBcnnConfig,
  resolveMethodOptions,
  retrainBinaryFc,
  type BcnnTrainResult,
} from '../lib/bnn';
import { halfBarImages } from '../lib/data';
import { getRunConfig } from '../experiments/configs';

const config = resolveBcnnConfig({ inputSize: 6, kernelSize: 3, channels: 4, pool: 2, numClasses: 2 });

test('invertible-codes (no gradient) separates the tiny bar problem on the SC model and counts its cycles', async () => {
  const train = halfBarImages(40, 1);
  const test = halfBarImages(20, 2);
  const m = getMethod('bcnn', 'invertible-codes');
  const o = resolveMethodOptions(m, {
    samplesPerBatch: 8,
    epochs: 3,
    cycles: 200,
    convPatches: 200,
    convBiasSpins: 2,
    biasSpins: 0,
  });
  const r = (await m.train({ config, train, test, seed: 3 }, o)) as BcnnTrainResult;
  assert.ok(r.trainAccuracy >= 0.95, `train accuracy ${r.trainAccuracy}`);
  assert.ok(r.testAccuracy >= 0.9, `test accuracy ${r.testAccuracy}`);
  assert.equal(r.info.usesBackprop, false);
  assert.ok((r.hardware?.cycles ?? 0) >= 200 * Number(r.info.anneals));
  assert.equal(bcnnAccuracy(r.weights, train.x, train.y, train.n), r.trainAccuracy);
  assert.deepEqual(Array.from(r.weights.fcBias), [0, 0]);
  await assert.rejects(
    async () => m.train({ config, train, test, seed: 3 }, { ...o, selection: 'pocket' }),
    /selection/,
  );
});

test('pooled code circuit: zero penalty exactly when the OR of the window units equals the clamped target', () => {
  // 2 taps, window of 2 units, one bias spin: every (w, b) enumerated against one example of each target.
  const taps = 2;
  const rows = [Int8Array.from([1, -1, -1, -1]), Int8Array.from([1, 1, -1, 1])];
  for (const target of [1, -1]) {
    const c = pooledCodeCircuit(taps, 2, 1, 1)([rows[0]], Int8Array.from([target]), false);
    // Brute force over every spin state (clamps respected): the lowest penalty of each (w, b).
    const groundByWeights = new Map<string, number>();
    const n = c.model.n;
    const spins = new Int8Array(n);
    for (let code = 0; code < 2 ** n; code++) {
      for (let i = 0; i < n; i++) spins[i] = (code >> i) & 1 ? 1 : -1;
      if ([...c.model.clamp].some(([i, v]) => spins[i] !== v)) continue;
      const key = c.weights.map((i) => spins[i]).join(',');
      const e = c.model.energy(spins) + (c.offset ?? 0);
      groundByWeights.set(key, Math.min(groundByWeights.get(key) ?? Infinity, e));
    }
    assert.equal(groundByWeights.size, 8);
    for (const [key, e] of groundByWeights) {
      const [w0, w1, b] = key.split(',').map(Number);
      const unit = (j: number) => (w0 * rows[0][j * taps] + w1 * rows[0][j * taps + 1] + b >= 0 ? 1 : -1);
      const or = unit(0) > 0 || unit(1) > 0 ? 1 : -1;
      assert.equal(e < 1e-9, or === target, `w=${key} target ${target}: penalty ${e}`);
    }
  }
});

test('label codes: a seeded half of the classes per channel', () => {
  const codes = labelCodes(8, 10, 1);
  for (let c = 0; c < 8; c++) assert.equal(codes.subarray(c * 10, c * 10 + 10).filter((v) => v > 0).length, 5);
  assert.deepEqual(labelCodes(8, 10, 1), codes);
});

test('binary FC retraining (STE, cosine Adam, learnable scale) fits a separable feature set', () => {
  // Class m's features: +1 on block m, noise elsewhere; 3 classes, F = 12.
  const F = 12;
  const M = 3;
  const n = 90;
  const G = new Int8Array(n * F);
  const y = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    y[k] = k % M;
    for (let f = 0; f < F; f++) G[k * F + f] = Math.floor(f / 4) === y[k] ? 1 : (k * 7 + f * 3) % 5 < 2 ? 1 : -1;
  }
  const r = retrainBinaryFc(G, y, F, M, { epochs: 20, batchSize: 8, learningRate: 0.01, seed: 1 });
  assert.equal(binaryFcAccuracy(G, y, F, M, r.fc), r.trainAccuracy);
  assert.ok(r.trainAccuracy >= 0.95, `train accuracy ${r.trainAccuracy}`);
});

test('usesBackprop: false for invertible methods without gradient, true for backprop and backprop-sourced invertible-fc', async () => {
  const train = halfBarImages(24, 1);
  const quick = { samplesPerBatch: 8, cycles: 50, convPatches: 50, targetImages: 4, rounds: 1 };
  const cases: [string, Record<string, unknown>, boolean][] = [
    ['invertible-codes', quick, false],
    ['invertible-codes-perceptron', quick, false],
    ['invertible-layerwise', quick, false],
    ['fixed-random-conv', quick, false],
    ['invertible-fc', { ...quick, convSource: 'random' }, false],
    ['invertible-fc', { ...quick, convSource: 'backprop' }, true],
    ['backprop', { epochs: 1 }, true],
    ['backprop', { epochs: 1, fcRetrainEpochs: 2 }, true],
  ];
  for (const [name, opts, expected] of cases) {
    const m = getMethod('bcnn', name);
    const r = (await m.train({ config, train, seed: 1 }, resolveMethodOptions(m, opts))) as BcnnTrainResult;
    assert.equal(r.info.usesBackprop, expected, `${name} ${JSON.stringify(opts)}`);
  }
});

test('paper configs: the headline method by default, backprop of the same model (no class bias) as the baseline', () => {
  for (const name of ['paper-bcnn-2class', 'paper-bcnn-10class']) {
    const c = getRunConfig(name);
    assert.equal(c.kind, 'bcnn');
    if (c.kind !== 'bcnn') continue;
    assert.equal(c.method, 'invertible-codes-perceptron'); // the best backprop-free method measured
    assert.equal(c.methodOptions.sampler, 'sc');
    assert.equal(c.methodOptions.biasSpins, 0); // the backprop model has no FC class bias
    assert.ok(Number(c.methodOptionsFor?.backprop.fcRetrainEpochs) > 0);
  }
});

for (const fcRule of ['mistakes', 'online'] as const)
  test(`invertible-codes with the ${fcRule} FC rule (counted forward passes) separates the bars`, async () => {
    const train = halfBarImages(40, 1);
    const test = halfBarImages(20, 2);
    const m = getMethod('bcnn', 'invertible-codes');
    const o = resolveMethodOptions(m, {
      samplesPerBatch: 4,
      epochs: 4,
      cycles: 200,
      convPatches: 200,
      convBiasSpins: 2,
      biasSpins: 0,
      fcRule,
      margin: 2,
    });
    const r = (await m.train({ config, train, test, seed: 3 }, o)) as BcnnTrainResult;
    assert.ok(r.trainAccuracy >= 0.95, `train accuracy ${r.trainAccuracy}`);
    assert.ok(r.testAccuracy >= 0.9, `test accuracy ${r.testAccuracy}`);
    // Every epoch's forward pass is counted on top of the anneals: ceil(40 / 4) runs x 2 classes x 200 clocks.
    const epochsRun = String(r.info.fcMistakes).split(',').length - (fcRule === 'mistakes' ? 1 : 0);
    assert.ok((r.hardware?.cycles ?? 0) >= 200 * Number(r.info.anneals) + epochsRun * 10 * 2 * 200);
    await assert.rejects(async () => m.train({ config, train, test, seed: 3 }, { ...o, biasSpins: 2 }), /bias-spins 0/);
  });

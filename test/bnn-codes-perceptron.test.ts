import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  getMethod,
  resolveBcnnConfig,
  resolveMethodOptions,
  scaledSampler,
  trainFcPerceptron,
  type BcnnTrainResult,
} from '../lib/bnn';
import { halfBarImages } from '../lib/data';
import { RELATIVE_ANNEAL_DEFAULTS } from '../lib/samplers/autoscale';

const config = resolveBcnnConfig({ inputSize: 6, kernelSize: 3, channels: 4, pool: 2, numClasses: 2 });

test('invertible-codes-perceptron (no gradient) separates the tiny bar problem on the SC model', async () => {
  const train = halfBarImages(40, 1);
  const test = halfBarImages(20, 2);
  const m = getMethod('bcnn', 'invertible-codes-perceptron');
  const o = resolveMethodOptions(m, {
    samplesPerBatch: 4,
    epochs: 4,
    cycles: 200,
    convPatches: 200,
    convBiasSpins: 2,
    biasSpins: 0,
    updateMargin: 2,
  });
  const r = (await m.train({ config, train, test, seed: 3 }, o)) as BcnnTrainResult;
  assert.ok(r.trainAccuracy >= 0.95, `train accuracy ${r.trainAccuracy}`);
  assert.ok(r.testAccuracy >= 0.9, `test accuracy ${r.testAccuracy}`);
  assert.equal(r.info.usesBackprop, false);
  assert.deepEqual(Array.from(r.weights.fcBias), [0, 0]);
  // Every epoch's forward pass is counted on top of the anneals: ceil(40 / 4) runs x 2 classes x 200 clocks.
  const epochsRun = String(r.info.fcMistakes).split(',').length;
  assert.ok((r.hardware?.cycles ?? 0) >= 200 * Number(r.info.anneals) + epochsRun * 10 * 2 * 200);
  await assert.rejects(async () => m.train({ config, train, test, seed: 3 }, { ...o, biasSpins: 2 }), /bias-spins 0/);
});

test('annealed multi-class perceptron: 3 classes on the SC model, averaged or not, every update an anneal', () => {
  // Class m's features: +1 on block m, a fixed pattern elsewhere; 3 classes, F = 12.
  const F = 12;
  const M = 3;
  const n = 60;
  const G = new Int8Array(n * F);
  const y = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    y[k] = k % M;
    for (let f = 0; f < F; f++) G[k * F + f] = Math.floor(f / 4) === y[k] ? 1 : (k * 7 + f * 3) % 5 < 2 ? 1 : -1;
  }
  const sampler = scaledSampler('sc', { ...RELATIVE_ANNEAL_DEFAULTS, cycles: 100 }, {});
  for (const averaged of [false, true]) {
    const cost = { cycles: 0, anneals: 0, spins: 0, couplings: 0 };
    const o = {
      sampler,
      samplesPerBatch: 4,
      epochs: 5,
      margin: F,
      updateMargin: 2,
      counterLimit: 8,
      averaged,
      forwardCycles: 10,
      seed: 1,
    };
    const r = trainFcPerceptron(G, F, y, M, o, cost);
    let right = 0;
    for (let k = 0; k < n; k++) {
      let best = 0;
      let bestZ = -Infinity;
      for (let m = 0; m < M; m++) {
        let z = 0;
        for (let f = 0; f < F; f++) z += r.fc[m * F + f] * G[k * F + f];
        if (z > bestZ) [best, bestZ] = [m, z];
      }
      if (best === y[k]) right++;
    }
    assert.ok(right / n >= 0.95, `averaged ${averaged}: train accuracy ${right / n}`);
    assert.equal(n - right, r.history[r.keptEpoch - 1].mistakes);
    const updates = r.history.reduce((s, h) => s + h.updates, 0);
    assert.equal(cost.anneals, 2 * updates);
    assert.equal(cost.spins, F); // margin F: the weight spins only, one ground state V = t g
    // anneals (100 clocks each) + chunk forward runs + the epoch-end passes, all counted
    assert.equal(cost.cycles, 100 * cost.anneals + r.history.length * 2 * Math.ceil(n / 4) * M * 10);
  }
  assert.throws(
    () =>
      trainFcPerceptron(
        G,
        F,
        y,
        M,
        {
          sampler,
          samplesPerBatch: 4,
          epochs: 1,
          margin: F + 1,
          updateMargin: 2,
          counterLimit: 8,
          averaged: true,
          forwardCycles: 10,
          seed: 1,
        },
        { cycles: 0, anneals: 0, spins: 0, couplings: 0 },
      ),
    /fcMargin/,
  );
});

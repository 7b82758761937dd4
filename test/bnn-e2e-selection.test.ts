import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  e2eCircuit,
  e2eForwardHidden,
  e2eForwardState,
  e2eNumWeights,
  e2eWeightsToBcnn,
  getMethod,
  packBcnn,
  packedScores,
  resolveBcnnConfig,
  resolveMethodOptions,
  type BcnnTrainResult,
} from '../lib/bnn';
import { createRng } from '../lib/rng';
import { randomImages, randomPm1 } from './helpers/images';

/** The 7x7 end-to-end model (2 channels, 2x2 OR-pool: F = 8; with 4 bias spins every class score is even). */
const small = resolveBcnnConfig({ inputSize: 7, kernelSize: 3, channels: 2, pool: 2, numClasses: 2 });

test('e2e forward state: the forward pass of the network, at zero penalty exactly when both class scores have the right sign', () => {
  const B = 4;
  const data = randomImages(24, 7, 3);
  const rng = createRng('xoshiro128ss', 9);
  let zero = 0;
  for (let trial = 0; trial < 6; trial++) {
    const w = randomPm1(rng, e2eNumWeights(small, B));
    const net = e2eWeightsToBcnn(small, w, B);
    const packed = packBcnn(net);
    const z = new Int32Array(2);
    for (let k = 0; k < 4; k++) {
      const img = data.x.subarray((trial * 4 + k) * 49, (trial * 4 + k + 1) * 49);
      packedScores(packed, img, 0, z);
      for (const [label, slackCode] of [
        [0, 'binary'],
        [1, 'binary'],
        [0, 'unary'],
        [1, 'unary'],
      ] as const) {
        const c = e2eCircuit(small, [img], [label], B, { slackCode });
        const init = randomPm1(rng, c.model.n);
        const state = e2eForwardState(c, small, [img], [label], B, { slackCode }, w, init);
        assert.deepEqual(
          c.weights.map((i) => state[i]),
          Array.from(w),
        );
        assert.deepEqual(
          c.hidden.map((i) => state[i]),
          Array.from(e2eForwardHidden(net, [img])),
        );
        const penalty = c.model.energy(state) + c.offset;
        // Class m must score y_m * z_m >= margin (1, raised to 2 by the parity of F + B = 12).
        const ok = z.every((zm, m) => (m === label ? zm : -zm) >= 2);
        if (ok) {
          assert.ok(Math.abs(penalty) < 1e-9, `penalty ${penalty} for a network that classifies with margin`);
          zero++;
        } else assert.ok(penalty > 1e-9, `penalty ${penalty} for a misclassified image`);
      }
    }
  }
  assert.ok(zero > 0, 'no image was classified with margin: the test did not test the zero case');
});

test('invertible-e2e pocket selection: same anneals as "last", never a worse training accuracy', async () => {
  const train = randomImages(30, 7, 4);
  const m = getMethod('bcnn', 'invertible-e2e');
  for (const sampler of ['sc', 'exact']) {
    const base = { sampler, samplesPerBatch: 1, cycles: 100, epochs: 1 };
    const last = (await m.train({ config: small, train, seed: 3 }, resolveMethodOptions(m, base))) as BcnnTrainResult;
    const pocket = (await m.train(
      { config: small, train, seed: 3 },
      resolveMethodOptions(m, { ...base, selection: 'pocket' }),
    )) as BcnnTrainResult;
    assert.equal(pocket.hardware?.cycles, last.hardware?.cycles);
    assert.equal(pocket.info?.satisfiedBatchFraction, last.info?.satisfiedBatchFraction);
    assert.ok(
      pocket.trainAccuracy >= last.trainAccuracy,
      `${sampler}: ${pocket.trainAccuracy} < ${last.trainAccuracy}`,
    );
  }
});

test('invertible-e2e forward warm start: p-bit sampler and joint protocol only, deterministic', async () => {
  const train = randomImages(12, 7, 5);
  const m = getMethod('bcnn', 'invertible-e2e');
  const o = resolveMethodOptions(m, {
    sampler: 'exact',
    e2eInit: 'forward',
    betaFrom: 1,
    samplesPerBatch: 1,
    cycles: 50,
    combine: 'sequential',
    priorStrength: 1,
  });
  const a = (await m.train({ config: small, train, seed: 1 }, o)) as BcnnTrainResult;
  const b = (await m.train({ config: small, train, seed: 1 }, o)) as BcnnTrainResult;
  assert.deepEqual(a.weights, b.weights);
  assert.equal(a.hardware?.cycles, 12 * 50);
  await assert.rejects(
    async () => m.train({ config: small, train, seed: 1 }, { ...o, sampler: 'sc' }),
    /e2eInit "forward" needs e2eProtocol "joint" and sampler "exact"/,
  );
  await assert.rejects(
    async () => m.train({ config: small, train, seed: 1 }, { ...o, e2eProtocol: 'alternating' }),
    /e2eInit "forward" needs/,
  );
});

test('random-search: the best of N seeded random networks; more candidates never select worse', async () => {
  const train = randomImages(40, 7, 6);
  const m = getMethod('bcnn', 'random-search');
  let prev = -1;
  for (const candidates of [1, 5, 25, 100]) {
    const r = (await m.train(
      { config: small, train, seed: 2 },
      resolveMethodOptions(m, { candidates }),
    )) as BcnnTrainResult;
    assert.ok(r.trainAccuracy >= prev, `${candidates} candidates: ${r.trainAccuracy} < ${prev}`);
    assert.ok((r.info?.keptCandidate as number) <= candidates);
    prev = r.trainAccuracy;
  }
  const o = resolveMethodOptions(m, { candidates: 10, trainSubset: 20 });
  const a = (await m.train({ config: small, train, seed: 4 }, o)) as BcnnTrainResult;
  const b = (await m.train({ config: small, train, seed: 4 }, o)) as BcnnTrainResult;
  assert.deepEqual(a.weights, b.weights);
  assert.equal(a.info?.trainImagesUsed, 20);
  assert.throws(() => resolveMethodOptions(m, { candidates: 0 }), /candidates/);
});

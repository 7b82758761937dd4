/**
 * `threads` of the invertible BCNN methods: the one-vs-rest FC class neurons and the layer-wise conv channels
 * trained on worker threads give the same network and the same hardware counts as one thread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getMethod, resolveBcnnConfig, resolveMethodOptions, type BcnnTrainResult } from '../lib/bnn';
import { halfBarImages } from '../lib/data';

const config = resolveBcnnConfig({ inputSize: 6, kernelSize: 3, channels: 3, pool: 2, numClasses: 3 });

/** The bar images relabelled into three classes (the labels need not be learnable here). */
function threeClass(n: number, seed: number): ReturnType<typeof halfBarImages> {
  const set = halfBarImages(n, seed);
  const y = Uint8Array.from(set.y, (_, k) => k % 3);
  return { ...set, y };
}

for (const method of ['fixed-random-conv', 'invertible-layerwise'] as const) {
  test(`${method}: threads 2 trains the same network with the same counts as threads 1`, async () => {
    const train = threeClass(24, 1);
    const m = getMethod('bcnn', method);
    const run = async (threads: number): Promise<BcnnTrainResult> =>
      (await m.train(
        { config, train, seed: 5 },
        resolveMethodOptions(m, {
          samplesPerBatch: 8,
          epochs: 1,
          cycles: 60,
          rounds: 1,
          targetImages: 6,
          convPatches: 40,
          threads,
        }),
      )) as BcnnTrainResult;
    const one = await run(1);
    const two = await run(2);
    assert.deepEqual(two.weights, one.weights);
    assert.deepEqual(two.hardware, one.hardware);
    assert.equal(two.info.anneals, one.info.anneals);
    assert.equal(two.trainAccuracy, one.trainAccuracy);
  });
}

/**
 * `random-search`: the control for selection by training accuracy. Draws `candidates` seeded uniformly random
 * weight vectors of the end-to-end parametrisation (lib/bnn/invertible/e2e-circuit.ts: kernels, FC weights, class-bias
 * and conv-threshold spins) and keeps the one with the best accuracy on the training images in use. A trainer
 * that evaluates its network after each of N batches and keeps the best (`--selection pocket`) should beat this
 * at N candidates, or its updates carry no information beyond the selection.
 */
import { createRng } from '../../rng';
import type { BcnnWeights } from '../bcnn';
import { e2eNumWeights, e2eWeightsToBcnn } from './e2e-circuit';
import { invertibleBcnnSchema, trainingSubset } from './bcnn-common';
import { bcnnAccuracy } from '../packed';
import { type BcnnProblem, type BcnnTrainResult, type OptionsOf, registerMethod, timeToFinal } from '../registry';

/** The options it shares with the end-to-end method (same ranges and defaults), worded for random search. */
export const randomSearchSchema = {
  candidates: { type: 'int', default: 100, min: 1, max: 10_000_000, help: 'random networks drawn' },
  trainSubset: {
    ...invertibleBcnnSchema.trainSubset,
    help: 'select on only this many training images (0 = all; same images as invertible-e2e)',
  },
  biasSpins: { ...invertibleBcnnSchema.biasSpins, help: 'FC class bias = sum of this many +-1 spins' },
  convBiasSpins: {
    ...invertibleBcnnSchema.convBiasSpins,
    help: 'conv threshold = sum of this many +-1 spins per channel (0: threshold 0)',
  },
} as const;

export type RandomSearchOptions = OptionsOf<typeof randomSearchSchema>;

export const randomSearchMethod = registerMethod({
  name: 'random-search',
  target: 'bcnn',
  summary: 'control: the best of N seeded random networks on the training images (what selection alone gives)',
  reference: 'control for --selection pocket (docs/bcnn-invertible.md)',
  options: randomSearchSchema,
  train(problem: BcnnProblem, o: RandomSearchOptions): BcnnTrainResult {
    const t0 = performance.now();
    const { config, train, test } = problem;
    const sub = trainingSubset(problem, o.trainSubset);
    const nw = e2eNumWeights(config, o.biasSpins, o.convBiasSpins);
    const rng = createRng('xoshiro128ss', problem.seed, 7003);
    const w = new Int8Array(nw);
    let best: { accuracy: number; net?: BcnnWeights; candidate: number } = { accuracy: -1, candidate: 0 };
    for (let c = 0; c < o.candidates; c++) {
      for (let i = 0; i < nw; i++) w[i] = rng.nextU32() & 1 ? 1 : -1;
      const net = e2eWeightsToBcnn(config, w, o.biasSpins, o.convBiasSpins);
      const accuracy = bcnnAccuracy(net, sub.x, sub.y, sub.n);
      if (accuracy > best.accuracy) best = { accuracy, net, candidate: c + 1 };
    }
    const net = best.net as BcnnWeights;
    const wallTimeS = (performance.now() - t0) / 1000;
    const trainAccuracy = bcnnAccuracy(net, train.x, train.y, train.n);
    const testAccuracy = test ? bcnnAccuracy(net, test.x, test.y, test.n) : NaN;
    const history = [{ epoch: 1, trainAccuracy, testAccuracy, timeS: wallTimeS }];
    problem.onEpoch?.(history[0]);
    return {
      method: 'random-search',
      target: 'bcnn',
      options: { ...o },
      weights: net,
      trainAccuracy,
      testAccuracy,
      epochs: 1,
      history,
      wallTimeS,
      timeToFinalS: timeToFinal(history),
      info: { usesBackprop: false, candidates: o.candidates, keptCandidate: best.candidate, trainImagesUsed: sub.n },
    };
  },
});

/**
 * `invertible-codes-perceptron`: the 2-layer BCNN without gradients, its FC layer by the multi-class
 * perceptron whose every update is an anneal (issue 20; our scheme, docs/bcnn-invertible.md):
 *
 *  1. Conv layer: the pooled label-code circuits of `invertible-codes` (trainCodesConv).
 *  2. FC layer, time-multiplexed over the classes: the hardware holds one class neuron's circuit at a time.
 *     The training maps in a seeded order, K at a time:
 *     a. forward mode: the K maps clamped with the current weights, every class neuron run in turn (M runs of
 *        `forwardCycles` clocks, counted; the simulation evaluates the clamped circuit exactly);
 *     b. every map k of the chunk whose label's score z_y does not beat the strongest other class r by
 *        `updateMargin` (z_y - z_r < updateMargin) is an update: the map alone is annealed in class y's neuron
 *        circuit with the target +1 and in class r's with the target -1 (lib/logic threshold form,
 *        t (V_m . g) >= margin). With margin = F (the default 0 means F) the circuit's one ground state is
 *        V_m = t g: the invertible neuron run backwards from one clamped map and label.
 *     c. each read-out is added to class m's saturating counters c_m (+-counterLimit) and V_m = sign(c_m)
 *        (ties +1): the counters are the perceptron's latent weights, V_m its binary weights.
 *     d. `averaged`: after every chunk an up/down counter per weight adds V (A += V); the deployed weights are
 *        sign(A) (ties +1), the averaged perceptron, which does not jump with the last updates as V does.
 *     Every epoch ends with a counted forward pass of the deployed weights over all maps; the weights with the
 *     fewest training mistakes at such a pass are kept.
 *
 * Why not a prior field with a small margin (`--fc-rule online` of invertible-codes): the anneal then returns
 * the prior's signs except the few weights it must flip, the counters of every other weight are reinforced, and
 * the layer freezes (16.27 +- 3.60% on 10 classes, docs/bcnn-invertible.md). Here every weight of the updated
 * neuron moves by one step towards t g, as in the perceptron.
 */
import { InvlogicError } from '../../errors';
import { createRng, shuffleInPlace, type Seed } from '../../rng';
import { relativeAnnealOf } from '../../samplers/autoscale';
import type { Sampler } from '../../samplers/types';
import { type BcnnWeights, bcnnShapes } from '../bcnn';
import { invertibleCodesSchema, trainCodesConv } from './codes';
import { readWeights } from './neuron-trainer';
import { type IsingCost, neuronCircuitFactory, newCost, samplerFor, samplerSteps, scaledSampler } from './common';
import { bcnnAccuracy, bcnnFeatureMatrix } from '../packed';
import {
  type BcnnProblem,
  type BcnnTrainResult,
  type EpochRecord,
  type OptionsOf,
  registerMethod,
  timeToFinal,
} from '../registry';

export const invertibleCodesPerceptronSchema = {
  ...invertibleCodesSchema,
  biasSpins: { ...invertibleCodesSchema.biasSpins, default: 0 }, // the FC layer has no class bias
  updateMargin: {
    type: 'int',
    default: 16,
    min: 1,
    max: 100_000,
    help: 'codes-perceptron: a map is an update when its label beats the strongest other class by less than this',
  },
  averaged: {
    type: 'boolean',
    default: true,
    help: 'codes-perceptron: deploy the sign of the running sum of V over the chunks (an up/down counter per weight), the averaged perceptron',
  },
  fcCycles: {
    type: 'int',
    default: 0,
    min: 0,
    max: 10_000_000,
    help: "codes-perceptron: anneal length of the FC update circuits (0 = --cycles, the conv circuits' length)",
  },
  fcMargin: {
    type: 'int',
    default: 0,
    min: 0,
    max: 100_000,
    help: 'codes-perceptron: margin of the FC update circuit (0 = the feature count F: one ground state, V = t g)',
  },
} as const;

export type InvertibleCodesPerceptronOptions = OptionsOf<typeof invertibleCodesPerceptronSchema>;

export interface PerceptronFcOptions {
  sampler: Sampler<Record<string, unknown>>;
  /** K: maps per forward-mode chunk. */
  samplesPerBatch: number;
  epochs: number;
  /** Margin of the update circuit (t (V . g) >= margin), 1..F. */
  margin: number;
  updateMargin: number;
  counterLimit: number;
  /** Deploy sign(A), A = the sum of V after every chunk (the averaged perceptron), instead of V. */
  averaged: boolean;
  /** Clocks of one forward-mode run of one class neuron with K maps clamped. */
  forwardCycles: number;
  seed: Seed;
}

/** Scores z = V g of one map (F features) under fc (M x F) into z. */
function scores(g: Int8Array, F: number, M: number, fc: Int8Array, z: Int32Array): void {
  for (let m = 0; m < M; m++) {
    let s = 0;
    for (let f = 0; f < F; f++) s += fc[m * F + f] * g[f];
    z[m] = s;
  }
}

/**
 * Trains fc (M x F, no class bias) as the annealed multi-class perceptron (file doc, step 2); every anneal and
 * every forward-mode run is added to `cost`.
 */
export function trainFcPerceptron(
  G: Int8Array,
  F: number,
  labels: ArrayLike<number>,
  M: number,
  o: PerceptronFcOptions,
  cost: IsingCost,
): { fc: Int8Array; history: { epoch: number; mistakes: number; updates: number }[]; keptEpoch: number } {
  if (!(o.margin >= 1 && o.margin <= F))
    throw new InvlogicError(`fcMargin must be in 1..${F} (the feature count), got ${o.margin}`, 'fcMargin');
  const n = labels.length;
  const K = o.samplesPerBatch;
  const rng = createRng('xoshiro128ss', o.seed, 73);
  const counters = new Int32Array(M * F);
  const fc = new Int8Array(M * F);
  for (let i = 0; i < fc.length; i++) fc[i] = rng.nextU32() & 1 ? 1 : -1; // the registers' start values
  const factory = neuronCircuitFactory('threshold', o.margin);
  let anneal = 0;
  const update = (g: Int8Array, m: number, target: 1 | -1): void => {
    const circuit = factory([g], Int8Array.of(target), false);
    const set = o.sampler.sampleIsing(circuit.model, { numReads: 1, seed: `${String(o.seed)}/${anneal++}` });
    cost.cycles += samplerSteps(set);
    cost.anneals += 1;
    cost.spins = Math.max(cost.spins, circuit.model.n);
    cost.couplings = Math.max(cost.couplings, circuit.model.numEdges);
    const w = readWeights(set, circuit.weights, 'best');
    const base = m * F;
    for (let f = 0; f < F; f++) {
      const c = Math.max(-o.counterLimit, Math.min(o.counterLimit, counters[base + f] + w[f]));
      counters[base + f] = c;
      fc[base + f] = c >= 0 ? 1 : -1;
    }
  };
  const sum = new Int32Array(M * F);
  const deployed = new Int8Array(M * F);
  const z = new Int32Array(M);
  const chunkUpdates: [number, number][] = [];
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const history: { epoch: number; mistakes: number; updates: number }[] = [];
  let best = { fc: Int8Array.from(fc), mistakes: n + 1, epoch: 0 };
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    shuffleInPlace(rng, order);
    let updates = 0;
    for (let start = 0; start < n; start += K) {
      // (a) forward mode over the chunk with the weights as they are, then (b, c) its updates.
      cost.cycles += M * o.forwardCycles;
      chunkUpdates.length = 0;
      for (let b = start; b < Math.min(n, start + K); b++) {
        const k = order[b];
        scores(G.subarray(k * F, (k + 1) * F), F, M, fc, z);
        const y = labels[k];
        let rival = -1;
        for (let m = 0; m < M; m++) if (m !== y && (rival < 0 || z[m] > z[rival])) rival = m;
        if (z[y] - z[rival] < o.updateMargin) chunkUpdates.push([k, rival]);
      }
      for (const [k, rival] of chunkUpdates) {
        const g = G.subarray(k * F, (k + 1) * F);
        update(g, labels[k], 1);
        update(g, rival, -1);
        updates++;
      }
      if (o.averaged) for (let i = 0; i < sum.length; i++) sum[i] += fc[i];
    }
    for (let i = 0; i < deployed.length; i++) deployed[i] = o.averaged ? (sum[i] >= 0 ? 1 : -1) : fc[i];
    // Counted forward pass over every map: the pocket's evaluation.
    cost.cycles += Math.ceil(n / K) * M * o.forwardCycles;
    let mistakes = 0;
    for (let k = 0; k < n; k++) {
      scores(G.subarray(k * F, (k + 1) * F), F, M, deployed, z);
      let p = 0;
      for (let m = 1; m < M; m++) if (z[m] > z[p]) p = m;
      if (p !== labels[k]) mistakes++;
    }
    history.push({ epoch, mistakes, updates });
    if (mistakes < best.mistakes) best = { fc: Int8Array.from(deployed), mistakes, epoch };
    if (updates === 0) break;
  }
  return { fc: best.fc, history, keptEpoch: best.epoch };
}

/** Trains the whole BCNN: pooled label-code conv circuits, then the annealed multi-class perceptron FC. */
export function trainInvertibleCodesPerceptron(
  problem: BcnnProblem,
  o: InvertibleCodesPerceptronOptions,
): BcnnTrainResult {
  const t0 = performance.now();
  if (o.selection !== 'last')
    throw new InvlogicError(
      'invertible-codes-perceptron keeps the best counted forward pass itself: use --selection last',
      'selection',
    );
  if (o.biasSpins !== 0)
    throw new InvlogicError(
      'invertible-codes-perceptron trains an FC layer without class bias: use --bias-spins 0',
      'biasSpins',
    );
  const config = problem.config;
  const { features: F } = bcnnShapes(config);
  const M = config.numClasses;
  const cost = newCost();
  const sampler = samplerFor(o);
  const { conv, convThreshold, codes } = trainCodesConv(problem, o, sampler, cost);
  const convOnly: BcnnWeights = {
    config,
    conv,
    convThreshold,
    fc: new Int8Array(M * F).fill(1),
    fcBias: new Int32Array(M),
  };
  const G = bcnnFeatureMatrix(convOnly, problem.train.x, problem.train.n);
  const r = trainFcPerceptron(
    G,
    F,
    problem.train.y,
    M,
    {
      sampler:
        o.fcCycles > 0
          ? scaledSampler(o.sampler, { ...relativeAnnealOf(o), cycles: o.fcCycles }, { sc: { update: o.scUpdate } })
          : sampler,
      samplesPerBatch: o.samplesPerBatch,
      epochs: o.epochs,
      margin: o.fcMargin > 0 ? o.fcMargin : F,
      updateMargin: o.updateMargin,
      counterLimit: o.counterLimit,
      averaged: o.averaged,
      forwardCycles: o.forwardCycles > 0 ? o.forwardCycles : o.cycles,
      seed: `${String(problem.seed)}/fc`,
    },
    cost,
  );
  const weights: BcnnWeights = { config, conv, convThreshold, fc: r.fc, fcBias: new Int32Array(M) };
  const wallTimeS = (performance.now() - t0) / 1000;
  const trainAccuracy = bcnnAccuracy(weights, problem.train.x, problem.train.y, problem.train.n);
  const testAccuracy = problem.test ? bcnnAccuracy(weights, problem.test.x, problem.test.y, problem.test.n) : NaN;
  const record: EpochRecord = { epoch: 1, trainAccuracy, testAccuracy, timeS: wallTimeS };
  problem.onEpoch?.(record);
  return {
    method: 'invertible-codes-perceptron',
    target: 'bcnn',
    options: { ...o },
    weights,
    trainAccuracy,
    testAccuracy,
    epochs: 1,
    history: [record],
    wallTimeS,
    timeToFinalS: timeToFinal([record]),
    hardware: { spins: cost.spins, couplings: cost.couplings, cycles: cost.cycles },
    info: {
      usesBackprop: false,
      anneals: cost.anneals,
      stepUnit: o.sampler === 'sc' ? 'clock cycles' : 'sweeps',
      codes: Array.from(codes, (v) => (v > 0 ? '+' : '-')).join(''),
      fcMistakes: r.history.map((h) => h.mistakes).join(','),
      fcUpdates: r.history.map((h) => h.updates).join(','),
      fcKeptEpoch: r.keptEpoch,
    },
  };
}

export const invertibleCodesPerceptronMethod = registerMethod({
  name: 'invertible-codes-perceptron',
  target: 'bcnn',
  summary:
    'both layers by invertible logic, no gradient: pooled label-code conv circuits, FC as the multi-class perceptron with every update an anneal of one clamped map and label (classes time-multiplexed)',
  reference: 'reconstruction: issue 20 (headline); our scheme, docs/bcnn-invertible.md',
  options: invertibleCodesPerceptronSchema,
  train: trainInvertibleCodesPerceptron,
});

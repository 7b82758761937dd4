/**
 * How good are the headline method's conv features? Trains the conv layer of a paper-bcnn config's headline
 * method (pooled label-code circuits on the SC model, trainCodesConv) for one seed, then a software FC on the
 * frozen features (retrainBinaryFc: binary FC, STE, Adam 3e-3 cosine, batch 32, 30 epochs; uses a gradient, a
 * diagnostic only) and prints its train and test accuracy: the ceiling an FC rule on these features can aim for.
 *
 *   node --import tsx scripts/headline-conv-diagnostic.ts [paper-bcnn-10class] [seed]
 */
import '../lib/bnn';
import { bcnnShapes } from '../lib/bnn/bcnn';
import { binaryFcAccuracy, retrainBinaryFc } from '../lib/bnn/fc-retrain';
import { trainCodesConv, type InvertibleCodesOptions } from '../lib/bnn/invertible/codes';
import { newCost, samplerFor } from '../lib/bnn/invertible/common';
import { bcnnFeatureMatrix } from '../lib/bnn/packed';
import { getMethod, resolveMethodOptions } from '../lib/bnn/registry';
import { bcnnConfigOf } from '../lib/bnn/run';
import { loadModifiedMnist } from '../lib/data';
import { getRunConfig } from '../experiments/configs';

const name = process.argv[2] ?? 'paper-bcnn-10class';
const seed = Number(process.argv[3] ?? 1);
const run = getRunConfig(name);
if (run.kind !== 'bcnn') throw new Error(`${name} is not a bcnn configuration`);
const data = loadModifiedMnist(run.data);
const config = bcnnConfigOf(run, data.options.size, data.options.classes.length);
const o = resolveMethodOptions(getMethod('bcnn', run.method), run.methodOptions) as InvertibleCodesOptions;
const cost = newCost();
const sampler = samplerFor(o);
const conv = trainCodesConv({ config, train: data.train, test: data.test, seed }, o, sampler, cost);
const F = bcnnShapes(config).features;
const M = config.numClasses;
const weights = { config, ...conv, fc: new Int8Array(M * F), fcBias: new Int32Array(M) };
const G = bcnnFeatureMatrix(weights, data.train.x, data.train.n);
const T = bcnnFeatureMatrix(weights, data.test.x, data.test.n);
const r = retrainBinaryFc(G, data.train.y, F, M, { epochs: 30, batchSize: 32, learningRate: 3e-3, seed });
console.log(
  `${name} seed ${seed}: conv ${cost.anneals} anneals, ${cost.cycles} cycles; STE FC on its features: train ${(100 * r.trainAccuracy).toFixed(2)}%, test ${(100 * binaryFcAccuracy(T, data.test.y, F, M, r.fc)).toFixed(2)}%`,
);

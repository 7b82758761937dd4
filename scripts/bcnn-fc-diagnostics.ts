/**
 * How well does each sampler solve one batch circuit of the 10-class FC layer, and what does the Hebbian
 * read-out reach? (docs/bcnn-invertible.md, "Closing the 10-class gap".) Trains the backprop reference of
 * bcnn-10class (seed 1) for its conv features, then for one-vs-rest batches (class 3, balanced, margin 16,
 * K = 16/32/128) and one multi-class batch (K = 16, margin 16) anneals with the SC model and the ideal p-bit
 * sampler at several lengths and prints the lowest penalty (energy above "every sample meets the margin") of
 * 4 reads; also the balanced Hebbian FC (w_m = sign(mean feature of class m - mean of the rest)).
 *
 *   node --import tsx scripts/bcnn-fc-diagnostics.ts
 */
import '../lib/bnn';
import { runTraining } from '../lib/bnn/run';
import { bcnnAccuracy, bcnnFeatureMatrix } from '../lib/bnn/packed';
import { bcnnShapes, type BcnnWeights } from '../lib/bnn/bcnn';
import { scaledSampler } from '../lib/bnn/invertible/common';
import { loadModifiedMnist } from '../lib/data';
import { multiclassThreshold, thresholdNeuron } from '../lib/logic';
import type { IsingModel } from '../lib/ising';
import { RELATIVE_ANNEAL_DEFAULTS } from '../lib/samplers/autoscale';
import { config as bcnn10 } from '../experiments/configs/bcnn-10class';

const BIAS_SPINS = 4;
const MARGIN = 16;

function lowestPenalty(model: IsingModel, offset: number, kind: 'sc' | 'exact', cycles: number): number {
  const set = scaledSampler(kind, { ...RELATIVE_ANNEAL_DEFAULTS, cycles }).sampleIsing(model, { numReads: 4, seed: 1 });
  return Math.min(...set.records.map((r) => r.energy)) + offset;
}

async function main(): Promise<void> {
  const { result } = await runTraining({ ...bcnn10, seed: 1 });
  const w = (result as { weights: BcnnWeights }).weights;
  const { train: t, test } = loadModifiedMnist(bcnn10.data);
  const F = bcnnShapes(w.config).features;
  const M = w.config.numClasses;
  const G = bcnnFeatureMatrix(w, t.x, t.n);
  console.log(`backprop (seed 1): train ${result.trainAccuracy.toFixed(4)} test ${result.testAccuracy.toFixed(4)}`);

  const count = new Float64Array(M);
  const sum = new Float64Array(M * F);
  const total = new Float64Array(F);
  for (let k = 0; k < t.n; k++) {
    count[t.y[k]]++;
    for (let f = 0; f < F; f++) {
      sum[t.y[k] * F + f] += G[k * F + f];
      total[f] += G[k * F + f];
    }
  }
  const fc = new Int8Array(M * F);
  for (let m = 0; m < M; m++)
    for (let f = 0; f < F; f++) {
      const d = sum[m * F + f] / count[m] - (total[f] - sum[m * F + f]) / (t.n - count[m]);
      fc[m * F + f] = d >= 0 ? 1 : -1;
    }
  const hebb: BcnnWeights = { ...w, fc, fcBias: new Int32Array(M) };
  console.log(
    `balanced Hebbian FC on the same features: train ${bcnnAccuracy(hebb, t.x, t.y, t.n).toFixed(4)} test ${bcnnAccuracy(hebb, test.x, test.y, test.n).toFixed(4)}`,
  );

  const row = (r: number): Int8Array => {
    const v = new Int8Array(F + BIAS_SPINS).fill(1);
    v.set(G.subarray(r * F, (r + 1) * F));
    return v;
  };
  for (const K of [16, 32, 128]) {
    const pos: number[] = [];
    const neg: number[] = [];
    for (let k = 0; k < t.n && (pos.length < K / 2 || neg.length < K / 2); k++) (t.y[k] === 3 ? pos : neg).push(k);
    const rows = [...pos.slice(0, K / 2), ...neg.slice(0, K / 2)];
    const tn = thresholdNeuron({
      inputs: rows.map(row),
      labels: rows.map((r) => (t.y[r] === 3 ? 1 : -1)),
      bias: false,
      margin: MARGIN,
    });
    const sc = [200, 400, 2000].map((c) => `SC ${c}: ${lowestPenalty(tn.model, tn.offset, 'sc', c)}`);
    const ex = [200, 2000].map((c) => `p-bit ${c}: ${lowestPenalty(tn.model, tn.offset, 'exact', c)}`);
    console.log(`one-vs-rest K=${K} (${tn.model.n} spins): ${[...sc, ...ex].join(', ')}`);
  }
  const rows = Array.from({ length: 16 }, (_, k) => (k * 37) % t.n);
  const mc = multiclassThreshold({
    inputs: rows.map(row),
    labels: rows.map((r) => t.y[r]),
    classes: M,
    margin: MARGIN,
  });
  const sc = [200, 1000, 5000].map((c) => `SC ${c}: ${lowestPenalty(mc.model, mc.offset, 'sc', c)}`);
  const ex = [200, 1000].map((c) => `p-bit ${c}: ${lowestPenalty(mc.model, mc.offset, 'exact', c)}`);
  console.log(`multiclass K=16 (${mc.model.n} spins, ${mc.model.numEdges} couplings): ${[...sc, ...ex].join(', ')}`);
}

void main();

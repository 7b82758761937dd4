/**
 * `invertible-layerwise`: both layers of the 2-layer BCNN by invertible logic, layer by layer, without
 * gradients (paper brief §7 item 3, per-patch targets; our scheme):
 *   1. FC by invertible logic on the current feature map (fc-layer.ts);
 *   2. backward mode of the FC layer: with the FC weights and the label clamped, the feature map of an image is
 *      left free (a prior field keeps it near its forward value) and annealed, giving target features g* that
 *      the clamped label accepts (or, `layerwiseTargets: network`, conv-unit targets from the whole network's
 *      circuit, e2e-circuit.ts);
 *   3. per-patch conv targets through the OR pool (g* = -1: every pre-pool unit -1; g* = +1: the unit with the
 *      largest pre-activation +1), and every conv channel trained as an invertible neuron on (3x3 patch,
 *      target) pairs;
 * repeated `rounds` times, then the FC layer retrained on the final feature map. On the SC hardware model by
 * default; cycles are totals over every anneal of the run.
 */
import { InvlogicError } from '../../errors';
import { addThreshold, PenaltyBuilder } from '../../logic';
import { createRng, shuffleInPlace, type Seed } from '../../rng';
import { type BcnnWeights, bcnnShapes, referenceConv } from '../bcnn';
import { bcnnAccuracy, bcnnFeatureMatrix } from '../packed';
import { type BcnnProblem, type BcnnTrainResult, type EpochRecord, registerMethod } from '../registry';
import { trainNeurons, type NeuronJob } from './anneal-threads';
import {
  bcnnReport,
  invertibleBcnnSchema,
  randomConv,
  bcnnTrainSubset,
  bcnnWeightsOf,
  type InvertibleBcnnOptions,
} from './bcnn-common';
import { countAnneal, newCost, samplerFor, type IsingCost } from './common';
import { e2eHiddenCircuit } from './e2e-circuit';
import { trainFcInvertibleThreaded } from './fc-layer';

/**
 * Backward mode of the FC layer for one image: features g (F free spins) with the FC weights and the label
 * clamped (one threshold per class: y_m (V_m . g + beta_m) >= margin), a field `prior` * g0 towards the forward
 * features; returns the annealed g.
 */
export function inferFeatureTargets(
  g0: Int8Array,
  fc: Int8Array,
  fcBias: Int32Array,
  label: number,
  numClasses: number,
  o: InvertibleBcnnOptions,
  seed: Seed,
  cost: IsingCost,
): Int8Array {
  const F = g0.length;
  const b = new PenaltyBuilder();
  const g = Array.from({ length: F }, (_, f) => b.spin(`g${f}`));
  const one = b.spin('one');
  for (let m = 0; m < numClasses; m++) {
    const inputs: [number, number][] = g.map((s, f) => [s, fc[m * F + f]]);
    if (fcBias[m] !== 0) inputs.push([one, fcBias[m]]);
    addThreshold(b, { output: { constant: m === label ? 1 : -1 }, inputs, margin: o.margin, slackPrefix: `c${m}_` });
  }
  for (let f = 0; f < F; f++) b.addField(g[f], o.targetPrior * g0[f]);
  const model = b.build({ one: 1 });
  const set = samplerFor(o).sampleIsing(model, { numReads: 1, seed });
  countAnneal(cost, model, o.cycles);
  const s = set.first.sample;
  return Int8Array.from(g, (i) => s[i]);
}

export const invertibleLayerwiseMethod = registerMethod({
  name: 'invertible-layerwise',
  target: 'bcnn',
  summary:
    'both layers by invertible logic, layer-wise: FC forward-trained, FC backward mode gives feature targets, conv channels trained on patch targets',
  reference: 'reconstruction: paper brief §7 item 3 (per-patch targets); our scheme',
  options: invertibleBcnnSchema,
  async train(problem: BcnnProblem, o: InvertibleBcnnOptions): Promise<BcnnTrainResult> {
    const t0 = performance.now();
    const config = problem.config;
    const { features: F, convSize, poolSize, kernelTaps } = bcnnShapes(config);
    const { inputSize: s, kernelSize: k, channels: C, stride, padding: p, padValue, pool: P, numClasses: M } = config;
    if (C * convSize * convSize === 0) throw new InvlogicError('empty conv layer', 'config');
    const data = bcnnTrainSubset(problem, o.trainSubset);
    const cost = newCost();
    const history: EpochRecord[] = [];
    const rng = createRng('xoshiro128ss', problem.seed, 51);
    let { conv, convThreshold } = randomConv(config, problem.seed);
    let fc = new Int8Array(M * F);
    let fcBias = new Int32Array(M);
    const pre = new Float64Array(C * convSize * convSize);
    // The network with the best training accuracy after any FC fit is returned (conv updates that hurt are
    // thereby rejected; a forward pass over the training set per round).
    let best: { accuracy: number; weights: BcnnWeights; round: number } = {
      accuracy: -1,
      weights: bcnnWeightsOf(config, conv, convThreshold, fc, fcBias),
      round: 0,
    };
    for (let round = 0; round < o.rounds; round++) {
      // 1. FC on the current feature map.
      let w = bcnnWeightsOf(config, conv, convThreshold, fc, fcBias);
      const G = bcnnFeatureMatrix(w, data.x, data.n);
      ({ fc, fcBias } = await trainFcInvertibleThreaded(G, F, data.y, M, o, `${String(problem.seed)}/r${round}`, cost));
      w = bcnnWeightsOf(config, conv, convThreshold, fc, fcBias);
      const trainAccuracy = bcnnAccuracy(w, problem.train.x, problem.train.y, problem.train.n);
      const testAccuracy = problem.test ? bcnnAccuracy(w, problem.test.x, problem.test.y, problem.test.n) : NaN;
      const rec = { epoch: round + 1, trainAccuracy, testAccuracy, timeS: (performance.now() - t0) / 1000 };
      history.push(rec);
      if (trainAccuracy > best.accuracy) best = { accuracy: trainAccuracy, weights: w, round: round + 1 };
      problem.onEpoch?.(rec);
      // 2. Feature targets by the FC backward mode, 3. per-patch conv targets through the OR pool.
      const patchX: number[][][] = Array.from({ length: C }, () => []);
      const patchY: number[][] = Array.from({ length: C }, () => []);
      const order = Int32Array.from({ length: data.n }, (_, i) => i);
      shuffleInPlace(rng, order);
      const nImg = Math.min(o.targetImages, data.n);
      for (let t = 0; t < nImg; t++) {
        const img = order[t];
        if (o.layerwiseTargets === 'network') {
          // Every conv unit's target from the whole network's circuit (weights folded in, image and label
          // clamped, hidden map free): the label moves the cheapest units (e2e-circuit.ts).
          const hc = e2eHiddenCircuit(w, [data.x.subarray(img * s * s, (img + 1) * s * s)], [data.y[img]], {
            margin: o.margin,
            slackCode: o.slackCode,
          });
          const set = samplerFor(o).sampleIsing(hc.model, {
            numReads: 1,
            seed: `${String(problem.seed)}/r${round}/t${t}`,
          });
          countAnneal(cost, hc.model, o.cycles);
          for (let c = 0; c < C; c++)
            for (let r = 0; r < convSize; r++)
              for (let q = 0; q < convSize; q++) {
                const unit = hc.hidden[(c * convSize + r) * convSize + q];
                addPatch(patchX[c], patchY[c], data.x, img, r, q, set.first.sample[unit]);
              }
          continue;
        }
        const g0 = G.subarray(img * F, (img + 1) * F);
        const gStar = inferFeatureTargets(
          g0,
          fc,
          fcBias,
          data.y[img],
          M,
          o,
          `${String(problem.seed)}/r${round}/t${t}`,
          cost,
        );
        referenceConv(w, data.x, img, pre);
        for (let c = 0; c < C; c++)
          for (let i = 0; i < poolSize; i++)
            for (let j = 0; j < poolSize; j++) {
              const target = gStar[(c * poolSize + i) * poolSize + j];
              let bestR = -1;
              let bestQ = -1;
              let bestPre = -Infinity;
              for (let u = 0; u < P; u++)
                for (let v = 0; v < P; v++) {
                  const r = i * P + u;
                  const q = j * P + v;
                  const a = pre[(c * convSize + r) * convSize + q];
                  if (target < 0) addPatch(patchX[c], patchY[c], data.x, img, r, q, -1);
                  else if (a > bestPre) {
                    bestPre = a;
                    bestR = r;
                    bestQ = q;
                  }
                }
              if (target > 0) addPatch(patchX[c], patchY[c], data.x, img, bestR, bestQ, 1);
            }
      }
      // 4. Each conv channel as an invertible neuron on its patches (kernel taps + threshold bias spins).
      const newConv = Int8Array.from(conv);
      const newThr = Int32Array.from(convThreshold);
      const B = o.biasSpins;
      // The channels' patch sets first (the shuffles in channel order), then the channel neurons (threads).
      const convJobs: { c: number; job: NeuronJob }[] = [];
      for (let c = 0; c < C; c++) {
        // Balanced (patch, target) pairs: at most convPatches/2 of each sign, in a seeded random order.
        const pos: number[] = [];
        const neg: number[] = [];
        const idx = Int32Array.from({ length: patchY[c].length }, (_, i) => i);
        shuffleInPlace(rng, idx);
        for (const i of idx) (patchY[c][i] > 0 ? pos : neg).push(i);
        const half = Math.min(Math.floor(o.convPatches / 2), pos.length, neg.length);
        const chosen = [...pos.slice(0, half), ...neg.slice(0, half)];
        shuffleInPlace(rng, chosen);
        const n = chosen.length;
        if (n === 0) continue;
        const dim = kernelTaps + B;
        const x = new Int8Array(n * dim);
        const y = new Int8Array(n);
        for (let e = 0; e < n; e++) {
          const src = patchX[c][chosen[e]];
          for (let q = 0; q < kernelTaps; q++) x[e * dim + q] = src[q];
          for (let b2 = 0; b2 < B; b2++) x[e * dim + kernelTaps + b2] = 1;
          y[e] = patchY[c][chosen[e]];
        }
        // The conv neuron has kernelTaps + B inputs: its own margin (convMargin), not the FC layer's.
        const oc = { ...o, margin: o.convMargin };
        convJobs.push({ c, job: { x, y, dim, o: oc, seed: `${String(problem.seed)}/r${round}/conv${c}` } });
      }
      const convWeights = await trainNeurons(
        convJobs.map((j) => j.job),
        o.threads,
        cost,
      );
      convJobs.forEach(({ c }, k) => {
        const wc = convWeights[k];
        newConv.set(wc.subarray(0, kernelTaps), c * kernelTaps);
        let bias = 0;
        for (let b2 = 0; b2 < B; b2++) bias += wc[kernelTaps + b2];
        newThr[c] = -bias; // h = +1 iff a + bias >= 0 iff a >= -bias
      });
      conv = newConv;
      convThreshold = newThr;
    }
    // Final FC on the final feature map.
    const wFinal = bcnnWeightsOf(config, conv, convThreshold, fc, fcBias);
    const G = bcnnFeatureMatrix(wFinal, data.x, data.n);
    ({ fc, fcBias } = await trainFcInvertibleThreaded(G, F, data.y, M, o, `${String(problem.seed)}/final`, cost));
    const finalW = bcnnWeightsOf(config, conv, convThreshold, fc, fcBias);
    const finalAcc = bcnnAccuracy(finalW, problem.train.x, problem.train.y, problem.train.n);
    if (finalAcc > best.accuracy) best = { accuracy: finalAcc, weights: finalW, round: o.rounds + 1 };
    return bcnnReport('invertible-layerwise', problem, o, best.weights, cost, t0, history, {
      rounds: o.rounds,
      keptRound: best.round,
    });

    function addPatch(
      xs: number[][],
      ys: number[],
      x: Int8Array,
      img: number,
      r: number,
      q: number,
      target: number,
    ): void {
      const patch: number[] = [];
      for (let u = 0; u < k; u++)
        for (let v = 0; v < k; v++) {
          const i = r * stride + u - p;
          const j = q * stride + v - p;
          patch.push(i >= 0 && i < s && j >= 0 && j < s ? x[img * s * s + i * s + j] : padValue);
        }
      xs.push(patch);
      ys.push(target);
    }
  },
});

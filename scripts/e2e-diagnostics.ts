/**
 * Why the end-to-end circuit does not train (docs/bcnn-invertible.md, "End to end: what was tried"). On the
 * 2-class 7x7 model (bcnn-2class-small), ideal p-bit sampler:
 *  1. one image's full circuit (weights and hidden map free, label clamped): how often an anneal reaches
 *     penalty 0, with the bounded-binary and the unary slack code;
 *  2. alternating phase A (weights clamped to a random network, hidden map free, K = 4, unary slack): the lowest penalty an
 *     anneal reaches against the penalty of the forward pass (hidden map clamped to it), for the full circuit
 *     with the weights clamped and for the circuit with the weights folded in (e2eHiddenCircuit);
 *  3. alternating phase B (hidden map clamped to phase A's read-out, weights free): how often the annealed
 *     weights have a lower penalty than the current weights on the same clamped circuit, along 200 batches of
 *     the alternating protocol (K = 4, accumulated counters, prior 4).
 *
 *   node --import tsx scripts/e2e-diagnostics.ts     (~2 min)
 */
import '../lib/bnn';
import { resolveBcnnConfig } from '../lib/bnn/bcnn';
import {
  e2eCircuit,
  e2eForwardHidden,
  e2eHiddenCircuit,
  e2eNumWeights,
  e2eWeightsToBcnn,
} from '../lib/bnn/invertible/e2e-circuit';
import { readWeights, withFields } from '../lib/bnn/invertible/neuron-trainer';
import { scaledSampler } from '../lib/bnn/invertible/common';
import { loadModifiedMnist } from '../lib/data';
import { clampIndices, type IsingModel } from '../lib/ising';
import { createRng } from '../lib/rng';
import { RELATIVE_ANNEAL_DEFAULTS } from '../lib/samplers/autoscale';
import { config as run } from '../experiments/configs/bcnn-2class-small';

const { train: t } = loadModifiedMnist(run.data);
const config = resolveBcnnConfig({ inputSize: run.data.size, numClasses: 2, ...run.model });
const B = 4; // class-bias spins (the method's default)
// Parts 2 and 3: unary slack, no conv-threshold spins.
const UNARY = { slackCode: 'unary', convBiasSpins: 0 } as const;
const image = (r: number) => t.x.subarray(r * t.dim, (r + 1) * t.dim);
const sampler = (sweeps: number) => scaledSampler('exact', { ...RELATIVE_ANNEAL_DEFAULTS, cycles: sweeps });

function lowest(model: IsingModel, offset: number, sweeps: number, reads: number, seed: string): number {
  const set = sampler(sweeps).sampleIsing(model, { numReads: reads, seed });
  return Math.min(...set.records.map((r) => r.energy)) + offset;
}

// 1. Single-image full circuit, weights free.
for (const slackCode of ['binary', 'unary'] as const) {
  for (const sweeps of [2000, 20000]) {
    let hits = 0;
    let spins = 0;
    const images = 10;
    for (let r = 0; r < images; r++) {
      const c = e2eCircuit(config, [image(r)], [t.y[r]], B, { slackCode, convBiasSpins: 0 });
      spins = c.model.n;
      if (lowest(c.model, c.offset, sweeps, 1, `g${r}`) < 1e-9) hits++;
    }
    console.log(`1. ${slackCode} slack, ${spins} spins, ${sweeps} sweeps: penalty 0 in ${hits}/${images} images`);
  }
}

// 2. Phase A from a random network, 10 batches of 4 images.
const nw = e2eNumWeights(config, B, 0);
const rng = createRng('xoshiro128ss', 1, 1);
const random = Int8Array.from({ length: nw }, () => (rng.nextU32() & 1 ? 1 : -1));
const K = 4;
const batch = (b: number) => Array.from({ length: K }, (_, k) => image(b * K + k));
const labelsOf = (b: number) => Int8Array.from({ length: K }, (_, k) => t.y[b * K + k]);
for (const form of ['full circuit, weights clamped', 'weights folded in']) {
  let above = 0;
  let annealed = 0;
  let forwardSum = 0;
  for (let b = 0; b < 10; b++) {
    const fwd = e2eForwardHidden(e2eWeightsToBcnn(config, random, B, 0), batch(b));
    let model: IsingModel;
    let offset: number;
    let hidden: number[];
    if (form === 'weights folded in') {
      const hc = e2eHiddenCircuit(e2eWeightsToBcnn(config, random, B, 0), batch(b), labelsOf(b), UNARY);
      ({ model, offset, hidden } = hc);
    } else {
      const c = e2eCircuit(config, batch(b), labelsOf(b), B, UNARY);
      ({ model, offset, hidden } = {
        model: clampIndices(c.model, c.weights, random),
        offset: c.offset,
        hidden: c.hidden,
      });
    }
    const pA = lowest(model, offset, 3000, 1, `a${b}`);
    const pF = lowest(clampIndices(model, hidden, fwd), offset, 3000, 1, `f${b}`);
    annealed += pA;
    forwardSum += pF;
    if (pA > pF + 1e-9) above++;
  }
  console.log(
    `2. phase A, ${form}: anneal above the forward pass in ${above}/10 batches (mean penalty ${(annealed / 10).toFixed(1)} vs forward ${(forwardSum / 10).toFixed(1)}; 3000 sweeps)`,
  );
}

// 3. Phase B along the alternating protocol.
const counters = new Int32Array(nw);
const current = Int8Array.from(random);
let better = 0;
let pB = 0;
let pCur = 0;
const batches = 200;
for (let b = 0; b < batches; b++) {
  const imgs = batch(b % 100);
  const labels = labelsOf(b % 100);
  const hc = e2eHiddenCircuit(e2eWeightsToBcnn(config, current, B, 0), imgs, labels, UNARY);
  const setA = sampler(300).sampleIsing(hc.model, { numReads: 1, seed: `pa${b}` });
  const hidden = Int8Array.from(hc.hidden, (i) => setA.first.sample[i]);
  const c = e2eCircuit(config, imgs, labels, B, UNARY);
  const mH = clampIndices(c.model, c.hidden, hidden);
  const prior = Float64Array.from(counters, (v) => Math.round((4 * v) / 8));
  const setB = sampler(300).sampleIsing(withFields(mH, c.weights, prior), { numReads: 1, seed: `pb${b}` });
  const annealed = mH.energy(setB.first.sample) + c.offset;
  const kept = lowest(clampIndices(mH, c.weights, current), c.offset, 300, 1, `pc${b}`);
  pB += annealed;
  pCur += kept;
  if (annealed < kept - 1e-9) better++;
  const w = readWeights(setB, c.weights, 'best');
  for (let i = 0; i < nw; i++) {
    counters[i] = Math.max(-8, Math.min(8, counters[i] + w[i]));
    current[i] = counters[i] >= 0 ? 1 : -1;
  }
}
console.log(
  `3. phase B: annealed weights below the current weights' penalty in ${better}/${batches} batches (mean ${(pB / batches).toFixed(1)} vs ${(pCur / batches).toFixed(1)}; 300 sweeps)`,
);

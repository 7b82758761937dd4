/**
 * The FC layer by invertible logic, mistake-driven (issue 20; our scheme, the multi-class perceptron's rule
 * with every update made by an anneal): each epoch,
 *
 *  1. forward mode: the current FC layer classifies every training feature map (argmax of V g, ties to the
 *     lowest class). On the hardware this is the FC circuit with the weights and the K feature maps clamped and
 *     the outputs free, ceil(n / K) x M runs of `forwardCycles` clocks each; those cycles are counted. (The
 *     simulation evaluates the clamped circuit's forward value exactly instead of annealing it.)
 *  2. for every class m, the misclassified maps labelled m (target +1) and the maps wrongly predicted as m
 *     (target -1) are annealed in batches of K in class m's threshold-neuron circuit (lib/logic threshold form,
 *     y (V_m . g) >= margin), with a prior field priorStrength * c_m / L on its weight spins from saturating
 *     counters c_m (accumulate rule of lib/bnn/invertible/neuron-trainer.ts); each read-out is added to c_m, and
 *     V_m = sign(c_m) (ties +1).
 *
 * After the last epoch one more forward pass is made; the weights returned are those with the fewest mistakes
 * at any forward pass (a pocket whose every evaluation is a counted forward-mode run). No gradient.
 */
import { createRng, shuffleInPlace, type Seed } from '../../rng';
import type { Sampler } from '../../samplers/types';
import { readWeights, withFields } from './neuron-trainer';
import { countAnneal, neuronCircuitFactory, samplerSteps, type IsingCost } from './common';

export interface MistakeFcOptions {
  sampler: Sampler<Record<string, unknown>>;
  samplesPerBatch: number;
  epochs: number;
  margin: number;
  priorStrength: number;
  counterLimit: number;
  /** Clocks of one forward-mode run of the clamped FC circuit (K maps at once). */
  forwardCycles: number;
  seed: Seed;
}

/** Predicted class of every row of G (n x F) under fc (M x F), ties to the lowest class. */
export function fcPredict(G: Int8Array, n: number, F: number, M: number, fc: Int8Array, out: Uint8Array): void {
  for (let k = 0; k < n; k++) {
    let best = 0;
    let bestZ = -Infinity;
    for (let m = 0; m < M; m++) {
      let z = 0;
      for (let f = 0; f < F; f++) z += fc[m * F + f] * G[k * F + f];
      if (z > bestZ) {
        bestZ = z;
        best = m;
      }
    }
    out[k] = best;
  }
}

/**
 * One anneal of class m's neuron circuit on `maps` with targets `y`, the prior field from its saturating
 * counters on the weight spins; the read-out is added to the counters and fc takes their signs. Anneal a of
 * one run is seeded `${seed}/${a}`; its cycles and size are added to `cost`.
 */
function counterAnnealer(
  F: number,
  o: MistakeFcOptions,
  cost: IsingCost,
  counters: Int32Array,
  fc: Int8Array,
): (maps: Int8Array[], y: Int8Array, m: number) => void {
  const factory = neuronCircuitFactory('threshold', o.margin);
  const prior = new Float64Array(F);
  let anneal = 0;
  return (maps, y, m) => {
    const circuit = factory(maps, y, false);
    const base = m * F;
    for (let f = 0; f < F; f++) prior[f] = Math.round((o.priorStrength * counters[base + f]) / o.counterLimit);
    const model = withFields(circuit.model, circuit.weights, prior);
    const set = o.sampler.sampleIsing(model, { numReads: 1, seed: `${String(o.seed)}/${anneal++}` });
    countAnneal(cost, model, samplerSteps(set));
    const w = readWeights(set, circuit.weights, 'best');
    for (let f = 0; f < F; f++) {
      const c = Math.max(-o.counterLimit, Math.min(o.counterLimit, counters[base + f] + w[f]));
      counters[base + f] = c;
      fc[base + f] = c >= 0 ? 1 : -1;
    }
  };
}

/**
 * The online form (`--fc-rule online`): the training maps in a seeded order, K at a time; the chunk is
 * classified in forward mode (M runs of forwardCycles, counted) and each misclassified map is annealed at once,
 * alone, in its label's circuit (target +1) and in the predicted class's circuit (target -1), so the next chunk
 * sees the updated counters: the online multi-class perceptron with every update an anneal. Each epoch ends
 * with a counted forward pass over all maps; the weights with the fewest mistakes at such a pass are kept.
 */
export function trainFcOnline(
  G: Int8Array,
  F: number,
  labels: ArrayLike<number>,
  M: number,
  o: MistakeFcOptions,
  cost: IsingCost,
): { fc: Int8Array; history: { epoch: number; mistakes: number }[]; keptEpoch: number } {
  const n = labels.length;
  const K = o.samplesPerBatch;
  const rng = createRng('xoshiro128ss', o.seed, 72);
  const counters = new Int32Array(M * F);
  const fc = new Int8Array(M * F);
  for (let i = 0; i < fc.length; i++) fc[i] = rng.nextU32() & 1 ? 1 : -1;
  const pred = new Uint8Array(n);
  const one = new Uint8Array(1);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const history: { epoch: number; mistakes: number }[] = [];
  let best = { fc: Int8Array.from(fc), mistakes: n + 1, epoch: 0 };
  const annealInto = counterAnnealer(F, o, cost, counters, fc);
  const update = (k: number, m: number, target: 1 | -1): void =>
    annealInto([G.subarray(k * F, (k + 1) * F)], Int8Array.of(target), m);
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    shuffleInPlace(rng, order);
    for (let start = 0; start < n; start += K) {
      cost.cycles += M * o.forwardCycles; // the chunk's forward-mode runs
      for (let b = start; b < Math.min(n, start + K); b++) {
        const k = order[b];
        fcPredict(G.subarray(k * F, (k + 1) * F), 1, F, M, fc, one);
        if (one[0] === labels[k]) continue;
        update(k, labels[k], 1);
        update(k, one[0], -1);
      }
    }
    fcPredict(G, n, F, M, fc, pred);
    cost.cycles += Math.ceil(n / K) * M * o.forwardCycles;
    let mistakes = 0;
    for (let k = 0; k < n; k++) if (pred[k] !== labels[k]) mistakes++;
    history.push({ epoch, mistakes });
    if (mistakes < best.mistakes) best = { fc: Int8Array.from(fc), mistakes, epoch };
    if (mistakes === 0) break;
  }
  return { fc: best.fc, history, keptEpoch: best.epoch };
}

/** Trains fc (M x F, no class bias) mistake-driven; adds every anneal and forward run to `cost`. */
export function trainFcMistakeDriven(
  G: Int8Array,
  F: number,
  labels: ArrayLike<number>,
  M: number,
  o: MistakeFcOptions,
  cost: IsingCost,
): { fc: Int8Array; history: { epoch: number; mistakes: number }[]; keptEpoch: number } {
  const n = labels.length;
  const K = o.samplesPerBatch;
  const rng = createRng('xoshiro128ss', o.seed, 71);
  const counters = new Int32Array(M * F);
  const fc = new Int8Array(M * F);
  for (let i = 0; i < fc.length; i++) fc[i] = rng.nextU32() & 1 ? 1 : -1; // the registers' start values
  const pred = new Uint8Array(n);
  const history: { epoch: number; mistakes: number }[] = [];
  const annealInto = counterAnnealer(F, o, cost, counters, fc);
  let best = { fc: Int8Array.from(fc), mistakes: n + 1, epoch: 0 };
  for (let epoch = 1; epoch <= o.epochs + 1; epoch++) {
    // Forward mode (counted): the mistakes of the weights after epoch - 1.
    fcPredict(G, n, F, M, fc, pred);
    cost.cycles += Math.ceil(n / K) * M * o.forwardCycles;
    let mistakes = 0;
    for (let k = 0; k < n; k++) if (pred[k] !== labels[k]) mistakes++;
    history.push({ epoch: epoch - 1, mistakes });
    if (mistakes < best.mistakes) best = { fc: Int8Array.from(fc), mistakes, epoch: epoch - 1 };
    if (mistakes === 0 || epoch > o.epochs) break;
    for (let m = 0; m < M; m++) {
      const rows: number[] = [];
      const ys: number[] = [];
      for (let k = 0; k < n; k++) {
        if (pred[k] === labels[k]) continue;
        if (labels[k] === m) {
          rows.push(k);
          ys.push(1);
        } else if (pred[k] === m) {
          rows.push(k);
          ys.push(-1);
        }
      }
      const order = Int32Array.from({ length: rows.length }, (_, i) => i);
      shuffleInPlace(rng, order);
      for (let start = 0; start < rows.length; start += K) {
        const batch: Int8Array[] = [];
        const y = new Int8Array(Math.min(K, rows.length - start));
        for (let b = 0; b < y.length; b++) {
          const k = rows[order[start + b]];
          batch.push(G.subarray(k * F, (k + 1) * F));
          y[b] = ys[order[start + b]];
        }
        annealInto(batch, y, m);
      }
    }
  }
  return { fc: best.fc, history, keptEpoch: best.epoch };
}

/**
 * The exhaustive oracle of a small binarized neuron: every one of the 2^n weight vectors (n <= 30, no bias, or
 * the bias as an extra weight) is scored on the training set, giving the true minimum training error that any
 * trainer of y = sign(w.x + b) could reach, and which weights attain it. Identical input rows are merged
 * first (a 5x5 binarized digit pair has only a few hundred distinct images), inputs are bit-packed and the
 * score of a weight vector is a popcount per distinct row, so 2^25 vectors take seconds.
 */
import { InvlogicError } from '../errors';
import { type NeuronData } from './neuron';

export interface NeuronOracle {
  /** Largest training accuracy over all weight vectors. */
  bestTrainAccuracy: number;
  /** How many weight vectors attain it. */
  numOptimal: number;
  /** One optimal weight vector (the first in enumeration order), w0..w{n-1} then b if bias. */
  weights: Int8Array;
  /** Distinct input rows in the training set. */
  distinctRows: number;
  /** Accuracy of the best lookup table on the distinct rows (majority label per row): no classifier does better. */
  bayesAccuracy: number;
}

/** Exhaustive search over all weight vectors (n + bias <= 30). */
export function neuronOracle(data: NeuronData, bias: boolean): NeuronOracle {
  const n = data.dim + (bias ? 1 : 0);
  if (n > 30) throw new InvlogicError(`the exhaustive oracle handles at most 30 weights, got ${n}`, 'dim');
  // Distinct rows with counts of each label.
  const rows = new Map<number, [number, number]>();
  for (let k = 0; k < data.n; k++) {
    let key = 0;
    for (let i = 0; i < data.dim; i++) if (data.x[k * data.dim + i] > 0) key |= 1 << i;
    if (bias) key |= 1 << data.dim;
    key >>>= 0;
    const c = rows.get(key) ?? [0, 0];
    c[data.y[k] > 0 ? 1 : 0]++;
    rows.set(key, c);
  }
  const keys = Uint32Array.from(rows.keys());
  const counts = [...rows.values()];
  const neg = Int32Array.from(counts, (c) => c[0]);
  const pos = Int32Array.from(counts, (c) => c[1]);
  let bayes = 0;
  for (let r = 0; r < keys.length; r++) bayes += Math.max(neg[r], pos[r]);
  const R = keys.length;
  let best = -1;
  let bestW = 0;
  let count = 0;
  const total = 2 ** n;
  // w.x = n - 2 * popcount(wbits XOR xbits); y = +1 iff w.x >= 0 iff popcount(...) <= n/2.
  const half = n / 2;
  for (let w = 0; w < total; w++) {
    let correct = 0;
    for (let r = 0; r < R; r++) {
      let v = (w ^ keys[r]) >>> 0;
      v = v - ((v >>> 1) & 0x55555555);
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      const pc = (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
      correct += pc <= half ? pos[r] : neg[r];
    }
    if (correct > best) {
      best = correct;
      bestW = w;
      count = 1;
    } else if (correct === best) count++;
  }
  const weights = new Int8Array(n);
  for (let i = 0; i < n; i++) weights[i] = (bestW >>> i) & 1 ? 1 : -1;
  return {
    bestTrainAccuracy: best / data.n,
    numOptimal: count,
    weights,
    distinctRows: R,
    bayesAccuracy: bayes / data.n,
  };
}

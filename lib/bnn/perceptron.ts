/**
 * Perceptron learning of a binarized neuron, and Gallant's pocket algorithm with ratchet (S. I. Gallant,
 * "Perceptron-based learning algorithms", IEEE Trans. Neural Networks 1(2), 1990): the software baseline the
 * predecessors (ICECS 2019, J. Applied Logics 2020) compare their invertible-logic hardware against
 * (paper brief §4.1).
 *
 * The weights must be +-1, so both keep integer latent weights h_i (and h_b for the bias) and classify with
 * w_i = sign(h_i) (the "clipped perceptron" for binary synapses). On a mistake on (x_k, y_k):
 *
 *   h_i <- h_i + y_k x_ki,   h_b <- h_b + y_k          (Rosenblatt's update on the latent weights)
 *
 * optionally saturated at +-latentBound. `perceptron` sweeps the training set in a fresh seeded order each
 * epoch and stops after an epoch without mistakes. `pocket` draws training examples uniformly at random
 * (seeded), runs the same update, and keeps in its "pocket" the weights with the longest run of consecutive
 * correct classifications, replacing them only if they also classify more training examples correctly
 * (the ratchet); it returns the pocket weights.
 */
import { createRng, randInt, shuffleInPlace, type Rng } from '../rng';
import { type BinaryNeuron, neuronAccuracy } from './neuron';
import {
  type EpochRecord,
  type NeuronProblem,
  type NeuronTrainResult,
  type OptionsOf,
  registerMethod,
  timeToFinal,
} from './registry';

const perceptronOptions = {
  epochs: { type: 'int', default: 100, min: 1, max: 1_000_000, help: 'maximum passes over the training set' },
  latentBound: {
    type: 'int',
    default: 0,
    min: 0,
    max: 1_000_000,
    help: 'saturate the integer latent weights at +-latentBound (0 = unbounded)',
  },
  init: {
    type: 'string',
    default: 'random',
    choices: ['random', 'zero'],
    help: 'latent start: random +-1 (seeded) or 0 (all weights +1)',
  },
} as const;

type PerceptronOptions = OptionsOf<typeof perceptronOptions>;

/** Latent state of the clipped perceptron, shared by `perceptron` and `pocket`. */
class ClippedPerceptron {
  readonly h: Int32Array;
  readonly w: Int8Array;
  hb = 0;
  b: number;
  updates = 0;
  constructor(
    readonly dim: number,
    readonly hasBias: boolean,
    readonly bound: number,
    init: string,
    rng: Rng,
  ) {
    this.h = new Int32Array(dim);
    this.w = new Int8Array(dim);
    for (let i = 0; i < dim; i++) {
      this.h[i] = init === 'random' ? (rng.nextU32() & 1 ? 1 : -1) : 0;
      this.w[i] = this.h[i] >= 0 ? 1 : -1;
    }
    if (hasBias && init === 'random') this.hb = rng.nextU32() & 1 ? 1 : -1;
    this.b = hasBias ? (this.hb >= 0 ? 1 : -1) : 0;
  }
  /** Classifies row k; on a mistake applies the update. Returns true if the row was classified correctly. */
  step(x: Int8Array, y: number, k: number): boolean {
    const { dim, w, h, bound } = this;
    const base = k * dim;
    let pre = this.b;
    for (let i = 0; i < dim; i++) pre += w[i] * x[base + i];
    if ((pre >= 0 ? 1 : -1) === y) return true;
    for (let i = 0; i < dim; i++) {
      let v = h[i] + y * x[base + i];
      if (bound > 0) v = v > bound ? bound : v < -bound ? -bound : v;
      h[i] = v;
      w[i] = v >= 0 ? 1 : -1;
    }
    if (this.hasBias) {
      let v = this.hb + y;
      if (bound > 0) v = v > bound ? bound : v < -bound ? -bound : v;
      this.hb = v;
      this.b = v >= 0 ? 1 : -1;
    }
    this.updates++;
    return false;
  }
  snapshot(): BinaryNeuron {
    return { dim: this.dim, weights: Int8Array.from(this.w), bias: this.b };
  }
}

function report(
  method: string,
  options: PerceptronOptions,
  neuron: BinaryNeuron,
  problem: NeuronProblem,
  history: EpochRecord[],
  info: Record<string, number | string | boolean>,
): NeuronTrainResult {
  const last = history[history.length - 1];
  return {
    method,
    target: 'neuron',
    options,
    neuron,
    trainAccuracy: neuronAccuracy(neuron, problem.train),
    testAccuracy: problem.test ? neuronAccuracy(neuron, problem.test) : NaN,
    epochs: history.length,
    history,
    wallTimeS: last.timeS,
    timeToFinalS: timeToFinal(history),
    info,
  };
}

export const perceptronMethod = registerMethod({
  name: 'perceptron',
  target: 'neuron',
  summary: 'clipped perceptron: integer latent weights, w = sign(h), Rosenblatt update on mistakes (seeded order)',
  reference: 'Rosenblatt 1958; binary-synapse (clipped) perceptron; Gallant 1990 §II',
  options: perceptronOptions,
  train(problem: NeuronProblem, options: PerceptronOptions): NeuronTrainResult {
    const { train } = problem;
    const rng = createRng('xoshiro128ss', problem.seed, 0);
    const p = new ClippedPerceptron(train.dim, problem.bias, options.latentBound, options.init, rng);
    const order = new Int32Array(train.n);
    for (let k = 0; k < train.n; k++) order[k] = k;
    const history: EpochRecord[] = [];
    let timeS = 0;
    let converged = false;
    for (let epoch = 1; epoch <= options.epochs && !converged; epoch++) {
      const t0 = performance.now();
      shuffleInPlace(rng, order);
      let mistakes = 0;
      for (let t = 0; t < train.n; t++) if (!p.step(train.x, train.y[order[t]], order[t])) mistakes++;
      converged = mistakes === 0;
      timeS += (performance.now() - t0) / 1000;
      const neuron = p.snapshot();
      const rec: EpochRecord = {
        epoch,
        trainAccuracy: neuronAccuracy(neuron, train),
        testAccuracy: problem.test ? neuronAccuracy(neuron, problem.test) : NaN,
        loss: mistakes / train.n,
        timeS,
      };
      history.push(rec);
      problem.onEpoch?.(rec);
    }
    return report('perceptron', options, p.snapshot(), problem, history, { updates: p.updates, converged });
  },
});

export const pocketMethod = registerMethod({
  name: 'pocket',
  target: 'neuron',
  summary: "Gallant's pocket algorithm with ratchet on the clipped perceptron (random seeded draws)",
  reference: 'S. I. Gallant, IEEE Trans. Neural Networks 1(2):179-191, 1990 (pocket with ratchet)',
  options: perceptronOptions,
  train(problem: NeuronProblem, options: PerceptronOptions): NeuronTrainResult {
    const { train } = problem;
    const rng = createRng('xoshiro128ss', problem.seed, 0);
    const p = new ClippedPerceptron(train.dim, problem.bias, options.latentBound, options.init, rng);
    let pocket = p.snapshot();
    let pocketAccuracy = neuronAccuracy(pocket, train);
    let pocketRun = 0;
    let run = 0;
    let replacements = 0;
    const history: EpochRecord[] = [];
    let timeS = 0;
    for (let epoch = 1; epoch <= options.epochs && pocketAccuracy < 1; epoch++) {
      const t0 = performance.now();
      for (let t = 0; t < train.n; t++) {
        const k = randInt(rng, train.n);
        if (p.step(train.x, train.y[k], k)) {
          run++;
          if (run > pocketRun) {
            // Ratchet: a longer run only replaces the pocket if it is also better on the whole training set.
            const candidate = p.snapshot();
            const acc = neuronAccuracy(candidate, train);
            pocketRun = run;
            if (acc > pocketAccuracy) {
              pocket = candidate;
              pocketAccuracy = acc;
              replacements++;
              if (acc === 1) break;
            }
          }
        } else {
          run = 0;
        }
      }
      timeS += (performance.now() - t0) / 1000;
      const rec: EpochRecord = {
        epoch,
        trainAccuracy: pocketAccuracy,
        testAccuracy: problem.test ? neuronAccuracy(pocket, problem.test) : NaN,
        timeS,
      };
      history.push(rec);
      problem.onEpoch?.(rec);
    }
    if (history.length === 0) {
      history.push({
        epoch: 0,
        trainAccuracy: pocketAccuracy,
        testAccuracy: problem.test ? neuronAccuracy(pocket, problem.test) : NaN,
        timeS: 0,
      });
    }
    return report('pocket', options, pocket, problem, history, { updates: p.updates, replacements, pocketRun });
  },
});

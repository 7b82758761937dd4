/**
 * `invertible-e2e`: the whole 2-layer BCNN as ONE invertible circuit (paper brief §4.3 reading (ii)): for each
 * of K images, the image and the label are clamped, the hidden feature map is free, and the conv kernels and
 * FC weights are spins shared by all K copies. Built with lib/logic PenaltyBuilder:
 *
 *   conv unit   h = sign(sum_uv K[c][u][v] x[..])        compact threshold (x clamped -> linear in K), margin 1
 *                                                        (conv threshold 0; 9 taps: no ties)
 *   pool        g = OR(h_1..h_P^2) = sign(sum h + P^2 - 1) compact threshold with a constant-one spin
 *   product     p = XNOR(V[m][f], g_f)                   library XNOR spin gate (both free), scaled x2
 *   class m     y_m (sum_f p_mf + sum_b beta_mb) >= 1     compact threshold, y_m = +1 for the label, -1 else
 *
 * A ground state (penalty 0) is a network that classifies all K images with margin. Batches are combined as
 * for a single neuron (majority vote / accumulate over the shared spins; lib/bnn/invertible-neuron.ts).
 * Size per image: C*o^2*(1 + slack) + C*p^2*(1 + slack) + 2*M*F + M*slack spins (~1.5k for the 2-class
 * 10x10 BCNN), so this runs on a training subset (option trainSubset) at K of a few images.
 */
import { InvlogicError } from '../errors';
import { enumerate } from '../ising';
import { gate, gateToModel, addThreshold, PenaltyBuilder } from '../logic';
import { bcnnShapes, type BcnnConfig } from './bcnn';
import { trainInvertibleNeuron, type CombineRule, type NeuronCircuit } from './invertible-neuron';
import { scaledSampler } from './invertible-perceptron';
import { invertibleBcnnSchema, type InvertibleBcnnOptions } from './invertible-bcnn';
import { bcnnAccuracy } from './packed';
import { type BcnnProblem, type BcnnTrainResult, registerMethod, timeToFinal } from './registry';
import { createRng, shuffleInPlace } from '../rng';
import { relativeAnnealOf } from '../samplers/autoscale';

/** Names of the shared spins, in the order of the weight vector: conv, fc, then class-bias spins. */
export function e2eWeightNames(config: BcnnConfig, biasSpins: number): string[] {
  const s = bcnnShapes(config);
  const names: string[] = [];
  for (let i = 0; i < config.channels * s.kernelTaps; i++) names.push(`K${i}`);
  for (let i = 0; i < config.numClasses * s.features; i++) names.push(`V${i}`);
  for (let m = 0; m < config.numClasses; m++) for (let b = 0; b < biasSpins; b++) names.push(`beta${m}_${b}`);
  return names;
}

/** The e2e circuit of K images (rows of s*s pixels) with class labels. */
export function e2eCircuit(
  config: BcnnConfig,
  images: readonly Int8Array[],
  labels: ArrayLike<number>,
  biasSpins: number,
  xnorScale = 2,
): NeuronCircuit {
  const { inputSize: s, kernelSize: k, channels: C, stride, padding: p, padValue, pool: P, numClasses: M } = config;
  const { convSize: o, poolSize: po, features: F, kernelTaps } = bcnnShapes(config);
  const b = new PenaltyBuilder();
  const weights = e2eWeightNames(config, biasSpins).map((n) => b.spin(n));
  const one = b.spin('one');
  const xnor = gateToModel(gate('XNOR'));
  images.forEach((x, n) => {
    if (x.length !== s * s) throw new InvlogicError(`image ${n} has ${x.length} pixels, expected ${s * s}`, 'images');
    const h = (c: number, r: number, q: number) => b.spin(`i${n}.h${c}_${r}_${q}`);
    for (let c = 0; c < C; c++)
      for (let r = 0; r < o; r++)
        for (let q = 0; q < o; q++) {
          const inputs: [number, number][] = [];
          for (let u = 0; u < k; u++)
            for (let v = 0; v < k; v++) {
              const i = r * stride + u - p;
              const j = q * stride + v - p;
              const pixel = i >= 0 && i < s && j >= 0 && j < s ? x[i * s + j] : padValue;
              inputs.push([weights[c * kernelTaps + u * k + v], pixel]);
            }
          addThreshold(b, { output: h(c, r, q), inputs, slackPrefix: `i${n}.hs${c}_${r}_${q}_` });
        }
    const g: number[] = [];
    for (let c = 0; c < C; c++)
      for (let i = 0; i < po; i++)
        for (let j = 0; j < po; j++) {
          if (P === 1) {
            g.push(h(c, i, j));
            continue;
          }
          const gi = b.spin(`i${n}.g${c}_${i}_${j}`);
          const inputs: [number, number][] = [[one, P * P - 1]];
          for (let u = 0; u < P; u++) for (let v = 0; v < P; v++) inputs.push([h(c, i * P + u, j * P + v), 1]);
          addThreshold(b, { output: gi, inputs, slackPrefix: `i${n}.gs${c}_${i}_${j}_` });
          g.push(gi);
        }
    const label = labels[n];
    for (let m = 0; m < M; m++) {
      const inputs: [number, number][] = [];
      for (let f = 0; f < F; f++) {
        const prod = `i${n}.p${m}_${f}`;
        const map: Record<string, string> = {
          A: b.names[weights[C * kernelTaps + m * F + f]],
          B: b.names[g[f]],
          Y: prod,
          X1: `${prod}.aux`,
        };
        b.addModel(xnor, (w) => map[w], xnorScale);
        inputs.push([b.spin(prod), 1]);
      }
      for (let bb = 0; bb < biasSpins; bb++) inputs.push([weights[C * kernelTaps + M * F + m * biasSpins + bb], 1]);
      addThreshold(b, { output: { constant: m === label ? 1 : -1 }, inputs, slackPrefix: `i${n}.cs${m}_` });
    }
  });
  const model = b.build({ one: 1 });
  // Offset: penalty terms are exact; each XNOR contributes its own ground energy.
  const xnorGround = xnorScale * enumerate(xnor).groundEnergy; // every valid XNOR row has this energy
  const offset = b.offset - images.length * M * F * xnorGround;
  return { model, weights, offset };
}

export const invertibleE2eMethod = registerMethod({
  name: 'invertible-e2e',
  target: 'bcnn',
  summary:
    'the whole 2-layer BCNN as one invertible circuit: image and label clamped, hidden map free, weights shared by K images',
  reference: 'reconstruction: paper brief §4.3 reading (ii)',
  options: invertibleBcnnSchema,
  train(problem: BcnnProblem, o: InvertibleBcnnOptions): BcnnTrainResult {
    const t0 = performance.now();
    const config = problem.config;
    const { features: F, kernelTaps } = bcnnShapes(config);
    const C = config.channels;
    const M = config.numClasses;
    const t = problem.train;
    const size = o.trainSubset > 0 ? Math.min(o.trainSubset, t.n) : t.n;
    const order = Int32Array.from({ length: t.n }, (_, i) => i);
    shuffleInPlace(createRng('xoshiro128ss', problem.seed, 61), order);
    const x = new Int8Array(size * t.dim);
    const y = new Int8Array(size);
    for (let kk = 0; kk < size; kk++) {
      x.set(t.x.subarray(order[kk] * t.dim, (order[kk] + 1) * t.dim), kk * t.dim);
      y[kk] = t.y[order[kk]];
    }
    const B = o.biasSpins;
    const r = trainInvertibleNeuron(
      { n: size, dim: t.dim, x, y },
      {
        circuit: (batch, labels) => e2eCircuit(config, batch, labels, B),
        numWeights: C * kernelTaps + M * F + M * B,
        sampler: scaledSampler(o.sampler as 'sc' | 'exact', relativeAnnealOf(o)),
        samplerOptions: {},
        numReads: o.reads,
        samplesPerBatch: o.samplesPerBatch,
        epochs: o.epochs,
        combine: o.combine as CombineRule,
        readout: 'best',
        selection: 'last',
        priorStrength: o.priorStrength,
        counterLimit: 8,
        discardInvalid: false,
        bias: false,
        seed: problem.seed,
        acceptsInitial: o.sampler === 'exact',
        stepsPerRead: (_m, set) => Number(o.sampler === 'sc' ? set.info.cycles : set.info.numSweeps),
      },
    );
    const w = r.weights;
    const conv = w.slice(0, C * kernelTaps);
    const fc = w.slice(C * kernelTaps, C * kernelTaps + M * F);
    const fcBias = new Int32Array(M);
    for (let m = 0; m < M; m++) for (let bb = 0; bb < B; bb++) fcBias[m] += w[C * kernelTaps + M * F + m * B + bb];
    const weights = { config, conv, convThreshold: new Int32Array(C), fc, fcBias };
    const wallTimeS = (performance.now() - t0) / 1000;
    const trainAccuracy = bcnnAccuracy(weights, t.x, t.y, t.n);
    const testAccuracy = problem.test ? bcnnAccuracy(weights, problem.test.x, problem.test.y, problem.test.n) : NaN;
    const history = [{ epoch: 1, trainAccuracy, testAccuracy, timeS: wallTimeS }];
    problem.onEpoch?.(history[0]);
    return {
      method: 'invertible-e2e',
      target: 'bcnn',
      options: { ...o },
      weights,
      trainAccuracy,
      testAccuracy,
      epochs: o.epochs,
      history,
      wallTimeS,
      timeToFinalS: timeToFinal(history),
      hardware: { spins: r.spins, couplings: r.couplings, cycles: r.totalSteps },
      info: {
        batches: r.batches,
        satisfiedBatchFraction: r.satisfiedBatches / Math.max(1, r.batches),
        anneals: r.anneals,
        trainImagesUsed: size,
        stepUnit: o.sampler === 'sc' ? 'clock cycles' : 'sweeps',
      },
    };
  },
});

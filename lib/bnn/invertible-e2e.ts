/**
 * `invertible-e2e`: the whole 2-layer BCNN as ONE invertible circuit (paper brief §4.3 reading (ii)): for each
 * of K images, the image and the label are clamped, the hidden feature map is free, and the conv kernels, conv
 * thresholds and FC weights are spins shared by all K copies. Built with lib/logic PenaltyBuilder:
 *
 *   conv unit   h = sign(sum_uv K[c][u][v] x[..] + sum_b theta[c][b])   compact threshold (x clamped -> linear
 *                                                                         in K), margin 1; 9 taps + B spins, B
 *                                                                         even: no ties
 *   pool        g = OR(h_1..h_P^2) = sign(sum h + P^2 - 1)               compact threshold with a constant-one spin
 *   product     p = XNOR(V[m][f], g_f)                                   library XNOR spin gate (both free), x2
 *   class m     y_m (sum_f p_mf + sum_b beta_mb) >= margin               compact threshold, y_m = +1 for the
 *                                                                         label, -1 else
 *
 * A ground state (penalty 0) is a network that classifies all K images with margin. Conv thresholds are
 * `convBiasSpins` spins per channel (default 0: threshold 0, no ties with odd k*k); slack spins of the compact
 * thresholds are bounded-binary (default) or unary (`slackCode`, lib/logic/threshold.ts).
 *
 * How the circuit is annealed (`e2eProtocol`, both reconstructions; docs/bcnn-invertible.md, "End to end: what
 * was tried" has the measurements, neither trains beyond toys):
 *  - "joint" (default, the literal reading): one anneal with every weight and hidden spin free; batches combined
 *    by `combine` as for a single neuron (lib/bnn/invertible-neuron.ts). Its fan-out barrier (one kernel spin
 *    enters 25 conv units per image) keeps it from converging beyond toy sizes.
 *  - "alternating": two anneals per batch, with different spins clamped:
 *      A. hidden inference on e2eHiddenCircuit, the circuit with the current weights folded in (each conv unit
 *         a field of its known pre-activation: flipping it costs its distance from the threshold, so the label
 *         moves low-confidence units first). Annealing the full circuit with the weights clamped instead ends
 *         above the forward pass's own penalty (scripts/e2e-diagnostics.ts);
 *      B. weight update: the hidden map (h, g) clamped to A's read-out, the weights free; the circuit then
 *         separates into one threshold neuron per conv channel (25 K patch constraints) and one per class.
 *    Batches are combined by `combine`: "accumulate" (phase B gets a field priorStrength * c / 8 towards
 *    saturating counters c, current weights = sign(c)), "majority" (vote over batches) or "sequential" (field
 *    priorStrength * w towards the previous batch's); the epoch with the best training accuracy is kept.
 * Size per image: C*o^2*(1 + slack) + C*p^2*(1 + slack) + 2*M*F + M*slack spins (305 for the 2-class 7x7
 * model, 367 with unary slack), so the method targets the small end-to-end models (experiments/configs/*-small.ts).
 */
import { InvlogicError } from '../errors';
import { enumerate, IsingModel, type Spin } from '../ising';
import { gate, gateToModel, addThreshold, PenaltyBuilder, type SlackCode } from '../logic';
import { createRng, shuffleInPlace } from '../rng';
import { relativeAnnealOf } from '../samplers/autoscale';
import { bcnnShapes, referenceConv, type BcnnConfig, type BcnnWeights } from './bcnn';
import { invertibleBcnnSchema, type InvertibleBcnnOptions } from './invertible-bcnn';
import {
  readWeights,
  trainInvertibleNeuron,
  withFields,
  type CombineRule,
  type NeuronCircuit,
} from './invertible-neuron';
import { scaledSampler } from './invertible-perceptron';
import { bcnnAccuracy } from './packed';
import { type BcnnProblem, type BcnnTrainResult, type EpochRecord, registerMethod, timeToFinal } from './registry';

export type E2eProtocol = 'alternating' | 'joint';
export const E2E_PROTOCOLS: readonly E2eProtocol[] = ['alternating', 'joint'];

/** Names of the shared spins, in the order of the weight vector: conv, fc, class-bias, then conv-threshold spins. */
export function e2eWeightNames(config: BcnnConfig, biasSpins: number, convBiasSpins = biasSpins): string[] {
  const s = bcnnShapes(config);
  const names: string[] = [];
  for (let i = 0; i < config.channels * s.kernelTaps; i++) names.push(`K${i}`);
  for (let i = 0; i < config.numClasses * s.features; i++) names.push(`V${i}`);
  for (let m = 0; m < config.numClasses; m++) for (let b = 0; b < biasSpins; b++) names.push(`beta${m}_${b}`);
  for (let c = 0; c < config.channels; c++) for (let b = 0; b < convBiasSpins; b++) names.push(`theta${c}_${b}`);
  return names;
}

/** Length of the e2e weight vector. */
export function e2eNumWeights(config: BcnnConfig, biasSpins: number, convBiasSpins = biasSpins): number {
  const { features: F, kernelTaps } = bcnnShapes(config);
  return (
    config.channels * kernelTaps +
    config.numClasses * F +
    config.numClasses * biasSpins +
    config.channels * convBiasSpins
  );
}

/** The network a weight vector (order of e2eWeightNames) stands for: conv threshold = -(sum of its spins). */
export function e2eWeightsToBcnn(
  config: BcnnConfig,
  w: ArrayLike<number>,
  biasSpins: number,
  convBiasSpins = biasSpins,
): BcnnWeights {
  const { features: F, kernelTaps } = bcnnShapes(config);
  const C = config.channels;
  const M = config.numClasses;
  const B = biasSpins;
  const nw = e2eNumWeights(config, B, convBiasSpins);
  if (w.length !== nw) {
    throw new InvlogicError(`weight vector has length ${w.length}, expected ${nw}`, 'weights');
  }
  const conv = Int8Array.from({ length: C * kernelTaps }, (_, i) => w[i]);
  const fc = Int8Array.from({ length: M * F }, (_, i) => w[C * kernelTaps + i]);
  const fcBias = new Int32Array(M);
  const convThreshold = new Int32Array(C);
  let at = C * kernelTaps + M * F;
  for (let m = 0; m < M; m++) for (let b = 0; b < B; b++) fcBias[m] += w[at++];
  // h = +1 iff a + sum theta >= 0 iff a >= -sum theta
  for (let c = 0; c < C; c++) for (let b = 0; b < convBiasSpins; b++) convThreshold[c] -= w[at++];
  return { config, conv, convThreshold, fc, fcBias };
}

export interface E2eCircuitOptions {
  /** Slack code of every compact threshold (default 'unary'). */
  slackCode?: SlackCode;
  /** Margin of the class thresholds (default 1; raised to the parity of F + B). */
  margin?: number;
  /** Conv-threshold spins per channel (default `biasSpins`; 0 = threshold 0, no ties with odd k*k). */
  convBiasSpins?: number;
}

/** A batch circuit with the indices of its hidden map (conv units h, then pooled features g, image by image). */
export interface E2eCircuit extends NeuronCircuit {
  offset: number;
  hidden: number[];
}

/** The e2e circuit of K images (rows of s*s pixels, +-1) with class labels; `biasSpins` per class and per channel. */
export function e2eCircuit(
  config: BcnnConfig,
  images: readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  biasSpins: number,
  options: E2eCircuitOptions = {},
): E2eCircuit {
  const { inputSize: s, kernelSize: k, channels: C, stride, padding: p, padValue, pool: P, numClasses: M } = config;
  const { convSize: o, poolSize: po, features: F, kernelTaps } = bcnnShapes(config);
  const slackCode = options.slackCode ?? 'unary';
  // XNOR x2: its gap (2) then equals the thresholds' 4.
  const xnorScale = 2;
  if (labels.length !== images.length) {
    throw new InvlogicError(`labels has length ${labels.length}, expected ${images.length}`, 'labels');
  }
  const b = new PenaltyBuilder();
  const Bc = options.convBiasSpins ?? biasSpins;
  const weights = e2eWeightNames(config, biasSpins, Bc).map((n) => b.spin(n));
  const theta = (c: number, j: number) => weights[C * kernelTaps + M * F + M * biasSpins + c * Bc + j];
  const one = b.spin('one');
  const xnor = gateToModel(gate('XNOR'));
  const hidden: number[] = [];
  images.forEach((x, n) => {
    if (x.length !== s * s) throw new InvlogicError(`image ${n} has ${x.length} pixels, expected ${s * s}`, 'images');
    const label = labels[n];
    if (!Number.isInteger(label) || label < 0 || label >= M) {
      throw new InvlogicError(`labels[${n}] must be a class index in [0, ${M - 1}], got ${label}`, `labels[${n}]`);
    }
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
          for (let j = 0; j < Bc; j++) inputs.push([theta(c, j), 1]);
          const out = h(c, r, q);
          hidden.push(out);
          addThreshold(b, {
            output: out,
            inputs,
            slackPrefix: `i${n}.hs${c}_${r}_${q}_`,
            slackCode,
          });
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
          addThreshold(b, { output: gi, inputs, slackPrefix: `i${n}.gs${c}_${i}_${j}_`, slackCode });
          hidden.push(gi);
          g.push(gi);
        }
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
      addThreshold(b, {
        output: { constant: m === label ? 1 : -1 },
        inputs,
        margin: options.margin ?? 1,
        slackPrefix: `i${n}.cs${m}_`,
        slackCode,
      });
    }
  });
  const model = b.build({ one: 1 });
  // Offset: penalty terms are exact; each XNOR contributes its own ground energy.
  const xnorGround = xnorScale * enumerate(xnor).groundEnergy; // every valid XNOR row has this energy
  const offset = b.offset - images.length * M * F * xnorGround;
  return { model, weights, offset, hidden };
}

/**
 * Phase A's circuit with the weights of `net` folded in (the clamped weights are constants, so the compiler
 * removes them): conv unit h gets the field 2 (a - threshold) + 1 of its known pre-activation a
 * (flipping it costs in proportion to its distance from the threshold; no slack spins, so no slack minima),
 * the pools and the clamped-label class thresholds are as in e2eCircuit with the XNOR products folded into
 * coefficients +-1. The hidden spins come in e2eCircuit's order, so a read-out clamps its `hidden` directly.
 * Energy + offset is a penalty: 0 for the forward pass of an image the network classifies with margin, else the
 * flip costs 2 |field| of the conv units that differ from the forward pass plus the pool and class violations.
 */
export function e2eHiddenCircuit(
  net: BcnnWeights,
  images: readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  options: E2eCircuitOptions = {},
): { model: IsingModel; offset: number; hidden: number[] } {
  const config = net.config;
  const { channels: C, pool: P, numClasses: M } = config;
  const { convSize: o, poolSize: po, features: F } = bcnnShapes(config);
  const slackCode = options.slackCode ?? 'unary';
  if (labels.length !== images.length) {
    throw new InvlogicError(`labels has length ${labels.length}, expected ${images.length}`, 'labels');
  }
  const b = new PenaltyBuilder();
  const one = b.spin('one');
  const hidden: number[] = [];
  const a = new Float64Array(C * o * o);
  let fieldOffset = 0;
  images.forEach((x, n) => {
    const label = labels[n];
    if (!Number.isInteger(label) || label < 0 || label >= M) {
      throw new InvlogicError(`labels[${n}] must be a class index in [0, ${M - 1}], got ${label}`, `labels[${n}]`);
    }
    referenceConv(net, x, 0, a);
    const h = (c: number, r: number, q: number) => b.spin(`i${n}.h${c}_${r}_${q}`);
    for (let c = 0; c < C; c++)
      for (let i = 0; i < o * o; i++) {
        const out = h(c, Math.floor(i / o), i % o);
        const field = 2 * (a[c * o * o + i] - net.convThreshold[c]) + 1;
        b.addField(out, field);
        fieldOffset += Math.abs(field);
        hidden.push(out);
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
          addThreshold(b, { output: gi, inputs, slackPrefix: `i${n}.gs${c}_${i}_${j}_`, slackCode });
          hidden.push(gi);
          g.push(gi);
        }
    for (let m = 0; m < M; m++) {
      const inputs: [number, number][] = g.map((gf, f) => [gf, net.fc[m * F + f]]);
      if (net.fcBias[m] !== 0) inputs.push([one, net.fcBias[m]]);
      addThreshold(b, {
        output: { constant: m === label ? 1 : -1 },
        inputs,
        margin: options.margin ?? 1,
        slackPrefix: `i${n}.cs${m}_`,
        slackCode,
      });
    }
  });
  return { model: b.build({ one: 1 }), offset: b.offset + fieldOffset, hidden };
}

/** A copy of `model` with the spins `idx` clamped to `values` (on top of its own clamps). */
function clampSpins(model: IsingModel, idx: readonly number[], values: ArrayLike<number>): IsingModel {
  const clamp = new Map<number, Spin>(model.clamp);
  for (let k = 0; k < idx.length; k++) clamp.set(idx[k], values[k] > 0 ? 1 : -1);
  return new IsingModel(model.names, model.h, model.edgeArrays(), clamp);
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
    const circuitOptions: E2eCircuitOptions = {
      slackCode: o.slackCode as SlackCode,
      margin: o.margin,
      convBiasSpins: o.convBiasSpins,
    };
    const sampler = scaledSampler(o.sampler as 'sc' | 'exact', relativeAnnealOf(o));
    const stepsOf = (set: { info: Record<string, unknown> }) =>
      Number(o.sampler === 'sc' ? set.info.cycles : set.info.numSweeps);
    const accuracyOf = (net: BcnnWeights) => ({
      trainAccuracy: bcnnAccuracy(net, t.x, t.y, t.n),
      testAccuracy: problem.test ? bcnnAccuracy(net, problem.test.x, problem.test.y, problem.test.n) : NaN,
    });
    const history: EpochRecord[] = [];
    let totalSteps = 0;
    let anneals = 0;
    let spins = 0;
    let couplings = 0;
    let batches = 0;
    let satisfied = 0;
    let net: BcnnWeights;
    let keptEpoch = o.epochs;
    if (o.e2eProtocol === 'joint') {
      const r = trainInvertibleNeuron(
        { n: size, dim: t.dim, x, y },
        {
          circuit: (batch, labels) => e2eCircuit(config, batch, labels, B, circuitOptions),
          numWeights: e2eNumWeights(config, B, o.convBiasSpins),
          sampler,
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
          stepsPerRead: (_m, set) => stepsOf(set),
        },
      );
      net = e2eWeightsToBcnn(config, r.weights, B, o.convBiasSpins);
      ({ totalSteps, anneals, spins, couplings, batches } = r);
      satisfied = r.satisfiedBatches;
      history.push({ epoch: o.epochs, ...accuracyOf(net), timeS: (performance.now() - t0) / 1000 });
      problem.onEpoch?.(history[0]);
    } else {
      const nw = e2eNumWeights(config, B, o.convBiasSpins);
      const K = Math.min(o.samplesPerBatch, size);
      const limit = 8;
      const rng = createRng('xoshiro128ss', problem.seed, 7001);
      const current = Int8Array.from({ length: nw }, () => (rng.nextU32() & 1 ? 1 : -1));
      const counters = new Int32Array(nw);
      const batchSum = new Int32Array(nw);
      const prior = new Float64Array(nw);
      const rows = Int32Array.from({ length: size }, (_, i) => i);
      const batchX: Int8Array[] = [];
      const batchY = new Int8Array(K);
      let best = { accuracy: -1, net: e2eWeightsToBcnn(config, current, B, o.convBiasSpins), epoch: 0 };
      for (let epoch = 0; epoch < o.epochs; epoch++) {
        shuffleInPlace(rng, rows);
        for (let start = 0; start + K <= size; start += K) {
          batchX.length = 0;
          for (let kk = 0; kk < K; kk++) {
            const r = rows[start + kk];
            batchX.push(x.subarray(r * t.dim, (r + 1) * t.dim));
            batchY[kk] = y[r];
          }
          const c = e2eCircuit(config, batchX, batchY, B, circuitOptions);
          // A. hidden inference: the current weights folded into the circuit (e2eHiddenCircuit).
          const hc = e2eHiddenCircuit(
            e2eWeightsToBcnn(config, current, B, o.convBiasSpins),
            batchX,
            batchY,
            circuitOptions,
          );
          const setA = sampler.sampleIsing(hc.model, {
            numReads: o.reads,
            seed: `${String(problem.seed)}/a${batches}`,
          });
          const hiddenState = Int8Array.from(hc.hidden, (i) => setA.first.sample[i]);
          // B. weight update: hidden map clamped, weights free under the counters' prior.
          for (let i = 0; i < nw; i++) {
            prior[i] =
              o.combine === 'majority'
                ? 0
                : o.combine === 'sequential'
                  ? o.priorStrength * current[i]
                  : Math.round((o.priorStrength * counters[i]) / limit);
          }
          const mB = withFields(clampSpins(c.model, c.hidden, hiddenState), c.weights, prior);
          const setB = sampler.sampleIsing(mB, { numReads: o.reads, seed: `${String(problem.seed)}/b${batches}` });
          const wBatch = readWeights(setB, c.weights, 'best');
          if (c.model.energy(setB.first.sample) + c.offset < 1e-9) satisfied++;
          for (let i = 0; i < nw; i++) {
            if (o.combine === 'majority') {
              batchSum[i] += wBatch[i];
              current[i] = batchSum[i] >= 0 ? 1 : -1;
            } else if (o.combine === 'sequential') current[i] = wBatch[i];
            else {
              counters[i] = Math.max(-limit, Math.min(limit, counters[i] + wBatch[i]));
              current[i] = counters[i] >= 0 ? 1 : -1;
            }
          }
          totalSteps += stepsOf(setA) * setA.numReads + stepsOf(setB) * setB.numReads;
          anneals += setA.numReads + setB.numReads;
          spins = Math.max(spins, c.model.n);
          couplings = Math.max(couplings, c.model.numEdges);
          batches++;
        }
        const candidate = e2eWeightsToBcnn(config, current, B, o.convBiasSpins);
        const rec = { epoch: epoch + 1, ...accuracyOf(candidate), timeS: (performance.now() - t0) / 1000 };
        history.push(rec);
        problem.onEpoch?.(rec);
        // The epoch with the best training accuracy is returned (as invertible-layerwise keeps its best round).
        if (rec.trainAccuracy > best.accuracy) best = { accuracy: rec.trainAccuracy, net: candidate, epoch: epoch + 1 };
      }
      net = best.net;
      keptEpoch = best.epoch;
    }
    const wallTimeS = (performance.now() - t0) / 1000;
    const { trainAccuracy, testAccuracy } = accuracyOf(net);
    return {
      method: 'invertible-e2e',
      target: 'bcnn',
      options: { ...o },
      weights: net,
      trainAccuracy,
      testAccuracy,
      epochs: o.epochs,
      history,
      wallTimeS,
      timeToFinalS: timeToFinal(history),
      hardware: { spins, couplings, cycles: totalSteps },
      info: {
        protocol: o.e2eProtocol,
        batches,
        satisfiedBatchFraction: satisfied / Math.max(1, batches),
        anneals,
        keptEpoch,
        trainImagesUsed: size,
        stepUnit: o.sampler === 'sc' ? 'clock cycles' : 'sweeps',
      },
    };
  },
});

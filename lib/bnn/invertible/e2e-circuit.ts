/**
 * The end-to-end circuits of `invertible-e2e` (lib/bnn/invertible/e2e.ts): the whole 2-layer BCNN as ONE
 * invertible circuit (paper brief §4.3 reading (ii)): for each of K images, the image and the label are
 * clamped, the hidden feature map is free, and the conv kernels, conv thresholds and FC weights are spins
 * shared by all K copies. Built with lib/logic PenaltyBuilder:
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
 * Size per image: C*o^2*(1 + slack) + C*p^2*(1 + slack) + 2*M*F + M*slack spins (305 for the 2-class 7x7
 * model, 367 with unary slack), so the method targets the small end-to-end models (experiments/configs/*-small.ts).
 *
 * e2eHiddenCircuit is the same circuit with the weights of a network folded in (phase A of the alternating
 * protocol, and the network targets of invertible-layerwise).
 */
import { InvlogicError } from '../../errors';
import { enumerate, minimizeComponents, type IsingModel } from '../../ising';
import { gate, gateToModel, addThreshold, PenaltyBuilder, type SlackCode } from '../../logic';
import { bcnnShapes, referenceConv, referenceFeatures, type BcnnConfig, type BcnnWeights } from '../bcnn';
import type { NeuronCircuit } from './neuron-trainer';

/**
 * The OR pools of image n, g = OR(h_1..h_P^2) = sign(sum h + P^2 - 1) as compact thresholds (g = h when P = 1);
 * appends the new pool spins to `hidden` and returns the F feature spins in the FC layer's order.
 */
function addPools(
  b: PenaltyBuilder,
  config: BcnnConfig,
  n: number,
  one: number,
  h: (c: number, r: number, q: number) => number,
  hidden: number[],
  slackCode: SlackCode,
): number[] {
  const { channels: C, pool: P } = config;
  const { poolSize: po } = bcnnShapes(config);
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
  return g;
}

/** Class m of image n: y_m (sum of `inputs`) >= margin, y_m = +1 for the label, -1 else (compact threshold). */
function addClassThreshold(
  b: PenaltyBuilder,
  n: number,
  m: number,
  label: number,
  inputs: ReadonlyArray<readonly [number, number]>,
  margin: number,
  slackCode: SlackCode,
): void {
  addThreshold(b, {
    output: { constant: m === label ? 1 : -1 },
    inputs,
    margin,
    slackPrefix: `i${n}.cs${m}_`,
    slackCode,
  });
}

/** Names of the shared spins, in the order of the weight vector: conv, fc, class-bias, then conv-threshold spins. */
export function e2eWeightNames(config: BcnnConfig, biasSpins: number, convBiasSpins = 0): string[] {
  const s = bcnnShapes(config);
  const names: string[] = [];
  for (let i = 0; i < config.channels * s.kernelTaps; i++) names.push(`K${i}`);
  for (let i = 0; i < config.numClasses * s.features; i++) names.push(`V${i}`);
  for (let m = 0; m < config.numClasses; m++) for (let b = 0; b < biasSpins; b++) names.push(`beta${m}_${b}`);
  for (let c = 0; c < config.channels; c++) for (let b = 0; b < convBiasSpins; b++) names.push(`theta${c}_${b}`);
  return names;
}

/** Length of the e2e weight vector. */
export function e2eNumWeights(config: BcnnConfig, biasSpins: number, convBiasSpins = 0): number {
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
  convBiasSpins = 0,
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
  /** Slack code of every compact threshold (default 'binary'). */
  slackCode?: SlackCode;
  /** Margin of the class thresholds (default 1; raised to the parity of F + B). */
  margin?: number;
  /** Conv-threshold spins per channel (default 0: threshold 0, no ties with odd k*k). */
  convBiasSpins?: number;
  /**
   * Include the clamped-label class thresholds (default true). False leaves the forward network alone (same
   * spin names, no class slack), whose zero-penalty completion e2eForwardState needs.
   */
  classThresholds?: boolean;
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
  const { inputSize: s, kernelSize: k, channels: C, stride, padding: p, padValue, numClasses: M } = config;
  const { convSize: o, features: F, kernelTaps } = bcnnShapes(config);
  const slackCode = options.slackCode ?? 'binary';
  // XNOR x2: its gap (2) then equals the thresholds' 4.
  const xnorScale = 2;
  if (labels.length !== images.length) {
    throw new InvlogicError(`labels has length ${labels.length}, expected ${images.length}`, 'labels');
  }
  const b = new PenaltyBuilder();
  const Bc = options.convBiasSpins ?? 0;
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
    const g = addPools(b, config, n, one, h, hidden, slackCode);
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
      if (options.classThresholds !== false) addClassThreshold(b, n, m, label, inputs, options.margin ?? 1, slackCode);
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
  const { channels: C, numClasses: M } = config;
  const { convSize: o, features: F } = bcnnShapes(config);
  const slackCode = options.slackCode ?? 'binary';
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
    const g = addPools(b, config, n, one, h, hidden, slackCode);
    for (let m = 0; m < M; m++) {
      const inputs: [number, number][] = g.map((gf, f) => [gf, net.fc[m * F + f]]);
      if (net.fcBias[m] !== 0) inputs.push([one, net.fcBias[m]]);
      addClassThreshold(b, n, m, label, inputs, options.margin ?? 1, slackCode);
    }
  });
  return { model: b.build({ one: 1 }), offset: b.offset + fieldOffset, hidden };
}

/**
 * The forward pass of `net` on each image as values of e2eCircuit's `hidden` spins (same order: conv units
 * h = +1 iff a >= threshold, then the OR-pooled features, image by image).
 */
export function e2eForwardHidden(net: BcnnWeights, images: readonly ArrayLike<number>[]): Int8Array {
  const { channels: C, pool: P } = net.config;
  const { convSize: o, features: F } = bcnnShapes(net.config);
  const units = C * o * o;
  // With P = 1 the features are the conv units themselves (addPools adds no spins).
  const perImage = units + (P === 1 ? 0 : F);
  const out = new Int8Array(images.length * perImage);
  const a = new Float64Array(units);
  images.forEach((x, k) => {
    referenceConv(net, x, 0, a);
    for (let i = 0; i < units; i++) out[k * perImage + i] = a[i] >= net.convThreshold[Math.floor(i / (o * o))] ? 1 : -1;
    if (P > 1) referenceFeatures(net, x, 0, out.subarray(k * perImage + units, (k + 1) * perImage));
  });
  return out;
}

/**
 * A state of the e2eCircuit `c` (built from `images`, `labels`, `biasSpins` and `options`) that is the forward
 * pass of the network with weight vector `w` (order of e2eWeightNames): weight and hidden spins set, then the
 * other spins at their conditional minimum (lib/ising minimizeComponents), first the slack, XNOR-product and aux
 * spins of the forward network without the class thresholds, then the class thresholds' slack. For an image the
 * network classifies with margin its part of the penalty is then 0; otherwise only its class thresholds are
 * violated. Filled into `state` (length c.model.n) and returned; the warm start of `--e2e-init forward`.
 */
export function e2eForwardState(
  c: E2eCircuit,
  config: BcnnConfig,
  images: readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  biasSpins: number,
  options: E2eCircuitOptions,
  w: ArrayLike<number>,
  state: Int8Array,
): Int8Array {
  if (state.length !== c.model.n) {
    throw new InvlogicError(`state must have length n = ${c.model.n}, got ${state.length}`, 'state');
  }
  c.weights.forEach((s, i) => (state[s] = w[i] > 0 ? 1 : -1));
  const hidden = e2eForwardHidden(e2eWeightsToBcnn(config, w, biasSpins, options.convBiasSpins ?? 0), images);
  if (hidden.length !== c.hidden.length) {
    throw new InvlogicError(`circuit has ${c.hidden.length} hidden spins, the images give ${hidden.length}`, 'images');
  }
  c.hidden.forEach((s, i) => (state[s] = hidden[i]));
  // 1. The forward network alone (spins matched by name).
  const f = e2eCircuit(config, images, labels, biasSpins, { ...options, classThresholds: false });
  const fIndex = f.model.names.map((name) => c.model.indexOf(name));
  const fState = Int8Array.from(fIndex, (i) => state[i]);
  minimizeComponents(f.model, fState, [...f.weights, ...f.hidden]);
  fIndex.forEach((i, k) => (state[i] = fState[k]));
  // 2. The class-threshold slack: every spin of the forward network held.
  minimizeComponents(c.model, state, fIndex);
  return state;
}

/**
 * `invertible-codes`: the whole 2-layer BCNN by invertible logic, without gradients (issue 20, the headline
 * method; our scheme, designed from ../shared research on conv objectives, docs/bcnn-invertible.md):
 *
 *  1. Conv layer, channel by channel, from clamped data and a label code. Channel c gets a seeded code
 *     y_c(m) in {-1, +1} over the classes m (a random half of the classes is +1). A *pooled example* is one
 *     pooling window of one training image: its P x P patches x_1..x_{P^2} and the target y_c(label). Its
 *     circuit is P^2 copies of the conv unit sharing the kernel and threshold spins, feeding an OR with the
 *     output clamped to the target (pooledCodeCircuit):
 *        target -1:  every copy  -(w . x_j + b) >= margin                  (all units off)
 *        target +1:  free units u_j with u_j (w . x_j + b) >= margin,  sum_j u_j + P^2 - 1 >= 1   (OR = +1)
 *     where b = sum of `convBiasSpins` +-1 spins is the channel's bias (deployed threshold theta = -b). K such
 *     examples share one circuit (the kernel spins fan out to all of them); batches are combined by the
 *     invertible neuron's rules (lib/bnn/invertible/neuron-trainer.ts: majority, sequential, accumulate).
 *  2. FC layer: one invertible neuron per class on the clamped feature map and label (trainFcInvertible of
 *     fc-layer.ts), with `biasSpins` class-bias spins (0 for the headline model: the backprop
 *     baseline has no class bias).
 * Every anneal runs on the chosen sampler (the SC hardware model by default); hardware.cycles is the sum
 * over every anneal of the run; no forward-mode selection pass is made (selection must be 'last').
 */
import { InvlogicError } from '../../errors';
import { addThreshold, effectiveMargin, PenaltyBuilder, slackCoefficients } from '../../logic';
import { createRng, shuffleInPlace, type Seed } from '../../rng';
import { type BcnnWeights, bcnnShapes } from '../bcnn';
import { invertibleBcnnSchema } from './bcnn-common';
import { annealSettings, countRun, type IsingCost, newCost, samplerFor, stepUnit } from './common';
import type { Sampler } from '../../samplers/types';
import { trainFcInvertible } from './fc-layer';
import { trainInvertibleNeuron, type NeuronCircuitFactory } from './neuron-trainer';
import { trainFcMistakeDriven, trainFcOnline } from './fc-mistakes';
import { bcnnAccuracy, bcnnFeatureMatrix } from '../packed';
import {
  type BcnnProblem,
  type BcnnTrainResult,
  type EpochRecord,
  type OptionsOf,
  registerMethod,
  timeToFinal,
} from '../registry';

/** The headline method's options: the invertible BCNN options plus the conv circuits' own batch settings. */
export const invertibleCodesSchema = {
  ...invertibleBcnnSchema,
  convSamplesPerBatch: {
    type: 'int',
    default: 8,
    min: 1,
    max: 4096,
    help: 'codes: pooled examples per conv circuit (K of the conv layer)',
  },
  convEpochs: { type: 'int', default: 1, min: 1, max: 1000, help: 'codes: passes over the pooled examples' },
  convLayout: {
    type: 'string',
    default: 'compact',
    choices: ['compact', 'fixed'],
    help: "codes: conv circuit layout: 'compact' (target -1 examples without unit spins) or 'fixed' (every example has its unit and OR spins, target -1 units clamped: the layout of the trainer RTL, docs/rtl.md)",
  },
  convCombine: {
    type: 'string',
    default: 'accumulate',
    choices: ['majority', 'sequential', 'accumulate'],
    help: 'codes: batch combination of the conv circuits',
  },
  fcRule: {
    type: 'string',
    default: 'batches',
    choices: ['batches', 'mistakes', 'online'],
    help: 'codes: FC neurons on seeded batches of all maps (trainFcInvertible), mistake-driven per epoch, or online per chunk of K (forward-mode passes counted; lib/bnn/invertible/fc-mistakes.ts)',
  },
  forwardCycles: {
    type: 'int',
    default: 0,
    min: 0,
    max: 10_000_000,
    help: 'codes, mistakes: clocks counted per forward-mode run of the clamped FC circuit (0 = the anneal length)',
  },
  counterLimit: {
    type: 'int',
    default: 8,
    min: 1,
    max: 1_000_000,
    help: 'codes, mistakes: saturation of the FC counters',
  },
} as const;

export type InvertibleCodesOptions = OptionsOf<typeof invertibleCodesSchema>;

/**
 * The pooled-example circuit factory: each row holds the P^2 patches (taps each) of one pooling window,
 * the label its clamped OR target; weights = taps kernel spins then `biasSpins` bias spins (see file doc).
 */
export function pooledCodeCircuit(
  taps: number,
  windowSize: number,
  biasSpins: number,
  margin: number,
  /**
   * 'compact' (default): a target -1 example has no unit spins and no OR term. 'fixed': every example has its
   * unit spins (clamped to -1 for target -1: the same constraint) and its OR slack spins (uncoupled for target
   * -1), so spin i is the same role in every batch (the layout a fixed hardware array needs; issue 23).
   */
  layout: 'compact' | 'fixed' = 'compact',
): NeuronCircuitFactory {
  return (batch, labels) => {
    const b = new PenaltyBuilder();
    const weights: number[] = [];
    for (let i = 0; i < taps + biasSpins; i++) weights.push(b.spin(`w${i}`));
    const one = b.spin('one');
    const clamps: Record<string, number> = { one: 1 };
    batch.forEach((row, e) => {
      if (row.length !== taps * windowSize)
        throw new InvlogicError(`pooled example ${e} has ${row.length} inputs, expected ${taps * windowSize}`, 'rows');
      const units: number[] = [];
      for (let j = 0; j < windowSize; j++) {
        const inputs: [number, number][] = [];
        for (let i = 0; i < taps; i++) inputs.push([weights[i], row[j * taps + i]]);
        for (let i = 0; i < biasSpins; i++) inputs.push([weights[taps + i], 1]);
        const fixed = layout === 'fixed';
        const output = labels[e] > 0 || fixed ? b.spin(`u${e}_${j}`) : { constant: -1 as const };
        if (fixed && labels[e] <= 0) clamps[`u${e}_${j}`] = -1;
        else if (typeof output === 'number') units.push(output);
        addThreshold(b, { output, inputs, margin, slackPrefix: `s${e}_${j}_` });
      }
      if (units.length > 0) {
        // OR of the units = +1: sum_j u_j + (P^2 - 1) * one >= 1.
        const inputs: [number, number][] = units.map((u) => [u, 1]);
        inputs.push([one, windowSize - 1]);
        addThreshold(b, { output: { constant: 1 }, inputs, margin: 1, slackPrefix: `o${e}_` });
      } else if (layout === 'fixed') {
        // The OR's slack spins (the coefficients of sum_j u_j + (P^2 - 1) >= 1), uncoupled.
        const R = (windowSize + windowSize - 1 - effectiveMargin(2 * windowSize - 1, 1)) / 2;
        slackCoefficients(R).forEach((_, k) => b.spin(`o${e}_${k}`));
      }
    });
    const model = b.build(clamps);
    return { model, weights, offset: b.offset };
  };
}

/** Seeded label codes: codes[c * M + m] = +1 for a random half (floor(M/2), at least 1) of the classes. */
export function labelCodes(channels: number, numClasses: number, seed: Seed): Int8Array {
  const rng = createRng('xoshiro128ss', seed, 61);
  const codes = new Int8Array(channels * numClasses).fill(-1);
  const classes = Int32Array.from({ length: numClasses }, (_, m) => m);
  for (let c = 0; c < channels; c++) {
    shuffleInPlace(rng, classes);
    for (let q = 0; q < Math.max(1, Math.floor(numClasses / 2)); q++) codes[c * numClasses + classes[q]] = 1;
  }
  return codes;
}

/** Pooled examples of the training images: rows of P^2 patches, image and window chosen by a seeded shuffle. */
export function pooledExamples(
  problem: BcnnProblem,
  count: number,
  seed: Seed,
): { x: Int8Array; image: Int32Array; n: number; dim: number } {
  const config = problem.config;
  const { inputSize: s, kernelSize: k, stride, padding: p, padValue, pool: P } = config;
  const { poolSize, kernelTaps: taps } = bcnnShapes(config);
  const t = problem.train;
  const total = t.n * poolSize * poolSize;
  const n = Math.min(count, total);
  const rng = createRng('xoshiro128ss', seed, 62);
  const pick = Int32Array.from({ length: total }, (_, i) => i);
  shuffleInPlace(rng, pick);
  const dim = P * P * taps;
  const x = new Int8Array(n * dim);
  const image = new Int32Array(n);
  for (let e = 0; e < n; e++) {
    const img = Math.floor(pick[e] / (poolSize * poolSize));
    const win = pick[e] % (poolSize * poolSize);
    const wi = Math.floor(win / poolSize);
    const wj = win % poolSize;
    image[e] = img;
    let o = e * dim;
    for (let u = 0; u < P; u++)
      for (let v = 0; v < P; v++) {
        const r = wi * P + u;
        const q = wj * P + v;
        for (let a = 0; a < k; a++)
          for (let c = 0; c < k; c++) {
            const i = r * stride + a - p;
            const j = q * stride + c - p;
            x[o++] = i >= 0 && i < s && j >= 0 && j < s ? t.x[img * s * s + i * s + j] : padValue;
          }
      }
  }
  return { x, image, n, dim };
}

/**
 * The conv layer of `invertible-codes` (step 1 of the file doc): every channel's kernel and threshold from its
 * pooled label-code circuits; the anneals' cycles and circuit sizes are added to `cost`.
 */
export function trainCodesConv(
  problem: BcnnProblem,
  o: InvertibleCodesOptions,
  sampler: Sampler<Record<string, unknown>>,
  cost: IsingCost,
): { conv: Int8Array; convThreshold: Int32Array; codes: Int8Array } {
  const config = problem.config;
  const { kernelTaps: taps } = bcnnShapes(config);
  const { channels: C, numClasses: M, pool: P } = config;
  const B = o.convBiasSpins;
  const codes = labelCodes(C, M, problem.seed);
  const conv = new Int8Array(C * taps);
  const convThreshold = new Int32Array(C);
  for (let c = 0; c < C; c++) {
    const ex = pooledExamples(problem, o.convPatches, `${String(problem.seed)}/conv${c}`);
    const y = Int8Array.from(ex.image, (img) => codes[c * M + problem.train.y[img]]);
    const r = trainInvertibleNeuron(
      { n: ex.n, dim: ex.dim, x: ex.x, y },
      {
        circuit: pooledCodeCircuit(taps, P * P, B, o.convMargin, o.convLayout as 'compact' | 'fixed'),
        numWeights: taps + B,
        ...annealSettings(o, sampler),
        samplesPerBatch: o.convSamplesPerBatch,
        epochs: o.convEpochs,
        combine: o.convCombine,
        readout: 'best',
        selection: 'last',
        priorStrength: o.priorStrength,
        counterLimit: 8,
        discardInvalid: false,
        balanced: o.balanced,
        bias: false,
        seed: `${String(problem.seed)}/conv${c}`,
      },
    );
    countRun(cost, r);
    conv.set(r.weights.subarray(0, taps), c * taps);
    let bias = 0;
    for (let i = 0; i < B; i++) bias += r.weights[taps + i];
    convThreshold[c] = -bias; // unit on iff w . x + bias >= 0 iff w . x >= -bias
  }
  return { conv, convThreshold, codes };
}

/** Trains the whole BCNN with label-coded pooled conv circuits and invertible FC neurons (file doc). */
export function trainInvertibleCodes(problem: BcnnProblem, o: InvertibleCodesOptions): BcnnTrainResult {
  const t0 = performance.now();
  if (o.selection !== 'last') {
    throw new InvlogicError(
      "invertible-codes makes no forward-mode selection pass: use --selection last (a pocket pass's cycles are not counted)",
      'selection',
    );
  }
  const config = problem.config;
  const { features: F } = bcnnShapes(config);
  const { numClasses: M } = config;
  const cost = newCost();
  const sampler = samplerFor(o);
  const { conv, convThreshold, codes } = trainCodesConv(problem, o, sampler, cost);
  const history: EpochRecord[] = [];
  const info: Record<string, string | number> = {};
  const convOnly: BcnnWeights = {
    config,
    conv,
    convThreshold,
    fc: new Int8Array(M * F).fill(1),
    fcBias: new Int32Array(M),
  };
  const G = bcnnFeatureMatrix(convOnly, problem.train.x, problem.train.n);
  let fc: Int8Array;
  let fcBias = new Int32Array(M);
  if (o.fcRule === 'mistakes' || o.fcRule === 'online') {
    if (o.streams === 'hardware')
      throw new InvlogicError(`streams 'hardware' covers fcRule 'batches' only, got '${o.fcRule}'`, 'streams');
    if (o.biasSpins !== 0)
      throw new InvlogicError('fcRule mistakes trains an FC layer without class bias: use --bias-spins 0', 'biasSpins');
    const r = (o.fcRule === 'online' ? trainFcOnline : trainFcMistakeDriven)(
      G,
      F,
      problem.train.y,
      M,
      {
        sampler,
        samplesPerBatch: o.samplesPerBatch,
        epochs: o.epochs,
        margin: o.margin,
        priorStrength: o.priorStrength,
        counterLimit: o.counterLimit,
        forwardCycles: o.forwardCycles > 0 ? o.forwardCycles : o.cycles,
        seed: `${String(problem.seed)}/fc`,
      },
      cost,
    );
    fc = r.fc;
    info.fcMistakes = r.history.map((h) => h.mistakes).join(',');
    info.fcKeptEpoch = r.keptEpoch;
  } else {
    ({ fc, fcBias } = trainFcInvertible(G, F, problem.train.y, M, o, `${String(problem.seed)}/fc`, cost));
  }
  const weights: BcnnWeights = { config, conv, convThreshold, fc, fcBias };
  const wallTimeS = (performance.now() - t0) / 1000;
  const trainAccuracy = bcnnAccuracy(weights, problem.train.x, problem.train.y, problem.train.n);
  const testAccuracy = problem.test ? bcnnAccuracy(weights, problem.test.x, problem.test.y, problem.test.n) : NaN;
  const record: EpochRecord = { epoch: 1, trainAccuracy, testAccuracy, timeS: wallTimeS };
  history.push(record);
  problem.onEpoch?.(record);
  return {
    method: 'invertible-codes',
    target: 'bcnn',
    options: { ...o },
    weights,
    trainAccuracy,
    testAccuracy,
    epochs: 1,
    history,
    wallTimeS,
    timeToFinalS: timeToFinal(history),
    hardware: { spins: cost.spins, couplings: cost.couplings, cycles: cost.cycles },
    info: {
      usesBackprop: false,
      anneals: cost.anneals,
      stepUnit: stepUnit(o),
      codes: Array.from(codes, (v) => (v > 0 ? '+' : '-')).join(''),
      ...info,
    },
  };
}

export const invertibleCodesMethod = registerMethod({
  name: 'invertible-codes',
  target: 'bcnn',
  summary:
    'both layers by invertible logic, no gradient: conv channels from pooled label-code circuits (P^2 unit copies into a clamped OR), FC neurons on the clamped feature map',
  reference: 'reconstruction: issue 20 (headline); our scheme, docs/bcnn-invertible.md',
  options: invertibleCodesSchema,
  train: trainInvertibleCodes,
});

/**
 * The FC layer of the BCNN by invertible logic from the clamped feature map and the label (used by the
 * invertible BCNN methods; no method is registered here): one neuron per class (label +1 for its class, -1
 * otherwise), or one multi-class circuit; the class bias beta[m] is `biasSpins` extra weights on constant +1
 * inputs (an integer in [-B, B]). The one-vs-rest neurons can run on worker threads (anneal-threads.ts).
 */
import { InvlogicError } from '../../errors';
import { multiclassThreshold } from '../../logic';
import type { Seed } from '../../rng';
import { bcnnShapes } from '../bcnn';
import { bcnnFeatureMatrix } from '../packed';
import type { BcnnProblem, BcnnTrainResult } from '../registry';
import { trainNeurons, type NeuronJob } from './anneal-threads';
import { bcnnReport, bcnnTrainSubset, bcnnWeightsOf, trainNeuron, type InvertibleBcnnOptions } from './bcnn-common';
import { newCost, type IsingCost } from './common';
import type { AnnealEvent, NeuronCircuitFactory } from './neuron-trainer';

/** The multi-class FC circuit (lib/logic multiclassThreshold) as a batch-circuit factory; labels are class indices. */
export function multiclassCircuitFactory(classes: number, margin: number): NeuronCircuitFactory {
  return (batch, labels) => {
    const mc = multiclassThreshold({ inputs: batch, labels, classes, margin });
    return { model: mc.model, weights: mc.weights, offset: mc.offset };
  };
}

/**
 * FC layer by invertible logic on features G (n x F) with `biasSpins` constant inputs; returns fc (M x F) and
 * fcBias (M). `fcCircuit` one-vs-rest: one neuron per class (label +1 for its class, -1 otherwise);
 * multiclass: one circuit holding all M x (F + B) weights with the class label clamped (label beats every
 * other class by the margin).
 */
export function trainFcInvertible(
  G: Int8Array,
  F: number,
  labels: ArrayLike<number>,
  numClasses: number,
  o: InvertibleBcnnOptions,
  seed: Seed,
  cost: IsingCost,
  /** Observation hook (the RTL trainer's replay): neuron m's anneal events (one-vs-rest only). */
  onAnneal?: (neuron: number, e: AnnealEvent) => void,
): { fc: Int8Array; fcBias: Int32Array } {
  const n = labels.length;
  const B = o.biasSpins;
  const dim = F + B;
  const x = fcRows(G, F, n, B);
  const fc = new Int8Array(numClasses * F);
  const fcBias = new Int32Array(numClasses);
  const store = (m: number, w: Int8Array): void => storeFcNeuron(fc, fcBias, F, B, m, w);
  if (o.fcCircuit === 'multiclass') {
    if (o.balanced) {
      throw new InvlogicError(
        "balanced applies to fcCircuit 'one-vs-rest' (the multiclass circuit sees every class)",
        'balanced',
      );
    }
    if (o.circuit !== 'threshold') {
      throw new InvlogicError(
        "fcCircuit 'multiclass' is built from threshold terms: use circuit 'threshold'",
        'circuit',
      );
    }
    const y = Int8Array.from(labels);
    const w = trainNeuron(x, y, dim, o, `${String(seed)}/fc`, cost, 'threshold', {
      circuit: multiclassCircuitFactory(numClasses, o.margin),
      numWeights: numClasses * dim,
    });
    for (let m = 0; m < numClasses; m++) store(m, w.subarray(m * dim, (m + 1) * dim));
    return { fc, fcBias };
  }
  const y = new Int8Array(n);
  for (let m = 0; m < numClasses; m++) {
    for (let k = 0; k < n; k++) y[k] = labels[k] === m ? 1 : -1;
    const hook = onAnneal ? (e: AnnealEvent) => onAnneal(m, e) : undefined;
    store(m, trainNeuron(x, y, dim, o, `${String(seed)}/fc${m}`, cost, undefined, undefined, hook));
  }
  return { fc, fcBias };
}

/** The FC neurons' input rows: features G (n x F) and B constant +1 bias inputs. */
function fcRows(G: Int8Array, F: number, n: number, B: number): Int8Array {
  const dim = F + B;
  const x = new Int8Array(n * dim);
  for (let k = 0; k < n; k++) {
    x.set(G.subarray(k * F, (k + 1) * F), k * dim);
    for (let b = 0; b < B; b++) x[k * dim + F + b] = 1;
  }
  return x;
}

/** Class m's FC row and bias (the sum of its bias-input weights) from its neuron weights w. */
function storeFcNeuron(fc: Int8Array, fcBias: Int32Array, F: number, B: number, m: number, w: Int8Array): void {
  fc.set(w.subarray(0, F), m * F);
  let beta = 0;
  for (let b = 0; b < B; b++) beta += w[F + b];
  fcBias[m] = beta;
}

/**
 * trainFcInvertible with the one-vs-rest class neurons on `o.threads` worker threads (lib/bnn/invertible/anneal-threads.ts);
 * the same fc, fcBias and cost as trainFcInvertible (which runs when threads = 1 or the circuit is multiclass).
 */
export async function trainFcInvertibleThreaded(
  G: Int8Array,
  F: number,
  labels: ArrayLike<number>,
  numClasses: number,
  o: InvertibleBcnnOptions,
  seed: Seed,
  cost: IsingCost,
): Promise<{ fc: Int8Array; fcBias: Int32Array }> {
  if (o.threads <= 1 || o.fcCircuit === 'multiclass') return trainFcInvertible(G, F, labels, numClasses, o, seed, cost);
  const n = labels.length;
  const B = o.biasSpins;
  const x = fcRows(G, F, n, B);
  const jobs: NeuronJob[] = [];
  for (let m = 0; m < numClasses; m++) {
    const y = new Int8Array(n);
    for (let k = 0; k < n; k++) y[k] = labels[k] === m ? 1 : -1;
    jobs.push({ x, y, dim: F + B, o, seed: `${String(seed)}/fc${m}` });
  }
  const ws = await trainNeurons(jobs, o.threads, cost);
  const fc = new Int8Array(numClasses * F);
  const fcBias = new Int32Array(numClasses);
  ws.forEach((w, m) => storeFcNeuron(fc, fcBias, F, B, m, w));
  return { fc, fcBias };
}

/** FC by invertible logic on the feature map of given conv kernels. */
export async function fcOnConv(
  method: string,
  problem: BcnnProblem,
  o: InvertibleBcnnOptions,
  conv: Int8Array,
  convThreshold: Int32Array,
  info: Record<string, number | string | boolean>,
  t0: number,
): Promise<BcnnTrainResult> {
  const config = problem.config;
  const { features: F } = bcnnShapes(config);
  const data = bcnnTrainSubset(problem, o.trainSubset);
  const cost = newCost();
  const zeroFc = bcnnWeightsOf(
    config,
    conv,
    convThreshold,
    new Int8Array(config.numClasses * F).fill(1),
    new Int32Array(config.numClasses),
  );
  const G = bcnnFeatureMatrix(zeroFc, data.x, data.n);
  const { fc, fcBias } = await trainFcInvertibleThreaded(G, F, data.y, config.numClasses, o, problem.seed, cost);
  return bcnnReport(method, problem, o, bcnnWeightsOf(config, conv, convThreshold, fc, fcBias), cost, t0, [], info);
}

/**
 * The invertible-logic trainers of one binarized neuron (issue 4), registered as methods of target 'neuron':
 *
 *  - `invertible-threshold`: the compact slack-spin Hamiltonian (lib/logic/threshold.ts), K samples sharing
 *    the weight spins; n + 1 + K*L spins, dense weight-weight couplings (the batch's Gram matrix);
 *  - `invertible-gates`: the composed spin-gate neuron (XNOR per input, full/half-adder popcount tree,
 *    AND/OR comparator; lib/logic neuronTrainingCircuit), K instances sharing the weight wires.
 *
 * Both run on the SC hardware model (default) or the ideal p-bit sampler, with annealing levels relative to
 * the circuit's field scale (lib/samplers/autoscale.ts), and combine batches with the rules of
 * lib/bnn/invertible/neuron-trainer.ts. Everything here is a reconstruction (paper brief §4.2, §7 items 1-2).
 */
import {
  annealOptionSchema,
  annealSettings,
  neuronCircuitFactory,
  samplerFor,
  samplerOptionSpec,
  stepUnit,
  type NeuronCircuitKind,
} from './common';
import { trainInvertibleNeuron, type AnnealEvent, type BatchEvent } from './neuron-trainer';
import { neuronAccuracy, type NeuronData } from '../neuron';
import {
  type EpochRecord,
  type NeuronProblem,
  type NeuronTrainResult,
  type OptionsOf,
  registerMethod,
  timeToFinal,
} from '../registry';

/** Options shared by both invertible neuron methods (the CLI flags `--samples-per-batch` etc.). */
export function invertibleNeuronSchema(defaults: {
  samplesPerBatch: number;
  combine: string;
  priorStrength: number;
  epochs: number;
  discardInvalid: boolean;
}) {
  return {
    sampler: samplerOptionSpec,
    samplesPerBatch: {
      type: 'int',
      default: defaults.samplesPerBatch,
      min: 1,
      max: 4096,
      help: 'K: training samples per circuit (shared weights)',
    },
    epochs: {
      type: 'int',
      default: defaults.epochs,
      min: 1,
      max: 10000,
      help: 'passes over the training set (batches of K)',
    },
    reads: { type: 'int', default: 1, min: 1, max: 10000, help: 'anneals per batch (read-out over them)' },
    ...annealOptionSchema(),
    combine: {
      type: 'string',
      default: defaults.combine,
      choices: ['majority', 'sequential', 'accumulate'],
      help: 'how batch results combine',
    },
    readout: {
      type: 'string',
      default: 'best',
      choices: ['best', 'majority'],
      help: 'per batch: lowest-energy read or per-weight vote',
    },
    selection: {
      type: 'string',
      default: 'pocket',
      choices: ['last', 'pocket'],
      help: 'final weights: the vote with the best training accuracy seen after any batch, or the last vote',
    },
    priorStrength: {
      type: 'number',
      default: defaults.priorStrength,
      min: 0,
      max: 1e6,
      help: 'field towards previous/accumulated weights',
    },
    discardInvalid: {
      type: 'boolean',
      default: defaults.discardInvalid,
      help: 'combine only read-outs that satisfy their batch',
    },
    counterLimit: { type: 'int', default: 8, min: 1, max: 1 << 20, help: 'saturation of the accumulate counters' },
    streams: {
      type: 'string',
      default: 'library',
      choices: ['library', 'hardware'],
      help: "batch order, SC generator states and I0/noise schedule: 'library' or 'hardware' (a xorshift64, masked-rejection shuffle and shift schedule the trainer RTL computes; lib/bnn/hardware-streams.ts)",
    },
  } as const;
}

const thresholdSchema = {
  ...invertibleNeuronSchema({
    samplesPerBatch: 8,
    combine: 'majority',
    priorStrength: 2,
    epochs: 2,
    discardInvalid: false,
  }),
  margin: {
    type: 'int',
    default: 1,
    min: 1,
    max: 4096,
    help: 'threshold form: required y*(w.x+b) (raised to the parity of the fan-in)',
  },
} as const;
const gatesSchema = invertibleNeuronSchema({
  samplesPerBatch: 4,
  combine: 'majority',
  priorStrength: 2,
  epochs: 2,
  discardInvalid: true,
});

export type InvertibleNeuronOptions = OptionsOf<ReturnType<typeof invertibleNeuronSchema>> & { margin?: number };

/** Trains with the library-level API and reports in the registry's shape; `onBatch` sees every batch. */
export function trainInvertiblePerceptron(
  kind: NeuronCircuitKind,
  problem: NeuronProblem,
  o: InvertibleNeuronOptions,
  onBatch?: (e: BatchEvent) => void,
  onAnneal?: (e: AnnealEvent) => void,
): NeuronTrainResult {
  const last: { options?: Record<string, unknown> } = {};
  const sampler = samplerFor(o, last);
  const history: EpochRecord[] = [];
  const train: NeuronData = problem.train;
  const batchesPerEpoch = Math.floor(train.n / Math.min(o.samplesPerBatch, train.n));
  let trainTime = 0;
  let t0 = performance.now();
  const result = trainInvertibleNeuron(train, {
    ...annealSettings(o, sampler),
    circuit: neuronCircuitFactory(kind, o.margin ?? 1),
    samplesPerBatch: o.samplesPerBatch,
    epochs: o.epochs,
    combine: o.combine,
    readout: o.readout,
    selection: o.selection,
    priorStrength: o.priorStrength,
    counterLimit: o.counterLimit,
    discardInvalid: o.discardInvalid,
    bias: problem.bias,
    seed: problem.seed,
    onAnneal,
    onBatch: (e) => {
      onBatch?.(e);
      if (e.batch % batchesPerEpoch === 0) {
        trainTime += performance.now() - t0;
        const neuron = {
          dim: train.dim,
          weights: e.weights.slice(0, train.dim),
          bias: problem.bias ? e.weights[train.dim] : 0,
        };
        const record: EpochRecord = {
          epoch: e.epoch + 1,
          trainAccuracy: neuronAccuracy(neuron, train),
          testAccuracy: problem.test ? neuronAccuracy(neuron, problem.test) : NaN,
          timeS: trainTime / 1000,
        };
        history.push(record);
        problem.onEpoch?.(record);
        t0 = performance.now();
      }
    },
  });
  trainTime += performance.now() - t0;
  const neuron = result.neuron;
  const trainAccuracy = neuronAccuracy(neuron, train);
  const testAccuracy = problem.test ? neuronAccuracy(neuron, problem.test) : NaN;
  const lo = last.options ?? {};
  const info: Record<string, number | string | boolean> = {
    circuit: kind,
    batches: result.batches,
    satisfiedBatchFraction: result.satisfiedBatches / Math.max(1, result.batches),
    anneals: result.anneals,
    freeSpins: result.freeSpins,
    stepUnit: stepUnit(o),
  };
  for (const key of ['itanhBits', 'weightBits', 'biasBits', 'noiseBits'] as const)
    if (typeof lo[key] === 'number') info[key] = lo[key] as number;
  return {
    method: `invertible-${kind}`,
    target: 'neuron',
    options: { ...o } as Record<string, number | string | boolean>,
    neuron,
    trainAccuracy,
    testAccuracy,
    epochs: o.epochs,
    history,
    wallTimeS: trainTime / 1000,
    timeToFinalS: timeToFinal(history),
    hardware: { spins: result.spins, couplings: result.couplings, cycles: result.totalSteps },
    info,
  };
}

export const invertibleThresholdMethod = registerMethod({
  name: 'invertible-threshold',
  target: 'neuron',
  summary: 'invertible logic, compact slack-spin threshold Hamiltonian, K samples sharing the weight spins',
  reference: 'reconstruction: paper brief §4.2/§7 item 1 (compact threshold Hamiltonian); lib/logic/threshold.ts',
  options: thresholdSchema,
  train: (problem: NeuronProblem, o: OptionsOf<typeof thresholdSchema>) =>
    trainInvertiblePerceptron('threshold', problem, o),
});

export const invertibleGatesMethod = registerMethod({
  name: 'invertible-gates',
  target: 'neuron',
  summary: 'invertible logic, XNOR + adder-tree + comparator spin gates, K instances sharing the weight wires',
  reference: 'reconstruction: paper brief §4.2 option A (Smithson-style gate fusion); lib/logic neuronTrainingCircuit',
  options: gatesSchema,
  train: (problem: NeuronProblem, o: OptionsOf<typeof gatesSchema>) => trainInvertiblePerceptron('gates', problem, o),
});

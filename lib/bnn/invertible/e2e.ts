/**
 * `invertible-e2e`: trains the whole 2-layer BCNN as one invertible circuit (lib/bnn/invertible/e2e-circuit.ts; paper brief
 * §4.3 reading (ii)).
 *
 * How the circuit is annealed (`e2eProtocol`, both reconstructions; docs/bcnn-invertible.md, "End to end: what
 * was tried" has the measurements, neither trains beyond toys):
 *  - "joint" (default, the literal reading): one anneal with every weight and hidden spin free; batches combined
 *    by `combine` as for a single neuron (lib/bnn/invertible/neuron-trainer.ts). Its fan-out barrier (one kernel spin
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
 * `e2eInit: "forward"` (joint protocol, p-bit sampler) starts every anneal from the current network's forward pass
 * on the batch (e2eForwardState) instead of random spins; pair it with a colder start (betaFrom).
 * `selection: "pocket"` (both protocols) keeps instead the network with the best accuracy on the training images
 * in use seen after any batch (Gallant's pocket, a software-side choice: the hardware would run a forward pass
 * per batch).
 */
import { InvlogicError } from '../../errors';
import { clampIndices } from '../../ising';
import { createRng, shuffleInPlace, type Rng } from '../../rng';
import type { BcnnWeights } from '../bcnn';
import {
  e2eCircuit,
  e2eForwardState,
  e2eHiddenCircuit,
  e2eNumWeights,
  e2eWeightsToBcnn,
  type E2eCircuit,
  type E2eCircuitOptions,
} from './e2e-circuit';
import { invertibleBcnnSchema, trainingSubset, type InvertibleBcnnOptions } from './bcnn-common';
import { addCost, annealSettings, countRun, newCost, samplerFor, samplerSteps, stepUnit } from './common';
import { readWeights, trainInvertibleNeuron, withFields, type NeuronCircuit } from './neuron-trainer';
import { bcnnAccuracy } from '../packed';
import { type BcnnProblem, type BcnnTrainResult, type EpochRecord, registerMethod, timeToFinal } from '../registry';

export type E2eProtocol = 'alternating' | 'joint';
export const E2E_PROTOCOLS: readonly E2eProtocol[] = ['alternating', 'joint'];

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
    const { x, y, n: size } = trainingSubset(problem, o.trainSubset);
    const B = o.biasSpins;
    const circuitOptions: E2eCircuitOptions = {
      slackCode: o.slackCode,
      margin: o.margin,
      convBiasSpins: o.convBiasSpins,
    };
    const sampler = samplerFor(o);
    const stepsOf = samplerSteps;
    const accuracyOf = (net: BcnnWeights) => ({
      trainAccuracy: bcnnAccuracy(net, t.x, t.y, t.n),
      testAccuracy: problem.test ? bcnnAccuracy(net, problem.test.x, problem.test.y, problem.test.n) : NaN,
    });
    const history: EpochRecord[] = [];
    const cost = newCost();
    let batches = 0;
    let satisfied = 0;
    let net: BcnnWeights;
    let keptEpoch = o.epochs;
    if (o.streams === 'hardware')
      throw new InvlogicError(
        "streams 'hardware' covers the per-neuron trainers, not the end-to-end circuit",
        'streams',
      );
    if (o.e2eInit === 'forward' && (o.e2eProtocol !== 'joint' || o.sampler !== 'exact')) {
      throw new InvlogicError(
        `e2eInit "forward" needs e2eProtocol "joint" and sampler "exact" (the SC model takes no initial state), got ${o.e2eProtocol} / ${o.sampler}`,
        'e2eInit',
      );
    }
    // Warm start (e2eInit "forward"): the current network's forward pass on the batch, the rest made consistent.
    const forwardState = (
      circuit: NeuronCircuit,
      current: Int8Array,
      batch: readonly Int8Array[],
      labels: Int8Array,
      rng: Rng,
    ) => {
      const state = new Int8Array(circuit.model.n);
      for (let i = 0; i < state.length; i++) state[i] = rng.nextU32() & 1 ? 1 : -1;
      return e2eForwardState(circuit as E2eCircuit, config, batch, labels, B, circuitOptions, current, state);
    };
    if (o.e2eProtocol === 'joint') {
      const r = trainInvertibleNeuron(
        { n: size, dim: t.dim, x, y },
        {
          circuit: (batch, labels) => e2eCircuit(config, batch, labels, B, circuitOptions),
          numWeights: e2eNumWeights(config, B, o.convBiasSpins),
          ...annealSettings(o, sampler),
          samplesPerBatch: o.samplesPerBatch,
          epochs: o.epochs,
          combine: o.combine,
          readout: 'best',
          selection: o.selection,
          // Pocket (option): the network's accuracy on the images it trains on.
          accuracy: (w) => bcnnAccuracy(e2eWeightsToBcnn(config, w, B, o.convBiasSpins), x, y, size),
          priorStrength: o.priorStrength,
          counterLimit: 8,
          discardInvalid: false,
          bias: false,
          seed: problem.seed,
          initialState: o.e2eInit === 'forward' ? forwardState : undefined,
        },
      );
      net = e2eWeightsToBcnn(config, r.weights, B, o.convBiasSpins);
      countRun(cost, r);
      batches = r.batches;
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
      let pocket = { ...best };
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
          const mB = withFields(clampIndices(c.model, c.hidden, hiddenState), c.weights, prior);
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
          addCost(cost, {
            cycles: stepsOf(setA) * setA.numReads + stepsOf(setB) * setB.numReads,
            anneals: setA.numReads + setB.numReads,
            spins: c.model.n,
            couplings: c.model.numEdges,
          });
          batches++;
          if (o.selection === 'pocket') {
            const candidate = e2eWeightsToBcnn(config, current, B, o.convBiasSpins);
            const acc = bcnnAccuracy(candidate, x, y, size);
            if (acc > pocket.accuracy) pocket = { accuracy: acc, net: candidate, epoch: epoch + 1 };
          }
        }
        const candidate = e2eWeightsToBcnn(config, current, B, o.convBiasSpins);
        const rec = { epoch: epoch + 1, ...accuracyOf(candidate), timeS: (performance.now() - t0) / 1000 };
        history.push(rec);
        problem.onEpoch?.(rec);
        // The epoch with the best training accuracy is returned (as invertible-layerwise keeps its best round).
        if (rec.trainAccuracy > best.accuracy) best = { accuracy: rec.trainAccuracy, net: candidate, epoch: epoch + 1 };
      }
      if (o.selection === 'pocket') best = pocket;
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
      hardware: { spins: cost.spins, couplings: cost.couplings, cycles: cost.cycles },
      info: {
        usesBackprop: false,
        protocol: o.e2eProtocol,
        batches,
        satisfiedBatchFraction: satisfied / Math.max(1, batches),
        anneals: cost.anneals,
        keptEpoch,
        trainImagesUsed: size,
        stepUnit: stepUnit(o),
      },
    };
  },
});

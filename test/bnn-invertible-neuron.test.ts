import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  getMethod,
  neuronCircuitFactory,
  neuronAccuracy,
  neuronOracle,
  resolveMethodOptions,
  trainInvertibleNeuron,
  withFields,
  type NeuronData,
  type NeuronTrainResult,
} from '../lib/bnn';
import { enumerate } from '../lib/ising';
import { createRng } from '../lib/rng';
import { exactSampler } from '../lib/samplers';

/** Rows of random +-1 inputs labelled by a +-1 teacher (no bias, odd n: never a tie): linearly separable. */
function teacherData(n: number, rows: number, seed: number): { data: NeuronData; teacher: Int8Array } {
  const rng = createRng('xoshiro128ss', seed);
  const teacher = Int8Array.from({ length: n }, () => (rng.nextU32() & 1 ? 1 : -1));
  const x = new Int8Array(rows * n);
  const y = new Int8Array(rows);
  for (let k = 0; k < rows; k++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      x[k * n + i] = rng.nextU32() & 1 ? 1 : -1;
      s += x[k * n + i] * teacher[i];
    }
    y[k] = s >= 0 ? 1 : -1;
  }
  return { data: { n: rows, dim: n, x, y }, teacher };
}

function* vectors(n: number): Generator<Int8Array> {
  for (let b = 0; b < 1 << n; b++) yield Int8Array.from({ length: n }, (_, i) => ((b >> i) & 1 ? 1 : -1));
}

test('both circuit forms: weight ground states are exactly the weights consistent with the batch (enumeration)', () => {
  const n = 3;
  const { data } = teacherData(n, 3, 5);
  const batch = [0, 1, 2].map((k) => data.x.subarray(k * n, (k + 1) * n));
  const consistent = new Set<string>();
  for (const w of vectors(n)) {
    if (batch.every((x, k) => (x.reduce((a, v, i) => a + v * w[i], 0) >= 0 ? 1 : -1) === data.y[k]))
      consistent.add(w.join(','));
  }
  assert.ok(consistent.size > 0);
  for (const kind of ['threshold', 'gates'] as const) {
    const c = neuronCircuitFactory(kind)(batch, data.y, false);
    const e = enumerate(c.model);
    const ground = new Set(e.groundStates.map((g) => c.weights.map((i) => g[i]).join(',')));
    assert.deepEqual([...ground].sort(), [...consistent].sort(), kind);
    // A prior field on the weights selects the consistent vector closest to it.
    const target = e.groundStates[0];
    const primed = withFields(
      c.model,
      c.weights,
      c.weights.map((i) => 0.25 * target[i]),
    );
    const ep = enumerate(primed);
    assert.equal(ep.numGroundStates, 1, kind);
    assert.deepEqual(
      c.weights.map((i) => ep.groundStates[0][i]),
      c.weights.map((i) => target[i]),
    );
  }
});

test('invertible-threshold finds a separating weight vector on a separable toy problem (SC model and p-bit)', () => {
  const { data, teacher } = teacherData(7, 120, 11);
  for (const sampler of ['sc', 'exact']) {
    const m = getMethod('neuron', 'invertible-threshold');
    const o = resolveMethodOptions(m, { sampler, samplesPerBatch: 8, epochs: 3, cycles: 300 });
    const r = m.train({ train: data, bias: false, seed: 3 }, o) as NeuronTrainResult;
    assert.equal(r.trainAccuracy, 1, `${sampler}: separates the training set`);
    assert.equal(neuronAccuracy({ dim: 7, weights: teacher, bias: 0 }, data), 1);
    assert.ok((r.hardware?.spins ?? 0) > 7 && (r.hardware?.cycles ?? 0) > 0);
  }
});

test('invertible-gates finds a separating weight vector on a separable toy problem (SC model and p-bit)', () => {
  const { data } = teacherData(5, 80, 2);
  for (const sampler of ['sc', 'exact']) {
    const m = getMethod('neuron', 'invertible-gates');
    const o = resolveMethodOptions(m, { sampler, samplesPerBatch: 2, epochs: 2, cycles: 300 });
    const r = m.train({ train: data, bias: false, seed: 4 }, o) as { trainAccuracy: number };
    assert.equal(r.trainAccuracy, 1, sampler);
  }
});

test('combine rules and read-outs all separate an easy toy set with the ideal sampler', () => {
  const { data } = teacherData(5, 60, 9);
  for (const combine of ['majority', 'sequential', 'accumulate'] as const) {
    for (const readout of ['best', 'majority'] as const) {
      const r = trainInvertibleNeuron(data, {
        circuit: neuronCircuitFactory('threshold'),
        sampler: exactSampler as never,
        samplerOptions: { numSweeps: 200, schedule: { kind: 'geometric', from: 0.005, to: 3 } },
        numReads: 3,
        samplesPerBatch: 6,
        epochs: 3,
        combine,
        readout,
        selection: 'last',
        priorStrength: 2,
        counterLimit: 8,
        discardInvalid: true,
        bias: false,
        seed: 1,
        acceptsInitial: true,
        stepsPerRead: (_m, s) => Number(s.info.numSweeps),
      });
      assert.equal(neuronAccuracy(r.neuron, data), 1, `${combine}/${readout}`);
      assert.equal(r.anneals, 3 * r.batches);
    }
  }
});

test('same seed, same weights; bad options are rejected with the option name', () => {
  const { data } = teacherData(5, 40, 1);
  const m = getMethod('neuron', 'invertible-threshold');
  const o = resolveMethodOptions(m, { samplesPerBatch: 4, epochs: 1, cycles: 100 });
  const a = m.train({ train: data, bias: true, seed: 7 }, o) as { neuron: { weights: Int8Array; bias: number } };
  const b = m.train({ train: data, bias: true, seed: 7 }, o) as { neuron: { weights: Int8Array; bias: number } };
  assert.deepEqual(a.neuron, b.neuron);
  assert.throws(() => resolveMethodOptions(m, { samplesPerBatch: 0 }), /samplesPerBatch/);
  assert.throws(() => resolveMethodOptions(m, { combine: 'vote' }), /combine/);
  assert.throws(() => resolveMethodOptions(m, { cyles: 3 }), /cyles/);
});

test('neuronOracle finds the best training accuracy over all weight vectors (brute force at n = 7)', () => {
  const { data } = teacherData(7, 50, 21);
  // Flip some labels so that no weight vector is perfect.
  const y = Int8Array.from(data.y, (v, k) => (k % 7 === 0 ? -v : v));
  const noisy = { ...data, y };
  const o = neuronOracle(noisy, false);
  let best = 0;
  let count = 0;
  for (const w of vectors(7)) {
    const acc = neuronAccuracy({ dim: 7, weights: w, bias: 0 }, noisy);
    if (acc > best + 1e-12) {
      best = acc;
      count = 1;
    } else if (Math.abs(acc - best) < 1e-12) count++;
  }
  assert.equal(o.bestTrainAccuracy, best);
  assert.equal(o.numOptimal, count);
  assert.equal(neuronAccuracy({ dim: 7, weights: o.weights, bias: 0 }, noisy), best);
  assert.ok(o.bayesAccuracy >= best);
  const withBias = neuronOracle(noisy, true);
  assert.equal(withBias.weights.length, 8);
  assert.equal(
    neuronAccuracy({ dim: 7, weights: withBias.weights.slice(0, 7), bias: withBias.weights[7] }, noisy),
    withBias.bestTrainAccuracy,
  );
});

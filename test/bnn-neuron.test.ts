import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  type NeuronData,
  getMethod,
  hebbianWeights,
  listMethods,
  neuronAccuracy,
  neuronFromJson,
  neuronToJson,
  popcount32,
  packPm1,
  packedDot,
  registerMethod,
  resolveMethodOptions,
  signPm1,
} from '../lib/bnn';
import { InvlogicError } from '../lib/errors';
import { createRng } from '../lib/rng';

/** n random +-1 inputs labelled by a +-1 teacher (odd dim, no bias: no ties). */
function teacherProblem(
  seed: number,
  dim: number,
  n: number,
  teacher?: Int8Array,
): { data: NeuronData; teacher: Int8Array } {
  const rng = createRng('xoshiro128ss', seed);
  const w = teacher ?? Int8Array.from({ length: dim }, () => (rng.nextU32() & 1 ? 1 : -1));
  const x = new Int8Array(n * dim);
  const y = new Int8Array(n);
  for (let k = 0; k < n; k++) {
    let pre = 0;
    for (let i = 0; i < dim; i++) {
      x[k * dim + i] = rng.nextU32() & 1 ? 1 : -1;
      pre += w[i] * x[k * dim + i];
    }
    y[k] = signPm1(pre);
  }
  return { data: { n, dim, x, y }, teacher: w };
}

test('sign(0) = +1 and popcount/XNOR dot agree with the plain dot product', () => {
  assert.equal(signPm1(0), 1);
  assert.equal(signPm1(-1e-9), -1);
  assert.equal(popcount32(0xffffffff), 32);
  assert.equal(popcount32(0x80000001), 2);
  const rng = createRng('sfc32', 4);
  for (const n of [1, 9, 31, 32, 33, 100]) {
    const a = Int8Array.from({ length: n }, () => (rng.nextU32() & 1 ? 1 : -1));
    const b = Int8Array.from({ length: n }, () => (rng.nextU32() & 1 ? 1 : -1));
    const pa = new Uint32Array(4);
    const pb = new Uint32Array(4);
    packPm1(a, 0, n, pa);
    packPm1(b, 0, n, pb);
    let dot = 0;
    for (let i = 0; i < n; i++) dot += a[i] * b[i];
    assert.equal(packedDot(pa, 0, pb, 0, n), dot);
  }
});

test('the built-in neuron methods are registered with typed option schemas', () => {
  const names = listMethods('neuron').map((m) => m.name);
  for (const n of ['hebbian', 'perceptron', 'pocket', 'backprop-ste']) assert.ok(names.includes(n), n);
  assert.ok(listMethods('bcnn').some((m) => m.name === 'backprop'));
  const pocket = getMethod('neuron', 'pocket');
  assert.deepEqual(resolveMethodOptions(pocket, {}), { epochs: 100, latentBound: 0, init: 'random' });
  assert.throws(() => resolveMethodOptions(pocket, { epochz: 3 }), /no option 'epochz'/);
  assert.throws(
    () => resolveMethodOptions(pocket, { epochs: 0 }),
    (e: unknown) => e instanceof InvlogicError && /pocket\.epochs/.test(e.message),
  );
  assert.throws(() => resolveMethodOptions(pocket, { init: 'ones' }), /random\|zero/);
  assert.throws(() => getMethod('neuron', 'nope'), /registered: .*pocket/);
  assert.throws(() => registerMethod({ ...pocket, name: 'pocket' }), /already registered/);
  assert.throws(
    () =>
      registerMethod({
        ...pocket,
        name: 'pocket-bad',
        options: { epochs: { type: 'number', default: 1, min: 0, max: 2, help: '' } },
      }),
    /epochs.*declares it int/,
  );
});

test('hebbian recovers a +-1 teacher from enough examples (w_i = sign(sum_k y_k x_ki))', () => {
  const { data, teacher } = teacherProblem(1, 11, 600);
  const { weights, bias } = hebbianWeights(data, false);
  assert.deepEqual(weights, teacher);
  assert.equal(bias, 0);
});

for (const name of ['hebbian', 'perceptron', 'pocket', 'backprop-ste']) {
  test(`${name} finds a separating +-1 weight vector on a linearly separable toy problem`, async () => {
    const { data } = teacherProblem(2, 11, 400);
    const { data: testData } = teacherProblem(3, 11, 400, teacherProblem(2, 11, 0).teacher);
    const method = getMethod('neuron', name);
    const result = await method.train(
      { train: data, test: testData, bias: false, seed: 7 },
      resolveMethodOptions(method, {}),
    );
    assert.equal(result.trainAccuracy, 1, `${name} train accuracy`);
    assert.equal(neuronAccuracy(result.neuron, data), 1);
    assert.ok(result.testAccuracy >= 0.95, `${name} test accuracy ${result.testAccuracy}`);
    assert.equal(result.history.length, result.epochs);
    assert.ok(result.wallTimeS >= 0 && result.timeToFinalS <= result.wallTimeS + 1e-12);
  });
}

test('perceptron and pocket are seeded: same seed same weights', async () => {
  const { data } = teacherProblem(5, 15, 300);
  for (const name of ['perceptron', 'pocket', 'backprop-ste']) {
    const m = getMethod('neuron', name);
    const o = resolveMethodOptions(m, { epochs: 3 });
    const a = await m.train({ train: data, bias: true, seed: 11 }, o);
    const b = await m.train({ train: data, bias: true, seed: 11 }, o);
    assert.deepEqual(a.neuron.weights, b.neuron.weights, name);
    assert.equal(a.neuron.bias, b.neuron.bias);
    assert.ok(a.neuron.bias === 1 || a.neuron.bias === -1);
  }
});

test('pocket never does worse than its starting weights and reports the pocket accuracy', async () => {
  // Noisy labels: not separable, so the pocket must keep the best vector seen.
  const { data } = teacherProblem(6, 9, 300);
  const rng = createRng('xoshiro128ss', 9);
  for (let k = 0; k < data.n; k++) if (rng.nextFloat() < 0.15) data.y[k] = -data.y[k] as 1 | -1;
  const m = getMethod('neuron', 'pocket');
  const r = await m.train({ train: data, bias: false, seed: 1 }, resolveMethodOptions(m, { epochs: 20 }));
  assert.equal(r.trainAccuracy, neuronAccuracy(r.neuron, data));
  for (let i = 1; i < r.history.length; i++) assert.ok(r.history[i].trainAccuracy >= r.history[i - 1].trainAccuracy);
  assert.ok(r.trainAccuracy >= 0.8);
});

test('neuron JSON round trip and validation', () => {
  const neuron = { dim: 3, weights: Int8Array.from([1, -1, 1]), bias: -1 };
  const back = neuronFromJson(JSON.parse(JSON.stringify(neuronToJson(neuron, { method: 'x' }))));
  assert.deepEqual(back, neuron);
  assert.throws(() => neuronFromJson({ format: 'invlogic-neuron/1', dim: 2, weights: [1, 0], bias: 1 }), /weights/);
  assert.throws(() => neuronFromJson({ format: 'other', dim: 1, weights: [1], bias: 0 }), /format/);
});

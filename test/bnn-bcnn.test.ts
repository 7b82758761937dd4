import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  type BcnnConfig,
  type BcnnWeights,
  argmaxLowest,
  bcnnFeatureMatrix,
  bcnnFromJson,
  bcnnShapes,
  bcnnToJson,
  packBcnn,
  packedPredict,
  packedScores,
  referenceFeatures,
  referencePredict,
  referenceScores,
  resolveBcnnConfig,
} from '../lib/bnn';
import { InvlogicError } from '../lib/errors';
import { type Rng, createRng } from '../lib/rng';
import { pm1 } from './helpers/images';

function randomWeights(config: BcnnConfig, rng: Rng): BcnnWeights {
  const s = bcnnShapes(config);
  return {
    config,
    conv: Int8Array.from({ length: config.channels * s.kernelTaps }, () => pm1(rng)),
    convThreshold: Int32Array.from({ length: config.channels }, () => (rng.nextU32() % 7) - 3),
    fc: Int8Array.from({ length: config.numClasses * s.features }, () => pm1(rng)),
    fcBias: Int32Array.from({ length: config.numClasses }, () => (rng.nextU32() % 5) - 2),
  };
}

/** Independent oracle written from the equations with 2-D indexing (no shared code with lib/bnn/bcnn.ts). */
function oracleScores(w: BcnnWeights, img: number[][]): number[] {
  const { inputSize: s, kernelSize: k, channels: C, stride, padding: p, padValue, pool: P, numClasses: M } = w.config;
  const o = Math.floor((s + 2 * p - k) / stride) + 1;
  const po = Math.floor(o / P);
  const px = (i: number, j: number) => (i < 0 || j < 0 || i >= s || j >= s ? padValue : img[i][j]);
  const g: number[] = [];
  for (let c = 0; c < C; c++)
    for (let i = 0; i < po; i++)
      for (let j = 0; j < po; j++) {
        const window: number[] = [];
        for (let u = 0; u < P; u++)
          for (let v = 0; v < P; v++) {
            const r = i * P + u;
            const q = j * P + v;
            let a = 0;
            for (let du = 0; du < k; du++)
              for (let dv = 0; dv < k; dv++)
                a += w.conv[c * k * k + du * k + dv] * px(r * stride + du - p, q * stride + dv - p);
            window.push(a >= w.convThreshold[c] ? 1 : -1);
          }
        g.push(Math.max(...window));
      }
  const z: number[] = [];
  for (let m = 0; m < M; m++) z.push(g.reduce((acc, gf, f) => acc + gf * w.fc[m * g.length + f], w.fcBias[m]));
  return z;
}

const CONFIGS: Partial<BcnnConfig>[] = [
  { inputSize: 10, kernelSize: 3, channels: 4, pool: 2, numClasses: 10 },
  { inputSize: 7, kernelSize: 3, channels: 3, pool: 1, numClasses: 2 },
  { inputSize: 8, kernelSize: 5, channels: 2, stride: 2, padding: 2, pool: 1, numClasses: 3 },
  { inputSize: 9, kernelSize: 3, channels: 5, padding: 1, padValue: 1, pool: 3, numClasses: 4 },
  { inputSize: 14, kernelSize: 6, channels: 2, pool: 2, numClasses: 5 }, // 36 taps: two words per patch
];

test('shapes: 10x10 input, 3x3 kernels, 4 channels, 2x2 pool -> 8x8 conv, 4x4 pooled, F = 64', () => {
  const c = resolveBcnnConfig(CONFIGS[0]);
  assert.deepEqual(c, {
    inputSize: 10,
    kernelSize: 3,
    channels: 4,
    stride: 1,
    padding: 0,
    padValue: -1,
    pool: 2,
    numClasses: 10,
  });
  const s = bcnnShapes(c);
  assert.equal(s.convSize, 8);
  assert.equal(s.poolSize, 4);
  assert.equal(s.features, 64);
  assert.equal(s.binaryWeights, 4 * 9 + 10 * 64);
});

test('a hand-computed example: one 2x2 kernel on a 3x3 image, no pooling', () => {
  const config = resolveBcnnConfig({ inputSize: 3, kernelSize: 2, channels: 1, pool: 1, numClasses: 2 });
  const w: BcnnWeights = {
    config,
    conv: Int8Array.from([1, 1, -1, -1]), // "top row minus bottom row"
    convThreshold: Int32Array.from([1]),
    fc: Int8Array.from([1, 1, 1, 1, -1, -1, -1, -1]),
    fcBias: Int32Array.from([0, 0]),
  };
  // Image: top row ink, rest background.
  const x = Int8Array.from([1, 1, 1, -1, -1, -1, -1, -1, -1]);
  // a(0,0) = 1+1-(-1)-(-1) = 4 >= 1 -> +1; a(0,1) = 4 -> +1; a(1,0) = -1-1+1+1 = 0 < 1 -> -1; a(1,1) = 0 -> -1
  const g = new Int8Array(4);
  referenceFeatures(w, x, 0, g);
  assert.deepEqual(Array.from(g), [1, 1, -1, -1]);
  const z = new Float64Array(2);
  referenceScores(w, x, 0, z);
  assert.deepEqual(Array.from(z), [0, 0]); // a tie ...
  assert.equal(referencePredict(w, x, 1)[0], 0); // ... goes to the lowest class index
  assert.equal(argmaxLowest([3, 5, 5, 1]), 1);
});

test('float reference equals an independent 2-D oracle (padding, stride, pooling, thresholds)', () => {
  const rng = createRng('xoshiro128ss', 21);
  for (const partial of CONFIGS) {
    const config = resolveBcnnConfig(partial);
    const s = config.inputSize;
    for (let trial = 0; trial < 5; trial++) {
      const w = randomWeights(config, rng);
      const x = Int8Array.from({ length: s * s }, () => pm1(rng));
      const img = Array.from({ length: s }, (_, i) => Array.from(x.subarray(i * s, (i + 1) * s)));
      const z = new Float64Array(config.numClasses);
      referenceScores(w, x, 0, z);
      assert.deepEqual(Array.from(z), oracleScores(w, img), JSON.stringify(partial));
    }
  }
});

test('bit-packed XNOR-popcount inference equals the float reference exactly (scores and predictions)', () => {
  const rng = createRng('xoshiro128ss', 22);
  for (const partial of CONFIGS) {
    const config = resolveBcnnConfig(partial);
    const n = 40;
    const dim = config.inputSize ** 2;
    for (let trial = 0; trial < 3; trial++) {
      const w = randomWeights(config, rng);
      const x = Int8Array.from({ length: n * dim }, () => pm1(rng));
      const net = packBcnn(w);
      const zp = new Int32Array(config.numClasses);
      const zr = new Float64Array(config.numClasses);
      for (let k = 0; k < n; k++) {
        packedScores(net, x, k, zp);
        referenceScores(w, x, k, zr);
        assert.deepEqual(Array.from(zp), Array.from(zr));
      }
      assert.deepEqual(packedPredict(net, x, n), referencePredict(w, x, n));
      const feats = bcnnFeatureMatrix(w, x, n);
      const F = bcnnShapes(config).features;
      const g = new Int8Array(F);
      for (let k = 0; k < n; k++) {
        referenceFeatures(w, x, k, g);
        assert.deepEqual(feats.subarray(k * F, (k + 1) * F), g);
      }
    }
  }
});

test('weights JSON (invlogic-bcnn/1) round trip and validation', () => {
  const rng = createRng('xoshiro128ss', 23);
  const w = randomWeights(resolveBcnnConfig(CONFIGS[0]), rng);
  const json = JSON.parse(JSON.stringify(bcnnToJson(w, { method: 'test' })));
  assert.equal(json.format, 'invlogic-bcnn/1');
  assert.equal(json.conv.length, 4);
  assert.equal(json.fc.length, 10);
  assert.equal(json.fc[0].length, 64);
  const back = bcnnFromJson(json);
  assert.deepEqual(back, w);
  const bad = (patch: object, re: RegExp) =>
    assert.throws(
      () => bcnnFromJson({ ...json, ...patch }),
      (e: unknown) => e instanceof InvlogicError && re.test(e.message),
    );
  bad({ format: 'invlogic-bcnn/0' }, /format/);
  bad({ conv: json.conv.slice(1) }, /conv must have 4 rows/);
  bad({ fc: [[...json.fc[0].slice(1), 0], ...json.fc.slice(1)] }, /fc\[0\]\[63\] must be \+-1/);
  bad({ convThreshold: [0.5, 0, 0, 0] }, /convThreshold/);
  bad({ config: { ...json.config, kernelSize: 11 } }, /bcnn\.kernelSize/);
});

test('bad configs name the field', () => {
  const base = { inputSize: 10, kernelSize: 3, channels: 4, numClasses: 10 };
  assert.throws(() => resolveBcnnConfig({ ...base, pool: 9 }), /bcnn\.pool/);
  assert.throws(() => resolveBcnnConfig({ ...base, numClasses: 1 }), /bcnn\.numClasses/);
  assert.throws(() => resolveBcnnConfig({ ...base, padValue: 0 as never }), /padValue/);
  assert.throws(() => resolveBcnnConfig({ ...base, chanels: 3 } as never), /unknown option bcnn\.chanels/);
  assert.throws(() => resolveBcnnConfig({ ...base, channels: NaN }), /bcnn\.channels/);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvlogicError } from '../lib/errors';
import { IsingModel, SampleSet, enumerate } from '../lib/ising';
import { Xoshiro128ss } from '../lib/rng';
import { greedyColoring, isValidColoring } from '../lib/samplers/coloring';
import {
  ExactSampleOptions,
  acceptanceThreshold,
  exactSampler,
  exactWasmAvailable,
  prepareExact,
  runExactKernel,
  WASM_MIN_UPDATES,
} from '../lib/samplers/exact';
import { randomSmallModel } from './helpers/random-models';
import { boltzmannCheck, multinomialTvBound, samplerConformance } from './helpers/sampler-conformance';

samplerConformance('exact sequential', exactSampler, ({ numReads, beta, seed }) => ({
  numReads,
  beta,
  seed,
  numSweeps: 30,
}));
samplerConformance('exact chromatic', exactSampler, ({ numReads, beta, seed }): ExactSampleOptions => ({
  numReads,
  beta,
  seed,
  numSweeps: 30,
  order: 'chromatic',
}));
samplerConformance(
  'exact, non-integer couplings (float kernel)',
  exactSampler,
  ({ numReads, beta, seed }) => ({ numReads, beta, seed, numSweeps: 30 }),
  { numReads: 20000, cases: [{ seed: 21, n: 6, numClamped: 1, beta: 1, scale: 0.37 }] },
);

/** AND gate of PRX / Smithson (paper brief §2.3): nodes A, B, Y. */
function andGate(clamp?: Record<string, number>): IsingModel {
  return new IsingModel(
    ['A', 'B', 'Y'],
    [1, 1, -2],
    [
      [0, 1, -1],
      [0, 2, 2],
      [1, 2, 2],
    ],
    clamp,
  );
}

/** Records without the kernel name, to compare kernels. */
function recordsJson(ss: SampleSet): string {
  return JSON.stringify(ss.toJSON().records);
}

describe('exact sampler: kernels agree bit for bit with the reference oracle', () => {
  const cases: [string, IsingModel][] = [
    ['random integer, clamps', randomSmallModel(31, 9, { numClamped: 2 })],
    ['random integer, no clamps', randomSmallModel(32, 7)],
    ['non-integer', randomSmallModel(33, 7, { numClamped: 1, scale: 0.61 })],
    [
      'saturating bias (|h| = 40)',
      new IsingModel(
        ['a', 'b', 'c'],
        [40, -40, 0],
        [
          [0, 2, 1],
          [1, 2, -2],
        ],
      ),
    ],
  ];
  for (const [name, model] of cases) {
    for (const order of ['sequential', 'chromatic'] as const) {
      it(`${name}, ${order}`, () => {
        const base: ExactSampleOptions = {
          numReads: 300,
          numSweeps: 12,
          schedule: { kind: 'linear', from: 0.1, to: 3 },
          seed: 'oracle',
          order,
        };
        const ref = exactSampler.sampleIsing(model, { ...base, kernel: 'reference' });
        const fast = exactSampler.sampleIsing(model, base);
        // auto: wasm for integer models once the call does WASM_MIN_UPDATES spin updates
        const updates = 300 * 12 * (model.n - model.clamp.size);
        const autoInteger = exactWasmAvailable() && updates >= WASM_MIN_UPDATES ? 'wasm' : 'integer';
        assert.equal(fast.info.kernel, model.isInteger() ? autoInteger : 'float');
        assert.equal(recordsJson(fast), recordsJson(ref));
        assert.equal(recordsJson(exactSampler.sampleIsing(model, { ...base, kernel: 'float' })), recordsJson(ref));
        if (model.isInteger()) {
          for (const kernel of ['integer', 'wasm'] as const) {
            assert.equal(recordsJson(exactSampler.sampleIsing(model, { ...base, kernel })), recordsJson(ref), kernel);
          }
        }
        const initial = Array.from({ length: model.n }, (_, i) => (i % 2 ? 1 : -1));
        const initialRef = recordsJson(exactSampler.sampleIsing(model, { ...base, initial, kernel: 'reference' }));
        assert.equal(recordsJson(exactSampler.sampleIsing(model, { ...base, initial })), initialRef);
        if (model.isInteger()) {
          assert.equal(
            recordsJson(exactSampler.sampleIsing(model, { ...base, initial, kernel: 'integer' })),
            initialRef,
          );
        }
      });
    }
  }

  it('the acceptance threshold is exact at the ends: saturated fields and beta = 0', () => {
    assert.equal(acceptanceThreshold(1, 1000), 2 ** 30 - 1); // P(+1) = 1 - 2^-31
    assert.equal(acceptanceThreshold(1, -1000), -(2 ** 30)); // P(+1) = 0
    assert.equal(acceptanceThreshold(0, 5), -1); // d < -1 for d in [-2^30, 2^30): P(+1) = 1/2 exactly
  });
});

describe('exact sampler: chromatic order', () => {
  it('greedy colouring is valid and uses at most max degree + 1 colours', () => {
    for (let seed = 0; seed < 20; seed++) {
      const model = randomSmallModel(seed, 30, { density: 0.1 + 0.04 * seed });
      const csr = model.csr();
      const c = greedyColoring(model.n, csr);
      assert.ok(isValidColoring(model.n, csr, c.colors, c.numColors));
      let maxDeg = 0;
      for (let i = 0; i < model.n; i++) maxDeg = Math.max(maxDeg, csr.rowPtr[i + 1] - csr.rowPtr[i]);
      assert.ok(c.numColors <= maxDeg + 1);
      assert.deepEqual(
        [...c.order].sort((a, b) => a - b),
        Array.from({ length: model.n }, (_, i) => i),
      );
    }
    // and isValidColoring does reject a bad one
    const model = randomSmallModel(1, 5, { density: 1 });
    assert.equal(isValidColoring(model.n, model.csr(), new Int32Array(5), 1), false);
  });

  it('updating a whole colour class from one snapshot equals the sequential-in-class sweep', () => {
    // Parallel-per-class implementation: all fields of a class are computed before any spin of the class
    // changes. Same draws in the same order, so it must match the sampler bit for bit.
    const model = randomSmallModel(41, 12, { density: 0.4 });
    const numSweeps = 9;
    const beta = 0.8;
    const { order, classStart, numColors } = greedyColoring(model.n, model.csr());
    const reads: Int8Array[] = [];
    for (let r = 0; r < 50; r++) {
      const rng = Xoshiro128ss.fromSeed(3, r);
      const m = Int8Array.from({ length: model.n }, () => (rng.nextU32() >= 2 ** 31 ? 1 : -1));
      for (let t = 0; t < numSweeps; t++) {
        for (let c = 0; c < numColors; c++) {
          const members = order.slice(classStart[c], classStart[c + 1]);
          const fields = Array.from(members, (i) => model.localField(m, i));
          members.forEach((i, k) => {
            const d = Math.floor(rng.nextU32() / 2) - 2 ** 30;
            m[i] = d < acceptanceThreshold(beta, fields[k]) ? 1 : -1;
          });
        }
      }
      reads.push(m);
    }
    const expected = SampleSet.fromReads(model, reads);
    const got = exactSampler.sampleIsing(model, { numReads: 50, numSweeps, beta, seed: 3, order: 'chromatic' });
    assert.equal(recordsJson(got), JSON.stringify(expected.toJSON().records));
    assert.equal(got.info.numColors, numColors);
  });

  it('a fully parallel (synchronous) update is rejected by the conformance bound (the bound has power)', () => {
    // PRX: updating all p-bits at once gives wrong statistics. A frustrated triangle shows it.
    const model = new IsingModel(
      ['a', 'b', 'c'],
      [0.5, 0, 0],
      [
        [0, 1, -1],
        [0, 2, -1],
        [1, 2, -1],
      ],
    );
    const beta = 1;
    const reads: Int8Array[] = [];
    for (let r = 0; r < 20000; r++) {
      const rng = Xoshiro128ss.fromSeed(9, r);
      let m = Int8Array.from({ length: 3 }, () => (rng.nextU32() >= 2 ** 31 ? 1 : -1));
      for (let t = 0; t < 30; t++) {
        const prev = m;
        m = Int8Array.from(prev, (_, i) =>
          Math.floor(rng.nextU32() / 2) - 2 ** 30 < acceptanceThreshold(beta, model.localField(prev, i)) ? 1 : -1,
        );
      }
      reads.push(m);
    }
    const check = boltzmannCheck(model, SampleSet.fromReads(model, reads), beta);
    assert.ok(check.tv > check.bound, `parallel update should fail: TV ${check.tv} vs bound ${check.bound}`);
    const good = exactSampler.sampleIsing(model, { numReads: 20000, numSweeps: 30, beta, seed: 9 });
    const ok = boltzmannCheck(model, good, beta);
    assert.ok(ok.tv <= ok.bound);
  });
});

describe('exact sampler: invertible AND gate (PRX Fig. 4d, paper brief §2.1)', () => {
  it('with Y clamped to 0 visits (0,0), (0,1), (1,0) about 1/3 each', () => {
    const model = andGate({ Y: -1 });
    const numReads = 30000;
    const beta = 2; // the PRX quench value of I0
    const ss = exactSampler.sampleIsing(model, { numReads, numSweeps: 20, beta, seed: 2024 });
    const hist = ss.histogram(['A', 'B']);
    const exact = enumerate(model, { beta });
    const p = exact.probabilities as Float64Array; // free state bit0 = A, bit1 = B
    const keyOf = (s: number): string => `${s & 1}${(s >> 1) & 1}`;
    // Per-state binomial bound: |p^ - p| <= 5 sigma (two-sided tail 5.7e-7 each, normal approximation).
    for (let s = 0; s < 4; s++) {
      const pHat = (hist.get(keyOf(s)) ?? 0) / numReads;
      const sigma = Math.sqrt((p[s] * (1 - p[s])) / numReads);
      assert.ok(Math.abs(pHat - p[s]) <= 5 * sigma + 1e-12, `state ${keyOf(s)}: ${pHat} vs exact ${p[s]}`);
    }
    // and the exact law itself puts ~1/3 on each valid row (gap 4 at beta 2: the invalid row has e^-8 weight)
    for (const key of ['00', '01', '10']) {
      const pHat = (hist.get(key) ?? 0) / numReads;
      assert.ok(Math.abs(pHat - 1 / 3) < 5 * Math.sqrt(2 / 9 / numReads) + 2e-4, `${key}: ${pHat}`);
    }
    assert.ok((hist.get('11') ?? 0) / numReads < 0.002);
  });

  it('forward mode (A, B clamped) returns Y = A AND B as the mode of the reads', () => {
    for (const [a, b] of [
      [-1, -1],
      [-1, 1],
      [1, -1],
      [1, 1],
    ]) {
      const ss = exactSampler.sampleIsing(andGate({ A: a, B: b }), { numReads: 200, numSweeps: 10, beta: 2, seed: 1 });
      assert.equal(ss.value(ss.mode(), 'Y'), a > 0 && b > 0 ? 1 : -1);
    }
  });
});

describe('exact sampler: schedules', () => {
  it('beta = 0 on the last sweep gives the uniform law whatever came before', () => {
    const model = randomSmallModel(51, 6);
    const numReads = 20000;
    const values = [3, 3, 3, 3, 0];
    const ss = exactSampler.sampleIsing(model, {
      numReads,
      numSweeps: 5,
      schedule: { kind: 'custom', values },
      seed: 1,
    });
    const check = boltzmannCheck(model, ss, 0); // beta = 0: uniform over 64 states
    assert.ok(check.tv <= check.bound, `TV ${check.tv} > ${check.bound}`);
    assert.equal(ss.info.betaFirst, 3);
    assert.equal(ss.info.betaLast, 0);
  });

  it('annealing (linear 0 -> 4) ends in a ground state far more often than a hot constant beta', () => {
    const model = randomSmallModel(52, 10, { density: 0.5 });
    const ground = enumerate(model).groundEnergy;
    const frac = (ss: SampleSet): number =>
      ss.records.filter((r) => Math.abs(r.energy - ground) < 1e-9).reduce((a, r) => a + r.numOccurrences, 0) /
      ss.numReads;
    const annealed = exactSampler.sampleIsing(model, {
      numReads: 500,
      numSweeps: 100,
      schedule: { kind: 'linear', from: 0, to: 4 },
      seed: 4,
    });
    const hot = exactSampler.sampleIsing(model, { numReads: 500, numSweeps: 100, beta: 0.2, seed: 4 });
    assert.ok(frac(annealed) > 0.8, `annealed ground-state fraction ${frac(annealed)}`);
    assert.ok(frac(hot) < frac(annealed) / 2);
  });

  it('a sawtooth schedule runs (one value per sweep) and matches the reference kernel', () => {
    const model = randomSmallModel(53, 7, { numClamped: 1 });
    const o: ExactSampleOptions = {
      numReads: 50,
      numSweeps: 24,
      schedule: { kind: 'sawtooth', ramp: { kind: 'geometric', from: 0.1, to: 2 }, iterations: 3 },
      seed: 8,
    };
    assert.equal(
      recordsJson(exactSampler.sampleIsing(model, o)),
      recordsJson(exactSampler.sampleIsing(model, { ...o, kernel: 'reference' })),
    );
  });
});

describe('exact sampler: SampleSet, info and the benchmark entry point', () => {
  it('returns full spin vectors with clamps, counts and info', () => {
    const model = randomSmallModel(61, 8, { numClamped: 2 });
    const ss = exactSampler.sampleIsing(model, { numReads: 123, numSweeps: 7, seed: 1 });
    assert.equal(ss.numReads, 123);
    for (const r of ss.records) assert.equal(r.sample.length, 8);
    const f = 8 - model.clamp.size;
    assert.equal(ss.info.spinUpdates, 123 * 7 * f);
    assert.equal(ss.info.sampler, 'exact');
    assert.ok((ss.info.acceptedFlips as number) <= (ss.info.spinUpdates as number));
  });

  it('all spins clamped: every read is the clamp vector', () => {
    const model = andGate({ A: 1, B: -1, Y: -1 });
    const ss = exactSampler.sampleIsing(model, { numReads: 10, seed: 1 });
    assert.equal(ss.records.length, 1);
    assert.deepEqual([...ss.records[0].sample], [1, -1, -1]);
  });

  it('auto picks the WebAssembly kernel for large integer runs, identical to the TypeScript kernel', () => {
    const n = Math.ceil(WASM_MIN_UPDATES / 15) + 10; // 3 reads x 5 sweeps x (n - 1 free spins) >= WASM_MIN_UPDATES
    const edges: [number, number, number][] = [];
    for (let i = 0; i + 1 < n; i++) edges.push([i, i + 1, i % 3 === 0 ? -2 : 1]);
    for (let i = 0; i + 7 < n; i += 5) edges.push([i, i + 7, 2]);
    const h = Array.from({ length: n }, (_, i) => (i % 5) - 2);
    const model = new IsingModel(
      Array.from({ length: n }, (_, i) => `s${i}`),
      h,
      edges,
      { s0: 1 },
    );
    const o: ExactSampleOptions = {
      numReads: 3,
      numSweeps: 5,
      schedule: { kind: 'linear', from: 0.5, to: 2 },
      seed: 4,
    };
    const auto = exactSampler.sampleIsing(model, o);
    assert.equal(auto.info.kernel, exactWasmAvailable() ? 'wasm' : 'integer');
    assert.equal(recordsJson(auto), recordsJson(exactSampler.sampleIsing(model, { ...o, kernel: 'integer' })));
    // one read of one sweep is below the threshold: the TypeScript kernel
    assert.equal(exactSampler.sampleIsing(model, { numReads: 1, numSweeps: 1, seed: 4 }).info.kernel, 'integer');
  });

  it('runExactKernel runs read 0 of sampleIsing without a SampleSet', () => {
    const model = randomSmallModel(62, 9);
    const run = runExactKernel(model, { sweeps: 15, beta: 0.9, seed: 7 });
    const ss = exactSampler.sampleIsing(model, { numReads: 1, numSweeps: 15, beta: 0.9, seed: 7 });
    assert.deepEqual([...run.spins], [...ss.records[0].sample]);
    assert.equal(run.spinUpdates, 9 * 15);
    const prepared = prepareExact(model, 'chromatic');
    const chrom = runExactKernel(prepared, { sweeps: 15, beta: 0.9, seed: 7 });
    const ssc = exactSampler.sampleIsing(model, { numReads: 1, numSweeps: 15, beta: 0.9, seed: 7, order: 'chromatic' });
    assert.deepEqual([...chrom.spins], [...ssc.records[0].sample]);
    assert.throws(() => runExactKernel(prepared, { sweeps: 1, order: 'sequential' }), InvlogicError);
  });
});

describe('exact sampler: option validation', () => {
  const model = andGate();
  const bad: [string, unknown, RegExp][] = [
    ['unknown key', { numReads: 1, sweeps: 3 }, /unknown option options\.sweeps/],
    ['numReads 0', { numReads: 0 }, /numReads must be an integer in \[1, /],
    ['numReads fractional', { numReads: 2.5 }, /numReads/],
    ['numSweeps 0', { numSweeps: 0 }, /numSweeps must be an integer/],
    ['beta negative', { beta: -1 }, /beta must be in \[0, /],
    ['beta NaN', { beta: NaN }, /beta must be a finite number/],
    ['beta and schedule', { beta: 1, schedule: { kind: 'constant', value: 1 } }, /either beta/],
    ['bad schedule kind', { schedule: { kind: 'cosine' } }, /schedule\.kind must be one of/],
    ['custom schedule length', { numSweeps: 3, schedule: { kind: 'custom', values: [1, 2] } }, /one per step \(3\)/],
    ['negative schedule value', { numSweeps: 2, schedule: { kind: 'linear', from: -1, to: 1 } }, /below the minimum 0/],
    ['order', { order: 'random' }, /order must be one of sequential\|chromatic/],
    ['kernel', { kernel: 'gpu' }, /kernel must be one of/],
    ['seed', { seed: -3 }, /seed must be a non-negative safe integer/],
    ['initial length', { initial: [1, 1] }, /initial must be a spin vector of length n = 3/],
    ['initial value', { initial: [1, 0, 1] }, /initial\[1\] must be 1 or -1/],
  ];
  for (const [name, options, message] of bad) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => exactSampler.sampleIsing(model, options as ExactSampleOptions),
        (e: unknown) => e instanceof InvlogicError && message.test(e.message),
      );
    });
  }
  it('rejects the integer kernel on a non-integer model', () => {
    const m = new IsingModel(['a', 'b'], [0.5, 0], [[0, 1, 1]]);
    assert.throws(() => exactSampler.sampleIsing(m, { kernel: 'integer' }), /kernel "integer" needs integer h and J/);
  });
  it('multinomialTvBound shrinks like 1/sqrt(N)', () => {
    const p = [0.25, 0.25, 0.5];
    const r = multinomialTvBound(p, 100, 1e-6) / multinomialTvBound(p, 10000, 1e-6);
    assert.ok(Math.abs(r - 10) < 1e-9);
  });
});

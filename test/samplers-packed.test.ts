/**
 * The replica-packed sampler against the exact Boltzmann law (lib/ising enumerate), per replica and per lane.
 * Small models, fixed seeds, chi-square bounds at p ~ 1e-6 so a correct kernel fails essentially never.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IsingModel, enumerate, freeSpinsToState } from '../lib/ising';
import {
  PACKED_BACKENDS,
  PACKED_BLOCK,
  PackedChains,
  packedSampler,
  runPacked,
  packedDefaultBackend,
  samplePackedParallel,
} from '../lib/samplers/packed';
import { heatBathP64 } from '../lib/samplers/packed-msc';
import { InvlogicError } from '../lib/errors';
import { samplerConformance } from './helpers/sampler-conformance';
import { randomIntegerModel } from './helpers/random-models';
import * as fs from 'fs';
import * as path from 'path';

/** Pearson chi-square of counts against probabilities (cells with expectation < 5 pooled). */
function chiSquare(counts: ArrayLike<number>, probs: ArrayLike<number>, total: number): { stat: number; dof: number } {
  let stat = 0;
  let dof = -1;
  let poolC = 0;
  let poolE = 0;
  for (let s = 0; s < probs.length; s++) {
    const e = probs[s] * total;
    if (e < 5) {
      poolC += counts[s];
      poolE += e;
      continue;
    }
    stat += (counts[s] - e) ** 2 / e;
    dof++;
  }
  if (poolE > 0) {
    stat += (poolC - poolE) ** 2 / Math.max(poolE, 1e-12);
    dof++;
  }
  return { stat, dof };
}

/** Upper 1e-6 quantile of chi-square(dof), Wilson-Hilferty approximation. */
function chiCritical(dof: number): number {
  const z = 4.75;
  const a = 2 / (9 * dof);
  return dof * (1 - a + z * Math.sqrt(a)) ** 3;
}

for (const backend of PACKED_BACKENDS) {
  for (const [label, model, beta, order] of [
    ['+-1/+-2 couplings, sequential', randomIntegerModel(5, 0.7, 2, 2, 11), 0.4, 'sequential'],
    ['|J| up to 3 (multi-plane adds), chromatic', randomIntegerModel(6, 0.6, 3, 3, 12), 0.3, 'chromatic'],
    ['frustrated dense, beta 0.8', randomIntegerModel(5, 1, 1, 1, 13), 0.8, 'sequential'],
    // |J| up to 20: sums of |J| above 31 take the kernels' generic (more than five planes) field path
    ['|J| up to 20, W > 31', randomIntegerModel(5, 1, 20, 6, 14), 0.05, 'sequential'],
    // beta >= 1: the msc kernel settles most lanes on its window fast path (levels below lcut)
    ['+-1/+-2 couplings, beta 1', randomIntegerModel(4, 0.7, 2, 1, 15), 1, 'sequential'],
    ['+-1 couplings, beta 0 (every state equally likely)', randomIntegerModel(3, 0.8, 1, 2, 16), 0, 'chromatic'],
  ] as const) {
    test(`packed/${backend}: independent replicas follow the exact law (${label})`, () => {
      const exact = enumerate(model, { beta });
      const p = exact.probabilities!;
      const replicas = 128 * 40;
      const chains = new PackedChains(model, replicas, 'law', { order, backend });
      chains.setBeta(beta);
      chains.sweep(40);
      const counts = new Float64Array(p.length);
      const lanes = chains.lanes;
      const perLane = Array.from({ length: lanes }, () => new Float64Array(p.length));
      const buf = new Int8Array(model.n);
      for (let r = 0; r < replicas; r++) {
        const s = freeSpinsToState(chains.replica(r, buf));
        counts[s]++;
        perLane[r % lanes][s]++;
      }
      const all = chiSquare(counts, p, replicas);
      assert.ok(all.stat < chiCritical(all.dof), `all replicas: chi2 ${all.stat.toFixed(1)} dof ${all.dof}`);
      // Every lane position of the word is its own exact sampler (no lane is biased by the bit tricks).
      let laneStat = 0;
      let laneDof = 0;
      for (const c of perLane) {
        const r = chiSquare(c, p, replicas / lanes);
        laneStat += r.stat;
        laneDof += r.dof;
      }
      assert.ok(laneStat < chiCritical(laneDof), `per lane: chi2 ${laneStat.toFixed(1)} dof ${laneDof}`);
    });
  }

  test(`packed/${backend}: each single replica, time-averaged, follows the exact law`, () => {
    const model = randomIntegerModel(4, 0.8, 2, 1, 21);
    const beta = 0.5;
    const p = enumerate(model, { beta }).probabilities!;
    const replicas = 40; // the last word partly used
    const chains = new PackedChains(model, replicas, 7, { backend });
    chains.setBeta(beta);
    chains.sweep(10);
    const sweeps = 3000;
    const counts = Array.from({ length: replicas }, () => new Float64Array(p.length));
    const buf = new Int8Array(model.n);
    for (let t = 0; t < sweeps; t++) {
      chains.sweep(1);
      for (let r = 0; r < replicas; r++) counts[r][freeSpinsToState(chains.replica(r, buf))]++;
    }
    // Successive sweeps are correlated, so the bound is a total-variation one rather than chi-square.
    for (let r = 0; r < replicas; r++) {
      let tv = 0;
      for (let s = 0; s < p.length; s++) tv += Math.abs(counts[r][s] / sweeps - p[s]);
      assert.ok(tv / 2 < 0.08, `replica ${r}: TV ${(tv / 2).toFixed(3)}`);
    }
  });

  test(`packed/${backend}: replicas are independent (no shared randomness between lanes)`, () => {
    const model = new IsingModel(['a', 'b'], [0, 1], [[0, 1, -1]]);
    const chains = new PackedChains(model, 260, 3, { backend });
    chains.setBeta(0.7);
    const sweeps = 4000;
    const others = [1, 31, 32, 33, 64, 127, 128, 259];
    const agree = new Float64Array(others.length);
    const buf = new Int8Array(2);
    const other = new Int8Array(2);
    let plus = 0;
    for (let t = 0; t < sweeps; t++) {
      chains.sweep(1);
      const r0 = chains.replica(0, buf)[0];
      if (r0 > 0) plus++;
      others.forEach((r, k) => {
        if (chains.replica(r, other)[0] === r0) agree[k]++;
      });
    }
    // Spin a is +1 with probability q (from the time average); independent replicas agree with probability
    // q^2 + (1-q)^2; a 5-sigma band (successive sweeps are nearly independent here).
    const q = plus / sweeps;
    const pa = q * q + (1 - q) * (1 - q);
    const band = 5 * Math.sqrt((sweeps * pa * (1 - pa)) / 0.5);
    agree.forEach((a, k) =>
      assert.ok(
        Math.abs(a - sweeps * pa) < band,
        `replica ${others[k]}: ${a} agreements of ${sweeps}, expected ${(sweeps * pa).toFixed(0)}`,
      ),
    );
  });
}

test('packed: sampleIsing honours clamps, is deterministic, and matches the clamped law', () => {
  const base = randomIntegerModel(6, 0.7, 2, 1, 31);
  const model = base.withClamp({ s0: 1, s3: -1 });
  const beta = 0.5;
  const exact = enumerate(model, { beta });
  const opts = { numReads: 4096, sweeps: 30, seed: 'clamp', schedule: { kind: 'constant' as const, value: beta } };
  const a = packedSampler.sampleIsing(model, opts);
  const b = packedSampler.sampleIsing(model, opts);
  assert.equal(a.info.backend, 'msc'); // the default kernel when every sum of |J| fits 8 bit planes
  assert.deepEqual(a.toJSON().records, b.toJSON().records);
  assert.equal(a.numReads, 4096);
  const counts = new Float64Array(exact.probabilities!.length);
  for (const rec of a.records) {
    assert.equal(rec.sample[0], 1);
    assert.equal(rec.sample[3], -1);
    const free = Array.from(exact.free, (i) => rec.sample[i]);
    counts[freeSpinsToState(free)] += rec.numOccurrences;
  }
  const r = chiSquare(counts, exact.probabilities!, 4096);
  assert.ok(r.stat < chiCritical(r.dof), `chi2 ${r.stat.toFixed(1)} dof ${r.dof}`);
});

test('packed: annealing reaches the ground state of a small frustrated model', () => {
  const model = randomIntegerModel(10, 0.5, 2, 2, 41);
  const ground = enumerate(model).groundEnergy;
  const chains = new PackedChains(model, 64, 5, { backend: 'js' });
  runPacked(
    chains,
    Float64Array.from({ length: 400 }, (_, t) => 0.1 + (4 * t) / 400),
  );
  let hits = 0;
  for (let r = 0; r < 64; r++) if (Math.abs(model.energy(chains.replica(r)) - ground) < 1e-9) hits++;
  assert.ok(hits >= 48, `${hits}/64 replicas in a ground state`);
});

test('packed: bad input is rejected with the parameter named', () => {
  const real = new IsingModel(['a', 'b'], [0.5, 0], [[0, 1, 1]]);
  assert.throws(
    () => packedSampler.sampleIsing(real, { numReads: 2, sweeps: 2 }),
    (e: unknown) => e instanceof InvlogicError && /integer/.test((e as Error).message),
  );
  const ok = new IsingModel(['a', 'b'], [1, 0], [[0, 1, 1]]);
  assert.throws(() => packedSampler.sampleIsing(ok, { numReads: 0 }), InvlogicError);
  assert.throws(() => packedSampler.sampleIsing(ok, { order: 'random' as never }), InvlogicError);
  assert.throws(() => packedSampler.sampleIsing(ok, { sweps: 3 } as never), InvlogicError);
  assert.throws(() => new PackedChains(ok, 4, 1).setBeta(Number.NaN), InvlogicError);
  assert.throws(() => new PackedChains(ok, 4, 1, { backend: 'gpu' as never }), InvlogicError);
});

test('packed/msc: P64 is the rounded heat-bath probability, symmetric in the field', () => {
  for (const beta of [0, 0.3, 1, 2.5]) {
    for (let f = -12; f <= 12; f++) {
      const v = heatBathP64(f, beta);
      assert.ok(v >= 0n && v < 2n ** 64n);
      assert.ok(Math.abs(Number(v) / 2 ** 64 - 1 / (1 + Math.exp(-2 * beta * f))) < 1e-15, `beta ${beta} I ${f}`);
      const sat = v === 0n || v === 2n ** 64n - 1n; // p rounds to 0 or 1
      if (f !== 0 && !sat) assert.equal(v + heatBathP64(-f, beta), 2n ** 64n);
    }
  }
  assert.throws(
    () =>
      new PackedChains(
        new IsingModel(
          ['a', 'b', 'c', 'd'],
          [0, 0, 0, 0],
          [
            [0, 1, 100],
            [0, 2, 100],
            [0, 3, 100],
          ],
        ),
        4,
        1,
        { backend: 'msc' },
      ),
    (e: unknown) => e instanceof InvlogicError && /255/.test((e as Error).message),
  );
});

test('packed: the default kernel is msc, and wasm when a sum of |J| exceeds 255', () => {
  const wide = new IsingModel(
    ['a', 'b', 'c', 'd'],
    [0, 0, 0, 0],
    [
      [0, 1, 100],
      [0, 2, 100],
      [0, 3, 100],
    ],
  );
  assert.equal(packedDefaultBackend(wide), 'wasm');
  assert.equal(packedDefaultBackend(randomIntegerModel(6, 0.7, 2, 2, 3)), 'msc');
  assert.equal(packedSampler.sampleIsing(wide, { numReads: 4, sweeps: 2 }).info.backend, 'wasm');
});

test('packed/msc: the committed msc.wat is the generator output', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the generator is plain CommonJS
  const { kernel } = require('../scripts/gen-msc-wat.js') as { kernel(): string };
  const file = path.join(__dirname, '..', 'lib', 'samplers', 'wasm', 'msc.wat');
  assert.equal(fs.readFileSync(file, 'utf8'), kernel(), 'run: node scripts/gen-msc-wat.js && npm run build:wasm');
});

test('packed: the committed .wasm is the build of packed.wat', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the build script is plain CommonJS
  const { compileWat } = require('../scripts/build-wasm.js') as { compileWat(file: string): Promise<Buffer> };
  const dir = path.join(__dirname, '..', 'lib', 'samplers', 'wasm');
  for (const name of ['packed', 'msc']) {
    const built = await compileWat(path.join(dir, `${name}.wat`));
    assert.ok(built.equals(fs.readFileSync(path.join(dir, `${name}.wasm`))), `${name}: run npm run build:wasm`);
  }
});

// The shared conformance suite of every sampler (test/helpers/sampler-conformance.ts), both backends.
for (const backend of PACKED_BACKENDS) {
  samplerConformance(`packed/${backend}`, packedSampler, ({ numReads, beta, seed }) => ({
    numReads,
    seed,
    sweeps: 30,
    schedule: { kind: 'constant' as const, value: beta },
    backend,
  }));
}

test('packed: reads spread over worker threads give the same SampleSet as one thread', async () => {
  const model = randomIntegerModel(7, 0.6, 2, 2, 51).withClamp({ s2: 1 });
  const opts = {
    numReads: 2 * PACKED_BLOCK + 100,
    sweeps: 20,
    seed: 'par',
    schedule: { kind: 'constant' as const, value: 0.6 },
  };
  const serial = packedSampler.sampleIsing(model, opts);
  const parallel = await samplePackedParallel(model, opts, { jobs: 2 });
  assert.deepEqual(parallel.toJSON(), serial.toJSON());
  // a fully clamped model has nothing to sample but still returns numReads reads
  const all = packedSampler.sampleIsing(model.withClamp({ s0: 1, s1: 1, s3: 1, s4: -1, s5: 1, s6: -1 }), {
    numReads: 5,
    sweeps: 2,
  });
  assert.equal(all.numReads, 5);
  assert.equal(all.records.length, 1);
});

test('beta is the constant schedule, as for the exact sampler; beta with schedule is an error naming beta', () => {
  const model = randomIntegerModel(6, 0.6, 3, 2, 11);
  const base = { numReads: 40, sweeps: 5, seed: 4, backend: 'js' as const };
  const a = packedSampler.sampleIsing(model, { ...base, beta: 0.7 });
  const b = packedSampler.sampleIsing(model, { ...base, schedule: { kind: 'constant', value: 0.7 } });
  assert.deepEqual(a.toJSON(), b.toJSON());
  assert.throws(
    () => packedSampler.sampleIsing(model, { ...base, beta: 1, schedule: { kind: 'constant', value: 1 } }),
    (e: unknown) => e instanceof InvlogicError && /not both/.test(e.message) && e.parameter === 'beta',
  );
});

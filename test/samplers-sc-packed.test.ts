/**
 * The read-packed WebAssembly kernel of the SC model (lib/samplers/sc/packed.ts, wasm/sc.wat) against
 * - the literal transcription of docs/sc-model.md (lib/samplers/sc/oracle.ts): final state of every read;
 * - the scalar kernel of sc.ts: reads, per-read statistics (flips, final energy) and the SampleSet, bit for bit,
 *   over partial and multiple 8-read vectors and passes, clamps, schedules, both inits, narrow field adders
 *   (saturate and wrap), scaled coefficients, several 64-spin PRNG groups;
 * and the kernel choice (auto / scalar / packed) with its fall-backs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvlogicError } from '../lib/errors';
import { IsingModel } from '../lib/ising';
import { neuronForward, neuronTrainingCircuit } from '../lib/logic';
import { planSc, runSc, scPackedUnsupported, type ScKernel, type ScOptions } from '../lib/samplers/sc';
import { randomSmallModel } from './helpers/random-models';
import { runScLanes, runScPacked, scPackedLanes } from '../lib/samplers/sc/packed';
import { referenceRun } from '../lib/samplers/sc/oracle';

function sameRuns(model: IsingModel, options: ScOptions): void {
  const a = runSc(model, options, 'scalar');
  const b = runSc(model, options, 'packed');
  assert.equal(a.kernel, 'scalar');
  assert.equal(b.kernel, 'packed');
  assert.equal(b.reads.length, a.reads.length);
  for (let r = 0; r < a.reads.length; r++) {
    assert.deepEqual(b.reads[r], a.reads[r], `read ${r}`);
    assert.deepEqual(b.stats[r], a.stats[r], `stats of read ${r}`);
  }
  assert.equal(JSON.stringify(b.sampleSet.toJSON()), JSON.stringify(a.sampleSet.toJSON()));
  // Both lane widths (16-bit lanes always; 8-bit lanes when the clip range and the couplings fit 8 bits and the
  // adder is auto-width, whatever the share of spins summed in 16 bits).
  const plan = planSc(model, options);
  const widths: (8 | 16)[] = [8];
  if (!plan.fieldLimited && Math.max(...plan.i0) <= 128 && plan.w.every((x) => Math.abs(x) <= 127)) widths.push(16);
  for (const lanes of widths) {
    for (const maxVectors of [1, 4]) {
      const res = runScPacked(plan, maxVectors, lanes);
      for (let r = 0; r < a.reads.length; r++) {
        assert.deepEqual(res.finals[r], a.reads[r], `read ${r}, ${lanes} lanes, ${maxVectors} vectors`);
        assert.equal(res.flips[r], a.stats[r].flips, `flips of read ${r}, ${lanes} lanes`);
      }
    }
  }
}

/** A small BCNN training circuit (lib/logic): `nIn`-input neuron, `k` clamped samples sharing the weights. */
function smallNeuronCircuit(nIn: number, k: number): IsingModel {
  const teacher = Array.from({ length: nIn }, (_, i) => (i % 3 === 0 ? -1 : 1) as 1 | -1);
  const data = Array.from({ length: k }, (_, s) => {
    const x = Array.from({ length: nIn }, (_, i) => (((s * 7 + i * 5) >> 1) & 1 ? 1 : -1) as 1 | -1);
    return { x, y: neuronForward(teacher, x) };
  });
  return neuronTrainingCircuit(nIn, data).model;
}

const model70 = randomSmallModel(3, 70, { density: 0.08, numClamped: 5 });
const model150 = randomSmallModel(11, 150, { density: 0.04, numClamped: 20 });

describe('sc packed kernel = literal reading of the spec', () => {
  const cases: [string, IsingModel, ScOptions][] = [
    [
      'sawtooth I0, 70 spins (two generators)',
      model70,
      {
        cycles: 90,
        seed: 1,
        noise: 2,
        i0: { kind: 'sawtooth', ramp: { kind: 'geometric', from: 1, to: 16 }, iterations: 3 },
      },
    ],
    [
      'zero init, constant I0, stepped noise',
      model70,
      { cycles: 60, seed: 'z', init: 'zero', i0: 3, noise: { kind: 'steps', values: [4, 1] } },
    ],
    [
      'narrow field adder, wrap',
      randomSmallModel(5, 12, { density: 0.7 }),
      { cycles: 80, seed: 2, noise: 3, i0: 8, fieldBits: 3, fieldOverflow: 'wrap' },
    ],
    [
      'narrow field adder, saturate',
      randomSmallModel(5, 12, { density: 0.7 }),
      { cycles: 80, seed: 2, noise: 3, i0: 8, fieldBits: 3 },
    ],
  ];
  for (const [label, model, options] of cases) {
    it(label, () => {
      const o: ScOptions = { ...options, numReads: 11, valid: 'none' };
      const run = runSc(model, o, 'packed');
      for (const r of [0, 7, 8, 10]) {
        const states = referenceRun(model, o, r);
        assert.equal(spinsHex(run.reads[r]), states[states.length - 1], `final state of read ${r}`);
      }
    });
  }
});

function spinsHex(m: Int8Array): string {
  // the reference's hex: Verilog %h of v[n-1:0], v[i] = (m_i == +1)
  let s = '';
  for (let d = Math.ceil(m.length / 4) - 1; d >= 0; d--) {
    let x = 0;
    for (let b = 3; b >= 0; b--) x = (x << 1) | (4 * d + b < m.length && m[4 * d + b] > 0 ? 1 : 0);
    s += x.toString(16);
  }
  return s;
}

describe('sc packed kernel = scalar kernel (reads, statistics, SampleSet)', () => {
  const base: ScOptions = { cycles: 120, seed: 5, noise: 2, valid: 'none' };
  it('read counts across vectors and passes: 1, 8, 13, 32, 45', () => {
    for (const numReads of [1, 8, 13, 32, 45]) sameRuns(model150, { ...base, numReads });
  });
  it('default I0 ramp, sawtooth, linear noise ramp, tau', () => {
    sameRuns(model70, { ...base, numReads: 9 });
    sameRuns(model150, {
      ...base,
      numReads: 10,
      tau: 3,
      i0: { kind: 'sawtooth', ramp: { kind: 'geometric', from: 1, to: 32 }, iterations: 4 },
      noise: { kind: 'linear', from: 5, to: 1 },
    });
  });
  it('zero init, string seed, scaled coefficients, narrow counter', () => {
    sameRuns(model70, { ...base, numReads: 6, init: 'zero', seed: 'abc' });
    sameRuns(randomSmallModel(6, 9), {
      ...base,
      numReads: 17,
      noise: 5,
      coefficientScale: 2,
      weightBits: 6,
      itanhBits: 3,
      i0: 4,
    });
  });
  it('narrow field adder: saturate and wrap', () => {
    const m = randomSmallModel(5, 40, { density: 0.5, numClamped: 4 });
    sameRuns(m, { ...base, numReads: 12, fieldBits: 4, i0: 8, noise: 3 });
    sameRuns(m, { ...base, numReads: 12, fieldBits: 4, fieldOverflow: 'wrap', i0: 8, noise: 3 });
  });
  it('a BCNN training circuit (weights shared by clamped samples), I0 = 1 and a ramp', () => {
    const m = smallNeuronCircuit(4, 6);
    sameRuns(m, { ...base, numReads: 10, i0: 1, noise: 3, biasBits: 8 });
    sameRuns(m, { ...base, numReads: 10, noise: 2, biasBits: 8 });
  });
  it('8-bit lanes with wide-field spins summed in 16 bits (a hub of degree 80)', () => {
    const n = 120;
    const edges: [number, number, number][] = [];
    for (let j = 1; j <= 80; j++) edges.push([0, j, j % 3 === 0 ? -2 : 2]);
    for (let j = 1; j + 1 < n; j++) edges.push([j, j + 1, j % 2 ? 1 : -1]);
    const m = new IsingModel(
      Array.from({ length: n }, (_, i) => `s${i}`),
      Array.from({ length: n }, (_, i) => (i === 0 ? 9 : (i % 5) - 2)),
      edges,
      new Map([[7, 1 as const]]),
    );
    const o: ScOptions = {
      ...base,
      numReads: 21,
      noise: 3,
      i0: { kind: 'sawtooth', ramp: { kind: 'geometric', from: 1, to: 64 }, iterations: 2 },
    };
    assert.equal(scPackedLanes(planSc(m, o)), 16);
    sameRuns(m, o);
    sameRuns(m, { ...o, init: 'zero', i0: 128, itanhBits: 8 });
  });
  it('couplings beyond 8 bits keep 16-bit lanes (a hub with |J| = 150)', () => {
    const n = 40;
    const edges: [number, number, number][] = [];
    for (let j = 1; j < n; j++) edges.push([0, j, j % 2 ? 150 : -150]);
    for (let j = 1; j + 1 < n; j++) edges.push([j, j + 1, 1]);
    const m = new IsingModel(
      Array.from({ length: n }, (_, i) => `s${i}`),
      Array.from({ length: n }, (_, i) => (i % 3) - 1),
      edges,
    );
    const o: ScOptions = { ...base, numReads: 17, noise: 40, i0: 16, weightBits: 9 };
    assert.equal(scPackedLanes(planSc(m, o)), 8);
    sameRuns(m, o);
  });
  it('more than 65535 free spins (the kernel flushes its 16-bit flip counters mid-cycle)', () => {
    const n = 70000;
    const edges: [number, number, number][] = [];
    for (let i = 0; i + 1 < n; i++) edges.push([i, i + 1, (i * 7) % 5 === 0 ? -2 : 1]);
    for (let i = 0; i + 977 < n; i += 3) edges.push([i, i + 977, -1]);
    const h = Array.from({ length: n }, (_, i) => ((i * 13) % 5) - 2);
    const m = new IsingModel(
      Array.from({ length: n }, (_, i) => `s${i}`),
      h,
      edges,
      new Map([[5, -1 as const]]),
    );
    sameRuns(m, { cycles: 6, numReads: 9, seed: 3, noise: 3, i0: 1, valid: 'none' });
  });
  it('free spins without free neighbours, all-clamped neighbourhoods', () => {
    const m = new IsingModel(
      ['a', 'b', 'c', 'd'],
      [1, -1, 0, 2],
      [
        [0, 1, 2],
        [1, 2, -1],
        [2, 3, 1],
      ],
      new Map([[1, 1 as const]]),
    );
    sameRuns(m, { ...base, numReads: 9, noise: 1, i0: 2 });
  });
});

describe('sc kernel choice', () => {
  it('auto uses the packed kernel for dense xorshift64p runs without tracking, the scalar kernel otherwise', () => {
    const o: ScOptions = { cycles: 30, numReads: 3, seed: 1, valid: 'none' };
    assert.equal(runSc(model70, o).kernel, 'packed');
    const scalarCases: [ScOptions, RegExp][] = [
      [{ ...o, prng: 'lfsr' }, /prng/],
      [{ ...o, noiseKind: 'sparse' }, /noiseKind/],
      [{ ...o, valid: { groundEnergy: -10 } }, /validity/],
      [{ ...o, trace: true }, /trace/],
      [{ ...o, readout: { kind: 'majority', window: 5 } }, /readout/],
      [{ ...o, coefficientScale: 4096, weightBits: 16, biasBits: 16 }, /15 bits/],
    ];
    for (const [opts, why] of scalarCases) {
      assert.match(scPackedUnsupported(planSc(model70, opts)) ?? '', why);
      assert.equal(runSc(model70, opts).kernel, 'scalar');
      assert.throws(
        () => runSc(model70, opts, 'packed'),
        (err: unknown) => err instanceof InvlogicError && err.parameter === 'kernel' && why.test(err.message),
      );
    }
  });
  it('rejects an unknown kernel name', () => {
    assert.throws(
      () => runSc(model70, { cycles: 5, numReads: 1 }, 'simd' as ScKernel),
      (err: unknown) => err instanceof InvlogicError && err.parameter === 'kernel',
    );
  });
});

describe('sc packed kernel with per-lane circuits (runScLanes)', () => {
  it('each lane (own clamp values, h and seed) equals the one-lane kernel and the scalar kernel', () => {
    const base = model150;
    const edges: [number, number, number][] = [];
    for (let e = 0; e < base.numEdges; e++) edges.push([base.edgeI[e], base.edgeJ[e], base.edgeW[e]]);
    const clamped = [...base.clamp.keys()];
    const options: ScOptions = { cycles: 100, noise: 2, i0: 4, valid: 'none', weightBits: 8, biasBits: 8 };
    const lanes = 21; // three 8-lane vectors, the last partly used
    const models: IsingModel[] = [];
    const seeds: string[] = [];
    for (let r = 0; r < lanes; r++) {
      const h = Array.from(base.h, (x, i) => x + (((r * 13 + i * 7) % 5) - 2));
      const clamp = new Map<number, 1 | -1>(clamped.map((i, q) => [i, (r * 3 + q) % 4 < 2 ? 1 : -1]));
      models.push(new IsingModel(base.names, h, edges, clamp));
      seeds.push(`lane${r}`);
    }
    const plans = models.map((m, r) => planSc(m, { ...options, numReads: 1, seed: seeds[r] }));
    const res = runScLanes(plans);
    assert.equal(res.finals.length, lanes);
    for (let r = 0; r < lanes; r++) {
      const one = runSc(models[r], { ...options, numReads: 1, seed: seeds[r] }, 'packed');
      const scalar = runSc(models[r], { ...options, numReads: 1, seed: seeds[r] }, 'scalar');
      assert.deepEqual(res.finals[r], one.reads[0], `lane ${r}`);
      assert.deepEqual(res.finals[r], scalar.reads[0], `lane ${r} (scalar)`);
      assert.equal(res.flips[r], one.stats[0].flips, `flips of lane ${r}`);
    }
    // Lanes of different shapes are refused with the reason.
    const other = planSc(new IsingModel(base.names, base.h, edges.slice(1), base.clamp), { ...options, numReads: 1 });
    assert.throws(
      () => runScLanes([plans[0], other]),
      (e: unknown) => e instanceof InvlogicError && /plans\[1\].*couplings differ/.test((e as Error).message),
    );
  });
});

/**
 * The SC spin-gate hardware model (lib/samplers/sc/) against its specification docs/sc-model.md:
 * - bit sources equal lib/rng's generators bit for bit;
 * - the fast kernel equals a slow, direct transcription of the spec (objects from lib/rng, full field
 *   recomputation every cycle) for every PRNG, noise kind, field width/overflow and init;
 * - determinism of the trace, widths and saturation at their limits, read-outs, bad options;
 * - every library gate in forward and backward mode reaches its valid states and stays there most cycles.
 * The SC model is not a Boltzmann sampler (synchronous updates, counter memory, binary noise), so the shared
 * conformance helper's Boltzmann-law checks do not apply; its model generator and the properties that do
 * hold (determinism, clamps kept, record energies) are checked here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvlogicError } from '../lib/errors';
import { IsingModel, enumerate } from '../lib/ising';
import { GATE_NAMES, gate, gateToModel, gateTruthTable } from '../lib/logic';
import { GaloisLfsr32, Xorshift64p, hashSeed } from '../lib/rng';
import {
  ScBitSource,
  hexToSpins,
  laneBit,
  planSc,
  runSc,
  scReadSeed,
  scSampler,
  spinsToHex,
  type ScOptions,
} from '../lib/samplers/sc';
import { replayScTrace } from '../lib/samplers/sc/replay';
import { randomSmallModel } from './helpers/random-models';
import { referenceRun } from '../lib/samplers/sc/oracle';

const AND = new IsingModel(
  ['A', 'B', 'Y'],
  [1, 1, -2],
  [
    [0, 1, -1],
    [0, 2, 2],
    [1, 2, 2],
  ],
);

function throwsParam(fn: () => unknown, parameter: string | RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof InvlogicError, `expected InvlogicError, got ${String(err)}`);
    if (typeof parameter === 'string') assert.equal(err.parameter, parameter, err.message);
    else assert.match(err.parameter ?? '', parameter, err.message);
    return true;
  });
}

describe('sc bit sources (docs §3)', () => {
  it('xorshift64p: spin i of lane k takes bit i mod 64 of X[k][floor(i/64)], seeded per docs §3.3', () => {
    const n = 150;
    const src = new ScBitSource('xorshift64p', n, 3);
    src.seed(42, 2);
    const gens: Xorshift64p[] = [];
    for (let k = 0; k < 3; k++)
      for (let g = 0; g < 3; g++) gens.push(new Xorshift64p(hashSeed(scReadSeed(42, 2), k * 2 ** 20 + g, 4)));
    for (let t = 0; t < 20; t++) {
      src.step();
      gens.forEach((x) => x.next64());
      for (let k = 0; k < 3; k++) {
        for (let i = 0; i < n; i++) {
          const x = gens[k * 3 + Math.floor(i / 64)];
          const b = i % 64;
          const expected = b < 32 ? (x.lo >>> b) & 1 : (x.hi >>> (b - 32)) & 1;
          assert.equal(laneBit(src, k, i), expected);
        }
      }
    }
  });
  it('per-spin: lane k of spin i is bit 63 - k of its own generator', () => {
    const n = 5;
    const src = new ScBitSource('per-spin', n, 9);
    src.seed('abc', 0);
    const gens = Array.from({ length: n }, (_, i) => new Xorshift64p(hashSeed(scReadSeed('abc', 0), i, 4)));
    for (let t = 0; t < 10; t++) {
      src.step();
      for (let i = 0; i < n; i++) {
        gens[i].next64();
        for (let k = 0; k < 9; k++) assert.equal(laneBit(src, k, i), (gens[i].hi >>> (31 - k)) & 1);
      }
    }
  });
  it('lfsr: bit i mod 32 of the register of Z[k][floor(i/32)] after one shift', () => {
    const n = 40;
    const src = new ScBitSource('lfsr', n, 2);
    src.seed(7, 1);
    const regs: GaloisLfsr32[] = [];
    for (let k = 0; k < 2; k++)
      for (let g = 0; g < 2; g++) regs.push(new GaloisLfsr32(hashSeed(scReadSeed(7, 1), k * 2 ** 20 + g, 1)[0] || 1));
    for (let t = 0; t < 50; t++) {
      src.step();
      regs.forEach((r) => r.step());
      for (let k = 0; k < 2; k++)
        for (let i = 0; i < n; i++)
          assert.equal(laneBit(src, k, i), (regs[k * 2 + (i >> 5)].register >>> (i % 32)) & 1);
    }
  });
  it('hex encoding is Verilog %h of v[n-1:0]', () => {
    const m = Int8Array.from([1, -1, -1, -1, 1, 1, -1, -1, -1, 1]); // bits 0, 4, 5, 9 -> 0x231
    assert.equal(spinsToHex(m), '231');
    assert.deepEqual(hexToSpins('231', 10), m);
  });
});

function kernelRun(model: IsingModel, options: ScOptions): string[] {
  const lines = runSc(model, { ...options, numReads: 1, trace: true }).trace!;
  return lines.slice(2).map((l) => JSON.parse(l).m as string);
}

describe('sc kernel = literal reading of the spec (bit for bit)', () => {
  const model70 = randomSmallModel(3, 70, { density: 0.08, numClamped: 5 });
  const cases: [string, IsingModel, ScOptions][] = [
    [
      'dense xorshift64p, 70 spins (two generators), sawtooth I0',
      model70,
      {
        cycles: 120,
        seed: 1,
        noise: 2,
        i0: { kind: 'sawtooth', ramp: { kind: 'geometric', from: 1, to: 16 }, iterations: 3 },
      },
    ],
    [
      'per-spin, uniform noise, zero init',
      model70,
      { cycles: 60, seed: 'x', prng: 'per-spin', noiseKind: 'uniform', noise: 3, i0: 4, init: 'zero' },
    ],
    [
      'lfsr, sparse noise 0.3, stepped amplitude',
      model70,
      {
        cycles: 80,
        seed: 9,
        prng: 'lfsr',
        noiseKind: 'sparse',
        sparsity: 0.3,
        resolutionBits: 4,
        noise: { kind: 'steps', values: [5, 3] },
        i0: 6,
      },
    ],
    [
      'narrow field adder, saturate',
      randomSmallModel(5, 12, { density: 0.7 }),
      { cycles: 100, seed: 2, noise: 3, i0: 8, fieldBits: 3 },
    ],
    [
      'narrow field adder, wrap',
      randomSmallModel(5, 12, { density: 0.7 }),
      { cycles: 100, seed: 2, noise: 3, i0: 8, fieldBits: 3, fieldOverflow: 'wrap' },
    ],
    [
      'chromatic update, dense xorshift64p, sawtooth I0',
      model70,
      {
        cycles: 120,
        seed: 1,
        noise: 2,
        update: 'chromatic',
        i0: { kind: 'sawtooth', ramp: { kind: 'geometric', from: 1, to: 16 }, iterations: 3 },
      },
    ],
    [
      'chromatic update, lfsr, sparse noise, narrow saturating field',
      randomSmallModel(5, 12, { density: 0.7 }),
      { cycles: 100, seed: 3, prng: 'lfsr', noiseKind: 'sparse', noise: 3, i0: 8, fieldBits: 3, update: 'chromatic' },
    ],
    [
      'scaled coefficients, 3-bit counter',
      randomSmallModel(6, 9),
      { cycles: 100, seed: 4, noise: 5, coefficientScale: 2, weightBits: 6, itanhBits: 3, i0: 4 },
    ],
  ];
  for (const [label, model, options] of cases) {
    it(label, () => {
      const fast = kernelRun(model, options);
      const slow = referenceRun(model, options);
      assert.equal(fast.length, slow.length);
      for (let t = 0; t < fast.length; t++) assert.equal(fast[t], slow[t], `state after ${t} cycles`);
    });
  }
});

describe('sc determinism and trace', () => {
  const opts: ScOptions = { cycles: 300, numReads: 3, seed: 5, noise: 2, trace: { reads: 3, itanh: true } };
  it('same model, options and seed give the same trace and SampleSet; another seed changes them', () => {
    const a = runSc(AND.withClamp({ Y: -1 }), opts);
    const b = runSc(AND.withClamp({ Y: -1 }), opts);
    assert.deepEqual(a.trace, b.trace);
    assert.equal(JSON.stringify(a.sampleSet.toJSON()), JSON.stringify(b.sampleSet.toJSON()));
    const c = runSc(AND.withClamp({ Y: -1 }), { ...opts, seed: 6 });
    assert.notDeepEqual(a.trace, c.trace);
    const s = runSc(AND.withClamp({ Y: -1 }), { ...opts, seed: '5' });
    assert.notDeepEqual(a.trace, s.trace, 'numeric 5 and string "5" are different seeds');
  });
  it('trace energies equal the model energy of the traced spins; itanh stays in [-I0, I0-1]; reads differ', () => {
    const model = randomSmallModel(8, 10, { numClamped: 2 });
    const run = runSc(model, { ...opts, i0: { kind: 'geometric', from: 1, to: 12 } });
    const lines = run.trace!.map((l) => JSON.parse(l));
    assert.equal(lines[0].format, 'invlogic-sc-trace/1');
    const states = lines.filter((l) => l.t !== undefined);
    assert.equal(states.length, 3 * 301);
    for (const l of states) {
      const m = hexToSpins(l.m, model.n);
      assert.equal(l.E, model.energy(m));
      for (const [i, s] of model.clamp) assert.equal(m[i], s);
      if (l.t > 0)
        l.itanh.forEach((x: number, i: number) => model.clamp.has(i) || assert.ok(x >= -l.i0 && x <= l.i0 - 1));
    }
    const perRead = [0, 1, 2].map((r) =>
      states
        .filter((l) => l.r === r)
        .map((l) => l.m)
        .join(),
    );
    assert.notEqual(perRead[0], perRead[1]);
  });
  it('the info carries per-read statistics consistent with the trace', () => {
    const model = AND.withClamp({ Y: -1 });
    const run = runSc(model, { ...opts, trace: { reads: 3 } });
    const ground = enumerate(model).groundEnergy;
    const states = run.trace!.map((l) => JSON.parse(l)).filter((l) => l.t !== undefined);
    for (let r = 0; r < 3; r++) {
      const mine = states.filter((l) => l.r === r);
      const first = mine.find((l) => l.E === ground)!.t;
      const frac = mine.filter((l) => l.t > 0 && l.E === ground).length / 300;
      assert.equal(run.stats[r].cyclesToValid, first);
      assert.equal(run.stats[r].validFraction, frac);
      assert.equal(
        run.stats[r].flips,
        mine.slice(1).reduce((a, l, k) => a + bitDiff(l.m, mine[k].m), 0),
      );
    }
    const info = run.sampleSet.info as { cyclesToValid: number[]; summary: { solved: number } };
    assert.deepEqual(
      info.cyclesToValid,
      run.stats.map((s) => s.cyclesToValid),
    );
    assert.equal(info.summary.solved, 3);
  });
  it('writes the trace to a file', async () => {
    const fs = await import('fs');
    const os = await import('os');
    const path = await import('path');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sc-')), 't.jsonl');
    const a = runSc(AND, { cycles: 50, numReads: 2, seed: 1, trace: { reads: 2 } });
    runSc(AND, { cycles: 50, numReads: 2, seed: 1, trace: { reads: 2, file } });
    assert.equal(fs.readFileSync(file, 'utf8'), a.trace!.join('\n') + '\n');
  });
});

function bitDiff(a: string, b: string): number {
  let d = 0;
  for (let k = 0; k < a.length; k++) {
    let x = parseInt(a[k], 16) ^ parseInt(b[k], 16);
    while (x) {
      d += x & 1;
      x >>= 1;
    }
  }
  return d;
}

describe('sc widths, saturation and scaling at their limits (docs §1)', () => {
  it('I0 may reach 2^(B-1) but not exceed it; I0 >= 1', () => {
    assert.doesNotThrow(() => planSc(AND, { itanhBits: 4, i0: 8, cycles: 5 }));
    throwsParam(() => planSc(AND, { itanhBits: 4, i0: 9, cycles: 5 }), 'i0');
    throwsParam(() => planSc(AND, { i0: 0, cycles: 5 }), 'i0');
    throwsParam(() => planSc(AND, { i0: { kind: 'linear', from: 0, to: 4 }, cycles: 5 }), 'i0');
  });
  it('a full-range counter saturates at -2^(B-1) and 2^(B-1)-1', () => {
    // One free spin with h = +7 (no noise): Itanh climbs by 7 per cycle and sticks at 2^(B-1) - 1.
    const one = new IsingModel(['x'], [7], []);
    const run = runSc(one, {
      cycles: 40,
      numReads: 1,
      noise: 0,
      itanhBits: 6,
      i0: 32,
      init: 'zero',
      trace: { itanh: true },
    });
    const it = run.trace!.slice(2).map((l) => JSON.parse(l).itanh[0]);
    assert.deepEqual(it.slice(0, 6), [0, 7, 14, 21, 28, 31]);
    assert.ok(it.slice(5).every((x: number) => x === 31));
    const neg = runSc(new IsingModel(['x'], [-7], []), {
      cycles: 40,
      numReads: 1,
      noise: 0,
      itanhBits: 6,
      i0: 32,
      init: 'zero',
      trace: { itanh: true },
    });
    assert.equal(JSON.parse(neg.trace!.at(-1)!).itanh[0], -32);
  });
  it('the clip applies to the sum when I0 drops (sawtooth restart)', () => {
    const one = new IsingModel(['x'], [3], []);
    const i0 = { kind: 'custom' as const, values: [16, 16, 16, 16, 2, 2] };
    const run = runSc(one, { cycles: 6, numReads: 1, noise: 0, i0, init: 'zero', trace: { itanh: true } });
    assert.deepEqual(
      run.trace!.slice(2).map((l) => JSON.parse(l).itanh[0]),
      [0, 3, 6, 9, 12, 1, 1],
    );
  });
  it('field adder: auto width never overflows; narrow width saturates or wraps', () => {
    const model = new IsingModel(
      ['a', 'b', 'c'],
      [3, 0, 0],
      [
        [0, 1, 3],
        [0, 2, 3],
      ],
      { b: 1, c: 1 },
    );
    // Field of a = 3 + 3 + 3 = 9. Auto width: 9 + maxNoise(0) needs 5 bits.
    assert.equal(planSc(model, { noise: 0 }).widths.fieldBits, 5);
    const step = (o: ScOptions): number =>
      JSON.parse(
        runSc(model, {
          cycles: 1,
          numReads: 1,
          noise: 0,
          i0: 16,
          init: 'zero',
          trace: { itanh: true },
          ...o,
        }).trace!.at(-1)!,
      ).itanh[0];
    assert.equal(step({}), 9);
    assert.equal(step({ fieldBits: 4 }), 7); // saturate to 2^3 - 1
    assert.equal(step({ fieldBits: 4, fieldOverflow: 'wrap' }), -7); // 9 - 16
  });
  it('coefficients must be integers that fit their widths; never wrapped silently', () => {
    const big = new IsingModel(['a', 'b'], [0, 0], [[0, 1, 16]]);
    throwsParam(() => planSc(big), 'weightBits');
    assert.doesNotThrow(() => planSc(big, { weightBits: 6 }));
    assert.equal(planSc(new IsingModel(['a', 'b'], [0, 0], [[0, 1, -16]])).w[0], -16, '-2^(W-1) fits');
    throwsParam(() => planSc(new IsingModel(['a'], [16], [])), 'biasBits');
    assert.doesNotThrow(() => planSc(new IsingModel(['a'], [16], []), { biasBits: 6 }));
    const half = new IsingModel(['a', 'b'], [0.5, 0], [[0, 1, 1.5]]);
    throwsParam(() => planSc(half), 'coefficientScale');
    const scaled = planSc(half, { coefficientScale: 2 });
    assert.deepEqual([...scaled.h], [1, 0]);
    assert.deepEqual(scaled.edges, [[0, 1, 3]]);
    const rounded = planSc(new IsingModel(['a', 'b'], [0.4, -2.5], [[0, 1, 1.2]]), { roundCoefficients: true });
    assert.deepEqual([...rounded.h], [0, -3]);
    throwsParam(() => planSc(AND, { noise: 16 }), 'noise'); // noiseBits 5: n_rnd <= 15
    assert.doesNotThrow(() => planSc(AND, { noise: 15 }));
  });
});

describe('sc read-outs (docs §7)', () => {
  it('majority and mode over the last W cycles agree with the trace', () => {
    const model = randomSmallModel(2, 6);
    for (const kind of ['majority', 'mode'] as const) {
      const run = runSc(model, {
        cycles: 200,
        numReads: 4,
        seed: 3,
        noise: 3,
        i0: 2,
        readout: { kind, window: 25 },
        trace: { reads: 4 },
      });
      const states = run.trace!.map((l) => JSON.parse(l)).filter((l) => l.t !== undefined);
      for (let r = 0; r < 4; r++) {
        const window = states.filter((l) => l.r === r && l.t > 175).map((l) => hexToSpins(l.m, model.n));
        assert.equal(window.length, 25);
        let expected: Int8Array;
        if (kind === 'majority') {
          expected = Int8Array.from({ length: model.n }, (_, i) =>
            2 * window.filter((m) => m[i] > 0).length >= 25 ? 1 : -1,
          );
        } else {
          const counts = new Map<string, number>();
          window.forEach((m) => counts.set(m.join(), (counts.get(m.join()) ?? 0) + 1));
          const best = Math.max(...counts.values());
          expected = window.find((m) => counts.get(m.join()) === best)!;
        }
        assert.deepEqual(run.reads[r], expected, `${kind} read ${r}`);
      }
    }
  });
});

describe('sc options are validated', () => {
  const bad: [ScOptions, string | RegExp][] = [
    [{ cycles: 0 }, 'cycles'],
    [{ numReads: 0 }, 'numReads'],
    [{ itanhBits: 1 }, 'itanhBits'],
    [{ itanhBits: 25 }, 'itanhBits'],
    [{ weightBits: 17 }, 'weightBits'],
    [{ noiseKind: 'pink' as never }, 'noiseKind'],
    [{ prng: 'mt19937' as never }, 'prng'],
    [{ sparsity: 0.5 }, 'sparsity'],
    [{ noiseKind: 'sparse', sparsity: 1.5 }, 'sparsity'],
    [{ resolutionBits: 17, noiseKind: 'uniform' }, 'resolutionBits'],
    [{ fieldBits: 1 }, 'fieldBits'],
    [{ fieldOverflow: 'clip' as never }, 'fieldOverflow'],
    [{ readout: { kind: 'majority', window: 2000 } }, 'readout.window'],
    [{ readout: { kind: 'median' as never, window: 3 } }, 'readout.kind'],
    [{ valid: { target: { Z: 1 } } }, 'valid.target'],
    [{ valid: { target: { A: 2 } } }, 'valid.target.A'],
    [{ init: 'ones' as never }, 'init'],
    [{ tau: 0 }, 'tau'],
    [{ noise: { kind: 'steps', values: [] } }, 'noise.values'],
    [{ noise: -1 }, 'noise'],
    [{ cycles: 10, occupancyFrom: 10 }, 'occupancyFrom'],
    [{ seed: -1 }, 'seed'],
    [{ trace: { reads: 11 } }, 'trace.reads'],
    [{ cylces: 10 } as never, 'sc options.cylces'],
  ];
  for (const [options, parameter] of bad) {
    it(`rejects ${JSON.stringify(options)}`, () => throwsParam(() => runSc(AND, options), parameter));
  }
  it("valid: 'ground' without enumerable ground energy asks for {groundEnergy} or {target}", () => {
    const big = randomSmallModel(1, 30, { density: 0.1 });
    throwsParam(() => planSc(big, { valid: 'ground' }), 'valid');
    assert.equal(planSc(big).valid.kind, 'none', 'default falls back to no tracking');
  });
});

describe('sc conformance (the properties that hold for a non-Boltzmann hardware model)', () => {
  for (const seed of [1, 4, 7]) {
    it(`random model ${seed}: clamps kept, record energies = model energies, numReads, determinism`, () => {
      const model = randomSmallModel(seed, 8, { numClamped: 2 });
      const o = { numReads: 50, seed, cycles: 100 };
      const ss = scSampler.sampleIsing(model, o);
      assert.equal(ss.numReads, 50);
      assert.deepEqual(ss.variables, model.names);
      for (const r of ss.records) {
        assert.equal(r.energy, model.energy(r.sample));
        for (const [i, s] of model.clamp) assert.equal(r.sample[i], s);
      }
      assert.equal(JSON.stringify(scSampler.sampleIsing(model, o)), JSON.stringify(ss));
      assert.notEqual(JSON.stringify(scSampler.sampleIsing(model, { ...o, seed: seed + 100 })), JSON.stringify(ss));
    });
  }
});

describe('every library gate, forward and backward, reaches its valid states and stays there', () => {
  // The default schedule (geometric I0 ramp 2 -> 32 over the run, 8-bit counter, dense noise 2; docs §5).
  // Occupancy is counted from cycle 300 (I0 >= 6).
  const options: ScOptions = { cycles: 1000, numReads: 8, seed: 11, noise: 2, occupancyFrom: 300 };
  for (const name of GATE_NAMES) {
    const g = gate(name);
    const table = gateTruthTable(g);
    const model = gateToModel(g);
    const rows = table.rows;
    const wires = [...table.inputs, ...table.outputs];
    for (const mode of ['forward', 'backward'] as const) {
      it(`${name} ${mode}`, () => {
        const clampWires = mode === 'forward' ? table.inputs : table.outputs;
        const seen = new Set<string>();
        for (const row of rows) {
          const key = clampWires.map((w) => row[wires.indexOf(w)]).join('');
          if (seen.has(key)) continue;
          seen.add(key);
          const clamp = Object.fromEntries(clampWires.map((w) => [w, row[wires.indexOf(w)] ? 1 : -1]));
          const run = runSc(model.withClamp(clamp), options);
          const validRows = rows.filter((r) => clampWires.every((w) => r[wires.indexOf(w)] === (clamp[w] > 0 ? 1 : 0)));
          for (const s of run.stats) {
            assert.ok(
              s.cyclesToValid !== null && s.cyclesToValid <= 100,
              `${name} ${mode} ${key}: reached valid by 100 cycles (${s.cyclesToValid})`,
            );
            assert.ok(s.validFraction! > 0.75, `${name} ${mode} ${key}: occupancy ${s.validFraction}`);
          }
          // The ground states are exactly the consistent truth-table rows (gate library contract), and the
          // final states the model reports are valid rows for most reads.
          const finals = run.reads.map((m) => wires.map((w) => (m[model.indexOf(w)] > 0 ? 1 : 0)).join(''));
          const validKeys = new Set(validRows.map((r) => r.join('')));
          assert.ok(
            finals.filter((f) => validKeys.has(f)).length >= 6,
            `${name} ${mode} ${key}: final states ${finals}`,
          );
        }
      });
    }
  }
});

describe('the trace alone reproduces the run (everything an RTL testbench needs is in it)', () => {
  const model = randomSmallModel(12, 70, { density: 0.08, numClamped: 4 });
  const cases: [string, ScOptions][] = [
    ['xorshift64p dense, 3 reads', { cycles: 80, numReads: 3, seed: 2, noise: 2, trace: { reads: 3 } }],
    ['per-spin uniform', { cycles: 60, seed: 5, prng: 'per-spin', noiseKind: 'uniform', noise: 3, i0: 5, trace: true }],
    [
      'lfsr sparse, zero init',
      { cycles: 60, seed: 5, prng: 'lfsr', noiseKind: 'sparse', sparsity: 0.4, noise: 3, init: 'zero', trace: true },
    ],
    [
      'narrow wrapping field',
      { cycles: 60, seed: 1, noise: 3, fieldBits: 4, fieldOverflow: 'wrap', i0: 6, trace: true },
    ],
    [
      'chromatic update, 2 reads',
      { cycles: 60, numReads: 2, seed: 4, noise: 2, update: 'chromatic', trace: { reads: 2 } },
    ],
    [
      'chromatic update, per-spin uniform',
      {
        cycles: 60,
        seed: 6,
        prng: 'per-spin',
        noiseKind: 'uniform',
        noise: 3,
        i0: 5,
        update: 'chromatic',
        trace: true,
      },
    ],
  ];
  for (const [label, options] of cases) {
    it(label, () => {
      const lines = runSc(model, options).trace!;
      const r = replayScTrace(lines);
      assert.equal(r.mismatch, null, JSON.stringify(r.mismatch));
      assert.ok(r.states > 60);
    });
  }
  it('a corrupted trace is detected', () => {
    const lines = runSc(model, { cycles: 30, seed: 1, trace: true }).trace!;
    const k = lines.length - 5;
    const o = JSON.parse(lines[k]);
    const freeSpin = model.names.findIndex((_, i) => !model.clamp.has(i));
    o.m = spinsToHex(hexToSpins(o.m, model.n).map((s, i) => (i === freeSpin ? -s : s)));
    const bad = [...lines];
    bad[k] = JSON.stringify(o);
    assert.notEqual(replayScTrace(bad).mismatch, null);
  });
});

describe('sc chromatic update (docs §2.1)', () => {
  it('the phases partition the free spins into classes without internal couplings', () => {
    const model = randomSmallModel(21, 70, { density: 0.1, numClamped: 6 });
    const plan = planSc(model, { update: 'chromatic' });
    const seen = new Int32Array(model.n);
    plan.phases.forEach((ph, c) => {
      assert.ok(ph.length > 0);
      for (const i of ph) {
        seen[i]++;
        assert.equal(plan.colorOf![i], c);
        for (let p = plan.rowPtr[i]; p < plan.rowPtr[i + 1]; p++) {
          const j = plan.col[p];
          if (plan.clampOf[j] === 0) assert.notEqual(plan.colorOf![j], c, `spins ${i} and ${j} couple`);
        }
      }
    });
    for (let i = 0; i < model.n; i++) assert.equal(seen[i], plan.clampOf[i] === 0 ? 1 : 0);
    const sync = planSc(model, {});
    assert.equal(sync.phases.length, 1);
    assert.equal(sync.colorOf, null);
  });

  it('a ferromagnetic pair started anti-aligned without noise: synchronous swaps forever, chromatic aligns', () => {
    // J = 2 > 0 favours equal spins; from (+1, -1) both fields point at the other spin's value.
    const pair = new IsingModel(['a', 'b'], [0, 0], [[0, 1, 2]]);
    // init 'zero' puts both counters at 0 (+1); a clamp-free anti-aligned start needs 'random': search a seed.
    const options: ScOptions = { cycles: 12, noise: 0, i0: 1, numReads: 1, trace: true };
    let seed = 0;
    const first = (o: ScOptions) => JSON.parse(runSc(pair, { ...o, seed }).trace![2]).m as string;
    while (first(options) !== '1' && first(options) !== '2') seed++;
    const states = (o: ScOptions) =>
      runSc(pair, { ...o, seed })
        .trace!.slice(2)
        .map((l) => JSON.parse(l).m as string);
    const sync = states(options);
    for (let t = 1; t < sync.length; t++) assert.notEqual(sync[t], sync[t - 1], `synchronous swaps at cycle ${t}`);
    assert.ok(sync.every((m) => m === '1' || m === '2'));
    const chrom = states({ ...options, update: 'chromatic' });
    assert.ok(
      chrom.slice(1).every((m) => m === '0' || m === '3'),
      chrom.join(' '),
    );
  });

  it('info reports the phases and the clock cycles (one clock per phase); the packed kernel declines', () => {
    const model = randomSmallModel(22, 40, { density: 0.1 });
    const chrom = runSc(model, { cycles: 50, update: 'chromatic', valid: 'none' });
    assert.equal(chrom.kernel, 'scalar');
    const phases = chrom.plan.phases.length;
    assert.ok(phases >= 2);
    assert.equal(chrom.sampleSet.info.update, 'chromatic');
    assert.equal(chrom.sampleSet.info.phases, phases);
    assert.equal(chrom.sampleSet.info.clockCycles, 50 * phases);
    const sync = runSc(model, { cycles: 50, valid: 'none' });
    assert.equal(sync.sampleSet.info.clockCycles, 50);
    assert.throws(() => runSc(model, { cycles: 50, update: 'chromatic', valid: 'none' }, 'packed'), /update chromatic/);
    throwsParam(() => planSc(model, { update: 'random' as never }), 'update');
  });
});

/**
 * RTL export (issue 9): the generated Verilog parses, its PRNG modules equal lib/rng bit for bit, and the
 * whole design co-simulates bit-exactly with the SC simulator (lib/samplers/sc/) for small designs over
 * every PRNG, noise kind, field-overflow mode and init; a deliberately broken generator is caught with the
 * first differing cycle and spin. Needs Icarus Verilog: skipped with a message when absent locally, a
 * failure when CI=true (CI installs it, .ci/run).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { gate, gateToModel } from '../lib/logic';
import { GaloisLfsr32, Xorshift64p } from '../lib/rng';
import { compareTraces, cosimulate, hasTool, parseRtlTrace, simulatePrngRtl } from '../lib/hw/rtl-cosim';
import { rtlBenchDesign } from '../lib/hw/rtl-designs';
import { generateRtl, generateTestbench, seedWords } from '../lib/hw/rtl';
import { InvlogicError } from '../lib/errors';
import type { ScOptions } from '../lib/samplers/sc';

const HAVE_IVERILOG = hasTool('iverilog');
const skip = HAVE_IVERILOG
  ? false
  : 'iverilog not installed (Debian: apt-get install iverilog); RTL co-simulation tests skipped';

test('CI has Icarus Verilog (the co-simulation tests must not be skipped there)', () => {
  if (process.env.CI === 'true' || process.env.CI === '1')
    assert.ok(HAVE_IVERILOG, 'CI=true but iverilog is not on PATH (.ci/run installs it)');
});

test('generator: structure, widths and seeds come from the simulator plan', () => {
  const m = gateToModel(gate('FA'));
  const d = generateRtl(m, { cycles: 100, seed: 9, weightBits: 5, itanhBits: 6 });
  const v = d.files[d.rtlFile];
  assert.equal((v.match(/^ {2}invlogic_spin_gate #\(/gm) ?? []).length, 5, 'one spin gate per spin');
  assert.match(v, /module invlogic_top \(/);
  assert.match(v, /\.B\(6\)/);
  assert.equal(d.info.generators, 1);
  const tb = generateTestbench(d, { reads: 3 });
  const seeds = tb['seeds.memh'].trim().split('\n');
  assert.equal(seeds.length, 3, 'one 128-bit word per generator per read');
  // The seed words are the simulator's generator states (docs/sc-model.md §3.3), distinct per read.
  assert.deepEqual(seeds, seedWords(d.plan, 3));
  assert.equal(new Set(seeds).size, 3);
  assert.throws(() => generateRtl(m, {}, { top: '9bad' }), InvlogicError);
  assert.throws(() => generateRtl(m, {}, { fault: 'nope' as never }), /fault/);
  assert.throws(() => generateRtl(m, { weightBits: 1 }), /weightBits/);
});

test('compareTraces reports the first differing read, cycle and lowest spin', () => {
  const names = ['a', 'b', 'c', 'd', 'e'];
  const sim = [['1f', '0a', '0b', '0c']];
  assert.equal(compareTraces(sim, [['1f', '0a', '0b', '0c']], 5, names).firstDiff, null);
  const d = compareTraces(sim, [['1f', '0a', '09', '1c']], 5, names).firstDiff!;
  assert.deepEqual([d.read, d.t, d.spin, d.name, d.sim, d.rtl], [0, 2, 1, 'b', 1, -1]);
  const x = compareTraces(sim, [['1f', '0a', '0x']], 5, names).firstDiff!;
  assert.deepEqual([x.t, x.spin, x.rtl], [2, 0, 0], 'X digits count as a difference');
  const short = compareTraces(sim, [['1f', '0a']], 5, names);
  assert.equal(short.firstDiff!.t, 2);
  assert.equal(short.firstDiff!.rtlHex, '(missing)');
  assert.deepEqual(parseRtlTrace('read 0\n0 1f\n1 0a\nread 1\n0 03\n'), [['1f', '0a'], ['03']]);
});

test('Verilog xorshift64+ equals lib/rng Xorshift64p for 300 outputs', { skip }, () => {
  const g = Xorshift64p.fromSeed('rtl-prng', 3);
  const out = simulatePrngRtl('xorshift64p', g.state(), 300);
  assert.equal(out.length, 300);
  for (let k = 0; k < 300; k++) {
    g.next64();
    assert.equal(out[k], g.hi.toString(16).padStart(8, '0') + g.lo.toString(16).padStart(8, '0'), `output ${k}`);
  }
});

test('Verilog LFSR equals lib/rng GaloisLfsr32 (register after each shift) for 300 steps', { skip }, () => {
  const g = GaloisLfsr32.fromSeed('rtl-lfsr', 1);
  const out = simulatePrngRtl('lfsr32', [g.register], 300);
  for (let k = 0; k < 300; k++) {
    g.step();
    assert.equal(out[k], g.register.toString(16).padStart(8, '0'), `step ${k}`);
  }
});

const sawtooth = (to: number, iterations: number): ScOptions['i0'] => ({
  kind: 'sawtooth',
  ramp: { kind: 'geometric', from: 1, to },
  iterations,
});

const CASES: [string, string, ScOptions][] = [
  ['AND, xorshift64p, dense, sawtooth I0', 'and', { cycles: 2000, seed: 1, noise: 2, i0: sawtooth(8, 10) }],
  [
    'full adder, lfsr, sparse:0.25, zero init',
    'fa',
    { cycles: 1500, seed: 'x', prng: 'lfsr', noiseKind: 'sparse', sparsity: 0.25, init: 'zero', i0: sawtooth(16, 5) },
  ],
  [
    'full adder, per-spin, uniform, stepped noise',
    'fa',
    {
      cycles: 1500,
      seed: 2,
      prng: 'per-spin',
      noiseKind: 'uniform',
      resolutionBits: 5,
      noise: { kind: 'steps', values: [5, 3] },
    },
  ],
  [
    '2x2 multiplier backward, narrow saturating field',
    'mult2-bwd',
    { cycles: 1000, seed: 3, noise: 4, fieldBits: 4, i0: sawtooth(16, 4) },
  ],
  [
    '2x2 multiplier forward, wrapping field, 6-bit counter',
    'mult2-fwd',
    { cycles: 1000, seed: 4, noise: 3, fieldBits: 3, fieldOverflow: 'wrap', itanhBits: 6, i0: 8 },
  ],
  [
    '4x4 multiplier backward, two LFSR groups per lane (48 spins), sparse',
    'mult4-bwd',
    { cycles: 300, seed: 'z', prng: 'lfsr', noiseKind: 'sparse', noise: 4, i0: 8 },
  ],
  [
    'neuron training circuit, 2 inputs x 2 samples',
    'neuron2x2',
    { cycles: 600, seed: 5, noise: 2, i0: sawtooth(16, 3) },
  ],
];

for (const [title, name, opts] of CASES) {
  test(`co-simulation bit-exact: ${title}`, { skip }, () => {
    const d = rtlBenchDesign(name);
    const r = cosimulate(d.model, opts, { reads: 2 });
    assert.ok(r.ok, r.message);
    assert.equal(r.compared, 2 * (opts.cycles! + 1));
  });
}

test('co-simulation is not vacuous: the spins move and reads differ', { skip }, () => {
  const d = rtlBenchDesign('fa');
  const r = cosimulate(d.model, { cycles: 800, seed: 11, noise: 3, i0: 4 }, { reads: 2, keep: true });
  assert.ok(r.ok, r.message);
  const trace = parseRtlTrace(fs.readFileSync(`${r.dir}/rtl_trace.txt`, 'utf8'));
  fs.rmSync(r.dir!, { recursive: true, force: true });
  assert.ok(
    new Set(trace[0]).size >= 8,
    `the 5-spin adder should visit many states at I0 = 4, saw ${new Set(trace[0]).size}`,
  );
  assert.notDeepEqual(trace[0], trace[1]);
});

for (const fault of ['counter-clip-off-by-one', 'noise-sign-swap'] as const) {
  test(`a broken generator (${fault}) is caught at its first differing cycle and spin`, { skip }, () => {
    const d = rtlBenchDesign('fa');
    const opts: ScOptions = { cycles: 1000, seed: 6, noise: 2, i0: sawtooth(8, 5) };
    const r = cosimulate(d.model, opts, { reads: 1, rtl: { fault }, keep: true });
    assert.equal(r.ok, false, 'the fault must be detected');
    const diff = r.firstDiff!;
    assert.ok(diff.t >= 1 && diff.t <= opts.cycles!, `t = ${diff.t}`);
    assert.ok(diff.spin >= 0 && diff.spin < d.model.n);
    assert.equal(diff.name, d.model.names[diff.spin]);
    assert.notEqual(diff.sim, diff.rtl);
    assert.equal(r.compared, diff.t, 'every earlier state matched');
    assert.match(r.message, new RegExp(`cycle t = ${diff.t} spin ${diff.spin} '${diff.name}'`));
    // The reported spin is the lowest differing one in that state.
    const rtl = parseRtlTrace(fs.readFileSync(`${r.dir}/rtl_trace.txt`, 'utf8'))[0];
    fs.rmSync(r.dir!, { recursive: true, force: true });
    const a = parseInt(diff.simHex, 16) ^ parseInt(rtl[diff.t], 16);
    assert.equal(a & ((1 << diff.spin) - 1), 0);
    assert.equal((a >> diff.spin) & 1, 1);
  });
}

/**
 * The complete invertible trainer as RTL (issue 23): the generated trainer parses, and co-simulates bit for bit
 * with the library trainer on a reduced perceptron run (5x5, K = 8, 200 anneals, pocket) and a reduced BCNN
 * FC-layer run (3 class neurons, K = 16, 68 weight spins, 164 spins); every combine rule (majority, accumulate
 * with its prior field, sequential) matches; deliberately broken trainers (test doubles) are caught with the
 * first differing anneal, cycle and spin. Needs Icarus Verilog (skipped locally without it, CI installs it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { hasTool } from '../lib/hw/rtl-cosim';
import { buildTrainer, cosimulateTrainer, pm1Hex, resolveTrainerConfig } from '../lib/hw/rtl-trainer-cosim';
import { generateTrainerRtl } from '../lib/hw/rtl-trainer';
import { InvlogicError } from '../lib/errors';
import { HwStream, hwScheduleOf } from '../lib/bnn/hardware-streams';
import { IsingModel } from '../lib/ising';
import { RELATIVE_ANNEAL_DEFAULTS } from '../lib/samplers/autoscale';
import {
  MEASURED_TRAINERS,
  measuredDesignResources,
  trainerCalibration,
  trainerOverheadCycles,
} from '../lib/hw/estimator-trainer';

const skip = hasTool('iverilog') ? false : 'iverilog not installed (Debian: apt-get install iverilog)';
const SMALL = '{"base":"perceptron","trainRows":96,"epochs":2,"cycles":60}';

test('trainer config: named, JSON with a base, bad input named', () => {
  assert.equal(resolveTrainerConfig('perceptron').samplesPerBatch, 8);
  assert.equal(resolveTrainerConfig('bcnn-fc-ci', 7).seed, 7);
  assert.equal(resolveTrainerConfig(SMALL).trainRows, 96);
  assert.throws(() => resolveTrainerConfig('nope'), /--trainer: expected one of perceptron/);
  assert.throws(() => resolveTrainerConfig('{"base":"perceptron","colour":1}'), /colour/);
  assert.throws(() => resolveTrainerConfig('{"combine":"vote"}'), /trainer.combine/);
});

test('generator: geometry, tables and widths from the library run', async () => {
  const { design } = await buildTrainer(SMALL, 3);
  const i = design.info;
  assert.deepEqual([i.weights, i.samples, i.slackPerSample, i.spins, i.generators], [25, 8, 4, 57, 1]);
  assert.deepEqual(i.slackCoefficients, [1, 2, 4, 5]);
  assert.equal(i.anneals, 24, '2 epochs x floor(96 / 8) batches');
  assert.equal(design.record.anneals.length, 24);
  const v = design.files[design.rtlFile];
  assert.match(v, /^module invlogic_trainer \(/m);
  assert.equal((v.match(/^ +invlogic_field_cell #\(/gm) ?? []).length, 1, 'one generate loop of cells');
  assert.equal(design.files['trainer_order.memh'].trim().split('\n').length, 24 * 8, 'K row indices per anneal');
  assert.equal(design.files['trainer_seeds.memh'].trim().split('\n').length, 24, 'one generator state per anneal');
  assert.equal(design.files['trainer_rows.memh'].trim().split('\n').length, 96);
  assert.throws(() => generateTrainerRtl(design.record, { fault: 'nope' as never }), /fault/);
  assert.throws(() => generateTrainerRtl(design.record, { top: '9x' }), InvlogicError);
  assert.equal(pm1Hex([1, -1, 1, 1, -1]), '0d');
});

test('perceptron run (5x5, K = 8, 200 anneals, pocket): RTL equals the library bit for bit', { skip }, async () => {
  const { design } = await buildTrainer('perceptron-ci', 1);
  const r = cosimulateTrainer(design);
  assert.equal(r.match, true, r.message);
  assert.equal(r.anneals, 200);
  assert.equal(r.finalsCompared, 1);
  assert.equal(r.rtlCycles, design.info.totalCycles, 'the controller takes the clocks the cycle budget says');
});

test('reduced BCNN FC layer (3 class neurons, K = 16, 164 spins): RTL equals the library', { skip }, async () => {
  const { design } = await buildTrainer('bcnn-fc-ci', 1);
  assert.equal(design.info.neurons, 3);
  assert.equal(design.info.generators, 3);
  const r = cosimulateTrainer(design);
  assert.equal(r.match, true, r.message);
  assert.equal(r.anneals, 18);
  assert.equal(r.rtlCycles, design.info.totalCycles);
  assert.equal(r.finalsCompared, 3);
});

test('combine rules with the prior field on the next batch: accumulate and sequential match', { skip }, async () => {
  for (const extra of ['"combine":"accumulate","selection":"last"', '"combine":"sequential","bias":true']) {
    const { design } = await buildTrainer(`${SMALL.slice(0, -1)},${extra}}`, 3);
    const r = cosimulateTrainer(design);
    assert.equal(r.match, true, `${extra}: ${r.message}`);
    assert.equal(r.anneals, 24);
  }
});

test(
  'broken trainers (test doubles) are caught at the first anneal, cycle and spin that differ',
  { skip },
  async () => {
    const order = cosimulateTrainer((await buildTrainer(SMALL, 3, { fault: 'sample-order' })).design);
    assert.equal(order.match, false);
    assert.equal(order.firstDiff!.anneal, 0);
    assert.equal(order.firstDiff!.what, 'state');
    assert.ok(order.firstDiff!.cycle >= 1, 'the reset state is right, a later cycle differs');
    assert.ok(order.firstDiff!.spin >= 25, 'a slack spin differs first');
    assert.match(order.message, /MISMATCH anneal 0 .* cycle t = \d+, first spin \d+/);
    const tie = cosimulateTrainer((await buildTrainer(SMALL, 3, { fault: 'majority-tie' })).design);
    assert.equal(tie.match, false);
    assert.equal(tie.firstDiff!.what, 'combined', 'the anneals agree, the vote does not');
    assert.ok(tie.anneals >= 1);
  },
);

test('hardware streams (library option): shuffle, generator states and schedule as specified', () => {
  const s = new HwStream(1n);
  // xorshift64 (13, 7, 17) from 1: the first outputs, computed by hand from the recurrence.
  let x = 1n;
  const M = (1n << 64n) - 1n;
  for (let k = 0; k < 5; k++) {
    x ^= (x << 13n) & M;
    x ^= x >> 7n;
    x ^= (x << 17n) & M;
    assert.equal(s.next(), x);
  }
  const t = HwStream.fromSeed(5);
  const counts = new Int32Array(7);
  for (let k = 0; k < 7000; k++) counts[t.upTo(6)]++;
  assert.ok(
    counts.every((c) => c > 850 && c < 1150),
    `upTo(6) about uniform: ${counts.join(' ')}`,
  );
  const a = Int32Array.from({ length: 50 }, (_, i) => i);
  HwStream.fromSeed(3).shuffle(a);
  assert.deepEqual(
    Array.from(a).sort((p, q) => p - q),
    Array.from({ length: 50 }, (_, i) => i),
    'a permutation',
  );
  assert.notDeepEqual(
    Array.from(a),
    Array.from({ length: 50 }, (_, i) => i),
  );
  for (const st of HwStream.fromSeed(9).scStates(3)) assert.ok(st.some((w) => w !== 0) && st.every((w) => w >= 0));
});

test(
  'hardware streams: the RTL computes order, seeds and schedule and matches the library; faults are caught',
  { skip },
  async () => {
    const spec = `${SMALL.slice(0, -1)},"streams":"hardware"}`;
    const { design } = await buildTrainer(spec, 2);
    assert.equal(design.info.streams, 'hardware');
    assert.deepEqual(
      Object.keys(design.files).sort(),
      ['invlogic_trainer.v', 'trainer_rows.memh'],
      'memory: the data only',
    );
    assert.deepEqual(Object.keys(design.info.memoryBits), ['rows', 'orderRam']);
    const r = cosimulateTrainer(design);
    assert.equal(r.match, true, r.message);
    assert.equal(r.anneals, 24);
    assert.equal(r.rtlCycles, design.info.totalCycles, 'cycle budget incl. the data-dependent shuffle draws');
    assert.equal(
      trainerOverheadCycles(design.info.samples, design.info.spins, design.info.rows, 'hardware'),
      design.info.overheadCyclesPerBatch,
      'the estimator counts the controller clocks of the hardware-stream RTL',
    );
    const fc = (await buildTrainer('bcnn-fc-ci-hw', 1)).design;
    const rf = cosimulateTrainer(fc);
    assert.equal(rf.match, true, rf.message);
    assert.equal(rf.anneals, 18);
    assert.equal(rf.finalsCompared, 3);
    const swap = cosimulateTrainer((await buildTrainer(spec, 2, { fault: 'seed-swap' })).design);
    // out = s0 + s1 is symmetric: the reset draw agrees, the first step (s1' from s0) does not.
    assert.equal(swap.match, false);
    assert.deepEqual([swap.firstDiff!.anneal, swap.firstDiff!.what, swap.firstDiff!.cycle], [0, 'state', 1]);
    const mask = cosimulateTrainer((await buildTrainer(spec, 2, { fault: 'shuffle-mask' })).design);
    assert.equal(mask.match, false, 'a short shuffle mask loads other rows');
    assert.equal(mask.firstDiff!.anneal, 0);
    const lib = (await buildTrainer(SMALL, 3)).design.record;
    assert.throws(() => generateTrainerRtl(lib, { fault: 'seed-swap' }), /needs a trainer with streams 'hardware'/);
  },
);

test('hardware streams: unsupported settings are named', () => {
  const model = new IsingModel(['a', 'b'], [1, 0], [[0, 1, 2]]);
  assert.throws(() => hwScheduleOf(model, { ...RELATIVE_ANNEAL_DEFAULTS, iterations: 2 }), /iterations must be 1/);
  assert.throws(() => hwScheduleOf(model, { ...RELATIVE_ANNEAL_DEFAULTS, cycles: 5 }), /at least 8 cycles/);
  const h = hwScheduleOf(model, RELATIVE_ANNEAL_DEFAULTS);
  assert.equal(h.noise.length, 8);
  assert.equal(h.noise[7], 0, 'noise ramps to noiseTo = 0');
  assert.throws(() => resolveTrainerConfig('{"base":"perceptron","streams":"fast"}'), /trainer.streams/);
});

test('invlogic rtl --trainer prints JSON with cosim.match and cosim.anneals; bad input is one line', { skip }, () => {
  const root = path.join(__dirname, '..');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtl-trainer-cli-'));
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'bin/invlogic.js'), ...args], { encoding: 'utf8', cwd: root });
  try {
    let r = cli(['rtl', '--trainer', 'nope', '--out', dir]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--trainer: expected one of perceptron/);
    r = cli(['rtl', '--trainer', 'perceptron', '--seed', 'abc', '--out', dir]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--seed/);
    r = cli(['rtl', '--trainer', SMALL, '--seed', '2', '--out', dir, '--cosim', 'iverilog']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { cosim: { match: boolean; anneals: number }; info: { spins: number } };
    assert.equal(out.cosim.match, true);
    assert.equal(out.cosim.anneals, 24);
    assert.equal(out.info.spins, 57);
    assert.ok(fs.existsSync(path.join(dir, 'trainer.json')) && fs.existsSync(path.join(dir, 'invlogic_trainer.v')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('estimator calibration: reproduces the measured perceptron design; controller cycles equal the generated RTL', async () => {
  const cal = trainerCalibration()!;
  assert.ok(cal !== null && cal.designs.includes('perceptron'));
  const d = MEASURED_TRAINERS.find((x) => x.name === 'perceptron')!;
  const circuit = {
    spins: d.spins,
    couplings: 0,
    itanhBits: d.itanhBits,
    weightBits: 7,
    samplesPerBatch: d.samples,
    weightSpins: d.weights,
    weightCouplings: 0,
    trainingSamples: d.rows,
    bitsPerSample: d.bitsPerSample,
  };
  const m = measuredDesignResources(circuit, d.anneals, d.cyclesPerAnneal, true, cal);
  // Exact with one or two measured designs (two unknowns per resource); the BRAM packing is pooled.
  assert.ok(Math.abs(m.luts - d.luts) <= 0.01 * d.luts, `LUT ${m.luts} vs measured ${d.luts}`);
  assert.ok(Math.abs(m.ffs - d.ffs) <= 0.01 * d.ffs, `FF ${m.ffs} vs measured ${d.ffs}`);
  assert.ok(Math.abs(m.bram36 - d.bram36) <= 0.1 * d.bram36, `BRAM36 ${m.bram36} vs measured ${d.bram36}`);
  // Hardware streams: fitted on their own two designs, so exact on both; memory = data + order RAM.
  const hcal = trainerCalibration(undefined, 'hardware')!;
  assert.deepEqual(hcal.designs, ['perceptron-hw', 'bcnn-fc-hw']);
  for (const h of MEASURED_TRAINERS.filter((x) => x.streams === 'hardware')) {
    const hm = measuredDesignResources(
      {
        ...circuit,
        spins: h.spins,
        samplesPerBatch: h.samples,
        weightSpins: h.weights,
        bitsPerSample: h.bitsPerSample,
      },
      h.anneals,
      h.cyclesPerAnneal,
      false,
      hcal,
      'hardware',
    );
    assert.ok(Math.abs(hm.luts - h.luts) <= 0.01 * h.luts, `${h.name}: LUT ${hm.luts} vs ${h.luts}`);
    assert.ok(Math.abs(hm.ffs - h.ffs) <= 0.01 * h.ffs, `${h.name}: FF ${hm.ffs} vs ${h.ffs}`);
    assert.ok(hm.bram36 <= 10, `${h.name}: no host tables, ${hm.bram36} BRAM36`);
  }
  for (const extra of ['"selection":"pocket"', '"selection":"last"']) {
    const { design } = await buildTrainer(`${SMALL.slice(0, -1)},${extra}}`, 1);
    const pocket = extra.includes('pocket');
    assert.equal(
      trainerOverheadCycles(design.info.samples, design.info.spins, pocket ? design.info.rows : 0),
      design.info.overheadCyclesPerBatch,
    );
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InvlogicError } from '../lib/errors';
import { runTraining, type RunConfig } from '../lib/bnn';
import { runCli } from './helpers/cli';
import {
  FPGA_DEVICES,
  RESOURCE_CALIBRATIONS,
  SMITHSON_TABLE3_POINTS,
  YOSYS_XC7_POINTS,
  baselineTimeToAccuracy,
  checkFits,
  circuitOfRun,
  circuitWithSamples,
  estimateResources,
  estimateTraining,
  fitResourceCalibration,
  maxParallelSamples,
  parseEstimateInput,
  predictCalibrationPoint,
  sensitivity,
  type RunInput,
} from '../lib/hw';
import { rtlBenchDesign } from '../lib/hw/rtl-designs';

/** A synthetic invertible run in the shape `invlogic train` prints (fields the estimator reads). */
function invRun(over: Partial<RunInput> = {}): RunInput {
  return {
    name: 'perceptron-5x5',
    kind: 'neuron',
    method: 'invertible-threshold',
    trainAccuracy: 0.98,
    testAccuracy: 0.97,
    data: { size: 5, classes: [0, 1], trainPerClass: 400 },
    options: { samplesPerBatch: 8 },
    hardware: { spins: 57, couplings: 1148, cycles: 400_000 },
    info: { anneals: 400, stepUnit: 'clock cycles', itanhBits: 13, weightBits: 7, circuit: 'threshold' },
    ...over,
  };
}

function bpRun(over: Partial<RunInput> = {}): RunInput {
  return {
    name: 'perceptron-5x5',
    kind: 'neuron',
    method: 'backprop',
    trainAccuracy: 0.99,
    testAccuracy: 0.98,
    wallTimeS: 3,
    history: [
      { epoch: 1, trainAccuracy: 0.9, testAccuracy: 0.9, timeS: 1, cpuTimeS: 0.5 },
      { epoch: 2, trainAccuracy: 0.97, testAccuracy: 0.975, timeS: 2, cpuTimeS: 1.0 },
      { epoch: 3, trainAccuracy: 0.99, testAccuracy: 0.98, timeS: 3, cpuTimeS: 1.5 },
    ],
    ...over,
  };
}

test('calibration: the smithson-xcku040 model reproduces Smithson Table 3 within 15% LUT and 2% FF', () => {
  const cal = RESOURCE_CALIBRATIONS['smithson-xcku040'];
  for (const p of SMITHSON_TABLE3_POINTS) {
    const q = predictCalibrationPoint(p, cal);
    assert.ok(Math.abs(q.luts - p.luts) / p.luts <= 0.15, `${p.design}: ${q.luts} LUT vs published ${p.luts}`);
    assert.ok(Math.abs(q.ffs - p.ffs) / p.ffs <= 0.02, `${p.design}: ${q.ffs} FF vs published ${p.ffs}`);
  }
  assert.ok(cal.maxRelativeError.luts <= 0.15 && cal.maxRelativeError.ffs <= 0.02);
  // Every fitted coefficient is non-negative (a physical per-element cost).
  for (const k of ['lutPerSpin', 'lutPerCouplingEnd', 'lutControl', 'ffPerSpinExtra', 'ffControl'] as const)
    assert.ok(cal[k] >= 0, `${k} = ${cal[k]}`);
});

test('calibration: the yosys-xc7 model reproduces our synthesised circuits within 3% LUT and 1% FF', () => {
  const cal = RESOURCE_CALIBRATIONS['yosys-xc7'];
  for (const p of YOSYS_XC7_POINTS) {
    const q = predictCalibrationPoint(p, cal);
    assert.ok(Math.abs(q.luts - p.luts) / p.luts <= 0.03, `${p.design}: ${q.luts} LUT vs yosys ${p.luts}`);
    assert.ok(Math.abs(q.ffs - p.ffs) / p.ffs <= 0.01, `${p.design}: ${q.ffs} FF vs yosys ${p.ffs}`);
  }
});

test('calibration points: coupling counts are those of our gate-library circuits', () => {
  for (const p of [...SMITHSON_TABLE3_POINTS, ...YOSYS_XC7_POINTS.filter((q) => !q.design.startsWith('neuron'))]) {
    const m = rtlBenchDesign(p.design).model;
    assert.equal(m.n, p.spins, p.design);
    assert.equal(m.numEdges, p.couplings, p.design);
  }
});

test('fit: recovers known coefficients from exact synthetic points', () => {
  const truth = { lutPerSpin: 20, lutPerCouplingEnd: 7, lutControl: 100, ffExtra: 2, ffControl: 50 };
  const pts = [
    [3, 3],
    [5, 10],
    [16, 36],
    [128, 316],
  ].map(([spins, couplings]) => ({
    design: `s${spins}`,
    spins,
    couplings,
    luts:
      truth.lutPerSpin * spins +
      truth.lutPerCouplingEnd * 2 * couplings +
      truth.lutControl +
      128 * Math.ceil(spins / 64),
    ffs: spins * (8 + truth.ffExtra) + truth.ffControl + 128 * Math.ceil(spins / 64),
    itanhBits: 8,
    weightBits: 5,
    source: 'synthetic',
  }));
  const cal = fitResourceCalibration('synthetic', pts, { source: 'test' });
  assert.ok(Math.abs(cal.lutPerSpin - 20) < 1e-6 && Math.abs(cal.lutPerCouplingEnd - 7) < 1e-6);
  assert.ok(Math.abs(cal.lutControl - 100) < 1e-4 && Math.abs(cal.ffPerSpinExtra - 2) < 1e-6);
  assert.ok(cal.maxRelativeError.luts < 1e-9 && cal.maxRelativeError.ffs < 1e-9);
});

test('energy = power x time on both sides; energy ratio = speed-up x power ratio', () => {
  const e = estimateTraining(parseEstimateInput(invRun(), bpRun()));
  assert.ok(Math.abs(e.fpga.energyJ - e.fpga.power.totalW * e.fpga.timeS) <= 1e-12 * e.fpga.energyJ);
  assert.ok(Math.abs(e.cpu.energyJ - e.cpu.powerW * e.cpu.time.timeS) <= 1e-12 * e.cpu.energyJ);
  assert.ok(Math.abs(e.asic65nm.energyJ - e.asic65nm.powerW * e.asic65nm.timeS) <= 1e-12 * e.asic65nm.energyJ);
  const r = e.ratios;
  assert.ok(Math.abs(r.energyEfficiency - r.speedup * r.powerRatio) <= 1e-9 * r.energyEfficiency);
  assert.equal(e.fpga.power.totalW, e.fpga.power.staticW + e.fpga.power.dynamicW);
  // Time is cycles / clock: the simulated cycles are used as given.
  assert.equal(e.invertible.cycles, 400_000);
  assert.ok(Math.abs(e.fpga.timeS - (400_000 + e.invertible.loadCycles) / 100e6) < 1e-15);
});

test('ratios scale as the model says: clock, cycles, CPU power, static power', () => {
  const input = parseEstimateInput(invRun(), bpRun());
  const base = estimateTraining(input, { includeLoadCycles: false });
  const fast = estimateTraining(input, { includeLoadCycles: false, clockHz: 200e6 });
  assert.ok(Math.abs(fast.ratios.speedup / base.ratios.speedup - 2) < 1e-9);
  const slow = estimateTraining(input, { includeLoadCycles: false, cyclesScale: 10 });
  assert.ok(Math.abs(base.ratios.speedup / slow.ratios.speedup - 10) < 1e-9);
  const cpu = estimateTraining(input, { includeLoadCycles: false, cpuPowerW: 2 * base.cpu.powerW });
  assert.ok(Math.abs(cpu.ratios.energyEfficiency / base.ratios.energyEfficiency - 2) < 1e-9);
  assert.equal(cpu.ratios.speedup, base.ratios.speedup);
  // Elasticities: speed-up ~ clock^1, ~ cycles^-1; energy ratio ~ cpuPower^1; static-power elasticity is
  // minus the static share of FPGA power.
  const s = sensitivity(input, { includeLoadCycles: false });
  const get = (p: string) => s.find((r) => r.parameter === p)!;
  assert.ok(Math.abs(get('clockHz').speedupElasticity! - 1) < 1e-6);
  assert.ok(Math.abs(get('cyclesScale').speedupElasticity! + 1) < 1e-6);
  assert.ok(Math.abs(get('cpuPowerW').energyElasticity! - 1) < 1e-6);
  const share = base.fpga.power.staticW / base.fpga.power.totalW;
  assert.ok(Math.abs(get('staticPowerW').energyElasticity! + share) < 1e-3);
});

test('device capacity: a circuit that does not fit is rejected, naming the resource and the capacity', () => {
  const dev = FPGA_DEVICES.xc7k325t;
  const cal = RESOURCE_CALIBRATIONS['smithson-xcku040'];
  const huge = circuitWithSamples(circuitOfRun(invRun()), 4096);
  const r = estimateResources(huge, cal);
  assert.ok(r.luts > dev.luts);
  assert.throws(
    () => checkFits(r, dev),
    (e: unknown) =>
      e instanceof InvlogicError &&
      /LUTs/.test(e.message) &&
      e.message.includes('203,800') &&
      /XC7K325T/.test(e.message),
  );
  // Through the estimate: K = 4096 samples per circuit.
  assert.throws(
    () =>
      estimateTraining(parseEstimateInput(invRun({ options: { samplesPerBatch: 8 } }), bpRun()), {
        parallelCircuits: 100,
      }),
    (e: unknown) => e instanceof InvlogicError && /needs .* LUTs but XC7K325T has 203,800/.test(e.message),
  );
  // A run whose circuit is too large: the error also names the largest K that fits.
  const big = invRun({
    options: { samplesPerBatch: 512 },
    hardware: { spins: 25 + 512 * 4, couplings: 300 + 512 * 106, cycles: 1000 },
  });
  assert.throws(
    () => estimateTraining(parseEstimateInput(big, bpRun())),
    (e: unknown) =>
      e instanceof InvlogicError && /LUTs but XC7K325T has 203,800; K <= \d+ samples per circuit fits/.test(e.message),
  );
  // The largest K that fits fits, K + 1 does not.
  const c = circuitOfRun(invRun());
  const k = maxParallelSamples(c, cal, dev);
  assert.ok(k >= 1);
  assert.doesNotThrow(() => checkFits(estimateResources(circuitWithSamples(c, k), cal), dev));
  assert.throws(() => checkFits(estimateResources(circuitWithSamples(c, k + 1), cal), dev), InvlogicError);
  // A larger device holds at least as many.
  assert.ok(maxParallelSamples(c, cal, FPGA_DEVICES.xcku040) >= k);
});

test('baseline time: first epoch reaching the invertible accuracy, CPU time preferred', () => {
  const b = bpRun();
  const t = baselineTimeToAccuracy(b, 0.975, 'cpu');
  assert.deepEqual([t.timeS, t.kind, t.epoch, t.reachedTarget], [1.0, 'cpu', 2, true]);
  assert.equal(baselineTimeToAccuracy(b, 0.975, 'wall').timeS, 2);
  const never = baselineTimeToAccuracy(b, 0.995, 'cpu');
  assert.equal(never.reachedTarget, false);
  assert.equal(never.timeS, 1.5); // time to its own best accuracy
  // No per-epoch CPU time: total CPU time scaled by the wall fraction.
  const noCpu = bpRun({ history: b.history!.map(({ cpuTimeS: _c, ...r }) => r), info: { cpuTimeS: 0.6 } });
  const s = baselineTimeToAccuracy(noCpu, 0.975, 'cpu');
  assert.equal(s.kind, 'cpu-scaled');
  assert.ok(Math.abs(s.timeS - 0.4) < 1e-12);
  assert.equal(baselineTimeToAccuracy(bpRun({ history: noCpu.history }), 0.975, 'cpu').kind, 'wall');
});

test('bad input: one-line InvlogicErrors naming the field', () => {
  const bad: [unknown, unknown, RegExp][] = [
    [{ a: 1 }, undefined, /--run without --baseline must be .*"invertible" is missing/],
    [invRun({ hardware: undefined }), bpRun(), /hardware is missing/],
    [invRun({ info: { stepUnit: 'sweeps' } }), bpRun(), /not SC clock cycles/],
    [invRun({ hardware: { spins: 10, couplings: 5, cycles: NaN } }), bpRun(), /cycles must be a positive/],
    [invRun(), invRun(), /baseline must be a CPU method/],
    [invRun(), bpRun({ history: [] }), /non-empty array/],
  ];
  for (const [a, b, re] of bad)
    assert.throws(
      () => parseEstimateInput(a, b),
      (e: unknown) => e instanceof InvlogicError && re.test(e.message) && !e.message.includes('\n'),
    );
  const input = parseEstimateInput({ invertible: invRun(), backprop: bpRun() });
  assert.throws(() => estimateTraining(input, { clockHz: NaN }), /clockHz/);
  assert.throws(() => estimateTraining(input, { device: 'xc9' as string }), /device/);
  assert.throws(() => estimateTraining(input, { bogus: 1 } as never), /bogus/);
});

const cli = runCli;

test('invlogic estimate: real SC run and backprop run through the CLI (combined file and two flags)', async () => {
  const base: RunConfig = {
    kind: 'neuron',
    name: 'perceptron-5x5',
    description: 'test',
    data: { size: 5, threshold: 0.25, classes: [0, 1], trainPerClass: 60, testPerClass: 30, seed: 0 },
    bias: false,
    method: 'invertible-threshold',
    methodOptions: { epochs: 1, cycles: 200 },
    seed: 3,
  };
  const inv = (await runTraining(base)).summary;
  const bp = (await runTraining({ ...base, method: 'backprop-ste', methodOptions: { epochs: 5 } })).summary;
  assert.ok((inv.hardware?.cycles ?? 0) > 0);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invlogic-estimate-'));
  const j = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
  fs.writeFileSync(path.join(dir, 'both.json'), j({ invertible: inv, backprop: bp }));
  fs.writeFileSync(path.join(dir, 'inv.json'), j(inv));
  fs.writeFileSync(path.join(dir, 'bp.json'), j(bp));
  const a = await cli(['estimate', '--run', path.join(dir, 'both.json'), '--no-table']);
  assert.equal(a.code, 0, a.err);
  const ea = JSON.parse(a.out);
  assert.equal(ea.invertible.cycles, inv.hardware!.cycles);
  assert.ok(ea.ratios.speedup > 0 && ea.ratios.energyEfficiency > 0);
  // stdout is not a terminal here: JSON only unless --table.
  const plain = await cli(['estimate', '--run', path.join(dir, 'both.json')]);
  assert.equal(plain.code, 0, plain.err);
  assert.equal(plain.out.trimEnd().split('\n').length, 1);
  assert.deepEqual(JSON.parse(plain.out), ea);
  const b = await cli([
    'estimate',
    '--run',
    path.join(dir, 'inv.json'),
    '--baseline',
    path.join(dir, 'bp.json'),
    '--device',
    'xcku040',
    '--sensitivity',
    '--table',
  ]);
  assert.equal(b.code, 0, b.err);
  const eb = JSON.parse(b.out.split('\n')[0]);
  assert.equal(eb.fpga.device, 'XCKU040');
  assert.ok(Array.isArray(eb.sensitivity) && eb.sensitivity.length === 7);
  assert.match(b.out, /energy efficiency .*paper ~134x/);
  // Bad input: exit 2, one line.
  const c = await cli(['estimate', '--run', path.join(dir, 'inv.json')]);
  assert.equal(c.code, 2);
  assert.equal(c.err.trim().split('\n').length, 1);
  assert.match(c.err, /--baseline/);
});

/**
 * Issue 23, the headline method's conv circuit as RTL: one conv batch circuit of `invertible-codes`
 * (paper-bcnn-2class, pooled examples with label codes, four conv units per example into a clamped OR) exported
 * by the spin-array generator, co-simulated every cycle and spin against the SC simulator; a broken spin gate is
 * caught. Needs Icarus Verilog (skipped locally without it, CI installs it).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codesConvCircuit } from '../experiments/rtl-codes';
import { cosimulate, hasTool } from '../lib/hw/rtl-cosim';
import { buildTrainer, cosimulateTrainer } from '../lib/hw/rtl-trainer-cosim';

const skip = hasTool('iverilog') ? false : 'iverilog not installed (Debian: apt-get install iverilog)';

test('conv circuit of invertible-codes: geometry of the headline run', () => {
  const c = codesConvCircuit({ samples: 2, cycles: 100 });
  assert.equal(c.info.weights, 9 + 8, '3x3 kernel + 8 conv bias spins');
  assert.ok(c.info.targets.includes(1) && c.info.targets.includes(-1), 'both targets in the first two examples');
  assert.equal(c.model.clamp.get(c.model.indexOf('one')), 1, 'the OR constant is a clamped spin');
  assert.throws(() => codesConvCircuit({ channel: 4 }), /channel/);
});

test(
  'conv circuit of invertible-codes (K = 2, 100 cycles): RTL equals the SC simulator; a broken gate is caught',
  { skip },
  () => {
    const c = codesConvCircuit({ samples: 2, cycles: 100 });
    const r = cosimulate(c.model, { ...c.scOptions, numReads: 1 }, { reads: 1 });
    assert.equal(r.ok, true, r.message);
    assert.equal(r.compared, 101);
    const bad = cosimulate(c.model, { ...c.scOptions, numReads: 1 }, { reads: 1, rtl: { fault: 'noise-sign-swap' } });
    assert.equal(bad.ok, false);
    assert.match(bad.message, /MISMATCH read 0 cycle t = \d+ spin \d+/);
  },
);

test(
  'conv trainer of invertible-codes (2 channels, K = 8 pooled examples, 194 spins, accumulate + prior): RTL equals the library; faults are caught',
  { skip },
  async () => {
    const { design } = await buildTrainer('codes-conv-ci', 1);
    assert.equal(design.info.spins, 194);
    assert.equal(design.info.neurons, 2, 'two conv channels in turn');
    const r = cosimulateTrainer(design);
    assert.equal(r.match, true, r.message);
    assert.equal(r.anneals, 16);
    assert.equal(r.finalsCompared, 2);
    assert.equal(r.rtlCycles, design.info.totalCycles);
    const order = cosimulateTrainer((await buildTrainer('codes-conv-ci', 1, { fault: 'sample-order' })).design);
    assert.equal(order.match, false, 'OR term gated by the wrong example');
    assert.equal(order.firstDiff!.what, 'state');
    const tie = cosimulateTrainer((await buildTrainer('codes-conv-ci', 1, { fault: 'majority-tie' })).design);
    assert.equal(tie.match, false, 'counter sign with ties -1');
  },
);

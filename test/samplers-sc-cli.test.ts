/**
 * `invlogic sample --sampler sc`: the flags of cli/sc-flags.ts reach runSc unchanged (same SampleSet
 * as the library call), the trace file is written, and bad flag values fail with the flag named.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../cli/main';
import { modelToJson } from '../lib/ising';
import { arrayMultiplier } from '../lib/logic';
import { runSc } from '../lib/samplers/sc';
import { scOptionsFromFlags } from '../cli/sc-flags';
import { tempDir } from './helpers/tmp';
import { captureIO } from './helpers/cli';

const dir = tempDir('invlogic-sc-');
const mult = arrayMultiplier(4).toModel();
const modelFile = path.join(dir, 'mult4.json');
fs.writeFileSync(modelFile, JSON.stringify(modelToJson(mult)));
const clamp55 = Object.fromEntries(Array.from({ length: 8 }, (_, k) => [`p${k}`, (55 >> k) & 1 ? 1 : -1]));

describe('invlogic sample --sampler sc', () => {
  it('matches the library call, writes the trace, reports per-read cycle counts', async () => {
    const out = path.join(dir, 'out.json');
    const trace = path.join(dir, 'trace.jsonl');
    const argv = ['sample', modelFile, '--sampler', 'sc', '--cycles', '800', '--reads', '6', '--seed', '4'];
    for (const [k, v] of Object.entries(clamp55)) argv.push('--clamp', `${k}=${v}`);
    argv.push('--noise', '3', '--noise-kind', 'sparse:0.25', '--i0', '1:32', '--iters', '2', '--itanh-bits', '8');
    argv.push('--weight-bits', '4', '--prng', 'xorshift64p', '--trace', trace, '--ground-energy', '0', '--out', out);
    const io = captureIO();
    assert.equal(await main(argv, io), 0, io.err);
    const json = JSON.parse(fs.readFileSync(out, 'utf8'));
    const lib = runSc(mult.withClamp(clamp55), {
      numReads: 6,
      seed: 4,
      cycles: 800,
      noise: 3,
      noiseKind: 'sparse',
      sparsity: 0.25,
      i0: { kind: 'sawtooth', ramp: { kind: 'geometric', from: 1, to: 32 }, iterations: 2 },
      itanhBits: 8,
      weightBits: 4,
      valid: { groundEnergy: 0 },
    });
    assert.deepEqual(json.records, lib.sampleSet.toJSON().records);
    assert.deepEqual(
      json.info.cyclesToValid,
      lib.stats.map((s) => s.cyclesToValid),
    );
    assert.equal(json.info.sampler, 'sc');
    const lines = fs.readFileSync(trace, 'utf8').trim().split('\n');
    assert.equal(JSON.parse(lines[0]).format, 'invlogic-sc-trace/1');
    assert.equal(lines.length, 1 + 1 + 801);
  });
  it('parses --noise steps and schedules, --readout, --target', () => {
    assert.deepEqual(scOptionsFromFlags({ noise: '5,3' }).noise, { kind: 'steps', values: [5, 3] });
    assert.deepEqual(scOptionsFromFlags({ noise: 'linear:4:1' }).noise, { kind: 'linear', from: 4, to: 1 });
    assert.deepEqual(scOptionsFromFlags({ i0: '8' }).i0, 8);
    assert.deepEqual(scOptionsFromFlags({ readout: 'majority:50' }).readout, { kind: 'majority', window: 50 });
    assert.deepEqual(scOptionsFromFlags({ target: ['a0=1', 'a1=0'] }).valid, { target: { a0: 1, a1: 0 } });
  });
  for (const [flag, value] of [
    ['--noise-kind', 'sparse:2'],
    ['--noise', 'x'],
    ['--i0', '1:2:3'],
    ['--readout', 'median:3'],
    ['--prng', 'mt'],
    ['--itanh-bits', '40'],
  ]) {
    it(`rejects ${flag} ${value} naming the flag`, async () => {
      const io = captureIO();
      const code = await main(['sample', modelFile, '--sampler', 'sc', flag, value], io);
      assert.equal(code, 2);
      assert.match(io.err, new RegExp(flag.replace(/-/g, '\\-')));
    });
  }
  it('rejects a weight that does not fit --weight-bits, naming weightBits', async () => {
    const io = captureIO();
    const code = await main(['sample', modelFile, '--sampler', 'sc', '--weight-bits', '2'], io);
    assert.equal(code, 2);
    assert.match(io.err, /weightBits|biasBits/);
  });
});

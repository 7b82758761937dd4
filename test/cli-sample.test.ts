import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../cli/main';
import { IsingModel, modelToJson } from '../lib/ising';
import { exactSampler } from '../lib/samplers/exact';
import { getSamplerEntry, samplerNames } from '../lib/samplers/registry';
import { samplerSchemaFlags } from '../cli/option-flags';
import { tempDir } from './helpers/tmp';
import { captureIO } from './helpers/cli';

const dir = tempDir('invlogic-sample-');
const and = new IsingModel(
  ['A', 'B', 'Y'],
  [1, 1, -2],
  [
    [0, 1, -1],
    [0, 2, 2],
    [1, 2, 2],
  ],
);
const modelFile = path.join(dir, 'and.json');
fs.writeFileSync(modelFile, JSON.stringify(modelToJson(and)));

describe('invlogic sample', () => {
  it('prints the SampleSet of the exact sampler with clamps, identical to the library call', async () => {
    const out = path.join(dir, 'out.json');
    const io = captureIO();
    const args = [
      'sample',
      modelFile,
      '--clamp',
      'Y=0',
      '--reads',
      '300',
      '--sweeps',
      '20',
      '--beta',
      '2',
      '--seed',
      '7',
    ];
    assert.equal(await main([...args, '--out', out], io), 0, io.err);
    const json = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.deepEqual(Object.keys(json), ['variables', 'records', 'info']);
    const lib = exactSampler.sampleIsing(and.withClamp({ Y: -1 }), { numReads: 300, numSweeps: 20, beta: 2, seed: 7 });
    assert.deepEqual(json.records, lib.toJSON().records);
    for (const r of json.records) assert.equal(r.sample[2], -1);
    assert.equal(json.info.model, modelFile);
  });

  it('passes --schedule, --order and a text seed through', async () => {
    const out = path.join(dir, 'out2.json');
    const io = captureIO();
    const args = [
      'sample',
      modelFile,
      '--schedule',
      'linear:0:3',
      '--sweeps',
      '10',
      '--order',
      'chromatic',
      '--seed',
      'abc',
      '--reads',
      '50',
    ];
    assert.equal(await main([...args, '--out', out], io), 0, io.err);
    const json = JSON.parse(fs.readFileSync(out, 'utf8'));
    const lib = exactSampler.sampleIsing(and, {
      numReads: 50,
      numSweeps: 10,
      schedule: { kind: 'linear', from: 0, to: 3 },
      order: 'chromatic',
      seed: 'abc',
    });
    assert.deepEqual(json.records, lib.toJSON().records);
    assert.equal(json.info.betaLast, 3);
  });

  const bad: [string, string[], RegExp][] = [
    ['unknown flag', ['--bogus', '3'], /unknown flag --bogus/],
    ['beta with schedule', ['--beta', '1', '--schedule', '2'], /either --beta or --schedule/],
    ['unknown clamp', ['--clamp', 'Q=1'], /unknown spin "Q"/],
    ['clamp value', ['--clamp', 'A=2'], /--clamp/],
    ['bad schedule', ['--schedule', 'cosine:1'], /not a schedule/],
    ['unknown sampler', ['--sampler', 'quantum'], /--sampler must be one of/],
    ['bad order', ['--order', 'random'], /--order/],
    ['reads 0', ['--reads', '0'], /--reads/],
  ];
  for (const [name, extra, message] of bad) {
    it(`rejects ${name} with one line and exit 2`, async () => {
      const io = captureIO();
      assert.equal(await main(['sample', modelFile, ...extra], io), 2);
      assert.match(io.err, message);
      assert.equal(io.err.trim().split('\n').length, 1);
    });
  }
  it('rejects a missing or malformed model file', async () => {
    const io = captureIO();
    assert.equal(await main(['sample', path.join(dir, 'missing.json')], io), 2);
    assert.match(io.err, /cannot read/);
    const badFile = path.join(dir, 'bad.json');
    fs.writeFileSync(
      badFile,
      JSON.stringify({
        format: 'invlogic-ising/1',
        n: 2,
        names: ['a', 'b'],
        h: [0, 0],
        Jdense: [
          [0, 1],
          [2, 0],
        ],
      }),
    );
    const io2 = captureIO();
    assert.equal(await main(['sample', badFile], io2), 2);
    assert.match(io2.err, /asymmetric/);
  });
  it("rejects another sampler's flag when running exact", async () => {
    const other = samplerNames().find((n) => n !== 'exact');
    if (other === undefined) return; // only exact registered
    const exactFlags = new Set(Object.keys(samplerSchemaFlags(getSamplerEntry('exact').options)));
    const foreign = Object.entries(samplerSchemaFlags(getSamplerEntry(other).options)).find(
      ([name, f]) => !exactFlags.has(name) && f.type === 'int',
    );
    if (foreign === undefined) return;
    const io = captureIO();
    assert.equal(await main(['sample', modelFile, `--${foreign[0]}`, '1'], io), 2);
    assert.match(io.err, new RegExp(`--${foreign[0]} is a flag of sampler .*${other}.*, not of exact`));
  });
  it('the registry lists exact with its option schema, and its flags derive from it', () => {
    assert.ok(samplerNames().includes('exact'));
    const e = getSamplerEntry('exact');
    assert.deepEqual(Object.keys(e.options).sort(), ['beta', 'kernel', 'numSweeps', 'order']);
    assert.deepEqual(Object.keys(samplerSchemaFlags(e.options)).sort(), ['beta', 'kernel', 'order', 'sweeps']);
    assert.throws(() => getSamplerEntry('nope'), /sampler must be one of/);
  });
});

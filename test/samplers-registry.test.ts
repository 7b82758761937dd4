/**
 * Every registered sampler, reached through the registry as the CLI and the trainers reach it, keeps the
 * sampler contract (lib/samplers/types.ts): full spin vectors with the clamps held, record energies equal to
 * the model's, the requested number of reads, same seed same bits, another seed other bits. Its option schema
 * is well formed and gives flags that do not collide. A sampler with a field-scaled anneal (used by lib/bnn)
 * runs with those options. The law itself is checked per sampler: the Boltzmann law for the p-bit samplers
 * (test/helpers/sampler-conformance.ts, called from the file named in LAW_CHECKED_IN), the SC model bit for
 * bit against its literal reference. A newly registered sampler fails here until it is listed in LAW_CHECKED_IN.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { commonSamplerOptions, getSamplerEntry, samplerNames, scaledSamplerNames } from '../lib/samplers/registry';
import { RELATIVE_ANNEAL_DEFAULTS } from '../lib/samplers/autoscale';
import type { SamplerOptionSpec } from '../lib/samplers/options';
import { samplerFlags, samplerSchemaFlags } from '../cli/option-flags';
import { IsingModel } from '../lib/ising';
import { randomSmallModel } from './helpers/random-models';

/** Where each registered sampler's law is tested. */
const LAW_CHECKED_IN: Record<string, string> = {
  exact: 'samplers-exact.test.ts',
  packed: 'samplers-packed.test.ts',
  sc: 'samplers-sc.test.ts',
};

const COMMON_FLAGS = ['sampler', 'reads', 'seed', 'schedule', 'clamp', 'out'];

describe('the sampler registry', () => {
  it('names where the law of every registered sampler is tested', () => {
    for (const name of samplerNames()) {
      const file = LAW_CHECKED_IN[name];
      assert.ok(file, `sampler ${name}: add the test file that checks its law to LAW_CHECKED_IN`);
      assert.ok(fs.existsSync(path.join(__dirname, file)), `${file} exists`);
    }
  });

  it('option schemas are well formed and their flags do not collide with the common ones', () => {
    for (const name of samplerNames()) {
      const entry = getSamplerEntry(name);
      for (const [key, spec] of Object.entries(entry.options) as [string, SamplerOptionSpec][]) {
        assert.ok(spec.help.length > 0, `${name}.${key} has help`);
        if ((spec.type === 'int' || spec.type === 'number') && spec.default !== undefined) {
          assert.ok(
            spec.default >= (spec.min ?? -Infinity) && spec.default <= (spec.max ?? Infinity),
            `${name}.${key}`,
          );
          if (spec.type === 'int') assert.ok(Number.isInteger(spec.default), `${name}.${key} default is an integer`);
        }
        if (spec.type === 'string' && spec.choices && spec.default !== undefined)
          assert.ok(spec.choices.includes(spec.default), `${name}.${key} default is a choice`);
      }
      const flags = Object.keys(samplerSchemaFlags(entry.options));
      assert.equal(new Set(flags).size, flags.length, `${name}: flag names are unique`);
      for (const f of flags) assert.ok(!COMMON_FLAGS.includes(f), `${name}: --${f} is a common flag`);
    }
    // The merge of all samplers' flags succeeds (a flag two samplers share has one type).
    assert.doesNotThrow(() => samplerFlags(samplerNames().map((n) => getSamplerEntry(n))));
  });

  for (const name of samplerNames()) {
    it(`${name}: keeps the sampler contract through its registry entry`, () => {
      const { sampler } = getSamplerEntry(name);
      assert.equal(sampler.name, name);
      const model = randomSmallModel(31, 7, { numClamped: 2 });
      const clamps = model.clamp;
      const run = (seed: number) => sampler.sampleIsing(model, { numReads: 64, seed });
      const ss = run(3);
      assert.equal(ss.numReads, 64);
      assert.deepEqual(ss.variables, model.names);
      for (const r of ss.records) {
        assert.equal(r.sample.length, model.n);
        assert.ok(
          [...r.sample].every((s) => s === 1 || s === -1),
          'spins are +-1',
        );
        for (const [i, v] of clamps) assert.equal(r.sample[i], v, `clamped spin ${model.names[i]} holds`);
        assert.ok(Math.abs(r.energy - model.energy(r.sample)) < 1e-9, 'record energy = model energy');
      }
      assert.equal(JSON.stringify(run(3)), JSON.stringify(ss), 'same seed, same SampleSet');
      // On a model without fields every state is as likely, so another seed shows other samples.
      const flat = new IsingModel(model.names, new Array<number>(model.n).fill(0), [[0, 1, 1]]);
      const flatRun = (seed: number) => JSON.stringify(sampler.sampleIsing(flat, { numReads: 64, seed }).records);
      assert.notEqual(flatRun(4), flatRun(3), 'another seed, another SampleSet');
    });
  }

  for (const name of samplerNames()) {
    it(`${name}: takes the common vocabulary (numReads, seed, steps in its unit, schedule)`, () => {
      const entry = getSamplerEntry(name);
      const model = randomSmallModel(7, 5);
      const schedule = { kind: 'linear' as const, from: entry.schedule.of === 'I0' ? 2 : 0.1, to: 4 };
      const options = commonSamplerOptions(entry, { numReads: 16, seed: 2, steps: 24, schedule });
      assert.deepEqual(
        Object.keys(options).sort(),
        ['numReads', 'seed', entry.steps.option, entry.schedule.option].sort(),
      );
      const ss = entry.sampler.sampleIsing(model, options);
      assert.equal(ss.numReads, 16);
      assert.equal(ss.info[entry.steps.option], 24, `info.${entry.steps.option} = steps (${entry.steps.unit}s)`);
    });
  }

  for (const name of scaledSamplerNames()) {
    it(`${name}: anneals with its field-scaled options (the trainers' path)`, () => {
      const entry = getSamplerEntry(name);
      const model = randomSmallModel(5, 6);
      const options = { ...entry.scaled!(model, { ...RELATIVE_ANNEAL_DEFAULTS, cycles: 50 }), numReads: 8 };
      const a = entry.sampler.sampleIsing(model, { ...options, seed: 1 });
      assert.equal(a.numReads, 8);
      assert.equal(JSON.stringify(entry.sampler.sampleIsing(model, { ...options, seed: 1 })), JSON.stringify(a));
    });
  }
});

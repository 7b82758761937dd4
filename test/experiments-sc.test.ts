/**
 * The SC experiments (experiments/sc-factoring.ts, experiments/sc-ablations.ts) on tiny configs: their run
 * functions return consistent results, validation names bad fields, and the reports build.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvlogicError } from '../lib/errors';
import type { ResultRow } from '../lib/sweep';
import {
  distinctProducts,
  isSemiprime,
  randomGuessCycles,
  scFactoring,
  scFactoringReport,
  type ScFactoringConfig,
  type ScFactoringResult,
} from '../experiments/sc-factoring';
import { scAblations, scVsExact } from '../experiments/sc-ablations';

const row = <C extends object, R extends object>(config: C, result: R): ResultRow<C, R> => ({
  key: 'k',
  experiment: 'x',
  version: 1,
  config,
  result,
  timeS: 0,
  finishedAt: '',
});

describe('sc-factoring', () => {
  it('product sets match Smithson: 340 distinct 5-bit products, 66 products of two primes', () => {
    const all = distinctProducts(5);
    assert.equal(all.length, 340);
    assert.equal(all.filter((n) => isSemiprime(n, 5)).length, 66);
    assert.equal(randomGuessCycles(143, 4), 128); // 11 x 13 and 13 x 11 out of 256
    assert.equal(randomGuessCycles(0, 4), 256 / 31);
  });
  for (const scheme of ['sawtooth', 'smithson'] as const) {
    it(`${scheme}: every solved read found a factorisation of N`, async () => {
      const config: ScFactoringConfig = {
        ...scFactoring.defaults,
        scheme,
        inputBits: 4,
        product: 143,
        numReads: 4,
        maxCycles: 4000,
      };
      if (scheme === 'smithson') Object.assign(config, { noise: 5, noiseHigh: 11, i0To: 8, coefficientScale: 2 });
      scFactoring.validate!(config);
      const r = (await scFactoring.run(config, { key: 'k', quick: true })) as ScFactoringResult;
      assert.equal(r.cycles.length, 4);
      assert.equal(r.solved, r.cycles.filter((c) => c !== null).length);
      for (const f of r.factors) {
        const [a, b] = f.split('x').map(Number);
        assert.equal(a * b, 143);
      }
      assert.equal(r.semiprime, true);
      const report = scFactoringReport([row(config, r)], 'cmd');
      assert.equal(report.tables[0].rows.length, 2);
    });
  }
  it('rejects a product the multiplier cannot produce', () => {
    assert.throws(
      () => scFactoring.validate!({ ...scFactoring.defaults, inputBits: 4, product: 17 }),
      (e: unknown) => e instanceof InvlogicError && e.parameter === 'product',
    );
  });
});

describe('sc-ablations and sc-vs-exact', () => {
  it('ablation point on the backward full adder', async () => {
    const r = await scAblations.run(
      { ...scAblations.defaults, circuit: 'fa-bwd', numReads: 4, cycles: 400 },
      { key: 'k', quick: true },
    );
    assert.equal(r.solvedFraction, 1);
    assert.ok(r.validFraction > 0.3 && r.validFraction <= 1);
  });
  it('sc-vs-exact counts sum to numReads for both samplers', async () => {
    const c = { ...scVsExact.defaults, numReads: 200 };
    const r = await scVsExact.run(c, { key: 'k', quick: true });
    assert.equal(
      r.scCounts.reduce((a, b) => a + b, 0),
      200,
    );
    assert.equal(
      r.exactCounts.reduce((a, b) => a + b, 0),
      200,
    );
    assert.ok(Math.abs(r.boltzmann.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bcnnConfigOf, bcnnShapes, getMethod, resolveMethodOptions } from '../lib/bnn';
import { resolveMnistOptions } from '../lib/data';
import { RUN_CONFIGS, getRunConfig, runConfigNames } from '../experiments/configs';

test('every checked-in run configuration resolves: data options, method, method options, model', () => {
  assert.deepEqual(runConfigNames().sort(), [
    'bcnn-10class',
    'bcnn-10class-small',
    'bcnn-2class',
    'bcnn-2class-small',
    'paper-bcnn-10class',
    'paper-bcnn-2class',
    'perceptron-5x5',
  ]);
  for (const c of RUN_CONFIGS) {
    const data = resolveMnistOptions(c.data);
    const method = getMethod(c.kind, c.method);
    resolveMethodOptions(method, c.methodOptions);
    if (c.kind === 'bcnn')
      for (const [name, options] of Object.entries(c.methodOptionsFor ?? {}))
        resolveMethodOptions(getMethod('bcnn', name), options);
    if (c.kind === 'bcnn') {
      const config = bcnnConfigOf(c, data.size, data.classes.length);
      assert.ok(bcnnShapes(config).features > 0);
    } else {
      assert.equal(data.classes.length, 2, c.name);
    }
  }
  // The documented defaults (docs/bcnn.md).
  const ten = getRunConfig('bcnn-10class');
  assert.equal(ten.kind, 'bcnn');
  if (ten.kind === 'bcnn') {
    const s = bcnnShapes(bcnnConfigOf(ten, 10, 10));
    assert.equal(s.features, 128);
    assert.equal(s.binaryWeights, 72 + 1280);
  }
  // The 7x7 end-to-end models (docs/bcnn-invertible.md): 2 x 2 x 2 = 8 and 2 x 2 x 4 = 16 features.
  for (const [name, classes, features] of [
    ['bcnn-2class-small', 2, 8],
    ['bcnn-10class-small', 10, 16],
  ] as const) {
    const c = getRunConfig(name);
    if (c.kind === 'bcnn') assert.equal(bcnnShapes(bcnnConfigOf(c, 7, classes)).features, features, name);
  }
  assert.throws(() => getRunConfig('nope'), /known: .*bcnn-10class/);
});

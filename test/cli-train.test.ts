import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from './helpers/cli';
import { tempDir } from './helpers/tmp';

const cli = runCli;

test('invlogic train perceptron: JSON summary, --save, and eval of the saved weights agree', async () => {
  const dir = tempDir('invlogic-train-');
  const file = path.join(dir, 'p.json');
  const r = await cli([
    'train',
    'perceptron',
    '--method',
    'pocket',
    '--size',
    '5',
    '--classes',
    '0,1',
    '--train-per-class',
    '200',
    '--test-per-class',
    '50',
    '--epochs',
    '5',
    '--seed',
    '3',
    '--save',
    file,
    '--no-history',
  ]);
  assert.equal(r.code, 0, r.err);
  const s = JSON.parse(r.out);
  assert.equal(s.method, 'pocket');
  assert.equal(s.data.trainPerClass, 200);
  assert.equal(s.options.epochs, 5);
  assert.equal(s.history, undefined);
  assert.ok(s.trainAccuracy > 0.8);
  const e = await cli(['eval', file]);
  assert.equal(e.code, 0, e.err);
  const ev = JSON.parse(e.out);
  assert.equal(ev.train.accuracy, s.trainAccuracy);
  assert.equal(ev.test.accuracy, s.testAccuracy);
  assert.equal(ev.test.n, 100);
});

test('invlogic train bcnn with model flags; eval reproduces the accuracy from the saved invlogic-bcnn/1 file', async () => {
  const dir = tempDir('invlogic-train-');
  const file = path.join(dir, 'b.json');
  const r = await cli([
    'train',
    'bcnn',
    '--config',
    'bcnn-2class',
    '--channels',
    '2',
    '--size',
    '7',
    '--train-per-class',
    '100',
    '--test-per-class',
    '50',
    '--epochs',
    '2',
    '--seed',
    '1',
    '--save',
    file,
  ]);
  assert.equal(r.code, 0, r.err);
  const s = JSON.parse(r.out);
  assert.equal(s.model.channels, 2);
  assert.equal(s.model.inputSize, 7);
  assert.equal(s.history.length, 2);
  assert.ok(s.info.cpuTimeS >= 0);
  const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(saved.format, 'invlogic-bcnn/1');
  const e = await cli(['eval', file, '--split', 'test']);
  assert.equal(e.code, 0, e.err);
  assert.equal(JSON.parse(e.out).test.accuracy, s.testAccuracy);
});

test('invlogic train bcnn --config paper-bcnn-2class --method backprop takes the config baseline options (methodOptionsFor)', async () => {
  const r = await cli([
    'train',
    'bcnn',
    '--config',
    'paper-bcnn-2class',
    '--method',
    'backprop',
    '--size',
    '7',
    '--train-per-class',
    '60',
    '--test-per-class',
    '20',
    '--epochs',
    '2',
    '--seed',
    '1',
    '--no-history',
  ]);
  assert.equal(r.code, 0, r.err);
  const s = JSON.parse(r.out);
  assert.equal(s.method, 'backprop');
  assert.equal(s.options.epochs, 2); // the flag overrides methodOptionsFor.backprop.epochs (30)
  assert.equal(s.options.fcRetrainEpochs, 30); // from methodOptionsFor.backprop
  assert.equal(s.info.usesBackprop, true);
  assert.equal(s.model.channels, 4);
});

test('train/eval errors are one line with exit code 2', async () => {
  const cases: [string[], RegExp][] = [
    [['train', 'mlp'], /TARGET must be perceptron\|bcnn/],
    [['train', 'perceptron', '--method', 'nope'], /--method must be a perceptron method .*got 'nope'/],
    [
      ['train', 'perceptron', '--method', 'hebbian', '--epochs', '3'],
      /--epochs is an option of .*not of method hebbian/,
    ],
    [['train', 'perceptron', '--classes', '0,1,2', '--method', 'hebbian'], /exactly 2 classes/],
    [['train', 'bcnn', '--kernel', '12'], /--kernel \(model\.kernelSize\) must be an integer in \[1, 10\], got 12/],
    [['train', 'bcnn', '--config', 'perceptron-5x5'], /not bcnn/],
    [['train', 'perceptron', '--classes', 'a'], /--classes/],
    [['eval', '/nonexistent.json'], /cannot read/],
  ];
  for (const [argv, re] of cases) {
    const r = await cli(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, re, argv.join(' '));
    assert.equal(r.err.trim().split('\n').length, 1);
  }
});

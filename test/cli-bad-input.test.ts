/**
 * Table-driven bad-input suite over every command: each row is argv and what the message must name (the flag,
 * argument or field, and where it matters what was given). Every row must exit 2 with exactly one line on
 * stderr starting "invlogic: ", no stack trace and nothing on stdout (test/helpers/cli.ts). Rows run
 * in-process through main(argv), so the whole table costs well under a minute.
 *
 * A new command needs rows here: the last test fails until every command in cli/commands has some.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listCommands } from '../cli/main';
import { modelToJson } from '../lib/ising';
import { gate, gateToModel, gateTruthTable } from '../lib/logic';
import { badInputProblems, runCli } from './helpers/cli';
import { tempDir } from './helpers/tmp';

const dir = tempDir('invlogic-bad-input-');
const f = (name: string, content?: unknown): string => {
  const p = path.join(dir, name);
  if (content !== undefined) fs.writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};
const AND = f('and.json', modelToJson(gateToModel(gate('AND'))));
const TABLE = f('and-table.json', gateTruthTable(gate('AND')));
const NOTJSON = f('notjson.txt', 'NOTJSON');
const EMPTY = f('empty.json', '');
const OBJ = f('obj.json', { a: 1 });
const ARR = f('arr.json', [1, 2]);
const MISSING = f('missing.json');
const TEXT = f('notes.txt', 'my notes\n');
const MODEL_BASE = { format: 'invlogic-ising/1', n: 2, names: ['a', 'b'], h: [0, 0], J: [[0, 1, 1]] };
const model = (name: string, over: object): string => f(name, { ...MODEL_BASE, ...over });
const NSTR = model('n-string.json', { n: '2' });
const HSTR = model('h-string.json', { h: [0, '1'] });
const JIDX = model('j-index.json', { J: [[0, 5, 1]] });
const JSELF = model('j-self.json', { J: [[1, 1, 1]] });
const CLAMPSTR = model('clamp-string.json', { clamp: { a: 'x' } });
const BIG = model('big.json', { h: [1e308, 1e308] });
const TT_BAD = f('tt-bad.json', { inputs: ['A'], outputs: ['Y'], rows: [[0, 2]] });
const INV = {
  kind: 'neuron',
  method: 'invertible-threshold',
  trainAccuracy: 0.9,
  testAccuracy: 0.9,
  data: { size: 5, classes: [0, 1], trainPerClass: 10 },
  hardware: { spins: 10, couplings: 20, cycles: 1000 },
  info: { stepUnit: 'clock cycles' },
};
const RUN = f('inv.json', INV);
const RUN_NO_HW = f('inv-no-hw.json', { ...INV, hardware: undefined });
const RUN_CYCLES_STR = f('inv-cycles.json', { ...INV, hardware: { ...INV.hardware, cycles: '1000' } });
const BASE = f('bp.json', {
  ...INV,
  method: 'backprop',
  hardware: undefined,
  history: [{ trainAccuracy: 0.9, testAccuracy: 0.9, timeS: 1 }],
});
const BASE_BCNN = f('bp-bcnn.json', { ...INV, kind: 'bcnn', method: 'backprop', hardware: undefined, wallTimeS: 1 });
const BASE_HIST = f('bp-hist.json', { ...INV, method: 'backprop', hardware: undefined, history: [{ timeS: 'x' }] });
const WEIGHTS_NO_DATA = f('w-nodata.json', { format: 'invlogic-neuron/1' });
const WEIGHTS = f('w.json', {
  format: 'invlogic-neuron/1',
  meta: { data: { size: 5, classes: [0, 1], trainPerClass: 5, testPerClass: 5 } },
});
const CONFIG_NO_KIND = f('cfg-nokind.json', { name: 'x', method: 'pocket' });
const CONFIG_NO_DATA = f('cfg-nodata.json', { name: 'x', kind: 'neuron', method: 'pocket' });
const CONFIG_DATA = f('cfg-data.json', { name: 'x', kind: 'neuron', method: 'pocket', data: [1] });
const A_FILE = TEXT;

/** [argv, what stderr must contain or match] */
const ROWS: Array<[string[], string | RegExp]> = [
  // main
  [['nope'], "unknown command 'nope'"],
  [['sampel'], /did you mean 'sample'/],
  // version
  [['version', '--bogus'], '--bogus'],
  [['version', 'x'], "unexpected argument 'x'"],
  [['version', '--json=maybe'], '--json is a switch'],
  // gate
  [['gate'], 'missing argument NAME'],
  [['gate', 'NOPE'], 'unknown gate "NOPE"'],
  [['gate', 'AND', 'OR'], "unexpected argument 'OR'"],
  [['gate', 'AND', '--out', dir], /--out: cannot write .*it is a directory/],
  [['gate', 'AND', '--out', path.join(A_FILE, 'x.json')], /--out: cannot write .*not a directory/],
  // circuit
  [['circuit', 'nope'], /KIND must be one of .*got 'nope'/],
  [['circuit', 'adder'], 'needs --bits'],
  [['circuit', 'adder', '--bits', '40'], "--bits must be an integer in [1, 32], got '40'"],
  [['circuit', 'adder', '--inputs', '3'], '--inputs does not apply to circuit adder'],
  [['circuit', 'multiplier', '--bits', '1'], '--bits must be an integer in [2, 32] for a multiplier, got 1'],
  [['circuit', 'popcount', '--inputs', '4096'], '--inputs must be an integer in [2, 1024] for popcount, got 4096'],
  [['circuit', 'multiplier', '--bits', '20', '--table'], '--table: the multiplier has 40 input wires'],
  [['circuit', 'neuron', '--inputs', 'x'], "--inputs must be an integer in [1, 4096], got 'x'"],
  // compile
  [['compile'], 'missing argument TABLE'],
  [['compile', MISSING], /TABLE: cannot read .*missing\.json: no such file/],
  [['compile', NOTJSON], /TABLE: .*notjson\.txt is not valid JSON/],
  [['compile', TT_BAD], /rows\[0\]|row 0|0 or 1/],
  [['compile', TABLE, '--max-aux', '9'], "--max-aux must be an integer in [0, 4], got '9'"],
  [['compile', TABLE, '--upper-bound', NOTJSON], /--upper-bound: .*notjson\.txt is not valid JSON/],
  // verify
  [['verify', AND], 'missing argument TABLE'],
  [['verify', NOTJSON, TABLE], /MODEL: .*notjson\.txt is not valid JSON/],
  [['verify', AND, EMPTY], /TABLE: .*empty\.json is not valid JSON/],
  [['verify', BIG, TABLE], 'h and J too large'],
  [['verify', AND, TABLE, '--max-free-spins', '30'], "--max-free-spins must be an integer in [1, 26], got '30'"],
  [['verify', AND, TT_BAD], /rows\[0\]|row 0|0 or 1/],
  // sample
  [['sample'], 'missing argument MODEL'],
  [['sample', MISSING], /MODEL: cannot read .*missing\.json/],
  [['sample', dir], /MODEL: cannot read .*it is a directory/],
  [['sample', ARR], /expected a JSON object in format invlogic-ising\/1, got \[1,2\] \(an array\)/],
  [['sample', OBJ], 'unknown key "a"'],
  [['sample', NSTR], '"n" must equal the number of names (2), got "2" (a string)'],
  [['sample', HSTR], 'h[1] must be a finite number, got "1" (a string)'],
  [['sample', JIDX], 'J[0].j must be an integer spin index in [0, 1], got 5'],
  [['sample', JSELF], 'J[0] is a self coupling'],
  [['sample', CLAMPSTR], 'clamp.a must be 1 or -1, got "x" (a string)'],
  [['sample', BIG], 'h and J too large'],
  [['sample', AND, '--reads', '0'], "--reads must be an integer in [1, 10000000], got '0'"],
  [['sample', AND, '--sampler', 'nope'], '--sampler must be one of'],
  [['sample', AND, '--clamp', 'A'], "--clamp expects NAME=VALUE, got 'A'"],
  [['sample', AND, '--clamp', 'Q=1'], '--clamp: unknown spin "Q"'],
  [['sample', AND, '--schedule', 'foo'], '--schedule: "foo" is not a schedule'],
  [['sample', AND, '--schedule', 'linear:-5:-1'], '--schedule value -5'],
  [['sample', AND, '--sweeps', '5', '--sampler', 'sc'], '--sweeps is a flag of sampler'],
  [['sample', AND, '--sampler', 'sc', '--i0', '5:2'], '--i0 MIN:MAX needs MIN <= MAX'],
  [['sample', AND, '--sampler', 'sc', '--i0', '0:5'], '--i0: a geometric ramp needs from > 0'],
  [['sample', AND, '--sampler', 'sc', '--noise-kind', 'sparse:2'], '--noise-kind sparse:F needs F in [0, 1]'],
  [['sample', AND, '--sampler', 'sc', '--reads', '10000000'], /--reads 10000000 with --sampler sc keeps every read/],
  [['sample', AND, '--out', dir], /--out: cannot write .*it is a directory/],
  // bench
  [['bench', MISSING], 'MODEL: no such file'],
  [['bench', NOTJSON], /MODEL: .*notjson\.txt is not valid JSON/],
  [['bench', AND, '--problem', 'sparse'], 'give either MODEL or --problem'],
  [['bench', '--problem', 'nope'], "--problem must be one of sparse|lattice|multiplier|bcnn, got 'nope'"],
  [['bench', '--seconds', '0'], "--seconds must be a number in [0.01, 3600], got '0'"],
  [['bench', '--threads', '256'], /--threads must be at most \d+ \(4 per core/],
  [
    ['bench', '--problem', 'bcnn', '--replicas', '1048576'],
    /--replicas 1048576 x \d+ spins is over 134217728 .*at most \d+ replicas/,
  ],
  // rtl
  [['rtl'], 'missing required flag --out'],
  [['rtl', '--out', path.join(dir, 'rtl')], 'give either MODEL'],
  [['rtl', '--design', 'nope', '--out', path.join(dir, 'rtl')], "unknown design 'nope'"],
  [['rtl', '--design', 'and', '--out', path.join(dir, 'rtl'), '--synth', 'x'], '--synth flows must be among'],
  [['rtl', '--design', 'and', '--out', path.join(dir, 'rtl'), '--clamp', 'Z=1'], '--clamp: unknown spin "Z"'],
  [
    ['rtl', '--design', 'and', '--out', path.join(A_FILE, 'rtl')],
    /--out: cannot create or write directory .*not a directory/,
  ],
  [['rtl', BIG, '--out', path.join(dir, 'rtl')], 'h and J too large'],
  [
    ['rtl', '--design', 'rca999', '--out', path.join(dir, 'rtl')],
    '--design rca999: rca<N>: N must be in [1, 64], got 999',
  ],
  // merge
  // convert
  [['convert', AND], 'missing required flag --to'],
  [['convert', AND, '--to', 'xx'], "--to must be one of dimod|invlogic, got 'xx'"],
  [['convert', OBJ, '--to', 'dimod'], /IN: .*obj\.json is neither a model .* nor a SampleSet/],
  [['convert', MISSING, '--to', 'dimod'], /IN: cannot read .*missing\.json/],
  [['convert', NOTJSON, '--to', 'dimod'], /IN: .*notjson\.txt is not valid JSON/],
  // slurm
  [['slurm'], 'missing argument ACTION'],
  [['slurm', 'frob'], "ACTION must be submit or status, got 'frob'"],
  [['slurm', 'submit'], 'missing argument EXPERIMENT'],
  [['slurm', 'submit', 'nope'], "unknown experiment 'nope'"],
  [['slurm', 'submit', 'gate-occupancy', '--shards', '0'], "--shards must be an integer in [1, 10000], got '0'"],
  [['slurm', 'status', '--timeout', '-1'], '--timeout must be an integer'],
  [['merge'], 'missing argument OUT'],
  [['merge', f('m.jsonl')], 'missing argument IN'],
  [['merge', f('m.jsonl'), MISSING], /IN: results file .*missing\.json does not exist/],
  [['merge', f('m.jsonl'), TEXT], /IN: .*notes\.txt is not a results file/],
  [['merge', f('m.jsonl'), dir], /IN: .* is not a results file \(it is a directory\)/],
  [['merge', TEXT, f('m.jsonl')], /IN|OUT/],
  // sweep
  [['sweep'], 'missing argument EXPERIMENT'],
  [['sweep', 'nope'], "unknown experiment 'nope'"],
  [['sweep', 'gate-occupancy', '--grid', 'nope=1'], "has no parameter 'nope'"],
  [['sweep', 'gate-occupancy', '--grid', 'seed=a'], "--grid seed: 'a' is not a finite number"],
  [['sweep', 'gate-occupancy', '--grid', 'seed=1..1000000'], 'at most 100000 points per sweep'],
  [['sweep', 'gate-occupancy', '--grid', 'seed=1.5..3'], "--grid seed: range '1.5..3' must be integers"],
  [['sweep', 'gate-occupancy', '--set', 'beta=x'], "--set beta: 'x' is not a finite number"],
  [['sweep', 'gate-occupancy', '--shard', '3/2'], '--shard i must be an integer in [1, 2], got 3'],
  [['sweep', 'gate-occupancy', '--jobs', '1024'], /--jobs must be at most \d+ \(4 per core/],
  [['sweep', 'gate-occupancy', '--jobs', '0'], "--jobs must be an integer in [1, 1024], got '0'"],
  [
    ['sweep', 'gate-occupancy', '--quick', '--out', TEXT],
    /--out: .*notes\.txt is not a results file of gate-occupancy/,
  ],
  // train
  [['train'], 'missing argument TARGET'],
  [['train', 'nope'], "TARGET must be perceptron|bcnn, got 'nope'"],
  [['train', 'perceptron', '--method', 'nope'], '--method must be a perceptron method (hebbian|'],
  [['train', 'perceptron', '--config', 'nope'], "--config: unknown config 'nope'"],
  [['train', 'perceptron', '--config', NOTJSON], /--config: .*notjson\.txt is not valid JSON/],
  [['train', 'perceptron', '--config', CONFIG_NO_KIND], '"kind" must be "neuron" or "bcnn", got nothing'],
  [['train', 'perceptron', '--config', CONFIG_DATA], '"data" must be an object of data options, got [1] (an array)'],
  [['train', 'bcnn', '--config', 'perceptron-5x5'], '--config: perceptron-5x5 is a neuron run, not bcnn'],
  [['train', 'perceptron', '--classes', 'a,b'], "--classes expects digits like 0,1 or 3,8,9, got 'a,b'"],
  [['train', 'perceptron', '--classes', '0,1,2'], '--classes (data.classes): a perceptron separates exactly 2 classes'],
  [
    ['train', 'perceptron', '--train-per-class', '1100'],
    /--train-per-class \(data\.trainPerClass\) must be an integer in \[1, 1001\], got 1100/,
  ],
  [
    ['train', 'perceptron', '--train-per-class', '1000', '--test-per-class', '500'],
    /--train-per-class \(data\.trainPerClass\) \+ --test-per-class/,
  ],
  [['train', 'perceptron', '--kernel', '3'], 'unknown flag --kernel'],
  [['train', 'bcnn', '--stride', '28', '--size', '5'], '--stride (model.stride) must be an integer in [1, 3], got 28'],
  [
    ['train', 'perceptron', '--config', CONFIG_NO_DATA],
    '--classes (data.classes): a perceptron separates exactly 2 classes',
  ],
  [['train', 'perceptron', '--save', dir, '--method', 'nope'], '--method'],
  // eval
  [['eval'], 'missing argument WEIGHTS'],
  [['eval', MISSING], /WEIGHTS: cannot read .*missing\.json/],
  [
    ['eval', AND],
    'is not a weights file: "format" must be invlogic-neuron/1 or invlogic-bcnn/1, got "invlogic-ising/1" (a string)',
  ],
  [['eval', ARR], 'got [1,2] (an array)'],
  [['eval', WEIGHTS_NO_DATA], 'records no data options: give --data NAME|FILE or data flags'],
  [
    ['eval', WEIGHTS, '--classes', '0,1,2'],
    '--classes: a neuron (invlogic-neuron/1) separates exactly 2 classes, got 3',
  ],
  [['eval', WEIGHTS, '--split', 'x'], "--split must be one of train|test|both, got 'x'"],
  [['eval', WEIGHTS, '--data', 'nope'], "--config: unknown config 'nope'"],
  // estimate
  [['estimate'], 'missing required flag --run'],
  [['estimate', '--run', MISSING], /--run: cannot read .*missing\.json/],
  [['estimate', '--run', OBJ], '--run without --baseline must be'],
  [['estimate', '--run', RUN], '--run is a single run (method invertible-threshold) and no --baseline was given'],
  [['estimate', '--run', f('inv-only.json', { invertible: INV })], '"backprop" is missing'],
  [['estimate', '--run', RUN_NO_HW, '--baseline', BASE], '--run.hardware is missing'],
  [
    ['estimate', '--run', RUN_CYCLES_STR, '--baseline', BASE],
    '--run.hardware.cycles must be a positive finite number, got "1000" (a string)',
  ],
  [
    ['estimate', '--run', RUN, '--baseline', BASE_HIST],
    '--baseline.history[0].timeS must be a finite number, got "x" (a string)',
  ],
  [['estimate', '--run', RUN, '--baseline', RUN], '--baseline is an Ising-machine run'],
  [['estimate', '--run', RUN, '--baseline', BASE_BCNN], /different tasks \(kind neuron vs bcnn\).*--allow-mismatch/],
  [
    ['estimate', '--run', RUN, '--baseline', BASE, '--clock-hz', '0'],
    "--clock-hz must be a number in [1000, 5000000000], got '0'",
  ],
];

test('bad input: every row exits 2 with one line naming the flag or field, no stack trace, nothing on stdout', async () => {
  const failures: string[] = [];
  for (const [argv, name] of ROWS) {
    const r = await runCli(argv);
    const problems = badInputProblems(r, name);
    if (problems.length > 0)
      failures.push(`invlogic ${argv.join(' ')}\n    ${problems.join('; ')}\n    stderr: ${r.err.trim()}`);
  }
  assert.equal(failures.length, 0, `\n${failures.join('\n')}`);
});

test('bad input: an unknown flag is refused by every command, named, with the known flags', async () => {
  for (const command of listCommands()) {
    const r = await runCli([command, '--no-such-flag', '1']);
    assert.deepEqual(badInputProblems(r, '--no-such-flag'), [], `${command}: ${r.err}`);
  }
});

test('bad input: the table covers every command', () => {
  const covered = new Set(ROWS.map(([argv]) => argv[0]));
  const missing = listCommands().filter((c) => !covered.has(c));
  assert.deepEqual(missing, [], `add bad-input rows for: ${missing.join(', ')}`);
  for (const command of listCommands()) {
    const rows = ROWS.filter(([argv]) => argv[0] === command).length;
    assert.ok(rows >= 3, `${command} has ${rows} bad-input row(s); give it at least 3`);
  }
});

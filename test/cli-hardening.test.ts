/**
 * Regressions of issue 22 (a hostile pass over the CLI), one block per item, each driving the CLI as a user
 * would: in-process through main(argv) where that shows the behaviour, as a real process where only a process
 * can (a closed pipe). Full disks are simulated by making the real fs calls fail with ENOSPC the way they do
 * on a full disk (the file is created, the write fails).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as fsTyped from 'node:fs';
import { badInputProblems, runCli, spawnCli, STACK_LINE } from './helpers/cli';
import { configKey, readResults, resultLine } from '../lib/sweep';
import { IsingModel, MAX_ENERGY_SCALE, SampleAggregator, SampleSet, modelToJson } from '../lib/ising';
import { gate, gateToModel } from '../lib/logic';
import { exactSampler } from '../lib/samplers/exact';
import { defaultJobs } from '../lib/parallel';
import { tempDir } from './helpers/tmp';

/** The real fs module object (the one lib/ reads its functions from at call time), so a test can make calls fail. */
const fs = createRequire(__filename)('node:fs') as typeof fsTyped;

function tmpDir(): string {
  return tempDir('invlogic-hardening-');
}

function enospc(): Error {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
}

/** Replaces fs[name] while `body` runs. */
async function withFsPatched<K extends keyof typeof fsTyped, T>(
  name: K,
  replacement: (original: (typeof fsTyped)[K]) => (typeof fsTyped)[K],
  body: () => Promise<T>,
): Promise<T> {
  const original = fs[name];
  (fs as Record<string, unknown>)[name] = replacement(original);
  try {
    return await body();
  } finally {
    (fs as Record<string, unknown>)[name] = original;
  }
}

function assertBadInput(r: { code: number; out: string; err: string }, name: RegExp | string): void {
  assert.deepEqual(badInputProblems(r, name), [], `${r.err}`);
}

function writeModel(dir: string, file: string, json: unknown): string {
  const p = path.join(dir, file);
  fs.writeFileSync(p, JSON.stringify(json));
  return p;
}

const andModel = (): unknown => modelToJson(gateToModel(gate('AND')));

/** A valid result line of some other experiment. */
function foreignRow(): string {
  const config = { a: 1 };
  return resultLine({
    key: configKey('other-experiment', 1, config),
    experiment: 'other-experiment',
    version: 1,
    config,
    result: { y: 2 },
    timeS: 0.1,
    finishedAt: '2026-01-01T00:00:00.000Z',
  });
}

// 1. A closed pipe ends every command quietly.
test('1: every command exits quietly with code 0 when its stdout is closed (| head -1)', async () => {
  const dir = tmpDir();
  const model = writeModel(dir, 'and.json', andModel());
  const table = path.join(dir, 'and-table.json');
  fs.writeFileSync(
    table,
    JSON.stringify({
      inputs: ['A', 'B'],
      outputs: ['Y'],
      rows: [
        [0, 0, 0],
        [0, 1, 0],
        [1, 0, 0],
        [1, 1, 1],
      ],
    }),
  );
  const results = path.join(dir, 'r.jsonl');
  fs.writeFileSync(results, foreignRow());
  const cases: string[][] = [
    ['sweep', 'gate-occupancy', '--quick', '--dry-run'],
    ['circuit', 'multiplier', '--bits', '8'],
    ['gate', 'AND'],
    ['sample', model, '--reads', '50'],
    ['verify', model, table],
    ['merge', path.join(dir, 'm.jsonl'), results],
    ['version'],
    ['--help'],
    ...['bench', 'compile', 'estimate', 'eval', 'rtl', 'train'].map((c) => [c, '--help']),
  ];
  for (const argv of cases) {
    const r = await spawnCli(argv, { cwd: dir, closeStdout: true });
    assert.equal(r.code, 0, `${argv.join(' ')}: exit ${r.code}, stderr ${r.err}`);
    assert.ok(!/EPIPE/.test(r.err) && !STACK_LINE.test(r.err), `${argv.join(' ')}: ${r.err}`);
  }
});

test('1: the exact command of the issue, piped into head -1, prints its line and no trace', async () => {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(
    'bash',
    [
      '-c',
      `"${process.execPath}" "${path.resolve(__dirname, '..', 'bin', 'invlogic.js')}" sweep gate-occupancy --quick --dry-run | head -1`,
    ],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^[0-9a-f]{16} \{.*\}\n$/);
  assert.ok(!/EPIPE|Error/.test(r.stderr) && !STACK_LINE.test(r.stderr), r.stderr);
});

// 2. --out on a file that is not a results file of the experiment: refused, untouched.
test('2: sweep --out on a user file or another experiment’s results is refused and left byte-identical', async () => {
  const dir = tmpDir();
  const notes = path.join(dir, 'notes.txt');
  const text = 'my notes\nline two without a final newline';
  fs.writeFileSync(notes, text);
  const other = path.join(dir, 'other.jsonl');
  fs.writeFileSync(other, foreignRow());
  const looksLike = path.join(dir, 'looks-like.jsonl');
  fs.writeFileSync(looksLike, '{"check":"0000","not":"a row"}\n{"check":"1111"}\n');
  for (const file of [notes, other, looksLike]) {
    const before = fs.readFileSync(file);
    const r = await runCli(['sweep', 'gate-occupancy', '--quick', '--out', file, '--progress', 'none']);
    assertBadInput(r, /--out: .* is not a results file of gate-occupancy/);
    assert.ok(fs.readFileSync(file).equals(before), `${file} changed`);
    assert.ok(!fs.existsSync(`${file}.lock`), 'no lock left');
  }
  // merge must not replace such a file either
  const before = fs.readFileSync(notes);
  const r = await runCli(['merge', notes, other]);
  assertBadInput(r, /OUT .* is not a results file/);
  assert.ok(fs.readFileSync(notes).equals(before));
});

// 3. Coefficients whose energies are not finite (or not exact) are refused at the model boundary.
test('3: h, J = +-1e308 are refused by sample (every sampler) and verify; NaN is never printed', async () => {
  const dir = tmpDir();
  const big = writeModel(dir, 'big.json', {
    format: 'invlogic-ising/1',
    n: 2,
    names: ['a', 'b'],
    h: [1e308, -1e308],
    J: [[0, 1, 1e308]],
  });
  const table = path.join(dir, 't.json');
  fs.writeFileSync(
    table,
    JSON.stringify({
      inputs: ['a'],
      outputs: ['b'],
      rows: [
        [0, 0],
        [1, 1],
      ],
    }),
  );
  for (const argv of [
    ['sample', big],
    ['sample', big, '--sampler', 'sc'],
    ['sample', big, '--sampler', 'packed'],
    ['verify', big, table],
  ]) {
    const r = await runCli(argv);
    assertBadInput(r, /h and J too large: sum \|h\| \+ sum \|J\| must be at most 2\^53/);
    assert.ok(!/NaN|null/.test(r.out + r.err));
  }
  // At the bound energies are finite and exact: sum |h| + sum |J| = 2^53.
  const m = new IsingModel(['a', 'b'], [2 ** 51, 2 ** 51], [[0, 1, 2 ** 52]]);
  assert.equal(m.energy([1, 1]), -MAX_ENERGY_SCALE);
  assert.throws(() => new IsingModel(['a', 'b'], [2 ** 51, 2 ** 51 + 2], [[0, 1, 2 ** 52]]), /2\^53/);
});

// 4. estimate refuses unlike runs.
test('4: estimate refuses a run and a baseline of different tasks unless --allow-mismatch', async () => {
  const dir = tmpDir();
  const inv = {
    name: 'perceptron-5x5',
    kind: 'neuron',
    method: 'invertible-threshold',
    trainAccuracy: 0.98,
    testAccuracy: 0.97,
    data: { size: 5, classes: [0, 1], trainPerClass: 400, testPerClass: 100, seed: 0, threshold: 0.25 },
    options: { samplesPerBatch: 8 },
    hardware: { spins: 57, couplings: 1148, cycles: 400_000 },
    info: { anneals: 400, stepUnit: 'clock cycles', itanhBits: 13, weightBits: 7, circuit: 'threshold' },
  };
  const bp = {
    name: 'perceptron-5x5',
    kind: 'neuron',
    method: 'backprop',
    trainAccuracy: 0.99,
    testAccuracy: 0.98,
    wallTimeS: 3,
    data: { ...inv.data },
    history: [{ epoch: 1, trainAccuracy: 0.99, testAccuracy: 0.98, timeS: 1, cpuTimeS: 0.5 }],
  };
  const bcnn = { ...bp, name: 'bcnn-2class', kind: 'bcnn', data: { ...inv.data, size: 10, trainPerClass: 800 } };
  const files = Object.fromEntries(
    Object.entries({ inv, bp, bcnn }).map(([k, v]) => [k, writeModel(dir, `${k}.json`, v)]),
  );
  const same = await runCli(['estimate', '--run', files.inv, '--baseline', files.bp, '--no-table']);
  assert.equal(same.code, 0, same.err);
  const unlike = await runCli(['estimate', '--run', files.inv, '--baseline', files.bcnn]);
  assertBadInput(
    unlike,
    /--run and --baseline are runs of different tasks \(kind neuron vs bcnn, data\.size 5 vs 10, data\.trainPerClass 400 vs 800\).*--allow-mismatch/,
  );
  const allowed = await runCli([
    'estimate',
    '--run',
    files.inv,
    '--baseline',
    files.bcnn,
    '--allow-mismatch',
    '--no-table',
  ]);
  assert.equal(allowed.code, 0, allowed.err);
  assert.ok(Number.isFinite(JSON.parse(allowed.out).ratios.speedup));
});

// 5. No leftovers on any error path.
test('5: merge into a directory leaves no OUT.merge-PID and changes nothing', async () => {
  const dir = tmpDir();
  const input = path.join(dir, 'in.jsonl');
  fs.writeFileSync(input, foreignRow());
  const outDir = path.join(dir, 'out');
  fs.mkdirSync(outDir);
  const r = await runCli(['merge', outDir, input]);
  assertBadInput(r, /OUT .*it is a directory/);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['in.jsonl', 'out']);
  assert.deepEqual(fs.readdirSync(outDir), []);
});

test('5: on a full disk merge leaves no temp file and keeps OUT; sweep leaves no 0-byte lock', async () => {
  const dir = tmpDir();
  const input = path.join(dir, 'in.jsonl');
  fs.writeFileSync(input, foreignRow());
  const out = path.join(dir, 'merged.jsonl');
  fs.writeFileSync(out, foreignRow());
  const before = fs.readFileSync(out);
  const failing = (original: typeof fsTyped.writeSync) =>
    ((fd: number, ...rest: unknown[]) => {
      if (fd > 2) throw enospc();
      return (original as (...a: unknown[]) => number)(fd, ...rest);
    }) as typeof fsTyped.writeSync;
  const merged = await withFsPatched('writeSync', failing, () => runCli(['merge', out, input]));
  assertBadInput(merged, /OUT: cannot write .*no space left on device \(ENOSPC\)/);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['in.jsonl', 'merged.jsonl']);
  assert.ok(fs.readFileSync(out).equals(before));

  const results = path.join(dir, 'sweep.jsonl');
  const swept = await withFsPatched('writeSync', failing, () =>
    runCli(['sweep', 'gate-occupancy', '--quick', '--out', results, '--progress', 'none']),
  );
  assertBadInput(swept, /--out: cannot create the lock .*ENOSPC/);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['in.jsonl', 'merged.jsonl']);
});

test('5: sample --out, gate --out, train --save and sweep --csv leave no 0-byte or temp file when the write fails', async () => {
  const dir = tmpDir();
  const model = writeModel(dir, 'and.json', andModel());
  // As on a full disk: the file is created, then the write fails.
  const failing = (original: typeof fsTyped.writeFileSync) =>
    ((file: fsTyped.PathOrFileDescriptor, ...rest: unknown[]) => {
      if (typeof file === 'string' && file.startsWith(dir) && !file.endsWith('and.json')) {
        (original as (...a: unknown[]) => void)(file, '');
        throw enospc();
      }
      return (original as (...a: unknown[]) => void)(file, ...rest);
    }) as typeof fsTyped.writeFileSync;
  const existing = path.join(dir, 'existing.json');
  fs.writeFileSync(existing, 'keep me');
  for (const [argv, flag] of [
    [['sample', model, '--reads', '10', '--out', path.join(dir, 's.json')], '--out'],
    [['sample', model, '--reads', '10', '--out', existing], '--out'],
    [['gate', 'AND', '--out', path.join(dir, 'g.json')], '--out'],
    [['circuit', 'adder', '--bits', '2', '--out', path.join(dir, 'c.json')], '--out'],
  ] as const) {
    const r = await withFsPatched('writeFileSync', failing, () => runCli([...argv]));
    assertBadInput(r, new RegExp(`^invlogic: ${flag}: cannot write .*no space left on device \\(ENOSPC\\)`));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['and.json', 'existing.json'], argv.join(' '));
    assert.equal(fs.readFileSync(existing, 'utf8'), 'keep me');
  }
});

// 6. Messages name the flag or field, what was expected and what was given (with its JSON type).
test('6: wrong JSON types are shown with their type, not as look-alikes', async () => {
  const dir = tmpDir();
  const base = { format: 'invlogic-ising/1', n: 2, names: ['a', 'b'], h: [0, 0], J: [[0, 1, 1]] };
  for (const [over, expected] of [
    [{ n: '2' }, /"n" must equal the number of names \(2\), got "2" \(a string\)/],
    [{ h: ['1', 0] }, /h\[0\] must be a finite number, got "1" \(a string\)/],
    [{ J: [['0', 1, 1]] }, /J\[0\]\.i must be an integer spin index in \[0, 1\], got "0" \(a string\)/],
    [{ J: [[0, 1, true]] }, /J\[0\] weight must be a finite number, got true \(a boolean\)/],
    [{ clamp: { a: '1' } }, /clamp\.a must be 1 or -1, got "1" \(a string\)/],
    [{ names: 'ab' }, /"names" must be an array of strings, got "ab" \(a string\)/],
  ] as const) {
    const file = writeModel(dir, 'm.json', { ...base, ...over });
    const r = await runCli(['sample', file, '--reads', '1']);
    assertBadInput(r, expected);
    assert.match(r.err, /m\.json/, 'the file is named');
  }
});

test('6: output paths name their flag; misleading messages of the issue are fixed', async () => {
  const dir = tmpDir();
  const aFile = path.join(dir, 'a-file');
  fs.writeFileSync(aFile, 'x');
  const model = writeModel(dir, 'and.json', andModel());
  const notJson = path.join(dir, 'notjson.txt');
  fs.writeFileSync(notJson, 'NOTJSON');
  const obj = writeModel(dir, 'obj.json', { a: 1 });
  const cases: Array<[string[], RegExp]> = [
    [
      ['sample', model, '--reads', '1', '--out', path.join(aFile, 'x.json')],
      /^invlogic: --out: cannot write .*ENOTDIR/,
    ],
    [['gate', 'AND', '--out', dir], /^invlogic: --out: cannot write .*it is a directory \(EISDIR\)/],
    [
      ['rtl', '--design', 'and', '--out', path.join(aFile, 'rtl')],
      /^invlogic: --out: cannot create or write directory .*ENOTDIR/,
    ],
    [['merge', path.join(aFile, 'm.jsonl'), obj], /^invlogic: IN: .*obj\.json is not a results file/],
    [['train', 'perceptron', '--config', obj], /--config: .*obj\.json: "kind" must be "neuron" or "bcnn", got nothing/],
    [['train', 'perceptron', '--config', notJson], /--config: .*notjson\.txt is not valid JSON/],
    [['circuit', 'popcount', '--inputs', '4096'], /--inputs must be an integer in \[2, 1024\] for popcount, got 4096/],
    [
      ['eval', model],
      /WEIGHTS .*and\.json is not a weights file: "format" must be invlogic-neuron\/1 or invlogic-bcnn\/1, got "invlogic-ising\/1" \(a string\)/,
    ],
    [['eval', obj], /WEIGHTS .* is not a weights file/],
    [['estimate', '--run', obj], /--run without --baseline must be .*"invertible" is missing/],
    [['bench', notJson], /^invlogic: MODEL: .*notjson\.txt is not valid JSON/],
    [
      ['sweep', 'gate-occupancy', '--grid', 'seed=1..1000000', '--dry-run'],
      /--grid seed: range '1\.\.1000000' has 1000000 values; at most 100000 points per sweep/,
    ],
  ];
  for (const [argv, expected] of cases) assertBadInput(await runCli(argv), expected);
});

test('6: data options are named by their flags (eval --classes, --train-per-class)', async () => {
  const dir = tmpDir();
  const weights = writeModel(dir, 'w.json', {
    format: 'invlogic-neuron/1',
    meta: { data: { size: 5, threshold: 0.25, classes: [0, 1], trainPerClass: 5, testPerClass: 5, seed: 0 } },
  });
  assertBadInput(
    await runCli(['eval', weights, '--classes', '0,1,2']),
    /--classes: a neuron \(invlogic-neuron\/1\) separates exactly 2 classes, got 3 \(0,1,2\)/,
  );
  const r = await runCli(['eval', weights, '--train-per-class', '1000', '--test-per-class', '500']);
  assertBadInput(
    r,
    /--train-per-class \(data\.trainPerClass\) \+ --test-per-class \(data\.testPerClass\) = 1000 \+ 500 exceeds/,
  );
  assert.ok(!/mnist\./.test(r.err));
  assertBadInput(
    await runCli([
      'train',
      'perceptron',
      '--data-cache',
      path.join(weights, 'cache'),
      '--train-per-class',
      '3',
      '--test-per-class',
      '1',
      '--data-seed',
      'hardening-test',
    ]),
    /--data-cache \(data\.cacheDir\): cannot write the data cache .*ENOTDIR/,
  );
});

// 7. Limits refuse before building, aggregate instead of holding, cap threads, show progress.
test('7: sample aggregates reads as they finish: same SampleSet as holding every read', () => {
  const model = gateToModel(gate('FA'));
  const ss = exactSampler.sampleIsing(model, { numReads: 300, seed: 5, numSweeps: 3 });
  const reads: Int8Array[] = [];
  const agg = new SampleAggregator(model);
  for (const rec of ss.records) for (let k = 0; k < rec.numOccurrences; k++) reads.push(rec.sample);
  for (const s of reads) agg.add(s);
  assert.deepEqual(agg.toSampleSet().toJSON(), SampleSet.fromReads(model, reads).toJSON());
  assert.equal(ss.numReads, 300);
});

test('7: limits are refused up front, naming the limit', async () => {
  const dir = tmpDir();
  const model = writeModel(dir, 'and.json', andModel());
  const n = 100_000;
  const huge = writeModel(dir, 'huge.json', {
    format: 'invlogic-ising/1',
    n,
    names: Array.from({ length: n }, (_, i) => `s${i}`),
    h: new Array(n).fill(0),
    J: [],
  });
  const table = path.join(dir, 't.json');
  fs.writeFileSync(table, JSON.stringify({ inputs: ['s0'], outputs: ['s1'], rows: [[0, 0]] }));
  const tooMany = 4 * defaultJobs() + 1;
  const cases: Array<[string[], RegExp]> = [
    [
      ['sample', model, '--reads', '10000000', '--sampler', 'sc'],
      /--reads 10000000 with --sampler sc keeps every read .*at most \d+ reads here \(1 GiB\)/,
    ],
    [['verify', huge, table], /MODEL .*huge\.json has 100000 free spins .*limited to --max-free-spins 24/],
    [['verify', model, table, '--max-free-spins', '30'], /--max-free-spins must be an integer in \[1, 26\], got '30'/],
    [
      ['sweep', 'gate-occupancy', '--grid', 'seed=1..1000', '--grid', 'beta=1..1000', '--dry-run'],
      /the sweep has 1000000 points \(seed: 1000 x beta: 1000\); at most 100000 points per sweep/,
    ],
  ];
  if (tooMany <= 256) {
    cases.push([
      ['bench', '--threads', String(tooMany)],
      new RegExp(`--threads must be at most ${tooMany - 1} \\(4 per core`),
    ]);
  }
  for (const [argv, expected] of cases) assertBadInput(await runCli(argv), expected);
});

test('7: long runs show progress on stderr (sample, verify)', async () => {
  const { stderrProgress } = await import('../cli/progress');
  const writeErr = process.stderr.write;
  let err = '';
  process.stderr.write = ((chunk: string) => ((err += chunk), true)) as typeof process.stderr.write;
  try {
    const progress = stderrProgress('verify', 'states', { delayMs: 0 });
    progress(1, 4);
    progress(4, 4);
  } finally {
    process.stderr.write = writeErr;
  }
  assert.match(err, /verify: 1\/4 states \(25%\), .* elapsed, ETA /);
  assert.match(err, /verify: 4\/4 states \(100%\)/);
  // The samplers and the enumeration report through onProgress without changing their output.
  const model = gateToModel(gate('FA'));
  const seen: number[] = [];
  const a = exactSampler.sampleIsing(model, { numReads: 600, seed: 2, onProgress: (d) => seen.push(d) });
  const b = exactSampler.sampleIsing(model, { numReads: 600, seed: 2 });
  assert.deepEqual(a.toJSON(), b.toJSON());
  assert.deepEqual(seen, [256, 512, 600]);
});

// 8. --i0 min > max; a full disk mid-sweep stops at the first failed write and keeps what is on disk.
test('8: --i0 5:2 is refused', async () => {
  const dir = tmpDir();
  const model = writeModel(dir, 'and.json', andModel());
  assertBadInput(
    await runCli(['sample', model, '--sampler', 'sc', '--i0', '5:2']),
    /--i0 MIN:MAX needs MIN <= MAX .*got MIN 5 > MAX 2/,
  );
});

test('8: a full disk mid-sweep stops at the first failed append, keeping the finished points', async () => {
  const dir = tmpDir();
  const out = path.join(dir, 'r.jsonl');
  let appended = 0;
  let failedAppends = 0;
  const r = await withFsPatched(
    'writeSync',
    (original) =>
      ((fd: number, data: unknown, ...rest: unknown[]) => {
        if (Buffer.isBuffer(data) && data.subarray(0, 10).toString() === '{"check":"') {
          if (appended === 3) {
            // As the kernel does when the disk fills mid-line: a short write, then ENOSPC on the rest.
            if (rest[0] === 0) return (original as (...a: unknown[]) => number)(fd, data, 0, 20);
            failedAppends++;
            throw enospc();
          }
          appended++;
        }
        return (original as (...a: unknown[]) => number)(fd, data, ...rest);
      }) as typeof fsTyped.writeSync,
    () => runCli(['sweep', 'gate-occupancy', '--quick', '--out', out, '--progress', 'none', '--jobs', '2']),
  );
  assert.equal(r.code, 2);
  const last = r.err.trimEnd().split('\n').pop()!;
  assert.match(
    last,
    /^invlogic: --out: cannot append to .*no space left on device \(ENOSPC\); stopped at the first failed write, the 3 point\(s\) on disk are kept/,
  );
  assert.equal(failedAppends, 1, 'no write was tried after the first failure');
  const kept = readResults(out);
  assert.equal(kept.rows.length, 3);
  assert.equal(kept.tornTail, false, 'the partial line was cut back');
  assert.deepEqual(kept.invalidLines, []);
  assert.ok(!fs.existsSync(`${out}.lock`));
  // Rerun resumes from the 3 kept points.
  const rerun = await runCli(['sweep', 'gate-occupancy', '--quick', '--out', out, '--progress', 'none', '--jobs', '2']);
  assert.equal(rerun.code, 0, rerun.err);
  assert.match(rerun.out, /24\/24 points .*reused 3/);
});

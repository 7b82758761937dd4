import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineCommand, formatHelp, parseArgs, parseAssignments } from '../cli/args';
import { InvlogicError } from '../lib/errors';

const spec = defineCommand({
  name: 'sample',
  summary: 'Sample an Ising model',
  positionals: [
    { name: 'MODEL', help: 'model JSON file' },
    { name: 'OUT', help: 'output file', required: false },
  ],
  flags: {
    'num-reads': { type: 'int', min: 1, max: 1000, default: 100, help: 'annealing runs' },
    beta: { type: 'number', min: 0, help: 'inverse temperature' },
    schedule: { type: 'string', choices: ['linear', 'geometric'], default: 'linear', help: 'I0 schedule' },
    seed: { type: 'int', required: true, help: 'PRNG seed' },
    clamp: { type: 'repeatable', metavar: 'NAME=VALUE', pattern: /^\w+=-?1$/, help: 'clamp a spin' },
    quiet: { type: 'boolean', help: 'say less' },
    color: { type: 'boolean', default: true, help: 'colour output' },
  },
});

/** Asserts that `fn` throws an InvlogicError whose message matches `re` and whose parameter is `parameter`. */
function throwsInvlogic(fn: () => unknown, re: RegExp, parameter?: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof InvlogicError, `expected InvlogicError, got ${String(err)}`);
    assert.match(err.message, re);
    if (parameter !== undefined) assert.equal(err.parameter, parameter);
    return true;
  });
}

test('defaults, types and positionals', () => {
  const a = parseArgs(spec, ['model.json', '--seed', '7']);
  assert.equal(a.help, false);
  assert.deepEqual(a.positionals, ['model.json']);
  assert.equal(a.flags['num-reads'], 100);
  assert.equal(a.flags.beta, undefined);
  assert.equal(a.flags.schedule, 'linear');
  assert.equal(a.flags.seed, 7);
  assert.deepEqual(a.flags.clamp, []);
  assert.equal(a.flags.quiet, false);
  assert.equal(a.flags.color, true);
  assert.deepEqual([...a.given], ['seed']);
  // The result is typed from the declaration (checked by tsc --noEmit).
  const typed: [number, number | undefined, 'linear' | 'geometric', number, string[], boolean] = [
    a.flags['num-reads'],
    a.flags.beta,
    a.flags.schedule,
    a.flags.seed,
    a.flags.clamp,
    a.flags.quiet,
  ];
  assert.equal(typed.length, 6);
});

test('--flag=value, repeatable, negative numbers, --no-switch and --', () => {
  const a = parseArgs(spec, [
    '--num-reads=5',
    '--beta',
    '2.5e-1',
    '--clamp',
    'A=1',
    '--clamp=B=-1',
    '--quiet',
    '--no-color',
    '--seed',
    '-3',
    'm.json',
    '--',
    '--out.json',
  ]);
  assert.equal(a.flags['num-reads'], 5);
  assert.equal(a.flags.beta, 0.25);
  assert.deepEqual(a.flags.clamp, ['A=1', 'B=-1']);
  assert.equal(a.flags.quiet, true);
  assert.equal(a.flags.color, false);
  assert.equal(a.flags.seed, -3);
  assert.deepEqual(a.positionals, ['m.json', '--out.json']);
  assert.equal(parseArgs(spec, ['m', '--seed=1', '--quiet=false']).flags.quiet, false);
});

test('unknown flags are errors, with a hint', () => {
  throwsInvlogic(
    () => parseArgs(spec, ['m', '--seed', '1', '--num-read', '3']),
    /unknown flag --num-read.*--num-reads/,
    '--num-read',
  );
  throwsInvlogic(() => parseArgs(spec, ['m', '--seed', '1', '--zzz']), /unknown flag --zzz for 'sample'; known: /);
  throwsInvlogic(() => parseArgs(spec, ['m', '--seed', '1', '-x']), /unknown flag -x/);
  throwsInvlogic(() => parseArgs(spec, ['m', '--seed', '1', '--no-quiet=1']), /--no-quiet takes no value/);
  throwsInvlogic(() => parseArgs(spec, ['m', '--seed', '1', '--no-beta']), /unknown flag --no-beta/);
});

test('missing values and required flags', () => {
  throwsInvlogic(() => parseArgs(spec, ['m', '--seed']), /--seed needs a value: an integer/, '--seed');
  throwsInvlogic(() => parseArgs(spec, ['m', '--seed', '--quiet']), /--seed needs a value/);
  throwsInvlogic(() => parseArgs(spec, ['m']), /missing required flag --seed/, '--seed');
  throwsInvlogic(() => parseArgs(spec, ['m', '--seed', '1', '--seed', '2']), /--seed given more than once/);
});

test('NaN, non-integers and out-of-range values name the flag and the range', () => {
  throwsInvlogic(() => parseArgs(spec, ['m', '--seed', 'abc']), /--seed must be an integer, got 'abc'/);
  throwsInvlogic(() => parseArgs(spec, ['m', '--seed', '1.5']), /--seed must be an integer/);
  throwsInvlogic(() => parseArgs(spec, ['m', '--seed', '']), /--seed must be an integer/);
  throwsInvlogic(() => parseArgs(spec, ['m', '--seed', '0x10']), /--seed must be an integer/);
  throwsInvlogic(
    () => parseArgs(spec, ['m', '--seed=1', '--num-reads', '0']),
    /--num-reads must be an integer in \[1, 1000\], got '0'/,
  );
  throwsInvlogic(() => parseArgs(spec, ['m', '--seed=1', '--num-reads=1001']), /in \[1, 1000\]/, '--num-reads');
  throwsInvlogic(() => parseArgs(spec, ['m', '--seed=1', '--beta', 'NaN']), /--beta must be a number >= 0, got 'NaN'/);
  throwsInvlogic(() => parseArgs(spec, ['m', '--seed=1', '--beta', 'Infinity']), /--beta must be a number >= 0/);
  throwsInvlogic(() => parseArgs(spec, ['m', '--seed=1', '--beta=-1']), /--beta must be a number >= 0, got '-1'/);
});

test('choices, patterns and switch values', () => {
  throwsInvlogic(
    () => parseArgs(spec, ['m', '--seed=1', '--schedule', 'cubic']),
    /--schedule must be one of linear\|geometric, got 'cubic'/,
  );
  throwsInvlogic(() => parseArgs(spec, ['m', '--seed=1', '--clamp', 'A=2']), /--clamp must be NAME=VALUE matching/);
  throwsInvlogic(() => parseArgs(spec, ['m', '--seed=1', '--quiet=yes']), /--quiet is a switch/);
});

test('positional count', () => {
  throwsInvlogic(() => parseArgs(spec, ['--seed=1']), /missing argument MODEL/);
  throwsInvlogic(() => parseArgs(spec, ['a', 'b', 'c', '--seed=1']), /unexpected argument 'c'/);
  const variadic = defineCommand({
    name: 'cat',
    summary: 'x',
    flags: {},
    positionals: [{ name: 'FILE', help: 'files', variadic: true }],
  });
  assert.deepEqual(parseArgs(variadic, ['a', 'b', 'c']).positionals, ['a', 'b', 'c']);
  const none = defineCommand({ name: 'none', summary: 'x', flags: {} });
  throwsInvlogic(() => parseArgs(none, ['a']), /unexpected argument 'a' \(expects no arguments\)/);
  throwsInvlogic(() => parseArgs(none, ['--a']), /it takes no flags/);
});

test('--help short-circuits validation', () => {
  const a = parseArgs(spec, ['--help']);
  assert.equal(a.help, true);
  assert.equal(parseArgs(spec, ['-h', '--seed', '1']).help, true);
});

test('declarations are checked', () => {
  assert.throws(
    () => defineCommand({ name: 'x', summary: '', flags: { Bad_Name: { type: 'boolean', help: '' } } }),
    /bad flag name/,
  );
  assert.throws(
    () => defineCommand({ name: 'x', summary: '', flags: { n: { type: 'int', min: 1, default: 0, help: '' } } }),
    /--n must be an integer >= 1/,
  );
  assert.throws(
    () =>
      defineCommand({
        name: 'x',
        summary: '',
        flags: {},
        positionals: [
          { name: 'A', help: '', required: false },
          { name: 'B', help: '' },
        ],
      }),
    /required positional B after an optional one/,
  );
});

test('help text is generated from the declaration', () => {
  const text = formatHelp(spec);
  assert.match(text, /^Usage: invlogic sample \[flags\] MODEL \[OUT\]\n\nSample an Ising model\n/);
  assert.match(text, /--num-reads INT\s+annealing runs \(1\.\.1000, default 100\)/);
  assert.match(text, /--beta NUM\s+inverse temperature \(>= 0\)/);
  assert.match(text, /--schedule linear\|geometric\s+I0 schedule \(default linear\)/);
  assert.match(text, /--seed INT\s+PRNG seed \(required\)/);
  assert.match(text, /--clamp NAME=VALUE\s+clamp a spin \(repeatable\)/);
  assert.match(text, /--quiet\s+say less\n/);
  assert.match(text, /-h, --help\s+show this help/);
  assert.match(text, /MODEL\s+model JSON file/);
});

test('parseAssignments splits NAME=VALUE lists', () => {
  assert.deepEqual(parseAssignments('clamp', ['A=1', 'B=-1'], { type: 'int', min: -1, max: 1 }), [
    ['A', 1],
    ['B', -1],
  ]);
  throwsInvlogic(() => parseAssignments('clamp', ['A'], { type: 'int' }), /--clamp expects NAME=VALUE, got 'A'/);
  throwsInvlogic(() => parseAssignments('clamp', ['A=1', 'A=-1'], { type: 'int' }), /sets 'A' more than once/);
  throwsInvlogic(
    () => parseAssignments('clamp', ['A=3'], { type: 'int', min: -1, max: 1 }),
    /--clamp A must be an integer in \[-1, 1\]/,
  );
  assert.deepEqual(parseAssignments('set', ['mode=fast'], { type: 'string', choices: ['fast', 'slow'] }), [
    ['mode', 'fast'],
  ]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listCommands, main } from '../cli/main';
import { captureIO } from './helpers/cli';
import { tempDir } from './helpers/tmp';

const ROOT = path.resolve(__dirname, '..');

/** A throwaway commands directory with fixture command files. */
function fixtureDir(): string {
  const dir = tempDir('invlogic-cli-');
  const errors = JSON.stringify(path.join(ROOT, 'lib', 'errors'));
  fs.writeFileSync(
    path.join(dir, 'ok.ts'),
    `export const summary = 'Exit with the given code';
     export async function run(argv: string[]): Promise<number> { return Number(argv[0] ?? 0); }`,
  );
  fs.writeFileSync(
    path.join(dir, 'bad-input.ts'),
    `import { InvlogicError } from ${errors};
     export const summary = 'Throw an InvlogicError';
     export async function run(): Promise<number> { throw new InvlogicError('--beta must be >= 0\\ngot -1', '--beta'); }`,
  );
  fs.writeFileSync(
    path.join(dir, 'bug.ts'),
    `export const summary = 'Throw a TypeError';
     export async function run(): Promise<number> { throw new TypeError('x is undefined'); }`,
  );
  fs.writeFileSync(path.join(dir, 'no-run.ts'), `export const summary = 'Missing run';`);
  fs.writeFileSync(path.join(dir, '_helper.ts'), `export const notACommand = 1;`);
  return dir;
}

test('commands are the files in the commands directory', () => {
  assert.ok(listCommands().includes('version'));
  assert.deepEqual(listCommands(fixtureDir()), ['bad-input', 'bug', 'no-run', 'ok']);
});

test('--help lists every command with its summary, and survives a broken command file', async () => {
  const dir = fixtureDir();
  const io = captureIO();
  assert.equal(await main(['--help'], io, dir), 0);
  assert.match(io.out, /Commands:\n {2}bad-input +Throw an InvlogicError\n/);
  assert.match(io.out, / {2}ok +Exit with the given code\n/);
  assert.match(io.out, / {2}no-run +\(failed to load: .*must export/);
});

test('dispatch returns the command exit code', async () => {
  const dir = fixtureDir();
  assert.equal(await main(['ok'], captureIO(), dir), 0);
  assert.equal(await main(['ok', '3'], captureIO(), dir), 3);
});

test('unknown commands and thrown errors are one line on stderr with exit code 2', async () => {
  const dir = fixtureDir();
  for (const [argv, expected] of [
    [['nope'], /^invlogic: unknown command 'nope'; run 'invlogic --help' for the list\n$/],
    [['okk'], /^invlogic: unknown command 'okk'; did you mean 'ok'\?\n$/],
    [['bad-input'], /^invlogic: --beta must be >= 0 got -1\n$/],
    [['bug'], /^invlogic: x is undefined\n$/],
    [['no-run'], /^invlogic: cli\/commands\/no-run\.ts must export/],
  ] as const) {
    const io = captureIO();
    assert.equal(await main([...argv], io, dir), 2, argv.join(' '));
    assert.match(io.err, expected);
    assert.equal(io.out, '');
  }
});

test('bin/invlogic.js runs the TypeScript CLI through tsx', () => {
  const bin = path.join(ROOT, 'bin', 'invlogic.js');
  const env = { ...process.env, INVLOGIC_DEBUG: '' };
  const version = spawnSync(process.execPath, [bin, 'version', '--json'], { encoding: 'utf8', env });
  assert.equal(version.status, 0, version.stderr);
  assert.equal(JSON.parse(version.stdout).name, 'invlogic');

  const bad = spawnSync(process.execPath, [bin, 'version', '--bogus'], { encoding: 'utf8', env });
  assert.equal(bad.status, 2);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /^invlogic: unknown flag --bogus for 'version'; known: --json\n$/);

  const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8', env });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /version +Print the invlogic version/);
});

test('commands print through the CliIO they are given: every command help lands in io.stdout only', async () => {
  const writes: string[] = [];
  const saved = [process.stdout.write, process.stderr.write];
  const spy = ((chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = spy;
  process.stderr.write = spy;
  const outs: Record<string, string> = {};
  try {
    for (const name of listCommands()) {
      const io = captureIO();
      assert.equal(await main([name, '--help'], io), 0, name);
      outs[name] = io.out;
    }
  } finally {
    [process.stdout.write, process.stderr.write] = saved;
  }
  assert.deepEqual(writes, []);
  for (const [name, out] of Object.entries(outs)) assert.match(out, /Usage: invlogic /, name);
});

test('no command file writes to process.stdout or process.stderr (they print through CliIO)', () => {
  const dirs = [path.join(ROOT, 'cli'), path.join(ROOT, 'cli', 'commands')];
  const offenders = dirs.flatMap((dir) =>
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && f !== 'io.ts')
      .filter((f) => /process\.std(out|err)\.write\(/.test(fs.readFileSync(path.join(dir, f), 'utf8')))
      .map((f) => path.relative(ROOT, path.join(dir, f))),
  );
  assert.deepEqual(offenders, []);
});

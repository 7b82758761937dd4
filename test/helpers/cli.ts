/**
 * The one driver of the invlogic CLI in tests. `runCli(argv)` runs it in this process as a user would (argv
 * in; exit code, stdout and stderr out) without paying a node + tsx start per case: main() takes argv and the
 * CliIO the commands print through; anything the library below writes to process.stdout / process.stderr
 * (e.g. a sweep's progress) is captured too. `captureIO()` is a CliIO that records, for calling main() or a
 * command's run() directly. For what only a real process shows (a closed pipe, stack traces printed by node
 * itself), spawn bin/invlogic.js instead (spawnCli).
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { main, type CliIO } from '../../cli/main';

export const BIN = path.resolve(__dirname, '..', '..', 'bin', 'invlogic.js');

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** A CliIO that records what is printed in `out` and `err`. */
export function captureIO(): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  return io;
}

export async function runCli(argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t) };
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await main(argv, io);
    return { code, out, err };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
}

/**
 * Spawns bin/invlogic.js. With `closeStdout`, the read end of stdout is closed at once (as `| head -1` does once it
 * has its line), so every write of the command hits EPIPE.
 */
export function spawnCli(argv: string[], options: { cwd?: string; closeStdout?: boolean } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, INVLOGIC_DEBUG: '' },
    });
    let out = '';
    let err = '';
    if (options.closeStdout) child.stdout.destroy();
    else child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

/** A stack-trace line as node prints them. */
export const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

/** Asserts the bad-input contract: exit 2, exactly one line on stderr naming `name`, no stack trace, no stdout. */
export function badInputProblems(r: CliRun, name: RegExp | string): string[] {
  const problems: string[] = [];
  if (r.code !== 2) problems.push(`exit code ${r.code}, expected 2`);
  const lines = r.err.split('\n');
  if (lines.length !== 2 || lines[1] !== '') problems.push(`stderr has ${lines.length - 1} line(s), expected 1`);
  if (!r.err.startsWith('invlogic: ')) problems.push('stderr does not start with "invlogic: "');
  if (STACK_LINE.test(r.err)) problems.push('stderr holds a stack trace');
  const named = typeof name === 'string' ? r.err.includes(name) : name.test(r.err);
  if (!named) problems.push(`stderr does not name ${String(name)}`);
  if (r.out !== '') problems.push(`stdout is not empty: ${JSON.stringify(r.out.slice(0, 80))}`);
  return problems;
}

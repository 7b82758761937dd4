/**
 * `invlogic` entry point. Commands are files: `invlogic foo ...` runs `run(argv, io)` exported by
 * cli/commands/foo.ts, which also exports a one-line `summary` for `invlogic --help`. Adding a command
 * means adding a file; nothing here changes.
 *
 * Errors never print a stack trace: any Error (an InvlogicError for bad input, anything else for a bug) is
 * printed as the single line `invlogic: <message>` and the exit code is 2. Set INVLOGIC_DEBUG=1 for stacks.
 */
import * as fs from 'fs';
import * as path from 'path';
import { editDistance } from './args';
import { InvlogicError } from '../lib/errors';
import { PROCESS_IO, type CliIO } from './io';

/** What a file in cli/commands must export: `run` prints through `io` only. */
export interface CommandModule {
  summary: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

export type { CliIO };

const defaultIO: CliIO = PROCESS_IO;

export const COMMANDS_DIR = path.join(__dirname, 'commands');

/** Command names, sorted: every `*.ts` (or compiled `*.js`) file in cli/commands not starting with `_`. */
export function listCommands(dir = COMMANDS_DIR): string[] {
  const names = new Set<string>();
  for (const file of fs.readdirSync(dir)) {
    const m = /^([a-z][a-z0-9-]*)\.(ts|js)$/.exec(file);
    if (m && !file.endsWith('.d.ts') && !file.endsWith('.test.ts')) names.add(m[1]);
  }
  return [...names].sort();
}

/** Loads cli/commands/<name> and checks that it exports `summary` and `run`. */
export function loadCommand(name: string, dir = COMMANDS_DIR): CommandModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- dispatch by file needs a runtime require
  const mod = require(path.join(dir, name)) as Partial<CommandModule>;
  if (typeof mod.summary !== 'string' || typeof mod.run !== 'function') {
    throw new Error(`cli/commands/${name}.ts must export 'summary: string' and 'run(argv): Promise<number>'`);
  }
  return mod as CommandModule;
}

/** The text of `invlogic --help`: usage plus one line per command file. */
export function formatUsage(dir = COMMANDS_DIR): string {
  const names = listCommands(dir);
  const width = Math.max(8, ...names.map((n) => n.length)) + 2;
  const lines = [
    'Usage: invlogic <command> [flags] [args]',
    '',
    'Training hardware for binarized CNNs with CMOS invertible logic (Shin et al., IEEE Access 2020).',
    '',
    'Commands:',
  ];
  for (const name of names) {
    let summary: string;
    try {
      summary = loadCommand(name, dir).summary;
    } catch (err) {
      // One broken command file must not take `--help` down with it.
      summary = `(failed to load: ${oneLine(err)})`;
    }
    lines.push(`  ${name.padEnd(width)}${summary}`);
  }
  lines.push('', "Run 'invlogic <command> --help' for a command's flags. INVLOGIC_DEBUG=1 shows stack traces.");
  return lines.join('\n') + '\n';
}

/** Runs the CLI and resolves to the process exit code; never throws. */
export async function main(argv: string[], io: CliIO = defaultIO, dir = COMMANDS_DIR): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined) {
      io.stderr(formatUsage(dir));
      return 2;
    }
    if (first === '--help' || first === '-h') {
      io.stdout(formatUsage(dir));
      return 0;
    }
    if (first === 'help') {
      if (rest.length === 0) {
        io.stdout(formatUsage(dir));
        return 0;
      }
      return await dispatch(rest[0], ['--help'], dir, io);
    }
    if (first === '--version') return await dispatch('version', [], dir, io);
    return await dispatch(first, rest, dir, io);
  } catch (err) {
    io.stderr(
      process.env.INVLOGIC_DEBUG === '1' && err instanceof Error ? `${err.stack}\n` : `invlogic: ${oneLine(err)}\n`,
    );
    return 2;
  }
}

async function dispatch(name: string, argv: string[], dir: string, io: CliIO): Promise<number> {
  const names = listCommands(dir);
  if (!names.includes(name)) {
    const close = names.filter((n) => editDistance(n, name) <= 2);
    const hint = close.length > 0 ? `did you mean '${close.join("' or '")}'?` : "run 'invlogic --help' for the list";
    throw new InvlogicError(`unknown command '${name}'; ${hint}`, name);
  }
  const code = await loadCommand(name, dir).run(argv, io);
  if (!Number.isInteger(code)) {
    throw new Error(`command '${name}' returned ${String(code)} instead of an integer exit code`);
  }
  return code;
}

function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message || err.name : String(err);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

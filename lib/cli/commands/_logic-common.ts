/** Helpers shared by the lib/logic commands (gate, compile, circuit, verify). Not a command (leading _). */
import * as fs from 'fs';
import { InvlogicError } from '../../errors';

/** Reads and parses a JSON file; errors name the positional `what` (e.g. TABLE) and the file. */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new InvlogicError(`${what}: cannot read ${file}: ${(err as Error).message}`, what);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InvlogicError(`${what}: ${file} is not valid JSON: ${(err as Error).message}`, what);
  }
}

/** Writes `text` to `out` if given, else to stdout. */
export function emit(text: string, out: string | undefined): void {
  if (out !== undefined) fs.writeFileSync(out, text);
  else process.stdout.write(text);
}

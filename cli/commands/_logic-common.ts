/** Helpers shared by the lib/logic commands (gate, compile, circuit, verify). Not a command (leading _). */
import { writeOutputFile } from '../io';

export { readJsonFile } from '../io';

/** Writes `text` to `out` if given, else to stdout. */
export function emit(text: string, out: string | undefined): void {
  if (out !== undefined) writeOutputFile(out, text, '--out');
  else process.stdout.write(text);
}

/** Helpers shared by the lib/logic commands (gate, compile, circuit, verify). Not a command (leading _). */
import { writeOutputFile, type CliIO } from '../io';

export { readJsonFile } from '../io';

/** Writes `text` to `out` if given, else to `io.stdout`. */
export function emit(text: string, out: string | undefined, io: CliIO): void {
  if (out !== undefined) writeOutputFile(out, text, '--out');
  else io.stdout(text);
}

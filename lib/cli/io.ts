/** File input shared by the commands: one place that turns unreadable or malformed files into one-line errors. */
import * as fs from 'fs';
import { InvlogicError } from '../errors';
import { IsingModel, modelFromAnyJson, type ModelWithOffset } from '../ising';

/** Reads and parses a JSON file; errors name `what` (a positional like TABLE or a flag like --run) and the file. */
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

/** Reads an Ising model file: invlogic-ising/1 JSON or a dimod BQM (detected by its "type"); see docs/dimod.md. */
export function readModelFile(file: string, what = 'MODEL'): IsingModel {
  return readModelWithOffset(file, what).model;
}

/** As readModelFile, with the energy offset (a dimod BQM's "offset" or invlogic's "meta.offset"; else 0). */
export function readModelWithOffset(file: string, what = 'MODEL'): ModelWithOffset & { format: 'dimod' | 'invlogic' } {
  return modelFromAnyJson(readJsonFile(file, what), file);
}

/** `invlogic verify MODEL.json TABLE.json`: exact check that the ground states are the table's rows. */
import { InvlogicError } from '../../lib/errors';
import { modelFromAnyJson } from '../../lib/ising';
import { parseTruthTable, verify } from '../../lib/logic';
import { defineCommand, formatHelp, parseArgs } from '../args';
import { stderrProgress } from '../progress';
import { readJsonFile } from './_logic-common';
import { PROCESS_IO, type CliIO } from '../io';

export const summary =
  "Check by exact enumeration that a model's ground states, on the table's wires, are the table's rows";

const spec = defineCommand({
  name: 'verify',
  summary,
  positionals: [
    { name: 'MODEL', help: 'Ising model JSON (invlogic-ising/1; its clamps are kept) or dimod BQM JSON' },
    { name: 'TABLE', help: 'truth table JSON; every wire must be a spin of the model' },
  ],
  flags: {
    json: { type: 'boolean', help: 'print the full result as JSON' },
    'max-free-spins': {
      type: 'int',
      min: 1,
      max: 26,
      default: 24,
      help: 'refuse models with more free spins (2^26 states: ~0.6 GB, tens of seconds)',
    },
  },
  description: 'Exit status: 0 = exact match, 1 = mismatch (the first one is printed), 2 = bad input.',
});

export async function run(argv: string[], io: CliIO = PROCESS_IO): Promise<number> {
  const args = parseArgs(spec, argv);
  if (args.help) {
    io.stdout(formatHelp(spec));
    return 0;
  }
  const [modelFile, tableFile] = args.positionals;
  const maxFree = args.flags['max-free-spins'];
  const json = readJsonFile(modelFile, 'MODEL');
  // Refuse a model with too many free spins from its JSON, before building it (a 10^7-spin model takes minutes).
  const o = (json ?? {}) as { names?: unknown; clamp?: unknown };
  if (Array.isArray(o.names)) {
    const clamped = o.clamp !== null && typeof o.clamp === 'object' ? Object.keys(o.clamp).length : 0;
    const free = o.names.length - clamped;
    if (free > maxFree) {
      throw new InvlogicError(
        `MODEL ${modelFile} has ${free} free spins (${o.names.length} spins, ${clamped} clamped); exact verification ` +
          `enumerates 2^free states and is limited to --max-free-spins ${maxFree}`,
        'MODEL',
      );
    }
  }
  const model = modelFromAnyJson(json, modelFile).model;
  const table = parseTruthTable(readJsonFile(tableFile, 'TABLE'), tableFile, 30);
  const r = verify(model, table, { maxFreeSpins: maxFree, onProgress: stderrProgress('verify', 'states', { io }) });
  if (args.flags.json) {
    io.stdout(JSON.stringify(r, (_, v) => (v === Infinity ? 'Infinity' : v)) + '\n');
  } else if (r.ok) {
    io.stdout(
      `ok: ${r.numRows} rows = ground states (${r.numGroundStates} with aux), gap ${r.gap}, logical gap ${r.logicalGap}, ${r.numFreeSpins} free spins\n`,
    );
  } else {
    const row = Object.entries(r.firstMismatch!.row)
      .map(([w, b]) => `${w}=${b}`)
      .join(' ');
    const what = r.firstMismatch!.kind === 'extra' ? 'ground state not in the table' : 'table row not a ground state';
    io.stdout(`mismatch: ${what}: ${row} (${r.numExtraRows} extra, ${r.numMissingRows} missing rows; gap ${r.gap})\n`);
  }
  return r.ok ? 0 : 1;
}

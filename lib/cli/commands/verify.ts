/** `invlogic verify MODEL.json TABLE.json`: exact check that the ground states are the table's rows. */
import { parseTruthTable, verify } from '../../logic';
import { defineCommand, formatHelp, parseArgs } from '../args';
import { readJsonFile } from './_logic-common';
import { readModelFile } from '../io';

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
    'max-free-spins': { type: 'int', min: 1, max: 30, default: 24, help: 'refuse models with more free spins' },
  },
  description: 'Exit status: 0 = exact match, 1 = mismatch (the first one is printed), 2 = bad input.',
});

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(spec, argv);
  if (args.help) {
    process.stdout.write(formatHelp(spec));
    return 0;
  }
  const [modelFile, tableFile] = args.positionals;
  const model = readModelFile(modelFile);
  const table = parseTruthTable(readJsonFile(tableFile, 'TABLE'), tableFile, 30);
  const r = verify(model, table, { maxFreeSpins: args.flags['max-free-spins'] });
  if (args.flags.json) {
    process.stdout.write(JSON.stringify(r, (_, v) => (v === Infinity ? 'Infinity' : v)) + '\n');
  } else if (r.ok) {
    process.stdout.write(
      `ok: ${r.numRows} rows = ground states (${r.numGroundStates} with aux), gap ${r.gap}, logical gap ${r.logicalGap}, ${r.numFreeSpins} free spins\n`,
    );
  } else {
    const row = Object.entries(r.firstMismatch!.row)
      .map(([w, b]) => `${w}=${b}`)
      .join(' ');
    const what = r.firstMismatch!.kind === 'extra' ? 'ground state not in the table' : 'table row not a ground state';
    process.stdout.write(
      `mismatch: ${what}: ${row} (${r.numExtraRows} extra, ${r.numMissingRows} missing rows; gap ${r.gap})\n`,
    );
  }
  return r.ok ? 0 : 1;
}

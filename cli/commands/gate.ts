/** `invlogic gate NAME`: print a library spin gate as Ising JSON (or its truth table with --table). */
import { modelToJson } from '../../lib/ising';
import { GATE_NAMES, gate, gateToModel, gateTruthTable, verify } from '../../lib/logic';
import { defineCommand, formatHelp, parseArgs } from '../args';
import { emit } from './_logic-common';
import { PROCESS_IO, type CliIO } from '../io';

export const summary = 'Print a spin gate (AND, OR, XOR, HA, FA, MAJ3, ...) as Ising JSON';

const spec = defineCommand({
  name: 'gate',
  summary,
  positionals: [{ name: 'NAME', help: `gate name: ${GATE_NAMES.join(', ')}` }],
  flags: {
    table: { type: 'boolean', help: 'print the gate truth table JSON instead of the model' },
    out: { type: 'string', metavar: 'FILE', help: 'write the JSON here instead of stdout' },
  },
  description: 'Examples:\n  invlogic gate AND > and.json\n  invlogic gate FA --table > fa-table.json',
});

export async function run(argv: string[], io: CliIO = PROCESS_IO): Promise<number> {
  const args = parseArgs(spec, argv);
  if (args.help) {
    io.stdout(formatHelp(spec));
    return 0;
  }
  const g = gate(args.positionals[0]);
  const table = gateTruthTable(g);
  if (args.flags.table) {
    emit(JSON.stringify(table) + '\n', args.flags.out, io);
    return 0;
  }
  const model = gateToModel(g);
  const check = verify(model, table);
  const meta = {
    gate: g.name,
    inputs: table.inputs,
    outputs: table.outputs,
    aux: g.aux,
    gap: check.gap,
    source: g.source,
  };
  emit(JSON.stringify(modelToJson(model, meta)) + '\n', args.flags.out, io);
  return 0;
}

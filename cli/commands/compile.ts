/** `invlogic compile TABLE.json`: compile a truth table into an integer Ising Hamiltonian (lib/logic/compile.ts). */
import { modelFromJson, modelToJson } from '../../lib/ising';
import { compileTruthTable, MAX_COMPILE_WIRES, parseTruthTable } from '../../lib/logic';
import { defineCommand, formatHelp, parseArgs } from '../args';
import { emit, readJsonFile } from './_logic-common';
import { PROCESS_IO, type CliIO } from '../io';

export const summary =
  'Compile a truth-table JSON into an integer Ising Hamiltonian (fewest aux spins, smallest |h|,|J|)';

const spec = defineCommand({
  name: 'compile',
  summary,
  positionals: [
    {
      name: 'TABLE',
      help: `truth table JSON {"inputs": [...], "outputs": [...], "rows": [[0,1,...], ...]}, at most ${MAX_COMPILE_WIRES} wires`,
    },
  ],
  flags: {
    'max-aux': { type: 'int', min: 0, max: 4, default: 2, help: 'most auxiliary spins to try' },
    'max-coefficient': { type: 'int', min: 1, max: 1024, default: 8, help: 'largest |h|, |J| allowed' },
    'time-limit': {
      type: 'number',
      min: 0.1,
      max: 3600,
      default: 20,
      metavar: 'SECONDS',
      help: 'time limit per MILP solve',
    },
    budget: {
      type: 'number',
      min: 0.1,
      max: 36000,
      default: 60,
      metavar: 'SECONDS',
      help: 'wall-clock budget of the whole exact search',
    },
    'no-fallback': {
      type: 'boolean',
      help: 'fail (exit 2) instead of returning the non-minimal cube-cover construction when the search finds nothing',
    },
    'upper-bound': {
      type: 'string',
      metavar: 'MODEL.json',
      help: 'a known model of the table (e.g. from invlogic circuit): caps the search, returned if best',
    },
    name: { type: 'string', default: 'COMPILED', help: 'gate name recorded in meta' },
    out: { type: 'string', metavar: 'FILE', help: 'write the JSON here instead of stdout' },
  },
  description: [
    'Prints Ising JSON (invlogic-ising/1) whose names are the table wires then aux spins X1..;',
    'meta holds gap, logicalGap, numAux, maxAbsCoefficient, method (exact | construction), auxLowerBound',
    'and whether minimality was proved. If the exact search finds nothing within --max-aux, --max-coefficient',
    'and the time limits, the cube-cover construction (not minimal, may exceed both limits) is returned.',
    '',
    'Example:',
    '  echo \'{"inputs":["A","B"],"outputs":["Y"],"rows":[[0,0,0],[0,1,1],[1,0,1],[1,1,0]]}\' > xor.json',
    '  invlogic compile xor.json > xor-model.json && invlogic verify xor-model.json xor.json',
  ].join('\n'),
});

export async function run(argv: string[], io: CliIO = PROCESS_IO): Promise<number> {
  const args = parseArgs(spec, argv);
  if (args.help) {
    io.stdout(formatHelp(spec));
    return 0;
  }
  const file = args.positionals[0];
  const table = parseTruthTable(readJsonFile(file, 'TABLE'), file, MAX_COMPILE_WIRES);
  // The exact search can use the whole --budget: a line every 5 s after the first 2 s (the solver blocks between).
  let lastLine = 0;
  const onProgress = (elapsedS: number, budgetS: number, solves: number): void => {
    if (elapsedS < 2 || elapsedS - lastLine < 5) return;
    lastLine = elapsedS;
    io.stderr(`compile: ${solves} solves, ${elapsedS.toFixed(0)} s of the ${budgetS} s budget\n`);
  };
  const r = await compileTruthTable(table, {
    onProgress,
    maxAux: args.flags['max-aux'],
    maxCoefficient: args.flags['max-coefficient'],
    timeLimitS: args.flags['time-limit'],
    budgetS: args.flags.budget,
    fallback: !args.flags['no-fallback'],
    upperBound:
      args.flags['upper-bound'] === undefined
        ? undefined
        : modelFromJson(readJsonFile(args.flags['upper-bound'], '--upper-bound'), args.flags['upper-bound']),
    name: args.flags.name,
  });
  const meta = {
    gate: r.gate.name,
    table: file,
    inputs: r.gate.wires.slice(0, r.gate.numInputs),
    outputs: r.gate.wires.slice(r.gate.numInputs),
    aux: r.gate.aux,
    numAux: r.numAux,
    method: r.method,
    auxLowerBound: r.auxLowerBound,
    maxAbsCoefficient: r.maxAbsCoefficient,
    gap: r.gap,
    logicalGap: r.verification.logicalGap,
    auxProvedMinimal: r.auxProvedMinimal,
    rangeProvedMinimal: r.rangeProvedMinimal,
    solver: 'HiGHS (npm highs)',
  };
  emit(JSON.stringify(modelToJson(r.model, meta)) + '\n', args.flags.out, io);
  return 0;
}

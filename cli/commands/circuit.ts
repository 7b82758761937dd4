/** `invlogic circuit KIND`: print a ready-made invertible circuit (adder, multiplier, ...) as Ising JSON. */
import { InvlogicError } from '../../lib/errors';
import { modelToJson } from '../../lib/ising';
import {
  adderTable,
  arrayMultiplier,
  Circuit,
  comparator,
  comparatorTable,
  multiplierTable,
  neuronCircuit,
  neuronTable,
  popcountCircuit,
  rippleCarryAdder,
  TruthTable,
} from '../../lib/logic';
import { defineCommand, formatHelp, parseArgs } from '../args';
import { emit } from './_logic-common';
import { PROCESS_IO, type CliIO } from '../io';

export const summary = 'Print a ready-made circuit (adder, multiplier, comparator, popcount, neuron) as Ising JSON';

const KINDS = ['adder', 'multiplier', 'comparator', 'popcount', 'neuron'] as const;
type Kind = (typeof KINDS)[number];

/** Flags each kind accepts (besides --table, --out). */
const KIND_FLAGS: Record<Kind, string[]> = {
  adder: ['bits', 'carry-in'],
  multiplier: ['bits', 'b-bits'],
  comparator: ['bits'],
  popcount: ['inputs'],
  neuron: ['inputs', 'bias'],
};

const spec = defineCommand({
  name: 'circuit',
  summary,
  positionals: [{ name: 'KIND', help: KINDS.join('|') }],
  flags: {
    bits: { type: 'int', min: 1, max: 32, help: 'operand width (adder, multiplier: a bits, comparator)' },
    'b-bits': { type: 'int', min: 2, max: 32, help: 'multiplier: b width (default = --bits)' },
    'carry-in': { type: 'boolean', help: 'adder: add a carry-in wire ci' },
    inputs: { type: 'int', min: 1, max: 4096, help: 'neuron: number of inputs; popcount: 2..1024' },
    bias: { type: 'boolean', help: 'neuron: add a bias spin b' },
    table: { type: 'boolean', help: 'print the reference truth table instead (at most 16 input wires)' },
    out: { type: 'string', metavar: 'FILE', help: 'write the JSON here instead of stdout' },
  },
  description: [
    'Wires are LSB first: adder a0.. b0.. [ci] s0..s{n}; multiplier a0.. b0.. p0..; comparator a0.. b0.. y (a >= b);',
    'popcount x0.. q0..; neuron w0.. [b] x0.. y = sign(sum w x + b), sign(0) = +1.',
    '',
    'Examples:',
    '  invlogic circuit multiplier --bits 4 > mult4.json      # 48 spins, as Smithson et al.',
    '  invlogic circuit neuron --inputs 9 --bias',
    '  invlogic circuit adder --bits 2 --table > add2-table.json',
  ].join('\n'),
});

function need(flag: string, v: number | undefined, kind: string): number {
  if (v === undefined) throw new InvlogicError(`circuit ${kind} needs --${flag}`, `--${flag}`);
  return v;
}

export async function run(argv: string[], io: CliIO = PROCESS_IO): Promise<number> {
  const args = parseArgs(spec, argv);
  if (args.help) {
    io.stdout(formatHelp(spec));
    return 0;
  }
  const kindText = args.positionals[0];
  if (!(KINDS as readonly string[]).includes(kindText)) {
    throw new InvlogicError(`KIND must be one of ${KINDS.join('|')}, got '${kindText}'`, 'KIND');
  }
  const kind = kindText as Kind;
  for (const name of args.given) {
    if (name !== 'table' && name !== 'out' && !KIND_FLAGS[kind].includes(name)) {
      throw new InvlogicError(
        `--${name} does not apply to circuit ${kind} (it takes ${KIND_FLAGS[kind].map((f) => `--${f}`).join(', ')})`,
        `--${name}`,
      );
    }
  }
  const f = args.flags;
  let circuit: Circuit;
  let table: () => TruthTable;
  const params: Record<string, unknown> = {};
  switch (kind) {
    case 'adder': {
      const bits = need('bits', f.bits, kind);
      circuit = rippleCarryAdder(bits, { carryIn: f['carry-in'] });
      table = () => adderTable(bits, { carryIn: f['carry-in'] });
      Object.assign(params, { bits, carryIn: f['carry-in'] });
      break;
    }
    case 'multiplier': {
      const a = need('bits', f.bits, kind);
      if (a < 2) throw new InvlogicError(`--bits must be an integer in [2, 32] for a multiplier, got ${a}`, '--bits');
      const b = f['b-bits'] ?? a;
      circuit = arrayMultiplier(a, b);
      table = () => multiplierTable(a, b);
      Object.assign(params, { aBits: a, bBits: b });
      break;
    }
    case 'comparator': {
      const bits = need('bits', f.bits, kind);
      circuit = comparator(bits);
      table = () => comparatorTable(bits);
      Object.assign(params, { bits });
      break;
    }
    case 'popcount': {
      const n = need('inputs', f.inputs, kind);
      if (n < 2 || n > 1024)
        throw new InvlogicError(`--inputs must be an integer in [2, 1024] for popcount, got ${n}`, '--inputs');
      circuit = popcountCircuit(n);
      const k = circuit.outputs.length;
      table = () => ({
        inputs: circuit.inputs,
        outputs: circuit.outputs,
        rows: Array.from({ length: 2 ** n }, (_, s) => {
          const x = Array.from({ length: n }, (_, i) => (s >> i) & 1);
          const c = x.reduce((p, q) => p + q, 0);
          return [...x, ...Array.from({ length: k }, (_, i) => (c >> i) & 1)];
        }),
      });
      Object.assign(params, { nInputs: n });
      break;
    }
    case 'neuron': {
      const n = need('inputs', f.inputs, kind);
      circuit = neuronCircuit(n, { bias: f.bias });
      table = () => neuronTable(n, { bias: f.bias });
      Object.assign(params, { nInputs: n, bias: f.bias });
      break;
    }
  }
  if (f.table) {
    if (circuit.inputs.length > 16) {
      throw new InvlogicError(
        `--table: the ${kind} has ${circuit.inputs.length} input wires; at most 16 are printed`,
        '--table',
      );
    }
    emit(JSON.stringify(table()) + '\n', f.out, io);
    return 0;
  }
  const model = circuit.toModel();
  const meta = {
    circuit: kind,
    ...params,
    inputs: circuit.inputs,
    outputs: circuit.outputs,
    spins: model.n,
    couplings: model.numEdges,
    gates: circuit.gateCensus(),
    maxAbsCoefficient: Math.max(model.coefficientRange().maxAbsH, model.coefficientRange().maxAbsJ),
  };
  emit(JSON.stringify(modelToJson(model, meta)) + '\n', f.out, io);
  return 0;
}

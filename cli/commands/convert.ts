/**
 * `invlogic convert IN --to dimod|invlogic`: models and SampleSets between our JSON and dimod's serializable
 * JSON (docs/dimod.md). The input kind is detected: a dimod BQM ("type": "BinaryQuadraticModel"), a dimod
 * SampleSet ("type": "SampleSet"), an invlogic-ising/1 model ("format") or an invlogic SampleSet
 * ("variables" + "records").
 */
import * as fs from 'fs';
import { InvlogicError } from '../../lib/errors';
import {
  ISING_FORMAT,
  isDimodBqm,
  isDimodSampleSet,
  isInvlogicSampleSet,
  modelFromDimod,
  modelFromInvlogicJson,
  modelToDimod,
  modelToInvlogicJson,
  sampleSetFromDimod,
  sampleSetFromJson,
  sampleSetToDimod,
} from '../../lib/ising';
import { readJsonFile } from '../io';
import { defineCommand, formatHelp, parseArgs } from '../args';
import { PROCESS_IO, type CliIO } from '../io';

export const summary = "Convert a model or SampleSet between invlogic JSON and dimod's serializable JSON";

const spec = defineCommand({
  name: 'convert',
  summary,
  positionals: [
    {
      name: 'IN',
      help: 'model (invlogic-ising/1 or dimod BinaryQuadraticModel) or SampleSet (invlogic or dimod) JSON',
    },
  ],
  flags: {
    to: { type: 'string', choices: ['dimod', 'invlogic'], required: true, help: 'output format' },
    out: { type: 'string', metavar: 'FILE', help: 'write the JSON here instead of stdout' },
    'fold-clamps': {
      type: 'boolean',
      help: 'model -> dimod: fix clamped spins (their energy moves into neighbours’ biases and the offset)',
    },
  },
  description: [
    'Energy signs: ours E = -(sum h s + sum J s s); dimod E = sum a s + sum b s s + offset. So a = -h, b = -J and',
    'every state has the same energy in both; the offset is kept (invlogic JSON: "meta.offset").',
    '',
    'Examples:',
    '  invlogic gate AND > and.json && invlogic convert and.json --to dimod --out and.bqm.json',
    '  invlogic sample and.bqm.json --reads 100 --out s.json && invlogic convert s.json --to dimod',
    '  # in Python: dimod.BinaryQuadraticModel.from_serializable(json.load(open("and.bqm.json")))',
  ].join('\n'),
});

export async function run(argv: string[], io: CliIO = PROCESS_IO): Promise<number> {
  const args = parseArgs(spec, argv);
  if (args.help) {
    io.stdout(formatHelp(spec));
    return 0;
  }
  const file = args.positionals[0];
  const obj = readJsonFile(file, 'IN');
  const to = args.flags.to;
  let out: unknown;
  if (isDimodBqm(obj)) {
    const { model, offset } = modelFromDimod(obj, file);
    out = to === 'dimod' ? modelToDimod(model, offset) : modelToInvlogicJson(model, offset);
  } else if (isDimodSampleSet(obj)) {
    const ss = sampleSetFromDimod(obj, file);
    out = to === 'dimod' ? sampleSetToDimod(ss) : ss.toJSON();
  } else if (obj !== null && typeof obj === 'object' && (obj as Record<string, unknown>).format !== undefined) {
    const { model, offset } = modelFromInvlogicJson(obj, file);
    out = to === 'dimod' ? modelToDimod(model, offset, args.flags['fold-clamps']) : modelToInvlogicJson(model, offset);
  } else if (isInvlogicSampleSet(obj)) {
    const ss = sampleSetFromJson(obj, file);
    out = to === 'dimod' ? sampleSetToDimod(ss) : ss.toJSON();
  } else {
    throw new InvlogicError(
      `IN: ${file} is neither a model (${ISING_FORMAT} "format", or dimod "type": "BinaryQuadraticModel") nor a SampleSet ("variables" + "records", or dimod "type": "SampleSet")`,
      'IN',
    );
  }
  const text = JSON.stringify(out) + '\n';
  if (args.flags.out !== undefined) fs.writeFileSync(args.flags.out, text);
  else io.stdout(text);
  return 0;
}

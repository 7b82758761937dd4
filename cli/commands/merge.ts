/** `invlogic merge OUT IN...`: merge sweep result files (e.g. one per shard), one row per config key. */
import { mergeResultFiles } from '../../lib/sweep';
import { defineCommand, formatHelp, parseArgs } from '../args';
import { PROCESS_IO, type CliIO } from '../io';

export const summary = 'Merge sweep result files (JSONL) into one, keeping one row per config key';

const spec = defineCommand({
  name: 'merge',
  summary,
  positionals: [
    { name: 'OUT', help: 'merged results file (may be one of the inputs; replaced atomically)' },
    { name: 'IN', help: 'result files to merge, first occurrence of a key wins', variadic: true },
  ],
  flags: {
    strict: { type: 'boolean', help: 'exit 1 if a key has different results in different files' },
  },
});

export async function run(argv: string[], io: CliIO = PROCESS_IO): Promise<number> {
  const args = parseArgs(spec, argv);
  if (args.help) {
    io.stdout(formatHelp(spec));
    return 0;
  }
  const [out, ...inputs] = args.positionals;
  const report = mergeResultFiles(inputs, out);
  for (const s of report.skipped) {
    io.stderr(
      `${s.file}: ignored ${s.invalidLines.length} invalid line(s)${s.tornTail ? ' and a torn last line' : ''}\n`,
    );
  }
  if (report.conflicts.length > 0) {
    io.stderr(
      `${report.conflicts.length} key(s) with conflicting results (kept the first): ${report.conflicts.slice(0, 5).join(', ')}\n`,
    );
  }
  io.stdout(
    `${out}: ${report.rows.length} rows from ${inputs.length} file(s) (${report.duplicates} duplicate(s) dropped)\n`,
  );
  return args.flags.strict && report.conflicts.length > 0 ? 1 : 0;
}

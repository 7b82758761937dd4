/** `invlogic version`: the package version and the runtime it runs on. */
import { defineCommand, formatHelp, parseArgs } from '../args';
import { PROCESS_IO, type CliIO } from '../io';

export const summary = 'Print the invlogic version and runtime';

const spec = defineCommand({
  name: 'version',
  summary,
  flags: {
    json: { type: 'boolean', help: 'print {"name", "version", "node"} as JSON' },
  },
});

export async function run(argv: string[], io: CliIO = PROCESS_IO): Promise<number> {
  const args = parseArgs(spec, argv);
  if (args.help) {
    io.stdout(formatHelp(spec));
    return 0;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- package.json sits outside lib/
  const pkg = require('../../package.json') as { name: string; version: string };
  if (args.flags.json) {
    io.stdout(JSON.stringify({ name: pkg.name, version: pkg.version, node: process.version }) + '\n');
  } else {
    io.stdout(`${pkg.name} ${pkg.version} (node ${process.version})\n`);
  }
  return 0;
}

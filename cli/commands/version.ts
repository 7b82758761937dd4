/** `invlogic version`: the package version and the runtime it runs on. */
import { defineCommand, formatHelp, parseArgs } from '../args';

export const summary = 'Print the invlogic version and runtime';

const spec = defineCommand({
  name: 'version',
  summary,
  flags: {
    json: { type: 'boolean', help: 'print {"name", "version", "node"} as JSON' },
  },
});

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(spec, argv);
  if (args.help) {
    process.stdout.write(formatHelp(spec));
    return 0;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- package.json sits outside lib/
  const pkg = require('../../package.json') as { name: string; version: string };
  if (args.flags.json) {
    process.stdout.write(JSON.stringify({ name: pkg.name, version: pkg.version, node: process.version }) + '\n');
  } else {
    process.stdout.write(`${pkg.name} ${pkg.version} (node ${process.version})\n`);
  }
  return 0;
}

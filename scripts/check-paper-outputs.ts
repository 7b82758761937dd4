/**
 * Checks that `npm run paper` produced every expected output, non-empty and well-formed. The expectation comes
 * from the registry (experiments/index.ts: each paper experiment's declared figures and tables), not from the
 * manifest the run wrote, so a run that silently skipped an experiment fails here.
 *
 *   node --import tsx scripts/check-paper-outputs.ts --quick          # after npm run paper -- --quick
 *   node --import tsx scripts/check-paper-outputs.ts [--out DIR] [--no-png]
 *
 * Exit 0 if everything is there; 1 with one line per problem otherwise.
 */
import * as fs from 'fs';
import * as path from 'path';
import { defineCommand, formatHelp, parseArgs } from '../cli/args';
import { readResults } from '../lib/sweep';
import { paperExperiments } from '../experiments';
import type { Manifest } from './paper';

const spec = defineCommand({
  name: 'check-paper-outputs',
  summary: 'Check that npm run paper produced every expected file, non-empty',
  flags: {
    quick: { type: 'boolean', help: 'check the quick-scale outputs (default dir build/paper-quick)' },
    out: {
      type: 'string',
      metavar: 'DIR',
      help: 'output directory (default figures, or build/paper-quick with --quick)',
    },
    png: { type: 'boolean', default: true, help: 'expect PNGs (--no-png: HTML only)' },
  },
});

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Problems found in `out` (empty when all is well). */
export function checkPaperOutputs(out: string, options: { quick: boolean; png: boolean }): string[] {
  const problems: string[] = [];
  const nonEmpty = (rel: string): Buffer | undefined => {
    const file = path.join(out, rel);
    if (!fs.existsSync(file)) {
      problems.push(`missing ${rel}`);
      return undefined;
    }
    const buf = fs.readFileSync(file);
    if (buf.length === 0) {
      problems.push(`empty ${rel}`);
      return undefined;
    }
    return buf;
  };
  const csv = (rel: string): void => {
    const buf = nonEmpty(rel);
    if (buf && buf.toString('utf8').trim().split('\n').length < 2) problems.push(`${rel} has a header but no rows`);
  };
  const experiments = paperExperiments();
  if (experiments.length === 0) problems.push('no paper experiments registered');
  let manifest: Manifest | undefined;
  const m = nonEmpty('manifest.json');
  if (m) {
    try {
      manifest = JSON.parse(m.toString('utf8')) as Manifest;
    } catch (err) {
      problems.push(`manifest.json is not JSON: ${(err as Error).message}`);
    }
  }
  if (manifest && manifest.quick !== options.quick) {
    problems.push(`manifest.json says quick=${manifest.quick}, expected ${options.quick} (wrong directory or scale?)`);
  }
  const readme = nonEmpty('README.md')?.toString('utf8') ?? '';
  for (const exp of experiments) {
    const name = exp.name;
    const results = nonEmpty(`data/${name}.jsonl`);
    if (results && readResults(path.join(out, 'data', `${name}.jsonl`)).rows.length === 0)
      problems.push(`data/${name}.jsonl has no valid rows`);
    csv(`data/${name}.csv`);
    for (const t of exp.paper!.tables) csv(`data/${name}-${t}.csv`);
    for (const f of exp.paper!.figures) {
      const html = nonEmpty(`${name}-${f}.html`);
      if (html && !html.toString('utf8').includes('Plotly.newPlot'))
        problems.push(`${name}-${f}.html draws no plotly figure`);
      if (options.png) {
        const png = nonEmpty(`${name}-${f}.png`);
        if (png && !png.subarray(0, 8).equals(PNG_MAGIC)) problems.push(`${name}-${f}.png is not a PNG`);
      }
    }
    const entry = manifest?.experiments.find((e) => e.name === name);
    if (manifest && !entry) problems.push(`manifest.json has no entry for ${name}`);
    if (entry) {
      for (const c of entry.claims) {
        if (!readme.includes(c.claim.replace(/\|/g, '\\|')))
          problems.push(`README.md lacks the claim '${c.claim}' of ${name}`);
      }
    }
    if (readme && !readme.includes(`### ${name}:`)) problems.push(`README.md has no section for ${name}`);
  }
  return problems;
}

if (require.main === module) {
  const args = parseArgs(spec, process.argv.slice(2));
  if (args.help) {
    process.stdout.write(formatHelp(spec, 'node --import tsx scripts/check-paper-outputs.ts'));
  } else {
    const out = path.resolve(
      args.flags.out ?? path.join(__dirname, '..', args.flags.quick ? 'build/paper-quick' : 'figures'),
    );
    const problems = checkPaperOutputs(out, { quick: args.flags.quick, png: args.flags.png });
    for (const p of problems) process.stderr.write(`check-paper-outputs: ${p}\n`);
    const n = paperExperiments().length;
    if (problems.length === 0)
      process.stdout.write(`check-paper-outputs: ${n} experiment(s), all outputs present in ${out}\n`);
    process.exitCode = problems.length === 0 ? 0 : 1;
  }
}

// A partial paper run (--only, --figures-only) rewrites only its experiments' sections of manifest.json and
// README.md: the other experiments' entries, the header (date, machine) and the total time stay as they were.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { main, renderReadme, type Manifest } from '../scripts/paper';

const ROOT = path.resolve(__dirname, '..');

/** README.md split into its '### name' sections (plus the part before the first one). */
function sections(readme: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = readme.split(/^(?=### )/m);
  out.set('head', parts[0]);
  for (const p of parts.slice(1)) out.set(p.slice(4, p.indexOf(':')), p);
  return out;
}

test('paper --figures-only --only X keeps the other rows, the header and the totals', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'invlogic-paper-'));
  const saved = process.stdout.write.bind(process.stdout);
  const savedErr = process.stderr.write.bind(process.stderr);
  try {
    const before = JSON.parse(fs.readFileSync(path.join(ROOT, 'figures', 'manifest.json'), 'utf8')) as Manifest;
    fs.mkdirSync(path.join(out, 'data'));
    fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(before, null, 2) + '\n');
    fs.copyFileSync(path.join(ROOT, 'figures', 'data', 'sc-vs-exact.csv'), path.join(out, 'data', 'sc-vs-exact.csv'));
    const readmeBefore = renderReadme(before) + '\n';
    fs.writeFileSync(path.join(out, 'README.md'), readmeBefore);
    process.stdout.write = (() => true) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    const code = await main(['--figures-only', '--only', 'sc-vs-exact', '--no-png', '--out', out]);
    process.stdout.write = saved;
    process.stderr.write = savedErr;
    assert.equal(code, 0);
    const after = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
    for (const k of ['generatedAt', 'quick', 'node', 'cores', 'totalTimeS'] as const)
      assert.equal(after[k], before[k], k);
    assert.deepEqual(
      after.experiments.filter((e) => e.name !== 'sc-vs-exact'),
      before.experiments.filter((e) => e.name !== 'sc-vs-exact'),
    );
    const x = after.experiments.find((e) => e.name === 'sc-vs-exact')!;
    const x0 = before.experiments.find((e) => e.name === 'sc-vs-exact')!;
    // Rows read back from the CSV: same claims, the timings of the run that produced them.
    assert.deepEqual(x.claims, x0.claims);
    assert.equal(x.pointTimeS, x0.pointTimeS);
    const s0 = sections(readmeBefore);
    const s1 = sections(fs.readFileSync(path.join(out, 'README.md'), 'utf8'));
    assert.deepEqual([...s1.keys()], [...s0.keys()]);
    for (const [name, text] of s0) if (name !== 'sc-vs-exact') assert.equal(s1.get(name), text, name);
    // The committed flat CSV is the source here, so it is not rewritten.
    assert.equal(
      fs.readFileSync(path.join(out, 'data', 'sc-vs-exact.csv'), 'utf8'),
      fs.readFileSync(path.join(ROOT, 'figures', 'data', 'sc-vs-exact.csv'), 'utf8'),
    );
  } finally {
    process.stdout.write = saved;
    process.stderr.write = savedErr;
    fs.rmSync(out, { recursive: true, force: true });
  }
});

/**
 * lib/ has no cycle of runtime imports (`import type` is erased and does not count). Besides keeping the layering
 * readable, a cycle breaks the notebooks: tslab's module loader recurses on one ("Maximum call stack size
 * exceeded"), while plain Node and tsx tolerate it, so only the notebook run would catch it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const LIB = path.join(__dirname, '..', 'lib');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Relative runtime imports and re-exports of a file, resolved to files of lib/. */
function runtimeImports(file: string, known: Set<string>): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  const re = /^(?:import|export)\s+(?!type\b)(?:[^;]*?\bfrom\s+)?['"](\.[^'"]+)['"]/gms;
  for (const m of text.matchAll(re)) {
    const base = path.resolve(path.dirname(file), m[1]);
    const hit = [`${base}.ts`, path.join(base, 'index.ts')].find((c) => known.has(c));
    if (hit) out.push(hit);
  }
  return out;
}

test('lib/ has no import cycle (runtime imports)', () => {
  const files = tsFiles(LIB);
  const known = new Set(files);
  const graph = new Map(files.map((f) => [f, runtimeImports(f, known)]));
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (f: string, trail: string[]): void => {
    state.set(f, 'open');
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === 'open') {
        const loop = [...trail.slice(trail.indexOf(g)), f, g].map((x) => path.relative(LIB, x));
        cycles.push(loop.join(' -> '));
      } else if (!state.has(g)) visit(g, [...trail, f]);
    }
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f, []);
  assert.deepEqual(cycles, [], `import cycles in lib/:\n${cycles.join('\n')}`);
});

test('lib/ imports nothing above it (cli/, experiments/, bench/, scripts/), at run time or as types', () => {
  const above = ['cli', 'experiments', 'bench', 'scripts'].map((d) => path.join(LIB, '..', d) + path.sep);
  const offenders: string[] = [];
  for (const file of tsFiles(LIB)) {
    const text = fs.readFileSync(file, 'utf8');
    const specs = [...text.matchAll(/(?:from\s+|import\(|require\()\s*['"](\.[^'"]+)['"]/g)].map((m) => m[1]);
    // by-path loads such as require(path.join(__dirname, '..', 'experiments')) count too
    if (/path\.(join|resolve)\(__dirname,[^)]*'(cli|experiments|bench|scripts)'/.test(text)) specs.push('(by path)');
    for (const spec of specs) {
      const target = spec === '(by path)' ? above[0] : path.resolve(path.dirname(file), spec) + path.sep;
      if (spec === '(by path)' || above.some((a) => target.startsWith(a)))
        offenders.push(`${path.relative(LIB, file)}: ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});

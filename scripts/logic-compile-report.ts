/**
 * Measures the truth-table compiler on the library gates and a few small circuits (the numbers in
 * docs/logic.md). Run: node --import tsx scripts/logic-compile-report.ts [--slow]   (--slow adds the 2x2
 * multiplier and the 3-input neuron, about a minute or more each on a shared 2-core machine).
 */
import {
  adderTable,
  allGates,
  comparatorTable,
  compileTruthTable,
  gateTruthTable,
  multiplierTable,
  neuronTable,
  TruthTable,
} from '../lib/logic';

async function main(): Promise<void> {
  const cases: [string, TruthTable][] = allGates().map((g) => [g.name, gateTruthTable(g)]);
  cases.push(['adder 2-bit', adderTable(2)], ['comparator 2-bit', comparatorTable(2)]);
  if (process.argv.includes('--slow'))
    cases.push(['multiplier 2x2', multiplierTable(2)], ['neuron n=3', neuronTable(3)]);
  console.log(
    '| table | wires | rows | aux | max abs h/J | gap | aux minimal proved | range minimal proved | solves | time ms |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const [name, t] of cases) {
    const t0 = Date.now();
    try {
      const r = await compileTruthTable(t, { timeLimitS: 30 });
      console.log(
        `| ${name} | ${t.inputs.length + t.outputs.length} | ${t.rows.length} | ${r.numAux} | ${r.maxAbsCoefficient} | ${r.gap} | ${r.auxProvedMinimal} | ${r.rangeProvedMinimal} | ${r.solverStats.solves} | ${Date.now() - t0} |`,
      );
    } catch (e) {
      console.log(
        `| ${name} | ${t.inputs.length + t.outputs.length} | ${t.rows.length} | ${(e as Error).message} | | | | | | ${Date.now() - t0} |`,
      );
    }
  }
}
void main();

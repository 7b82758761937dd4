/**
 * Measures the truth-table compiler on the library gates and a few small circuits (the numbers in
 * docs/logic.md). Run: node --import tsx scripts/logic-compile-report.ts [--slow] [--budget S] [--time-limit S]
 * (--slow adds the 2x2 multiplier and the 3-input neuron, 7-8 wires with aux spins; each is bounded by the
 * budget, default 60 s, plus the construction). Times depend on the machine's load; the flags do not lie.
 * --construct prints the constructions alone instead (constructTruthTable: cube rewards vs disjoint cover).
 */
import {
  adderTable,
  allGates,
  comparatorTable,
  compileTruthTable,
  constructTruthTable,
  gateTruthTable,
  multiplierTable,
  neuronCircuit,
  neuronTable,
  TruthTable,
} from '../lib/logic';

function flag(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

async function main(): Promise<void> {
  const budgetS = flag('--budget', 60);
  const timeLimitS = flag('--time-limit', 20);
  const cases: [string, TruthTable][] = allGates().map((g) => [g.name, gateTruthTable(g)]);
  cases.push(['adder 2-bit', adderTable(2)], ['comparator 2-bit', comparatorTable(2)]);
  if (process.argv.includes('--slow'))
    cases.push(
      ['multiplier 2x2', multiplierTable(2)],
      ['neuron n=3', neuronTable(3)],
      ['neuron n=3, upperBound neuronCircuit(3)', neuronTable(3)],
    );
  if (process.argv.includes('--construct')) {
    console.log(
      '| table | wires | disjoint cover: aux | its max abs h/J | constructTruthTable (best of both): aux | max abs h/J | gap | time ms |',
    );
    console.log('|---|---|---|---|---|---|---|---|');
    for (const [name, t] of cases) {
      if (t.rows.length === 2 ** (t.inputs.length + t.outputs.length) || name.includes('upperBound')) continue;
      const cover = await constructTruthTable(t, { hybrid: false });
      const t0 = Date.now();
      const r = await constructTruthTable(t);
      const ms = Date.now() - t0;
      console.log(
        `| ${name} | ${t.inputs.length + t.outputs.length} | ${cover.numAux} | ${cover.maxAbsCoefficient} | ${r.numAux} | ${r.maxAbsCoefficient} | ${r.gap} | ${ms} |`,
      );
    }
    return;
  }
  console.log(`budgetS ${budgetS}, timeLimitS ${timeLimitS}`);
  console.log(
    '| table | wires | rows | method | aux | aux lower bound | max abs h/J | gap | aux minimal proved | range minimal proved | solves | time ms |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [name, t] of cases) {
    const t0 = Date.now();
    try {
      const upperBound = name.includes('upperBound') ? neuronCircuit(3).toModel() : undefined;
      const r = await compileTruthTable(t, { timeLimitS, budgetS, upperBound });
      console.log(
        `| ${name} | ${t.inputs.length + t.outputs.length} | ${t.rows.length} | ${r.method} | ${r.numAux} | ${r.auxLowerBound} | ${r.maxAbsCoefficient} | ${r.gap} | ${r.auxProvedMinimal} | ${r.rangeProvedMinimal} | ${r.solverStats.solves} | ${Date.now() - t0} |`,
      );
    } catch (e) {
      console.log(
        `| ${name} | ${t.inputs.length + t.outputs.length} | ${t.rows.length} | ${(e as Error).message} | | | | | | | | ${Date.now() - t0} |`,
      );
    }
  }
}
void main();

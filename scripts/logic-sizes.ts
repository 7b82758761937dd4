/**
 * Measures the numbers quoted in docs/logic.md: every library gate's h, J and exact gap, and the sizes
 * (spins, couplings, gates) of the ready-made circuits. Run: node --import tsx scripts/logic-sizes.ts
 */
import { enumerate } from '../lib/ising';
import {
  allGates,
  arrayMultiplier,
  comparator,
  gateToModel,
  neuronCircuit,
  rippleCarryAdder,
  Circuit,
} from '../lib/logic';

console.log('| gate | ports | aux | h | J (i, j, w) | gap |');
console.log('|---|---|---|---|---|---|');
for (const g of allGates()) {
  const gap = enumerate(gateToModel(g)).gap;
  const nodes = [...g.wires, ...g.aux];
  const J = g.J.map(([i, j, w]) => `${nodes[i]}${nodes[j]}:${w}`).join(' ');
  console.log(`| ${g.name} | ${g.wires.join(',')} | ${g.aux.join(',') || '-'} | ${g.h.join(', ')} | ${J} | ${gap} |`);
}

function row(label: string, c: Circuit): void {
  const m = c.toModel();
  const census = Object.entries(c.gateCensus())
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  const { maxAbsH, maxAbsJ } = m.coefficientRange();
  console.log(`| ${label} | ${m.n} | ${m.numEdges} | ${census} | ${Math.max(maxAbsH, maxAbsJ)} |`);
}
console.log('\n| circuit | spins | couplings | gates | max abs h/J |');
console.log('|---|---|---|---|---|');
for (const n of [2, 4, 8, 16, 32]) row(`adder ${n}-bit`, rippleCarryAdder(n));
for (const n of [2, 3, 4, 5, 8]) row(`multiplier ${n}x${n}`, arrayMultiplier(n));
for (const n of [4, 8]) row(`comparator ${n}-bit`, comparator(n));
for (const n of [3, 5, 9, 25, 49]) row(`neuron n=${n}`, neuronCircuit(n));
for (const n of [9, 25]) row(`neuron n=${n} + bias`, neuronCircuit(n, { bias: true }));

/**
 * The spin-gate library (paper brief §2.3): each gate is a small integer Hamiltonian
 *
 *   E(m) = -( sum_i h_i m_i + sum_{i<j} J_ij m_i m_j ),   logic 0 = spin -1, logic 1 = spin +1,
 *
 * whose ground states, projected on the ports, are exactly the gate's truth table. Gates are plain data:
 * `h` and `J` index the nodes [...wires, ...aux] (ports first, then auxiliary spins). Every gate is checked
 * by exact enumeration in test/logic-gates.test.ts; the gaps quoted below are what that test measures.
 *
 * Sources: AND, XOR (aux = A or B), HA, FA are Smithson et al. TCAS-I 2019 Eqs. 3, 5, 7, 9 (arXiv
 * 2603.27030); OR/NAND/NOR/XNOR follow by spin flips (flipping spin i negates h_i and every J_ij); MAJ3 is
 * derived here: E = -(2 Y (A+B+C) - (AB+AC+BC)) is -3 on every valid row and >= +1 elsewhere.
 */
import { InvlogicError } from '../errors';
import { IsingModel } from '../ising';
import { functionTable, TruthTable } from './truthtable';

export interface Gate {
  name: string;
  /** Port names, inputs first (the CLI contract). */
  wires: string[];
  /** Auxiliary spins (not ports). */
  aux: string[];
  /** Bias per node, nodes = [...wires, ...aux]. */
  h: number[];
  /** Couplings [i, j, J_ij] over the same node order, i < j, each pair once. */
  J: [number, number, number][];
  /** Number of leading ports that are inputs (the rest of `wires` are outputs). */
  numInputs: number;
  /** Where the Hamiltonian comes from. */
  source: string;
}

type LogicFn = (bits: number[]) => number[];

interface GateDef extends Gate {
  fn: LogicFn;
}

const defs: GateDef[] = [
  {
    name: 'AND',
    wires: ['A', 'B', 'Y'],
    aux: [],
    h: [1, 1, -2],
    J: [
      [0, 1, -1],
      [0, 2, 2],
      [1, 2, 2],
    ],
    numInputs: 2,
    source: 'Smithson TCAS-I 2019 Eq. 3',
    fn: ([a, b]) => [a & b],
  },
  {
    name: 'OR',
    wires: ['A', 'B', 'Y'],
    aux: [],
    h: [-1, -1, 2],
    J: [
      [0, 1, -1],
      [0, 2, 2],
      [1, 2, 2],
    ],
    numInputs: 2,
    source: 'all-spin flip of AND',
    fn: ([a, b]) => [a | b],
  },
  {
    name: 'NAND',
    wires: ['A', 'B', 'Y'],
    aux: [],
    h: [1, 1, 2],
    J: [
      [0, 1, -1],
      [0, 2, -2],
      [1, 2, -2],
    ],
    numInputs: 2,
    source: 'AND with Y flipped',
    fn: ([a, b]) => [1 - (a & b)],
  },
  {
    name: 'NOR',
    wires: ['A', 'B', 'Y'],
    aux: [],
    h: [-1, -1, -2],
    J: [
      [0, 1, -1],
      [0, 2, -2],
      [1, 2, -2],
    ],
    numInputs: 2,
    source: 'OR with Y flipped',
    fn: ([a, b]) => [1 - (a | b)],
  },
  {
    name: 'NOT',
    wires: ['A', 'Y'],
    aux: [],
    h: [0, 0],
    J: [[0, 1, -1]],
    numInputs: 1,
    source: 'antiferromagnetic pair',
    fn: ([a]) => [1 - a],
  },
  {
    name: 'BUF',
    wires: ['A', 'Y'],
    aux: [],
    h: [0, 0],
    J: [[0, 1, 1]],
    numInputs: 1,
    source: 'ferromagnetic pair',
    fn: ([a]) => [a],
  },
  {
    name: 'XOR',
    wires: ['A', 'B', 'Y'],
    aux: ['X1'],
    h: [-1, -1, -1, 2],
    J: [
      [0, 1, -1],
      [0, 2, -1],
      [0, 3, 2],
      [1, 2, -1],
      [1, 3, 2],
      [2, 3, 2],
    ],
    numInputs: 2,
    source: 'Smithson TCAS-I 2019 Eq. 5 (X1 = A or B)',
    fn: ([a, b]) => [a ^ b],
  },
  {
    name: 'XNOR',
    wires: ['A', 'B', 'Y'],
    aux: ['X1'],
    h: [-1, -1, 1, -2],
    J: [
      [0, 1, -1],
      [0, 2, 1],
      [0, 3, -2],
      [1, 2, 1],
      [1, 3, -2],
      [2, 3, 2],
    ],
    numInputs: 2,
    source: 'Smithson TCAS-I 2019 Eq. 6 with Y flipped (X1 = A nor B)',
    fn: ([a, b]) => [1 - (a ^ b)],
  },
  {
    name: 'HA',
    wires: ['A', 'B', 'S', 'CO'],
    aux: [],
    h: [1, 1, -1, -2],
    J: [
      [0, 1, -1],
      [0, 2, 1],
      [0, 3, 2],
      [1, 2, 1],
      [1, 3, 2],
      [2, 3, -2],
    ],
    numInputs: 2,
    source: 'Smithson TCAS-I 2019 Eq. 7',
    fn: ([a, b]) => [a ^ b, a & b],
  },
  {
    name: 'FA',
    wires: ['A', 'B', 'CI', 'S', 'CO'],
    aux: [],
    h: [0, 0, 0, 0, 0],
    J: [
      [0, 1, -1],
      [0, 2, -1],
      [0, 3, 1],
      [0, 4, 2],
      [1, 2, -1],
      [1, 3, 1],
      [1, 4, 2],
      [2, 3, 1],
      [2, 4, 2],
      [3, 4, -2],
    ],
    numInputs: 3,
    source: 'Smithson TCAS-I 2019 Eq. 9',
    fn: ([a, b, c]) => [a ^ b ^ c, (a & b) | (a & c) | (b & c)],
  },
  {
    name: 'MAJ3',
    wires: ['A', 'B', 'C', 'Y'],
    aux: [],
    h: [0, 0, 0, 0],
    J: [
      [0, 1, -1],
      [0, 2, -1],
      [0, 3, 2],
      [1, 2, -1],
      [1, 3, 2],
      [2, 3, 2],
    ],
    numInputs: 3,
    source: 'derived: E = -(2Y(A+B+C) - (AB+AC+BC))',
    fn: ([a, b, c]) => [(a & b) | (a & c) | (b & c)],
  },
];

const byName = new Map<string, GateDef>(defs.map((g) => [g.name, g]));

/** Names of the library gates. */
export const GATE_NAMES: readonly string[] = Object.freeze(defs.map((g) => g.name));

function strip(def: GateDef): Gate {
  return {
    name: def.name,
    wires: [...def.wires],
    aux: [...def.aux],
    h: [...def.h],
    J: def.J.map((e) => [...e] as [number, number, number]),
    numInputs: def.numInputs,
    source: def.source,
  };
}

/** A library gate by name (case-insensitive); unknown names are an InvlogicError listing the known gates. */
export function gate(name: string): Gate {
  const def = byName.get(String(name).toUpperCase());
  if (!def) throw new InvlogicError(`unknown gate "${name}"; known gates: ${GATE_NAMES.join(', ')}`, 'gate');
  return strip(def);
}

/** All library gates. */
export function allGates(): Gate[] {
  return defs.map(strip);
}

/** The truth table of a library gate (ports only). */
export function gateTruthTable(g: Gate | string): TruthTable {
  const name = typeof g === 'string' ? g : g.name;
  const def = byName.get(name.toUpperCase());
  if (!def) throw new InvlogicError(`unknown gate "${name}"; known gates: ${GATE_NAMES.join(', ')}`, 'gate');
  return functionTable(def.wires.slice(0, def.numInputs), def.wires.slice(def.numInputs), def.fn);
}

/** The gate as an IsingModel; spin names are the port names followed by the aux names. */
export function gateToModel(g: Gate): IsingModel {
  return new IsingModel([...g.wires, ...g.aux], g.h, g.J);
}

/**
 * Checks a user-supplied gate (e.g. one produced by the compiler): names unique, h length, J indices in
 * range, integer coefficients not required. Throws an InvlogicError naming the problem.
 */
export function checkGate(g: Gate): Gate {
  const nodes = [...g.wires, ...g.aux];
  if (g.h.length !== nodes.length) {
    throw new InvlogicError(
      `gate ${g.name}: h has ${g.h.length} entries, expected ${nodes.length} (wires then aux)`,
      'h',
    );
  }
  // The IsingModel constructor checks names, finiteness and J indices.
  gateToModel(g);
  if (!Number.isInteger(g.numInputs) || g.numInputs < 0 || g.numInputs > g.wires.length) {
    throw new InvlogicError(`gate ${g.name}: numInputs must be in [0, ${g.wires.length}]`, 'numInputs');
  }
  return g;
}

/**
 * The gate with some ports logically inverted: flipping spin i maps the ground states onto the table with
 * column i negated, so h_i and every J_ij touching i change sign (same gap). E.g. flipPorts(MAJ3, ['B']) is
 * MAJ(A, NOT B, C), the borrow cell of a comparator, without a NOT gate's extra spin.
 */
export function flipPorts(g: Gate, ports: readonly string[], name?: string): Gate {
  const flip = new Set<number>();
  for (const p of ports) {
    const i = g.wires.indexOf(p);
    if (i < 0) throw new InvlogicError(`gate ${g.name} has no port "${p}"; ports: ${g.wires.join(', ')}`, p);
    flip.add(i);
  }
  return {
    ...g,
    name: name ?? `${g.name}_N${[...ports].join('')}`,
    wires: [...g.wires],
    aux: [...g.aux],
    h: g.h.map((v, i) => (flip.has(i) ? -v : v)),
    J: g.J.map(([i, j, w]) => [i, j, flip.has(i) !== flip.has(j) ? -w : w] as [number, number, number]),
    source: `${g.source}; ports ${[...ports].join(', ')} inverted`,
  };
}

/**
 * Truth-table compiler: integer h, J whose ground states, projected on the table's wires, are exactly the
 * table's rows ("ground-state spin logic", Whitfield, Faccin, Biamonte, EPL 2012, the method the ICECS 2019
 * predecessor cites; paper brief §2.3, §4.1).
 *
 * Formulation (for k auxiliary spins, nodes = wires + aux, E(s) = -(sum h_i s_i + sum_{i<j} J_ij s_i s_j),
 * which is LINEAR in the unknowns h, J):
 *
 *   - every valid row r has, for the aux assignment a_r it picks, E(r, a_r) = E0, and E(r, a) >= E0 for all a;
 *   - every invalid row q has E(q, a) >= E0 + 1 for all a (with integer h, J all energy differences are even,
 *     so the realised gap is >= 2);
 *   - |h_i|, |J_ij| <= R, all integer; minimise R.
 *
 * Without aux spins this is a pure integer program. With aux spins the choice of a_r is the combinatorial
 * part: binary z_{r,a} (sum_a z_{r,a} = 1) select it through big-M rows E(r, a) <= E0 + M (1 - z_{r,a}).
 * Flipping an aux spin everywhere maps solutions to solutions, so the first valid row's aux is fixed to all -1.
 * We try k = 0, 1, ..., maxAux and return the first k that is feasible within |coef| <= maxCoefficient, with the
 * smallest R for that k; a second solve with R fixed maximises the gap. The result is verified by exact
 * enumeration before it is returned.
 *
 * Solver choice: HiGHS (npm "highs", the Edinburgh MILP solver compiled to WebAssembly). It installs from
 * the npm registry with no download step, runs single-threaded inside Node (so results are deterministic:
 * the same table gives the same Hamiltonian on every run), proves optimality and infeasibility (needed for
 * the "fewest aux, then smallest range" guarantees) and accepts plain CPLEX-LP text. The pure-JS
 * javascript-lp-solver has no infeasibility proofs we could rely on for integer programs, and glpk.js 5 is an
 * ES module with an async worker API, awkward from this CommonJS code base.
 */
import { InvlogicError, rejectUnknownKeys, requireInt, requireRange } from '../errors';
import { IsingModel } from '../ising';
import { Gate } from './gates';
import { parseTruthTable, rowKey, tableWires, TruthTable } from './truthtable';
import { verify, VerifyResult } from './verify';

/** Largest number of wires the compiler accepts. */
export const MAX_COMPILE_WIRES = 10;

export interface CompileOptions {
  /** Most auxiliary spins to try (default 2, at most 4). */
  maxAux?: number;
  /** Largest |h|, |J| allowed (default 8, i.e. 4-bit signed weights as in Smithson's hardware). */
  maxCoefficient?: number;
  /** Wall-clock limit per MILP solve in seconds (default 30); a time-limited result is flagged as unproven. */
  timeLimitS?: number;
  /** Name of the compiled gate (default "COMPILED"). */
  name?: string;
}

export interface CompiledTable {
  /** The Hamiltonian as gate data: wires = the table's wires, aux = X1..Xk. */
  gate: Gate;
  /** The same as an IsingModel (names = wires then aux). */
  model: IsingModel;
  numAux: number;
  /** max(|h|, |J|). */
  maxAbsCoefficient: number;
  /** Exact enumeration of the result against the table (ok is always true here). */
  verification: VerifyResult;
  /** Energy gap (first excited minus ground), from the verification. */
  gap: number;
  /** Whether fewer aux spins were proved infeasible (false if a solve hit its time limit). */
  auxProvedMinimal: boolean;
  /** Whether the coefficient range was proved minimal for numAux. */
  rangeProvedMinimal: boolean;
  /** Number of MILP/LP solves and the time spent in them. */
  solverStats: { solves: number; solveMs: number };
}

const COMPILE_KEYS = ['maxAux', 'maxCoefficient', 'timeLimitS', 'name'];

interface HighsLike {
  solve(
    problem: string,
    options?: Record<string, unknown>,
  ): {
    Status: string;
    ObjectiveValue: number;
    Columns: Record<string, { Primal?: number }>;
  };
}

let highsPromise: Promise<HighsLike> | undefined;

function loadHighs(): Promise<HighsLike> {
  if (!highsPromise) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS entry of the wasm package
    const loader = require('highs') as (opts?: unknown) => Promise<HighsLike>;
    highsPromise = loader();
  }
  return highsPromise;
}

interface Problem {
  nodes: number;
  pairs: [number, number][];
  lp: string;
}

/** Linear expression of E(state) in the variables h*, J*: E = -sum h_i s_i - sum J_ij s_i s_j. */
function energyTerms(spins: Int8Array, pairs: [number, number][]): string {
  const parts: string[] = [];
  for (let i = 0; i < spins.length; i++) parts.push(`${spins[i] > 0 ? '-' : '+'} h${i}`);
  for (const [i, j] of pairs) parts.push(`${spins[i] * spins[j] > 0 ? '-' : '+'} J${i}_${j}`);
  return parts.join(' ');
}

type Mode = 'minRange' | 'maxGap' | 'realLp';

/**
 * The LP text. minRange: integer h, J in [-maxCoef, maxCoef], minimise R >= |h|, |J|. maxGap: |h|, |J| <= range,
 * maximise the gap g. realLp: real h, J without bounds (k = 0 only), feasibility.
 */
function buildProblem(numWires: number, valid: Set<number>, k: number, range: number, mode: Mode): Problem {
  const n = numWires + k;
  const pairs: [number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
  // |E(s) - E0| <= 2 range (n + pairs): the smallest valid big-M, which keeps the LP relaxation tight.
  const bigM = 2 * range * (n + pairs.length);
  // E(r, a) - E0 = E(r, a) - E(r, a_r) only involves terms touching an aux spin (k biases, k(n-k) wire-aux
  // and k(k-1)/2 aux-aux couplings), each changing by at most 2 range: a much tighter big-M for the z rows.
  const auxM = 2 * range * (k + k * (n - k) + (k * (k - 1)) / 2);
  const rows: string[] = [];
  const binaries: string[] = [];
  const spins = new Int8Array(n);
  const validList = [...valid].sort((x, y) => x - y);
  const gapVar = mode === 'maxGap' ? ' - g' : '';
  const gapRhs = mode === 'maxGap' ? 0 : 1;
  let c = 0;
  for (let w = 0; w < 2 ** numWires; w++) {
    for (let i = 0; i < numWires; i++) spins[i] = (w >>> i) & 1 ? 1 : -1;
    const isValid = valid.has(w);
    for (let a = 0; a < 2 ** k; a++) {
      for (let i = 0; i < k; i++) spins[numWires + i] = (a >>> i) & 1 ? 1 : -1;
      const e = energyTerms(spins, pairs);
      if (!isValid) {
        rows.push(` c${c++}: ${e} - E0${gapVar} >= ${gapRhs}`);
      } else if (k === 0) {
        rows.push(` c${c++}: ${e} - E0 = 0`);
      } else {
        const z = `z${w}_${a}`;
        binaries.push(z);
        rows.push(` c${c++}: ${e} - E0 >= 0`);
        rows.push(` c${c++}: ${e} - E0 + ${auxM} ${z} <= ${auxM}`);
      }
    }
    if (isValid && k > 0) {
      const zs = Array.from({ length: 2 ** k }, (_, a) => `z${w}_${a}`);
      rows.push(` c${c++}: ${zs.join(' + ')} = 1`);
    }
  }
  if (k > 0) rows.push(` c${c++}: z${validList[0]}_0 = 1`);
  const coefVars = [...Array.from({ length: n }, (_, i) => `h${i}`), ...pairs.map(([i, j]) => `J${i}_${j}`)];
  if (mode === 'minRange') {
    for (const v of coefVars) {
      rows.push(` c${c++}: ${v} - R <= 0`);
      rows.push(` c${c++}: ${v} + R >= 0`);
    }
  }
  const bounds: string[] =
    mode === 'realLp'
      ? [...coefVars, 'E0'].map((v) => ` ${v} free`)
      : [...coefVars.map((v) => ` -${range} <= ${v} <= ${range}`), ` -${bigM} <= E0 <= ${bigM}`];
  if (mode === 'minRange') bounds.push(` 0 <= R <= ${range}`);
  if (mode === 'maxGap') bounds.push(` 0 <= g <= ${2 * bigM}`);
  const objective =
    mode === 'minRange' ? 'Minimize\n obj: R' : mode === 'maxGap' ? 'Maximize\n obj: g' : 'Minimize\n obj: 0 E0';
  const generals = [...coefVars, 'E0', ...(mode === 'minRange' ? ['R'] : mode === 'maxGap' ? ['g'] : [])];
  const lp = [
    objective,
    'Subject To',
    ...rows,
    'Bounds',
    ...bounds,
    ...(mode === 'realLp' ? [] : ['General', ` ${generals.join(' ')}`]),
    ...(binaries.length > 0 ? ['Binary', ` ${binaries.join(' ')}`] : []),
    'End',
    '',
  ].join('\n');
  return { nodes: n, pairs, lp };
}

function readSolution(
  sol: { Columns: Record<string, { Primal?: number }> },
  problem: Problem,
): { h: number[]; J: [number, number, number][] } {
  const get = (name: string): number => Math.round(sol.Columns[name]?.Primal ?? 0) + 0;
  const h = Array.from({ length: problem.nodes }, (_, i) => get(`h${i}`));
  const J: [number, number, number][] = [];
  for (const [i, j] of problem.pairs) {
    const w = get(`J${i}_${j}`);
    if (w !== 0) J.push([i, j, w]);
  }
  return { h, J };
}

const HAS_SOLUTION = new Set([
  'Optimal',
  'Time limit reached',
  'Iteration limit reached',
  'Target for objective reached',
]);

/**
 * Compiles a truth table (validated here; see parseTruthTable for the accepted form) into an integer
 * Hamiltonian with the fewest auxiliary spins, then the smallest coefficient range, then the largest gap.
 * Throws an InvlogicError if the table is malformed or no Hamiltonian exists within the limits.
 */
export async function compileTruthTable(table: unknown, options: CompileOptions = {}): Promise<CompiledTable> {
  rejectUnknownKeys('options', options, COMPILE_KEYS);
  const maxAux = requireInt('maxAux', options.maxAux ?? 2, 0, 4);
  const maxCoef = requireInt('maxCoefficient', options.maxCoefficient ?? 8, 1, 1024);
  const timeLimitS = requireRange('timeLimitS', options.timeLimitS ?? 30, 0.1, 3600);
  const tt: TruthTable = parseTruthTable(table, 'truth table', MAX_COMPILE_WIRES);
  const wires = tableWires(tt);
  const valid = new Set(tt.rows.map(rowKey));
  const highs = await loadHighs();
  const solverOptions = { time_limit: timeLimitS, random_seed: 0, output_flag: false, threads: 1 };
  const stats = { solves: 0, solveMs: 0 };
  const solve = (lp: string): ReturnType<HighsLike['solve']> => {
    const t0 = Date.now();
    const sol = highs.solve(lp, solverOptions);
    stats.solves++;
    stats.solveMs += Date.now() - t0;
    if (process.env.INVLOGIC_COMPILE_DEBUG === '1')
      process.stderr.write(`compile: solve ${stats.solves} ${sol.Status} ${Date.now() - t0} ms\n`);
    return sol;
  };
  let auxProvedMinimal = true;
  for (let k = 0; k <= maxAux; k++) {
    if (k === 0) {
      // Without aux spins the problem is scale-invariant: if the LP over REAL h, J (no range bound) is
      // infeasible, no integer solution exists at any range: one cheap LP instead of a MILP.
      if (solve(buildProblem(wires.length, valid, 0, 0, 'realLp').lp).Status === 'Infeasible') continue;
    }
    const problem = buildProblem(wires.length, valid, k, maxCoef, 'minRange');
    const sol = solve(problem.lp);
    if (sol.Status === 'Infeasible') continue;
    const candidate = HAS_SOLUTION.has(sol.Status)
      ? buildAndVerify(tt, readSolution(sol, problem), k, options.name)
      : undefined;
    if (!candidate || !candidate.verification.ok) {
      // Time limit without an incumbent: k aux spins are not ruled out, only not found.
      auxProvedMinimal = false;
      continue;
    }
    const rangeProvedMinimal = sol.Status === 'Optimal';
    let result = candidate;
    // Second solve: the same range bound, the largest gap (kept only if it verifies and is larger).
    const gapProblem = buildProblem(wires.length, valid, k, candidate.maxAbsCoefficient, 'maxGap');
    const gapSol = solve(gapProblem.lp);
    if (HAS_SOLUTION.has(gapSol.Status)) {
      const better = buildAndVerify(tt, readSolution(gapSol, gapProblem), k, options.name);
      if (better.verification.ok && better.verification.gap > result.verification.gap) result = better;
    }
    return { ...result, numAux: k, auxProvedMinimal, rangeProvedMinimal, solverStats: stats };
  }
  throw new InvlogicError(
    `truth table: no Hamiltonian found with at most ${maxAux} auxiliary spins and |h|, |J| <= ${maxCoef}` +
      (auxProvedMinimal ? '' : ' within the time limit') +
      '; raise maxAux (--max-aux) or maxCoefficient (--max-coefficient)',
    'maxAux',
  );
}

function buildAndVerify(
  tt: TruthTable,
  sol: { h: number[]; J: [number, number, number][] },
  k: number,
  name = 'COMPILED',
): Pick<CompiledTable, 'gate' | 'model' | 'maxAbsCoefficient' | 'verification' | 'gap'> {
  const wires = tableWires(tt);
  const aux = Array.from({ length: k }, (_, i) => {
    let nm = `X${i + 1}`;
    while (wires.includes(nm)) nm = `_${nm}`;
    return nm;
  });
  const gate: Gate = {
    name,
    wires,
    aux,
    h: sol.h,
    J: sol.J,
    numInputs: tt.inputs.length,
    source: 'compiled by lib/logic/compile.ts (HiGHS MILP)',
  };
  const model = new IsingModel([...wires, ...aux], sol.h, sol.J);
  const verification = verify(model, tt);
  const maxAbsCoefficient = Math.max(0, ...sol.h.map(Math.abs), ...sol.J.map(([, , w]) => Math.abs(w)));
  return { gate, model, maxAbsCoefficient, verification, gap: verification.gap };
}

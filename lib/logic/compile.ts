/**
 * One idea, one file (over the ~600-line guide on purpose): the truth-table compiler (MILP formulation, search
 * over auxiliary spins, verification of its output).
 *
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
 * Symmetry breaking: flipping an aux spin everywhere maps solutions to solutions, so the first valid row's aux
 * is fixed to all -1; permuting aux spins too, so the aux columns are ordered by the first valid row where they
 * are +1. We try k = 0, 1, ..., maxAux (up to the constructive upper bound, below) and return the first k that
 * is feasible within |coef| <= maxCoefficient, with the smallest R for that k; a last solve with R fixed
 * maximises the gap. Every solve is time-limited and the whole search has a wall-clock budget, so the compiler
 * always returns in bounded time; the flags say what was proved. The result is verified exactly before it is
 * returned.
 *
 * Solver choice: HiGHS (npm "highs", the Edinburgh MILP solver compiled to WebAssembly). It installs from
 * the npm registry with no download step, runs single-threaded inside Node (so results are deterministic:
 * the same table gives the same Hamiltonian on every run, as long as no solve hits a time limit), proves optimality and infeasibility (needed for
 * the "fewest aux, then smallest range" guarantees) and accepts plain CPLEX-LP text. The pure-JS
 * javascript-lp-solver has no infeasibility proofs we could rely on for integer programs, and glpk.js 5 is an
 * ES module with an async worker API, awkward from this CommonJS code base.
 */
import { InvlogicError, rejectUnknownKeys, requireInt, requireRange } from '../errors';
import { IsingModel } from '../ising';
import { cubeCover, cubeHamiltonian, implicants, verifyWireAuxBipartite } from './compile-construct';
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
  /** Wall-clock limit per MILP solve in seconds (default 20); a time-limited result is flagged as unproven. */
  timeLimitS?: number;
  /** Wall-clock budget of the whole exact search in seconds (default 60). */
  budgetS?: number;
  /**
   * When the exact search finds nothing within maxAux, maxCoefficient and the time limits, return the
   * constructive cube-cover Hamiltonian (method 'construction'; may exceed maxAux and maxCoefficient) instead
   * of throwing (default true).
   */
  fallback?: boolean;
  /**
   * A known Hamiltonian for the table (e.g. a composed circuit's model, `neuronCircuit(3).toModel()`): every
   * table wire must be one of its spins, its other spins count as aux, no clamps, at most 24 spins. It is
   * verified, caps the exact search like the construction (k <= its aux count) and is returned (method
   * 'given') when the search finds nothing and it has fewer aux spins than the construction.
   */
  upperBound?: IsingModel;
  /** Name of the compiled gate (default "COMPILED"). */
  name?: string;
  /** Called after each solve of the exact search with the seconds spent so far, e.g. to show progress. */
  onProgress?: (elapsedS: number, budgetS: number, solves: number) => void;
}

export interface CompiledTable {
  /** The Hamiltonian as gate data: wires = the table's wires, aux = X1..Xk. */
  gate: Gate;
  /** The same as an IsingModel (names = wires then aux). */
  model: IsingModel;
  numAux: number;
  /** 'exact': found by the MILP search; 'construction': the cube fallback; 'given': options.upperBound. */
  method: 'exact' | 'construction' | 'given';
  /**
   * Every aux count below this was proved infeasible with |h|, |J| <= maxCoefficient (0 aux: at any range).
   */
  auxLowerBound: number;
  /** max(|h|, |J|). */
  maxAbsCoefficient: number;
  /** Exact enumeration of the result against the table (ok is always true here). */
  verification: VerifyResult;
  /** Energy gap (first excited minus ground), from the verification. */
  gap: number;
  /** Whether fewer aux spins were proved infeasible (numAux === auxLowerBound; false after a time limit). */
  auxProvedMinimal: boolean;
  /** Whether the coefficient range was proved minimal for numAux. */
  rangeProvedMinimal: boolean;
  /** Number of MILP/LP solves and the time spent in them. */
  solverStats: { solves: number; solveMs: number };
}

const COMPILE_KEYS = ['maxAux', 'maxCoefficient', 'timeLimitS', 'budgetS', 'fallback', 'upperBound', 'name', 'onProgress'];

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
 * The LP text. minRange: integer h, J in [-range, range], minimise R >= |h|, |J|. maxGap: |h|, |J| <= range,
 * maximise the gap g. realLp: real h, J without bounds (k = 0 only), feasibility. (A pure feasibility variant
 * without objective was measured slower at proving infeasibility: see docs/logic.md.)
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
  if (k > 0) {
    // Symmetry breaking. Aux flips: the first valid row's aux are all -1. Aux permutations: the aux columns
    // (aux bit over the valid rows, in order) are sorted by the position of their first +1, i.e.
    // bit_{i+1}(row p) <= sum_{q <= p} bit_i(row q) (implied by a lexicographic sort, hence valid).
    rows.push(` c${c++}: z${validList[0]}_0 = 1`);
    const bitExpr = (w: number, i: number): string[] =>
      Array.from({ length: 2 ** k }, (_, a) => a)
        .filter((a) => (a >>> i) & 1)
        .map((a) => `z${w}_${a}`);
    for (let i = 0; i + 1 < k; i++) {
      const prefix: string[] = [];
      for (let p = 1; p < validList.length; p++) {
        prefix.push(...bitExpr(validList[p], i));
        const lhs = bitExpr(validList[p], i + 1).join(' + ');
        rows.push(` c${c++}: ${lhs} - ${prefix.join(' - ')} <= 0`);
      }
    }
  }
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
 *
 * Search, for k = 0, 1, ..., maxAux aux spins, within the wall-clock budget `budgetS`:
 *   - k = 0: one real LP rules aux-free solutions out (scale invariance);
 *   - a MILP minimises the range R >= |h|, |J| within maxCoefficient: Infeasible proves k aux spins too few
 *     (next k), Optimal proves the range minimal; after a time limit with a solution of range r, the range is
 *     bisected between 0 and r (MILPs with bound mid), until proved minimal or the time runs out;
 *   - a last solve at the final range maximises the gap.
 * Before trying k >= 1 (with fallback on), a construction gives an upper bound u on the aux count: the
 * cheaper of "quadratic + cube rewards" (an LP picks few implicant cubes, reweighted L1, then a small MILP
 * makes it integer) and the disjoint cube cover (always exists; lib/logic/compile-construct.ts). The search
 * stops at k = u; if it finds nothing, the construction is returned with method = 'construction' (it may
 * exceed maxAux and maxCoefficient; aux proved minimal iff u equals the proved lower bound; range never
 * proved). Every result is verified exactly before it is returned.
 * Throws an InvlogicError if the table is malformed, or no Hamiltonian is found and fallback is false.
 */
export async function compileTruthTable(table: unknown, options: CompileOptions = {}): Promise<CompiledTable> {
  rejectUnknownKeys('options', options, COMPILE_KEYS);
  const maxAux = requireInt('maxAux', options.maxAux ?? 2, 0, 4);
  const maxCoef = requireInt('maxCoefficient', options.maxCoefficient ?? 8, 1, 1024);
  const timeLimitS = requireRange('timeLimitS', options.timeLimitS ?? 20, 0.1, 3600);
  const budgetS = requireRange('budgetS', options.budgetS ?? 60, 0.1, 36000);
  const fallback = options.fallback ?? true;
  if (typeof fallback !== 'boolean') throw new InvlogicError('fallback must be true or false', 'fallback');
  const tt: TruthTable = parseTruthTable(table, 'truth table', MAX_COMPILE_WIRES);
  const wires = tableWires(tt);
  const valid = new Set(tt.rows.map(rowKey));
  const given = options.upperBound === undefined ? undefined : givenBound(options.upperBound, tt, options.name);
  const highs = await loadHighs();
  const deadline = Date.now() + budgetS * 1000;
  const stats = { solves: 0, solveMs: 0 };
  /** Status and solution, or 'Out of time' when the budget is spent before the solve starts. */
  const solve = (lp: string, limitS = timeLimitS): ReturnType<HighsLike['solve']> => {
    const left = (deadline - Date.now()) / 1000;
    if (left <= 0.05) return { Status: 'Out of time', ObjectiveValue: NaN, Columns: {} };
    const t0 = Date.now();
    const sol = highs.solve(lp, {
      time_limit: Math.min(limitS, left),
      random_seed: 0,
      output_flag: false,
      threads: 1,
    });
    stats.solves++;
    stats.solveMs += Date.now() - t0;
    if (process.env.INVLOGIC_COMPILE_DEBUG === '1')
      process.stderr.write(`compile: solve ${stats.solves} ${sol.Status} ${Date.now() - t0} ms\n`);
    options.onProgress?.((Date.now() - (deadline - budgetS * 1000)) / 1000, budgetS, stats.solves);
    return sol;
  };
  // Solve `mode` at `range`; a verified candidate, 'infeasible' (proved), or 'unknown' (time limit).
  const attempt = (k: number, range: number, mode: Mode, limitS = timeLimitS): Candidate | 'infeasible' | 'unknown' => {
    const problem = buildProblem(wires.length, valid, k, range, mode);
    const sol = solve(problem.lp, limitS);
    if (sol.Status === 'Infeasible') return 'infeasible';
    if (!HAS_SOLUTION.has(sol.Status)) return 'unknown';
    const c = buildAndVerify(tt, readSolution(sol, problem), k, options.name);
    // A solution that does not verify would be a solver tolerance problem: treat as not found.
    return c.verification.ok ? { ...c, optimal: sol.Status === 'Optimal' } : 'unknown';
  };
  // auxLowerBound: every k below it is proved infeasible (within maxCoefficient); the real LP's proof for k = 0
  // holds at any range.
  let auxLowerBound = 0;
  let anyRangeLowerBound = 0;
  // Constructive upper bound (computed once aux spins are needed, if fallback is on): the exact search never
  // tries more aux spins than it has, and it is the answer when the search finds nothing.
  const fallbackSolver = makeSolver(highs, Math.min(timeLimitS, 10), stats);
  let built: CompiledTable | undefined;
  for (let k = 0; k <= maxAux; k++) {
    let best: Candidate;
    let rangeProvedMinimal: boolean;
    if (k > 0 && fallback) {
      built ??= better(construct(tt, options.name, fallbackSolver), given);
      if (k > built.numAux) break;
    }
    // Without aux spins the problem is scale-invariant: if the LP over REAL h, J (no range bound) is
    // infeasible, no integer solution exists at any range: one cheap LP instead of a MILP.
    if (k === 0 && solve(buildProblem(wires.length, valid, 0, 0, 'realLp').lp).Status === 'Infeasible') {
      auxLowerBound = anyRangeLowerBound = 1;
      continue;
    }
    // Minimising the range proves infeasibility (and optimality) much faster in HiGHS than a pure feasibility
    // problem with the same bounds (neuron n = 3, 1 aux: 11 s against 47 s; docs/logic.md).
    // The last aux count the search will try (maxAux, or the construction's count) may use the whole remaining
    // budget for this solve: nothing else is waiting for the time.
    const last = k === Math.min(maxAux, built ? built.numAux : maxAux);
    const first = attempt(k, maxCoef, 'minRange', last ? Infinity : timeLimitS);
    if (first === 'infeasible') {
      if (auxLowerBound === k) auxLowerBound = k + 1;
      continue;
    }
    if (first === 'unknown') continue;
    best = first;
    rangeProvedMinimal = first.optimal;
    // Time limit with a solution: bisect the range between the largest range proved infeasible (range 0 is,
    // since valid and invalid rows must differ in energy) and the best range found; the problem is monotone
    // in the range, and an Optimal answer at any bound is the global minimum.
    let lo = 0;
    let provedBelow = 0;
    while (!rangeProvedMinimal && best.maxAbsCoefficient - 1 > lo) {
      const mid = Math.floor((lo + best.maxAbsCoefficient) / 2);
      const lower = attempt(k, mid, 'minRange');
      if (lower === 'infeasible') provedBelow = lo = mid;
      else if (lower === 'unknown') lo = mid;
      else {
        best = lower;
        rangeProvedMinimal = lower.optimal;
      }
    }
    if (provedBelow === best.maxAbsCoefficient - 1) rangeProvedMinimal = true;
    // The same range bound, the largest gap (kept only if it verifies and is larger). Third priority: at most
    // min(timeLimitS, 5) s (the 2x2 multiplier's gap MILP does not finish in 20 s).
    const gapRun = attempt(k, best.maxAbsCoefficient, 'maxGap', Math.min(timeLimitS, 5));
    let result: Candidate = best;
    if (typeof gapRun === 'object' && gapRun.gap > best.gap && gapRun.maxAbsCoefficient <= best.maxAbsCoefficient)
      result = gapRun;
    const { optimal: _optimal, ...rest } = result;
    void _optimal;
    return {
      ...rest,
      numAux: k,
      method: 'exact',
      auxProvedMinimal: auxLowerBound === k,
      auxLowerBound,
      rangeProvedMinimal,
      solverStats: stats,
    };
  }
  const why =
    `no Hamiltonian found with at most ${maxAux} auxiliary spins and |h|, |J| <= ${maxCoef}` +
    (auxLowerBound > maxAux ? '' : ` within the time limits (timeLimitS ${timeLimitS}, budgetS ${budgetS})`);
  if (!fallback || valid.size === 2 ** wires.length)
    throw new InvlogicError(
      `truth table: ${why}; raise maxAux (--max-aux), maxCoefficient (--max-coefficient) or the time limits`,
      'maxAux',
    );
  // The construction's own solves (LP + small MILP) get min(timeLimitS, 10) s each, outside the budget.
  built ??= better(construct(tt, options.name, fallbackSolver), given);
  // Fewer aux spins were ruled out within maxCoefficient (or at any range, for k = 0 by the real LP): that
  // proves the construction's aux count minimal only if its own range is within maxCoefficient too.
  const auxProvedMinimal =
    built.numAux === auxLowerBound && (built.maxAbsCoefficient <= maxCoef || built.numAux <= anyRangeLowerBound);
  return {
    ...built,
    gate: { ...built.gate, source: `${built.gate.source}; ${why}` },
    auxProvedMinimal,
    auxLowerBound,
    solverStats: stats,
  };
}

/**
 * The constructive Hamiltonian alone (lib/logic/compile-construct.ts: one aux spin per cube of a greedy disjoint
 * cube cover of the valid rows, logical gap 4), without any search: exists for every table with at least one
 * invalid row, verified exactly. Flags: method 'construction', nothing proved (auxLowerBound 0).
 */
export async function constructTruthTable(
  table: unknown,
  options: { name?: string; hybrid?: boolean; timeLimitS?: number } = {},
): Promise<CompiledTable> {
  rejectUnknownKeys('options', options, ['name', 'hybrid', 'timeLimitS']);
  const timeLimitS = requireRange('timeLimitS', options.timeLimitS ?? 10, 0.1, 3600);
  const tt = parseTruthTable(table, 'truth table', MAX_COMPILE_WIRES);
  if (tt.rows.length === 2 ** tableWires(tt).length)
    throw new InvlogicError('truth table: every row is valid; the zero Hamiltonian (no aux) realises it', 'rows');
  const stats = { solves: 0, solveMs: 0 };
  const solver = options.hybrid === false ? undefined : makeSolver(await loadHighs(), timeLimitS, stats);
  return { ...construct(tt, options.name, solver), solverStats: stats };
}

function makeSolver(
  highs: HighsLike,
  timeLimitS: number,
  stats: { solves: number; solveMs: number },
): (lp: string) => ReturnType<HighsLike['solve']> {
  return (lp) => {
    const t0 = Date.now();
    const sol = highs.solve(lp, { time_limit: timeLimitS, random_seed: 0, output_flag: false, threads: 1 });
    stats.solves++;
    stats.solveMs += Date.now() - t0;
    return sol;
  };
}

/**
 * Quadratic part plus cube rewards (a sparser construction than the disjoint cover): wire-only h, J (any
 * quadratic Q) and, for each implicant C used, an aux term a_C (1 + t)(d - 2 - sum c_i s_i) with integer
 * a_C >= 1, whose minimum over t is -4 a_C on C's rows and 0 elsewhere. Constraints: valid r:
 * Q(r) - 4 sum_{C ∋ r} a_C = E0; invalid q: Q(q) >= E0 + 1. An LP minimising sum a_C (L1, for few cubes)
 * picks the support, then a MILP on that support finds integers with the smallest range. Undefined when a
 * solve fails or runs out of time.
 */
function hybridHamiltonian(
  numWires: number,
  valid: Set<number>,
  solve: (lp: string) => ReturnType<HighsLike['solve']>,
): { h: number[]; J: [number, number, number][]; numAux: number } | undefined {
  const pool = implicants(numWires, valid);
  const pairs: [number, number][] = [];
  for (let i = 0; i < numWires; i++) for (let j = i + 1; j < numWires; j++) pairs.push([i, j]);
  const member: number[][] = Array.from({ length: 2 ** numWires }, () => []);
  pool.forEach((c, ci) => {
    const fixedKey = c.wires.reduce((acc, w, m) => acc + (c.values[m] > 0 ? 2 ** w : 0), 0);
    const fixedMask = c.wires.reduce((acc, w) => acc + 2 ** w, 0);
    for (let key = 0; key < 2 ** numWires; key++) if ((key & fixedMask) === fixedKey) member[key].push(ci);
  });
  const spins = new Int8Array(numWires);
  const build = (support: number[] | undefined, bound: number, weights?: number[]): string => {
    const use = support ?? pool.map((_, i) => i);
    const inUse = new Set(use);
    const rows: string[] = [];
    let c = 0;
    for (let key = 0; key < 2 ** numWires; key++) {
      for (let i = 0; i < numWires; i++) spins[i] = (key >>> i) & 1 ? 1 : -1;
      const e = energyTerms(spins, pairs);
      if (valid.has(key)) {
        const rew = member[key].filter((ci) => inUse.has(ci)).map((ci) => ` - 4 a${ci}`);
        rows.push(` c${c++}: ${e}${rew.join('')} - E0 = 0`);
      } else rows.push(` c${c++}: ${e} - E0 >= 1`);
    }
    const coef = [...Array.from({ length: numWires }, (_, i) => `h${i}`), ...pairs.map(([i, j]) => `J${i}_${j}`)];
    const bounds: string[] = [];
    if (support === undefined) {
      bounds.push(...coef.map((v) => ` ${v} free`), ' E0 free', ...use.map((ci) => ` a${ci} >= 0`));
      const obj = use.map((ci) => `${weights ? weights[ci].toPrecision(6) : 1} a${ci}`).join(' + ');
      return ['Minimize', ` obj: ${obj}`, 'Subject To', ...rows, 'Bounds', ...bounds, 'End', ''].join('\n');
    }
    // Final coefficients within R: wire biases h_i + sum a_C c_i, aux biases a_C (2 - d), couplings J, a_C.
    for (let i = 0; i < numWires; i++) {
      const terms = use
        .filter((ci) => pool[ci].wires.includes(i))
        .map((ci) => `${pool[ci].values[pool[ci].wires.indexOf(i)] > 0 ? '+' : '-'} a${ci}`)
        .join(' ');
      rows.push(` c${c++}: h${i} ${terms} - R <= 0`, ` c${c++}: h${i} ${terms} + R >= 0`);
    }
    for (const [i, j] of pairs) rows.push(` c${c++}: J${i}_${j} - R <= 0`, ` c${c++}: J${i}_${j} + R >= 0`);
    for (const ci of use) rows.push(` c${c++}: ${Math.max(1, Math.abs(2 - pool[ci].wires.length))} a${ci} - R <= 0`);
    bounds.push(
      ...coef.map((v) => ` -${bound} <= ${v} <= ${bound}`),
      ' E0 free',
      ...use.map((ci) => ` 1 <= a${ci} <= ${bound}`),
      ` 0 <= R <= ${bound}`,
    );
    return [
      'Minimize',
      ' obj: R',
      'Subject To',
      ...rows,
      'Bounds',
      ...bounds,
      'General',
      ` ${[...coef, 'E0', 'R', ...use.map((ci) => `a${ci}`)].join(' ')}`,
      'End',
      '',
    ].join('\n');
  };
  // Reweighted L1 (Candes, Wakin, Boyd 2008): weights 1 / (a_C + eps) push the LP towards fewer cubes.
  let support: number[] | undefined;
  let weights: number[] | undefined;
  for (let round = 0; round < 4; round++) {
    const lp = solve(build(undefined, 0, weights));
    if (lp.Status !== 'Optimal') break;
    const a = pool.map((_, ci) => lp.Columns[`a${ci}`]?.Primal ?? 0);
    const next = pool.map((_, ci) => ci).filter((ci) => a[ci] > 1e-7);
    if (process.env.INVLOGIC_COMPILE_DEBUG === '1')
      process.stderr.write(`compile: cube rewards, round ${round}: ${next.length} of ${pool.length} cubes\n`);
    if (support && next.length >= support.length) break;
    support = next;
    if (next.length === 0) break; // the quadratic part alone does it (no aux needed)
    const scale = Math.max(...a);
    weights = a.map((x) => 1 / (x / scale + 1e-3));
  }
  if (!support) return undefined;
  const mip = solve(build(support, 64));
  if (!HAS_SOLUTION.has(mip.Status)) return undefined;
  const get = (name: string): number => Math.round(mip.Columns[name]?.Primal ?? 0) + 0;
  const h = Array.from({ length: numWires + support.length }, () => 0);
  const J: [number, number, number][] = [];
  for (let i = 0; i < numWires; i++) h[i] = get(`h${i}`);
  for (const [i, j] of pairs) {
    const w = get(`J${i}_${j}`);
    if (w !== 0) J.push([i, j, w]);
  }
  support.forEach((ci, m) => {
    const a = get(`a${ci}`);
    const cube = pool[ci];
    const t = numWires + m;
    h[t] = a * (2 - cube.wires.length);
    cube.wires.forEach((i, q) => {
      h[i] += a * cube.values[q];
      J.push([i, t, a * cube.values[q]]);
    });
  });
  return { h: h.map((x) => x + 0), J, numAux: support.length };
}

function construct(
  tt: TruthTable,
  name: string | undefined,
  solve?: (lp: string) => ReturnType<HighsLike['solve']>,
): CompiledTable {
  const wires = tableWires(tt);
  const valid = new Set(tt.rows.map(rowKey));
  const cover = cubeCover(wires.length, valid);
  let ham: { h: number[]; J: [number, number, number][] } = cubeHamiltonian(wires.length, cover);
  let k = cover.cubes.length;
  let how = 'disjoint cube cover';
  const hybrid = solve ? hybridHamiltonian(wires.length, valid, solve) : undefined;
  if (hybrid && hybrid.numAux < k) {
    ham = hybrid;
    k = hybrid.numAux;
    how = 'quadratic + cube rewards';
  }
  const auxNames = auxNamesFor(wires, k);
  const model = new IsingModel([...wires, ...auxNames], ham.h, ham.J);
  let verification = verifyWireAuxBipartite(model, wires.length, tt);
  if (!verification.ok && how !== 'disjoint cube cover') {
    // Should not happen (the MILP constraints are exact); keep the always-valid cover then.
    return construct(tt, name);
  }
  if (!verification.ok) throw new Error('compile: cube-cover construction failed to verify (bug)');
  const maxAbsCoefficient = Math.max(0, ...ham.h.map(Math.abs), ...ham.J.map(([, , w]) => Math.abs(w)));
  verification = { ...verification };
  return {
    gate: {
      name: name ?? 'COMPILED',
      wires,
      aux: auxNames,
      h: ham.h,
      J: ham.J,
      numInputs: tt.inputs.length,
      source: `constructed by lib/logic/compile-construct.ts (${how})`,
    },
    model,
    numAux: k,
    maxAbsCoefficient,
    verification,
    gap: verification.gap,
    method: 'construction',
    auxProvedMinimal: false,
    auxLowerBound: 0,
    rangeProvedMinimal: false,
    solverStats: { solves: 0, solveMs: 0 },
  };
}

/** Fewer aux spins first, then the smaller range. */
function better(a: CompiledTable, b: CompiledTable | undefined): CompiledTable {
  if (!b) return a;
  if (b.numAux !== a.numAux) return b.numAux < a.numAux ? b : a;
  return b.maxAbsCoefficient < a.maxAbsCoefficient ? b : a;
}

/** options.upperBound checked and reordered (wires first, then its other spins as aux). */
function givenBound(model: unknown, tt: TruthTable, name: string | undefined): CompiledTable {
  if (!(model instanceof IsingModel)) throw new InvlogicError('upperBound must be an IsingModel', 'upperBound');
  if (model.clamp.size > 0) throw new InvlogicError('upperBound must have no clamped spins', 'upperBound');
  if (model.n > 24) throw new InvlogicError(`upperBound has ${model.n} spins; at most 24`, 'upperBound');
  const wires = tableWires(tt);
  for (const w of wires)
    if (!model.has(w)) throw new InvlogicError(`upperBound has no spin named "${w}" (a table wire)`, 'upperBound');
  const order = [
    ...wires.map((w) => model.indexOf(w)),
    ...model.names.map((_, i) => i).filter((i) => !wires.includes(model.names[i])),
  ];
  const pos = new Map(order.map((old, i) => [old, i]));
  const h = order.map((old) => model.h[old] + 0);
  const J: [number, number, number][] = [];
  for (let e = 0; e < model.numEdges; e++)
    if (model.edgeW[e] !== 0) J.push([pos.get(model.edgeI[e])!, pos.get(model.edgeJ[e])!, model.edgeW[e]]);
  const aux = order.slice(wires.length).map((i) => model.names[i]);
  const reordered = new IsingModel([...wires, ...aux], h, J);
  const verification = verify(reordered, tt);
  if (!verification.ok)
    throw new InvlogicError('upperBound does not realise the truth table (its ground states differ)', 'upperBound');
  return {
    gate: { name: name ?? 'COMPILED', wires, aux, h, J, numInputs: tt.inputs.length, source: 'options.upperBound' },
    model: reordered,
    numAux: aux.length,
    maxAbsCoefficient: Math.max(0, ...h.map(Math.abs), ...J.map(([, , w]) => Math.abs(w))),
    verification,
    gap: verification.gap,
    method: 'given',
    auxProvedMinimal: false,
    auxLowerBound: 0,
    rangeProvedMinimal: false,
    solverStats: { solves: 0, solveMs: 0 },
  };
}

type Candidate = Pick<CompiledTable, 'gate' | 'model' | 'maxAbsCoefficient' | 'verification' | 'gap'> & {
  optimal: boolean;
};

function auxNamesFor(wires: string[], k: number): string[] {
  return Array.from({ length: k }, (_, i) => {
    let nm = `X${i + 1}`;
    while (wires.includes(nm)) nm = `_${nm}`;
    return nm;
  });
}

function buildAndVerify(
  tt: TruthTable,
  sol: { h: number[]; J: [number, number, number][] },
  k: number,
  name = 'COMPILED',
): Pick<CompiledTable, 'gate' | 'model' | 'maxAbsCoefficient' | 'verification' | 'gap'> {
  const wires = tableWires(tt);
  const aux = auxNamesFor(wires, k);
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

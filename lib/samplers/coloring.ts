/**
 * Graph colouring for chromatic (block-parallel) Gibbs sampling. Spins of one colour share no coupling, so
 * their conditional distributions given the rest do not depend on each other: updating a whole colour class
 * at once from the same snapshot is the same Markov step as updating its members one after another in any
 * order. A sweep that visits the classes in turn is therefore an ordinary sequential (systematic-scan) Gibbs
 * sweep in a permuted order, and it keeps the Boltzmann law stationary, unlike a fully parallel update (PRX,
 * paper brief §2.2). This is the scheme of sparse p-computers (Aadit et al., Nat. Electron. 2022).
 */
import type { Csr } from '../ising';

export interface Coloring {
  /** colors[i] = colour of spin i, in [0, numColors). */
  colors: Int32Array;
  numColors: number;
  /** Spins sorted by colour, then by index: the chromatic visiting order. */
  order: Int32Array;
  /** Spins of colour c are order[classStart[c] .. classStart[c+1]). */
  classStart: Int32Array;
}

/**
 * Greedy (Welsh-Powell) colouring: visit spins by decreasing degree (ties: lower index first) and give each
 * the smallest colour none of its already-coloured neighbours has. Uses at most max degree + 1 colours.
 * Deterministic.
 */
export function greedyColoring(n: number, csr: Csr): Coloring {
  const { rowPtr, col } = csr;
  const byDegree = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => rowPtr[b + 1] - rowPtr[b] - (rowPtr[a + 1] - rowPtr[a]) || a - b,
  );
  const colors = new Int32Array(n).fill(-1);
  const mark = new Int32Array(n + 1).fill(-1); // mark[c] = last spin that saw colour c on a neighbour
  let numColors = 0;
  for (const i of byDegree) {
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      const c = colors[col[p]];
      if (c >= 0) mark[c] = i;
    }
    let c = 0;
    while (mark[c] === i) c++;
    colors[i] = c;
    if (c + 1 > numColors) numColors = c + 1;
  }
  const classStart = new Int32Array(numColors + 1);
  for (let i = 0; i < n; i++) classStart[colors[i] + 1]++;
  for (let c = 0; c < numColors; c++) classStart[c + 1] += classStart[c];
  const fill = classStart.slice(0, numColors);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[colors[i]]++] = i;
  return { colors, numColors, order, classStart };
}

/** True when no coupled pair shares a colour and every spin has a colour in [0, numColors). */
export function isValidColoring(n: number, csr: Csr, colors: ArrayLike<number>, numColors: number): boolean {
  if (colors.length !== n) return false;
  for (let i = 0; i < n; i++) {
    if (!(colors[i] >= 0 && colors[i] < numColors)) return false;
    for (let p = csr.rowPtr[i]; p < csr.rowPtr[i + 1]; p++) if (colors[csr.col[p]] === colors[i]) return false;
  }
  return true;
}

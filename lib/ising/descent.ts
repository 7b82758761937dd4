/**
 * Conditional minimisation: completes a partly known state (e.g. the slack and gate spins of a circuit whose
 * inputs, weights and hidden map are set) at the exact minimum of the energy over the remaining spins.
 */
import { InvlogicError } from '../errors';
import type { IsingModel } from './model';

/**
 * Exact conditional minimum over the free spins, component by component: with the clamped spins and `hold`
 * fixed, the other spins split into connected components (couplings among them); each is set to its lowest-energy
 * assignment by enumeration (ties: the first in counting order, spin 0 of the component as the low bit, bit 1 =
 * +1). Fills `state` in place; returns the energy. Throws if a component has more than `maxComponent` spins.
 */
export function minimizeComponents(
  model: IsingModel,
  state: Int8Array,
  hold: readonly number[] = [],
  maxComponent = 20,
): number {
  const n = model.n;
  if (state.length !== n) throw new InvlogicError(`state must have length n = ${n}, got ${state.length}`, 'state');
  if (!Number.isInteger(maxComponent) || maxComponent < 1 || maxComponent > 26) {
    throw new InvlogicError(`maxComponent must be an integer in [1, 26], got ${maxComponent}`, 'maxComponent');
  }
  const frozen = new Uint8Array(n);
  for (const [i, s] of model.clamp) {
    frozen[i] = 1;
    state[i] = s;
  }
  for (const i of hold) {
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new InvlogicError(`hold entries must be spin indices in [0, ${n - 1}], got ${i}`, 'hold');
    }
    frozen[i] = 1;
  }
  const { rowPtr, col, w } = model.csr();
  const seen = new Uint8Array(n);
  for (let root = 0; root < n; root++) {
    if (frozen[root] || seen[root]) continue;
    const comp: number[] = [root];
    seen[root] = 1;
    for (let k = 0; k < comp.length; k++) {
      const i = comp[k];
      for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
        const j = col[e];
        if (!frozen[j] && !seen[j]) {
          seen[j] = 1;
          comp.push(j);
        }
      }
    }
    const m = comp.length;
    if (m > maxComponent) {
      throw new InvlogicError(
        `a component of ${m} free spins (from ${model.names[root]}) exceeds maxComponent = ${maxComponent}`,
        'maxComponent',
      );
    }
    // Fields from the fixed spins, couplings inside the component.
    const pos = new Map<number, number>(comp.map((i, k) => [i, k]));
    const field = new Float64Array(m);
    const inner: [number, number, number][] = [];
    comp.forEach((i, a) => {
      field[a] = model.h[i];
      for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
        const j = col[e];
        const b = pos.get(j);
        if (b === undefined) field[a] += w[e] * state[j];
        else if (a < b) inner.push([a, b, w[e]]);
      }
    });
    let bestE = Infinity;
    let best = 0;
    const s = new Int8Array(m);
    for (let code = 0; code < 2 ** m; code++) {
      for (let a = 0; a < m; a++) s[a] = (code >>> a) & 1 ? 1 : -1;
      let e = 0;
      for (let a = 0; a < m; a++) e -= field[a] * s[a];
      for (const [a, b, J] of inner) e -= J * s[a] * s[b];
      if (e < bestE - 1e-12) {
        bestE = e;
        best = code;
      }
    }
    comp.forEach((i, a) => (state[i] = (best >>> a) & 1 ? 1 : -1));
  }
  return model.energy(state);
}

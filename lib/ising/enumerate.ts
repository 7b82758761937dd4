/**
 * Exact enumeration of all 2^f states of the free spins (Gray-code order, one spin flip and an O(degree)
 * energy update per state). This is the oracle every sampler and gate is tested against.
 */
import { InvlogicError } from '../errors';
import { reduceClamped } from './clamp';
import { IsingModel } from './model';

export interface EnumerateOptions {
  /** Inverse temperature for `probabilities`; omit to skip the Boltzmann law. */
  beta?: number;
  /** Largest number of free spins accepted (default 24). */
  maxFreeSpins?: number;
  /** At most this many ground states are returned (default 65536); `numGroundStates` is always exact. */
  maxGroundStates?: number;
  /** Tolerance when comparing energies (default 1e-9). */
  tolerance?: number;
  /** Called every 2^20 states of the enumeration pass (states done, 2^f), e.g. to show progress. */
  onProgress?: (done: number, total: number) => void;
}

export interface Enumeration {
  /** Indices (in the full model) of the free spins, in the order of the state bits. */
  free: Int32Array;
  /** energies[s] = full-model energy of free state s, where bit k of s set means free spin k is +1. */
  energies: Float64Array;
  groundEnergy: number;
  /** Full spin vectors of ground states (clamped spins included), in increasing state index. */
  groundStates: Int8Array[];
  numGroundStates: number;
  /** Lowest energy above the ground energy minus the ground energy (Infinity if all states are ground). */
  gap: number;
  /** Boltzmann probabilities exp(-beta E_s)/Z over free states, when beta was given. */
  probabilities?: Float64Array;
}

/** Bit k of `state` -> spin of free spin k. */
export function stateToFreeSpins(state: number, f: number, out = new Int8Array(f)): Int8Array {
  for (let k = 0; k < f; k++) out[k] = (state >>> k) & 1 ? 1 : -1;
  return out;
}

/** Free-spin vector -> state index. */
export function freeSpinsToState(spins: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < spins.length; k++) if (spins[k] > 0) s |= 1 << k;
  return s >>> 0;
}

export function enumerate(model: IsingModel, options: EnumerateOptions = {}): Enumeration {
  const maxFree = options.maxFreeSpins ?? 24;
  const tol = options.tolerance ?? 1e-9;
  const maxGround = options.maxGroundStates ?? 65536;
  const reduced = reduceClamped(model);
  const m = reduced.model;
  const f = m.n;
  if (f > maxFree || f > 30) {
    throw new InvlogicError(`exact enumeration supports at most ${Math.min(maxFree, 30)} free spins, model has ${f}`, 'model');
  }
  const { rowPtr, col, w } = m.csr();
  const spins = new Int8Array(f).fill(-1);
  const count = 2 ** f;
  const energies = new Float64Array(count);
  let e = m.energy(spins) + reduced.offset;
  let state = 0;
  energies[0] = e;
  const onProgress = options.onProgress;
  for (let k = 1; k < count; k++) {
    if (onProgress && (k & 0xfffff) === 0) onProgress(k, count);
    // Gray code: flip the bit of the lowest set bit of k.
    const i = 31 - Math.clz32(k & -k);
    let field = m.h[i];
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) field += w[p] * spins[col[p]];
    e += 2 * spins[i] * field;
    spins[i] = -spins[i] as 1 | -1;
    state ^= 1 << i;
    energies[state >>> 0] = e;
  }
  onProgress?.(count, count);
  let ground = Infinity;
  for (let s = 0; s < count; s++) if (energies[s] < ground) ground = energies[s];
  // Re-evaluate accumulated energies near the minimum exactly, to avoid drift with non-integer weights.
  let next = Infinity;
  const groundStates: Int8Array[] = [];
  let numGround = 0;
  const buf = new Int8Array(f);
  for (let s = 0; s < count; s++) {
    const es = energies[s];
    if (es <= ground + tol) {
      numGround++;
      if (groundStates.length < maxGround) groundStates.push(reduced.expand(stateToFreeSpins(s, f, buf)));
    } else if (es < next) next = es;
  }
  const result: Enumeration = {
    free: reduced.free,
    energies,
    groundEnergy: ground,
    groundStates,
    numGroundStates: numGround,
    gap: next - ground,
  };
  if (options.beta !== undefined) {
    const beta = options.beta;
    if (!Number.isFinite(beta) || beta < 0) throw new InvlogicError(`beta must be a finite number >= 0, got ${beta}`, 'beta');
    const p = new Float64Array(count);
    let z = 0;
    for (let s = 0; s < count; s++) {
      p[s] = Math.exp(-beta * (energies[s] - ground));
      z += p[s];
    }
    for (let s = 0; s < count; s++) p[s] /= z;
    result.probabilities = p;
  }
  return result;
}

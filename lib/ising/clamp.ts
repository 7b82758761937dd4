/**
 * Clamping (paper brief §2.5): a clamped spin is removed and J_ij m_clamped is added to the bias of every
 * free neighbour j. What remains is an Ising model over the free spins whose energy differs from the full
 * model's by a constant `offset` (the clamped spins' own bias terms and clamped-clamped couplings):
 *
 *   E_full(m) = E_reduced(m_free) + offset.
 */
import { IsingModel, Spin } from './model';

export interface ReducedModel {
  /** Model over the free spins only (no clamps), names kept. */
  model: IsingModel;
  /** free[k] = index in the full model of free spin k. */
  free: Int32Array;
  /** Constant energy of the clamped part. */
  offset: number;
  /** The full model this was reduced from. */
  full: IsingModel;
  /** Full spin vector (clamped spins set) from a free-spin vector. */
  expand(freeSpins: ArrayLike<number>, out?: Int8Array): Int8Array;
}

export function reduceClamped(full: IsingModel): ReducedModel {
  const n = full.n;
  const clampOf = new Int8Array(n); // 0 = free
  for (const [i, s] of full.clamp) clampOf[i] = s;
  const free: number[] = [];
  const newIndex = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (clampOf[i] === 0) {
      newIndex[i] = free.length;
      free.push(i);
    }
  }
  const h = free.map((i) => full.h[i]);
  let offset = 0;
  for (let i = 0; i < n; i++) if (clampOf[i] !== 0) offset -= full.h[i] * clampOf[i];
  const edges: [number, number, number][] = [];
  for (let k = 0; k < full.numEdges; k++) {
    const i = full.edgeI[k];
    const j = full.edgeJ[k];
    const w = full.edgeW[k];
    const ci = clampOf[i];
    const cj = clampOf[j];
    if (ci === 0 && cj === 0) edges.push([newIndex[i], newIndex[j], w]);
    else if (ci !== 0 && cj !== 0) offset -= w * ci * cj;
    else if (ci !== 0) h[newIndex[j]] += w * ci;
    else h[newIndex[i]] += w * cj;
  }
  const model = new IsingModel(
    free.map((i) => full.names[i]),
    h,
    edges,
  );
  const freeArr = Int32Array.from(free);
  const expand = (freeSpins: ArrayLike<number>, out = new Int8Array(n)): Int8Array => {
    for (let i = 0; i < n; i++) out[i] = clampOf[i];
    for (let k = 0; k < freeArr.length; k++) out[freeArr[k]] = freeSpins[k] > 0 ? 1 : -1;
    return out;
  };
  return { model, free: freeArr, offset, full, expand };
}

/** Clamp values as a name -> spin record, for messages and JSON. */
export function clampRecord(model: IsingModel): Record<string, Spin> {
  const out: Record<string, Spin> = {};
  for (const [i, s] of model.clamp) out[model.names[i]] = s;
  return out;
}

/** A copy of `model` with the spins at indices `idx` clamped to sign(values[k]), on top of its own clamps. */
export function clampIndices(model: IsingModel, idx: ArrayLike<number>, values: ArrayLike<number>): IsingModel {
  const clamp = new Map<number, Spin>(model.clamp);
  for (let k = 0; k < idx.length; k++) clamp.set(idx[k], values[k] > 0 ? 1 : -1);
  return new IsingModel(model.names, model.h, model.edgeArrays(), clamp);
}

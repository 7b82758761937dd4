/**
 * The standard benchmark problems of issue 7, all integer Ising models built deterministically (seed 1).
 *
 * - sparse:     random sparse graph, N = 16384, mean degree 6 (3N distinct random pairs), J uniform in
 *               {-2,-1,1,2}, h uniform in {-2..2} (the generator of bench/exact.ts, so both benches agree)
 * - lattice:    128 x 128 periodic square lattice, same J and h laws
 * - multiplier: the 4 x 4 array multiplier of lib/logic in backward mode (product clamped to 143 = 11 x 13)
 * - bcnn:       the BCNN training circuit of lib/logic (neuronTrainingCircuit): a 9-input binarized neuron
 *               (one 3 x 3 convolution kernel) with K = 64 clamped training samples sharing the weight
 *               spins; samples are random +-1 inputs labelled by a random teacher neuron (so a consistent
 *               weight vector exists)
 * The memory problem (10^6 spins, 10^7 couplings) lives in bench/memory.ts, which imports nothing else.
 */
import { IsingModel } from '../lib/ising';
import { arrayMultiplier, neuronForward, neuronTrainingCircuit } from '../lib/logic';
import { Xoshiro128ss, createRng, randInt } from '../lib/rng';
import { randomSparseModel } from './exact';

export type ProblemName = 'sparse' | 'lattice' | 'multiplier' | 'bcnn';
export const PROBLEM_NAMES: readonly ProblemName[] = ['sparse', 'lattice', 'multiplier', 'bcnn'];

export const PROBLEM_DESCRIPTIONS: Readonly<Record<ProblemName, string>> = {
  sparse: 'random sparse graph, N=16384, mean degree 6, J in {+-1,+-2}, h in {-2..2}',
  lattice: '128x128 periodic lattice, J in {+-1,+-2}, h in {-2..2}',
  multiplier: '4x4 array multiplier (lib/logic), product clamped to 143',
  bcnn: 'BCNN training circuit (lib/logic neuronTrainingCircuit): 9-input neuron, K=64 clamped samples sharing weights',
};

const J_VALUES = [-2, -1, 1, 2];

/** L x L periodic square lattice. */
export function latticeModel(L: number, seed = 1): IsingModel {
  const rng = createRng('xoshiro128ss', seed);
  const n = L * L;
  const h = Array.from({ length: n }, () => randInt(rng, 5) - 2);
  const edges: [number, number, number][] = [];
  for (let y = 0; y < L; y++) {
    for (let x = 0; x < L; x++) {
      const i = y * L + x;
      edges.push([i, y * L + ((x + 1) % L), J_VALUES[randInt(rng, 4)]]);
      edges.push([i, ((y + 1) % L) * L + x, J_VALUES[randInt(rng, 4)]]);
    }
  }
  return new IsingModel(
    Array.from({ length: n }, (_, i) => `s${i}`),
    h,
    edges,
  );
}

/** The BCNN training circuit: `nInputs`-input neuron, `samples` clamped instances sharing the weights. */
export function bcnnTrainingModel(nInputs = 9, samples = 64, seed = 1): IsingModel {
  const rng = Xoshiro128ss.fromSeed(seed, 3);
  const bit = (): 1 | -1 => (rng.nextU32() & 1 ? 1 : -1);
  const teacher = Array.from({ length: nInputs }, bit);
  const data = Array.from({ length: samples }, () => {
    const x = Array.from({ length: nInputs }, bit);
    return { x, y: neuronForward(teacher, x) };
  });
  return neuronTrainingCircuit(nInputs, data).model;
}

export function buildProblem(name: ProblemName): IsingModel {
  switch (name) {
    case 'sparse':
      return randomSparseModel(16384, 6, 1);
    case 'lattice':
      return latticeModel(128, 1);
    case 'multiplier': {
      const m = arrayMultiplier(4).toModel();
      const clamp: Record<string, number> = {};
      for (let k = 0; k < 8; k++) clamp[`p${k}`] = (143 >> k) & 1 ? 1 : -1;
      return m.withClamp(clamp);
    }
    case 'bcnn':
      return bcnnTrainingModel();
  }
}

/**
 * The sampler contract (after dimod/OpenJij): every sampler takes an IsingModel (its clamps included) and
 * options with at least `numReads` and `seed`, and returns a SampleSet whose samples are full spin vectors
 * (clamped spins at their clamped values). Same model, options and seed give the same SampleSet, bit for bit.
 */
import type { IsingModel, SampleSet } from '../ising';
import type { Seed } from '../rng';

export interface BaseSampleOptions {
  /** Independent reads (chains), each from its own random start. */
  numReads?: number;
  /** Seed of everything stochastic in the run. */
  seed?: Seed;
  /** Called as reads finish (not necessarily after each), e.g. to show progress; never changes the samples. */
  onProgress?: (readsDone: number, numReads: number) => void;
}

export interface Sampler<O extends BaseSampleOptions = BaseSampleOptions> {
  /** Registry name, e.g. "exact", "packed", "sc". */
  readonly name: string;
  sampleIsing(model: IsingModel, options?: O): SampleSet;
}

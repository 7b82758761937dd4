/**
 * Independent invertible neurons of one training run on worker threads (option `threads` of the invertible
 * BCNN methods): the one-vs-rest FC class neurons and the conv channels of the layer-wise method are separate
 * anneal sequences with their own seeds, so training them on different threads gives the same weights and the
 * same hardware counts (sums of cycles and anneals, maxima of spins and couplings) whatever the thread count.
 * With `threads` 1 (the default) the neurons train in the calling thread, in order.
 */
import { createPool } from '../../parallel';
import { trainNeuron, type InvertibleBcnnOptions } from './bcnn-common';
import { addCost, newCost, type IsingCost } from './common';

/** One neuron: rows x (n x dim, +-1), labels y (+-1), options, seed. */
export interface NeuronJob {
  x: Int8Array;
  y: Int8Array;
  dim: number;
  o: InvertibleBcnnOptions;
  seed: string;
}

/** Worker entry: trains one neuron and returns its weights and its own cost. */
export function neuronJobTask(job: NeuronJob): { weights: Int8Array; cost: IsingCost } {
  const cost = newCost();
  return { weights: trainNeuron(job.x, job.y, job.dim, job.o, job.seed, cost), cost };
}

/** Trains every job (on up to `threads` worker threads); adds their costs to `cost`; weights in job order. */
export async function trainNeurons(jobs: readonly NeuronJob[], threads: number, cost: IsingCost): Promise<Int8Array[]> {
  let results: { weights: Int8Array; cost: IsingCost }[];
  if (threads <= 1 || jobs.length <= 1) {
    results = jobs.map(neuronJobTask);
  } else {
    const pool = createPool({ module: __filename, jobs: Math.min(threads, jobs.length) });
    try {
      results = await pool.map<NeuronJob, { weights: Int8Array; cost: IsingCost }>(jobs, 'neuronJobTask');
    } finally {
      await pool.close();
    }
  }
  for (const r of results) addCost(cost, r.cost);
  return results.map((r) => r.weights);
}

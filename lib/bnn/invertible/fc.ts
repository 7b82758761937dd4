/**
 * `invertible-fc`: the FC layer of the 2-layer BCNN by invertible logic from the clamped conv feature map and
 * the label, one neuron per class (fc-layer.ts; paper brief §4.3 reading (i), §7 item 3; a reconstruction).
 * Conv kernels: problem.initial if given, else trained by backprop (option convSource; or seeded random), so
 * this method isolates the FC layer. On the SC hardware model by default (sampler exact = ideal p-bit
 * reference); cycles are totals over every anneal of the run.
 */
import { type BcnnProblem, type BcnnTrainResult, getMethod, registerMethod, resolveMethodOptions } from '../registry';
import { invertibleBcnnSchema, randomConv, type InvertibleBcnnOptions } from './bcnn-common';
import { fcOnConv } from './fc-layer';

export const invertibleFcMethod = registerMethod({
  name: 'invertible-fc',
  target: 'bcnn',
  circuitInput: 'features',
  summary:
    'FC layer by invertible logic from the clamped conv feature map and the label (conv from initial weights or backprop)',
  reference: 'reconstruction: paper brief §4.3 reading (i), §7 item 3',
  options: invertibleBcnnSchema,
  async train(problem: BcnnProblem, o: InvertibleBcnnOptions): Promise<BcnnTrainResult> {
    const t0 = performance.now();
    let conv: Int8Array;
    let convThreshold: Int32Array;
    let convSource: string;
    if (problem.initial) {
      conv = Int8Array.from(problem.initial.conv);
      convThreshold = Int32Array.from(problem.initial.convThreshold);
      convSource = 'initial';
    } else if (o.convSource === 'random') {
      ({ conv, convThreshold } = randomConv(problem.config, problem.seed));
      convSource = 'random';
    } else {
      const bp = getMethod('bcnn', 'backprop');
      const r = (await bp.train({ ...problem, onEpoch: undefined }, resolveMethodOptions(bp, {}))) as BcnnTrainResult;
      conv = Int8Array.from(r.weights.conv);
      convThreshold = Int32Array.from(r.weights.convThreshold);
      convSource = 'backprop';
    }
    return fcOnConv(
      'invertible-fc',
      problem,
      o,
      conv,
      convThreshold,
      { convSource, usesBackprop: convSource === 'backprop' },
      t0,
    );
  },
});

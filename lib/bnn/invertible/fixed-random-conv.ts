/**
 * `fixed-random-conv`: the control of the invertible BCNN methods: seeded random +-1 conv kernels (threshold 0)
 * and the FC layer by invertible logic on their feature map (fc-layer.ts). Reconstruction: paper brief §7 item 3.
 */
import { type BcnnProblem, type BcnnTrainResult, registerMethod } from '../registry';
import { invertibleBcnnSchema, randomConv, type InvertibleBcnnOptions } from './bcnn-common';
import { fcOnConv } from './fc-layer';

export const fixedRandomConvMethod = registerMethod({
  name: 'fixed-random-conv',
  target: 'bcnn',
  circuitInput: 'features',
  summary: 'control: seeded random +-1 conv kernels, FC layer by invertible logic (one neuron per class)',
  reference: 'reconstruction: paper brief §7 item 3 (fixed random kernels as control)',
  options: invertibleBcnnSchema,
  train(problem: BcnnProblem, o: InvertibleBcnnOptions): Promise<BcnnTrainResult> {
    const t0 = performance.now();
    const { conv, convThreshold } = randomConv(problem.config, problem.seed);
    return fcOnConv('fixed-random-conv', problem, o, conv, convThreshold, { convSource: 'random' }, t0);
  },
});

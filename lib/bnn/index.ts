/**
 * lib/bnn: binarized neurons and the 2-layer BCNN, their inference (float reference and XNOR-popcount), the
 * trainer registry and the software baselines. Importing this module registers the built-in methods; an
 * invertible-logic trainer (lib/bnn/invertible/: common.ts, bcnn-common.ts and one file per method) registers
 * itself with one export line below; the order of these lines is the order methods are listed in.
 */
export * from './binarize';
export * from './neuron';
export * from './bcnn';
export * from './packed';
export * from './registry';
export { hebbianWeights, hebbianMethod } from './hebbian';
export { perceptronMethod, pocketMethod } from './perceptron';
export { steNeuronMethod } from './ste-neuron';
export {
  BinaryNetBcnn,
  backpropMethod,
  backpropOptionSchema,
  foldBatchNorm,
  im2colPm1,
  trainBackprop,
} from './backprop';
export type { BackpropOptions, ForwardMode } from './backprop';
export * from './run';
export * from './invertible/common';
export * from './invertible/neuron-trainer';
export * from './invertible/neuron-methods';
export * from './neuron-oracle';
export * from './invertible/bcnn-common';
export * from './invertible/fc-layer';
export * from './invertible/fixed-random-conv';
export * from './invertible/fc';
export * from './invertible/layerwise';
export * from './invertible/e2e-circuit';
export * from './invertible/e2e';
export * from './invertible/random-search';
export * from './fc-retrain';
export * from './invertible/codes';
export * from './invertible/fc-mistakes';
export * from './invertible/fc-perceptron';

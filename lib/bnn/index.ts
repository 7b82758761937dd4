/**
 * lib/bnn: binarized neurons and the 2-layer BCNN, their inference (float reference and XNOR-popcount), the
 * trainer registry and the software baselines. Importing this module registers the built-in methods; an
 * invertible-logic trainer registers itself with one `import './<file>'` line below.
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
export * from './invertible-neuron';
export * from './invertible-perceptron';
export * from './neuron-oracle';
export * from './invertible-bcnn';
export * from './e2e-circuit';
export * from './invertible-e2e';
export * from './random-search';
export * from './fc-retrain';
export * from './invertible-codes';
export * from './invertible-fc-mistakes';
export * from './invertible-fc-perceptron';

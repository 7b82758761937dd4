export { IsingModel, MAX_ENERGY_SCALE, checkSpin, bitToSpin, spinToBit } from './model';
export type { Spin, Csr, Edge, EdgeArrays } from './model';
export { reduceClamped, clampRecord, clampIndices } from './clamp';
export { minimizeComponents } from './descent';
export type { ReducedModel } from './clamp';
export { enumerate, stateToFreeSpins, freeSpinsToState } from './enumerate';
export type { Enumeration, EnumerateOptions } from './enumerate';
export { modelToJson, modelFromJson, ISING_FORMAT } from './json';
export type { IsingJson } from './json';
export { SampleAggregator, SampleSet, bitsToUint } from './sampleset';
export type { SampleRecord, SampleSetJson } from './sampleset';
export {
  DIMOD_BQM_SCHEMA,
  DIMOD_SAMPLESET_SCHEMA,
  isDimodBqm,
  isDimodSampleSet,
  isInvlogicSampleSet,
  modelFromAnyJson,
  modelFromDimod,
  modelFromInvlogicJson,
  modelToDimod,
  modelToInvlogicJson,
  nameToLabel,
  sampleSetFromDimod,
  sampleSetFromJson,
  sampleSetToDimod,
} from './dimod';
export type { DimodBqmJson, DimodLabel, DimodSampleSetJson, ModelWithOffset } from './dimod';

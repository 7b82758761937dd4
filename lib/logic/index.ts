// Public API of lib/logic: gate library, truth tables, circuit builder, ready-made circuits, verification,
// truth-table compiler.
export { gate, allGates, gateTruthTable, gateToModel, checkGate, flipPorts, GATE_NAMES } from './gates';
export type { Gate } from './gates';
export { parseTruthTable, functionTable, tableWires, rowKey, MAX_TABLE_WIRES } from './truthtable';
export type { TruthTable } from './truthtable';
export { Circuit } from './circuit';
export {
  rippleCarryAdder,
  arrayMultiplier,
  comparator,
  addPopcount,
  addAtLeast,
  popcountCircuit,
  thresholdCircuit,
  neuronCircuit,
  neuronForward,
  neuronTrainingCircuit,
  adderTable,
  multiplierTable,
  comparatorTable,
  neuronTable,
} from './circuits';
export type { NeuronOptions, TrainingSample, NeuronTrainingOptions, NeuronTrainingCircuit } from './circuits';
export { verify, restrictTable } from './verify';
export type { VerifyOptions, VerifyResult } from './verify';
export {
  PenaltyBuilder,
  addThreshold,
  slackCoefficients,
  effectiveMargin,
  thresholdNeuron,
  multiclassThreshold,
  SLACK_CODES,
} from './threshold';
export type {
  ThresholdTerm,
  ThresholdInfo,
  ThresholdNeuronOptions,
  ThresholdNeuron,
  MulticlassThresholdOptions,
  MulticlassThreshold,
  SlackCode,
} from './threshold';
export { compileTruthTable, constructTruthTable, MAX_COMPILE_WIRES } from './compile';
export type { CompileOptions, CompiledTable } from './compile';

/**
 * The SC spin-gate hardware model, sampler "sc" (docs/sc-model.md), one idea per file:
 * options.ts (option types and defaults) -> plan.ts (validated integer plan from the IsingModel) ->
 * kernel.ts (scalar cycle kernel) / packed.ts (read-packed WebAssembly kernel) -> run.ts (runSc, the sampler);
 * prng.ts (bit sources), trace.ts (trace format), oracle.ts (the spec transcribed literally: the tests' and
 * replay's reference), replay.ts (re-simulates a trace from its header).
 */
export * from './options';
export * from './plan';
export * from './run';
export type { ScReadStats } from './kernel';
export { hexToSpins, runLengths, spinsToHex } from './trace';
export { ScBitSource, SC_PRNGS, scReadSeed, laneBit } from './prng';
export type { ScPrng } from './prng';
export { scPackedLanes, scPackedUnsupported, SC_PACKED_MAX_VECTORS } from './packed';

// The SC spin-gate hardware model (docs/sc-model.md): lib/samplers/sc/run.ts and the modules it re-exports.
export * from './run';

// The hardware estimator (docs/hardware-estimator.md), one idea per file: tables.ts (devices, power, CPUs,
// calibration points), resources.ts (per-element resource model), calibration.ts (its fit), run-input.ts
// (the training runs it reads), estimate.ts (time, power, energy, ratios, sensitivity), estimator-trainer.ts
// (measured trainer designs). RTL export lives beside it (rtl*.ts, yosys.ts) and is imported by path.
export * from './tables';
export * from './resources';
export * from './calibration';
export * from './run-input';
export * from './estimate';
export * from './estimator-trainer';
export * from './run-match';

/**
 * The option schema of the SC spin-gate model (lib/samplers/sc/), keyed by ScOptions field. Structured
 * options (noise, i0, readout, valid, trace) are declared as text with their grammar in the help; the CLI
 * parses that text (cli/sc-flags.ts). Extra keys are parts of one option: `iters` (a sawtooth `i0`),
 * `groundEnergy` and `target` (forms of `valid`), `traceReads` and `traceItanh` (fields of `trace`).
 */
import type { SamplerOptionSchema } from './options';
import { SC_DEFAULTS, SC_UPDATES, type ScOptions } from './sc/options';
import { SC_PRNGS } from './sc/prng';

export type ScSchemaExtra = 'iters' | 'groundEnergy' | 'target' | 'traceReads' | 'traceItanh';

export const SC_OPTION_SCHEMA: SamplerOptionSchema<ScOptions, ScSchemaExtra> = {
  cycles: { type: 'int', min: 1, max: 2 ** 26, default: SC_DEFAULTS.cycles, help: 'clock cycles per read' },
  noise: {
    type: 'string',
    metavar: 'A',
    help: `noise amplitude n_rnd: A (constant, default ${SC_DEFAULTS.noise}), A,B,... (Smithson steps: equal parts of the run) or a schedule (linear:A:B, ...)`,
  },
  noiseKind: {
    type: 'string',
    metavar: 'KIND',
    default: 'dense',
    help: 'dense (binary +-n_rnd) | sparse:F (fraction F of r set to 0) | uniform',
  },
  resolutionBits: {
    type: 'int',
    min: 1,
    max: 16,
    help: 'random bits of the sparse mask / uniform magnitude (default 8)',
  },
  i0: {
    type: 'string',
    metavar: 'MIN:MAX',
    help: 'I0: a constant, or a geometric ramp MIN:MAX (default 2:2^(itanh-bits-3))',
  },
  tau: { type: 'int', min: 1, max: 2 ** 30, default: 1, help: 'cycles per I0 level' },
  iters: { type: 'int', min: 1, max: 2 ** 30, default: 1, help: 'repeat the I0 ramp as a sawtooth this many times' },
  itanhBits: { type: 'int', min: 2, max: 24, default: SC_DEFAULTS.itanhBits, help: 'Itanh counter width (signed)' },
  weightBits: {
    type: 'int',
    min: 2,
    max: 16,
    default: SC_DEFAULTS.weightBits,
    help: 'J width (signed); also h and noise unless set',
  },
  biasBits: { type: 'int', min: 2, max: 16, help: 'h width (signed; default = weight-bits)' },
  noiseBits: { type: 'int', min: 2, max: 16, help: 'n_rnd register width (signed; default = weight-bits)' },
  fieldBits: { type: 'int', min: 2, max: 31, help: 'field adder width (default: wide enough never to overflow)' },
  fieldOverflow: {
    type: 'string',
    choices: ['saturate', 'wrap'],
    default: 'saturate',
    help: 'narrow field adder behaviour',
  },
  coefficientScale: {
    type: 'number',
    flag: 'scale',
    min: 1e-9,
    max: 1e9,
    help: 'multiply h and J by this before loading (must give integers)',
  },
  roundCoefficients: {
    type: 'boolean',
    flag: 'round',
    help: 'round scaled h and J to integers instead of rejecting them',
  },
  prng: { type: 'string', choices: SC_PRNGS, default: SC_DEFAULTS.prng, help: 'random-bit source' },
  init: { type: 'string', choices: ['random', 'zero'], default: SC_DEFAULTS.init, help: 'initial counters' },
  update: {
    type: 'string',
    choices: SC_UPDATES,
    default: SC_DEFAULTS.update,
    help: 'update order of a cycle: all spins at once, or colour phases in turn (docs/sc-model.md §2.1)',
  },
  readout: {
    type: 'string',
    metavar: 'R',
    default: 'final',
    help: 'final | majority:W | mode:W (over the last W cycles)',
  },
  valid: {
    type: 'string',
    choices: ['auto', 'ground', 'none'],
    default: 'auto',
    help: 'valid-state statistics (auto: ground if enumerable)',
  },
  groundEnergy: { type: 'number', help: 'valid = energy equal to this ground energy (model units)' },
  target: { type: 'list', metavar: 'NAME=V', help: 'valid = these spins at these values (V = 1, 0 or -1)' },
  stopOnValid: { type: 'boolean', help: 'stop each read at its first valid state and read it out' },
  trace: { type: 'string', metavar: 'FILE', help: 'write the per-cycle trace (JSON Lines, docs/sc-model.md §8)' },
  traceReads: { type: 'int', min: 1, max: 1e7, default: 1, help: 'reads to trace' },
  traceItanh: { type: 'boolean', help: 'include every Itanh counter in the trace' },
};

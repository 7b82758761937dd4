/**
 * RTL co-simulation (issue 9): run the generated Verilog of the SC spin-gate model in Icarus Verilog or
 * Verilator for many cycles and compare every cycle's spin vector with the simulator (lib/samplers/sc/).
 * The default sweep is the acceptance set: AND, full adder, 4x4 multiplier forward and backward and a
 * binarized-neuron training circuit with several clamped samples, 10,000 cycles each, two reads.
 *
 *   invlogic sweep rtl-cosim            # full (10,000 cycles)
 *   invlogic sweep rtl-cosim --quick    # 1,000 cycles
 */
import { InvlogicError, requireInt, requireOneOf } from '../lib/errors';
import { defineExperiment, type ResultRow } from '../lib/sweep';
import { cosimulate, HDL_SIMULATORS, type HdlSimulator } from '../lib/hw/rtl-cosim';
import { rtlBenchDesign } from '../lib/hw/rtl-designs';
import { SC_NOISE_KINDS, SC_PRNGS, type ScNoiseKind, type ScOptions, type ScPrng } from '../lib/samplers/sc';

export interface RtlCosimConfig {
  design: string;
  simulator: HdlSimulator;
  cycles: number;
  reads: number;
  seed: number;
  /** Noise amplitude: a constant, or Smithson's two steps [first half, second half] when noise2 >= 0. */
  noise: number;
  noise2: number;
  /** I0 sawtooth geometric 1 -> i0Max, i0Iterations times. */
  i0Max: number;
  i0Iterations: number;
  noiseKind: ScNoiseKind;
  prng: ScPrng;
  /** 0 = auto (never overflows); else an explicit (possibly saturating) field width. */
  fieldBits: number;
}

export interface RtlCosimResult {
  ok: boolean;
  spins: number;
  /** States compared bit for bit (reads x (cycles + 1) when ok). */
  compared: number;
  message: string;
  firstDiffCycle: number | null;
  firstDiffSpin: string | null;
  hdlSeconds: number;
  simSeconds: number;
}

export function rtlCosimOptions(c: RtlCosimConfig): ScOptions {
  return {
    cycles: c.cycles,
    seed: c.seed,
    noise: c.noise2 >= 0 ? { kind: 'steps', values: [c.noise, c.noise2] } : c.noise,
    i0: { kind: 'sawtooth', ramp: { kind: 'geometric', from: 1, to: c.i0Max }, iterations: c.i0Iterations },
    noiseKind: c.noiseKind,
    prng: c.prng,
    ...(c.fieldBits > 0 ? { fieldBits: c.fieldBits } : {}),
  };
}

export const rtlCosim = defineExperiment<RtlCosimConfig, RtlCosimResult>({
  name: 'rtl-cosim',
  version: 1,
  module: __filename,
  title: 'Bit-exact co-simulation of the generated RTL against the SC simulator',
  description:
    'Runs the exported Verilog in iverilog/verilator and compares every cycle’s spin vector with lib/samplers/sc.ts.',
  defaults: {
    design: 'and',
    simulator: 'iverilog',
    cycles: 10000,
    reads: 2,
    seed: 1,
    noise: 2,
    noise2: -1,
    i0Max: 32,
    i0Iterations: 10,
    noiseKind: 'dense',
    prng: 'xorshift64p',
    fieldBits: 0,
  },
  quick: { cycles: 1000 },
  sweep: {
    list: [
      { design: 'and' },
      { design: 'fa', prng: 'lfsr', noiseKind: 'sparse' },
      { design: 'mult4-fwd', simulator: 'verilator', noise: 5, noise2: 3 },
      { design: 'mult4-bwd', noise: 5, noise2: 3, fieldBits: 5 },
      { design: 'neuron4x4', noiseKind: 'uniform' },
      { design: 'neuron3x8' },
    ],
  },
  validate(c) {
    rtlBenchDesign(c.design);
    requireOneOf('simulator', c.simulator, HDL_SIMULATORS);
    requireInt('cycles', c.cycles, 1, 2 ** 24);
    requireInt('reads', c.reads, 1, 100);
    requireOneOf('noiseKind', c.noiseKind, SC_NOISE_KINDS);
    requireOneOf('prng', c.prng, SC_PRNGS);
    requireInt('fieldBits', c.fieldBits, 0, 31);
    if (c.noise2 !== -1) requireInt('noise2', c.noise2, 0, 2 ** 15);
  },
  run(c) {
    const d = rtlBenchDesign(c.design);
    const r = cosimulate(d.model, rtlCosimOptions(c), { simulator: c.simulator, reads: c.reads });
    if (!r.ok) {
      // A mismatch is a result worth recording, but it also means the export is broken: fail the point loudly.
      throw new InvlogicError(`rtl-cosim ${c.design}: ${r.message}`, 'design');
    }
    return {
      ok: r.ok,
      spins: r.n,
      compared: r.compared,
      message: r.message,
      firstDiffCycle: r.firstDiff?.t ?? null,
      firstDiffSpin: r.firstDiff?.name ?? null,
      hdlSeconds: r.hdlSeconds,
      simSeconds: r.simSeconds,
    };
  },
});

export type RtlCosimRow = ResultRow<RtlCosimConfig, RtlCosimResult>;

/** Co-simulates each design with the experiment's defaults (for notebooks): one summary row per design. */
export function cosimSummary(designs: readonly string[], overrides: Partial<RtlCosimConfig> = {}) {
  return designs.map((design) => {
    const c: RtlCosimConfig = { ...rtlCosim.defaults, design, ...overrides };
    rtlCosim.validate!(c);
    const d = rtlBenchDesign(design);
    const r = cosimulate(d.model, rtlCosimOptions(c), { simulator: c.simulator, reads: c.reads });
    return {
      design,
      spins: r.n,
      cycles: c.cycles,
      reads: c.reads,
      statesCompared: r.compared,
      bitExact: r.ok,
      simulator: c.simulator,
      hdlSeconds: r.hdlSeconds,
      message: r.message,
    };
  });
}

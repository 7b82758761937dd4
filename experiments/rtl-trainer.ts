/**
 * Issue 23, the trainer as built: how the hardware-efficiency ratios (the paper's 40x speed-up and 134x
 * energy efficiency) change when the measured trainer RTL (lib/hw/rtl-trainer.ts, synthesised with yosys;
 * lib/hw/estimator-trainer.ts) replaces the linear per-element resource model. Each case trains both sides
 * once (experiments/hardware-efficiency.ts runHardwareCase) and estimates the run both ways, so the two
 * columns share the same CPU baseline time.
 */
import { estimateMeasuredDesign, estimateTraining, MEASURED_TRAINERS, trainerCalibration } from '../lib/hw';
import { runHardwareCase, type HwCase } from './hardware-efficiency';

export interface MeasuredDesignRow {
  case: HwCase;
  seed: number;
  /** Linear model: LUT, FF, BRAM36, FPGA time (s), power (W), speed-up, energy-efficiency ratio. */
  linearLuts: number;
  linearFfs: number;
  linearBram36: number;
  linearTimeS: number;
  linearPowerW: number;
  linearSpeedup: number;
  linearEnergyEfficiency: number;
  /** Measured trainer RTL, scaled to the run. */
  measuredLuts: number;
  measuredFfs: number;
  measuredBram36: number;
  measuredOverheadCyclesPerAnneal: number;
  measuredTimeS: number;
  measuredPowerW: number;
  measuredSpeedup: number;
  measuredEnergyEfficiency: number;
  /**
   * The same run on the trainer RTL with hardware streams (no host tables; lib/bnn/hardware-streams.ts), null
   * until a hardware-stream design is measured. Resources and clocks only: the streams change the random
   * numbers, not the run's size.
   */
  hwStreams: {
    luts: number;
    ffs: number;
    bram36: number;
    overheadCyclesPerAnneal: number;
    timeS: number;
    powerW: number;
    speedup: number;
    energyEfficiency: number;
  } | null;
}

/** Both estimates for each case (one seed); empty when no trainer design is measured. */
export async function measuredDesignComparison(
  cases: readonly HwCase[] = ['perceptron-5x5', 'bcnn-2class'],
  seed = 1,
): Promise<MeasuredDesignRow[]> {
  if (trainerCalibration() === null) return [];
  const out: MeasuredDesignRow[] = [];
  for (const c of cases) {
    const input = await runHardwareCase({ case: c, seed, invertibleEpochs: 0, trainSubset: 0 });
    const lin = estimateTraining(input);
    const m = estimateMeasuredDesign(input)!;
    const hwInput = {
      ...input,
      invertible: { ...input.invertible, options: { ...input.invertible.options, streams: 'hardware' } },
    };
    const h = trainerCalibration(undefined, 'hardware') ? estimateMeasuredDesign(hwInput) : null;
    out.push({
      case: c,
      seed,
      linearLuts: lin.fpga.resources.luts,
      linearFfs: lin.fpga.resources.ffs,
      linearBram36: lin.fpga.resources.bram36,
      linearTimeS: lin.fpga.timeS,
      linearPowerW: lin.fpga.power.totalW,
      linearSpeedup: lin.ratios.speedup,
      linearEnergyEfficiency: lin.ratios.energyEfficiency,
      measuredLuts: m.resources.luts,
      measuredFfs: m.resources.ffs,
      measuredBram36: m.resources.bram36,
      measuredOverheadCyclesPerAnneal: m.resources.overheadCyclesPerAnneal,
      measuredTimeS: m.timeS,
      measuredPowerW: m.power.totalW,
      measuredSpeedup: m.ratios.speedup,
      measuredEnergyEfficiency: m.ratios.energyEfficiency,
      hwStreams: h && {
        luts: h.resources.luts,
        ffs: h.resources.ffs,
        bram36: h.resources.bram36,
        overheadCyclesPerAnneal: h.resources.overheadCyclesPerAnneal,
        timeS: h.timeS,
        powerW: h.power.totalW,
        speedup: h.ratios.speedup,
        energyEfficiency: h.ratios.energyEfficiency,
      },
    });
  }
  return out;
}

/** The measured trainer designs as table rows (what was synthesised, and the counts). */
export function measuredTrainerRows() {
  return MEASURED_TRAINERS.map((d) => ({
    design: d.name,
    streams: d.streams ?? 'library',
    D: d.weights,
    K: d.samples,
    spins: d.spins,
    rows: d.rows,
    anneals: d.anneals,
    luts: d.luts,
    ffs: d.ffs,
    carry4: d.carry,
    bram36: d.bram36,
    lutPerSpin: Math.round(d.luts / d.spins),
  }));
}

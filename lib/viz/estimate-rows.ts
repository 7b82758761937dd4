/**
 * The quantities of a HardwareEstimate (lib/hw/estimate.ts) as labelled, formatted rows: what
 * `invlogic estimate --table` prints as text and notebook 05 shows as an HTML table (one list, two renderings).
 */
import type { HardwareEstimate } from '../hw';

const fmt = (x: number, digits = 3) =>
  !Number.isFinite(x)
    ? String(x)
    : Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0)
      ? x.toExponential(digits - 1)
      : x.toPrecision(digits);

/** One row per quantity of the estimate: its label and its formatted value (units in the value). */
export function estimateRows(e: HardwareEstimate): { quantity: string; value: string }[] {
  const r = e.fpga.resources;
  const lines: [string, string][] = [
    ['invertible run', `${e.invertible.name} ${e.invertible.method}, accuracy ${fmt(e.invertible.accuracy, 4)}`],
    [
      'circuit',
      `${e.invertible.circuit.spins} spins, ${e.invertible.circuit.couplings} couplings, K = ${e.invertible.circuit.samplesPerBatch}`,
    ],
    ['FPGA device', `${e.fpga.device} @ ${fmt(e.fpga.clockHz / 1e6)} MHz (calibration ${e.fpga.calibration})`],
    [
      'FPGA resources',
      `${r.luts} LUT (${fmt(100 * e.fpga.utilization.luts, 2)}%), ${r.ffs} FF (${fmt(100 * e.fpga.utilization.ffs, 2)}%), ${r.bram36} BRAM36`,
    ],
    [
      'max parallel',
      `K <= ${e.fpga.maxParallelSamples} samples per circuit; ${e.fpga.maxParallelCircuits} circuit copies (using ${e.fpga.parallelCircuits})`,
    ],
    ['FPGA cycles', `${fmt(e.invertible.cycles)} anneal + ${fmt(e.invertible.loadCycles)} load`],
    ['FPGA time', `${fmt(e.fpga.timeS)} s`],
    [
      'FPGA power',
      `${fmt(e.fpga.power.totalW)} W (static ${fmt(e.fpga.power.staticW)} + dynamic ${fmt(e.fpga.power.dynamicW)})`,
    ],
    ['FPGA energy', `${fmt(e.fpga.energyJ)} J`],
    [
      'CPU run',
      `${e.cpu.name} ${e.cpu.method}: reached ${fmt(e.cpu.time.accuracy, 4)} at epoch ${e.cpu.time.epoch}${e.cpu.time.reachedTarget ? '' : ' (did NOT reach the invertible accuracy)'}`,
    ],
    ['CPU time', `${fmt(e.cpu.time.timeS)} s (${e.cpu.time.kind})`],
    ['CPU power', `${fmt(e.cpu.powerW)} W (${e.cpu.cpu})`],
    ['CPU energy', `${fmt(e.cpu.energyJ)} J`],
    ['speed-up', `${fmt(e.ratios.speedup)}x   (paper ~${e.paper.speedup}x)`],
    ['energy efficiency', `${fmt(e.ratios.energyEfficiency)}x   (paper ~${e.paper.energyEfficiency}x)`],
    ['power ratio CPU/FPGA', `${fmt(e.ratios.powerRatio)}   (paper implied ~${fmt(e.paper.powerRatio)})`],
    [
      '65 nm ASIC projection',
      `${fmt(e.asic65nm.timeS)} s, ${fmt(e.asic65nm.powerW)} W: ${fmt(e.asic65nm.speedup)}x faster, ${fmt(e.asic65nm.energyEfficiency)}x less energy than CPU`,
    ],
  ];
  return lines.map(([quantity, value]) => ({ quantity, value }));
}

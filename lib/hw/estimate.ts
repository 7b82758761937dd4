/**
 * Hardware estimator (issue 6): turns a simulated invertible-logic training run (SC clock cycles, spins,
 * couplings, widths) and a measured CPU backprop run into the paper's two ratios (paper brief §1, §5.1):
 *
 *   t_FPGA = (cycles * cyclesScale + loadCycles) / (clockHz * parallelCircuits)
 *   P_FPGA = P_static(device) + dynamicScale * clockHz * [ toggle * (LUT * E_lut + FF * E_ff)
 *                                                         + FF * E_clk + BRAM * activity * E_bram ]
 *   E_FPGA = P_FPGA * t_FPGA
 *   t_CPU  = CPU time (process.cpuUsage, user+system) of the backprop run until it first reached the
 *            invertible run's accuracy (else its time to final accuracy); wall time only if the run has none
 *   P_CPU  = TDP / cores * threads (a named CPU preset) or --cpu-power-w;   E_CPU = P_CPU * t_CPU
 *   speed-up = t_CPU / t_FPGA;  energy-efficiency ratio = E_CPU / E_FPGA = speed-up * P_CPU / P_FPGA
 *
 * Resources come from a per-element model (spin gates as a function of fan-in and widths, PRNGs, clamp
 * registers, training-data BRAM, control: resources.ts) calibrated by least squares against Smithson's Table 3
 * or our yosys synthesis (calibration.ts, tables.ts); the runs are read and checked by run-input.ts. This file:
 * the estimate (time, power, energy, both ratios, the 65 nm ASIC projection) and its sensitivity. Every
 * assumption is an option; `sensitivity` gives the elasticity d ln(ratio) / d ln(assumption) of both ratios.
 * docs/hardware-estimator.md has the sources.
 */
import { InvlogicError, rejectUnknownKeys, requireInt, requireOneOf, requireRange } from '../errors';
import {
  CPU_PRESETS,
  DEFAULT_CPU,
  DEFAULT_DEVICE,
  DEFAULT_POWER_COEFFICIENTS,
  FPGA_DEVICES,
  FPGA_POWER_COEFFICIENTS,
} from './tables';

import { DEFAULT_CALIBRATION, RESOURCE_CALIBRATIONS } from './calibration';
import { measuredDesignResources, trainerCalibration, type MeasuredDesignResources } from './estimator-trainer';
import {
  BRAM_PORT_BITS,
  checkFits,
  estimateResources,
  maxParallelCircuits,
  maxParallelSamples,
  type ResourceEstimate,
  type TrainingCircuit,
} from './resources';
import {
  baselineTimeToAccuracy,
  circuitOfRun,
  reportedAccuracy,
  type BaselineTime,
  type CpuTimeKind,
  type EstimateInput,
  type RunInput,
} from './run-input';

/** The paper's claims (abstract, paper brief §1/§5.1 [ABS]) and the implied power ratio [INF]. */
export const PAPER_RATIOS = { speedup: 40, energyEfficiency: 134, powerRatio: 134 / 40 } as const;

/** Smithson et al. TCAS-I 2019 Table 4 [FT]: 5x5-bit multiplier/factorizer, 75 nodes, TSMC 65 nm, 200 MHz, 13.4 mW. */
export const SMITHSON_ASIC_65NM = { clockHz: 200e6, powerW: 13.4e-3, nodes: 75 } as const;

// ---------------------------------------------------------------------------------------------------------
// Power, time, energy

export interface FpgaPower {
  staticW: number;
  dynamicW: number;
  totalW: number;
  breakdown: { lutW: number; ffW: number; clockW: number; bramW: number };
}

/** Static + dynamic power of `r` at clockHz (UG440 form; coefficients of FPGA_POWER_COEFFICIENTS). */
export function fpgaPower(
  r: ResourceEstimate,
  o: { clockHz: number; toggleRate: number; staticPowerW: number; dynamicScale: number; coefficients: string },
): FpgaPower {
  const k = FPGA_POWER_COEFFICIENTS[o.coefficients];
  const s = o.dynamicScale * o.clockHz;
  const breakdown = {
    lutW: s * o.toggleRate * r.luts * k.lutTransitionJ,
    ffW: s * o.toggleRate * r.ffs * k.ffTransitionJ,
    clockW: s * r.ffs * k.ffClockJ,
    bramW: s * r.bram36 * k.bramActivity * k.bramAccessJ,
  };
  const dynamicW = breakdown.lutW + breakdown.ffW + breakdown.clockW + breakdown.bramW;
  return { staticW: o.staticPowerW, dynamicW, totalW: o.staticPowerW + dynamicW, breakdown };
}

/** Energy (J) = power (W) x time (s): the one place both sides compute it. */
export function energyJ(powerW: number, timeS: number): number {
  return powerW * timeS;
}

// ---------------------------------------------------------------------------------------------------------
// The estimate

export interface EstimateOptions {
  device: string;
  clockHz: number;
  calibration: string;
  powerCoefficients: string;
  toggleRate: number;
  /** Multiplies every dynamic-power coefficient. */
  dynamicScale: number;
  /** Device static power (W); NaN = the device table's value. */
  staticPowerW: number;
  cpu: string;
  /** CPU power (W); NaN = TDP / cores x cpuThreads of the preset. */
  cpuPowerW: number;
  cpuThreads: number;
  cpuTime: CpuTimeKind;
  /** Multiplies the simulated cycles (what-if on cycles to convergence). */
  cyclesScale: number;
  /** Independent circuit copies run at once (e.g. the FC layer's class neurons); 1 = as simulated. */
  parallelCircuits: number;
  /** The baseline counts as reaching the invertible accuracy within this margin. */
  accuracyTolerance: number;
  utilizationLimit: number;
  /** Cycles to load K samples into the clamp registers per anneal (BRAM port width) are added. */
  includeLoadCycles: boolean;
}

/** Default clock: 100 MHz, the ICECS 2019 Genesys 2 assumption of paper brief §7 row 6 [INF]. */
export const DEFAULT_ESTIMATE_OPTIONS: EstimateOptions = {
  device: DEFAULT_DEVICE,
  clockHz: 100e6,
  calibration: DEFAULT_CALIBRATION,
  powerCoefficients: DEFAULT_POWER_COEFFICIENTS,
  toggleRate: FPGA_POWER_COEFFICIENTS[DEFAULT_POWER_COEFFICIENTS].defaultToggleRate,
  dynamicScale: 1,
  staticPowerW: NaN,
  cpu: DEFAULT_CPU,
  cpuPowerW: NaN,
  cpuThreads: 1,
  cpuTime: 'cpu',
  cyclesScale: 1,
  parallelCircuits: 1,
  accuracyTolerance: 0,
  utilizationLimit: 1,
  includeLoadCycles: true,
};

/** Validates and completes options (unknown keys, ranges, names). */
export function resolveEstimateOptions(given: Partial<EstimateOptions> = {}): EstimateOptions {
  rejectUnknownKeys('estimate options', given, Object.keys(DEFAULT_ESTIMATE_OPTIONS));
  const o = { ...DEFAULT_ESTIMATE_OPTIONS, ...given };
  requireOneOf('device', o.device, Object.keys(FPGA_DEVICES));
  requireOneOf('calibration', o.calibration, Object.keys(RESOURCE_CALIBRATIONS));
  requireOneOf('powerCoefficients', o.powerCoefficients, Object.keys(FPGA_POWER_COEFFICIENTS));
  requireOneOf('cpu', o.cpu, Object.keys(CPU_PRESETS));
  requireOneOf('cpuTime', o.cpuTime, ['cpu', 'wall']);
  requireRange('clockHz', o.clockHz, 1e3, 5e9);
  requireRange('toggleRate', o.toggleRate, 0, 2);
  requireRange('dynamicScale', o.dynamicScale, 0, 1e3);
  if (!Number.isNaN(o.staticPowerW)) requireRange('staticPowerW', o.staticPowerW, 0, 1e3);
  if (!Number.isNaN(o.cpuPowerW)) requireRange('cpuPowerW', o.cpuPowerW, 1e-3, 1e4);
  requireInt('cpuThreads', o.cpuThreads, 1, 1024);
  requireRange('cyclesScale', o.cyclesScale, 1e-9, 1e9);
  requireInt('parallelCircuits', o.parallelCircuits, 1, 1 << 16);
  requireRange('accuracyTolerance', o.accuracyTolerance, 0, 1);
  requireRange('utilizationLimit', o.utilizationLimit, 0.01, 1);
  if (typeof o.includeLoadCycles !== 'boolean')
    throw new InvlogicError('includeLoadCycles must be true or false', 'includeLoadCycles');
  return o;
}

export interface Assumption {
  name: string;
  value: number | string;
  unit: string;
  source: string;
  estimate: boolean;
}

export interface HardwareEstimate {
  invertible: {
    name: string;
    method: string;
    accuracy: number;
    cycles: number;
    loadCycles: number;
    anneals: number;
    circuit: TrainingCircuit;
  };
  fpga: {
    device: string;
    clockHz: number;
    calibration: string;
    resources: ResourceEstimate;
    utilization: { luts: number; ffs: number; bram36: number };
    parallelCircuits: number;
    maxParallelCircuits: number;
    maxParallelSamples: number;
    timeS: number;
    power: FpgaPower;
    energyJ: number;
  };
  cpu: {
    name: string;
    method: string;
    cpu: string;
    powerW: number;
    time: BaselineTime;
    energyJ: number;
  };
  ratios: { speedup: number; energyEfficiency: number; powerRatio: number };
  paper: typeof PAPER_RATIOS;
  /** Projection to Smithson's 65 nm ASIC by node count (energy per node-cycle of the 75-node chip). */
  asic65nm: {
    clockHz: number;
    powerW: number;
    timeS: number;
    energyJ: number;
    speedup: number;
    energyEfficiency: number;
  };
  assumptions: Assumption[];
}

/** The full estimate for one invertible run and its CPU baseline. */
export function estimateTraining(input: EstimateInput, given: Partial<EstimateOptions> = {}): HardwareEstimate {
  const o = resolveEstimateOptions(given);
  const inv = input.invertible;
  const base = input.baseline;
  const fpga = fpgaSide(inv, o);
  const { device, cal, circuit, resources, power, cycles, loadCycles } = fpga;
  const accuracy = reportedAccuracy(inv);
  const cpu = cpuSide(base, accuracy, o);
  const { time, preset, cpuPowerW, cpuEnergyJ } = cpu;

  const asicEnergyPerNodeCycle = SMITHSON_ASIC_65NM.powerW / (SMITHSON_ASIC_65NM.clockHz * SMITHSON_ASIC_65NM.nodes);
  const asicPowerW = asicEnergyPerNodeCycle * circuit.spins * SMITHSON_ASIC_65NM.clockHz;
  const asicTimeS = (cycles + loadCycles) / SMITHSON_ASIC_65NM.clockHz;
  const asicEnergy = energyJ(asicPowerW, asicTimeS);

  const speedup = time.timeS / fpga.timeS;
  const energyEfficiency = cpuEnergyJ / fpga.energyJ;
  return {
    invertible: {
      name: inv.name ?? '',
      method: inv.method,
      accuracy,
      cycles,
      loadCycles,
      anneals: fpga.anneals,
      circuit,
    },
    fpga: {
      device: device.name,
      clockHz: o.clockHz,
      calibration: cal.name,
      resources,
      utilization: {
        luts: resources.luts / device.luts,
        ffs: resources.ffs / device.ffs,
        bram36: resources.bram36 / device.bram36,
      },
      parallelCircuits: o.parallelCircuits,
      maxParallelCircuits: maxParallelCircuits(circuit, cal, device, o.utilizationLimit),
      maxParallelSamples: maxParallelSamples(circuit, cal, device, o.utilizationLimit),
      timeS: fpga.timeS,
      power,
      energyJ: fpga.energyJ,
    },
    cpu: { name: base.name ?? '', method: base.method, cpu: preset.name, powerW: cpuPowerW, time, energyJ: cpuEnergyJ },
    ratios: { speedup, energyEfficiency, powerRatio: cpuPowerW / power.totalW },
    paper: PAPER_RATIOS,
    asic65nm: {
      clockHz: SMITHSON_ASIC_65NM.clockHz,
      powerW: asicPowerW,
      timeS: asicTimeS,
      energyJ: asicEnergy,
      speedup: time.timeS / asicTimeS,
      energyEfficiency: cpuEnergyJ / asicEnergy,
    },
    assumptions: assumptionsOf(o, fpga, cpu),
  };
}

/** The FPGA side: the run's circuit on the device (it must fit), its cycles, time, power and energy. */
function fpgaSide(inv: RunInput, o: EstimateOptions) {
  const device = FPGA_DEVICES[o.device];
  const cal = RESOURCE_CALIBRATIONS[o.calibration];
  const circuit = circuitOfRun(inv);
  const resources = estimateResources(circuit, cal, o.parallelCircuits);
  try {
    checkFits(
      resources,
      device,
      o.utilizationLimit,
      `training circuit (${circuit.spins} spins, ${circuit.couplings} couplings, K = ${circuit.samplesPerBatch}) x ${o.parallelCircuits} parallel`,
    );
  } catch (err) {
    if (!(err instanceof InvlogicError)) throw err;
    const k = maxParallelSamples(circuit, cal, device, o.utilizationLimit);
    const hint =
      k > 0 ? `; K <= ${k} samples per circuit fits (train with --samples-per-batch ${k})` : '; not even K = 1 fits';
    throw new InvlogicError(`${err.message}${o.parallelCircuits === 1 ? hint : ''}`, err.parameter);
  }
  const anneals = typeof inv.info?.anneals === 'number' ? (inv.info.anneals as number) : 1;
  const loadCycles = o.includeLoadCycles
    ? anneals * Math.ceil((circuit.samplesPerBatch * circuit.bitsPerSample) / BRAM_PORT_BITS)
    : 0;
  const cycles = (inv.hardware!.cycles as number) * o.cyclesScale;
  const timeS = (cycles + loadCycles) / (o.clockHz * o.parallelCircuits);
  const staticPowerW = Number.isNaN(o.staticPowerW) ? device.staticPowerW : o.staticPowerW;
  const power = fpgaPower(resources, {
    clockHz: o.clockHz,
    toggleRate: o.toggleRate,
    staticPowerW,
    dynamicScale: o.dynamicScale,
    coefficients: o.powerCoefficients,
  });
  return {
    device,
    cal,
    circuit,
    resources,
    anneals,
    loadCycles,
    cycles,
    timeS,
    staticPowerW,
    power,
    energyJ: energyJ(power.totalW, timeS),
  };
}

/** The CPU side: the baseline's time to the invertible run's accuracy, its power and energy. */
function cpuSide(base: RunInput, accuracy: number, o: EstimateOptions) {
  const time = baselineTimeToAccuracy(base, accuracy, o.cpuTime, o.accuracyTolerance);
  if (!(time.timeS > 0))
    throw new InvlogicError(`baseline time to accuracy is ${time.timeS} s; need a positive time`, 'baseline');
  const preset = CPU_PRESETS[o.cpu];
  const cpuPowerW = Number.isNaN(o.cpuPowerW) ? (preset.tdpW / preset.cores) * o.cpuThreads : o.cpuPowerW;
  return { time, preset, cpuPowerW, cpuEnergyJ: energyJ(cpuPowerW, time.timeS) };
}

/** Every assumption of an estimate with its value and source (estimate: true = our own engineering guess). */
function assumptionsOf(
  o: EstimateOptions,
  fpga: ReturnType<typeof fpgaSide>,
  cpu: ReturnType<typeof cpuSide>,
): Assumption[] {
  const { device, cal, staticPowerW } = fpga;
  const { time, preset, cpuPowerW } = cpu;
  const k = FPGA_POWER_COEFFICIENTS[o.powerCoefficients];
  return [
    { name: 'device', value: device.name, unit: '', source: device.source, estimate: false },
    {
      name: 'clockHz',
      value: o.clockHz,
      unit: 'Hz',
      source: 'default 100 MHz: ICECS 2019 Genesys 2 assumption, paper brief §7 row 6 [INF]; no timing closure done',
      estimate: true,
    },
    { name: 'calibration', value: cal.name, unit: '', source: cal.source, estimate: false },
    {
      name: 'staticPowerW',
      value: staticPowerW,
      unit: 'W',
      source: Number.isNaN(o.staticPowerW) ? device.staticPowerSource : 'given',
      estimate: Number.isNaN(o.staticPowerW) && device.staticPowerEstimate,
    },
    {
      name: 'toggleRate',
      value: o.toggleRate,
      unit: '',
      source: 'UG440 default 12.5 %; SC logic driven by per-cycle noise may toggle more',
      estimate: true,
    },
    { name: 'dynamicScale', value: o.dynamicScale, unit: 'x', source: k.source, estimate: k.estimate },
    {
      name: 'cpuPowerW',
      value: cpuPowerW,
      unit: 'W',
      source: Number.isNaN(o.cpuPowerW)
        ? `${preset.name}: TDP ${preset.tdpW} W / ${preset.cores} cores x ${o.cpuThreads} thread(s); ${preset.source}`
        : 'given',
      estimate: true,
    },
    {
      name: 'cpuTime',
      value: time.kind,
      unit: '',
      source:
        time.kind === 'cpu'
          ? 'per-epoch process.cpuUsage() (user+system) of the baseline run: less inflated by other processes than wall time, though cache/frequency contention on a shared machine still counts'
          : time.kind === 'cpu-scaled'
            ? 'total process CPU time of the baseline run (info.cpuTimeS) x its wall-time fraction up to the matching epoch (the method records no per-epoch CPU time)'
            : 'wall time (the baseline run has no CPU time, or --cpu-time wall): inflated by machine load',
      estimate: time.kind !== 'cpu',
    },
    {
      name: 'cyclesScale',
      value: o.cyclesScale,
      unit: 'x',
      source: 'cycles from the simulated SC run (1 = as measured)',
      estimate: false,
    },
    {
      name: 'parallelCircuits',
      value: o.parallelCircuits,
      unit: '',
      source: '1 = circuits run one after another, as simulated',
      estimate: false,
    },
  ];
}

/** The same run on the trainer as built (issue 23), beside estimateTraining's linear model. */
export interface MeasuredDesignEstimate {
  resources: MeasuredDesignResources;
  timeS: number;
  power: FpgaPower;
  energyJ: number;
  ratios: { speedup: number; energyEfficiency: number; powerRatio: number };
}

/**
 * Resources and controller cycles of the generated trainer RTL (lib/hw/rtl-trainer.ts) scaled to the run from
 * its yosys synthesis (lib/hw/estimator-trainer.ts), with the time, power, energy and both ratios they give;
 * null until a trainer design is measured. A separate call so that estimateTraining's output is unchanged.
 */
export function estimateMeasuredDesign(
  input: EstimateInput,
  given: Partial<EstimateOptions> = {},
): MeasuredDesignEstimate | null {
  const inv = input.invertible;
  // The run's streams option: 'hardware' = the trainer RTL without host tables (lib/bnn/hardware-streams.ts).
  const streams = inv.options?.streams === 'hardware' ? 'hardware' : 'library';
  const tcal = trainerCalibration(undefined, streams);
  if (!tcal) return null;
  const o = resolveEstimateOptions(given);
  const base = estimateTraining(input, given);
  const circuit = base.invertible.circuit;
  const anneals = base.invertible.anneals;
  const cycles = base.invertible.cycles;
  const opts = inv.options ?? {};
  const m = measuredDesignResources(
    circuit,
    anneals,
    Math.max(1, Math.round(cycles / o.cyclesScale / anneals)),
    opts.selection === 'pocket',
    tcal,
    streams,
  );
  const timeS = (cycles + anneals * m.overheadCyclesPerAnneal) / (o.clockHz * o.parallelCircuits);
  const power = fpgaPower(
    { luts: m.luts * o.parallelCircuits, ffs: m.ffs * o.parallelCircuits, bram36: m.bram36, elements: [] },
    {
      clockHz: o.clockHz,
      toggleRate: o.toggleRate,
      staticPowerW: base.fpga.power.staticW,
      dynamicScale: o.dynamicScale,
      coefficients: o.powerCoefficients,
    },
  );
  const e = energyJ(power.totalW, timeS);
  return {
    resources: m,
    timeS,
    power,
    energyJ: e,
    ratios: {
      speedup: base.cpu.time.timeS / timeS,
      energyEfficiency: base.cpu.energyJ / e,
      powerRatio: base.cpu.powerW / power.totalW,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Sensitivity

/** Assumptions the sensitivity analysis varies (numeric options). */
export const SENSITIVITY_PARAMETERS = [
  'clockHz',
  'toggleRate',
  'dynamicScale',
  'staticPowerW',
  'cpuPowerW',
  'cyclesScale',
  'parallelCircuits',
] as const;
export type SensitivityParameter = (typeof SENSITIVITY_PARAMETERS)[number];

export interface SensitivityRow {
  parameter: SensitivityParameter;
  baseValue: number;
  /** d ln(speed-up) / d ln(parameter) at the base point; null when not computable (e.g. 2 copies do not fit). */
  speedupElasticity: number | null;
  energyElasticity: number | null;
  /** Ratios at parameter = baseValue x factor. */
  sweep: { factor: number; value: number; speedup: number; energyEfficiency: number }[];
}

function baseValueOf(p: SensitivityParameter, o: EstimateOptions, e: HardwareEstimate): number {
  if (p === 'staticPowerW') return e.fpga.power.staticW;
  if (p === 'cpuPowerW') return e.cpu.powerW;
  return o[p];
}

/**
 * Elasticities (central difference at +-1 %) and sweeps over `factors` of every SENSITIVITY_PARAMETERS entry.
 * A parallelCircuits value that no longer fits the device is skipped in the sweep.
 */
export function sensitivity(
  input: EstimateInput,
  given: Partial<EstimateOptions> = {},
  factors: readonly number[] = [0.25, 0.5, 1, 2, 4],
): SensitivityRow[] {
  const o = resolveEstimateOptions(given);
  const base = estimateTraining(input, o);
  const rows: SensitivityRow[] = [];
  for (const p of SENSITIVITY_PARAMETERS) {
    const v0 = baseValueOf(p, o, base);
    const at = (v: number) => estimateTraining(input, { ...o, [p]: v });
    let speedupElasticity: number | null;
    let energyElasticity: number | null;
    if (p === 'parallelCircuits') {
      // Integer: the discrete elasticity between 1 and 2 copies (NaN if 2 do not fit).
      try {
        const e2 = at(2 * v0);
        speedupElasticity = Math.log(e2.ratios.speedup / base.ratios.speedup) / Math.log(2);
        energyElasticity = Math.log(e2.ratios.energyEfficiency / base.ratios.energyEfficiency) / Math.log(2);
      } catch (err) {
        if (!(err instanceof InvlogicError)) throw err;
        speedupElasticity = null;
        energyElasticity = null;
      }
    } else if (v0 === 0) {
      speedupElasticity = 0;
      energyElasticity = 0;
    } else {
      const hi = at(v0 * 1.01);
      const lo = at(v0 / 1.01);
      const d = 2 * Math.log(1.01);
      speedupElasticity = Math.log(hi.ratios.speedup / lo.ratios.speedup) / d;
      energyElasticity = Math.log(hi.ratios.energyEfficiency / lo.ratios.energyEfficiency) / d;
    }
    const sweep: SensitivityRow['sweep'] = [];
    for (const f of factors) {
      const value = v0 * f;
      if (p === 'parallelCircuits' && (!Number.isInteger(value) || value < 1)) continue; // whole copies only
      if (p === 'toggleRate' && value > 2) continue;
      try {
        const e = at(value);
        sweep.push({ factor: f, value, speedup: e.ratios.speedup, energyEfficiency: e.ratios.energyEfficiency });
      } catch (err) {
        if (!(err instanceof InvlogicError)) throw err;
      }
    }
    rows.push({ parameter: p, baseValue: v0, speedupElasticity, energyElasticity, sweep });
  }
  return rows;
}

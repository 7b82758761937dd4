/**
 * The tables behind the hardware estimator (lib/hw/estimate.ts, resources.ts, calibration.ts), every entry with its source: FPGA devices
 * (vendor data sheets), FPGA power coefficient sets, CPU power presets, resource-model calibrations, and
 * the published 65 nm ASIC numbers. Entries marked `estimate: true` are our own engineering estimates, not
 * read in any document: each is a named, overridable option, and docs/hardware-estimator.md lists them.
 */

export interface FpgaDevice {
  name: string;
  family: string;
  /** Board the predecessors used, when known. */
  board?: string;
  luts: number;
  ffs: number;
  /** 36 Kb block RAMs. */
  bram36: number;
  dsp: number;
  /** Device static power (W) at 25 °C ambient, typical process. */
  staticPowerW: number;
  staticPowerEstimate: boolean;
  /** Where the LUT/FF/BRAM counts come from. */
  source: string;
  staticPowerSource: string;
}

/** Capacities: DS180 (7 series overview, Kintex-7 table) and DS890 (UltraScale overview, Kintex UltraScale table). */
export const FPGA_DEVICES: Readonly<Record<string, FpgaDevice>> = {
  xc7k325t: {
    name: 'XC7K325T',
    family: 'Kintex-7 (28 nm)',
    board: 'Digilent Genesys 2 (the ICECS 2019 predecessor, paper brief §4.1)',
    luts: 203_800, // 50,950 slices x 4 LUT6
    ffs: 407_600,
    bram36: 445, // 16,020 Kb
    dsp: 840,
    staticPowerW: 0.2,
    staticPowerEstimate: true,
    source: 'Xilinx DS180, 7 Series FPGAs Data Sheet: Overview, Kintex-7 device table (XC7K325T)',
    staticPowerSource:
      'estimate: order of the device static power Vivado/XPE report for a lightly used XC7K325T at 25 °C ambient; no data-sheet value (override --static-power-w)',
  },
  xcku040: {
    name: 'XCKU040',
    family: 'Kintex UltraScale (20 nm)',
    luts: 242_400,
    ffs: 484_800,
    bram36: 600, // 21.1 Mb
    dsp: 1_920,
    staticPowerW: 0.5,
    staticPowerEstimate: true,
    source:
      'Xilinx DS890, UltraScale Architecture and Product Data Sheet: Overview, Kintex UltraScale table (KU040); the device of Smithson et al. Table 3',
    staticPowerSource:
      'estimate: order of the XPE device static power of a KU040 at 25 °C ambient; no data-sheet value (override --static-power-w)',
  },
};

export const DEFAULT_DEVICE = 'xc7k325t';

/**
 * Dynamic-power coefficients in the UG440 (Xilinx Power Estimator) form: a logic row's power is
 * (number of elements) x (clock frequency) x (toggle rate) x (energy per transition); clock power is paid by
 * every flip-flop on every cycle; block RAM per enabled access. UG440's default toggle rate is 12.5 % (one
 * transition every eight cycles) with average fan-out 3. The per-transition energies are ESTIMATES for a 28 nm
 * FPGA at VCCINT = 1.0 V (E = C V^2 with C ~ 0.1-0.2 pF of LUT output plus fan-out-3 routing): XPE's internal
 * per-resource numbers are not published in a citable table. Scale them with --dynamic-scale.
 */
export interface FpgaPowerCoefficients {
  name: string;
  lutTransitionJ: number;
  ffTransitionJ: number;
  /** Clock-tree energy per flip-flop per cycle. */
  ffClockJ: number;
  /** Energy of one 36 Kb BRAM access. */
  bramAccessJ: number;
  /** Fraction of cycles each BRAM is accessed (training-data streaming). */
  bramActivity: number;
  defaultToggleRate: number;
  estimate: boolean;
  source: string;
}

export const FPGA_POWER_COEFFICIENTS: Readonly<Record<string, FpgaPowerCoefficients>> = {
  'estimate-28nm': {
    name: 'estimate-28nm',
    lutTransitionJ: 0.2e-12,
    ffTransitionJ: 0.1e-12,
    ffClockJ: 0.015e-12,
    bramAccessJ: 15e-12,
    bramActivity: 0.125,
    defaultToggleRate: 0.125,
    estimate: true,
    source:
      'form and default toggle rate 12.5 % (fan-out 3): Xilinx UG440 Xilinx Power Estimator User Guide, Logic sheet; energies per transition: our estimate (C V^2, 28 nm, 1.0 V), not a vendor number',
  },
};

export const DEFAULT_POWER_COEFFICIENTS = 'estimate-28nm';

/** A CPU power model: package TDP shared equally by its cores, times the threads the baseline uses. */
export interface CpuPowerPreset {
  name: string;
  cores: number;
  tdpW: number;
  source: string;
}

export const CPU_PRESETS: Readonly<Record<string, CpuPowerPreset>> = {
  'xeon-platinum-8480+': {
    name: 'Intel Xeon Platinum 8480+ (Sapphire Rapids)',
    cores: 56,
    tdpW: 350,
    source:
      'Intel ARK product specification (56 cores, TDP 350 W). This machine reports "Intel(R) Xeon(R) Processor" under KVM with AMX/AVX512-FP16 flags, i.e. a Sapphire Rapids-class Xeon; the exact SKU is hidden',
  },
  'xeon-e5-2680v4': {
    name: 'Intel Xeon E5-2680 v4 (Broadwell)',
    cores: 14,
    tdpW: 120,
    source: 'Intel ARK product specification (14 cores, TDP 120 W); a typical 2016-2020 server CPU',
  },
  'core-i7-8700': {
    name: 'Intel Core i7-8700 (Coffee Lake)',
    cores: 6,
    tdpW: 65,
    source: 'Intel ARK product specification (6 cores, TDP 65 W); a typical 2018-2020 desktop CPU',
  },
};

export const DEFAULT_CPU = 'xeon-platinum-8480+';

/**
 * Per-element FPGA costs of the SC training hardware. LUTs:
 *   spin gate i:  lutPerSpin * (itanhBits / refItanhBits)                 (saturating accumulator, comparator)
 *               + lutPerCouplingEnd * deg_i * (weightBits / refWeightBits)  (weighted inputs into the field adder)
 *   PRNG:         lutPerPrng per xorshift64+ (one per spinsPerPrng spins; Smithson: one register bit per neuron)
 *   control:      lutControl (I0/noise schedule ROM, cycle counter, clamp loading)
 * FFs: spins x (itanhBits + ffPerSpinExtra) + 128 per xorshift64+ + ffControl, + one clamp register per
 * clamped spin. Widths scale linearly (an assumption: the adder and accumulator widths grow with them).
 */
export interface ResourceCalibration {
  name: string;
  lutPerSpin: number;
  lutPerCouplingEnd: number;
  lutPerPrng: number;
  lutControl: number;
  ffPerSpinExtra: number;
  ffControl: number;
  spinsPerPrng: number;
  refItanhBits: number;
  refWeightBits: number;
  /** Largest relative error of the model on its calibration points (reported, and what the tests allow). */
  maxRelativeError: { luts: number; ffs: number };
  source: string;
}

/** One calibration point: a circuit with its structure and measured LUT/FF. */
export interface CalibrationPoint {
  design: string;
  spins: number;
  couplings: number;
  luts: number;
  ffs: number;
  itanhBits: number;
  weightBits: number;
  source: string;
}

/**
 * Smithson et al., TCAS-I 2019, Table 3 (XCKU040, Vivado) [FT, paper brief §3.1]; the coupling counts are
 * those of our gate library's circuits with the same node counts (AND 3, full adder 5 nodes; the 32-bit RCA of
 * 32 five-node full adders has 128 nodes in both). Their widths are not stated; 8-bit accumulators assumed.
 */
export const SMITHSON_TABLE3_POINTS: readonly CalibrationPoint[] = [
  {
    design: 'and',
    spins: 3,
    couplings: 3,
    luts: 257,
    ffs: 307,
    itanhBits: 8,
    weightBits: 5,
    source: 'Smithson Table 3',
  },
  {
    design: 'fa',
    spins: 5,
    couplings: 10,
    luts: 400,
    ffs: 329,
    itanhBits: 8,
    weightBits: 5,
    source: 'Smithson Table 3',
  },
  {
    design: 'rca32',
    spins: 128,
    couplings: 316,
    luts: 10_455,
    ffs: 1_910,
    itanhBits: 8,
    weightBits: 5,
    source: 'Smithson Table 3',
  },
];

/**
 * yosys 0.23 `synth_xilinx -family xc7` counts of our generated SC RTL (lib/hw/rtl.ts; 5-bit weights, 8-bit
 * Itanh, xorshift64+, 10,000-cycle sawtooth controller): rows of figures/data/rtl-synthesis.jsonl
 * (`invlogic sweep rtl-synthesis`) and of the same flow run for this estimator (docs/hardware-estimator.md).
 */
export const YOSYS_XC7_POINTS: CalibrationPoint[] = [
  // figures/data/rtl-synthesis.jsonl (invlogic sweep rtl-synthesis). Clamped spins keep their spin gate in the
  // RTL (clamp_en/clamp_val ports), so spins counts them.
  { design: 'and', spins: 3, couplings: 3, luts: 384, ffs: 201, itanhBits: 8, weightBits: 5, source: 'yosys xc7' },
  { design: 'fa', spins: 5, couplings: 10, luts: 512, ffs: 217, itanhBits: 8, weightBits: 5, source: 'yosys xc7' },
  {
    design: 'rca32',
    spins: 128,
    couplings: 316,
    luts: 7773,
    ffs: 1329,
    itanhBits: 8,
    weightBits: 5,
    source: 'yosys xc7',
  },
  {
    design: 'mult4',
    spins: 48,
    couplings: 152,
    luts: 3426,
    ffs: 561,
    itanhBits: 8,
    weightBits: 5,
    source: 'yosys xc7',
  },
  {
    design: 'neuron4x1',
    spins: 23,
    couplings: 48,
    luts: 1496,
    ffs: 361,
    itanhBits: 8,
    weightBits: 5,
    source: 'yosys xc7',
  },
  {
    design: 'neuron4x2',
    spins: 42,
    couplings: 96,
    luts: 2590,
    ffs: 513,
    itanhBits: 8,
    weightBits: 5,
    source: 'yosys xc7',
  },
  // The same flow and settings, run for this estimator (docs/hardware-estimator.md).
  { design: 'rca4', spins: 16, couplings: 36, luts: 1137, ffs: 305, itanhBits: 8, weightBits: 5, source: 'yosys xc7' },
  {
    design: 'neuron2x1',
    spins: 11,
    couplings: 20,
    luts: 812,
    ffs: 265,
    itanhBits: 8,
    weightBits: 5,
    source: 'yosys xc7',
  },
];

/**
 * `invlogic estimate --run RESULT.json [--baseline BASE.json] [assumption flags]`: FPGA resources, time, power
 * and energy of an invertible-logic training run against the CPU backprop baseline (lib/hw/estimate.ts,
 * docs/hardware-estimator.md). Prints the estimate as one JSON line on stdout, then a plain-text table when
 * stdout is a terminal or with --table (--no-table: never), so `invlogic estimate ... > est.json` is JSON.
 *
 * Fields read: from the invertible run hardware.{cycles,spins,couplings}, info.{anneals,itanhBits,weightBits,
 * stepUnit,circuit}, options.{samplesPerBatch,biasSpins,bias}, data.{size,classes,trainPerClass}, model.features,
 * testAccuracy (else trainAccuracy); from the baseline history[].{testAccuracy,timeS,cpuTimeS}, info.cpuTimeS,
 * wallTimeS.
 */
import { InvlogicError } from '../../lib/errors';
import {
  CPU_PRESETS,
  DEFAULT_ESTIMATE_OPTIONS,
  FPGA_DEVICES,
  FPGA_POWER_COEFFICIENTS,
  RESOURCE_CALIBRATIONS,
  estimateMeasuredDesign,
  estimateTraining,
  parseEstimateInput,
  sensitivity,
  type EstimateOptions,
} from '../../lib/hw';
import { formatEstimateTable } from './_estimate-table';
import { runTaskMismatches } from '../../lib/hw/run-match';
import { defineCommand, formatHelp, parseArgs } from '../args';
import { readJsonFile } from './_bnn-common';
import { PROCESS_IO, type CliIO } from '../io';

export const summary =
  'FPGA vs CPU training time and energy of an invertible run (speed-up and energy-efficiency ratios)';

const d = DEFAULT_ESTIMATE_OPTIONS;

const spec = defineCommand({
  name: 'estimate',
  summary,
  flags: {
    run: {
      type: 'string',
      metavar: 'FILE',
      required: true,
      help: 'invertible-run JSON (invlogic train ... --method invertible-*), or {"invertible":..., "backprop":...}',
    },
    baseline: { type: 'string', metavar: 'FILE', help: 'CPU baseline run JSON (invlogic train ... --method backprop)' },
    device: { type: 'string', choices: Object.keys(FPGA_DEVICES), default: d.device, help: 'FPGA device' },
    'clock-hz': { type: 'number', min: 1e3, max: 5e9, default: d.clockHz, help: 'FPGA clock frequency (Hz)' },
    calibration: {
      type: 'string',
      choices: Object.keys(RESOURCE_CALIBRATIONS),
      default: d.calibration,
      help: 'resource model calibration',
    },
    'power-coefficients': {
      type: 'string',
      choices: Object.keys(FPGA_POWER_COEFFICIENTS),
      default: d.powerCoefficients,
      help: 'FPGA dynamic-power coefficient set',
    },
    'toggle-rate': { type: 'number', min: 0, max: 2, default: d.toggleRate, help: 'average toggle rate of LUTs/FFs' },
    'dynamic-scale': {
      type: 'number',
      min: 0,
      max: 1000,
      default: 1,
      help: 'multiplies every dynamic-power coefficient',
    },
    'static-power-w': { type: 'number', min: 0, max: 1000, help: 'FPGA static power (W); default: device table' },
    cpu: { type: 'string', choices: Object.keys(CPU_PRESETS), default: d.cpu, help: 'CPU power preset (TDP / cores)' },
    'cpu-power-w': { type: 'number', min: 1e-3, max: 1e4, help: 'CPU power (W); overrides the preset' },
    'cpu-threads': { type: 'int', min: 1, max: 1024, default: 1, help: 'cores the baseline keeps busy' },
    'cpu-time': {
      type: 'string',
      choices: ['cpu', 'wall'],
      default: 'cpu',
      help: 'baseline time: process CPU time or wall time',
    },
    'cycles-scale': {
      type: 'number',
      min: 1e-9,
      max: 1e9,
      default: 1,
      help: 'multiplies the simulated cycles (what-if)',
    },
    'parallel-circuits': {
      type: 'int',
      min: 1,
      max: 65536,
      default: 1,
      help: 'independent circuit copies run at once',
    },
    'accuracy-tolerance': {
      type: 'number',
      min: 0,
      max: 1,
      default: 0,
      help: 'baseline counts as matching within this',
    },
    'utilization-limit': {
      type: 'number',
      min: 0.01,
      max: 1,
      default: 1,
      help: 'usable fraction of each device resource',
    },
    'load-cycles': {
      type: 'boolean',
      default: true,
      help: 'add the cycles that load K samples into the clamp registers',
    },
    'allow-mismatch': {
      type: 'boolean',
      help: 'compare runs of different tasks or data (kind, data.size/classes/...); refused otherwise',
    },
    sensitivity: { type: 'boolean', help: 'add d ln(ratio)/d ln(assumption) for every assumption to the JSON' },
    table: {
      type: 'boolean',
      help: 'print a table after the JSON (default: only when stdout is a terminal; --no-table: never)',
    },
  },
  description: [
    'Examples:',
    '  invlogic train perceptron --method invertible-threshold --seed 1 > inv.json',
    '  invlogic train perceptron --method backprop-ste --seed 1 > bp.json',
    '  invlogic estimate --run inv.json --baseline bp.json --device xcku040 --clock-hz 200e6',
  ].join('\n'),
});

export async function run(argv: string[], io: CliIO = PROCESS_IO): Promise<number> {
  const args = parseArgs(spec, argv);
  if (args.help) {
    io.stdout(formatHelp(spec));
    return 0;
  }
  const f = args.flags as Record<string, unknown>;
  const runJson = readJsonFile(f.run as string, '--run');
  const baseJson = f.baseline !== undefined ? readJsonFile(f.baseline as string, '--baseline') : undefined;
  const input = parseEstimateInput(runJson, baseJson);
  const mismatches = runTaskMismatches(input.invertible, input.baseline);
  if (mismatches.length > 0 && !f['allow-mismatch']) {
    throw new InvlogicError(
      `--run and --baseline are runs of different tasks (${mismatches.join(', ')}); their ratio would compare unlike ` +
        'runs: train both on the same data, or pass --allow-mismatch',
      '--baseline',
    );
  }
  const options: Partial<EstimateOptions> = {
    device: f.device as string,
    clockHz: f['clock-hz'] as number,
    calibration: f.calibration as string,
    powerCoefficients: f['power-coefficients'] as string,
    toggleRate: f['toggle-rate'] as number,
    dynamicScale: f['dynamic-scale'] as number,
    staticPowerW: f['static-power-w'] === undefined ? NaN : (f['static-power-w'] as number),
    cpu: f.cpu as string,
    cpuPowerW: f['cpu-power-w'] === undefined ? NaN : (f['cpu-power-w'] as number),
    cpuThreads: f['cpu-threads'] as number,
    cpuTime: f['cpu-time'] as 'cpu' | 'wall',
    cyclesScale: f['cycles-scale'] as number,
    parallelCircuits: f['parallel-circuits'] as number,
    accuracyTolerance: f['accuracy-tolerance'] as number,
    utilizationLimit: f['utilization-limit'] as number,
    includeLoadCycles: f['load-cycles'] as boolean,
  };
  const estimate = estimateTraining(input, options);
  const out: Record<string, unknown> = { ...estimate, measuredDesign: estimateMeasuredDesign(input, options) };
  if (f.sensitivity) {
    out.sensitivity = sensitivity(input, options).map((r) => ({
      parameter: r.parameter,
      baseValue: r.baseValue,
      speedupElasticity: r.speedupElasticity,
      energyElasticity: r.energyElasticity,
    }));
  }
  if (!Number.isFinite(estimate.ratios.speedup)) throw new InvlogicError('speed-up is not finite', '--run');
  io.stdout(JSON.stringify(out, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)) + '\n');
  const table = args.given.has('table') ? (f.table as boolean) : Boolean(io.stdoutIsTTY);
  if (table) io.stdout(formatEstimateTable(estimate));
  return 0;
}

/**
 * `invlogic rtl MODEL.json --out DIR [SC options]`: export synthesizable Verilog-2005 of the SC spin-gate
 * model for MODEL (lib/hw/rtl.ts; the hardware mapping is docs/rtl.md, the bit-exact model docs/sc-model.md),
 * plus a testbench and its seed file. Optionally co-simulate it against the simulator (--cosim) and
 * synthesise it with yosys (--synth). SC options are the SC sampler's own flags (lib/samplers/sc-option-schema.ts,
 * parsed by ../sc-flags.ts).
 */
import * as path from 'path';
import { InvlogicError } from '../../lib/errors';
import type { IsingModel } from '../../lib/ising';
import { makeOutputDir, readModelFile, withFlagNames, writeOutputFile } from '../io';
import { cosimulate, HDL_SIMULATORS, type HdlSimulator } from '../../lib/hw/rtl-cosim';
import { rtlBenchDesign } from '../../lib/hw/rtl-designs';
import { generateRtl, generateTestbench, RTL_FAULTS, type RtlFault } from '../../lib/hw/rtl';
import { synthesize, SYNTH_FLOWS, type SynthFlow } from '../../lib/hw/yosys';
import { runTrainerCommand } from './_rtl-trainer';
import { TRAINER_FAULTS } from '../../lib/hw/rtl-trainer';
import { scOptionsFromFlags } from '../sc-flags';
import { samplerSchemaFlags } from '../option-flags';
import { SC_OPTION_SCHEMA } from '../../lib/samplers/sc-option-schema';
import { parseScheduleText } from '../../lib/samplers/schedule';
import { defineCommand, formatHelp, parseArgs, parseAssignments, type FlagSpec } from '../args';
import { PROCESS_IO, type CliIO } from '../io';

export const summary =
  'Export the SC spin-gate model of an Ising model as Verilog (+ testbench); co-simulate and synthesise it';

/** SC flags that describe the hardware; read-out/statistics/trace flags of the sampler do not apply. */
const SIM_ONLY = new Set([
  'readout',
  'valid',
  'ground-energy',
  'target',
  'stop-on-valid',
  'trace',
  'trace-reads',
  'trace-itanh',
]);
const HW_FLAGS: Record<string, FlagSpec> = Object.fromEntries(
  Object.entries(samplerSchemaFlags(SC_OPTION_SCHEMA)).filter(([k]) => !SIM_ONLY.has(k)) as [string, FlagSpec][],
);

const spec = defineCommand({
  name: 'rtl',
  summary,
  positionals: [
    { name: 'MODEL', help: 'Ising model JSON (format invlogic-ising/1); or use --design', required: false },
  ],
  flags: {
    out: { type: 'string', metavar: 'DIR', required: true, help: 'output directory (created)' },
    design: {
      type: 'string',
      metavar: 'NAME',
      help: 'a built-in design instead of MODEL: and, fa, rca<N>, mult<N>[-fwd|-bwd], neuron<I>x<K>',
    },
    clamp: { type: 'repeatable', metavar: 'NAME=V', help: 'clamp a spin: V = 1 or -1 (spin) or 0 (logic 0 = spin -1)' },
    seed: {
      type: 'string',
      default: '0',
      metavar: 'SEED',
      help: 'seed of the testbench reads (as for invlogic sample --sampler sc)',
    },
    reads: {
      type: 'int',
      min: 1,
      max: 1000,
      default: 1,
      help: 'reads the testbench runs (each from reset with its own seeds)',
    },
    schedule: {
      type: 'string',
      metavar: 'SCHED',
      help: 'I0 schedule: B, linear:A:B, geometric:A:B or sawtooth:linear|geometric:A:B:N',
    },
    top: { type: 'string', default: 'invlogic_top', metavar: 'NAME', help: 'top module name' },
    cosim: {
      type: 'string',
      choices: ['none', ...HDL_SIMULATORS],
      default: 'none',
      help: 'co-simulate against the simulator: none|iverilog|verilator',
    },
    synth: {
      type: 'string',
      metavar: 'FLOWS',
      help: `synthesise with yosys, comma-separated flows: ${SYNTH_FLOWS.join(',')}`,
    },
    trainer: {
      type: 'string',
      metavar: 'CONFIG',
      help: 'the complete trainer instead of one circuit: perceptron, perceptron-ci, bcnn-fc, bcnn-fc-ci (each also as NAME-hw: hardware streams, no host tables) or a JSON file (docs/rtl.md "The trainer"); prints JSON',
    },
    'trainer-fault': {
      type: 'string',
      choices: TRAINER_FAULTS,
      default: 'none',
      help: 'TEST DOUBLE (--trainer): generate a deliberately broken trainer',
    },
    'inject-fault': {
      type: 'string',
      choices: RTL_FAULTS,
      default: 'none',
      help: 'TEST DOUBLE: generate a deliberately broken spin gate',
    },
    ...HW_FLAGS,
  },
  description: [
    'Writes DIR/<top>.v (synthesizable), DIR/tb_<top>.v and DIR/seeds.memh (the generator states the simulator',
    'derives from --seed), DIR/rtl.json (design info, and the co-simulation/synthesis results when asked).',
    'Run the testbench yourself: cd DIR && iverilog -g2005 -o sim <top>.v tb_<top>.v && vvp sim (writes rtl_trace.txt).',
    '',
    'Examples:',
    '  invlogic rtl --design and --out build/rtl/and --cycles 10000 --cosim iverilog --synth xc7,generic',
    '  invlogic rtl --trainer perceptron-ci --seed 1 --out build/rtl/trainer --cosim iverilog --synth xc7',
    '  invlogic rtl mult4.json --clamp p0=1 --clamp p1=1 --out build/rtl/m4 --i0 1:32 --iters 10 --noise 5,3 --cosim verilator',
  ].join('\n'),
});

const readModel = (file: string): IsingModel => readModelFile(file);

/** A built-in design's model; its errors name --design. */
function designModel(name: string): IsingModel {
  try {
    return rtlBenchDesign(name).model;
  } catch (err) {
    if (err instanceof InvlogicError && !err.message.startsWith('--design'))
      throw new InvlogicError(`--design ${name}: ${err.message}`, '--design');
    throw err;
  }
}

export async function run(argv: string[], io: CliIO = PROCESS_IO): Promise<number> {
  const args = parseArgs(spec, argv);
  if (args.help) {
    io.stdout(formatHelp(spec));
    return 0;
  }
  const flags = args.flags as Record<string, unknown>;
  if (flags.trainer !== undefined) return runTrainerCommand(flags, io);
  const file = args.positionals[0] as string | undefined;
  const designName = flags.design as string | undefined;
  if ((file === undefined) === (designName === undefined)) {
    throw new InvlogicError('give either MODEL (a model JSON file) or --design NAME, not both/neither', 'MODEL');
  }
  let model = file !== undefined ? readModel(file) : withFlagNames(['design'], () => designModel(designName!));
  const clamps: Record<string, number> = {};
  for (const [name, v] of parseAssignments('clamp', flags.clamp as string[], { type: 'int', min: -1, max: 1 })) {
    clamps[name] = (v as number) === 0 ? -1 : (v as number);
  }
  const flagNames = Object.keys(spec.flags);
  if (Object.keys(clamps).length > 0) model = withFlagNames(flagNames, () => model.withClamp(clamps));
  const seedText = flags.seed as string;
  const seed = /^\d+$/.test(seedText) ? Number(seedText) : seedText;
  const schedule = flags.schedule === undefined ? undefined : parseScheduleText(flags.schedule as string);
  const own: Record<string, unknown> = {};
  for (const name of Object.keys(HW_FLAGS)) own[name] = flags[name];
  const reads = flags.reads as number;
  const scOptions = scOptionsFromFlags(own, { numReads: reads, seed, schedule });
  const fault = flags['inject-fault'] as RtlFault;
  const rtlOptions = { top: flags.top as string, fault };
  const flows: SynthFlow[] = [];
  if (flags.synth !== undefined) {
    for (const f of (flags.synth as string).split(',').map((s) => s.trim())) {
      if (!SYNTH_FLOWS.includes(f as SynthFlow))
        throw new InvlogicError(`--synth flows must be among ${SYNTH_FLOWS.join(',')}, got "${f}"`, '--synth');
      flows.push(f as SynthFlow);
    }
  }

  const design = withFlagNames(flagNames, () => generateRtl(model, scOptions, rtlOptions));
  const dir = flags.out as string;
  makeOutputDir(dir, '--out');
  const files = { ...design.files, ...generateTestbench(design, { reads }) };
  for (const [name, text] of Object.entries(files)) writeOutputFile(path.join(dir, name), text, '--out');
  const report: Record<string, unknown> = {
    model: file ?? `design:${designName}`,
    seed,
    reads,
    info: design.info,
    files: Object.keys(files),
  };
  io.stdout(
    `wrote ${Object.keys(files)
      .map((f) => path.join(dir, f))
      .join(', ')} (${design.info.n} spins, ${design.info.edges} couplings)\n`,
  );

  let failed = false;
  const cosim = flags.cosim as 'none' | HdlSimulator;
  if (cosim !== 'none') {
    const r = cosimulate(model, scOptions, {
      simulator: cosim,
      reads,
      rtl: rtlOptions,
      dir: path.join(dir, `cosim-${cosim}`),
    });
    report.cosim = {
      simulator: cosim,
      ok: r.ok,
      compared: r.compared,
      firstDiff: r.firstDiff,
      message: r.message,
      hdlSeconds: r.hdlSeconds,
    };
    io.stdout(`cosim: ${r.message}\n`);
    failed = !r.ok;
  }
  const synth: Record<string, unknown> = {};
  for (const flow of flows) {
    const r = synthesize(design, { flow });
    synth[flow] = r;
    io.stdout(
      `synth ${flow}: ${r.luts} LUT, ${r.ffs} FF, ${r.carry} carry, ${r.muxf} MUXF (${r.yosysVersion}, ${r.seconds.toFixed(1)} s)\n`,
    );
  }
  if (flows.length) report.synth = synth;
  writeOutputFile(path.join(dir, 'rtl.json'), JSON.stringify(report, null, 2) + '\n', '--out');
  return failed ? 1 : 0;
}

/**
 * `invlogic rtl --trainer CONFIG --seed S --out DIR [--cosim iverilog|verilator] [--synth xc7[,...]]`: the complete
 * invertible trainer as RTL (lib/hw/rtl-trainer.ts): runs the library trainer of CONFIG with seed S, writes the
 * trainer's Verilog, memory files and testbench to DIR, optionally co-simulates it against the library run and
 * synthesises it with yosys, and prints one JSON object (also DIR/trainer.json):
 *   { config, info, cosim: { match, anneals, ... }, synth: { xc7: { luts, ffs, carry, bram36, ... } } }.
 */
import * as fs from 'fs';
import * as path from 'path';
import { InvlogicError } from '../../lib/errors';
import { buildTrainer, cosimulateTrainer, writeTrainerFiles } from '../../lib/hw/rtl-trainer-cosim';
import type { TrainerFault } from '../../lib/hw/rtl-trainer';
import type { HdlSimulator } from '../../lib/hw/rtl-cosim';
import { synthesize, SYNTH_FLOWS, type SynthFlow, type SynthResult } from '../../lib/hw/yosys';
import type { CliIO } from '../io';

/** BRAM in 36 Kb blocks: RAMB36 counts 1, RAMB18 counts 1/2. */
export function bram36Of(cells: Record<string, number>): number {
  let b = 0;
  for (const [type, n] of Object.entries(cells)) {
    if (/^RAMB36/.test(type)) b += n;
    else if (/^RAMB18/.test(type)) b += n / 2;
  }
  return b;
}

export async function runTrainerCommand(flags: Record<string, unknown>, io: CliIO): Promise<number> {
  const seedText = flags.seed as string;
  if (!/^\d+$/.test(seedText))
    throw new InvlogicError(`--seed: the trainer takes an integer seed, got '${seedText}'`, '--seed');
  const flows: SynthFlow[] = [];
  if (flags.synth !== undefined) {
    for (const f of (flags.synth as string).split(',').map((s) => s.trim())) {
      if (!SYNTH_FLOWS.includes(f as SynthFlow))
        throw new InvlogicError(`--synth flows must be among ${SYNTH_FLOWS.join(',')}, got "${f}"`, '--synth');
      flows.push(f as SynthFlow);
    }
  }
  const { config, design } = await buildTrainer(flags.trainer as string, Number(seedText), {
    top: flags.top === 'invlogic_top' ? 'invlogic_trainer' : (flags.top as string),
    fault: flags['trainer-fault'] as TrainerFault,
  });
  const dir = flags.out as string;
  writeTrainerFiles(design, dir);
  const report: Record<string, unknown> = {
    trainer: flags.trainer,
    config,
    info: design.info,
    files: Object.keys(design.files),
  };
  let failed = false;
  const cosim = flags.cosim as 'none' | HdlSimulator;
  if (cosim !== 'none') {
    const r = cosimulateTrainer(design, { simulator: cosim, dir: path.join(dir, `cosim-${cosim}`) });
    report.cosim = { ...r, dir: undefined };
    failed = !r.match;
  }
  if (flows.length) {
    const synth: Record<string, SynthResult & { bram36: number }> = {};
    for (const flow of flows) {
      const r = synthesize(design, { flow, timeoutS: 7200 });
      synth[flow] = { ...r, bram36: bram36Of(r.cells) };
    }
    report.synth = synth;
  }
  const text = JSON.stringify(report, null, 2) + '\n';
  fs.writeFileSync(path.join(dir, 'trainer.json'), text);
  io.stdout(text);
  return failed ? 1 : 0;
}

/**
 * Synthesis of generated RTL with yosys (Debian yosys 0.23) and resource counting:
 *   - 'xc7':     `synth_xilinx -family xc7` — Xilinx 7-series primitives (LUT1..LUT6, FD*, CARRY4, MUXF7/8, SRL).
 *                NOTE: 7-series, not the UltraScale XCKU040 of Smithson et al.'s Table 3.
 *   - 'xcu':     `synth_xilinx -family xcu` — UltraScale (the XCKU040's family: LUT6, FD*, CARRY8); yosys 0.23
 *                offers it, so we report it beside xc7. Neither is Vivado: counts are yosys's, not Vivado's.
 *   - 'generic': `synth -lut 6` — technology-independent flow mapped to 6-input LUTs and generic flip-flops
 *                (no carry cells: adders become LUTs).
 * Counts come from `stat -json` of the flattened top module.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { InvlogicError, requireInt, requireOneOf } from '../errors';
import type { RtlDesign } from './rtl';

export type SynthFlow = 'xc7' | 'xcu' | 'generic';
export const SYNTH_FLOWS: readonly SynthFlow[] = ['xc7', 'xcu', 'generic'];

export interface SynthResult {
  flow: SynthFlow;
  top: string;
  /** Logic LUTs: LUT1..LUT6 (+ INV, which Vivado maps to LUT1) for xc7/xcu; $lut cells for generic. */
  luts: number;
  /** LUTs used as shift registers / distributed RAM (SRL16E, SRLC32E, RAM*; xc7 only). */
  lutMemory: number;
  /** Flip-flops (FD* for xc7; $_DFF*, $_SDFF*, ... for generic). */
  ffs: number;
  /** Carry cells (CARRY4 / CARRY8; 0 in the generic flow). */
  carry: number;
  /** Wide-function multiplexers MUXF7/MUXF8 (and MUXF9 on xcu). */
  muxf: number;
  /** DSP and block-RAM primitives (expected 0). */
  dsp: number;
  bram: number;
  /** All cells by type, I/O buffers included. */
  cells: Record<string, number>;
  /** Wall-clock seconds yosys took. */
  seconds: number;
  yosysVersion: string;
  /** With `hierarchy`: each module's own cells (submodules not included). */
  modules?: Record<string, Record<string, number>>;
}

/** The first line of `yosys -V`, or null when yosys is not installed. */
export function yosysVersion(): string | null {
  const r = spawnSync('yosys', ['-V'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  return r.stdout.trim().split('\n')[0];
}

/** The yosys script of a flow. */
export function synthScript(flow: SynthFlow, top: string, file: string, statFile: string, flatten = true): string {
  const f = flatten ? ' -flatten' : '';
  const synth = flow !== 'generic' ? `synth_xilinx -family ${flow} -top ${top}${f}` : `synth -top ${top}${f} -lut 6`;
  return [`read_verilog ${file}`, synth, `tee -q -o ${statFile} stat -json`].join('; ');
}

/** Classifies `stat` cell counts into LUT / FF / carry / ... totals. */
export function countResources(
  flow: SynthFlow,
  cells: Record<string, number>,
): Omit<SynthResult, 'flow' | 'top' | 'cells' | 'seconds' | 'yosysVersion'> {
  let luts = 0;
  let lutMemory = 0;
  let ffs = 0;
  let carry = 0;
  let muxf = 0;
  let dsp = 0;
  let bram = 0;
  for (const [type, count] of Object.entries(cells)) {
    if (/^LUT[1-6]$/.test(type) || type === 'INV' || type === '$lut') luts += count;
    else if (/^(SRL|RAM\d|RAM[SD])/.test(type)) lutMemory += count;
    else if (/^FD[A-Z]*$/.test(type) || /^\$_(S?DFF|DFFE|SDFFE|SDFFCE|ALDFF|ALDFFE|DFFSR|DFFSRE|DLATCH)/.test(type))
      ffs += count;
    else if (/^CARRY[48]$/.test(type)) carry += count;
    else if (/^MUXF[789]$/.test(type)) muxf += count;
    else if (/^DSP/.test(type)) dsp += count;
    else if (/^RAMB/.test(type)) bram += count;
  }
  if (flow === 'generic') carry = 0;
  return { luts, lutMemory, ffs, carry, muxf, dsp, bram };
}

export interface SynthOptions {
  flow?: SynthFlow;
  /** Kill yosys after this many seconds (default 900). */
  timeoutS?: number;
  /** Working directory (default: a temporary directory, removed afterwards). */
  dir?: string;
  /**
   * Keep the hierarchy (default false: flatten). Then `modules` holds each module's own cells (one entry per
   * parameter set, e.g. `$paramod\invlogic_spin_gate\DEG=...`) and `instances` how often each is used, so the
   * cost splits into PRNG, spin gates, schedule controllers and top-level glue.
   */
  hierarchy?: boolean;
}

/** What synthesis needs of a design: its files (Verilog and any $readmemh memory files), the top file and name. */
export type SynthDesign = Pick<RtlDesign, 'files' | 'rtlFile'> & { info: { top: string } };

/** Synthesises `design` with yosys and counts its resources. */
export function synthesize(design: SynthDesign, options: SynthOptions = {}): SynthResult {
  const flow = requireOneOf('flow', options.flow ?? 'xc7', SYNTH_FLOWS);
  const timeoutS = requireInt('timeoutS', options.timeoutS ?? 900, 1, 86400);
  const version = yosysVersion();
  if (version === null) throw new InvlogicError('yosys is not installed (Debian: apt-get install yosys)', 'flow');
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'invlogic-yosys-'));
  try {
    for (const [name, text] of Object.entries(design.files)) fs.writeFileSync(path.join(dir, name), text);
    const t0 = Date.now();
    const r = spawnSync(
      'yosys',
      ['-q', '-p', synthScript(flow, design.info.top, design.rtlFile, 'stat.json', !options.hierarchy)],
      {
        cwd: dir,
        encoding: 'utf8',
        timeout: timeoutS * 1000,
        maxBuffer: 256 * 1024 * 1024,
      },
    );
    const seconds = (Date.now() - t0) / 1000;
    if (r.error) throw new InvlogicError(`yosys (${flow}) failed: ${r.error.message}`, 'flow');
    if (r.status !== 0) {
      throw new InvlogicError(
        `yosys (${flow}) failed (exit ${r.status}): ${`${r.stderr}${r.stdout}`.trim().split('\n').slice(-8).join(' | ')}`,
        'flow',
      );
    }
    const stat = JSON.parse(fs.readFileSync(path.join(dir, 'stat.json'), 'utf8')) as {
      design?: { num_cells_by_type?: Record<string, number> };
      modules?: Record<string, { num_cells_by_type?: Record<string, number> }>;
    };
    let cells = stat.design?.num_cells_by_type ?? Object.values(stat.modules ?? {})[0]?.num_cells_by_type ?? {};
    let modules: Record<string, Record<string, number>> | undefined;
    if (options.hierarchy) {
      modules = {};
      for (const [name, m] of Object.entries(stat.modules ?? {}))
        modules[name.replace(/^\\/, '')] = m.num_cells_by_type ?? {};
      // stat's design total of a hierarchical design counts submodule instances as cells; keep the leaf cells.
      cells = Object.fromEntries(
        Object.entries(cells).filter(([k]) => !Object.hasOwn(modules!, k) && !Object.hasOwn(modules!, `\\${k}`)),
      );
    }
    return {
      flow,
      top: design.info.top,
      ...countResources(flow, cells),
      cells,
      seconds,
      yosysVersion: version,
      ...(modules ? { modules } : {}),
    };
  } finally {
    if (options.dir === undefined) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Co-simulation of the generated RTL against the SC simulator: the RTL runs in Icarus Verilog (or Verilator)
 * with the seeds the simulator derives from the user seed; every cycle's spin vector is compared with the
 * simulator's trace (docs/sc-model.md §8). The first difference is reported by read, cycle and spin.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { InvlogicError, requireInt, requireOneOf } from '../errors';
import type { IsingModel } from '../ising';
import { runSc, type ScOptions } from '../samplers/sc';
import { generateRtl, generateTestbench, LFSR_MODULE, XORSHIFT_MODULE, type RtlDesign, type RtlOptions } from './rtl';

export type HdlSimulator = 'iverilog' | 'verilator';
export const HDL_SIMULATORS: readonly HdlSimulator[] = ['iverilog', 'verilator'];

/** Whether an executable is on PATH. */
export function hasTool(name: string): boolean {
  const r = spawnSync(name, name === 'iverilog' ? ['-V'] : ['--version'], { encoding: 'utf8' });
  return !r.error;
}

export interface CosimOptions {
  simulator?: HdlSimulator;
  /** Reads compared (each from reset with its own seeds; default 1). */
  reads?: number;
  /** Working directory (default: a fresh temporary directory, removed afterwards unless keep). */
  dir?: string;
  keep?: boolean;
  rtl?: RtlOptions;
}

export interface CosimDiff {
  read: number;
  /** State index t (0 = reset state, t = after cycle t-1). */
  t: number;
  /** First differing spin (lowest index), its name and the two values (+1/-1; 0 = X/Z or missing). */
  spin: number;
  name: string;
  sim: number;
  rtl: number;
  /** The two lines as hex spin vectors. */
  simHex: string;
  rtlHex: string;
}

export interface CosimResult {
  ok: boolean;
  simulator: HdlSimulator;
  n: number;
  cycles: number;
  reads: number;
  /** States compared (reads x (cycles + 1) when ok). */
  compared: number;
  firstDiff: CosimDiff | null;
  /** Human-readable one-line summary. */
  message: string;
  /** Seconds spent in the HDL tool (compile + run) and in the TS simulator. */
  hdlSeconds: number;
  simSeconds: number;
  dir: string | null;
  design: RtlDesign;
}

function run(cmd: string, args: string[], cwd: string, what: string): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  if (r.error)
    throw new InvlogicError(
      `${what}: cannot run '${cmd}' (${r.error.message}); install it (Debian: apt-get install ${cmd})`,
      'simulator',
    );
  if (r.status !== 0) {
    const msg = `${r.stderr ?? ''}${r.stdout ?? ''}`.trim().split('\n').slice(0, 12).join('\n');
    throw new InvlogicError(`${what} failed (exit ${r.status}):\n${msg}`, 'simulator');
  }
}

/**
 * Compiles `sources` (in `dir`) with testbench top module `tb` and runs it in the HDL simulator; the testbench
 * writes its trace into `dir`. Shared by the spin-array and the trainer co-simulations.
 */
export function simulateTestbench(sources: string[], tb: string, dir: string, simulator: HdlSimulator): void {
  if (simulator === 'iverilog') {
    run(
      'iverilog',
      ['-g2005', '-Wall', '-Wno-timescale', '-o', 'sim.vvp', '-s', tb, ...sources],
      dir,
      'iverilog compile',
    );
    run('vvp', ['-n', 'sim.vvp'], dir, 'vvp run');
  } else {
    const flags = ['--binary', '--timing', '-Wno-fatal', '-Wno-lint', '-Wno-style', '-O2'];
    run(
      'verilator',
      [...flags, '--top-module', tb, '-Mdir', 'obj_dir', '-o', 'sim', ...sources],
      dir,
      'verilator build',
    );
    run(path.join(dir, 'obj_dir', 'sim'), [], dir, 'verilator run');
  }
}

/** Runs the testbench of `design` in the HDL simulator inside `dir`; returns the trace text. */
export function runHdl(design: RtlDesign, dir: string, simulator: HdlSimulator, reads: number): string {
  const files = { ...design.files, ...generateTestbench(design, { reads }) };
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const tb = `tb_${design.info.top}`;
  simulateTestbench([design.rtlFile, `${tb}.v`], tb, dir, simulator);
  return fs.readFileSync(path.join(dir, 'rtl_trace.txt'), 'utf8');
}

function hexBit(hex: string, i: number): number {
  const d = hex.length - 1 - (i >> 2);
  if (d < 0) return 0;
  const c = hex[d];
  if (!/[0-9a-f]/.test(c)) return 0;
  return (parseInt(c, 16) >> (i & 3)) & 1 ? 1 : -1;
}

/** Compares two lists of per-read hex traces; returns the first difference. */
export function compareTraces(
  sim: string[][],
  rtl: string[][],
  n: number,
  names: readonly string[],
): { compared: number; firstDiff: CosimDiff | null } {
  let compared = 0;
  for (let r = 0; r < sim.length; r++) {
    const a = sim[r];
    const b = rtl[r] ?? [];
    for (let t = 0; t < a.length; t++) {
      const x = a[t];
      const y = b[t];
      if (y === x) {
        compared++;
        continue;
      }
      if (y !== undefined) {
        for (let i = 0; i < n; i++) {
          const s = hexBit(x, i);
          const v = hexBit(y, i);
          if (s !== v)
            return {
              compared,
              firstDiff: { read: r, t, spin: i, name: names[i], sim: s, rtl: v, simHex: x, rtlHex: y },
            };
        }
      }
      // Missing state, or the same bits in a different text (X/Z digits beyond n, wrong width).
      return {
        compared,
        firstDiff: { read: r, t, spin: -1, name: '', sim: 0, rtl: 0, simHex: x, rtlHex: y ?? '(missing)' },
      };
    }
    if (b.length > a.length) {
      return {
        compared,
        firstDiff: { read: r, t: a.length, spin: -1, name: '', sim: 0, rtl: 0, simHex: '(end)', rtlHex: b[a.length] },
      };
    }
  }
  return { compared, firstDiff: null };
}

/** Parses the testbench output ("read R" lines, then "t hex" lines) into per-read hex lists. */
export function parseRtlTrace(text: string): string[][] {
  const reads: string[][] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const m = /^read (\d+)$/.exec(line);
    if (m) {
      reads.push([]);
      continue;
    }
    const sp = line.indexOf(' ');
    const cur = reads[reads.length - 1];
    if (!cur) continue;
    const t = Number(line.slice(0, sp));
    if (t !== cur.length) cur.push('?'.repeat(line.length - sp - 1)); // a skipped state shows as a difference
    cur.push(line.slice(sp + 1).toLowerCase());
  }
  return reads;
}

/**
 * Generates the RTL for `model` with the SC options, runs it `reads` times in the HDL simulator and compares
 * every cycle's spin vector with lib/samplers/sc/'s trace.
 */
export function cosimulate(model: IsingModel, scOptions: ScOptions = {}, options: CosimOptions = {}): CosimResult {
  const simulator = requireOneOf('simulator', options.simulator ?? 'iverilog', HDL_SIMULATORS);
  const reads = requireInt('reads', options.reads ?? 1, 1, 1000);
  const design = generateRtl(model, scOptions, options.rtl);
  const plan = design.plan;

  const t0 = Date.now();
  const sim: string[][] = [];
  runSc(model, {
    ...scOptions,
    numReads: reads,
    valid: 'none',
    readout: 'final',
    trace: {
      reads,
      sink: (line) => {
        if (line.startsWith('{"r":')) sim[sim.length - 1].push((JSON.parse(line) as { m: string }).m);
        else if (line.startsWith('{"read":')) sim.push([]);
      },
    },
  });
  const simSeconds = (Date.now() - t0) / 1000;

  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'invlogic-rtl-'));
  fs.mkdirSync(dir, { recursive: true });
  const t1 = Date.now();
  let text: string;
  try {
    text = runHdl(design, dir, simulator, reads);
  } finally {
    if (!options.keep && options.dir === undefined) fs.rmSync(dir, { recursive: true, force: true });
  }
  const hdlSeconds = (Date.now() - t1) / 1000;
  const rtl = parseRtlTrace(text);
  const { compared, firstDiff } = compareTraces(sim, rtl, plan.n, plan.names);
  const ok = firstDiff === null;
  const message = ok
    ? `bit-exact: ${reads} read(s) x ${plan.cycles + 1} states x ${plan.n} spins match (${simulator})`
    : firstDiff.spin < 0
      ? `MISMATCH read ${firstDiff.read} cycle t = ${firstDiff.t}: simulator state '${firstDiff.simHex}', RTL '${firstDiff.rtlHex}'`
      : `MISMATCH read ${firstDiff.read} cycle t = ${firstDiff.t} spin ${firstDiff.spin} '${firstDiff.name}': simulator ${firstDiff.sim}, RTL ${firstDiff.rtl === 0 ? 'X/missing' : firstDiff.rtl} (sim ${firstDiff.simHex} vs rtl ${firstDiff.rtlHex})`;
  return {
    ok,
    simulator,
    n: plan.n,
    cycles: plan.cycles,
    reads,
    compared,
    firstDiff,
    message,
    hdlSeconds,
    simSeconds,
    dir: options.keep || options.dir !== undefined ? dir : null,
    design,
  };
}

/**
 * Runs one generated PRNG module alone in Icarus Verilog: loads `state` ([s0hi, s0lo, s1hi, s1lo] for
 * xorshift64p, [word] for lfsr32) and returns the module's `out` port as lowercase hex for `steps` cycles
 * (output before each step). Used to test the Verilog generators against lib/rng in isolation.
 */
export function simulatePrngRtl(kind: 'xorshift64p' | 'lfsr32', state: readonly number[], steps: number): string[] {
  requireInt('steps', steps, 1, 1_000_000);
  const w = kind === 'xorshift64p' ? 128 : 32;
  const ow = kind === 'xorshift64p' ? 64 : 32;
  const seed = state.map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
  if (seed.length * 4 !== w) throw new InvlogicError(`state must have ${w / 32} words for ${kind}`, 'state');
  const tb = `module tb;
  reg clk = 0; reg load = 1; reg step = 0; integer i; wire [${ow - 1}:0] out;
  invlogic_${kind} u (.clk(clk), .load(load), .seed(${w}'h${seed}), .step(step), .out(out));
  initial begin
    #1 clk = 1; #1 clk = 0; load = 0; step = 1;
    for (i = 0; i < ${steps}; i = i + 1) begin $display("%h", out); #1 clk = 1; #1 clk = 0; end
    $finish;
  end
endmodule
`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invlogic-prng-'));
  try {
    fs.writeFileSync(path.join(dir, 'prng.v'), (kind === 'xorshift64p' ? XORSHIFT_MODULE : LFSR_MODULE) + tb);
    run('iverilog', ['-g2005', '-o', 'p.vvp', 'prng.v'], dir, 'iverilog compile');
    const r = spawnSync('vvp', ['-n', 'p.vvp'], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 0) throw new InvlogicError(`vvp failed: ${r.stderr}`, 'simulator');
    return r.stdout
      .split('\n')
      .filter((l) => /^[0-9a-fx]+$/i.test(l))
      .map((l) => l.toLowerCase());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * RTL export of the stochastic-computing (SC) spin-gate model: synthesizable Verilog-2005 that reproduces
 * lib/samplers/sc/ bit for bit (the contract is docs/sc-model.md; the hardware mapping is docs/rtl.md).
 *
 * The generator starts from `planSc()` — the very plan the simulator runs — so option parsing, coefficient
 * scaling, widths and the schedule tables cannot diverge between the two. Emitted modules:
 *
 *   invlogic_xorshift64p   one xorshift64+ generator (lib/rng Xorshift64p), seed load, step
 *   invlogic_lfsr32        one 32-bit Galois LFSR (taps 0x80200003), seed load, step
 *   invlogic_spin_gate     parameterised spin gate: h + sum(+-J_k by neighbour bit) + noise -> F-bit field
 *                          (exact / saturate / wrap) -> saturating Itanh counter clip [-I0, I0-1] -> sign;
 *                          clamp mux on the spin output
 *   <top>_sched_i0/_nrnd   schedule controller: run-length segment ROM + in-segment counter
 *   <top>                  clock, synchronous reset, seed load port, start, clamp_en/clamp_val, spins, t, valid
 *
 * A testbench (`generateTestbench`) loads the generators' initial states that the simulator derives from the
 * user seed ($readmemh file written from the TS side), starts each read and prints every cycle's spin
 * vector as Verilog `%h` — the same text as the simulator's trace field `m`.
 */
import { InvlogicError, requireOneOf } from '../errors';
import type { IsingModel } from '../ising';
import { planSc, runLengths, ScBitSource, type ScOptions, type ScPlan } from '../samplers/sc';

/** Deliberate generator faults, for testing that the co-simulation catches a broken RTL (test doubles). */
export type RtlFault = 'none' | 'counter-clip-off-by-one' | 'noise-sign-swap';
export const RTL_FAULTS: readonly RtlFault[] = ['none', 'counter-clip-off-by-one', 'noise-sign-swap'];

export interface RtlOptions {
  /** Name of the top module (a Verilog identifier; default 'invlogic_top'). */
  top?: string;
  /** Test double: inject a fault into the generated spin gate (default 'none'). */
  fault?: RtlFault;
}

export interface RtlInfo {
  top: string;
  n: number;
  /** Number of clamped spins in the model (their clamp values are set through the clamp_en/clamp_val ports). */
  clamped: number;
  edges: number;
  maxDegree: number;
  prng: ScPlan['prng'];
  generators: number;
  lanes: number;
  /** Bits of one generator's seed word on the seed_data port (128 xorshift, 32 LFSR). */
  seedBits: number;
  widths: ScPlan['widths'];
  /** Width the exact (unreduced) field needs; the adder is max(fieldBits, exactFieldBits) wide before reduction. */
  exactFieldBits: number;
  i0Segments: number;
  noiseSegments: number;
  cycles: number;
  fault: RtlFault;
}

export interface RtlDesign {
  plan: ScPlan;
  info: RtlInfo;
  /** File name -> Verilog text. `<top>.v` holds everything synthesizable. */
  files: Record<string, string>;
  /** The synthesizable file's name. */
  rtlFile: string;
}

const bitsFor = (x: number): number => Math.max(1, Math.ceil(Math.log2(x + 1)));

/** Smallest signed width holding [-v, v]. */
function signedBitsFor(v: number): number {
  let b = 2;
  while (2 ** (b - 1) - 1 < v) b++;
  return b;
}

/** A `W'hXXXX` literal of the non-negative BigInt x. */
const hexLit = (w: number, x: bigint): string => `${w}'h${x.toString(16)}`;

function checkIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name.length > 64) {
    throw new InvlogicError(
      `top must be a Verilog identifier ([A-Za-z_][A-Za-z0-9_]*, at most 64 chars), got '${name}'`,
      'top',
    );
  }
  return name;
}

/** Neighbour lists of the plan's integer CSR. */
function neighbours(plan: ScPlan, i: number): { j: number[]; w: number[] } {
  const j: number[] = [];
  const w: number[] = [];
  for (let p = plan.rowPtr[i]; p < plan.rowPtr[i + 1]; p++) {
    j.push(plan.col[p]);
    w.push(plan.w[p]);
  }
  return { j, w };
}

/** The exact field's width: h + sum |J| + max noise never overflows it (= the simulator's auto width). */
export function exactFieldBits(plan: ScPlan): number {
  let maxNoise = 0;
  for (let t = 0; t < plan.cycles; t++) if (plan.nrnd[t] > maxNoise) maxNoise = plan.nrnd[t];
  let maxField = 0;
  for (let i = 0; i < plan.n; i++) {
    let s = Math.abs(plan.h[i]);
    for (let p = plan.rowPtr[i]; p < plan.rowPtr[i + 1]; p++) s += Math.abs(plan.w[p]);
    maxField = Math.max(maxField, s);
  }
  return signedBitsFor(maxField + maxNoise);
}

// ---------------------------------------------------------------------------------------------------------
// Fixed library modules.

export const XORSHIFT_MODULE = `// xorshift64+ (lib/rng Xorshift64p): out = s0 + s1 of the current state; a step sets
//   s0' = s1,  s1' = x ^ s1 ^ (x >> 17) ^ (s1 >> 26)  with x = s0 ^ (s0 << 23).
// seed = {s0[63:32], s0[31:0], s1[63:32], s1[31:0]} (the order of the trace's prngInit words).
module invlogic_xorshift64p (
  input  wire         clk,
  input  wire         load,
  input  wire [127:0] seed,
  input  wire         step,
  output wire [63:0]  out
);
  reg  [63:0] s0;
  reg  [63:0] s1;
  wire [63:0] x = s0 ^ (s0 << 23);
  assign out = s0 + s1;
  always @(posedge clk) begin
    if (load) begin
      s0 <= seed[127:64];
      s1 <= seed[63:0];
    end else if (step) begin
      s0 <= s1;
      s1 <= x ^ s1 ^ (x >> 17) ^ (s1 >> 26);
    end
  end
endmodule
`;

export const LFSR_MODULE = `// 32-bit Galois LFSR (lib/rng GaloisLfsr32, taps 0x80200003). The bits a cycle uses are the register
// after that cycle's shift, so out is the next state.
module invlogic_lfsr32 (
  input  wire        clk,
  input  wire        load,
  input  wire [31:0] seed,
  input  wire        step,
  output wire [31:0] out
);
  reg [31:0] s;
  assign out = s[0] ? ((s >> 1) ^ 32'h80200003) : (s >> 1);
  always @(posedge clk) begin
    if (load) s <= seed;
    else if (step) s <= out;
  end
endmodule
`;

/** The parameterised spin gate (docs/sc-model.md §2); `fault` injects a deliberate bug (test double). */
export function spinGateModule(fault: RtlFault = 'none'): string {
  const hiExpr = fault === 'counter-clip-off-by-one' ? 'i0s' : 'i0s - 1';
  const [plus, minus] = fault === 'noise-sign-swap' ? ['-', ''] : ['', '-'];
  return `// Integral-SC spin gate (docs/sc-model.md §2). Per enabled cycle:
//   I      = H + sum_k (nbr[k] ? +J_k : -J_k) + noise      exact in AW bits, then reduced to F bits
//   Itanh' = min(max(Itanh + I, -I0), I0 - 1)              B-bit saturating up/down counter
//   spin   = clamp_en ? clamp_val : (Itanh >= 0)
// NOISE_KIND 0 dense: b ? +n : -n; 1 sparse: u < THETA ? 0 : (b ? +n : -n); 2 uniform: ((n+1)*u >> M) signed by b,
// with b = rnd[0] and u = rnd[M:1]. FO 0 saturate, 1 wrap (only when F < AW).${fault !== 'none' ? `\n// FAULT INJECTED: ${fault} (test double; this gate does NOT match the simulator)` : ''}
module invlogic_spin_gate #(
  parameter integer DEG = 1,            // neighbours (>= 1; a zero coefficient pads isolated spins)
  parameter integer WJ = 5,             // coupling width
  parameter [DEG*WJ-1:0] JS = 0,        // J_k at JS[k*WJ +: WJ], two's complement
  parameter integer H = 0,              // bias
  parameter integer B = 8,              // Itanh counter width
  parameter integer F = 8,              // field width
  parameter integer AW = 8,             // exact adder width (>= F)
  parameter integer FO = 0,             // field overflow: 0 saturate, 1 wrap
  parameter integer WN = 5,             // noise amplitude register width (unsigned value < 2^(WN-1))
  parameter integer NOISE_KIND = 0,
  parameter integer L = 1,              // random bits per cycle
  parameter integer M = 1,              // resolution bits (sparse/uniform)
  parameter integer THETA = 0           // sparse threshold
) (
  input  wire          clk,
  input  wire          init,            // load the reset state: Itanh = init_bit ? 0 : -1
  input  wire          init_bit,
  input  wire          en,              // one update cycle
  input  wire          clamp_en,
  input  wire          clamp_val,
  input  wire [DEG-1:0] nbr,            // neighbour spins, 1 = +1
  input  wire [L-1:0]  rnd,
  input  wire [B-1:0]  i0,              // 1 <= I0 <= 2^(B-1), unsigned
  input  wire [WN-1:0] nrnd,            // 0 <= n_rnd <= 2^(WN-1)-1, unsigned
  output wire          spin
);
  localparam integer SW = (B > F ? B : F) + 2;   // counter-sum width: cannot overflow
  reg signed [B-1:0]  itanh;
  reg signed [AW-1:0] noise;
  reg signed [AW-1:0] acc;
  reg signed [F-1:0]  field;
  reg signed [SW-1:0] sum;
  reg signed [SW-1:0] nxt;
  reg [WN+M:0] prod;
  reg [WN:0] mag;
  wire signed [SW-1:0] i0s = $signed({1'b0, i0});
  wire signed [SW-1:0] lo = -i0s;
  wire signed [SW-1:0] hi = ${hiExpr};
  wire signed [AW-1:0] amp = $signed({1'b0, nrnd});
  integer k;

  always @* begin
    // noise
    mag = 0;
    prod = 0;
    if (NOISE_KIND == 2) begin
      prod = (nrnd + 1'b1) * (rnd >> 1);
      mag = prod >> M;
      noise = rnd[0] ? ${plus}$signed({1'b0, mag}) : ${minus}$signed({1'b0, mag});
    end else if (NOISE_KIND == 1 && (rnd >> 1) < THETA) begin
      noise = 0;
    end else begin
      noise = rnd[0] ? ${plus}amp : ${minus}amp;
    end
    // field: exact sum, then the F-bit reduction
    acc = H;
    for (k = 0; k < DEG; k = k + 1)
      acc = nbr[k] ? acc + $signed(JS[k*WJ +: WJ]) : acc - $signed(JS[k*WJ +: WJ]);
    acc = acc + noise;
    if (F >= AW) field = acc;
    else if (FO == 1) field = acc[F-1:0];
    else if (acc > $signed((1 << (F - 1)) - 1)) field = (1 << (F - 1)) - 1;
    else if (acc < -$signed(1 << (F - 1))) field = -(1 << (F - 1));
    else field = acc;
    // counter
    sum = itanh + field;
    nxt = sum < lo ? lo : (sum > hi ? hi : sum);
  end

  always @(posedge clk) begin
    if (init) itanh <= init_bit ? {B{1'b0}} : {B{1'b1}};
    else if (en && !clamp_en) itanh <= nxt[B-1:0];
  end
  assign spin = clamp_en ? clamp_val : ~itanh[B-1];
endmodule
`;
}

/** A schedule controller: a run-length ROM [[value, count], ...] and an in-segment counter. */
function scheduleModule(name: string, segs: [number, number][], vw: number): string {
  const nseg = segs.length;
  const sw = bitsFor(Math.max(1, nseg - 1));
  const maxCount = Math.max(...segs.map((s) => s[1]));
  const cw = bitsFor(maxCount);
  const rom = segs.map(([v, c], s) => `      ${sw}'d${s}: begin rv = ${vw}'d${v}; rc = ${cw}'d${c}; end`).join('\n');
  return `// Schedule controller: ${nseg} run-length segments [value, count] (host-computed, docs/sc-model.md §5).
// start: segment 0; adv: one cycle used. value = the current segment's value (held after the last).
module ${name} (
  input  wire          clk,
  input  wire          start,
  input  wire          adv,
  output wire [${vw - 1}:0] value
);
  reg [${sw - 1}:0] seg;
  reg [${cw - 1}:0] used;
  reg [${vw - 1}:0] rv;
  reg [${cw - 1}:0] rc;
  always @* begin
    case (seg)
${rom}
      default: begin rv = ${vw}'d${segs[nseg - 1][0]}; rc = ${cw}'d${segs[nseg - 1][1]}; end
    endcase
  end
  assign value = rv;
  always @(posedge clk) begin
    if (start) begin
      seg <= 0;
      used <= 0;
    end else if (adv && seg != ${sw}'d${nseg - 1}) begin
      if (used == rc - 1'b1) begin
        seg <= seg + 1'b1;
        used <= 0;
      end else used <= used + 1'b1;
    end
  end
endmodule
`;
}

/** Builds the hardware plan with the SC options and generates the RTL. */
export function generateRtl(model: IsingModel, scOptions: ScOptions = {}, options: RtlOptions = {}): RtlDesign {
  // The RTL never needs the simulator's statistics: skip the ground-state enumeration.
  return rtlFromPlan(planSc(model, { ...scOptions, valid: 'none' }), options);
}

/** Generates the RTL for an existing plan (planSc). */
export function rtlFromPlan(plan: ScPlan, options: RtlOptions = {}): RtlDesign {
  const top = checkIdent(options.top ?? 'invlogic_top');
  const fault = requireOneOf('fault', options.fault ?? 'none', RTL_FAULTS);
  if (plan.update !== 'synchronous')
    throw new InvlogicError(
      `update: the RTL export implements the synchronous array only (docs/sc-model.md §2), got '${plan.update}'`,
      'update',
    );
  const { n, widths, lanes } = plan;
  const B = widths.itanhBits;
  const F = widths.fieldBits;
  const WN = widths.noiseBits;
  const WJ = widths.weightBits;
  const FX = exactFieldBits(plan);
  const AW = Math.max(F, FX);
  const M = plan.resolutionBits;
  const kind = plan.noiseKind === 'dense' ? 0 : plan.noiseKind === 'sparse' ? 1 : 2;
  const src = new ScBitSource(plan.prng, n, lanes);
  const G = src.numGenerators;
  const seedBits = plan.prng === 'lfsr' ? 32 : 128;
  const selBits = bitsFor(Math.max(1, G - 1));
  const cycW = bitsFor(plan.cycles);
  const i0Segs = runLengths(plan.i0);
  const nrSegs = runLengths(plan.nrnd);

  const L: string[] = [];
  L.push(`// Generated by invlogic (lib/hw/rtl.ts) from the SC model plan; Verilog-2005. Do not edit.`);
  L.push(
    `// Spins: ${n}; couplings: ${plan.edges.length}; widths: J ${WJ}, h ${widths.biasBits}, noise ${WN}, Itanh ${B}, field ${F} (${widths.fieldOverflow}), exact field ${FX}.`,
  );
  L.push(
    `// Noise: ${plan.noiseKind}${kind ? ` (resolution ${M} bits${kind === 1 ? `, threshold ${plan.sparseThreshold}` : ''})` : ''}; PRNG: ${plan.prng}, ${G} generator(s), ${lanes} lane(s); init: ${plan.init}; ${plan.cycles} cycles.`,
  );
  L.push(`// Protocol: rst; seed_we/seed_sel/seed_data for every generator; start (1 cycle). The next clock loads the`);
  L.push(
    `// reset state (t = 0, valid), then ${plan.cycles} update cycles (t = 1..${plan.cycles}, valid each); done after the last.`,
  );
  L.push(`module ${top} (`);
  L.push(`  input  wire clk,`);
  L.push(`  input  wire rst,`);
  L.push(`  input  wire seed_we,`);
  L.push(`  input  wire [${selBits - 1}:0] seed_sel,`);
  L.push(`  input  wire [${seedBits - 1}:0] seed_data,`);
  L.push(`  input  wire start,`);
  L.push(`  input  wire [${n - 1}:0] clamp_en,`);
  L.push(`  input  wire [${n - 1}:0] clamp_val,`);
  L.push(`  output wire [${n - 1}:0] spins,`);
  L.push(`  output reg  [${cycW - 1}:0] t,`);
  L.push(`  output reg  valid,`);
  L.push(`  output wire done`);
  L.push(`);`);
  L.push(`  localparam [1:0] S_IDLE = 2'd0, S_INIT = 2'd1, S_RUN = 2'd2, S_DONE = 2'd3;`);
  L.push(`  reg [1:0] st;`);
  L.push(`  reg [${cycW - 1}:0] cyc;`);
  L.push(`  wire running = (st == S_RUN);`);
  L.push(`  wire init = (st == S_INIT);`);
  L.push(`  wire prng_step = running${plan.init === 'random' ? ' | init' : ''};`);
  L.push(`  assign done = (st == S_DONE);`);
  L.push(`  always @(posedge clk) begin`);
  L.push(`    if (rst) begin`);
  L.push(`      st <= S_IDLE; cyc <= 0; t <= 0; valid <= 1'b0;`);
  L.push(`    end else begin`);
  L.push(`      valid <= init | running;`);
  L.push(`      if (start) st <= S_INIT;`);
  L.push(`      else if (init) begin st <= S_RUN; cyc <= 0; t <= 0; end`);
  L.push(`      else if (running) begin`);
  L.push(`        t <= cyc + 1'b1;`);
  L.push(`        cyc <= cyc + 1'b1;`);
  L.push(`        if (cyc == ${cycW}'d${plan.cycles - 1}) st <= S_DONE;`);
  L.push(`      end`);
  L.push(`    end`);
  L.push(`  end`);
  L.push(``);
  L.push(`  // Schedules.`);
  L.push(`  wire [${B - 1}:0] i0;`);
  L.push(`  wire [${WN - 1}:0] nrnd;`);
  L.push(`  ${top}_sched_i0 u_sched_i0 (.clk(clk), .start(start), .adv(running), .value(i0));`);
  L.push(`  ${top}_sched_nrnd u_sched_nrnd (.clk(clk), .start(start), .adv(running), .value(nrnd));`);
  L.push(``);
  L.push(`  // Random bits: rnd_k[i] = lane k bit of spin i (docs/sc-model.md §3.1).`);
  const gw = plan.prng === 'lfsr' ? 32 : 64;
  for (let q = 0; q < G; q++) {
    const mod = plan.prng === 'lfsr' ? 'invlogic_lfsr32' : 'invlogic_xorshift64p';
    L.push(`  wire [${gw - 1}:0] g${q};`);
    L.push(
      `  ${mod} u_g${q} (.clk(clk), .load(seed_we && seed_sel == ${selBits}'d${q}), .seed(seed_data), .step(prng_step), .out(g${q}));`,
    );
  }
  const laneBitExpr = (k: number, i: number): string => {
    if (plan.prng === 'per-spin') return `g${i}[${63 - k}]`;
    const groups = plan.prng === 'lfsr' ? Math.ceil(n / 32) : Math.ceil(n / 64);
    return `g${k * groups + Math.floor(i / gw)}[${i % gw}]`;
  };
  L.push(``);
  L.push(`  // Spin gates.`);
  for (let i = 0; i < n; i++) {
    const { j, w } = neighbours(plan, i);
    const deg = Math.max(1, j.length);
    let packed = 0n;
    const mask = (1n << BigInt(WJ)) - 1n;
    for (let k = j.length - 1; k >= 0; k--) packed = (packed << BigInt(WJ)) | (BigInt(w[k]) & mask);
    const nbr =
      j.length === 0
        ? `1'b0`
        : `{${j
            .slice()
            .reverse()
            .map((x) => `spins[${x}]`)
            .join(', ')}}`;
    const rnd =
      lanes === 1
        ? laneBitExpr(0, i)
        : `{${Array.from({ length: lanes }, (_, k) => laneBitExpr(lanes - 1 - k, i)).join(', ')}}`;
    L.push(
      `  // spin ${i} '${plan.names[i].replace(/[^\x20-\x7e]/g, '?')}': h = ${plan.h[i]}, J = [${w.map((x, k) => `${x}@${j[k]}`).join(' ')}]`,
    );
    L.push(
      `  invlogic_spin_gate #(.DEG(${deg}), .WJ(${WJ}), .JS(${hexLit(deg * WJ, packed)}), .H(${plan.h[i]}), .B(${B}), .F(${F}), .AW(${AW}), ` +
        `.FO(${widths.fieldOverflow === 'wrap' ? 1 : 0}), .WN(${WN}), .NOISE_KIND(${kind}), .L(${lanes}), .M(${M}), .THETA(${plan.sparseThreshold}))`,
    );
    L.push(
      `    u_s${i} (.clk(clk), .init(init), .init_bit(${plan.init === 'random' ? laneBitExpr(0, i) : `1'b1`}), .en(running), ` +
        `.clamp_en(clamp_en[${i}]), .clamp_val(clamp_val[${i}]), .nbr(${nbr}), .rnd(${rnd}), .i0(i0), .nrnd(nrnd), .spin(spins[${i}]));`,
    );
  }
  L.push(`endmodule`);

  const parts = [
    L.join('\n') + '\n',
    scheduleModule(`${top}_sched_i0`, i0Segs, B),
    scheduleModule(`${top}_sched_nrnd`, nrSegs, WN),
    spinGateModule(fault),
    plan.prng === 'lfsr' ? LFSR_MODULE : XORSHIFT_MODULE,
  ];
  let maxDegree = 0;
  for (let i = 0; i < n; i++) maxDegree = Math.max(maxDegree, plan.rowPtr[i + 1] - plan.rowPtr[i]);
  const rtlFile = `${top}.v`;
  return {
    plan,
    rtlFile,
    files: { [rtlFile]: parts.join('\n') },
    info: {
      top,
      n,
      clamped: n - plan.free.length,
      edges: plan.edges.length,
      maxDegree,
      prng: plan.prng,
      generators: G,
      lanes,
      seedBits,
      widths,
      exactFieldBits: FX,
      i0Segments: i0Segs.length,
      noiseSegments: nrSegs.length,
      cycles: plan.cycles,
      fault,
    },
  };
}

/** Each generator's initial state for read r, as seed_data hex words (docs/sc-model.md §3.3). */
export function seedWords(plan: ScPlan, reads: number): string[] {
  const src = new ScBitSource(plan.prng, plan.n, plan.lanes);
  const out: string[] = [];
  for (let r = 0; r < reads; r++) {
    src.seed(plan.seed, r);
    for (const st of src.snapshot()) out.push(st.map((w) => (w >>> 0).toString(16).padStart(8, '0')).join(''));
  }
  return out;
}

export interface TestbenchOptions {
  /** Reads to run (each from reset with its own seeds; default 1). */
  reads?: number;
  /** File the testbench writes (default 'rtl_trace.txt'), relative to the simulator's working directory. */
  traceFile?: string;
  /** Seed memory file (default 'seeds.memh'). */
  seedFile?: string;
}

/**
 * Testbench `tb_<top>.v` and its seed file: loads the generator states the simulator derives from the seed,
 * applies the model's clamps, runs `reads` reads and writes, per read, `read R` then one line `t hex` per
 * state t = 0..T (hex = Verilog %h of the spin vector, as in the simulator's trace).
 */
export function generateTestbench(design: RtlDesign, options: TestbenchOptions = {}): Record<string, string> {
  const { plan, info } = design;
  const reads = options.reads ?? 1;
  const traceFile = options.traceFile ?? 'rtl_trace.txt';
  const seedFile = options.seedFile ?? 'seeds.memh';
  for (const [k, f] of [
    ['traceFile', traceFile],
    ['seedFile', seedFile],
  ] as const) {
    if (!/^[\w./-]+$/.test(f)) throw new InvlogicError(`${k} must be a plain file path, got '${f}'`, k);
  }
  const n = plan.n;
  let en = 0n;
  let val = 0n;
  for (let i = 0; i < n; i++) {
    if (plan.clampOf[i] !== 0) {
      en |= 1n << BigInt(i);
      if (plan.clampOf[i] > 0) val |= 1n << BigInt(i);
    }
  }
  const G = info.generators;
  const selBits = bitsFor(Math.max(1, G - 1));
  const tb = `// Testbench for ${info.top} (generated by invlogic lib/hw/rtl.ts). Writes ${traceFile}.
\`timescale 1ns/1ps
module tb_${info.top};
  reg clk = 1'b0;
  always #5 clk = ~clk;
  reg rst = 1'b1;
  reg start = 1'b0;
  reg seed_we = 1'b0;
  reg [${selBits - 1}:0] seed_sel = 0;
  reg [${info.seedBits - 1}:0] seed_data = 0;
  reg [${n - 1}:0] clamp_en = ${hexLit(n, en)};
  reg [${n - 1}:0] clamp_val = ${hexLit(n, val)};
  wire [${n - 1}:0] spins;
  wire [${bitsFor(plan.cycles) - 1}:0] t;
  wire valid;
  wire done;
  reg [${info.seedBits - 1}:0] seeds [0:${reads * G - 1}];
  integer f;
  integer r;
  integer q;
  ${info.top} dut (.clk(clk), .rst(rst), .seed_we(seed_we), .seed_sel(seed_sel), .seed_data(seed_data), .start(start),
    .clamp_en(clamp_en), .clamp_val(clamp_val), .spins(spins), .t(t), .valid(valid), .done(done));
  always @(negedge clk) if (valid) $fwrite(f, "%0d %h\\n", t, spins);
  initial begin
    $readmemh("${seedFile}", seeds);
    f = $fopen("${traceFile}", "w");
    @(negedge clk);
    @(negedge clk);
    rst = 1'b0;
    for (r = 0; r < ${reads}; r = r + 1) begin
      $fwrite(f, "read %0d\\n", r);
      for (q = 0; q < ${G}; q = q + 1) begin
        seed_we = 1'b1;
        seed_sel = q;
        seed_data = seeds[r * ${G} + q];
        @(negedge clk);
      end
      seed_we = 1'b0;
      start = 1'b1;
      @(negedge clk);
      start = 1'b0;
      while (!done) @(negedge clk);
      @(negedge clk);
    end
    $fclose(f);
    $finish;
  end
endmodule
`;
  return { [`tb_${info.top}.v`]: tb, [seedFile]: seedWords(plan, reads).join('\n') + '\n' };
}

/**
 * RTL synthesis cost (issue 9): generate the SC spin-gate RTL (lib/hw/rtl.ts) of the benchmark designs and
 * synthesise it with yosys 0.23 (lib/hw/yosys.ts): `synth_xilinx -family xc7` (7-series — NOT the UltraScale
 * XCKU040 of Smithson et al. Table 3), `synth_xilinx -family xcu` (UltraScale) and a generic `synth -lut 6`.
 * One point = one design x one flow; the rows (figures/data/rtl-synthesis.csv) are the calibration data of
 * the hardware estimator (issue 6). The report sets AND / full adder / 32-bit RCA beside Table 3 (paper brief
 * §3.1) and plots resources against circuit size for the neuron training circuits.
 *
 *   invlogic sweep rtl-synthesis                  # full: 8 designs x xc7/generic, + xcu for Table 3's
 *   npm run paper -- --only rtl-synthesis         # + table/figure/claims under figures/
 */
import * as fs from 'fs';
import { InvlogicError, requireInt, requireOneOf } from '../lib/errors';
import { defineExperiment, readResults, type Claim, type ResultRow } from '../lib/sweep';
import { generateRtl } from '../lib/hw/rtl';
import { rtlBenchDesign } from '../lib/hw/rtl-designs';
import { countResources, synthesize, SYNTH_FLOWS, type SynthFlow } from '../lib/hw/yosys';
import { SC_NOISE_KINDS, SC_PRNGS, type ScNoiseKind, type ScPrng } from '../lib/samplers/sc';
import { scatter } from '../lib/viz';

export interface RtlSynthesisConfig {
  /** Benchmark design (lib/hw/rtl-designs.ts): and, fa, rca<N>, mult<N>[-fwd|-bwd], neuron<I>x<K>. */
  design: string;
  flow: SynthFlow;
  /** Clock cycles per run: sizes the cycle counter and the schedule controller. */
  cycles: number;
  /** I0 sawtooth: geometric 1 -> i0Max, repeated i0Iterations times (the ROM has ~iterations x levels segments). */
  i0Max: number;
  i0Iterations: number;
  weightBits: number;
  itanhBits: number;
  noiseKind: ScNoiseKind;
  prng: ScPrng;
}

export interface RtlSynthesisResult {
  spins: number;
  clamped: number;
  couplings: number;
  maxDegree: number;
  fieldBits: number;
  generators: number;
  i0Segments: number;
  luts: number;
  lutMemory: number;
  ffs: number;
  carry: number;
  muxf: number;
  dsp: number;
  bram: number;
  /** All cells by type (I/O buffers included), as yosys `stat` reports them. */
  cells: Record<string, number>;
  yosysSeconds: number;
  yosysVersion: string;
}

/** Smithson et al. TCAS-I 2019, Table 3 (XCKU040), paper brief §3.1 [FT]. */
export const SMITHSON_TABLE3: ReadonlyArray<{
  design: string;
  label: string;
  nodes: number;
  luts: number;
  ffs: number;
}> = [
  { design: 'and', label: 'AND', nodes: 3, luts: 257, ffs: 307 },
  { design: 'fa', label: 'Full adder', nodes: 5, luts: 400, ffs: 329 },
  { design: 'rca32', label: '32-bit ripple-carry adder', nodes: 128, luts: 10455, ffs: 1910 },
];

const FULL_DESIGNS = ['and', 'fa', 'rca32', 'mult4', 'neuron4x1', 'neuron4x2', 'neuron4x4', 'neuron4x8'];
const QUICK_DESIGNS = ['and', 'fa', 'rca4', 'neuron2x1', 'neuron2x2'];

export const rtlSynthesis = defineExperiment<RtlSynthesisConfig, RtlSynthesisResult>({
  name: 'rtl-synthesis',
  version: 1,
  module: __filename,
  title: 'RTL synthesis cost of SC spin-gate designs (yosys: xc7, xcu, generic LUT6)',
  description:
    'Generates bit-exact Verilog of the SC spin-gate model for gates, adders, a multiplier and neuron training circuits and counts LUTs, FFs and carry cells after yosys synthesis.',
  defaults: {
    design: 'and',
    flow: 'xc7',
    cycles: 10000,
    i0Max: 32,
    i0Iterations: 10,
    weightBits: 5,
    itanhBits: 8,
    noiseKind: 'dense',
    prng: 'xorshift64p',
  },
  quick: { cycles: 1000 },
  // Table 3 designs in every flow (xcu = UltraScale, the paper's family); the size series in xc7 and generic.
  sweep: {
    list: [
      ...['and', 'fa', 'rca32'].flatMap((design) => SYNTH_FLOWS.map((flow) => ({ design, flow }))),
      ...FULL_DESIGNS.filter((d) => !['and', 'fa', 'rca32'].includes(d)).flatMap((design) =>
        ['xc7', 'generic'].map((flow) => ({ design, flow })),
      ),
    ],
  },
  quickSweep: { grid: { design: QUICK_DESIGNS, flow: ['xc7', 'generic'] } },
  validate(c) {
    rtlBenchDesign(c.design);
    requireOneOf('flow', c.flow, SYNTH_FLOWS);
    requireInt('cycles', c.cycles, 1, 2 ** 30);
    requireInt('i0Iterations', c.i0Iterations, 1, 1e6);
    requireInt('i0Max', c.i0Max, 1, 2 ** 23);
    requireOneOf('noiseKind', c.noiseKind, SC_NOISE_KINDS);
    requireOneOf('prng', c.prng, SC_PRNGS);
  },
  run(c) {
    const d = rtlBenchDesign(c.design);
    const rtl = generateRtl(
      d.model,
      {
        cycles: c.cycles,
        weightBits: c.weightBits,
        itanhBits: c.itanhBits,
        noiseKind: c.noiseKind,
        prng: c.prng,
        i0: { kind: 'sawtooth', ramp: { kind: 'geometric', from: 1, to: c.i0Max }, iterations: c.i0Iterations },
      },
      { top: 'invlogic_top' },
    );
    const s = synthesize(rtl, { flow: c.flow });
    return {
      spins: rtl.info.n,
      clamped: rtl.info.clamped,
      couplings: rtl.info.edges,
      maxDegree: rtl.info.maxDegree,
      fieldBits: rtl.info.widths.fieldBits,
      generators: rtl.info.generators,
      i0Segments: rtl.info.i0Segments,
      luts: s.luts,
      lutMemory: s.lutMemory,
      ffs: s.ffs,
      carry: s.carry,
      muxf: s.muxf,
      dsp: s.dsp,
      bram: s.bram,
      cells: s.cells,
      yosysSeconds: s.seconds,
      yosysVersion: s.yosysVersion,
    };
  },
  paper: {
    order: 80,
    figures: ['resources-vs-size'],
    tables: ['table3', 'resources'],
    report(rows, ctx) {
      return rtlSynthesisReport(rows, ctx.command);
    },
  },
});

type Row = ResultRow<RtlSynthesisConfig, RtlSynthesisResult>;

/** Flat rows (one per design x flow) for CSV and notebooks. */
export function rtlSynthesisRows(rows: readonly Row[]) {
  return rows.map((r) => {
    // Counts are re-derived from the raw cell census, so a fix in countResources applies to stored rows too.
    const k = countResources(r.config.flow, r.result.cells);
    return {
      design: r.config.design,
      flow: r.config.flow,
      spins: r.result.spins,
      clamped: r.result.clamped,
      couplings: r.result.couplings,
      maxDegree: r.result.maxDegree,
      luts: k.luts,
      ffs: k.ffs,
      carry: k.carry,
      muxf: k.muxf,
      lutMemory: k.lutMemory,
      cycles: r.config.cycles,
      weightBits: r.config.weightBits,
      itanhBits: r.config.itanhBits,
      noiseKind: r.config.noiseKind,
      prng: r.config.prng,
      yosysSeconds: r.result.yosysSeconds,
    };
  });
}

/** Table 3 comparison, all-resources table, resources-vs-size figure and claims. */
export function rtlSynthesisReport(rows: readonly Row[], command: string) {
  if (rows.length === 0) throw new InvlogicError('rtl-synthesis report needs at least one row', 'rows');
  const flat = rtlSynthesisRows(rows);
  const get = (design: string, flow: SynthFlow) => flat.find((r) => r.design === design && r.flow === flow);
  const table3 = SMITHSON_TABLE3.map((p) => {
    const row: Record<string, string | number> = {
      design: p.label,
      paperNodes: p.nodes,
      paperLuts: p.luts,
      paperFfs: p.ffs,
    };
    for (const flow of SYNTH_FLOWS) {
      const r = get(p.design, flow);
      if (r) {
        row.spins = r.spins;
        row[`${flow}Luts`] = r.luts;
        row[`${flow}Ffs`] = r.ffs;
        if (flow !== 'generic') row[`${flow}Carry`] = r.carry;
      }
    }
    return row;
  });
  const claims: Claim[] = [];
  for (const p of SMITHSON_TABLE3) {
    const r = get(p.design, 'xc7') ?? get(p.design, 'xcu') ?? get(p.design, 'generic');
    if (!r) continue;
    claims.push({
      claim: `${p.label}: FPGA resources of the invertible-logic design (Smithson Table 3, XCKU040)`,
      paperValue: `${p.nodes} nodes, ${p.luts} LUT, ${p.ffs} FF`,
      source: '[FT: Smithson TCAS-I 2019, Table 3]',
      ourValue: `${r.spins} spins, ${r.luts} LUT, ${r.ffs} FF, ${r.carry} carry (yosys ${r.flow})`,
      command,
      note: 'yosys 0.23, not Vivado; xc7 = 7-series, not the UltraScale XCKU040. Ours includes one xorshift64+ (128 FF) per 64 spins, the I0/noise schedule ROM controllers and a run counter.',
    });
  }
  const primary = flat.some((r) => r.flow === 'xc7') ? 'xc7' : flat[0].flow;
  const series = [];
  for (const [metric, label] of [
    ['luts', 'LUT'],
    ['ffs', 'FF'],
  ] as const) {
    for (const family of ['neuron', 'other']) {
      const pts = flat.filter((r) => r.flow === primary && (family === 'neuron') === r.design.startsWith('neuron'));
      if (pts.length === 0) continue;
      series.push({
        name: `${label} (${family === 'neuron' ? 'neuron training circuits' : 'gates, adders, multipliers'})`,
        x: pts.map((r) => r.spins),
        y: pts.map((r) => r[metric]),
        text: pts.map((r) => r.design),
        mode: family === 'neuron' ? 'lines+markers' : 'markers',
      });
    }
  }
  const figure = scatter({
    title: `Resources vs circuit size (yosys ${primary})`,
    xTitle: 'circuit size (spins)',
    yTitle: 'FPGA resources (LUT or FF cells)',
    series,
  });
  return {
    figures: [
      {
        name: 'resources-vs-size',
        figure,
        caption: `LUTs and FFs of the generated SC RTL after yosys ${primary} synthesis against the number of spins; the neuron training circuits (4 inputs, K = 1, 2, 4, 8 samples sharing the weights) form the line.`,
      },
    ],
    tables: [
      { name: 'table3', rows: table3 },
      { name: 'resources', rows: flat },
    ],
    claims,
    notes: [
      'Resources are yosys 0.23 counts (stat after synth_xilinx -family xc7 / -family xcu, or synth -lut 6), not Vivado place-and-route utilisation; the paper used Vivado on an UltraScale XCKU040.',
    ],
  };
}

/** The committed data file the estimator and notebook 06 read: every result row as JSON (config + result). */
export const RTL_SYNTHESIS_JSON = 'figures/data/rtl-synthesis.json';

/** Writes the sweep's rows (a results JSONL) as the committed JSON data file; returns the number of rows. */
export function exportRtlSynthesisJson(jsonl = 'figures/data/rtl-synthesis.jsonl', out = RTL_SYNTHESIS_JSON): number {
  const rows = readResults<RtlSynthesisConfig, RtlSynthesisResult>(jsonl).rows.filter(
    (r) => r.experiment === 'rtl-synthesis',
  );
  rows.sort(
    (a, b) =>
      a.result.spins - b.result.spins ||
      a.config.design.localeCompare(b.config.design) ||
      a.config.flow.localeCompare(b.config.flow),
  );
  fs.writeFileSync(
    out,
    JSON.stringify(
      rows.map((r) => ({
        key: r.key,
        version: r.version,
        config: r.config,
        result: r.result,
        timeS: r.timeS,
        finishedAt: r.finishedAt,
      })),
      null,
      1,
    ) + '\n',
  );
  return rows.length;
}

/** The committed full-scale results (figures/data/rtl-synthesis.json), for notebooks; null when absent. */
export function loadRtlSynthesisReport(file = RTL_SYNTHESIS_JSON) {
  if (!fs.existsSync(file)) return null;
  const rows = (JSON.parse(fs.readFileSync(file, 'utf8')) as Row[]).map((r) => ({ ...r, experiment: 'rtl-synthesis' }));
  if (rows.length === 0) return null;
  return {
    rows,
    report: rtlSynthesisReport(rows, 'invlogic sweep rtl-synthesis --out figures/data/rtl-synthesis.jsonl'),
  };
}

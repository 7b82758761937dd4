/**
 * The trainer RTL's configurations, the library runs it replays, and its co-simulation (issue 23):
 *
 *   recordTrainerRun(config)   runs the library trainer (invertible-threshold on the 5x5 perceptron, or the FC
 *                              layer of invertible-fc) with its observation hook and keeps every anneal
 *   cosimulateTrainer(design)  runs the generated trainer in Icarus Verilog (or Verilator) and compares, anneal by
 *                              anneal, the weight read-out and the combined weights, then every neuron's final
 *                              weights, with the library's; on the first difference it replays that anneal in
 *                              lib/samplers/sc/ with a trace and names the first cycle and spin that differ.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { InvlogicError, rejectUnknownKeys, requireInt, requireOneOf } from '../errors';
import {
  bcnnConfigOf,
  bcnnFeatureMatrix,
  bcnnShapes,
  getMethod,
  labelCodes,
  neuronDataFrom,
  pooledCodeCircuit,
  pooledExamples,
  scaledSampler,
  trainInvertibleNeuron,
  type CombineRule,
  type InvertibleCodesOptions,
  randomConv,
  resolveMethodOptions,
  trainFcInvertible,
  trainInvertiblePerceptron,
  type AnnealEvent,
  type BcnnTrainResult,
  type InvertibleBcnnOptions,
  type InvertibleNeuronOptions,
} from '../bnn';
import { HwStream, TRAINER_STREAMS, type TrainerStreams } from '../bnn/hardware-streams';
import { loadModifiedMnist } from '../data';
import { relativeAnnealOf, scaledScOptions } from '../samplers/autoscale';
import { runSc } from '../samplers/sc';
import { HDL_SIMULATORS, simulateTestbench, type HdlSimulator } from './rtl-cosim';
import {
  generateTrainerRtl,
  planAnneal,
  type TrainerAnneal,
  type TrainerCombine,
  type TrainerRecord,
  type TrainerRtlDesign,
  type TrainerRtlOptions,
} from './rtl-trainer';

/** A trainer run: which trainer, on what data, with which options. */
export interface TrainerConfig {
  /** 'neuron': invertible-threshold on one binarized neuron; 'bcnn-fc': the FC layer of invertible-fc. */
  /** codes-conv: the conv channels of invertible-codes (pooledCodeCircuit, layout 'fixed'; trainRows = pooled examples). */
  target: 'neuron' | 'bcnn-fc' | 'codes-conv';
  /** Modified-MNIST input side and binarization threshold; digits (class indices in this order). */
  size: number;
  threshold: number;
  digits: number[];
  /** Training rows used (the first N of the training split; 0 = all). */
  trainRows: number;
  /** neuron: a bias spin (a constant +1 column). */
  bias: boolean;
  samplesPerBatch: number;
  epochs: number;
  cycles: number;
  combine: TrainerCombine;
  selection: 'last' | 'pocket';
  priorStrength: number;
  /** bcnn-fc: conv channels, kernels from 'random' (seeded) or 'backprop' (10 epochs, as invertible-fc). */
  channels: number;
  convSource: 'random' | 'backprop';
  biasSpins: number;
  /** The trainer's random streams (lib/bnn/hardware-streams.ts): 'hardware' = the RTL computes them itself. */
  streams: TrainerStreams;
  seed: number;
}

const BASE: TrainerConfig = {
  target: 'neuron',
  size: 5,
  threshold: 0.25,
  digits: [0, 1],
  trainRows: 0,
  bias: false,
  samplesPerBatch: 8,
  epochs: 2,
  cycles: 1000,
  combine: 'majority',
  selection: 'pocket',
  priorStrength: 2,
  channels: 4,
  convSource: 'random',
  biasSpins: 4,
  streams: 'library',
  seed: 1,
};

/**
 * Named trainer configurations:
 *   perceptron       the 5x5 perceptron of experiments/invertible-perceptron.ts (digits 0-1, K = 8, 2 epochs,
 *                    1000 cycles, pocket): 1602 rows, 400 anneals
 *   perceptron-ci    the same on the first 400 rows, 4 epochs of 200-cycle anneals (200 anneals; the CI run)
 *   bcnn-fc          the FC layer of invertible-fc on bcnn-2class (10x10, conv 3x3x4 from backprop, FC 64 -> 2,
 *                    4 bias spins, K = 16, 300 cycles, 1 epoch, last): 2 neurons x 100 batches
 *   bcnn-fc-ci       reduced: digits 0-2 (3 class neurons), random conv, first 96 images, 100 cycles
 *   NAME-hw          each of the above with streams 'hardware' (order, seeds and schedule computed in the RTL)
 */
export const TRAINER_CONFIGS: Record<string, Partial<TrainerConfig>> = {
  perceptron: {},
  'perceptron-ci': { trainRows: 400, epochs: 4, cycles: 200 },
  'bcnn-fc': {
    target: 'bcnn-fc',
    size: 10,
    threshold: 0.5,
    samplesPerBatch: 16,
    epochs: 1,
    cycles: 300,
    selection: 'last',
    convSource: 'backprop',
  },
  'bcnn-fc-ci': {
    target: 'bcnn-fc',
    size: 10,
    threshold: 0.5,
    digits: [0, 1, 2],
    trainRows: 96,
    samplesPerBatch: 16,
    epochs: 1,
    cycles: 100,
    selection: 'last',
    convSource: 'random',
  },
};
// The conv layer of invertible-codes as paper-bcnn-2class trains it (3x3 kernel + 8 bias spins, 4 channels, K = 8
// pooled examples of 2x2 windows, accumulate with prior 64, 400 cycles; balanced (target +1 / -1) batches), in
// the fixed circuit layout; reduced: 2 channels, 64 pooled examples, 100 cycles.
TRAINER_CONFIGS['codes-conv'] = {
  target: 'codes-conv',
  size: 10,
  threshold: 0.5,
  digits: [0, 1],
  trainRows: 2000,
  samplesPerBatch: 8,
  epochs: 1,
  cycles: 400,
  combine: 'accumulate',
  selection: 'last',
  priorStrength: 64,
  channels: 4,
  biasSpins: 8,
};
TRAINER_CONFIGS['codes-conv-ci'] = { ...TRAINER_CONFIGS['codes-conv'], channels: 2, trainRows: 64, cycles: 100 };
// The same runs with the hardware streams (lib/bnn/hardware-streams.ts): the RTL computes the batch order, the
// generator states and the schedule; its block RAM holds the training rows only.
for (const name of ['perceptron', 'perceptron-ci', 'bcnn-fc', 'bcnn-fc-ci'])
  TRAINER_CONFIGS[`${name}-hw`] = { ...TRAINER_CONFIGS[name], streams: 'hardware' };

/** A named configuration, a JSON file's path, or a JSON object text; `{"base": NAME, ...}` overrides a named one. */
export function resolveTrainerConfig(spec: string, seed?: number): TrainerConfig {
  let given: Record<string, unknown>;
  if (Object.hasOwn(TRAINER_CONFIGS, spec)) given = { ...TRAINER_CONFIGS[spec] };
  else {
    let text = spec;
    if (!spec.trim().startsWith('{')) {
      if (!fs.existsSync(spec))
        throw new InvlogicError(
          `--trainer: expected one of ${Object.keys(TRAINER_CONFIGS).join(', ')} or a JSON file, got '${spec}'`,
          'trainer',
        );
      text = fs.readFileSync(spec, 'utf8');
    }
    try {
      given = JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      throw new InvlogicError(`--trainer: not valid JSON (${(err as Error).message})`, 'trainer');
    }
    if (typeof given.base === 'string') {
      if (!Object.hasOwn(TRAINER_CONFIGS, given.base))
        throw new InvlogicError(`--trainer: unknown base '${given.base}'`, 'trainer.base');
      given = { ...TRAINER_CONFIGS[given.base], ...given };
      delete given.base;
    }
  }
  rejectUnknownKeys('trainer config', given, Object.keys(BASE));
  const c = { ...BASE, ...given } as TrainerConfig;
  if (seed !== undefined) c.seed = seed;
  requireOneOf('trainer.target', c.target, ['neuron', 'bcnn-fc', 'codes-conv'] as const);
  requireInt('trainer.size', c.size, 2, 28);
  requireInt('trainer.trainRows', c.trainRows, 0, 1e6);
  requireInt('trainer.samplesPerBatch', c.samplesPerBatch, 1, 256);
  requireInt('trainer.epochs', c.epochs, 1, 100);
  requireInt('trainer.cycles', c.cycles, 1, 1e6);
  requireOneOf('trainer.combine', c.combine, ['majority', 'accumulate', 'sequential'] as const);
  requireOneOf('trainer.selection', c.selection, ['last', 'pocket'] as const);
  requireOneOf('trainer.convSource', c.convSource, ['random', 'backprop'] as const);
  requireInt('trainer.seed', c.seed, 0, 2 ** 31);
  requireOneOf('trainer.streams', c.streams, TRAINER_STREAMS);
  if (!Array.isArray(c.digits) || c.digits.length < 2)
    throw new InvlogicError('trainer.digits must list at least two digits', 'trainer.digits');
  if (c.target === 'neuron' && c.digits.length !== 2)
    throw new InvlogicError('trainer.digits: the neuron target takes two digits', 'trainer.digits');
  return c;
}

function collect(
  anneals: TrainerAnneal[],
  neuron: number,
  anneal: ReturnType<typeof relativeAnnealOf>,
): (e: AnnealEvent) => void {
  return (e) => {
    if (e.numReads !== 1) throw new InvlogicError('the trainer RTL runs one anneal per batch (reads 1)', 'reads');
    anneals.push({
      neuron,
      batch: e.batch,
      rows: e.rows,
      model: e.model,
      options: e.options,
      plan: planAnneal(e.model, anneal, e.options),
      readout: e.readout,
      weights: e.weights,
    });
  };
}

/** Runs the library trainer of `c` with its observation hook; returns everything the RTL replays. */
export async function recordTrainerRun(c: TrainerConfig, name = 'trainer'): Promise<TrainerRecord> {
  const ds = loadModifiedMnist({ size: c.size, threshold: c.threshold, classes: c.digits, testFraction: 0.2, seed: 0 });
  const rowsAll = ds.train.n;
  const rows = c.trainRows > 0 ? Math.min(c.trainRows, rowsAll) : rowsAll;
  const anneals: TrainerAnneal[] = [];
  if (c.target === 'neuron') {
    const full = neuronDataFrom(ds.train);
    const train = { n: rows, dim: full.dim, x: full.x.subarray(0, rows * full.dim), y: full.y.subarray(0, rows) };
    const method = getMethod('neuron', 'invertible-threshold');
    const o = resolveMethodOptions(method, {
      samplesPerBatch: c.samplesPerBatch,
      epochs: c.epochs,
      cycles: c.cycles,
      combine: c.combine,
      selection: c.selection,
      priorStrength: c.priorStrength,
      streams: c.streams,
    }) as unknown as InvertibleNeuronOptions;
    const result = trainInvertiblePerceptron(
      'threshold',
      { train, bias: c.bias, seed: c.seed },
      o,
      undefined,
      collect(anneals, 0, relativeAnnealOf(o)),
    );
    const final = new Int8Array(train.dim + (c.bias ? 1 : 0));
    final.set(result.neuron.weights);
    if (c.bias) final[train.dim] = result.neuron.bias;
    const K = Math.min(o.samplesPerBatch, rows);
    return {
      name,
      rows,
      dim: train.dim,
      x: Int8Array.from(train.x),
      labels: Int32Array.from(train.y, (v) => (v > 0 ? 1 : 0)),
      targets: [1],
      constColumns: c.bias ? 1 : 0,
      samplesPerBatch: K,
      epochs: c.epochs,
      batchesPerNeuron: c.epochs * Math.floor(rows / K),
      combine: c.combine,
      selection: c.selection,
      priorStrength: o.priorStrength,
      counterLimit: o.counterLimit,
      margin: o.margin ?? 1,
      anneal: relativeAnnealOf(o),
      streams: c.streams,
      streamStarts: [HwStream.startOf(c.seed)],
      anneals,
      finals: [final],
    };
  }
  if (c.target === 'codes-conv') return recordCodesConv(c, name, ds);
  // bcnn-fc: the FC layer of invertible-fc (one-vs-rest threshold neurons on the conv feature map).
  const config = bcnnConfigOf(
    {
      kind: 'bcnn',
      name,
      data: {},
      model: { kernelSize: 3, channels: c.channels, stride: 1, padding: 0, pool: 2 },
    } as never,
    c.size,
    c.digits.length,
  );
  let conv: Int8Array;
  let convThreshold: Int32Array;
  if (c.convSource === 'random') ({ conv, convThreshold } = randomConv(config, c.seed));
  else {
    const bp = getMethod('bcnn', 'backprop');
    const r = (await bp.train(
      { config, train: ds.train, seed: c.seed },
      resolveMethodOptions(bp, {}),
    )) as BcnnTrainResult;
    conv = Int8Array.from(r.weights.conv);
    convThreshold = Int32Array.from(r.weights.convThreshold);
  }
  const { features: F } = bcnnShapes(config);
  const x = ds.train.x.subarray(0, rows * ds.train.dim);
  const G = bcnnFeatureMatrix(
    {
      config,
      conv,
      convThreshold,
      fc: new Int8Array(config.numClasses * F).fill(1),
      fcBias: new Int32Array(config.numClasses),
    },
    x,
    rows,
  );
  const labels = ds.train.y.subarray(0, rows);
  const method = getMethod('bcnn', 'invertible-fc');
  const o = resolveMethodOptions(method, {
    samplesPerBatch: c.samplesPerBatch,
    epochs: c.epochs,
    cycles: c.cycles,
    combine: c.combine,
    selection: c.selection,
    priorStrength: c.priorStrength,
    biasSpins: c.biasSpins,
    streams: c.streams,
  }) as unknown as InvertibleBcnnOptions;
  const perNeuron = new Map<number, TrainerAnneal[]>();
  const anneal = relativeAnnealOf(o);
  const { fc, fcBias } = trainFcInvertible(
    G,
    F,
    labels,
    config.numClasses,
    o,
    c.seed,
    { cycles: 0, anneals: 0, spins: 0, couplings: 0 },
    (m, e) => {
      if (!perNeuron.has(m)) perNeuron.set(m, []);
      collect(perNeuron.get(m)!, m, anneal)(e);
    },
  );
  for (let m = 0; m < config.numClasses; m++) anneals.push(...(perNeuron.get(m) ?? []));
  const D = F + c.biasSpins;
  // Final weights per class: the FC row and the bias spins (the library keeps their sum, fcBias; the spins are
  // the last anneal's combined weights, checked against fcBias here).
  const finals: Int8Array[] = [];
  for (let m = 0; m < config.numClasses; m++) {
    const last = (perNeuron.get(m) ?? []).at(-1);
    const w = new Int8Array(D);
    w.set(fc.subarray(m * F, (m + 1) * F));
    if (last) w.set(last.weights.subarray(F, D), F);
    let beta = 0;
    for (let b = F; b < D; b++) beta += w[b];
    if (beta !== fcBias[m])
      throw new InvlogicError(`internal: bias spins of class ${m} do not sum to fcBias`, 'trainer');
    finals.push(w);
  }
  const K = Math.min(o.samplesPerBatch, rows);
  return {
    name,
    rows,
    dim: F,
    x: Int8Array.from(G),
    labels: Int32Array.from(labels),
    targets: Array.from({ length: config.numClasses }, (_, m) => m),
    constColumns: c.biasSpins,
    samplesPerBatch: K,
    epochs: c.epochs,
    batchesPerNeuron: c.epochs * Math.floor(rows / K),
    combine: c.combine,
    selection: c.selection,
    priorStrength: o.priorStrength,
    counterLimit: 8,
    margin: o.margin,
    anneal,
    streams: c.streams,
    // the seeds trainFcInvertible gives its class neurons
    streamStarts: Array.from({ length: config.numClasses }, (_, m) => HwStream.startOf(`${String(c.seed)}/fc${m}`)),
    anneals,
    finals,
  };
}

/** Testbench: runs the trainer to `done` and writes every anneal's states, read-outs and the final weights. */
export function trainerTestbench(design: TrainerRtlDesign, traceFile = 'trainer_trace.txt'): string {
  const { info } = design;
  const top = info.top;
  const maxCycles = Math.ceil(info.totalCycles * 1.1) + 1000;
  return `// Testbench for ${top} (generated by invlogic lib/hw/rtl-trainer-cosim.ts). Writes ${traceFile}:
//   "a A" at each anneal's reset state, "t HEX" per state, "A idx READOUT COMBINED", "F neuron WEIGHTS", "cycles N".
\`timescale 1ns/1ps
module tb_${top};
  reg clk = 1'b0;
  always #5 clk = ~clk;
  reg rst = 1'b1;
  reg start = 1'b0;
  wire done;
  wire [${info.spins - 1}:0] spins;
  wire run_valid;
  wire [${Math.ceil(Math.log2(info.cyclesPerAnneal + 1)) + 1 - 1}:0] t_out;
  wire anneal_done;
  wire [${Math.max(1, Math.ceil(Math.log2(info.anneals + 1))) - 1}:0] anneal_idx;
  wire [${info.weights - 1}:0] readout;
  wire [${info.weights - 1}:0] combined;
  wire final_we;
  wire [${Math.max(1, Math.ceil(Math.log2(Math.max(2, info.neurons)))) - 1}:0] final_neuron;
  wire [${info.weights - 1}:0] final_w;
  integer f;
  integer cycles = 0;
  integer a = 0;
  ${top} dut (.clk(clk), .rst(rst), .start(start), .done(done), .spins(spins), .run_valid(run_valid), .t_out(t_out),
    .anneal_done(anneal_done), .anneal_idx(anneal_idx), .readout(readout), .combined(combined), .final_we(final_we),
    .final_neuron(final_neuron), .final_w(final_w));
  always @(negedge clk) begin
    if (!rst) cycles = cycles + 1;
    if (run_valid) begin
      if (t_out == 0) begin $fwrite(f, "a %0d\\n", a); a = a + 1; end
      $fwrite(f, "%0d %h\\n", t_out, spins);
    end
    if (anneal_done) $fwrite(f, "A %0d %h %h\\n", anneal_idx, readout, combined);
    if (final_we) $fwrite(f, "F %0d %h\\n", final_neuron, final_w);
    if (cycles > ${maxCycles}) begin $fwrite(f, "timeout\\n"); $fclose(f); $finish; end
  end
  initial begin
    f = $fopen("${traceFile}", "w");
    @(negedge clk);
    @(negedge clk);
    rst = 1'b0;
    start = 1'b1;
    @(negedge clk);
    start = 1'b0;
    while (!done) @(negedge clk);
    @(negedge clk);
    @(negedge clk);
    #1;   // after this negedge's count (two processes on one edge would race)
    $fwrite(f, "cycles %0d\\n", cycles);
    $fclose(f);
    $finish;
  end
endmodule
`;
}

export interface TrainerDiff {
  /** Global anneal index, its neuron and batch; -1 for a final-weights difference. */
  anneal: number;
  neuron: number;
  batch: number;
  /** What differs: a cycle's spin state, the read-out, the combined weights, the final weights, or missing output. */
  what: 'state' | 'readout' | 'combined' | 'final' | 'missing';
  /** First differing state t (0 = reset state) when what = 'state', else -1; first differing spin (-1 if none). */
  cycle: number;
  spin: number;
  library: string;
  rtl: string;
}

export interface TrainerCosimResult {
  match: boolean;
  simulator: HdlSimulator;
  /** Anneals compared (read-out and combined weights equal), of the run's total. */
  anneals: number;
  annealsTotal: number;
  /** Spin states compared cycle by cycle (only for the anneal that differs, replayed with a trace). */
  finalsCompared: number;
  firstDiff: TrainerDiff | null;
  message: string;
  /** Clock cycles the RTL took from start to done (testbench count). */
  rtlCycles: number;
  hdlSeconds: number;
  dir: string | null;
}

/** Hex (Verilog %h, n bits) of a +-1 vector. */
export function pm1Hex(v: ArrayLike<number>): string {
  let x = 0n;
  for (let i = v.length - 1; i >= 0; i--) x = (x << 1n) | (v[i] > 0 ? 1n : 0n);
  return x.toString(16).padStart(Math.ceil(v.length / 4), '0');
}

function firstBit(a: string, b: string, n: number): number {
  const x = BigInt(`0x${a.replace(/[^0-9a-f]/gi, '0') || '0'}`);
  const bad = /[^0-9a-f]/i.test(b);
  if (bad) return 0;
  const y = BigInt(`0x${b || '0'}`);
  for (let i = 0; i < n; i++) if (((x >> BigInt(i)) & 1n) !== ((y >> BigInt(i)) & 1n)) return i;
  return -1;
}

interface RtlTrace {
  states: string[][];
  readouts: Map<number, [string, string]>;
  finals: Map<number, string>;
  cycles: number;
}

function parseTrainerTrace(text: string): RtlTrace {
  const states: string[][] = [];
  const readouts = new Map<number, [string, string]>();
  const finals = new Map<number, string>();
  let cycles = -1;
  for (const line of text.split('\n')) {
    if (!line) continue;
    const parts = line.split(' ');
    if (parts[0] === 'a') states.push([]);
    else if (parts[0] === 'A') readouts.set(Number(parts[1]), [parts[2].toLowerCase(), parts[3].toLowerCase()]);
    else if (parts[0] === 'F') finals.set(Number(parts[1]), parts[2].toLowerCase());
    else if (parts[0] === 'cycles') cycles = Number(parts[1]);
    else if (/^\d+$/.test(parts[0]) && states.length) states[states.length - 1].push(parts[1].toLowerCase());
  }
  return { states, readouts, finals, cycles };
}

export interface TrainerCosimOptions {
  simulator?: HdlSimulator;
  dir?: string;
  keep?: boolean;
}

/** Writes the design, its memory files and the testbench into `dir`. */
export function writeTrainerFiles(design: TrainerRtlDesign, dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(design.files)) fs.writeFileSync(path.join(dir, name), text);
  fs.writeFileSync(path.join(dir, `tb_${design.info.top}.v`), trainerTestbench(design));
}

/** Runs the trainer RTL in the HDL simulator and compares it with the recorded library run. */
export function cosimulateTrainer(design: TrainerRtlDesign, options: TrainerCosimOptions = {}): TrainerCosimResult {
  const simulator = requireOneOf('simulator', options.simulator ?? 'iverilog', HDL_SIMULATORS);
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'invlogic-trainer-'));
  const top = design.info.top;
  const t0 = Date.now();
  let text: string;
  try {
    writeTrainerFiles(design, dir);
    simulateTestbench([design.rtlFile, `tb_${top}.v`], `tb_${top}`, dir, simulator);
    text = fs.readFileSync(path.join(dir, 'trainer_trace.txt'), 'utf8');
  } finally {
    if (!options.keep && options.dir === undefined) fs.rmSync(dir, { recursive: true, force: true });
  }
  const hdlSeconds = (Date.now() - t0) / 1000;
  const rtl = parseTrainerTrace(text);
  const rec = design.record;
  const n = design.info.spins;
  const D = design.info.weights;
  let firstDiff: TrainerDiff | null = null;
  let matched = 0;
  for (let a = 0; a < rec.anneals.length && !firstDiff; a++) {
    const an = rec.anneals[a];
    const got = rtl.readouts.get(a);
    const wantR = pm1Hex(an.readout);
    const wantC = pm1Hex(an.weights);
    if (got && got[0] === wantR && got[1] === wantC) {
      matched++;
      continue;
    }
    // Replay the anneal with a trace: the first cycle and spin that differ.
    const lib: string[] = [];
    runSc(
      an.model,
      {
        ...scaledScOptions(an.model, rec.anneal),
        update: 'synchronous',
        ...an.options,
        seed: an.plan.seed,
        numReads: 1,
        valid: 'none',
        readout: 'final',
        trace: {
          reads: 1,
          sink: (l) => {
            if (l.startsWith('{"r":')) lib.push((JSON.parse(l) as { m: string }).m);
          },
        },
      },
      'scalar',
    );
    const st = rtl.states[a] ?? [];
    for (let t = 0; t < lib.length; t++) {
      if (st[t] !== lib[t]) {
        firstDiff = {
          anneal: a,
          neuron: an.neuron,
          batch: an.batch,
          what: st[t] === undefined ? 'missing' : 'state',
          cycle: t,
          spin: st[t] === undefined ? -1 : firstBit(lib[t], st[t], n),
          library: lib[t],
          rtl: st[t] ?? '(missing)',
        };
        break;
      }
    }
    if (!firstDiff) {
      const what = !got ? 'missing' : got[0] !== wantR ? 'readout' : 'combined';
      const [l, r] = what === 'combined' ? [wantC, got![1]] : [wantR, got?.[0] ?? '(missing)'];
      firstDiff = {
        anneal: a,
        neuron: an.neuron,
        batch: an.batch,
        what,
        cycle: -1,
        spin: got ? firstBit(l, r, D) : -1,
        library: l,
        rtl: r,
      };
    }
  }
  let finalsCompared = 0;
  if (!firstDiff) {
    for (let m = 0; m < rec.finals.length; m++) {
      const want = pm1Hex(rec.finals[m]);
      const got = rtl.finals.get(m);
      if (got !== want) {
        firstDiff = {
          anneal: -1,
          neuron: m,
          batch: -1,
          what: got ? 'final' : 'missing',
          cycle: -1,
          spin: got ? firstBit(want, got, D) : -1,
          library: want,
          rtl: got ?? '(missing)',
        };
        break;
      }
      finalsCompared++;
    }
  }
  const match = firstDiff === null;
  const d = firstDiff;
  const message = match
    ? `bit-exact: ${matched} anneals (read-outs and combined weights) and ${finalsCompared} final weight vector(s) match (${simulator}, ${rtl.cycles} clock cycles)`
    : d!.anneal < 0
      ? `MISMATCH final weights of neuron ${d!.neuron}: ${d!.what === 'missing' ? 'missing' : `first weight ${d!.spin}`} (library ${d!.library}, RTL ${d!.rtl})`
      : `MISMATCH anneal ${d!.anneal} (neuron ${d!.neuron}, batch ${d!.batch}): ${d!.what}${d!.cycle >= 0 ? ` at cycle t = ${d!.cycle}` : ''}, first spin ${d!.spin} (library ${d!.library}, RTL ${d!.rtl})`;
  return {
    match,
    simulator,
    anneals: matched,
    annealsTotal: rec.anneals.length,
    finalsCompared,
    firstDiff,
    message,
    rtlCycles: rtl.cycles,
    hdlSeconds,
    dir: options.keep || options.dir !== undefined ? dir : null,
  };
}

/** Generates the trainer RTL for a configuration (runs the library trainer first). */
export async function buildTrainer(
  spec: string,
  seed?: number,
  options: TrainerRtlOptions = {},
): Promise<{ config: TrainerConfig; design: TrainerRtlDesign }> {
  const config = resolveTrainerConfig(spec, seed);
  const rec = await recordTrainerRun(config, Object.hasOwn(TRAINER_CONFIGS, spec) ? spec : 'custom');
  return { config, design: generateTrainerRtl(rec, options) };
}

/**
 * The conv channels of invertible-codes, trained as trainInvertibleCodes' conv loop trains them (the same
 * examples, codes, sampler and options; layout 'fixed'), with the observation hook.
 */
function recordCodesConv(c: TrainerConfig, name: string, ds: ReturnType<typeof loadModifiedMnist>): TrainerRecord {
  const config = bcnnConfigOf(
    {
      kind: 'bcnn',
      name,
      data: {},
      model: { kernelSize: 3, channels: c.channels, stride: 1, padding: 0, pool: 2 },
    } as never,
    c.size,
    c.digits.length,
  );
  const method = getMethod('bcnn', 'invertible-codes');
  const o = resolveMethodOptions(method, {
    convSamplesPerBatch: c.samplesPerBatch,
    convEpochs: c.epochs,
    cycles: c.cycles,
    convCombine: c.combine,
    priorStrength: c.priorStrength,
    convBiasSpins: c.biasSpins,
    convPatches: c.trainRows,
    balanced: true,
    streams: c.streams,
  }) as unknown as InvertibleCodesOptions;
  const { kernelTaps: taps } = bcnnShapes(config);
  const P = config.pool;
  const M = config.numClasses;
  const codes = labelCodes(c.channels, M, c.seed);
  const anneal = relativeAnnealOf(o);
  const sampler = scaledSampler(o.sampler, anneal, { sc: { update: o.scUpdate } });
  const anneals: TrainerAnneal[] = [];
  const xs: Int8Array[] = [];
  const labels: number[] = [];
  let rows = 0;
  let perChannel = 0;
  for (let ch = 0; ch < c.channels; ch++) {
    const ex = pooledExamples({ config, train: ds.train, seed: c.seed }, o.convPatches, `${String(c.seed)}/conv${ch}`);
    const y = Int8Array.from(ex.image, (img) => codes[ch * M + ds.train.y[img]]);
    const offset = rows;
    const own: TrainerAnneal[] = [];
    trainInvertibleNeuron(
      { n: ex.n, dim: ex.dim, x: ex.x, y },
      {
        circuit: pooledCodeCircuit(taps, P * P, o.convBiasSpins, o.convMargin, 'fixed'), // convLayout 'fixed'
        numWeights: taps + o.convBiasSpins,
        sampler,
        samplerOptions: {},
        numReads: 1,
        samplesPerBatch: o.convSamplesPerBatch,
        epochs: o.convEpochs,
        combine: o.convCombine as CombineRule,
        readout: 'best',
        selection: 'last',
        priorStrength: o.priorStrength,
        counterLimit: 8,
        discardInvalid: false,
        balanced: o.balanced,
        bias: false,
        seed: `${String(c.seed)}/conv${ch}`,
        streams: o.streams as TrainerStreams,
        anneal,
        acceptsInitial: false,
        stepsPerRead: () => 0,
        onAnneal: (e) => collect(own, ch, anneal)({ ...e, rows: Int32Array.from(e.rows, (r) => r + offset) }),
      },
    );
    anneals.push(...own);
    xs.push(ex.x);
    for (const v of y) labels.push(v > 0 ? 1 : 0);
    rows += ex.n;
    perChannel = ex.n;
  }
  const x = new Int8Array(rows * taps * P * P);
  let off = 0;
  for (const a of xs) {
    x.set(a, off);
    off += a.length;
  }
  const K = o.convSamplesPerBatch;
  return {
    name,
    rows,
    dim: taps * P * P,
    x,
    labels: Int32Array.from(labels),
    targets: Array.from({ length: c.channels }, () => 1),
    constColumns: 0,
    samplesPerBatch: K,
    epochs: o.convEpochs,
    batchesPerNeuron: o.convEpochs * Math.floor(perChannel / K),
    combine: c.combine,
    selection: 'last',
    priorStrength: o.priorStrength,
    counterLimit: 8,
    margin: o.convMargin,
    anneal,
    streams: c.streams,
    streamStarts: Array.from({ length: c.channels }, (_, ch) => HwStream.startOf(`${String(c.seed)}/conv${ch}`)),
    codes: { taps, window: P * P, bias: o.convBiasSpins },
    anneals,
    finals: Array.from({ length: c.channels }, (_, ch) => anneals.filter((a) => a.neuron === ch).at(-1)!.weights),
  };
}

/**
 * RTL of the complete invertible trainer (issue 23): synthesizable Verilog-2005 of the machine that trains the
 * compact threshold neuron with K samples sharing the weight spins (lib/bnn/invertible/neuron-trainer.ts with
 * lib/logic/threshold.ts), one neuron (the 5x5 perceptron) or the FC layer's class neurons one after another
 * (invertible-fc, one-vs-rest). docs/rtl.md "The trainer" has the block diagram and the cycle budget.
 *
 * What the hardware does, per neuron, batch and anneal:
 *   - training rows (inputs and label) in a block-RAM memory initialised from the data set ($readmemh);
 *   - K rows loaded into the sample registers (the clamps: the threshold form folds each sample's inputs and
 *     label into the couplings, so the sample registers feed the field adders directly);
 *   - the SC array: every spin's field h_i + sum_j J_ij m_j computed from the sample registers and the spins
 *     (the residual form below, the same integers as the batch's model), then the noise and the saturating
 *     Itanh counter of the SC model (docs/sc-model.md §2), all spins in the same clock;
 *   - read-out of the weight spins after the last cycle; the batch-combine rule (majority counters, or the
 *     saturating accumulate counters / the sequential weights whose prior field h_i += p(c_i) acts on the next
 *     batch); the pocket (training accuracy of the combined weights over all rows, one row per clock);
 *     epochs; the final weights of each neuron.
 *
 * Residual form of the fields (lambda = 1; a_k = sum_i x_ki w_i, r_k = sum_j c_j s_kj, e_k = M y_k + r_k - a_k):
 *   field(w_i)  = 2 sum_k x_ki e_k + 2K w_i + prior_i
 *   field(s_kj) = -2 c_j e_k + 2 c_j^2 s_kj
 * which expands to exactly the h + sum J m of thresholdNeuron's model (checked against each batch's model here).
 *
 * Host-computed tables (ROMs/memories initialised from files), because the library derives them with functions
 * that are not hardware arithmetic:
 *   - the batch order (xoshiro128** Fisher-Yates with rejection, seeded by a string hash): the row indices of
 *     every batch, taken from the library run itself (AnnealEvent.rows);
 *   - the SC generators' initial state of every anneal (a string hash of `seed/batch`, docs/sc-model.md §3.3);
 *   - the I0 / n_rnd schedule of every anneal: sigma-relative (lib/samplers/autoscale.ts: sqrt of each batch's
 *     mean squared field, floating-point geometric ramp), stored run-length encoded with a base pointer per anneal.
 * Everything else (loading, fields, noise, counters, read-out, combine, prior, pocket, epochs) is in the RTL.
 * With the trainer option streams 'hardware' (TrainerRecord.streams; lib/bnn/hardware-streams.ts) the RTL
 * computes these three itself instead: a 64-bit xorshift control generator, a masked-rejection Fisher-Yates
 * shuffle on an order RAM (S_OINIT, S_SH_*), the generator states drawn from it (S_SEED, 2G + 1 clocks), and the
 * schedule from a segment counter, a shift and an 8-entry noise table; no ROM tables are written.
 */
import { InvlogicError, requireOneOf } from '../errors';
import type { IsingModel } from '../ising';
import { effectiveMargin, slackCoefficients } from '../logic';
import { planSc, type ScPlan } from '../samplers/sc';
import { scaledScOptions, type RelativeAnneal } from '../samplers/autoscale';
import { HW_LEVELS, HwStream, hwSegment, type TrainerStreams } from '../bnn/hardware-streams';
import { XORSHIFT_MODULE, seedWords } from './rtl';

/** Deliberately broken trainers (test doubles): the co-simulation must catch them. */
export type TrainerFault = 'none' | 'sample-order' | 'majority-tie' | 'seed-swap' | 'shuffle-mask';
/** sample-order, majority-tie: any trainer; seed-swap (s0 and s1 exchanged), shuffle-mask (one mask bit short): hardware streams. */
export const TRAINER_FAULTS: readonly TrainerFault[] = [
  'none',
  'sample-order',
  'majority-tie',
  'seed-swap',
  'shuffle-mask',
];

export type TrainerCombine = 'majority' | 'accumulate' | 'sequential';

/** One anneal of the library run, as the hardware replays it. */
export interface TrainerAnneal {
  /** Neuron (class) index and batch index within the neuron. */
  neuron: number;
  batch: number;
  rows: Int32Array;
  model: IsingModel;
  /** The per-call sampler options of the anneal (seed; with hardware streams also the generator states and schedule). */
  options: Record<string, unknown>;
  plan: ScPlan;
  /** The library's read-out (weights of this batch) and combined weights, +-1. */
  readout: Int8Array;
  weights: Int8Array;
}

/** A recorded library run of the threshold-neuron trainer. */
export interface TrainerRecord {
  /** Short name (e.g. 'perceptron'). */
  name: string;
  /** Training rows: x (rows x dim, +-1) without constant columns, and a label per row. */
  rows: number;
  dim: number;
  x: Int8Array;
  /** Label per row: the neuron n trains y = +1 exactly on rows with label == target[n]. */
  labels: Int32Array;
  targets: number[];
  /** Constant +1 columns appended to every row (the perceptron's bias spin; the FC layer's bias spins). */
  constColumns: number;
  samplesPerBatch: number;
  epochs: number;
  /** Batches per neuron (epochs x floor(rows / K)). */
  batchesPerNeuron: number;
  combine: TrainerCombine;
  selection: 'last' | 'pocket';
  priorStrength: number;
  counterLimit: number;
  margin: number;
  anneal: RelativeAnneal;
  /**
   * The trainer's random streams. 'library' (default): the batch order, generator seeds and schedule are ROM
   * tables taken from the run; 'hardware' (lib/bnn/hardware-streams.ts): the RTL computes them, from one 64-bit
   * start state per neuron (`streamStarts`).
   */
  streams?: TrainerStreams;
  streamStarts?: bigint[];
  /**
   * The conv circuits of invertible-codes (pooledCodeCircuit, layout 'fixed') instead of the threshold neuron:
   * each row is one pooled example of `window` patches of `taps` inputs (dim = window x taps), label 1 = target
   * +1; the weights are the taps kernel spins and `bias` bias spins; each "neuron" is one conv channel.
   */
  codes?: { taps: number; window: number; bias: number };
  anneals: TrainerAnneal[];
  /** Final weights of each neuron (the library's result), +-1, length dim + constColumns. */
  finals: Int8Array[];
}

export interface TrainerRtlOptions {
  top?: string;
  fault?: TrainerFault;
}

export interface TrainerRtlInfo {
  top: string;
  /** Weight spins D (inputs + constant columns), samples K, slack spins per sample L, spins N = D + K L. */
  weights: number;
  samples: number;
  slackPerSample: number;
  slackCoefficients: number[];
  M: number;
  spins: number;
  generators: number;
  neurons: number;
  rows: number;
  anneals: number;
  cyclesPerAnneal: number;
  scheduleSegments: number;
  /** Register widths: Itanh counter, noise amplitude, field adder, residual. */
  itanhBits: number;
  noiseBits: number;
  fieldBits: number;
  residualBits: number;
  /** Where the batch order, generator states and schedule come from (TrainerRecord.streams). */
  streams: TrainerStreams;
  /** Memory sizes in bits (rows, order, seeds, schedule, schedule base). */
  memoryBits: Record<string, number>;
  /** Clock cycles of one batch outside the anneal (load K rows, seeds, init, combine, pocket, next). */
  overheadCyclesPerBatch: number;
  loadCyclesPerBatch: number;
  /** Total clock cycles of the run (anneal cycles + overhead), as the RTL runs it. */
  totalCycles: number;
  fault: TrainerFault;
}

export interface TrainerRtlDesign {
  info: TrainerRtlInfo;
  /** File name -> text: `<top>.v` and its memory files. */
  files: Record<string, string>;
  rtlFile: string;
  record: TrainerRecord;
}

const bitsFor = (x: number): number => Math.max(1, Math.ceil(Math.log2(x + 1)));
/** Smallest signed width holding [-v, v]. */
function signedBits(v: number): number {
  let b = 2;
  while (2 ** (b - 1) - 1 < v) b++;
  return b;
}
const hex = (v: number | bigint, bits: number): string =>
  BigInt(v)
    .toString(16)
    .padStart(Math.ceil(bits / 4), '0');

/** Row bits (bit i = input i is +1), constant columns set, as a BigInt. */
function rowBits(rec: TrainerRecord, r: number): bigint {
  let v = 0n;
  for (let i = 0; i < rec.dim; i++) if (rec.x[r * rec.dim + i] > 0) v |= 1n << BigInt(i);
  for (let c = 0; c < rec.constColumns; c++) v |= 1n << BigInt(rec.dim + c);
  return v;
}

/** The threshold-neuron geometry of a record: D, K, margin, M, slack coefficients. */
export function trainerGeometry(rec: TrainerRecord): { D: number; K: number; mu: number; M: number; c: number[] } {
  const D = rec.codes ? rec.codes.taps + rec.codes.bias : rec.dim + rec.constColumns;
  const K = rec.samplesPerBatch;
  const mu = effectiveMargin(D, rec.margin);
  return { D, K, mu, M: (D + mu) / 2, c: slackCoefficients((D - mu) / 2) };
}

/** The prior field of a weight from its counter (accumulate) or weight (sequential), as the library computes it. */
export function priorOf(rec: TrainerRecord, value: number): number {
  if (rec.combine === 'accumulate') return Math.round((rec.priorStrength * value) / rec.counterLimit);
  if (rec.combine === 'sequential') return rec.priorStrength * value;
  return 0;
}

/**
 * Checks that an anneal's model is the threshold neuron of its batch in the residual form (module doc), with
 * the SC options the RTL implements; throws a clear error naming what differs.
 */
export function checkAnnealModel(rec: TrainerRecord, a: TrainerAnneal): void {
  const { D, K, M, c } = trainerGeometry(rec);
  const L = c.length;
  const p = a.plan;
  const where = `anneal of neuron ${a.neuron} batch ${a.batch}`;
  if (p.n !== D + K * L) throw new InvlogicError(`${where}: model has ${p.n} spins, expected ${D + K * L}`, 'trainer');
  if (p.prng !== 'xorshift64p' || p.noiseKind !== 'dense' || p.lanes !== 1)
    throw new InvlogicError(`${where}: the trainer RTL implements dense noise from xorshift64+ only`, 'trainer');
  if (p.init !== 'random' || p.update !== 'synchronous' || p.readout.kind !== 'final' || p.fieldLimited)
    throw new InvlogicError(
      `${where}: the trainer RTL implements init random, synchronous update, final read-out, exact field`,
      'trainer',
    );
  if (p.coefficientScale !== 1 || p.free.length !== p.n)
    throw new InvlogicError(`${where}: expected coefficient scale 1 and no clamped spins`, 'trainer');
  const x = (k: number, i: number): number => {
    if (i >= rec.dim) return 1;
    return rec.x[a.rows[k] * rec.dim + i];
  };
  const y = (k: number): number => (rec.labels[a.rows[k]] === rec.targets[a.neuron] ? 1 : -1);
  // Expected h (without the prior, which is checked to be an integer on weight spins only) and J.
  const J = new Map<number, number>();
  const addJ = (u: number, v: number, w: number): void => {
    const key = u < v ? u * 65536 + v : v * 65536 + u;
    J.set(key, (J.get(key) ?? 0) + w);
  };
  const h = new Float64Array(p.n);
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < D; i++) {
      h[i] += 2 * M * y(k) * x(k, i);
      for (let j = i + 1; j < D; j++) addJ(i, j, -2 * x(k, i) * x(k, j));
      for (let j = 0; j < L; j++) addJ(i, D + k * L + j, 2 * x(k, i) * c[j]);
    }
    for (let j = 0; j < L; j++) {
      h[D + k * L + j] = -2 * M * y(k) * c[j];
      for (let l = j + 1; l < L; l++) addJ(D + k * L + j, D + k * L + l, -2 * c[j] * c[l]);
    }
  }
  for (let i = D; i < p.n; i++)
    if (p.h[i] !== h[i]) throw new InvlogicError(`${where}: h of spin ${i} is ${p.h[i]}, expected ${h[i]}`, 'trainer');
  for (let i = 0; i < D; i++)
    if (!Number.isInteger(p.h[i] - h[i]))
      throw new InvlogicError(`${where}: prior of weight ${i} not an integer`, 'trainer');
  let edges = 0;
  for (let i = 0; i < p.n; i++)
    for (let q = p.rowPtr[i]; q < p.rowPtr[i + 1]; q++) {
      const j = p.col[q];
      if (j < i) continue;
      edges++;
      const want = J.get(i * 65536 + j) ?? 0;
      if (p.w[q] !== want) throw new InvlogicError(`${where}: J(${i},${j}) is ${p.w[q]}, expected ${want}`, 'trainer');
    }
  let nonzero = 0;
  for (const v of J.values()) if (v !== 0) nonzero++;
  if (nonzero !== edges) throw new InvlogicError(`${where}: ${edges} couplings, expected ${nonzero}`, 'trainer');
}

/** A generator that counts its draws (the shuffle's clock count depends on the rejections). */
class CountingStream extends HwStream {
  draws = 0;
  override next(): bigint {
    this.draws++;
    return super.next();
  }
}

/**
 * Hardware streams: replays lib/bnn/hardware-streams.ts from each neuron's start state and checks that the
 * library run used exactly those batch rows, generator states and schedule (so the RTL, which computes them,
 * can match); returns the per-neuron schedule constants and the clocks of the order initialisation + shuffles.
 */
export function checkHardwareStreams(
  rec: TrainerRecord,
  K: number,
  G: number,
  T: number,
): { segmentLength: number; i0Max: number[]; noise: number[][]; streamCycles: number } {
  const NEUR = rec.targets.length;
  const starts = rec.streamStarts;
  if (!starts || starts.length !== NEUR)
    throw new InvlogicError(`hardware streams need one start state per neuron (${NEUR})`, 'trainer');
  if (rec.rows < 2) throw new InvlogicError('hardware streams need at least 2 training rows', 'trainer');
  const segmentLength = Math.floor(T / HW_LEVELS);
  const sched = { cycles: T, segmentLength, i0Max: 0, noise: [] as number[] };
  const i0Max: number[] = [];
  const noise: number[][] = [];
  let streamCycles = 0;
  const bpe = Math.floor(rec.rows / K);
  for (let m = 0; m < NEUR; m++) {
    const own = rec.anneals.filter((a) => a.neuron === m);
    if (own.length === 0) throw new InvlogicError(`neuron ${m} has no anneals`, 'trainer');
    const p0 = own[0].plan;
    sched.i0Max = p0.i0[T - 1];
    sched.noise = Array.from({ length: HW_LEVELS }, (_, sg) => p0.nrnd[sg * segmentLength]);
    i0Max.push(sched.i0Max);
    noise.push(sched.noise);
    const st = new CountingStream(starts[m]);
    const order = Int32Array.from({ length: rec.rows }, (_, r) => r);
    streamCycles += rec.rows; // S_OINIT
    for (const a of own) {
      const where = `anneal of neuron ${m} batch ${a.batch}`;
      if (a.batch % bpe === 0) {
        st.draws = 0;
        st.shuffle(order);
        streamCycles += st.draws + 4 * (rec.rows - 1) + 1;
      }
      const start = (a.batch % bpe) * K;
      for (let k = 0; k < K; k++)
        if (a.rows[k] !== order[start + k])
          throw new InvlogicError(
            `${where}: row ${k} is ${a.rows[k]}, the hardware stream gives ${order[start + k]}`,
            'trainer',
          );
      const want = st.scStates(G).flat();
      const got = a.plan.prngInit;
      if (!got || want.some((w, i) => got[i] !== w))
        throw new InvlogicError(`${where}: generator states are not the hardware stream's`, 'trainer');
      for (let t = 0; t < T; t++) {
        const sg = hwSegment(sched, t);
        if (a.plan.i0[t] !== Math.max(1, sched.i0Max >> (HW_LEVELS - 1 - sg)) || a.plan.nrnd[t] !== sched.noise[sg])
          throw new InvlogicError(`${where}: schedule at cycle ${t} is not the hardware schedule`, 'trainer');
      }
    }
  }
  return { segmentLength, i0Max, noise, streamCycles };
}

/** Geometry of the conv circuit (pooledCodeCircuit, layout 'fixed'): spins per example, OR slack, indices. */
export interface CodesGeometry {
  T9: number;
  W: number;
  /** OR term: slack coefficients, R and M of sum_j u_j + (W - 1) one >= 1. */
  cor: number[];
  Ror: number;
  Mor: number;
  /** Spins per example (W units of 1 + L, then the OR slack) and in all. */
  EX: number;
  N: number;
}

export function codesGeometry(rec: TrainerRecord): CodesGeometry {
  const cd = rec.codes!;
  const { D, K, c } = trainerGeometry(rec);
  const W = cd.window;
  const S = 2 * W - 1;
  const mu = effectiveMargin(S, 1);
  const Ror = (S - mu) / 2;
  const cor = slackCoefficients(Ror);
  const EX = W * (1 + c.length) + cor.length;
  return { T9: cd.taps, W, cor, Ror, Mor: (S + mu) / 2, EX, N: D + 1 + K * EX };
}

/**
 * The conv circuit's fields in residual form (emitCodesFields), for state m of an anneal's batch; `prior`
 * excluded. Unit residual rho = a - sum c s - M u (a = x.w over the taps + sum of the bias spins), OR residual
 * rho_or = sum u + (W - 1) - sum c' s' - M_or; field(s_i) = -2 sum_terms a_i rho + 2 sum_terms a_i^2 s_i.
 */
function codesFields(rec: TrainerRecord, a: TrainerAnneal, m: Int8Array): Float64Array {
  const { D, K, M, c } = trainerGeometry(rec);
  const g = codesGeometry(rec);
  const L = c.length;
  const f = new Float64Array(g.N);
  for (let e = 0; e < K; e++) {
    const row = a.rows[e];
    const on = rec.labels[row] === 1;
    const base = D + 1 + e * g.EX;
    let rhoOr = g.W - 1 - g.Mor;
    for (let j = 0; j < g.W; j++) rhoOr += m[base + j * (1 + L)];
    for (let k = 0; k < g.cor.length; k++) rhoOr -= g.cor[k] * m[base + g.W * (1 + L) + k];
    for (let j = 0; j < g.W; j++) {
      const u = base + j * (1 + L);
      const x = (i: number): number => (i < g.T9 ? rec.x[row * rec.dim + j * g.T9 + i] : 1);
      let rho = -M * m[u];
      for (let i = 0; i < D; i++) rho += x(i) * m[i];
      for (let k = 0; k < L; k++) rho -= c[k] * m[u + 1 + k];
      for (let i = 0; i < D; i++) f[i] += -2 * x(i) * rho + 2 * m[i];
      for (let k = 0; k < L; k++) f[u + 1 + k] = 2 * c[k] * rho + 2 * c[k] * c[k] * m[u + 1 + k];
      f[u] = 2 * M * rho + 2 * M * M * m[u] + (on ? -2 * rhoOr + 2 * m[u] : 0);
    }
    for (let k = 0; k < g.cor.length; k++) {
      const s = base + g.W * (1 + L) + k;
      f[s] = on ? 2 * g.cor[k] * rhoOr + 2 * g.cor[k] * g.cor[k] * m[s] : 0;
    }
  }
  return f;
}

/**
 * Checks an anneal's model against the residual form of the conv circuit: for a few seeded states, every free
 * spin's field h + sum J m equals codesFields (weight spins: up to one integer prior per spin); clamps as the
 * RTL applies them ('one' = +1, the units of target -1 examples = -1).
 */
export function checkCodesFields(rec: TrainerRecord, a: TrainerAnneal): void {
  const { D, K } = trainerGeometry(rec);
  const g = codesGeometry(rec);
  const L = trainerGeometry(rec).c.length;
  const where = `anneal of channel ${a.neuron} batch ${a.batch}`;
  const model = a.model;
  if (model.n !== g.N) throw new InvlogicError(`${where}: model has ${model.n} spins, expected ${g.N}`, 'trainer');
  const p = a.plan;
  if (p.prng !== 'xorshift64p' || p.noiseKind !== 'dense' || p.lanes !== 1 || p.coefficientScale !== 1)
    throw new InvlogicError(`${where}: the trainer RTL implements dense noise from xorshift64+, scale 1`, 'trainer');
  if (p.init !== 'random' || p.update !== 'synchronous' || p.readout.kind !== 'final' || p.fieldLimited)
    throw new InvlogicError(`${where}: init random, synchronous update, final read-out, exact field only`, 'trainer');
  const clamp = new Map<number, number>([[D, 1]]);
  for (let e = 0; e < K; e++)
    if (rec.labels[a.rows[e]] !== 1) for (let j = 0; j < g.W; j++) clamp.set(D + 1 + e * g.EX + j * (1 + L), -1);
  if (model.clamp.size !== clamp.size || [...clamp].some(([i, v]) => model.clamp.get(i) !== v))
    throw new InvlogicError(`${where}: clamps are not 'one' and the units of target -1 examples`, 'trainer');
  const edges = model.edgeArrays();
  let seed = 12345 + a.batch;
  const prior = new Float64Array(D).fill(NaN);
  for (let trial = 0; trial < 3; trial++) {
    const m = new Int8Array(g.N);
    for (let i = 0; i < g.N; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      m[i] = clamp.get(i) ?? (seed & 0x10000 ? 1 : -1);
    }
    const want = Float64Array.from(model.h);
    for (let q = 0; q < edges.i.length; q++) {
      want[edges.i[q]] += edges.w[q] * m[edges.j[q]];
      want[edges.j[q]] += edges.w[q] * m[edges.i[q]];
    }
    const got = codesFields(rec, a, m);
    for (let i = 0; i < g.N; i++) {
      if (clamp.has(i)) continue;
      const d = want[i] - got[i];
      if (i < D) {
        if (Number.isNaN(prior[i])) prior[i] = d;
        if (d === prior[i] && Number.isInteger(d)) continue;
      } else if (d === 0) continue;
      throw new InvlogicError(
        `${where}: field of spin ${i} is ${want[i]}, the residual form gives ${got[i]}`,
        'trainer',
      );
    }
  }
}

/** The conv circuit's field unit (Verilog), residual form of codesFields. */
function emitCodesFields(
  p: (line: string) => void,
  rec: TrainerRecord,
  g: CodesGeometry,
  v: {
    D: number;
    K: number;
    M: number;
    c: number[];
    XB: number;
    EW: number;
    AW: number;
    CB: number;
    fault: TrainerFault;
  },
): void {
  const { D, K, M, c, XB, EW, AW, CB } = v;
  const L = c.length;
  const W = g.W;
  const uIdx = (e: string, j: string): string => `${D + 1} + (${e}) * ${g.EX} + (${j}) * ${1 + L}`;
  const orIdx = (e: string, k: number): string => `${D + 1} + (${e}) * ${g.EX} + ${W * (1 + L) + k}`;
  p(`  integer j, ej;`);
  p(`  reg signed [${EW - 1}:0] eo;`);
  p(`  always @* begin`);
  p(
    `    // unit residuals rho = a - sum c s - M u (a = x . w over ${g.T9} taps + the ${D - g.T9} bias spins); OR residuals`,
  );
  p(`    for (k = 0; k < ${K}; k = k + 1) begin`);
  p(`      for (j = 0; j < ${W}; j = j + 1) begin`);
  p(`        pc = 0;`);
  p(`        for (i = 0; i < ${g.T9}; i = i + 1) pc = pc + (xk[k * ${XB} + j * ${g.T9} + i] == w[i]);`);
  p(`        for (i = ${g.T9}; i < ${D}; i = i + 1) pc = pc + w[i];`);
  p(`        e = $signed({1'b0, pc, 1'b0}) - ${EW}'sd${D};`);
  for (let k = 0; k < L; k++)
    p(`        e = spins[${uIdx('k', 'j')} + ${1 + k}] ? e - ${EW}'sd${c[k]} : e + ${EW}'sd${c[k]};`);
  p(`        e = spins[${uIdx('k', 'j')}] ? e - ${EW}'sd${M} : e + ${EW}'sd${M};`);
  p(`        ev[(k * ${W} + j) * ${EW} +: ${EW}] = e;`);
  p(`      end`);
  p(`      eo = ${EW}'sd${W - 1} - ${EW}'sd${g.Mor};`);
  p(`      for (j = 0; j < ${W}; j = j + 1) eo = spins[${uIdx('k', 'j')}] ? eo + 1 : eo - 1;`);
  for (let k = 0; k < g.cor.length; k++)
    p(`      eo = spins[${orIdx('k', k)}] ? eo - ${EW}'sd${g.cor[k]} : eo + ${EW}'sd${g.cor[k]};`);
  p(`      evo[k * ${EW} +: ${EW}] = eo;`);
  p(`    end`);
  p(`    // weight spins: sum over the ${W * K} units of -2 x_i rho + 2 w_i, + prior_i`);
  p(`    for (i = 0; i < ${D}; i = i + 1) begin`);
  p(`      f = w[i] ? ${AW}'sd${2 * W * K} : -${AW}'sd${2 * W * K};`);
  p(`      if (use_prior) f = f + prior_of(cnt[i * ${CB} +: ${CB}], current[i]);`);
  p(`      for (ej = 0; ej < ${W * K}; ej = ej + 1)`);
  p(
    `        f = (i >= ${g.T9} || xk[(ej / ${W}) * ${XB} + (ej % ${W}) * ${g.T9} + i]) ? f - 2 * $signed(ev[ej * ${EW} +: ${EW}]) : f + 2 * $signed(ev[ej * ${EW} +: ${EW}]);`,
  );
  p(`      fl[i * ${AW} +: ${AW}] = f;`);
  p(`    end`);
  p(`    fl[${D} * ${AW} +: ${AW}] = 0;   // 'one' (clamped)`);
  p(`    for (k = 0; k < ${K}; k = k + 1) begin`);
  p(`      eo = $signed(evo[k * ${EW} +: ${EW}]);`);
  p(`      for (j = 0; j < ${W}; j = j + 1) begin`);
  p(`        e = $signed(ev[(k * ${W} + j) * ${EW} +: ${EW}]);`);
  p(`        // unit spin: 2 M rho + 2 M^2 u, and for target +1 the OR term -2 rho_or + 2 u`);
  p(`        f = (spins[${uIdx('k', 'j')}] ? ${AW}'sd${2 * M * M} : -${AW}'sd${2 * M * M}) + ${2 * M} * e;`);
  // test double sample-order: the OR term of a unit gated by the target of example K-1-k
  const yk = v.fault === 'sample-order' ? `yk[${K - 1} - k]` : 'yk[k]';
  p(`        if (${yk}) f = f - 2 * eo + (spins[${uIdx('k', 'j')}] ? ${AW}'sd2 : -${AW}'sd2);`);
  p(`        fl[(${uIdx('k', 'j')}) * ${AW} +: ${AW}] = f;`);
  for (let kk = 0; kk < L; kk++) {
    p(
      `        f = (spins[${uIdx('k', 'j')} + ${1 + kk}] ? ${AW}'sd${2 * c[kk] * c[kk]} : -${AW}'sd${2 * c[kk] * c[kk]}) + ${2 * c[kk]} * e;`,
    );
    p(`        fl[(${uIdx('k', 'j')} + ${1 + kk}) * ${AW} +: ${AW}] = f;`);
  }
  p(`      end`);
  for (let kk = 0; kk < g.cor.length; kk++) {
    const cc = g.cor[kk];
    p(
      `      f = yk[k] ? (spins[${orIdx('k', kk)}] ? ${AW}'sd${2 * cc * cc} : -${AW}'sd${2 * cc * cc}) + ${2 * cc} * eo : ${AW}'sd0;`,
    );
    p(`      fl[(${orIdx('k', kk)}) * ${AW} +: ${AW}] = f;`);
  }
  p(`    end`);
  p(`    fields = fl;`);
  p(`  end`);
  void rec;
}

/** Plans the SC run of an anneal exactly as the library's scaled SC sampler did (lib/bnn scaledSampler). */
export function planAnneal(model: IsingModel, anneal: RelativeAnneal, options: Record<string, unknown>): ScPlan {
  return planSc(model, { ...scaledScOptions(model, anneal), valid: 'none', update: 'synchronous', ...options });
}

/** Joint run-length segments [i0, nrnd, count] of a plan's schedules. */
function scheduleSegments(plan: ScPlan): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let t = 0; t < plan.cycles; t++) {
    const last = out[out.length - 1];
    if (last && last[0] === plan.i0[t] && last[1] === plan.nrnd[t]) last[2]++;
    else out.push([plan.i0[t], plan.nrnd[t], 1]);
  }
  return out;
}

/** The trainer RTL for a recorded library run. */
export function generateTrainerRtl(rec: TrainerRecord, options: TrainerRtlOptions = {}): TrainerRtlDesign {
  const top = options.top ?? 'invlogic_trainer';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(top))
    throw new InvlogicError(`top must be a Verilog identifier, got '${top}'`, 'top');
  const fault = requireOneOf('fault', options.fault ?? 'none', TRAINER_FAULTS);
  requireOneOf('combine', rec.combine, ['majority', 'accumulate', 'sequential'] as const);
  if (rec.anneals.length === 0) throw new InvlogicError('the record has no anneals', 'trainer');
  if (rec.combine === 'sequential' && !Number.isInteger(rec.priorStrength))
    throw new InvlogicError(
      `priorStrength must be an integer for combine sequential, got ${rec.priorStrength}`,
      'priorStrength',
    );
  const { D, K, M, c } = trainerGeometry(rec);
  const L = c.length;
  const cg = rec.codes ? codesGeometry(rec) : null;
  const N = cg ? cg.N : D + K * L;
  const XB = rec.dim + rec.constColumns; // bits of a sample row in the data memory
  if (cg && rec.selection === 'pocket') throw new InvlogicError('the conv trainer RTL has no pocket', 'selection');
  const T = rec.anneals[0].plan.cycles;
  const G = Math.ceil(N / 64);
  const A = rec.anneals.length;
  const NEUR = rec.targets.length;
  const NB = rec.batchesPerNeuron;
  if (A !== NEUR * NB) throw new InvlogicError(`record has ${A} anneals, expected ${NEUR} x ${NB}`, 'trainer');
  for (const a of rec.anneals) {
    if (a.plan.cycles !== T) throw new InvlogicError('every anneal must have the same cycles', 'trainer');
    if (cg) checkCodesFields(rec, a);
    else checkAnnealModel(rec, a);
  }
  const hw = rec.streams === 'hardware';
  if (!hw && (fault === 'seed-swap' || fault === 'shuffle-mask'))
    throw new InvlogicError(`fault ${fault} needs a trainer with streams 'hardware'`, 'fault');
  const hwPlan = hw ? checkHardwareStreams(rec, K, G, T) : null;
  // Tables.
  const segs: [number, number, number][] = [];
  const base: number[] = [];
  let maxI0 = 1;
  let maxNr = 0;
  for (const a of rec.anneals) {
    base.push(segs.length);
    for (const s of scheduleSegments(a.plan)) {
      segs.push(s);
      maxI0 = Math.max(maxI0, s[0]);
      maxNr = Math.max(maxNr, s[1]);
    }
  }
  const seeds = hw ? [] : rec.anneals.flatMap((a) => seedWords(a.plan, 1));
  const B = signedBits(maxI0); // I0 <= 2^(B-1) - 1 fits the unsigned i0 port and the counter clip
  const WN = bitsFor(maxNr) + 1;
  const CNTW = bitsFor(T);
  const SEGW = B + WN + CNTW;
  const SAB = bitsFor(Math.max(1, segs.length - 1));
  const RB = bitsFor(Math.max(1, rec.rows - 1));
  let maxLabel = Math.max(...rec.targets, 1);
  for (const l of rec.labels) if (l > maxLabel) maxLabel = l;
  const LB = bitsFor(maxLabel);
  const RW = XB + LB;
  const AB = bitsFor(A);
  const MB = bitsFor(Math.max(1, NEUR - 1));
  const BB = bitsFor(NB);
  const cmax = Math.max(...c, 0);
  const R = c.reduce((s, v) => s + v, 0);
  const maxE = M + R + D;
  const maxEor = cg ? cg.W + cg.W - 1 + cg.Ror + cg.Mor : 0;
  const EW = signedBits(Math.max(maxE, maxEor));
  // Prior table (accumulate: counter -> round(p c / limit); sequential: +-p).
  const CL = rec.combine === 'majority' ? NB : rec.counterLimit;
  const CB = signedBits(CL + 1);
  let maxPrior = 0;
  for (let v = -CL; v <= CL; v++) maxPrior = Math.max(maxPrior, Math.abs(priorOf(rec, v)));
  const PW = signedBits(maxPrior);
  const AW = cg
    ? signedBits(
        Math.max(
          2 * cg.W * K * maxE + 2 * cg.W * K + maxPrior,
          2 * cmax * maxE + 2 * cmax * cmax,
          2 * M * maxE + 2 * M * M + 2 + 2 * maxEor,
          2 * Math.max(...cg.cor) * maxEor + 2 * Math.max(...cg.cor) ** 2,
        ) +
          maxNr +
          1,
      )
    : signedBits(Math.max(2 * K * maxE + 2 * K + maxPrior, 2 * cmax * maxE + 2 * cmax * cmax) + maxNr + 1);
  const PCW = bitsFor(rec.rows);
  const pocket = rec.selection === 'pocket';

  const files: Record<string, string> = {};
  files['trainer_rows.memh'] =
    Array.from({ length: rec.rows }, (_, r) => hex((BigInt(rec.labels[r]) << BigInt(XB)) | rowBits(rec, r), RW)).join(
      '\n',
    ) + '\n';
  if (!hw)
    files['trainer_order.memh'] = rec.anneals.flatMap((a) => Array.from(a.rows, (r) => hex(r, RB))).join('\n') + '\n';
  if (!hw) files['trainer_seeds.memh'] = seeds.join('\n') + '\n';
  if (!hw)
    files['trainer_sched.memh'] =
      segs
        .map(([i0, nr, n]) => hex((BigInt(n) << BigInt(B + WN)) | (BigInt(nr) << BigInt(B)) | BigInt(i0), SEGW))
        .join('\n') + '\n';
  if (!hw) files['trainer_base.memh'] = base.map((b) => hex(b, SAB)).join('\n') + '\n';

  const V: string[] = [];
  const p = (s: string): void => {
    V.push(s);
  };
  p(
    `// Generated by invlogic (lib/hw/rtl-trainer.ts): the invertible trainer of the compact threshold neuron, '${rec.name}'.`,
  );
  p(
    `// Verilog-2005. Do not edit. D = ${D} weight spins, K = ${K} samples, L = ${L} slack spins per sample (c = ${c.join(', ')}),`,
  );
  p(
    `// M = ${M}; ${N} spins; ${NEUR} neuron(s) x ${NB} batches = ${A} anneals of ${T} cycles; combine ${rec.combine}, selection ${rec.selection}.`,
  );
  if (hw)
    p(
      `// Hardware streams (lib/bnn/hardware-streams.ts): batch order, generator states and I0 / n_rnd schedule computed here.`,
    );
  if (fault !== 'none') p(`// FAULT INJECTED: ${fault} (test double; this trainer does NOT match the library)`);
  p(`module ${top} (`);
  p(`  input  wire clk,`);
  p(`  input  wire rst,`);
  p(`  input  wire start,`);
  p(`  output reg  done,`);
  p(`  output wire [${N - 1}:0] spins,`);
  p(`  output reg  run_valid,             // spins holds state t of the running anneal (t = 0..${T})`);
  p(`  output reg  [${CNTW}:0] t_out,`);
  p(`  output reg  anneal_done,           // strobe: readout / combined of anneal anneal_idx`);
  p(`  output reg  [${AB - 1}:0] anneal_idx,`);
  p(`  output reg  [${D - 1}:0] readout,`);
  p(`  output wire [${D - 1}:0] combined,`);
  p(`  output reg  final_we,              // strobe: final weights of neuron final_neuron`);
  p(`  output reg  [${MB - 1}:0] final_neuron,`);
  p(`  output reg  [${D - 1}:0] final_w`);
  p(`);`);
  const SB = hw ? 5 : 4;
  p(
    `  localparam [${SB - 1}:0] S_IDLE = ${SB}'d0, S_NEURON = ${SB}'d1, S_LOAD = ${SB}'d2, S_SEED = ${SB}'d3, S_INIT = ${SB}'d4, S_RUN = ${SB}'d5,`,
  );
  p(
    `    S_COMBINE = ${SB}'d6, S_POCKET = ${SB}'d7, S_POCKET_END = ${SB}'d8, S_NEXT = ${SB}'d9, S_FINAL = ${SB}'d10, S_DONE = ${SB}'d11${hw ? ',' : ';'}`,
  );
  if (hw)
    p(
      `    S_OINIT = 5'd12, S_SH_DRAW = 5'd13, S_SH_R1 = 5'd14, S_SH_R2 = 5'd15, S_SH_W1 = 5'd16, S_SH_W2 = 5'd17, S_SH_END = 5'd18;`,
    );
  p(`  reg [${SB - 1}:0] st;`);
  p(`  reg [${MB - 1}:0] neuron;`);
  p(`  reg [${BB - 1}:0] batch;`);
  p(`  reg [${AB - 1}:0] anneal;`);
  p(
    `  reg [${bitsFor(Math.max(K + 2, 2 * G + 1, rec.rows + 1))}:0] step;   // sub-step counter of LOAD / SEED / POCKET`,
  );
  p(`  reg [${CNTW}:0] cyc;`);
  p(``);
  if (!hw) {
    p(`  // ---- memories (block RAM, synchronous read) ----`);
    p(`  reg [${RW - 1}:0] rows_mem [0:${rec.rows - 1}];`);
    p(`  reg [${RB - 1}:0] order_mem [0:${A * K - 1}];`);
    p(`  reg [127:0] seed_mem [0:${A * G - 1}];`);
    p(`  reg [${SEGW - 1}:0] sched_mem [0:${segs.length - 1}];`);
    p(`  reg [${SAB - 1}:0] base_mem [0:${A - 1}];`);
    p(`  initial begin`);
    p(`    $readmemh("trainer_rows.memh", rows_mem);`);
    p(`    $readmemh("trainer_order.memh", order_mem);`);
    p(`    $readmemh("trainer_seeds.memh", seed_mem);`);
    p(`    $readmemh("trainer_sched.memh", sched_mem);`);
    p(`    $readmemh("trainer_base.memh", base_mem);`);
    p(`  end`);
    p(`  reg [${bitsFor(A * K)}:0] order_ptr;`);
    p(`  reg [${bitsFor(A * G)}:0] seed_ptr;`);
    p(`  reg [${SAB - 1}:0] sptr;`);
    p(`  reg [${RB - 1}:0] order_q;`);
    p(`  reg [${RW - 1}:0] row_q;`);
    p(`  reg [127:0] seed_q;`);
    p(`  reg [${SEGW - 1}:0] sched_q;`);
    p(`  reg [${SAB - 1}:0] base_q;`);
    p(`  reg [${RB}:0] pock_row;`);
    p(`  wire s_adv;`);
    p(`  wire [${RB - 1}:0] row_addr = (st == S_POCKET) ? pock_row[${RB - 1}:0] : order_q;`);
    p(`  wire [${SAB - 1}:0] sched_addr = s_adv ? sptr + 1'b1 : sptr;`);
    p(`  always @(posedge clk) begin`);
    p(`    order_q <= order_mem[order_ptr];`);
    p(`    row_q <= rows_mem[row_addr];`);
    p(`    seed_q <= seed_mem[seed_ptr];`);
    p(`    sched_q <= sched_mem[sched_addr];`);
    p(`    base_q <= base_mem[anneal];`);
    p(`  end`);
  } else {
    p(`  // ---- memories: the training rows (block RAM) and the order RAM (the shuffled row indices) ----`);
    p(`  reg [${RW - 1}:0] rows_mem [0:${rec.rows - 1}];`);
    p(`  reg [${RB - 1}:0] order_ram [0:${rec.rows - 1}];`);
    p(`  initial $readmemh("trainer_rows.memh", rows_mem);`);
    p(`  reg [${RB}:0] order_ptr;`);
    p(`  reg [${RB - 1}:0] order_q;`);
    p(`  reg [${RW - 1}:0] row_q;`);
    p(`  reg [${RB}:0] pock_row;`);
    p(`  wire [${RB - 1}:0] row_addr = (st == S_POCKET) ? pock_row[${RB - 1}:0] : order_q;`);
    p(`  always @(posedge clk) row_q <= rows_mem[row_addr];`);
    p(``);
    p(
      `  // ---- hardware streams: control xorshift64 (13, 7, 17), masked-rejection Fisher-Yates on the order RAM ----`,
    );
    p(`  reg [63:0] ctl;`);
    p(`  wire [63:0] cx1 = ctl ^ (ctl << 13);`);
    p(`  wire [63:0] cx2 = cx1 ^ (cx1 >> 7);`);
    p(`  wire [63:0] ctl_next = cx2 ^ (cx2 << 17);`);
    p(`  reg [63:0] s0r;   // s0 of the generator being seeded`);
    p(`  reg [${RB - 1}:0] si;   // shuffle position i (rows-1 .. 1)`);
    p(`  reg [${RB - 1}:0] sj;   // drawn j in [0, i]`);
    p(`  reg [${RB - 1}:0] sa;   // order[i], saved for the swap`);
    p(`  reg [${BB - 1}:0] eb;   // batches done in this epoch`);
    const smear: string[] = ['si'];
    for (let sh = 1; sh < RB; sh++) smear.push(`(si >> ${sh})`);
    p(
      `  wire [${RB - 1}:0] smask = ${fault === 'shuffle-mask' ? `(${smear.join(' | ')}) >> 1` : smear.join(' | ')};   // smallest 2^b - 1 >= i`,
    );
    p(`  wire [${RB - 1}:0] draw = ctl_next[${RB - 1}:0] & smask;`);
    p(`  reg [${RB - 1}:0] order_addr;`);
    p(`  reg order_we;`);
    p(`  reg [${RB - 1}:0] order_wd;`);
    p(`  always @* begin`);
    p(`    order_we = 1'b0;`);
    p(`    order_wd = order_q;`);
    p(`    case (st)`);
    p(`      S_OINIT: begin order_addr = step[${RB - 1}:0]; order_we = 1'b1; order_wd = step[${RB - 1}:0]; end`);
    p(`      S_SH_R1: order_addr = si;`);
    p(`      S_SH_R2: order_addr = sj;`);
    p(`      S_SH_W1: begin order_addr = si; order_we = 1'b1; order_wd = order_q; end`);
    p(`      S_SH_W2: begin order_addr = sj; order_we = 1'b1; order_wd = sa; end`);
    p(`      default: order_addr = order_ptr[${RB - 1}:0];`);
    p(`    endcase`);
    p(`  end`);
    p(`  always @(posedge clk) begin`);
    p(`    if (order_we) order_ram[order_addr] <= order_wd;`);
    p(`    order_q <= order_ram[order_addr];`);
    p(`  end`);
    const starts = rec.streamStarts!;
    p(
      `  wire [63:0] ctl_start = ${NEUR === 1 ? `64'h${hex(starts[0], 64)}` : starts.map((v, m) => (m === NEUR - 1 ? `64'h${hex(v, 64)}` : `neuron == ${MB}'d${m} ? 64'h${hex(v, 64)} : `)).join('')};`,
    );
  }
  p(``);
  p(`  // ---- sample registers (the clamps): K rows of D input bits and the K labels y_k = (label == target) ----`);
  p(`  reg [${K * XB - 1}:0] xk;`);
  p(`  reg [${K - 1}:0] yk;`);
  const targetExpr =
    NEUR === 1
      ? `${LB}'d${rec.targets[0]}`
      : `(${rec.targets.map((t, m) => `neuron == ${MB}'d${m} ? ${LB}'d${t} : `).join('')}${LB}'d0)`;
  p(`  wire [${LB - 1}:0] target = ${targetExpr};`);
  p(`  wire row_y = (row_q[${RW - 1}:${XB}] == target);`);
  p(``);
  if (!hw) {
    p(`  // ---- schedule: current run-length segment [i0, n_rnd, cycles left] ----`);
    p(`  reg [${B - 1}:0] i0;`);
    p(`  reg [${WN - 1}:0] nrnd;`);
    p(`  reg [${CNTW - 1}:0] left;`);
    p(`  assign s_adv = (st == S_INIT) || (st == S_RUN && left == ${CNTW}'d1);`);
  } else {
    const hs = hwPlan!;
    p(
      `  // ---- schedule: ${HW_LEVELS} segments of ${hs.segmentLength} cycles (the last takes the rest); I0 = max(1, I0max >> (${HW_LEVELS - 1} - seg)) ----`,
    );
    p(`  reg [2:0] seg;`);
    p(`  reg [${CNTW - 1}:0] segc;`);
    p(
      `  wire [${B - 1}:0] i0max = ${NEUR === 1 ? `${B}'d${hs.i0Max[0]}` : hs.i0Max.map((v, m) => (m === NEUR - 1 ? `${B}'d${v}` : `neuron == ${MB}'d${m} ? ${B}'d${v} : `)).join('')};`,
    );
    p(`  wire [${B - 1}:0] i0sh = i0max >> (3'd${HW_LEVELS - 1} - seg);`);
    p(`  wire [${B - 1}:0] i0 = (i0sh == 0) ? ${B}'d1 : i0sh;`);
    p(`  reg [${WN - 1}:0] nrnd;`);
    p(`  always @* begin   // n_rnd level table of each neuron`);
    p(`    case ({neuron, seg})`);
    for (let m = 0; m < NEUR; m++)
      for (let sg = 0; sg < HW_LEVELS; sg++) p(`      {${MB}'d${m}, 3'd${sg}}: nrnd = ${WN}'d${hs.noise[m][sg]};`);
    p(`      default: nrnd = 0;`);
    p(`    endcase`);
    p(`  end`);
  }
  p(``);
  p(`  // ---- combine state: per-weight counters, combined weights, pocket ----`);
  p(`  reg [${D * CB - 1}:0] cnt;`);
  p(`  reg [${D - 1}:0] current;`);
  p(`  reg [${D - 1}:0] pocket_w;`);
  p(`  reg [${PCW - 1}:0] pocket_cnt;`);
  p(`  reg pocket_valid;`);
  p(`  reg [${PCW - 1}:0] correct;`);
  p(`  assign combined = current;`);
  p(``);
  p(`  // ---- PRNG: ${G} xorshift64+ generator(s); spin i takes bit i mod 64 of generator floor(i / 64) ----`);
  p(`  wire running = (st == S_RUN);`);
  p(`  wire init = (st == S_INIT);`);
  for (let g = 0; g < G; g++) {
    p(`  wire [63:0] g${g};`);
    p(
      hw
        ? `  invlogic_xorshift64p u_g${g} (.clk(clk), .load(st == S_SEED && step == ${2 * g + 1}), .seed(${fault === 'seed-swap' ? '{ctl_next, s0r}' : '{s0r, ctl_next}'}), .step(running | init), .out(g${g}));`
        : `  invlogic_xorshift64p u_g${g} (.clk(clk), .load(st == S_SEED && step == ${g + 1}), .seed(seed_q), .step(running | init), .out(g${g}));`,
    );
  }
  p(``);
  p(`  // ---- fields (residual form, module doc of lib/hw/rtl-trainer.ts) ----`);
  p(`  wire [${D - 1}:0] w = spins[${D - 1}:0];`);
  p(`  wire use_prior = ${rec.combine === 'majority' || rec.priorStrength === 0 ? `1'b0` : `(batch != 0)`};`);
  p(`  reg [${N * AW - 1}:0] fields;`);
  p(`  reg [${N * AW - 1}:0] fl;   // built here, then assigned once (one update event per evaluation in simulation)`);
  p(`  reg [${(cg ? K * cg.W : K) * EW - 1}:0] ev;`);
  if (cg) p(`  reg [${K * EW - 1}:0] evo;`);
  p(`  reg signed [${EW - 1}:0] e;`);
  p(`  reg signed [${AW - 1}:0] f;`);
  p(`  reg [${bitsFor(D)}:0] pc;`);
  p(`  integer i, k, ip, ic;`);
  p(`  function signed [${PW - 1}:0] prior_of;`);
  p(`    input [${CB - 1}:0] cin;`);
  p(`    input wv;`);
  p(`    begin`);
  if (rec.combine === 'sequential')
    p(`      prior_of = wv ? ${PW}'sd${rec.priorStrength} : -${PW}'sd${rec.priorStrength};`);
  else if (rec.combine === 'accumulate') {
    p(`      case (cin)`);
    for (let v = -CL; v <= CL; v++) {
      const pv = priorOf(rec, v);
      p(
        `        ${CB}'h${hex(BigInt.asUintN(CB, BigInt(v)), CB)}: prior_of = ${pv < 0 ? '-' : ''}${PW}'sd${Math.abs(pv)};`,
      );
    }
    p(`        default: prior_of = 0;`);
    p(`      endcase`);
  } else p(`      prior_of = 0;`);
  p(`    end`);
  p(`  endfunction`);
  if (cg) emitCodesFields(p, rec, cg, { D, K, M, c, XB, EW, AW, CB, fault });
  else {
    p(`  always @* begin`);
    p(`    // residuals e_k = M y_k + r_k - a_k, a_k = 2 popcount(x_k xnor w) - D, r_k = sum_j c_j s_kj`);
    p(`    for (k = 0; k < ${K}; k = k + 1) begin`);
    p(`      pc = 0;`);
    p(
      `      for (i = 0; i < ${D}; i = i + 1) pc = pc + (xk[k * ${D} + i] == w[i]);  // == is 1 bit wide (~^ would widen)`,
    );
    p(`      e = (yk[k] ? ${EW}'sd${M} : -${EW}'sd${M}) + ${EW}'sd${D} - $signed({1'b0, pc, 1'b0});`);
    for (let j = 0; j < L; j++)
      p(`      e = spins[${D} + k * ${L} + ${j}] ? e + ${EW}'sd${c[j]} : e - ${EW}'sd${c[j]};`);
    p(`      ev[k * ${EW} +: ${EW}] = e;`);
    p(`    end`);
    p(`    // weight spins: 2 sum_k x_ki e_k + 2K w_i + prior_i`);
    p(`    for (i = 0; i < ${D}; i = i + 1) begin`);
    p(`      f = w[i] ? ${AW}'sd${2 * K} : -${AW}'sd${2 * K};`);
    p(`      if (use_prior) f = f + prior_of(cnt[i * ${CB} +: ${CB}], current[i]);`);
    p(`      for (k = 0; k < ${K}; k = k + 1)`);
    p(
      `        f = xk[k * ${D} + i] ? f + 2 * $signed(ev[k * ${EW} +: ${EW}]) : f - 2 * $signed(ev[k * ${EW} +: ${EW}]);`,
    );
    p(`      fl[i * ${AW} +: ${AW}] = f;`);
    p(`    end`);
    p(`    // slack spins: -2 c_j e_k + 2 c_j^2 s_kj`);
    p(`    for (k = 0; k < ${K}; k = k + 1) begin`);
    p(`      e = $signed(ev[k * ${EW} +: ${EW}]);`);
    for (let j = 0; j < L; j++) {
      const sFault = fault === 'sample-order' ? `(${K - 1} - k)` : 'k';
      p(
        `      f = (spins[${D} + ${sFault} * ${L} + ${j}] ? ${AW}'sd${2 * c[j] * c[j]} : -${AW}'sd${2 * c[j] * c[j]}) - ${2 * c[j]} * e;`,
      );
      p(`      fl[(${D} + ${sFault} * ${L} + ${j}) * ${AW} +: ${AW}] = f;`);
    }
    p(`    end`);
    p(`    fields = fl;`);
    p(`  end`);
  }
  p(``);
  p(`  // ---- the SC array: ${N} cells (noise + saturating Itanh counter), all counters in one register ----`);
  p(
    `  wire [${N - 1}:0] rbits = {${Array.from({ length: G }, (_, g) =>
      g === G - 1 ? `g${g}[${(N - 1) % 64}:0]` : `g${g}`,
    )
      .reverse()
      .join(', ')}};`,
  );
  p(`  reg [${N * B - 1}:0] itanh;`);
  p(`  wire [${N * B - 1}:0] itanh_next;`);
  p(`  reg [${N - 1}:0] spin_r;`);
  p(`  reg [${N - 1}:0] sp;`);
  p(`  integer is;`);
  p(`  always @* begin   // spin = (Itanh >= 0)`);
  p(`    for (is = 0; is < ${N}; is = is + 1) sp[is] = ~itanh[is * ${B} + ${B - 1}];`);
  if (cg) {
    p(`    sp[${D}] = 1'b1;   // the OR's constant input 'one' (clamped)`);
    p(`    for (is = 0; is < ${K * cg.W}; is = is + 1)   // target -1: the unit spins are clamped to -1`);
    p(`      if (!yk[is / ${cg.W}]) sp[${D + 1} + (is / ${cg.W}) * ${cg.EX} + (is % ${cg.W}) * ${1 + L}] = 1'b0;`);
  }
  p(`    spin_r = sp;`);
  p(`  end`);
  p(`  assign spins = spin_r;`);
  p(`  genvar gi;`);
  p(`  generate`);
  p(`    for (gi = 0; gi < ${N}; gi = gi + 1) begin : sc_cell`);
  p(
    `      invlogic_field_cell #(.AW(${AW}), .B(${B}), .WN(${WN})) u (.itanh(itanh[gi * ${B} +: ${B}]), .field(fields[gi * ${AW} +: ${AW}]), ` +
      `.rnd(rbits[gi]), .i0(i0), .nrnd(nrnd), .next(itanh_next[gi * ${B} +: ${B}]));`,
  );
  p(`    end`);
  p(`  endgenerate`);
  p(`  always @(posedge clk) begin`);
  p(`    if (init) begin`);
  p(`      for (is = 0; is < ${N}; is = is + 1) itanh[is * ${B} +: ${B}] <= rbits[is] ? {${B}{1'b0}} : {${B}{1'b1}};`);
  p(`    end else if (running) itanh <= itanh_next;`);
  p(`  end`);
  p(``);
  p(`  // ---- pocket: training accuracy of the combined weights, one row per clock ----`);
  p(`  reg [${bitsFor(D)}:0] pp;`);
  p(`  always @* begin`);
  p(`    pp = 0;`);
  p(`    for (ip = 0; ip < ${D}; ip = ip + 1) pp = pp + (row_q[ip] == current[ip]);`);
  p(`  end`);
  p(`  wire row_pred = ({pp, 1'b0} >= ${D});   // sign(2 popcount - D), sign(0) = +1`);
  p(``);
  p(`  // ---- combine of one batch read-out ----`);
  p(`  reg [${D * CB - 1}:0] cnt_next;`);
  p(`  reg [${D - 1}:0] cur_next;`);
  p(`  reg signed [${CB - 1}:0] cv;`);
  p(`  always @* begin`);
  p(`    for (ic = 0; ic < ${D}; ic = ic + 1) begin`);
  p(`      cv = $signed(cnt[ic * ${CB} +: ${CB}]);`);
  if (rec.combine === 'majority') {
    p(`      cv = spins[ic] ? cv + 1 : cv - 1;`);
    p(`      cur_next[ic] = ${fault === 'majority-tie' ? '(cv > 0)' : '(cv >= 0)'};`);
  } else if (rec.combine === 'accumulate') {
    p(`      if (spins[ic] && cv != ${CB}'sd${CL}) cv = cv + 1;`);
    p(`      else if (!spins[ic] && cv != -${CB}'sd${CL}) cv = cv - 1;`);
    p(`      cur_next[ic] = ${fault === 'majority-tie' ? '(cv > 0)' : '(cv >= 0)'};`);
  } else p(`      cur_next[ic] = spins[ic];`);
  p(`      cnt_next[ic * ${CB} +: ${CB}] = cv;`);
  p(`    end`);
  p(`  end`);
  p(``);
  p(`  // ---- controller ----`);
  p(`  always @(posedge clk) begin`);
  p(`    anneal_done <= 1'b0;`);
  p(`    final_we <= 1'b0;`);
  p(`    run_valid <= 1'b0;`);
  p(`    if (rst) begin`);
  p(
    hw
      ? `      st <= S_IDLE; done <= 1'b0; neuron <= 0; batch <= 0; anneal <= 0; order_ptr <= 0; step <= 0; cyc <= 0;`
      : `      st <= S_IDLE; done <= 1'b0; neuron <= 0; batch <= 0; anneal <= 0; order_ptr <= 0; seed_ptr <= 0;`,
  );
  if (!hw) p(`      sptr <= 0; step <= 0; cyc <= 0;`);
  p(`    end else begin`);
  p(`      case (st)`);
  p(`        S_IDLE: if (start) st <= S_NEURON;`);
  p(`        S_NEURON: begin`);
  if (!hw) {
    p(`          cnt <= 0; current <= 0; pocket_valid <= 1'b0; pocket_cnt <= 0; batch <= 0; step <= 0; st <= S_LOAD;`);
    p(`        end`);
  } else {
    p(`          cnt <= 0; current <= 0; pocket_valid <= 1'b0; pocket_cnt <= 0; batch <= 0; step <= 0;`);
    p(`          ctl <= ctl_start; st <= S_OINIT;`);
    p(`        end`);
    p(`        S_OINIT: begin  // rows clocks: order[r] = r`);
    p(
      `          if (step == ${rec.rows - 1}) begin step <= 0; si <= ${RB}'d${rec.rows - 1}; st <= S_SH_DRAW; end else step <= step + 1'b1;`,
    );
    p(`        end`);
    p(`        S_SH_DRAW: begin  // one draw per clock: j = next & mask(i), redrawn while j > i`);
    p(`          ctl <= ctl_next;`);
    p(`          if (draw <= si) begin sj <= draw; st <= S_SH_R1; end`);
    p(`        end`);
    p(`        S_SH_R1: st <= S_SH_R2;`);
    p(`        S_SH_R2: begin sa <= order_q; st <= S_SH_W1; end`);
    p(`        S_SH_W1: st <= S_SH_W2;`);
    p(`        S_SH_W2: begin`);
    p(`          if (si == ${RB}'d1) begin order_ptr <= 0; eb <= 0; st <= S_SH_END; end`);
    p(`          else begin si <= si - 1'b1; st <= S_SH_DRAW; end`);
    p(`        end`);
    p(`        S_SH_END: begin step <= 0; st <= S_LOAD; end   // the order RAM reads order[0] for LOAD`);
  }
  p(`        S_LOAD: begin  // K + 2 clocks: order -> row address -> row; rows shift in (sample 0 ends at the bottom)`);
  p(`          if (step < ${K}) order_ptr <= order_ptr + 1'b1;`);
  p(`          if (step >= 2) begin`);
  const shiftIn = `row_q[${XB - 1}:0]`;
  p(K === 1 ? `            xk <= ${shiftIn};` : `            xk <= {${shiftIn}, xk[${K * XB - 1}:${XB}]};`);
  p(K === 1 ? `            yk <= row_y;` : `            yk <= {row_y, yk[${K - 1}:1]};`);
  p(`          end`);
  p(`          if (step == ${K + 1}) begin step <= 0; st <= S_SEED; end else step <= step + 1'b1;`);
  p(`        end`);
  if (!hw) {
    p(
      `        S_SEED: begin  // ${G} + 1 clocks: generator q loads at step q + 1; schedule pointer from the base table`,
    );
    p(`          if (step == 0) sptr <= base_q;`);
    p(`          if (step < ${G}) seed_ptr <= seed_ptr + 1'b1;`);
    p(`          if (step == ${G}) begin step <= 0; st <= S_INIT; end else step <= step + 1'b1;`);
    p(`        end`);
    p(`        S_INIT: begin  // reset state of the array (t = 0); first schedule segment`);
    p(`          {left, nrnd, i0} <= sched_q;`);
    p(`          sptr <= sptr + 1'b1;`);
    p(`          cyc <= 0; st <= S_RUN; run_valid <= 1'b1; t_out <= 0;`);
    p(`        end`);
    p(`        S_RUN: begin`);
    p(`          if (left == ${CNTW}'d1) begin {left, nrnd, i0} <= sched_q; sptr <= sptr + 1'b1; end`);
    p(`          else left <= left - 1'b1;`);
  } else {
    p(
      `        S_SEED: begin  // ${2 * G} + 1 clocks: generator g takes s0 = next at step 2g, s1 = next at step 2g + 1`,
    );
    p(`          if (step < ${2 * G}) ctl <= ctl_next;`);
    p(`          if (step < ${2 * G} && !step[0]) s0r <= ctl_next;`);
    p(`          if (step == ${2 * G}) begin step <= 0; st <= S_INIT; end else step <= step + 1'b1;`);
    p(`        end`);
    p(`        S_INIT: begin  // reset state of the array (t = 0); schedule segment 0`);
    p(`          seg <= 0; segc <= 0;`);
    p(`          cyc <= 0; st <= S_RUN; run_valid <= 1'b1; t_out <= 0;`);
    p(`        end`);
    p(`        S_RUN: begin`);
    p(
      `          if (segc == ${CNTW}'d${hwPlan!.segmentLength - 1} && seg != 3'd${HW_LEVELS - 1}) begin seg <= seg + 1'b1; segc <= 0; end`,
    );
    p(`          else segc <= segc + 1'b1;`);
  }
  p(`          run_valid <= 1'b1; t_out <= cyc + 1'b1; cyc <= cyc + 1'b1;`);
  p(`          if (cyc == ${T - 1}) st <= S_COMBINE;`);
  p(`        end`);
  p(`        S_COMBINE: begin  // read-out of the weight spins m(T); combine`);
  p(`          readout <= w; cnt <= cnt_next; current <= cur_next;`);
  p(`          anneal_done <= 1'b1; anneal_idx <= anneal; anneal <= anneal + 1'b1; batch <= batch + 1'b1;`);
  p(`          step <= 0; correct <= 0; pock_row <= 0;${hw ? " eb <= eb + 1'b1;" : ''}`);
  p(`          st <= ${pocket ? 'S_POCKET' : 'S_NEXT'};`);
  p(`        end`);
  p(`        S_POCKET: begin  // rows + 1 clocks: row r read at step r, judged at step r + 1`);
  p(`          pock_row <= step + 1'b1;`);
  p(`          if (step >= 1 && row_pred == row_y) correct <= correct + 1'b1;`);
  p(`          if (step == ${rec.rows}) st <= S_POCKET_END; else step <= step + 1'b1;`);
  p(`        end`);
  p(`        S_POCKET_END: begin`);
  p(`          if (!pocket_valid || correct > pocket_cnt) begin pocket_w <= current; pocket_cnt <= correct; end`);
  p(`          pocket_valid <= 1'b1; st <= S_NEXT;`);
  p(`        end`);
  p(`        S_NEXT: begin`);
  p(`          step <= 0; pock_row <= 0;`);
  if (!hw) p(`          st <= (batch == ${BB}'d${NB}) ? S_FINAL : S_LOAD;`);
  else {
    p(`          if (batch == ${BB}'d${NB}) st <= S_FINAL;`);
    p(
      `          else if (eb == ${BB}'d${Math.floor(rec.rows / K)}) begin si <= ${RB}'d${rec.rows - 1}; st <= S_SH_DRAW; end   // next epoch: shuffle`,
    );
    p(`          else st <= S_LOAD;`);
  }
  p(`        end`);
  p(`        S_FINAL: begin`);
  p(`          final_we <= 1'b1; final_neuron <= neuron; final_w <= ${pocket ? 'pocket_w' : 'current'};`);
  p(`          if (neuron == ${MB}'d${NEUR - 1}) begin st <= S_DONE; done <= 1'b1; end`);
  p(`          else begin neuron <= neuron + 1'b1; st <= S_NEURON; end`);
  p(`        end`);
  p(`        default: st <= st;`);
  p(`      endcase`);
  p(`    end`);
  p(`  end`);
  p(`endmodule`);
  p(``);
  p(CELL_MODULE);
  p(XORSHIFT_MODULE);

  const rtlFile = `${top}.v`;
  files[rtlFile] = V.join('\n');
  const loadCycles = K + 2 + (hw ? 2 * G : G) + 1;
  // INIT, COMBINE, [POCKET + POCKET_END], NEXT; S_NEURON and S_FINAL once per neuron.
  const overhead = loadCycles + 1 + 1 + (pocket ? rec.rows + 2 : 0) + 1;
  // + the idle clock that sees start and the two clocks after done (testbench count); hardware streams: + the order RAM's
  // initialisation and the shuffles (draws are data-dependent: counted by replaying the stream).
  const totalCycles = A * (T + overhead) + NEUR * 2 + 3 + (hwPlan ? hwPlan.streamCycles : 0);
  return {
    files,
    rtlFile,
    record: rec,
    info: {
      top,
      weights: D,
      samples: K,
      slackPerSample: L,
      slackCoefficients: c,
      M,
      spins: N,
      generators: G,
      neurons: NEUR,
      rows: rec.rows,
      anneals: A,
      cyclesPerAnneal: T,
      scheduleSegments: hw ? HW_LEVELS * NEUR : segs.length,
      streams: hw ? 'hardware' : 'library',
      itanhBits: B,
      noiseBits: WN,
      fieldBits: AW,
      residualBits: EW,
      memoryBits: hw
        ? { rows: rec.rows * RW, orderRam: rec.rows * RB }
        : {
            rows: rec.rows * RW,
            order: A * K * RB,
            seeds: A * G * 128,
            schedule: segs.length * SEGW,
            scheduleBase: A * SAB,
          },
      overheadCyclesPerBatch: overhead,
      loadCyclesPerBatch: loadCycles,
      totalCycles,
      fault,
    },
  };
}

/** The SC cell of the trainer: the spin gate of lib/hw/rtl.ts with the neighbour sum given as `field` (combinational). */
export const CELL_MODULE = `// SC cell (docs/sc-model.md §2) with a computed field: the next counter value of one spin,
//   Itanh' = min(max(Itanh + field + (rnd ? +n_rnd : -n_rnd), -I0), I0 - 1)
// The field is exact (AW bits hold every value), so no field reduction is needed (the simulator's auto width).
// The counters live in one register of the trainer (one update event per clock in simulation).
module invlogic_field_cell #(
  parameter integer AW = 8,
  parameter integer B = 8,
  parameter integer WN = 5
) (
  input  wire signed [B-1:0]  itanh,
  input  wire signed [AW-1:0] field,
  input  wire                 rnd,
  input  wire [B-1:0]         i0,
  input  wire [WN-1:0]        nrnd,
  output wire [B-1:0]         next
);
  localparam integer SW = (B > AW ? B : AW) + 3;
  wire signed [SW-1:0] amp = $signed({1'b0, nrnd});
  wire signed [SW-1:0] i0s = $signed({1'b0, i0});
  wire signed [SW-1:0] sum = itanh + field + (rnd ? amp : -amp);
  wire signed [SW-1:0] nxt = sum < -i0s ? -i0s : (sum > i0s - 1 ? i0s - 1 : sum);
  assign next = nxt[B-1:0];
endmodule
`;

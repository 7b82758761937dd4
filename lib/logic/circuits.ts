/**
 * Ready-made invertible circuits built from the gate library by wire fusion (paper brief §2.4, §4.2):
 * ripple-carry adder, array multiplier (Smithson TCAS-I 2019 Fig. 10 / Table 2: 3n^2 nodes for n x n, i.e.
 * 12/27/48/75 for n = 2..5), unsigned comparator, popcount, threshold and the binarized neuron
 *
 *   y = sign( sum_i w_i x_i + b ),  w, x, b, y in {-1, +1},  sign(0) = +1,
 *
 * built as XNOR per input (a_i = XNOR(w_i, x_i), i.e. a_i = 1 iff w_i x_i = +1), a full/half-adder
 * popcount tree over the a_i (and the bias bit b), and a comparator count >= ceil(m/2) with m terms, since
 * sum = 2 count - m. This is option A of the paper brief §4.2 (a reconstruction: the target paper's exact
 * neuron Hamiltonian is unknown). Wires are LSB first everywhere.
 */
import { InvlogicError, requireInt } from '../errors';
import { Circuit } from './circuit';
import { flipPorts, gate } from './gates';
import { functionTable, TruthTable } from './truthtable';

const range = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));

/**
 * n-bit ripple-carry adder: wires a0..a{n-1}, b0..b{n-1} (and ci with `carryIn`), s0..s{n} where s{n} is the
 * carry out. Bit 0 is a half adder (a full adder with carry-in), the others full adders; carries c1..c{n-1}.
 */
export function rippleCarryAdder(bits: number, options: { carryIn?: boolean } = {}): Circuit {
  requireInt('bits', bits, 1, 64);
  const c = new Circuit();
  const a = range(bits, (i) => `a${i}`);
  const b = range(bits, (i) => `b${i}`);
  const s = range(bits + 1, (i) => `s${i}`);
  for (let i = 0; i < bits; i++) {
    c.wire(a[i]);
    c.wire(b[i]);
  }
  const carryOut = (i: number): string => (i === bits - 1 ? s[bits] : `c${i + 1}`);
  for (let i = 0; i < bits; i++) {
    if (i === 0 && !options.carryIn) c.addGate('HA', { A: a[0], B: b[0], S: s[0], CO: carryOut(0) });
    else c.addGate('FA', { A: a[i], B: b[i], CI: i === 0 ? 'ci' : `c${i}`, S: s[i], CO: carryOut(i) });
  }
  c.inputs = options.carryIn ? [...a, ...b, 'ci'] : [...a, ...b];
  c.outputs = s;
  return c;
}

/**
 * Array multiplier p = a * b (Smithson-style: AND partial products pp{i}_{j} = a_j AND b_i, then one row of
 * half/full adders per bit of b). Wires a0.., b0.., p0..p{aBits+bBits-1}. With aBits = bBits = n it has
 * n^2 AND, n(n-2) FA and n HA gates and 3n^2 spins (48 for 4 x 4, as in Smithson's 4 x 4 multiplier).
 */
export function arrayMultiplier(aBits: number, bBits: number = aBits): Circuit {
  requireInt('aBits', aBits, 2, 32);
  requireInt('bBits', bBits, 2, 32);
  const c = new Circuit();
  const a = range(aBits, (i) => `a${i}`);
  const b = range(bBits, (i) => `b${i}`);
  const p = range(aBits + bBits, (i) => `p${i}`);
  a.forEach((w) => c.wire(w));
  b.forEach((w) => c.wire(w));
  const last = bBits - 1;
  // cur[pos] = the wire holding the running sum's bit at weight 2^pos.
  const cur: string[] = [];
  for (let j = 0; j < aBits; j++) {
    const out = j === 0 ? p[0] : `pp0_${j}`;
    c.addGate('AND', { A: a[j], B: b[0], Y: out });
    cur[j] = out;
  }
  for (let i = 1; i < bBits; i++) {
    const pp = range(aBits, (j) => `pp${i}_${j}`);
    for (let j = 0; j < aBits; j++) c.addGate('AND', { A: a[j], B: b[i], Y: pp[j] });
    let carry = '';
    for (let k = 0; k < aBits; k++) {
      const pos = i + k;
      const final = k === 0 || i === last;
      const sum = final ? p[pos] : `s${i}_${pos}`;
      const co = k === aBits - 1 ? (i === last ? p[pos + 1] : `s${i}_${pos + 1}`) : `c${i}_${pos + 1}`;
      const prev = cur[pos];
      if (k === 0) c.addGate('HA', { A: pp[k], B: prev, S: sum, CO: co });
      else if (prev === undefined) c.addGate('HA', { A: pp[k], B: carry, S: sum, CO: co });
      else c.addGate('FA', { A: pp[k], B: prev, CI: carry, S: sum, CO: co });
      cur[pos] = sum;
      carry = co;
    }
    cur[i + aBits] = carry;
  }
  c.inputs = [...a, ...b];
  c.outputs = p;
  return c;
}

/**
 * Unsigned comparator y = (a >= b) over `bits`-bit a, b: the carry chain of a + NOT b + 1,
 * c1 = a0 OR NOT b0, c{i+1} = MAJ(a_i, NOT b_i, c_i), y = c{bits}. The inversions are folded into the gates
 * (flipPorts), so it has 3*bits spins. Wires a0.., b0.., y.
 */
export function comparator(bits: number): Circuit {
  requireInt('bits', bits, 1, 64);
  const c = new Circuit();
  const a = range(bits, (i) => `a${i}`);
  const b = range(bits, (i) => `b${i}`);
  a.forEach((w) => c.wire(w));
  b.forEach((w) => c.wire(w));
  const orNb = flipPorts(gate('OR'), ['B'], 'OR_NB');
  const majNb = flipPorts(gate('MAJ3'), ['B'], 'MAJ3_NB');
  const carry = (i: number): string => (i === bits ? 'y' : `c${i}`);
  c.addGate(orNb, { A: a[0], B: b[0], Y: carry(1) });
  for (let i = 1; i < bits; i++) c.addGate(majNb, { A: a[i], B: b[i], C: carry(i), Y: carry(i + 1) });
  c.inputs = [...a, ...b];
  c.outputs = ['y'];
  return c;
}

/**
 * Adds a popcount (column compression with full adders as 3:2 and half adders as 2:2 counters, lowest
 * column first) of the wires `terms` to `c`; returns the count's wires, LSB first. New wires are named
 * "<prefix>pc<k>.S" / "<prefix>pc<k>.CO". For 9 terms: 5 FA + 2 HA, 4 count bits.
 */
export function addPopcount(c: Circuit, terms: readonly string[], prefix = ''): string[] {
  if (terms.length === 0) throw new InvlogicError('popcount needs at least one term', 'terms');
  const columns: string[][] = [[...terms]];
  let k = 0;
  for (let col = 0; col < columns.length; col++) {
    const q = columns[col];
    while (q.length >= 2) {
      if (columns[col + 1] === undefined) columns[col + 1] = [];
      const name = `${prefix}pc${k++}`;
      if (q.length >= 3) {
        const [x, y, z] = q.splice(0, 3);
        c.addGate('FA', { A: x, B: y, CI: z, S: `${name}.S`, CO: `${name}.CO` }, name);
      } else {
        const [x, y] = q.splice(0, 2);
        c.addGate('HA', { A: x, B: y, S: `${name}.S`, CO: `${name}.CO` }, name);
      }
      q.push(`${name}.S`);
      columns[col + 1].push(`${name}.CO`);
    }
  }
  return columns.map((q) => q[0]);
}

/**
 * Adds "value(bits) >= threshold" for a constant threshold (bits LSB first) to `c` and names the result
 * `out`: with l the lowest set bit of the threshold, ge_l = bits[l] and, above it, ge_i = bits[i] AND ge_{i-1}
 * where the threshold bit is 1, bits[i] OR ge_{i-1} where it is 0. When no gate is needed (ge = bits[l]),
 * that wire itself is renamed `out`. Threshold must be in [1, 2^bits.length - 1].
 */
export function addAtLeast(c: Circuit, bits: readonly string[], threshold: number, out: string, prefix = ''): string {
  requireInt('threshold', threshold, 1, 2 ** bits.length - 1);
  let l = 0;
  while (Math.floor(threshold / 2 ** l) % 2 === 0) l++;
  let ge = bits[l];
  const top = bits.length - 1;
  if (l === top) {
    c.renameWire(ge, out);
    return out;
  }
  for (let i = l + 1; i <= top; i++) {
    const t = Math.floor(threshold / 2 ** i) % 2;
    const y = i === top ? out : `${prefix}ge${i}`;
    c.addGate(t ? 'AND' : 'OR', { A: bits[i], B: ge, Y: y });
    ge = y;
  }
  return out;
}

/** Popcount circuit: wires x0..x{n-1}, q0..q{k-1} (count, LSB first). */
export function popcountCircuit(n: number): Circuit {
  requireInt('n', n, 2, 1024);
  const c = new Circuit();
  const x = range(n, (i) => `x${i}`);
  x.forEach((w) => c.wire(w));
  const q = addPopcount(c, x);
  q.forEach((w, i) => c.renameWire(w, `q${i}`));
  c.inputs = x;
  c.outputs = range(q.length, (i) => `q${i}`);
  return c;
}

/** Threshold circuit: wires q0..q{bits-1}, y = (q >= threshold). */
export function thresholdCircuit(bits: number, threshold: number): Circuit {
  requireInt('bits', bits, 1, 30);
  const c = new Circuit();
  const q = range(bits, (i) => `q${i}`);
  q.forEach((w) => c.wire(w));
  // threshold = 2^(bits-1) needs no gate (y = q_top); a BUF keeps the input wire q_top distinct from y.
  if (threshold === 2 ** (bits - 1)) {
    c.addGate('BUF', { A: q[bits - 1], Y: 'y' });
  } else {
    addAtLeast(c, q, threshold, 'y');
  }
  c.inputs = q;
  c.outputs = ['y'];
  return c;
}

export interface NeuronOptions {
  /** Add a bias spin b (a term of the sum, like a weight whose input is always +1). Default false. */
  bias?: boolean;
}

/**
 * Binarized neuron y = sign(sum_i w_i x_i [+ b]) with sign(0) = +1 (paper brief §4.2 option A): wires
 * w0.., x0.., b (if `bias`), y; internal a{i} = XNOR(w_i, x_i), popcount "pc<k>.S/CO", comparator "ge<i>".
 * For n = 9 without bias: 9 XNOR, 5 FA, 2 HA, OR, AND, OR and 53 spins.
 */
export function neuronCircuit(nInputs: number, options: NeuronOptions = {}): Circuit {
  requireInt('nInputs', nInputs, 1, 4096);
  const bias = options.bias ?? false;
  const c = new Circuit();
  const w = range(nInputs, (i) => `w${i}`);
  const x = range(nInputs, (i) => `x${i}`);
  w.forEach((v) => c.wire(v));
  x.forEach((v) => c.wire(v));
  if (bias) c.wire('b');
  const terms: string[] = [];
  for (let i = 0; i < nInputs; i++) {
    c.addGate('XNOR', { A: w[i], B: x[i], Y: `a${i}` }, `xnor${i}`);
    terms.push(`a${i}`);
  }
  if (bias) terms.push('b');
  const m = terms.length;
  if (m === 1) c.renameWire(terms[0], 'y');
  else addAtLeast(c, addPopcount(c, terms), Math.ceil(m / 2), 'y');
  c.inputs = bias ? [...w, 'b', ...x] : [...w, ...x];
  c.outputs = ['y'];
  return c;
}

/** sign(sum w_i x_i + b) with sign(0) = +1, on spins; the forward function the neuron circuit encodes. */
export function neuronForward(w: ArrayLike<number>, x: ArrayLike<number>, b = 0): 1 | -1 {
  let s = b;
  for (let i = 0; i < w.length; i++) s += w[i] * x[i];
  return s >= 0 ? 1 : -1;
}

export interface TrainingSample {
  /** Input spins (+1/-1), length nInputs. */
  x: ArrayLike<number>;
  /** Target output spin. */
  y: 1 | -1;
}

export interface NeuronTrainingOptions extends NeuronOptions {
  /** Instance k's private wires are "<prefix><k>.<wire>". Default "s". */
  prefix?: string;
}

export interface NeuronTrainingCircuit {
  circuit: Circuit;
  /** The model with every instance's x and y clamped; its free spins include the shared weights. */
  model: ReturnType<Circuit['toModel']>;
  /** Shared weight wires: w0..w{n-1} (and b). */
  weightWires: string[];
  /** Index in `model` of each weight wire (to read weights out of a sampled spin vector). */
  weightIndices: Int32Array;
  /** Per-sample prefixes, e.g. "s0", "s1", ... */
  instancePrefixes: string[];
}

/**
 * Parallel training circuit (paper brief §4.2 option A): one neuron instance per training sample, all
 * SHARING the weight wires w* (and b), each with its own x and y clamped to the sample. Its ground states
 * are exactly the weight vectors consistent with every sample (when one exists); otherwise they minimise
 * the number of violated instances weighted by the gate gaps.
 */
export function neuronTrainingCircuit(
  nInputs: number,
  samples: readonly TrainingSample[],
  options: NeuronTrainingOptions = {},
): NeuronTrainingCircuit {
  requireInt('nInputs', nInputs, 1, 4096);
  if (!Array.isArray(samples) || samples.length === 0)
    throw new InvlogicError('samples must be a non-empty array', 'samples');
  const prefix = options.prefix ?? 's';
  const base = neuronCircuit(nInputs, options);
  const weightWires = range(nInputs, (i) => `w${i}`);
  if (options.bias) weightWires.push('b');
  const shared = Object.fromEntries(weightWires.map((w) => [w, w]));
  const circuit = new Circuit();
  weightWires.forEach((w) => circuit.wire(w));
  const instancePrefixes: string[] = [];
  samples.forEach((sample, k) => {
    if (!sample || sample.x === undefined || sample.x.length !== nInputs) {
      throw new InvlogicError(`samples[${k}].x must have length ${nInputs}`, `samples[${k}].x`);
    }
    if (sample.y !== 1 && sample.y !== -1)
      throw new InvlogicError(`samples[${k}].y must be 1 or -1, got ${String(sample.y)}`, `samples[${k}].y`);
    const p = `${prefix}${k}`;
    circuit.addCircuit(base, shared, p);
    for (let i = 0; i < nInputs; i++) {
      const v = sample.x[i];
      if (v !== 1 && v !== -1)
        throw new InvlogicError(`samples[${k}].x[${i}] must be 1 or -1, got ${String(v)}`, `samples[${k}].x[${i}]`);
      circuit.clamp(`${p}.x${i}`, v);
    }
    circuit.clamp(`${p}.y`, sample.y);
    instancePrefixes.push(p);
  });
  circuit.inputs = weightWires;
  const model = circuit.toModel();
  const weightIndices = Int32Array.from(weightWires, (w) => model.indexOf(w));
  return { circuit, model, weightWires, weightIndices, instancePrefixes };
}

// ---------------------------------------------------------------------------------------------------------
// Reference truth tables of the ready-made circuits (for verify and tests).

const bitsOf = (v: number, n: number): number[] => Array.from({ length: n }, (_, i) => Math.floor(v / 2 ** i) % 2);
const valueOf = (bits: number[]): number => bits.reduce((acc, b, i) => acc + b * 2 ** i, 0);

export function adderTable(bits: number, options: { carryIn?: boolean } = {}): TruthTable {
  const a = range(bits, (i) => `a${i}`);
  const b = range(bits, (i) => `b${i}`);
  const ins = options.carryIn ? [...a, ...b, 'ci'] : [...a, ...b];
  return functionTable(
    ins,
    range(bits + 1, (i) => `s${i}`),
    (v) => {
      const x = valueOf(v.slice(0, bits));
      const y = valueOf(v.slice(bits, 2 * bits));
      return bitsOf(x + y + (options.carryIn ? v[2 * bits] : 0), bits + 1);
    },
  );
}

export function multiplierTable(aBits: number, bBits: number = aBits): TruthTable {
  return functionTable(
    [...range(aBits, (i) => `a${i}`), ...range(bBits, (i) => `b${i}`)],
    range(aBits + bBits, (i) => `p${i}`),
    (v) => bitsOf(valueOf(v.slice(0, aBits)) * valueOf(v.slice(aBits)), aBits + bBits),
  );
}

export function comparatorTable(bits: number): TruthTable {
  return functionTable([...range(bits, (i) => `a${i}`), ...range(bits, (i) => `b${i}`)], ['y'], (v) => [
    valueOf(v.slice(0, bits)) >= valueOf(v.slice(bits)) ? 1 : 0,
  ]);
}

/** Table of the neuron over wires [w..., (b), x..., y] in logic bits (1 = spin +1). */
export function neuronTable(nInputs: number, options: NeuronOptions = {}): TruthTable {
  const w = range(nInputs, (i) => `w${i}`);
  const x = range(nInputs, (i) => `x${i}`);
  const ins = options.bias ? [...w, 'b', ...x] : [...w, ...x];
  return functionTable(ins, ['y'], (v) => {
    const spin = (bit: number): number => (bit ? 1 : -1);
    const ws = v.slice(0, nInputs).map(spin);
    const bb = options.bias ? spin(v[nInputs]) : 0;
    const xs = v.slice(options.bias ? nInputs + 1 : nInputs).map(spin);
    return [neuronForward(ws, xs, bb) > 0 ? 1 : 0];
  });
}

/**
 * Compact threshold Hamiltonians: a binarized neuron y = sign(sum_i a_i w_i) as a quadratic penalty with
 * slack spins, instead of a composition of XNOR / adder / comparator spin gates (paper brief §4.2, §7 item 1:
 * "a compact threshold Hamiltonian with slack spins"; this construction is ours, a named reconstruction).
 *
 * Constraint with margin mu (mu >= 1, same parity as S = sum_i |a_i|):
 *
 *   y * s >= mu,   s = sum_i a_i w_i,   |s| <= S.
 *
 * The valid values of y*s are mu, mu + 2, ..., S. Write M = (S + mu)/2 and R = (S - mu)/2; then every valid
 * (s, y) satisfies s = M y + r with r in {-R, -R+2, ..., R}, and r is produced by slack spins tau_j with
 * coefficients c_j (sum c_j = R, bounded binary 1, 2, 4, ..., rest):
 *
 *   P(w, y, tau) = lambda * ( sum_i a_i w_i - M y - sum_j c_j tau_j )^2  >= 0,
 *
 * zero exactly on the valid rows, and >= 4*lambda on every invalid one (every value is an integer of the
 * parity of S, so the distance to the nearest valid value is at least 2). The set {sum c_j tau_j} is symmetric,
 * so the product y*tau never appears: the Hamiltonian is 2-body whether y is a constant, a clamped spin or a
 * free spin. With a clamped label and inputs folded into a_i = x_i, the violated-sample energy is lambda times
 * the squared distance to the margin (a squared-hinge loss), so the ground state of K shared-weight copies
 * minimises a squared hinge over the batch.
 *
 * Also here: `PenaltyBuilder`, which expands sums of squared linear forms of spins into an IsingModel,
 *
 *   lambda (sum_v c_v m_v + d)^2 = lambda [ sum_v c_v^2 + d^2 + 2 d sum_v c_v m_v + 2 sum_{u<v} c_u c_v m_u m_v ],
 *
 * i.e. h_v -= 2 lambda d c_v, J_uv -= 2 lambda c_u c_v, offset += lambda (sum c_v^2 + d^2) with the model's
 * E = -(sum h m + sum J m m) convention.
 */
import { InvlogicError, requireFinite, requireInt, requireOneOf } from '../errors';
import { IsingModel, Spin } from '../ising';

/**
 * Slack coefficients whose signed sums sum_j c_j tau_j (tau_j = +-1) take exactly the values
 * {-R, -R+2, ..., R}: bounded binary 1, 2, 4, ..., 2^(L-2), R - (2^(L-1) - 1). Empty for R = 0.
 */
export function slackCoefficients(range: number): number[] {
  requireInt('range', range, 0, 2 ** 30);
  const c: number[] = [];
  let total = 0;
  let next = 1;
  while (total + next <= range) {
    c.push(next);
    total += next;
    next *= 2;
  }
  if (total < range) c.push(range - total);
  return c;
}

/** Spins up to which PenaltyBuilder keeps J as a dense matrix (72 MB at the cap); beyond it, a hash map. */
const DENSE_MAX_SPINS = 3072;

/** Accumulates h, J and a constant offset from squared linear forms and raw terms, then builds an IsingModel. */
export class PenaltyBuilder {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly h: number[] = [];
  /** J_ab (a < b) at dense[a * cap + b] while the spin count fits the cap, else in `sparse` (key a * 2^20 + b). */
  private dense: Float64Array | null = new Float64Array(0);
  private cap = 0;
  private sparse: Map<number, number> | null = null;
  /** Constant energy: E_penalty(m) = model.energy(m) + offset. */
  offset = 0;

  /** Index of spin `name`, created on first use. */
  spin(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      if (name.length === 0) throw new InvlogicError('spin names must be non-empty', 'name');
      i = this.names.length;
      this.names.push(name);
      this.index.set(name, i);
      this.h.push(0);
      if (i >= this.cap) this.grow(i + 1);
    }
    return i;
  }

  /** Widens the dense matrix (doubling) or moves J to the hash map past DENSE_MAX_SPINS. */
  private grow(need: number): void {
    const old = this.dense;
    if (old === null) return;
    const oldCap = this.cap;
    if (need > DENSE_MAX_SPINS) {
      const map = new Map<number, number>();
      for (let a = 0; a < oldCap; a++)
        for (let b = a + 1; b < oldCap; b++) {
          const v = old[a * oldCap + b];
          if (v !== 0) map.set(a * 1048576 + b, v);
        }
      this.sparse = map;
      this.dense = null;
      this.cap = Infinity;
      return;
    }
    let cap = Math.max(16, oldCap);
    while (cap < need) cap *= 2;
    cap = Math.min(cap, DENSE_MAX_SPINS);
    const next = new Float64Array(cap * cap);
    for (let a = 0; a < oldCap; a++) next.set(old.subarray(a * oldCap, (a + 1) * oldCap), a * cap);
    this.dense = next;
    this.cap = cap;
  }

  get numSpins(): number {
    return this.names.length;
  }

  /** Sizes the dense J matrix for `spins` spins at once (a circuit that knows its size avoids regrowth). */
  reserve(spins: number): void {
    requireInt('spins', spins, 0, 2 ** 24);
    if (this.dense !== null && spins > this.cap) {
      if (spins > DENSE_MAX_SPINS) this.grow(spins);
      else {
        const old = this.dense;
        const oldCap = this.cap;
        const next = new Float64Array(spins * spins);
        for (let a = 0; a < oldCap; a++) next.set(old.subarray(a * oldCap, (a + 1) * oldCap), a * spins);
        this.dense = next;
        this.cap = spins;
      }
    }
  }

  /** E += -field * m_i. */
  addField(i: number, field: number): void {
    this.h[i] += field;
  }

  /** E += -coupling * m_i m_j (i != j). */
  addCoupling(i: number, j: number, coupling: number): void {
    if (i === j) throw new InvlogicError(`self coupling of spin ${this.names[i]}`, 'coupling');
    const a = i < j ? i : j;
    const b = i < j ? j : i;
    if (this.dense !== null) this.dense[a * this.cap + b] += coupling;
    else {
      const key = a * 1048576 + b;
      const map = this.sparse as Map<number, number>;
      map.set(key, (map.get(key) ?? 0) + coupling);
    }
  }

  /** Adds `scale` times an existing model's h and J (spins renamed by `rename`), e.g. a gate of lib/logic. */
  addModel(model: IsingModel, rename: (name: string) => string, scale = 1): number[] {
    const idx = model.names.map((n) => this.spin(rename(n)));
    for (let i = 0; i < model.n; i++) this.addField(idx[i], scale * model.h[i]);
    for (let k = 0; k < model.numEdges; k++) {
      this.addCoupling(idx[model.edgeI[k]], idx[model.edgeJ[k]], scale * model.edgeW[k]);
    }
    return idx;
  }

  /** E += weight * (sum_k coef_k m_{spin_k} + constant)^2. Repeated spins are merged. */
  addSquare(terms: ReadonlyArray<readonly [number, number]>, constant: number, weight = 1): void {
    const merged = new Map<number, number>();
    for (const [i, c] of terms) if (c !== 0) merged.set(i, (merged.get(i) ?? 0) + c);
    const idx: number[] = [];
    const coef: number[] = [];
    for (const [i, c] of merged)
      if (c !== 0) {
        idx.push(i);
        coef.push(c);
      }
    let sq = constant * constant;
    const L = idx.length;
    const dense = this.dense;
    const cap = this.cap;
    for (let a = 0; a < L; a++) {
      const i = idx[a];
      const ci = coef[a];
      sq += ci * ci;
      this.h[i] -= 2 * weight * constant * ci;
      if (dense !== null) {
        // Same sums in the same order as addCoupling (bit-identical J), without the per-pair call.
        for (let b = a + 1; b < L; b++) {
          const j = idx[b];
          const v = -2 * weight * ci * coef[b];
          if (i < j) dense[i * cap + j] += v;
          else dense[j * cap + i] += v;
        }
      } else for (let b = a + 1; b < L; b++) this.addCoupling(i, idx[b], -2 * weight * ci * coef[b]);
    }
    this.offset += weight * sq;
  }

  /** The model (optionally with clamps, name -> +-1). */
  build(clamp?: Readonly<Record<string, number>>): IsingModel {
    const n = this.names.length;
    const ei: number[] = [];
    const ej: number[] = [];
    const ew: number[] = [];
    if (this.dense !== null) {
      const d = this.dense;
      const cap = this.cap;
      for (let a = 0; a < n; a++)
        for (let b = a + 1; b < n; b++) {
          const w = d[a * cap + b];
          if (w !== 0) {
            ei.push(a);
            ej.push(b);
            ew.push(w);
          }
        }
    } else {
      for (const [key, w] of this.sparse as Map<number, number>)
        if (w !== 0) {
          ei.push(Math.floor(key / 1048576));
          ej.push(key % 1048576);
          ew.push(w);
        }
    }
    return new IsingModel(this.names, this.h, { i: ei, j: ej, w: ew }, clamp);
  }
}

export interface ThresholdTerm {
  /** Output spin index, or a constant +-1 (a label folded in). */
  output: number | { constant: Spin };
  /** (spin index, integer coefficient a_i) pairs; s = sum a_i m_i. */
  inputs: ReadonlyArray<readonly [number, number]>;
  /** Required margin y*s >= margin (raised by one if its parity differs from S). Default 1. */
  margin?: number;
  /** Penalty weight lambda (default 1). */
  weight?: number;
  /** Name prefix of the slack spins (default "slack"). */
  slackPrefix?: string;
  /**
   * Slack code: bounded binary 1, 2, 4, ... (default, fewest spins) or unary (R spins of coefficient 1). Unary
   * costs R instead of ~log2 R spins, but every value of r is one slack flip from its neighbours and each r has
   * many slack states: one 7x7 image's end-to-end circuit reaches penalty 0 in 2 of 10 anneals instead of 0 of
   * 10 (docs/bcnn-invertible.md, "End to end: what was tried"). Both codes give every (inputs, output) row the
   * same minimum penalty.
   */
  slackCode?: SlackCode;
}

export type SlackCode = 'binary' | 'unary';
export const SLACK_CODES: readonly SlackCode[] = ['binary', 'unary'];

export interface ThresholdInfo {
  /** Indices of the slack spins created. */
  slack: number[];
  /** Slack coefficients c_j. */
  coefficients: number[];
  /** S = sum |a_i|, M, R and the effective margin. */
  S: number;
  M: number;
  R: number;
  margin: number;
}

/** Effective margin: at least 1 (0 if S = 0 is impossible), same parity as S, at most S. */
export function effectiveMargin(S: number, margin: number): number {
  let mu = Math.max(margin, 1);
  if ((S - mu) % 2 !== 0) mu += 1;
  if (mu > S) throw new InvlogicError(`margin ${margin} exceeds the largest reachable |s| = ${S}`, 'margin');
  return mu;
}

/** Adds lambda (sum a_i m_i - M y - sum c_j tau_j)^2, the compact constraint y*s >= margin (module doc). */
export function addThreshold(b: PenaltyBuilder, t: ThresholdTerm): ThresholdInfo {
  const weight = requireFinite('weight', t.weight ?? 1);
  if (weight <= 0) throw new InvlogicError(`weight must be > 0, got ${weight}`, 'weight');
  let S = 0;
  for (const [, a] of t.inputs) {
    requireInt('input coefficient', a, -(2 ** 20), 2 ** 20);
    S += Math.abs(a);
  }
  if (S === 0) throw new InvlogicError('a threshold needs at least one input with a non-zero coefficient', 'inputs');
  const mu = effectiveMargin(S, requireInt('margin', t.margin ?? 1, 0, 2 ** 20));
  const M = (S + mu) / 2;
  const R = (S - mu) / 2;
  const code = requireOneOf('slackCode', t.slackCode ?? 'binary', SLACK_CODES);
  const coefficients = code === 'unary' ? new Array<number>(R).fill(1) : slackCoefficients(R);
  const prefix = t.slackPrefix ?? 'slack';
  const slack = coefficients.map((_, j) => b.spin(`${prefix}${j}`));
  const terms: [number, number][] = t.inputs.map(([i, a]) => [i, a]);
  slack.forEach((s, j) => terms.push([s, -coefficients[j]]));
  let constant = 0;
  if (typeof t.output === 'number') terms.push([t.output, -M]);
  else constant = -M * t.output.constant;
  b.addSquare(terms, constant, weight);
  return { slack, coefficients, S, M, R, margin: mu };
}

export interface ThresholdNeuronOptions {
  /** K samples x n inputs, entries +-1. */
  inputs: ReadonlyArray<ArrayLike<number>>;
  /** K labels +-1; omit to leave outputs y{k} free (forward/inference mode needs clamped weights instead). */
  labels?: ArrayLike<number>;
  /** Include a bias spin b (an extra weight on a constant +1 input). Default true. */
  bias?: boolean;
  /** Margin y*s >= margin (default 1; raised to the parity of the number of terms). */
  margin?: number;
  /** Penalty weight lambda (default 1). */
  weight?: number;
  /** Labels folded into the coefficients (true, default) or kept as clamped spins y{k} (false). */
  foldLabels?: boolean;
}

export interface ThresholdNeuron {
  model: IsingModel;
  /** E_penalty = model.energy + offset; 0 exactly when every sample meets the margin. */
  offset: number;
  /** Weight spin indices w0..w{n-1}, then b if present. */
  weights: number[];
  /** Slack spin indices per sample. */
  slack: number[][];
  /** Output spin index per sample (-1 when folded). */
  outputs: number[];
  /** Smallest energy of a sample that misses the margin (4 lambda). */
  violationGap: number;
  margin: number;
}

/**
 * K copies of the compact neuron sharing the weight spins (and bias): one threshold term per sample, inputs x_k
 * folded into the coefficients (a_ki = x_ki), label y_k folded (default) or as a clamped spin.
 * Spin names: w0..w{n-1}, b, y{k}, s{k}_{j}.
 */
export function thresholdNeuron(o: ThresholdNeuronOptions): ThresholdNeuron {
  const K = o.inputs.length;
  if (K === 0) throw new InvlogicError('inputs must hold at least one sample', 'inputs');
  const n = o.inputs[0].length;
  requireInt('inputs[0].length', n, 1, 1 << 16);
  if (o.labels && o.labels.length !== K)
    throw new InvlogicError(`labels has length ${o.labels.length}, expected ${K}`, 'labels');
  const bias = o.bias ?? true;
  const fold = o.foldLabels ?? true;
  const b = new PenaltyBuilder();
  const weights: number[] = [];
  for (let i = 0; i < n; i++) weights.push(b.spin(`w${i}`));
  if (bias) weights.push(b.spin('b'));
  const slack: number[][] = [];
  const outputs: number[] = [];
  const clamp: Record<string, number> = {};
  let margin = 0;
  for (let k = 0; k < K; k++) {
    const x = o.inputs[k];
    if (x.length !== n) throw new InvlogicError(`inputs[${k}] has length ${x.length}, expected ${n}`, `inputs[${k}]`);
    const terms: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      const v = x[i];
      if (v !== 1 && v !== -1) throw new InvlogicError(`inputs[${k}][${i}] must be +-1, got ${v}`, `inputs[${k}]`);
      terms.push([weights[i], v]);
    }
    if (bias) terms.push([weights[n], 1]);
    let output: ThresholdTerm['output'];
    if (o.labels) {
      const y = o.labels[k];
      if (y !== 1 && y !== -1) throw new InvlogicError(`labels[${k}] must be +-1, got ${y}`, `labels[${k}]`);
      if (fold) output = { constant: y as Spin };
      else {
        output = b.spin(`y${k}`);
        clamp[`y${k}`] = y;
      }
    } else output = b.spin(`y${k}`);
    outputs.push(typeof output === 'number' ? output : -1);
    const info = addThreshold(b, { output, inputs: terms, margin: o.margin, weight: o.weight, slackPrefix: `s${k}_` });
    slack.push(info.slack);
    margin = info.margin;
  }
  const model = b.build(Object.keys(clamp).length ? clamp : undefined);
  return { model, offset: b.offset, weights, slack, outputs, violationGap: 4 * (o.weight ?? 1), margin };
}

export interface MulticlassThresholdOptions {
  /** K samples x n inputs, entries +-1 (a constant +1 input column gives each class a bias). */
  inputs: ReadonlyArray<ArrayLike<number>>;
  /** K labels: class indices in [0, classes). */
  labels: ArrayLike<number>;
  /** Number of classes M >= 2. */
  classes: number;
  /** Required score margin z_y - z_m >= margin (default 2; raised to the parity of 2n). */
  margin?: number;
  /** Penalty weight lambda (default 1). */
  weight?: number;
}

export interface MulticlassThreshold {
  model: IsingModel;
  /** E_penalty = model.energy + offset; 0 exactly when every sample's label wins by the margin. */
  offset: number;
  /** Weight spin indices, class-major: weights[m * n + i] is w{m}_{i}. */
  weights: number[];
  /** Slack spin indices per (sample, rival class) term, in sample order. */
  slack: number[][];
  /** Smallest energy of one violated (sample, rival) pair (4 lambda). */
  violationGap: number;
  margin: number;
}

/**
 * The label side of an argmax layer z_m = sum_i w_mi x_i as invertible logic: with the inputs and the label
 * y of K samples clamped, the ground states are exactly the +-1 weight matrices under which every sample's
 * label beats every other class by the margin, z_y - z_m >= margin for all m != y (K (M - 1) compact
 * threshold terms over the weight pairs (w_y, w_m), all sharing the M x n weight spins). The violated-pair
 * energy is lambda times the squared distance to the margin: the ground state of a batch minimises a
 * multi-class squared hinge (Crammer-Singer's constraints). A reconstruction: "the true label clamped" read
 * as the argmax's output being clamped, instead of M independent one-vs-rest neurons.
 * Spin names: w{m}_{i}, then s{k}_{m}_{j}.
 */
export function multiclassThreshold(o: MulticlassThresholdOptions): MulticlassThreshold {
  const K = o.inputs.length;
  if (K === 0) throw new InvlogicError('inputs must hold at least one sample', 'inputs');
  const M = requireInt('classes', o.classes, 2, 4096);
  const n = o.inputs[0].length;
  requireInt('inputs[0].length', n, 1, 1 << 16);
  if (o.labels.length !== K) throw new InvlogicError(`labels has length ${o.labels.length}, expected ${K}`, 'labels');
  const weight = requireFinite('weight', o.weight ?? 1);
  if (weight <= 0) throw new InvlogicError(`weight must be > 0, got ${weight}`, 'weight');
  const mu = effectiveMargin(2 * n, requireInt('margin', o.margin ?? 2, 0, 2 ** 20));
  const slackPerTerm = slackCoefficients((2 * n - mu) / 2).length;
  const b = new PenaltyBuilder();
  b.reserve(M * n + K * (M - 1) * slackPerTerm);
  const weights: number[] = [];
  for (let m = 0; m < M; m++) for (let i = 0; i < n; i++) weights.push(b.spin(`w${m}_${i}`));
  const slack: number[][] = [];
  const terms: [number, number][] = [];
  for (let k = 0; k < K; k++) {
    const x = o.inputs[k];
    if (x.length !== n) throw new InvlogicError(`inputs[${k}] has length ${x.length}, expected ${n}`, `inputs[${k}]`);
    for (let i = 0; i < n; i++) {
      const v = x[i];
      if (v !== 1 && v !== -1) throw new InvlogicError(`inputs[${k}][${i}] must be +-1, got ${v}`, `inputs[${k}]`);
    }
    const y = o.labels[k];
    if (!Number.isInteger(y) || y < 0 || y >= M) {
      throw new InvlogicError(`labels[${k}] must be a class index in [0, ${M - 1}], got ${y}`, `labels[${k}]`);
    }
    for (let m = 0; m < M; m++) {
      if (m === y) continue;
      terms.length = 0;
      for (let i = 0; i < n; i++) terms.push([weights[y * n + i], x[i]]);
      for (let i = 0; i < n; i++) terms.push([weights[m * n + i], -x[i]]);
      const info = addThreshold(b, {
        output: { constant: 1 },
        inputs: terms,
        margin: mu,
        weight,
        slackPrefix: `s${k}_${m}_`,
      });
      slack.push(info.slack);
    }
  }
  return { model: b.build(), offset: b.offset, weights, slack, violationGap: 4 * weight, margin: mu };
}

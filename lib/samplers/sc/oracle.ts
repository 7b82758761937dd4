/**
 * The SC model's specification (docs/sc-model.md §2-§5) transcribed literally: the one slow reference the
 * kernels are tested against (test/samplers-sc.test.ts: scalar kernel; test/samplers-sc-packed.test.ts:
 * read-packed WebAssembly kernel) and that replay.ts runs on a trace's header. One spin at a time, every
 * field recomputed from scratch, no incremental state; an RTL engineer can read it next to the spec.
 */
import { GaloisLfsr32, Xorshift64p, hashSeed } from '../../rng';
import type { IsingModel } from '../../ising';
import type { ScOptions } from './options';
import { planSc } from './plan';
import { scReadSeed } from './prng';
import { spinsToHex } from './trace';

/** What the hardware holds: integer coefficients, clamps, widths, noise, update order and schedules. */
export interface ScOracleSpec {
  n: number;
  h: ArrayLike<number>;
  /** Integer couplings [i, j, J_ij]. */
  edges: ReadonlyArray<readonly [number, number, number]>;
  /** Clamp value per spin (0 = free). */
  clampOf: ArrayLike<number>;
  fieldBits: number;
  fieldOverflow: 'saturate' | 'wrap';
  noiseKind: 'dense' | 'sparse' | 'uniform';
  resolutionBits: number;
  sparseThreshold: number;
  /** Random bits per spin and cycle: 1 (dense) or 1 + resolutionBits. */
  lanes: number;
  init: 'random' | 'zero';
  /** Colour (phase) of each spin for a chromatic update (-1 = clamped); null = synchronous. */
  colorOf: ArrayLike<number> | null;
  /** I0(t) and n_rnd(t), one per cycle. */
  i0: ArrayLike<number>;
  nrnd: ArrayLike<number>;
}

/** The random bits: `step()` advances every generator one draw; `bit(i, k)` is bit k of spin i's word. */
export interface ScOracleBits {
  step(): void;
  bit(i: number, k: number): number;
}

/** Runs `cycles` cycles from reset; returns the spin vector (hex, spinsToHex) after every cycle, index t. */
export function scOracleRun(spec: ScOracleSpec, bits: ScOracleBits, cycles: number): string[] {
  const { n, clampOf, colorOf } = spec;
  const L = spec.lanes;
  const F = spec.fieldBits;
  const nbrs: [number, number][][] = Array.from({ length: n }, () => []);
  for (const [a, b, w] of spec.edges) {
    nbrs[a].push([b, w]);
    nbrs[b].push([a, w]);
  }
  // docs §2.1: a chromatic cycle updates the colour classes in turn, each from the state before it.
  let numPhases = 1;
  if (colorOf) for (let i = 0; i < n; i++) numPhases = Math.max(numPhases, colorOf[i] + 1);
  const itanh = new Array<number>(n).fill(0);
  if (spec.init === 'random') {
    bits.step();
    for (let i = 0; i < n; i++) itanh[i] = bits.bit(i, 0) ? 0 : -1;
  }
  const spin = (i: number): number => (clampOf[i] !== 0 ? clampOf[i] : itanh[i] >= 0 ? 1 : -1);
  const spins = (): number[] => Array.from({ length: n }, (_, i) => spin(i));
  const out: string[] = [spinsToHex(spins())];
  for (let t = 0; t < cycles; t++) {
    bits.step();
    for (let phase = 0; phase < numPhases; phase++) {
      const m = spins();
      const next = [...itanh];
      for (let i = 0; i < n; i++) {
        if (clampOf[i] !== 0 || (colorOf !== null && colorOf[i] !== phase)) continue;
        const nr = spec.nrnd[t];
        const b = bits.bit(i, 0);
        let u = 0;
        for (let k = 1; k < L; k++) u += bits.bit(i, k) * 2 ** (k - 1);
        let noise: number;
        if (spec.noiseKind === 'dense') noise = b ? nr : -nr;
        else if (spec.noiseKind === 'sparse') noise = u < spec.sparseThreshold ? 0 : b ? nr : -nr;
        else noise = (b ? 1 : -1) * Math.floor(((nr + 1) * u) / 2 ** spec.resolutionBits);
        let I = spec.h[i] + noise;
        for (const [j, w] of nbrs[i]) I += w * m[j];
        if (spec.fieldOverflow === 'wrap') I = ((((I + 2 ** (F - 1)) % 2 ** F) + 2 ** F) % 2 ** F) - 2 ** (F - 1);
        else I = Math.min(Math.max(I, -(2 ** (F - 1))), 2 ** (F - 1) - 1);
        const i0 = spec.i0[t];
        next[i] = Math.min(Math.max(itanh[i] + I, -i0), i0 - 1);
      }
      for (let i = 0; i < n; i++) itanh[i] = next[i];
    }
    out.push(spinsToHex(spins()));
  }
  return out;
}

/** The bits of read `read` from lib/rng's generator objects, seeded as docs §3 says (not through ScBitSource). */
function referenceBits(prng: ScOptions['prng'], n: number, lanes: number, rs: string): ScOracleBits {
  if (prng === 'xorshift64p') {
    const G = Math.ceil(n / 64);
    const xs = Array.from(
      { length: lanes * G },
      (_, q) => new Xorshift64p(hashSeed(rs, Math.floor(q / G) * 2 ** 20 + (q % G), 4)),
    );
    return {
      step: () => xs.forEach((x) => x.next64()),
      bit: (i, k) => {
        const x = xs[k * G + Math.floor(i / 64)];
        const b = i % 64;
        return b < 32 ? (x.lo >>> b) & 1 : (x.hi >>> (b - 32)) & 1;
      },
    };
  }
  if (prng === 'per-spin') {
    const xs = Array.from({ length: n }, (_, i) => new Xorshift64p(hashSeed(rs, i, 4)));
    return {
      step: () => xs.forEach((x) => x.next64()),
      bit: (i, k) => (k < 32 ? (xs[i].hi >>> (31 - k)) & 1 : (xs[i].lo >>> (63 - k)) & 1),
    };
  }
  const G = Math.ceil(n / 32);
  const zs = Array.from(
    { length: lanes * G },
    (_, q) => new GaloisLfsr32(hashSeed(rs, Math.floor(q / G) * 2 ** 20 + (q % G), 1)[0] || 1),
  );
  return {
    step: () => zs.forEach((z) => z.step()),
    bit: (i, k) => (zs[k * G + Math.floor(i / 32)].register >>> (i % 32)) & 1,
  };
}

/**
 * The spec read literally for a model and options: the spin vector after every cycle (hex) of read `read`
 * (default 0). Only the option validation and integer loading are shared with the kernels (plan.ts).
 */
export function referenceRun(model: IsingModel, options: ScOptions, read = 0): string[] {
  const plan = planSc(model, options);
  const spec: ScOracleSpec = {
    n: plan.n,
    h: plan.h,
    edges: plan.edges,
    clampOf: plan.clampOf,
    fieldBits: plan.widths.fieldBits,
    fieldOverflow: plan.widths.fieldOverflow,
    noiseKind: plan.noiseKind,
    resolutionBits: plan.resolutionBits,
    sparseThreshold: plan.sparseThreshold,
    lanes: plan.lanes,
    init: plan.init,
    colorOf: plan.colorOf,
    i0: plan.i0,
    nrnd: plan.nrnd,
  };
  return scOracleRun(spec, referenceBits(plan.prng, plan.n, plan.lanes, scReadSeed(plan.seed, read)), plan.cycles);
}

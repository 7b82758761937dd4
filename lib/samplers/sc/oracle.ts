/**
 * The SC model's specification docs/sc-model.md transcribed literally, as the oracle of the kernel tests
 * (test/samplers-sc.test.ts: scalar kernel; test/samplers-sc-packed.test.ts: read-packed WebAssembly kernel).
 */
import { IsingModel } from '../../ising';
import { GaloisLfsr32, Xorshift64p, hashSeed } from '../../rng';
import type { ScOptions } from './options';
import { planSc } from './plan';
import { scReadSeed } from './prng';
import { spinsToHex } from './trace';

/**
 * Slow reference: the spec read literally. Objects from lib/rng, every field recomputed from scratch, no
 * incremental state. Returns the spin vector after every cycle (hex) for read `read` (default 0).
 */
export function referenceRun(model: IsingModel, options: ScOptions, read = 0): string[] {
  const plan = planSc(model, options);
  const { n, cycles } = plan;
  const L = plan.lanes;
  const rs = scReadSeed(plan.seed, read);
  type Gen = { step(): void; bit(i: number, k: number): number };
  let gen: Gen;
  if (plan.prng === 'xorshift64p') {
    const G = Math.ceil(n / 64);
    const xs = Array.from(
      { length: L * G },
      (_, q) => new Xorshift64p(hashSeed(rs, Math.floor(q / G) * 2 ** 20 + (q % G), 4)),
    );
    gen = {
      step: () => xs.forEach((x) => x.next64()),
      bit: (i, k) => {
        const x = xs[k * G + Math.floor(i / 64)];
        const b = i % 64;
        return b < 32 ? (x.lo >>> b) & 1 : (x.hi >>> (b - 32)) & 1;
      },
    };
  } else if (plan.prng === 'per-spin') {
    const xs = Array.from({ length: n }, (_, i) => new Xorshift64p(hashSeed(rs, i, 4)));
    gen = {
      step: () => xs.forEach((x) => x.next64()),
      bit: (i, k) => (k < 32 ? (xs[i].hi >>> (31 - k)) & 1 : (xs[i].lo >>> (63 - k)) & 1),
    };
  } else {
    const G = Math.ceil(n / 32);
    const zs = Array.from(
      { length: L * G },
      (_, q) => new GaloisLfsr32(hashSeed(rs, Math.floor(q / G) * 2 ** 20 + (q % G), 1)[0] || 1),
    );
    gen = {
      step: () => zs.forEach((z) => z.step()),
      bit: (i, k) => (zs[k * G + Math.floor(i / 32)].register >>> (i % 32)) & 1,
    };
  }
  const hOf = (i: number): number => plan.h[i];
  const J = (i: number, j: number): number => {
    for (const [a, b, w] of plan.edges) if ((a === i && b === j) || (a === j && b === i)) return w;
    return 0;
  };
  const itanh = new Array<number>(n).fill(0);
  if (plan.init === 'random') {
    gen.step();
    for (let i = 0; i < n; i++) itanh[i] = gen.bit(i, 0) ? 0 : -1;
  }
  const spin = (i: number): number => (plan.clampOf[i] !== 0 ? plan.clampOf[i] : itanh[i] >= 0 ? 1 : -1);
  const out: string[] = [spinsToHex(Array.from({ length: n }, (_, i) => spin(i)))];
  const F = plan.widths.fieldBits;
  // docs §2.1: a chromatic cycle updates the colour classes in turn, each from the state before it.
  const colorOf = plan.colorOf;
  const numPhases = colorOf ? Math.max(...colorOf) + 1 : 1;
  for (let t = 0; t < cycles; t++) {
    gen.step();
    for (let phase = 0; phase < numPhases; phase++) {
      const m = Array.from({ length: n }, (_, i) => spin(i));
      const next = [...itanh];
      for (let i = 0; i < n; i++) {
        if (plan.clampOf[i] !== 0 || (colorOf !== null && colorOf[i] !== phase)) continue;
        const nr = plan.nrnd[t];
        const b = gen.bit(i, 0);
        let u = 0;
        for (let k = 1; k < L; k++) u += gen.bit(i, k) * 2 ** (k - 1);
        let noise: number;
        if (plan.noiseKind === 'dense') noise = b ? nr : -nr;
        else if (plan.noiseKind === 'sparse') noise = u < plan.sparseThreshold ? 0 : b ? nr : -nr;
        else noise = (b ? 1 : -1) * Math.floor(((nr + 1) * u) / 2 ** plan.resolutionBits);
        let I = hOf(i) + noise;
        for (let j = 0; j < n; j++) if (j !== i) I += J(i, j) * m[j];
        if (plan.widths.fieldOverflow === 'wrap')
          I = ((((I + 2 ** (F - 1)) % 2 ** F) + 2 ** F) % 2 ** F) - 2 ** (F - 1);
        else I = Math.min(Math.max(I, -(2 ** (F - 1))), 2 ** (F - 1) - 1);
        const i0 = plan.i0[t];
        next[i] = Math.min(Math.max(itanh[i] + I, -i0), i0 - 1);
      }
      for (let i = 0; i < n; i++) itanh[i] = next[i];
    }
    out.push(spinsToHex(Array.from({ length: n }, (_, i) => spin(i))));
  }
  return out;
}

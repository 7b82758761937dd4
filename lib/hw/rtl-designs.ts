/**
 * The benchmark designs of the RTL export (issue 9): the circuits whose RTL is co-simulated against the SC
 * simulator and synthesised with yosys, by name. Each is an IsingModel from lib/logic with its clamps.
 *
 *   and            AND gate (3 spins; Smithson Table 3 row "AND")
 *   fa             full adder (5 spins; Table 3 "Full adder")
 *   rca<N>         N-bit ripple-carry adder, free (rca32: Table 3 "32-bit ripple-carry adder")
 *   mult<N>        N x N array multiplier, free
 *   mult<N>-fwd    ... inputs clamped (a = 3, b = 6 for N = 4, Smithson Fig. 11; else a = 2^N - 1, b = 2^(N-1) + 1)
 *   mult<N>-bwd    ... product clamped (143 = 11 x 13 for N = 4; else (2^N - 1)(2^N - 3)) — factorisation
 *   neuron<I>x<K>  binarized-neuron training circuit: I inputs, K clamped samples sharing the weights
 *                  (lib/logic neuronTrainingCircuit); samples drawn with a fixed seed and labelled by a fixed
 *                  teacher weight vector, so a consistent weight vector exists
 */
import { InvlogicError } from '../errors';
import type { IsingModel } from '../ising';
import {
  arrayMultiplier,
  gate,
  gateToModel,
  neuronForward,
  neuronTrainingCircuit,
  rippleCarryAdder,
  type TrainingSample,
} from '../logic';
import { Xoshiro128ss } from '../rng';

export interface RtlBenchDesign {
  name: string;
  model: IsingModel;
  /** What the design is, in a few words. */
  title: string;
  /** Circuit family and size for tables: e.g. {family: 'neuron', inputs: 4, samples: 8}. */
  meta: Record<string, number | string>;
}

const DESIGN_PATTERN = /^(and|fa|rca(\d+)|mult(\d+)(-fwd|-bwd)?|neuron(\d+)x(\d+))$/;

/** Bits of value v (LSB first) as a clamp record on wires prefix0..prefix{bits-1}. */
function clampValue(prefix: string, v: number, bits: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < bits; i++) out[`${prefix}${i}`] = Math.floor(v / 2 ** i) % 2;
  return out;
}

/** Training samples for neuron<I>x<K>: x uniform in {-1,+1}^I (seeded), y = the teacher's output. */
export function neuronSamples(inputs: number, samples: number, seed = 1): TrainingSample[] {
  const rng = Xoshiro128ss.fromSeed(`rtl-neuron:${inputs}:${samples}:${seed}`);
  const teacher = Array.from({ length: inputs }, (_, i) => (i % 3 === 1 ? -1 : 1));
  const out: TrainingSample[] = [];
  for (let k = 0; k < samples; k++) {
    const x = Array.from({ length: inputs }, () => (rng.nextU32() & 1 ? 1 : -1));
    out.push({ x, y: neuronForward(teacher, x) });
  }
  return out;
}

/** The design called `name` (see the module comment for the names). */
export function rtlBenchDesign(name: string): RtlBenchDesign {
  const m = DESIGN_PATTERN.exec(name);
  if (!m) {
    throw new InvlogicError(
      `unknown design '${name}'; use and, fa, rca<N>, mult<N>[-fwd|-bwd], neuron<I>x<K> (e.g. rca32, mult4-bwd, neuron4x8)`,
      'design',
    );
  }
  if (name === 'and') return { name, model: gateToModel(gate('AND')), title: 'AND gate', meta: { family: 'gate' } };
  if (name === 'fa') return { name, model: gateToModel(gate('FA')), title: 'full adder', meta: { family: 'gate' } };
  if (m[2] !== undefined) {
    const bits = Number(m[2]);
    if (bits < 1 || bits > 64) throw new InvlogicError(`rca<N>: N must be in [1, 64], got ${bits}`, 'design');
    return {
      name,
      model: rippleCarryAdder(bits).toModel(),
      title: `${bits}-bit ripple-carry adder`,
      meta: { family: 'adder', bits },
    };
  }
  if (m[3] !== undefined) {
    const bits = Number(m[3]);
    if (bits < 2 || bits > 8) throw new InvlogicError(`mult<N>: N must be in [2, 8], got ${bits}`, 'design');
    const c = arrayMultiplier(bits);
    let title = `${bits}x${bits} multiplier`;
    const meta: Record<string, number | string> = { family: 'multiplier', bits };
    if (m[4] === '-fwd') {
      const [a, b] = bits === 4 ? [3, 6] : [2 ** bits - 1, 2 ** (bits - 1) + 1];
      c.clampBits({ ...clampValue('a', a, bits), ...clampValue('b', b, bits) });
      title += `, forward ${a} x ${b}`;
      meta.mode = 'forward';
    } else if (m[4] === '-bwd') {
      const p = bits === 4 ? 143 : (2 ** bits - 1) * (2 ** bits - 3);
      c.clampBits(clampValue('p', p, 2 * bits));
      title += `, backward (factor ${p})`;
      meta.mode = 'backward';
    }
    return { name, model: c.toModel(), title, meta };
  }
  const inputs = Number(m[5]);
  const samples = Number(m[6]);
  if (inputs < 1 || inputs > 64 || samples < 1 || samples > 64) {
    throw new InvlogicError(`neuron<I>x<K>: I and K must be in [1, 64], got ${inputs}x${samples}`, 'design');
  }
  const tc = neuronTrainingCircuit(inputs, neuronSamples(inputs, samples));
  return {
    name,
    model: tc.model,
    title: `binarized-neuron training circuit, ${inputs} inputs, ${samples} clamped samples`,
    meta: { family: 'neuron', inputs, samples },
  };
}

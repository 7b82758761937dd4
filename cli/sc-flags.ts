/**
 * The SC spin-gate model's option text on the command line: parsed flag values (by flag name, as cli/args
 * returns them; the flags themselves come from lib/samplers/sc-option-schema.ts through ./option-flags.ts)
 * -> ScOptions. Used by `invlogic sample --sampler sc` and by `invlogic rtl`, so both read SC options the same
 * way.
 *
 *   invlogic sample MODEL.json --sampler sc --cycles N --reads R --seed X [--clamp NAME=1 ...] [--noise A]
 *     [--noise-kind dense|sparse:F|uniform] [--i0 MIN:MAX] [--tau T] [--iters K] [--itanh-bits B]
 *     [--weight-bits B] [--prng xorshift64p|per-spin|lfsr] [--update synchronous|chromatic] [--trace FILE]
 */
import { InvlogicError } from '../lib/errors';
import type { Seed } from '../lib/rng';
import type { CommonSampleArgs } from '../lib/samplers/options';
import { parseScheduleText, type ScheduleSpec } from '../lib/samplers/schedule';
import {
  SC_DEFAULTS,
  defaultI0,
  type ScNoiseAmplitude,
  type ScOptions,
  type ScUpdate,
} from '../lib/samplers/sc/options';

function parseNoise(text: string): ScNoiseAmplitude {
  if (text.includes(',')) {
    const values = text.split(',').map((s) => {
      const v = Number(s);
      if (s.trim() === '' || !Number.isInteger(v))
        throw new InvlogicError(`--noise: "${s}" in "${text}" is not an integer`, '--noise');
      return v;
    });
    return { kind: 'steps', values };
  }
  if (text.includes(':')) return parseScheduleText(text, '--noise');
  const v = Number(text);
  if (text.trim() === '' || !Number.isInteger(v)) {
    throw new InvlogicError(`--noise must be an integer A, a list A,B,... or a schedule, got "${text}"`, '--noise');
  }
  return v;
}

function parseI0(text: string, iters: number): number | ScheduleSpec {
  const parts = text.split(':');
  const num = (s: string): number => {
    const v = Number(s);
    if (s.trim() === '' || !Number.isFinite(v))
      throw new InvlogicError(`--i0 must be I0 or MIN:MAX (numbers), got "${text}"`, '--i0');
    return v;
  };
  if (parts.length === 1) {
    if (iters > 1)
      throw new InvlogicError(`--iters ${iters} needs an I0 ramp --i0 MIN:MAX, got --i0 ${text}`, '--iters');
    return num(parts[0]);
  }
  if (parts.length !== 2) throw new InvlogicError(`--i0 must be I0 or MIN:MAX, got "${text}"`, '--i0');
  const ramp = { kind: 'geometric' as const, from: num(parts[0]), to: num(parts[1]) };
  if (ramp.from > ramp.to) {
    throw new InvlogicError(
      `--i0 MIN:MAX needs MIN <= MAX (I0 ramps up), got MIN ${ramp.from} > MAX ${ramp.to}`,
      '--i0',
    );
  }
  return iters > 1 ? { kind: 'sawtooth', ramp, iterations: iters } : ramp;
}

/**
 * Parsed SC flag values (by flag name) -> ScOptions. `common` carries
 * --reads, --seed and --schedule (used as the I0 schedule; not together with --i0).
 */
export function scOptionsFromFlags(
  flags: Readonly<Record<string, unknown>>,
  common?: Partial<CommonSampleArgs>,
): ScOptions {
  const get = <T>(name: string): T | undefined => flags[name] as T | undefined;
  const opts: ScOptions = {};
  if (common?.numReads !== undefined) opts.numReads = common.numReads;
  if (common?.seed !== undefined) opts.seed = common.seed as Seed;
  if (get<number>('cycles') !== undefined) opts.cycles = get<number>('cycles');
  const iters = get<number>('iters') ?? 1;
  const i0 = get<string>('i0');
  if (common?.schedule !== undefined) {
    if (i0 !== undefined) throw new InvlogicError('give either --i0 or --schedule, not both', '--i0');
    opts.i0 = common.schedule;
  } else if (i0 !== undefined) opts.i0 = parseI0(i0, iters);
  else if (iters > 1) {
    const itanhBits = get<number>('itanh-bits') ?? SC_DEFAULTS.itanhBits;
    const ramp = defaultI0(itanhBits) as { kind: 'geometric'; from: number; to: number };
    opts.i0 = { kind: 'sawtooth', ramp, iterations: iters };
  }
  if (get('tau') !== undefined) opts.tau = get<number>('tau');
  if (get('noise') !== undefined) opts.noise = parseNoise(get<string>('noise')!);
  const kind = get<string>('noise-kind');
  if (kind !== undefined) {
    if (kind === 'dense' || kind === 'uniform') opts.noiseKind = kind;
    else if (kind === 'sparse' || kind.startsWith('sparse:')) {
      opts.noiseKind = 'sparse';
      if (kind !== 'sparse') {
        const f = Number(kind.slice(7));
        if (kind.slice(7).trim() === '' || !Number.isFinite(f) || f < 0 || f > 1) {
          throw new InvlogicError(`--noise-kind sparse:F needs F in [0, 1], got "${kind}"`, '--noise-kind');
        }
        opts.sparsity = f;
      }
    } else throw new InvlogicError(`--noise-kind must be dense, sparse:F or uniform, got "${kind}"`, '--noise-kind');
  }
  const num = (flag: string, key: keyof ScOptions): void => {
    if (get(flag) !== undefined) (opts as Record<string, unknown>)[key] = get<number>(flag);
  };
  num('resolution-bits', 'resolutionBits');
  num('itanh-bits', 'itanhBits');
  num('weight-bits', 'weightBits');
  num('bias-bits', 'biasBits');
  num('noise-bits', 'noiseBits');
  num('field-bits', 'fieldBits');
  num('scale', 'coefficientScale');
  if (get('field-overflow') !== undefined) opts.fieldOverflow = get<'saturate' | 'wrap'>('field-overflow');
  if (get('round') === true) opts.roundCoefficients = true;
  if (get('prng') !== undefined) opts.prng = get<ScOptions['prng']>('prng');
  if (get('init') !== undefined) opts.init = get<'random' | 'zero'>('init');
  if (get('update') !== undefined) opts.update = get<ScUpdate>('update');
  const readout = get<string>('readout');
  if (readout !== undefined && readout !== 'final') {
    const m = /^(majority|mode):(\d+)$/.exec(readout);
    if (!m) throw new InvlogicError(`--readout must be final, majority:W or mode:W, got "${readout}"`, '--readout');
    opts.readout = { kind: m[1] as 'majority' | 'mode', window: Number(m[2]) };
  }
  const valid = get<string>('valid');
  const ground = get<number>('ground-energy');
  const target = get<string[]>('target') ?? [];
  if ([valid !== undefined && valid !== 'auto', ground !== undefined, target.length > 0].filter(Boolean).length > 1) {
    throw new InvlogicError('give at most one of --valid ground|none, --ground-energy, --target', '--valid');
  }
  if (valid === 'ground' || valid === 'none') opts.valid = valid;
  if (ground !== undefined) opts.valid = { groundEnergy: ground };
  if (target.length > 0) {
    const t: Record<string, number> = {};
    for (const item of target) {
      const m = /^([^=]+)=(-?\d+)$/.exec(item);
      if (!m || ![-1, 0, 1].includes(Number(m[2])))
        throw new InvlogicError(`--target must be NAME=1, NAME=0 or NAME=-1, got "${item}"`, '--target');
      t[m[1]] = Number(m[2]);
    }
    opts.valid = { target: t };
  }
  if (get('stop-on-valid') === true) opts.stopOnValid = true;
  const trace = get<string>('trace');
  if (trace !== undefined)
    opts.trace = { file: trace, reads: get<number>('trace-reads') ?? 1, itanh: get('trace-itanh') === true };
  else if (get('trace-itanh') === true) throw new InvlogicError('--trace-itanh needs --trace FILE', '--trace-itanh');
  return opts;
}

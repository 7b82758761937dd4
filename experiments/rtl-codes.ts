/**
 * Issue 23, the part of the headline method's conv layer that is in RTL today: the SC spin-gate array of one
 * conv batch circuit of `invertible-codes` (lib/bnn/invertible/codes.ts pooledCodeCircuit: K pooled examples,
 * four conv units each sharing the kernel and bias spins, target -1 units off, target +1 units into a clamped
 * OR), exported by the generic generator (lib/hw/rtl.ts: the circuit's coefficients are constants of the
 * netlist, the `one` spin a clamp port), co-simulated every cycle and spin against lib/samplers/sc.ts with the
 * SC options the run uses (sigma-relative levels, synchronous update), and synthesised with yosys. This is the
 * array of one batch circuit, NOT a trainer: the loading of the examples into the coefficients, the combine
 * and the channel loop are not in it (docs/rtl.md, "Not yet in the RTL").
 *
 * The examples: the first K pooled examples of channel `channel` in the run's seeded pick
 * (pooledExamples(problem, convPatches, `${seed}/conv${channel}`)), targets from the run's label codes.
 */
import { getMethod, resolveMethodOptions, type BcnnRunConfig } from '../lib/bnn';
import { bcnnConfigOf } from '../lib/bnn/run';
import { bcnnShapes } from '../lib/bnn/bcnn';
import {
  labelCodes,
  pooledCodeCircuit,
  pooledExamples,
  type InvertibleCodesOptions,
} from '../lib/bnn/invertible/codes';
import { loadModifiedMnist } from '../lib/data';
import { InvlogicError, requireInt } from '../lib/errors';
import type { IsingModel } from '../lib/ising';
import { relativeAnnealOf, scaledScOptions } from '../lib/samplers/autoscale';
import type { ScOptions } from '../lib/samplers/sc';
import { config as headline } from './configs/paper-bcnn-2class';

export interface CodesConvCircuit {
  model: IsingModel;
  /** The SC options of the run's scaled sampler for this circuit (cycles possibly reduced), seed included. */
  scOptions: ScOptions;
  info: {
    config: string;
    channel: number;
    samples: number;
    targets: number[];
    spins: number;
    couplings: number;
    weights: number;
    cycles: number;
  };
}

/**
 * The conv batch circuit of `samples` pooled examples of the headline configuration (paper-bcnn-2class), as
 * the run builds it; `cycles` overrides the anneal length (default: the run's).
 */
export function codesConvCircuit(
  o: { run?: BcnnRunConfig; seed?: number; channel?: number; samples?: number; cycles?: number } = {},
): CodesConvCircuit {
  const run = o.run ?? headline;
  const seed = o.seed ?? run.seed ?? 1;
  const method = getMethod('bcnn', 'invertible-codes');
  // The conv options of the run (its default method may add FC options of its own; the conv layer is invertible-codes').
  const convOptions = Object.fromEntries(Object.entries(run.methodOptions ?? {}).filter(([k]) => k in method.options));
  const opts = resolveMethodOptions(method, convOptions) as unknown as InvertibleCodesOptions;
  const data = run.data as { size: number; threshold: number; classes: number[]; testFraction: number; seed: number };
  const ds = loadModifiedMnist(data);
  const config = bcnnConfigOf(run, data.size, data.classes.length);
  const C = config.channels;
  const channel = requireInt('channel', o.channel ?? 0, 0, C - 1);
  const K = requireInt('samples', o.samples ?? opts.convSamplesPerBatch, 1, 4096);
  const problem = { config, train: ds.train, seed };
  const ex = pooledExamples(problem, opts.convPatches, `${String(seed)}/conv${channel}`);
  if (ex.n < K) throw new InvlogicError(`only ${ex.n} pooled examples, asked for ${K}`, 'samples');
  const M = config.numClasses;
  const codes = labelCodes(C, M, seed);
  const { kernelTaps: taps } = bcnnShapes(config);
  const rows: Int8Array[] = [];
  const labels = new Int8Array(K);
  for (let e = 0; e < K; e++) {
    rows.push(ex.x.subarray(e * ex.dim, (e + 1) * ex.dim));
    labels[e] = codes[channel * M + ds.train.y[ex.image[e]]];
  }
  const P = config.pool;
  const circuit = pooledCodeCircuit(taps, P * P, opts.convBiasSpins, opts.convMargin)(rows, labels, false);
  const anneal = { ...relativeAnnealOf(opts), cycles: o.cycles ?? opts.cycles };
  const scOptions: ScOptions = {
    ...(scaledScOptions(circuit.model, anneal) as ScOptions),
    update: opts.scUpdate as ScOptions['update'],
    seed: `${String(seed)}/conv${channel}/0`,
  };
  return {
    model: circuit.model,
    scOptions,
    info: {
      config: run.name,
      channel,
      samples: K,
      targets: Array.from(labels),
      spins: circuit.model.n,
      couplings: circuit.model.numEdges,
      weights: circuit.weights.length,
      cycles: anneal.cycles,
    },
  };
}

/**
 * The experiment registry: `invlogic sweep NAME`, `npm run paper` and the notebooks find experiments here.
 * To register yours: add one import line and one entry to EXPERIMENTS (keep one entry per line so
 * concurrent edits merge cleanly). An experiment with a `paper` section is run by `npm run paper` in
 * ascending `paper.order`. See docs/experiments.md.
 */
import { InvlogicError } from '../lib/errors';
import type { Experiment } from '../lib/sweep';
import { gateOccupancy } from './gate-occupancy';
import { bnnBaselines } from './bnn-baselines';
import { invertiblePerceptron } from './invertible-perceptron';
import { invertibleBcnn } from './invertible-bcnn';
import { rtlSynthesis } from './rtl-synthesis';
import { rtlCosim } from './rtl-cosim';
import { scFactoring } from './sc-factoring';
import { scAblations, scVsExact } from './sc-ablations';
import { hardwareEfficiency } from './hardware-efficiency';
import { paperHeadline } from './paper-headline';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each experiment has its own config/result types
export type AnyExperiment = Experiment<any, any>;

export const EXPERIMENTS: readonly AnyExperiment[] = [
  gateOccupancy,
  bnnBaselines,
  invertiblePerceptron,
  invertibleBcnn,
  rtlSynthesis,
  rtlCosim,
  scFactoring,
  scAblations,
  scVsExact,
  hardwareEfficiency,
  paperHeadline,
];

export function experimentNames(): string[] {
  return EXPERIMENTS.map((e) => e.name).sort();
}

/** The experiment called `name`, or an InvlogicError listing the registered names. */
export function getExperiment(name: string): AnyExperiment {
  const exp = EXPERIMENTS.find((e) => e.name === name);
  if (!exp)
    throw new InvlogicError(`unknown experiment '${name}'; registered: ${experimentNames().join(', ')}`, 'EXPERIMENT');
  return exp;
}

/** Experiments that are part of `npm run paper`, in run order. */
export function paperExperiments(): AnyExperiment[] {
  return EXPERIMENTS.filter((e) => e.paper !== undefined).sort(
    (a, b) => a.paper!.order - b.paper!.order || a.name.localeCompare(b.name),
  );
}

// Registry sanity: names unique (caught at import, i.e. by every test that loads the registry).
{
  const seen = new Set<string>();
  for (const e of EXPERIMENTS) {
    if (seen.has(e.name)) throw new Error(`experiments/index.ts: experiment name '${e.name}' registered twice`);
    seen.add(e.name);
  }
}

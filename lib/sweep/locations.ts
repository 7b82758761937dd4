/**
 * One place for results files, shared by `npm run paper`, `invlogic sweep` and the notebooks, so that each
 * reuses the points the others finished:
 *
 *   full scale   figures/data/<experiment>.jsonl              (what `npm run paper` writes; git-ignored)
 *   quick scale  build/paper-quick/data/<experiment>.jsonl    (what `npm run paper -- --quick` writes)
 *
 * A shard of a sweep goes beside it as `<experiment>.shard-<i>-of-<N>.jsonl`. Paths are relative to the
 * checkout root (`root`, default the current directory: the CLI and the notebook kernel run there).
 */
import * as path from 'path';
import type { Shard } from './plan';

/** Output directory of `npm run paper` at each scale, relative to the checkout root. */
export const PAPER_OUT_DIRS = { full: 'figures', quick: path.join('build', 'paper-quick') } as const;

export interface ResultsFileOptions {
  quick: boolean;
  shard?: Shard;
  /** Checkout root (default: relative paths). */
  root?: string;
}

/** The paper's output directory at this scale. */
export function paperOutDir(quick: boolean, root = ''): string {
  return path.join(root, quick ? PAPER_OUT_DIRS.quick : PAPER_OUT_DIRS.full);
}

/** The shared results file of `experiment` at this scale (see the file comment). */
export function resultsFile(experiment: string, options: ResultsFileOptions): string {
  const shard = options.shard ? `.shard-${options.shard.index}-of-${options.shard.count}` : '';
  return path.join(paperOutDir(options.quick, options.root ?? ''), 'data', `${experiment}${shard}.jsonl`);
}

/** The committed flat CSV of `experiment` (written by `npm run paper` beside the results file). */
export function resultsCsvFile(experiment: string, options: { quick: boolean; root?: string }): string {
  return path.join(paperOutDir(options.quick, options.root ?? ''), 'data', `${experiment}.csv`);
}

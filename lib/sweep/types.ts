/**
 * What an experiment is: a typed config with defaults, a run function for one point, the default sweep over
 * its parameters, and (for the paper) a report that turns the sweep's rows into figures, CSV tables and claims.
 *
 *   export const andOccupancy = defineExperiment({
 *     name: 'and-occupancy', version: 1, module: __filename, title: '...', description: '...',
 *     defaults: { beta: 1, seed: 1 },
 *     sweep: { grid: { beta: [0.5, 1, 2], seed: [1, 2, 3] } },
 *     run(config) { return { pValid: ... } },
 *   });
 *
 * `module: __filename` lets worker threads load the experiment by path. Configs and results are plain JSON
 * (numbers finite); the config's canonical hash is its key in the results file.
 */
import type { PlotlyFigure } from '../viz/figure';
import type { Json } from './canonical';

/** A config or result object: plain JSON data. */
export type JsonObject = { [key: string]: Json };

/**
 * Parameter values to combine. Keys are config fields, or dot paths into nested fields ('schedule.to').
 * `grid` is a Cartesian product; `list` is a list of explicit overrides; with both, every list entry is
 * combined with every grid point. Neither: the single default point.
 */
export interface SweepSpec {
  grid?: Record<string, readonly Json[]>;
  list?: ReadonlyArray<Record<string, Json>>;
}

export interface RunContext {
  /** The point's config key (stable across runs). */
  key: string;
  /** True when the sweep runs at quick (CI) scale. */
  quick: boolean;
}

/** A paper claim beside our measurement, one row of figures/README.md. */
export interface Claim {
  /** What is claimed, e.g. 'training energy efficiency vs CPU'. */
  claim: string;
  /** The paper's value as text, e.g. '≈134×'. */
  paperValue: string;
  /** Provenance tag from the paper brief: '[ABS]', '[FT: Smithson TCAS-I 2019]', '[INF]', ... */
  source: string;
  /** Our measured value as text, with its unit and spread. */
  ourValue: string;
  /** Command that reproduces ourValue (default: the paper command for this experiment). */
  command?: string;
  /** Where and why we deviate, or which reconstruction the number depends on. */
  note?: string;
}

export interface PaperFigure {
  /** File stem: the figure is written as `<experiment>-<name>.html/.png`. Must be declared in `paper.figures`. */
  name: string;
  figure: PlotlyFigure;
  /** One sentence under the figure in figures/README.md. */
  caption?: string;
}

export interface PaperTable {
  /** File stem: written as `data/<experiment>-<name>.csv`. Must be declared in `paper.tables`. */
  name: string;
  rows: ReadonlyArray<Record<string, Json>>;
}

export interface PaperReport {
  figures: PaperFigure[];
  tables: PaperTable[];
  claims: Claim[];
  /** Free-text remarks printed into figures/README.md under the experiment's heading. */
  notes?: string[];
}

export interface ReportContext {
  quick: boolean;
  /** The command that regenerates this experiment's outputs (for claims without their own). */
  command: string;
}

/** One finished point as stored (one JSONL line) and as returned by the runner. */
export interface ResultRow<C extends object = JsonObject, R extends object = JsonObject> {
  key: string;
  experiment: string;
  version: number;
  config: C;
  result: R;
  /** Wall-clock seconds the point took in its worker. */
  timeS: number;
  /** ISO-8601 UTC time the point finished. */
  finishedAt: string;
}

export interface PaperSpec<C extends object, R extends object> {
  /** Position in `npm run paper` (ascending; ties by name). */
  order: number;
  /** Figure names the report must produce (CI checks the files exist). */
  figures: readonly string[];
  /** Table names the report must produce. */
  tables: readonly string[];
  report(rows: ReadonlyArray<ResultRow<C, R>>, ctx: ReportContext): PaperReport | Promise<PaperReport>;
}

export interface Experiment<C extends object = JsonObject, R extends object = JsonObject> {
  /** kebab-case, unique; the CLI name. */
  name: string;
  /** Bump when `run` changes meaning: old results then stop matching (their keys include the version). */
  version: number;
  /** Absolute path of the file that exports this experiment (`__filename`), for worker threads. */
  module: string;
  title: string;
  description: string;
  /** The full-scale default config (every field present). */
  defaults: C;
  /** Field overrides applied at quick scale (CI, notebooks with INVLOGIC_QUICK=1). */
  quick?: Partial<C>;
  /** The default sweep at full scale. */
  sweep: SweepSpec;
  /** The default sweep at quick scale (default: `sweep`). */
  quickSweep?: SweepSpec;
  /** Throws an InvlogicError naming the bad field; called on every point before anything runs. */
  validate?(config: C): void;
  /**
   * Relative cost estimate of one point (any unit, only ratios matter; default 1), used to balance shards
   * (`--balance cost`, `invlogic slurm submit`). Must be finite and > 0.
   */
  cost?(config: C): number;
  /** Runs one point. Deterministic given the config (seeds are config fields). Result: plain JSON. */
  run(config: C, ctx: RunContext): R | Promise<R>;
  /** Present when the experiment is part of `npm run paper`. */
  paper?: PaperSpec<C, R>;
}

/** Identity function that checks the declaration's shape and keeps its types. */
export function defineExperiment<C extends object, R extends object>(experiment: Experiment<C, R>): Experiment<C, R> {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(experiment.name)) {
    throw new Error(`experiment name '${experiment.name}' must be kebab-case`);
  }
  if (!Number.isSafeInteger(experiment.version) || experiment.version < 1) {
    throw new Error(`experiment ${experiment.name}: version must be a positive integer`);
  }
  if (typeof experiment.module !== 'string' || !/\.(ts|js)$/.test(experiment.module)) {
    throw new Error(`experiment ${experiment.name}: module must be __filename of its file`);
  }
  return experiment;
}

export { defineExperiment } from './types';
export type {
  Experiment,
  SweepSpec,
  RunContext,
  Claim,
  PaperFigure,
  PaperTable,
  PaperReport,
  PaperSpec,
  ReportContext,
  ResultRow,
  JsonObject,
} from './types';
export { canonicalJson, configKey, sha256Hex, toJsonData } from './canonical';
export type { Json } from './canonical';
export {
  planSweep,
  quickFromEnv,
  parseShard,
  inShard,
  parseGridItem,
  listPaths,
  baseConfig,
  defaultSweep,
  setPath,
  costBalancedShards,
  pointCost,
  SHARD_BALANCES,
} from './plan';
export type { PlannedPoint, Shard, PlanOptions, ShardBalance } from './plan';
export {
  readResults,
  parseResults,
  resultLine,
  validateRow,
  mergeResultFiles,
  openForAppend,
  appendRow,
  acquireLock,
  notResultsFileReason,
  foreignResultsReason,
} from './results';
export type { ReadResults, MergeReport } from './results';
export { runSweep, dispatchOrder, assertNoFailures, resolveSourceFile, formatEta, PROGRESS_MODES } from './runner';
export type { SweepOptions, SweepOutcome, PointFailure, ProgressMode } from './runner';
export { flattenRow, flattenRows, toCsv, toDataFrame, loadDataFrame } from './dataframe';
export type { FlatRow, Cell, DataFrame } from './dataframe';
export { loadExperiment } from './point-worker';
export { resultsFile, resultsCsvFile, paperOutDir, PAPER_OUT_DIRS } from './locations';
export type { ResultsFileOptions } from './locations';
export { rowsFromCsv, parseCsv } from './csv-rows';
export { notebookSweep, fullScaleCost, paperSecondsPerPoint } from './notebook';
export type { NotebookSweepOptions, NotebookSweepOutcome, FullScaleCost } from './notebook';

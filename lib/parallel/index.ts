export { createPool, defaultJobs, reviveError } from './pool';
export type { PoolOptions, TaskPool } from './pool';
export { splitCounts } from './split';

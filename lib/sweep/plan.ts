/**
 * Sweep planning: defaults + quick overrides + (list x grid) -> the ordered, de-duplicated list of points with
 * their keys, and the deterministic share of them that `--shard i/N` runs (round-robin by plan index, or
 * cost-balanced by the experiment's per-point cost estimate).
 */
import { InvlogicError, requireInt } from '../errors';
import { canonicalJson, configKey, type Json } from './canonical';
import type { Experiment, SweepSpec } from './types';

export interface PlannedPoint<C> {
  key: string;
  /** Position in the full (unsharded) plan. */
  index: number;
  config: C;
}

/** How points are dealt to shards: round-robin by plan index, or greedy by estimated cost (`costBalancedShards`). */
export type ShardBalance = 'round-robin' | 'cost';
export const SHARD_BALANCES: readonly ShardBalance[] = ['round-robin', 'cost'];

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
  /** Default 'round-robin'. */
  balance?: ShardBalance;
}

/** Parses 'i/N' (1 <= i <= N). */
export function parseShard(text: string, parameter = '--shard'): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new InvlogicError(`${parameter} must look like i/N (e.g. 2/4), got '${text}'`, parameter);
  const count = requireInt(`${parameter} N`, Number(m[2]), 1, 1_000_000);
  const index = requireInt(`${parameter} i`, Number(m[1]), 1, count);
  return { index, count };
}

/**
 * Shard i of N takes the points whose plan index is congruent to i - 1 mod N: every point in exactly one
 * shard, shard sizes differ by at most one, and expensive regions of a grid are spread over all shards.
 */
export function inShard(index: number, shard: Shard | undefined): boolean {
  return shard === undefined || index % shard.count === shard.index - 1;
}

/**
 * Greedy longest-processing-time assignment (Graham 1969): points in descending estimated cost (ties: plan
 * order) each go to the shard with the least estimated cost so far (ties: the lowest shard). Deterministic;
 * every point in exactly one shard; the largest shard total is at most the mean shard total plus the largest
 * point cost, and at most (4/3 - 1/(3N)) times the best possible. Returns the 0-based shard of each point.
 */
export function costBalancedShards(costs: readonly number[], count: number): Int32Array {
  requireInt('shard count', count, 1, 1_000_000);
  const order = costs.map((_, i) => i).sort((a, b) => costs[b] - costs[a] || a - b);
  const load = new Float64Array(count);
  const shardOf = new Int32Array(costs.length);
  for (const i of order) {
    let best = 0;
    for (let s = 1; s < count; s++) if (load[s] < load[best]) best = s;
    shardOf[i] = best;
    load[best] += costs[i];
  }
  return shardOf;
}

/** The experiment's cost estimate of one point (`experiment.cost`, default 1): finite and > 0, else an error. */
export function pointCost<C extends object>(experiment: Experiment<C, object>, config: C): number {
  const c = experiment.cost ? experiment.cost(config) : 1;
  if (typeof c !== 'number' || !Number.isFinite(c) || c <= 0) {
    throw new Error(`experiment ${experiment.name}: cost(config) must be a finite number > 0, got ${String(c)}`);
  }
  return c;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/**
 * Sets `path` ('a.b.c') in `config` to `value`. The path must exist in the defaults and the value must have
 * the same JSON kind as the default there (number, string, boolean, array, object), except that a null default
 * accepts anything.
 */
export function setPath(config: Record<string, unknown>, path: string, value: Json, experiment: string): void {
  const parts = path.split('.');
  let obj: Record<string, unknown> = config;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj) || !Object.hasOwn(obj, part)) {
      const where = parts.slice(0, i).join('.');
      const known = obj && typeof obj === 'object' ? Object.keys(obj).join(', ') : '(not an object)';
      throw new InvlogicError(
        `${experiment} has no parameter '${path}'${where ? ` (inside '${where}')` : ''}; known: ${known}`,
        path,
      );
    }
    if (i === parts.length - 1) {
      const old = obj[part];
      if (old !== null && kindOf(old) !== kindOf(value)) {
        throw new InvlogicError(
          `${experiment}.${path} must be a ${kindOf(old)} (default ${JSON.stringify(old)}), got ${JSON.stringify(value)}`,
          path,
        );
      }
      obj[part] = clone(value);
    } else {
      obj = obj[part] as Record<string, unknown>;
    }
  }
}

/** The sweep an experiment runs by default at the given scale. */
export function defaultSweep(experiment: Experiment<object, object>, quick: boolean): SweepSpec {
  return quick ? (experiment.quickSweep ?? experiment.sweep) : experiment.sweep;
}

/** Base config: defaults, then quick overrides when `quick`. */
export function baseConfig<C extends object>(experiment: Experiment<C, object>, quick: boolean): C {
  const config = clone(experiment.defaults) as Record<string, unknown>;
  if (quick && experiment.quick) {
    for (const [k, v] of Object.entries(experiment.quick)) setPath(config, k, v as Json, experiment.name);
  }
  return config as C;
}

/** Most points a sweep may plan: its configs are all built (and hashed) before the first point runs. */
export const MAX_SWEEP_POINTS = 100_000;

/** Every combination of the grid's values, first key slowest (row-major), as lists of [path, value]. */
function product(grid: Record<string, readonly Json[]>, listLength = 1): Array<Array<[string, Json]>> {
  let total = listLength;
  for (const [path, values] of Object.entries(grid)) {
    if (!Array.isArray(values) || values.length === 0) {
      throw new InvlogicError(`grid '${path}' must be a non-empty list of values`, path);
    }
    total *= values.length;
  }
  if (total > MAX_SWEEP_POINTS) {
    const sizes = Object.entries(grid).map(([p, v]) => `${p}: ${v.length}`);
    throw new InvlogicError(
      `the sweep has ${total} points (${[...(listLength > 1 ? [`list: ${listLength}`] : []), ...sizes].join(' x ')}); at most ${MAX_SWEEP_POINTS} points per sweep: split it into smaller sweeps (--shard does not shrink the plan)`,
      Object.keys(grid)[0] ?? 'grid',
    );
  }
  let combos: Array<Array<[string, Json]>> = [[]];
  for (const [path, values] of Object.entries(grid)) {
    const next: Array<Array<[string, Json]>> = [];
    for (const c of combos) for (const v of values) next.push([...c, [path, v]]);
    combos = next;
  }
  return combos;
}

/** True when env INVLOGIC_QUICK is '1' (notebooks under CI); the default of every `quick` option. */
export function quickFromEnv(): boolean {
  return process.env.INVLOGIC_QUICK === '1';
}

export interface PlanOptions {
  /** Quick (CI) scale: the experiment's quick overrides and quick sweep. Default: env INVLOGIC_QUICK === '1'. */
  quick?: boolean;
  /** Default: the experiment's sweep at this scale. */
  sweep?: SweepSpec;
  /** Overrides applied to the base config before the sweep (e.g. `--set`), dot paths allowed. */
  set?: Record<string, Json>;
  shard?: Shard;
}

/**
 * The points of a sweep in a fixed order (list entries outer, grid row-major inner), duplicates (same key)
 * dropped, each validated by the experiment, then the shard's share (round-robin, or cost-balanced).
 */
export function planSweep<C extends object>(
  experiment: Experiment<C, object>,
  options: PlanOptions = {},
): PlannedPoint<C>[] {
  const quick = options.quick ?? quickFromEnv();
  const sweep = options.sweep ?? defaultSweep(experiment as Experiment<object, object>, quick);
  const base = baseConfig(experiment, quick) as Record<string, unknown>;
  for (const [k, v] of Object.entries(options.set ?? {})) setPath(base, k, v, experiment.name);
  const list = sweep.list && sweep.list.length > 0 ? sweep.list : [{}];
  const combos = product(sweep.grid ?? {}, list.length);
  const seen = new Set<string>();
  const points: PlannedPoint<C>[] = [];
  for (const entry of list) {
    for (const combo of combos) {
      const config = clone(base);
      for (const [k, v] of Object.entries(entry)) setPath(config, k, v, experiment.name);
      for (const [k, v] of combo) setPath(config, k, v, experiment.name);
      canonicalJson(config, `${experiment.name} config`);
      experiment.validate?.(config as C);
      const key = configKey(experiment.name, experiment.version, config);
      if (seen.has(key)) continue;
      seen.add(key);
      points.push({ key, index: points.length, config: config as C });
    }
  }
  const shard = options.shard;
  if (shard?.balance === 'cost') {
    const shardOf = costBalancedShards(
      points.map((p) => pointCost(experiment, p.config)),
      shard.count,
    );
    return points.filter((p) => shardOf[p.index] === shard.index - 1);
  }
  return points.filter((p) => inShard(p.index, shard));
}

/**
 * Parses a CLI grid item 'path=v1,v2,...' against the defaults' type at `path`:
 * numbers accept 'a..b' (integer range, inclusive) and 'a..b:step'; booleans true/false; strings as written;
 * a value starting with '[' is a JSON list of values (for arrays/objects, e.g. schedule=[{...},{...}]).
 */
export function parseGridItem(item: string, defaults: object, experiment: string, flag = '--grid'): [string, Json[]] {
  const eq = item.indexOf('=');
  if (eq <= 0) throw new InvlogicError(`${flag} expects PARAM=V1,V2,..., got '${item}'`, flag);
  const path = item.slice(0, eq).trim();
  const text = item.slice(eq + 1).trim();
  let current: unknown = defaults;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, part)) {
      throw new InvlogicError(
        `${experiment} has no parameter '${path}'; known: ${listPaths(defaults).join(', ')}`,
        path,
      );
    }
    current = (current as Record<string, unknown>)[part];
  }
  if (text.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new InvlogicError(`${flag} ${path}: invalid JSON list (${(err as Error).message})`, path);
    }
    if (!Array.isArray(parsed) || parsed.length === 0)
      throw new InvlogicError(`${flag} ${path}: expected a non-empty JSON list`, path);
    return [path, parsed as Json[]];
  }
  if (text === '') throw new InvlogicError(`${flag} ${path}: no values given`, path);
  const kind = kindOf(current);
  const values: Json[] = [];
  for (const raw of text.split(',').map((s) => s.trim())) {
    if (kind === 'number') {
      const range = /^(-?\d+)\.\.(-?\d+)(?::(\d+))?$/.exec(raw);
      if (range) {
        const [a, b, step] = [Number(range[1]), Number(range[2]), Number(range[3] ?? 1)];
        if (step < 1 || b < a)
          throw new InvlogicError(`${flag} ${path}: range '${raw}' must be a..b with a <= b and step >= 1`, path);
        const count = Math.floor((b - a) / step) + 1;
        if (count > MAX_SWEEP_POINTS)
          throw new InvlogicError(
            `${flag} ${path}: range '${raw}' has ${count} values; at most ${MAX_SWEEP_POINTS} points per sweep`,
            path,
          );
        for (let v = a; v <= b; v += step) values.push(v);
        continue;
      }
      const x = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw) ? Number(raw) : NaN;
      if (raw.includes('..'))
        throw new InvlogicError(`${flag} ${path}: range '${raw}' must be integers a..b or a..b:step`, path);
      if (!Number.isFinite(x)) throw new InvlogicError(`${flag} ${path}: '${raw}' is not a finite number`, path);
      values.push(x);
    } else if (kind === 'boolean') {
      if (raw !== 'true' && raw !== 'false')
        throw new InvlogicError(`${flag} ${path}: '${raw}' must be true or false`, path);
      values.push(raw === 'true');
    } else if (kind === 'string' || kind === 'null') {
      values.push(raw);
    } else {
      throw new InvlogicError(
        `${flag} ${path} holds ${kind === 'array' ? 'an array' : 'an object'}: give a JSON list, e.g. ${path}=[${JSON.stringify(current)}]`,
        path,
      );
    }
  }
  return [path, values];
}

/** Dot paths of every leaf (and every array/object-valued field) of a config, for error messages and --help. */
export function listPaths(obj: object, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(...listPaths(v, p));
    else out.push(p);
  }
  return out;
}

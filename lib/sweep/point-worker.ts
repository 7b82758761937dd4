/**
 * Task module for the sweep runner's worker pool: loads an experiment by (module path, name) and runs one
 * point. Runs in a worker thread (lib/parallel) or in the runner's own thread with --jobs 1.
 */
import { toJsonData } from './canonical';
import type { Experiment, JsonObject } from './types';

export interface PointTask {
  module: string;
  name: string;
  key: string;
  quick: boolean;
  config: JsonObject;
}

export interface PointOutput {
  result: JsonObject;
  timeS: number;
}

const cache = new Map<string, Experiment>();

/** Finds the exported experiment called `name` in `module`. */
export function loadExperiment(module: string, name: string): Experiment {
  const id = `${module}#${name}`;
  let exp = cache.get(id);
  if (!exp) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- experiments are chosen at run time
    const mod = require(module) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      const v = value as Partial<Experiment> | null;
      if (v && typeof v === 'object' && v.name === name && typeof v.run === 'function') {
        exp = v as Experiment;
        break;
      }
    }
    if (!exp) throw new Error(`module ${module} exports no experiment named '${name}'`);
    cache.set(id, exp);
  }
  return exp;
}

export async function runPoint(task: PointTask): Promise<PointOutput> {
  const exp = loadExperiment(task.module, task.name);
  const t0 = process.hrtime.bigint();
  const result = await exp.run(task.config, { key: task.key, quick: task.quick });
  const timeS = Number(process.hrtime.bigint() - t0) / 1e9;
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    throw new Error(
      `experiment ${task.name} returned ${Array.isArray(result) ? 'an array' : String(result)}; run() must return a plain object`,
    );
  }
  return { result: toJsonData(result) as JsonObject, timeS };
}

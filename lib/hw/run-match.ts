/**
 * Whether two training runs (the invertible run and its CPU baseline) are runs of the same task on the same data,
 * so that a speed-up or energy ratio between them means something: same target kind (neuron / bcnn) and the same
 * modified-MNIST split (size, threshold, classes, per-class counts, split seed). Fields absent from either run
 * are not compared (older JSON may lack them).
 */
import type { RunInput } from './run-input';

const DATA_FIELDS = ['size', 'threshold', 'classes', 'trainPerClass', 'testPerClass', 'seed'] as const;

/** The differences between the tasks of `a` and `b`, as 'field A vs B' texts; empty when they match. */
export function runTaskMismatches(a: RunInput, b: RunInput): string[] {
  const out: string[] = [];
  const text = (v: unknown): string => JSON.stringify(v);
  if (typeof a.kind === 'string' && typeof b.kind === 'string' && a.kind !== b.kind) {
    out.push(`kind ${a.kind} vs ${b.kind}`);
  }
  const da = (a.data ?? {}) as Record<string, unknown>;
  const db = (b.data ?? {}) as Record<string, unknown>;
  for (const field of DATA_FIELDS) {
    if (da[field] === undefined || db[field] === undefined) continue;
    if (text(da[field]) !== text(db[field])) out.push(`data.${field} ${text(da[field])} vs ${text(db[field])}`);
  }
  return out;
}

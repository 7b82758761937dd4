import { requireInt } from '../errors';

/**
 * Splits `total` independent units of work (reads, samples, points) into `parts` near-equal counts that sum to
 * `total`: the first `total % parts` parts get one more. Parts may be 0 when total < parts. Deterministic, so a
 * sampler that gives chunk k the RNG stream k reproduces the same bits for the same (total, parts).
 */
export function splitCounts(total: number, parts: number): number[] {
  requireInt('total', total, 0, Number.MAX_SAFE_INTEGER);
  requireInt('parts', parts, 1, 1 << 20);
  const base = Math.floor(total / parts);
  const extra = total % parts;
  return Array.from({ length: parts }, (_, k) => base + (k < extra ? 1 : 0));
}

/**
 * The plain-text table `invlogic estimate --table` prints after the JSON: one line per quantity of a
 * HardwareEstimate, from lib/viz/estimate-rows.ts (notebook 05 shows the same rows as an HTML table).
 */
import type { HardwareEstimate } from '../../lib/hw';
import { estimateRows } from '../../lib/viz/estimate-rows';

/** A plain-text table of an estimate (what `invlogic estimate` prints after the JSON with --table). */
export function formatEstimateTable(e: HardwareEstimate): string {
  const rows = estimateRows(e);
  const w = Math.max(...rows.map((l) => l.quantity.length));
  return rows.map(({ quantity, value }) => `${quantity.padEnd(w)}  ${value}`).join('\n') + '\n';
}

/**
 * Progress of a long synchronous computation on stderr, for commands whose work can take more than a few
 * seconds (sample with many reads, verify with many free spins). Nothing is shown during the first 2 s, so
 * short runs print nothing; then a line every 5 s (or a bar redrawn in place on a terminal) with an ETA.
 */
import { formatEta } from '../lib/sweep/runner';
import { PROCESS_IO, type CliIO } from './io';

export type ProgressCallback = (done: number, total: number) => void;

export function stderrProgress(
  label: string,
  unit: string,
  options: { delayMs?: number; io?: CliIO } = {},
): ProgressCallback {
  const io = options.io ?? PROCESS_IO;
  const t0 = Date.now();
  const delay = options.delayMs ?? 2000;
  const tty = Boolean(io.stderrIsTTY);
  let last = 0;
  let shown = false;
  return (done, total) => {
    const now = Date.now();
    const finished = done >= total;
    if (now - t0 < delay && !(finished && shown)) return;
    if (!finished && now - last < (tty ? 250 : 5000)) return;
    last = now;
    const elapsed = now - t0;
    const eta = done > 0 ? formatEta((elapsed / done) * (total - done)) : '--';
    const pct = total > 0 ? ((100 * done) / total).toFixed(0) : '100';
    const text = `${label}: ${done}/${total} ${unit} (${pct}%), ${formatEta(elapsed)} elapsed, ETA ${eta}`;
    if (tty) io.stderr(`\r${text}\x1b[K${finished ? '\n' : ''}`);
    else io.stderr(`${text}\n`);
    shown = true;
  };
}

/**
 * Prints the headline table (issue 20) from paper-headline result files (JSONL, any number, merged):
 *
 *   node --import tsx scripts/headline-table.ts results/paper-headline.jsonl results/ph-inv2.jsonl ...
 */
import { readResults } from '../lib/sweep/results';
import {
  headlineMarkdown,
  headlineTable,
  type PaperHeadlineConfig,
  type PaperHeadlineResult,
} from '../experiments/paper-headline';

const rows = process.argv.slice(2).flatMap((f) => readResults<PaperHeadlineConfig, PaperHeadlineResult>(f).rows);
const table = headlineTable(rows);
console.log(JSON.stringify(table, null, 1));
console.log(headlineMarkdown(table));

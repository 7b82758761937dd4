/**
 * SampleSet, after dimod: the samples a sampler returned, aggregated into distinct records with energy and
 * occurrence count, plus free-form `info` (sampler name, timing, per-read statistics).
 * JSON form: {"variables": [...], "records": [{"sample": [+-1...], "energy": E, "num_occurrences": k}], "info": {...}}
 */
import { InvlogicError } from '../errors';
import { IsingModel } from './model';

export interface SampleRecord {
  sample: Int8Array;
  energy: number;
  numOccurrences: number;
}

export interface SampleSetJson {
  variables: string[];
  records: { sample: number[]; energy: number; num_occurrences: number }[];
  info: Record<string, unknown>;
}

export class SampleSet {
  constructor(
    readonly variables: readonly string[],
    /** Distinct samples, sorted by energy then first occurrence. */
    readonly records: SampleRecord[],
    readonly info: Record<string, unknown> = {},
  ) {}

  /** Aggregates raw reads (full spin vectors of `model`) into records; energies from the model. */
  static fromReads(model: IsingModel, reads: readonly Int8Array[], info: Record<string, unknown> = {}): SampleSet {
    const aggregator = new SampleAggregator(model);
    for (const s of reads) aggregator.add(s);
    return aggregator.toSampleSet(info);
  }

  get numReads(): number {
    return this.records.reduce((a, r) => a + r.numOccurrences, 0);
  }

  /** The lowest-energy record. */
  get first(): SampleRecord {
    if (this.records.length === 0) throw new InvlogicError('empty SampleSet', 'sampleset');
    return this.records[0];
  }

  /** The most frequent record (ties: lower energy first). */
  mode(): SampleRecord {
    if (this.records.length === 0) throw new InvlogicError('empty SampleSet', 'sampleset');
    return this.records.reduce((best, r) => (r.numOccurrences > best.numOccurrences ? r : best));
  }

  /** Value of a named variable in a record. */
  value(record: SampleRecord, name: string): number {
    const i = this.variables.indexOf(name);
    if (i < 0) throw new InvlogicError(`unknown variable "${name}"`, 'name');
    return record.sample[i];
  }

  /**
   * Occurrence counts of the projections on `names`, keyed by the 0/1 string of those variables in order
   * (e.g. "01" for names [A, B] with A = 0, B = 1).
   */
  histogram(names: readonly string[]): Map<string, number> {
    const idx = names.map((n) => {
      const i = this.variables.indexOf(n);
      if (i < 0) throw new InvlogicError(`unknown variable "${n}"`, 'names');
      return i;
    });
    const out = new Map<string, number>();
    for (const r of this.records) {
      const key = idx.map((i) => (r.sample[i] > 0 ? '1' : '0')).join('');
      out.set(key, (out.get(key) ?? 0) + r.numOccurrences);
    }
    return out;
  }

  toJSON(): SampleSetJson {
    return {
      variables: [...this.variables],
      records: this.records.map((r) => ({
        sample: Array.from(r.sample),
        energy: r.energy,
        num_occurrences: r.numOccurrences,
      })),
      info: this.info,
    };
  }
}

/** '0'/'1' text of a spin vector. Built in chunks: spreading one argument per spin overflows the call stack
 *  beyond ~10^5 spins. */
/**
 * Aggregates reads one at a time as a sampler produces them, so memory grows with the distinct samples, not
 * with the reads (10^7 reads of a small model hold a handful of records). Same records as SampleSet.fromReads.
 */
export class SampleAggregator {
  private readonly byKey = new Map<string, SampleRecord & { first: number }>();
  private count = 0;

  constructor(private readonly model: IsingModel) {}

  /** Adds one read (a full spin vector of the model); `s` is copied only if it is a new sample. */
  add(s: Int8Array): void {
    const r = this.count++;
    if (s.length !== this.model.n)
      throw new InvlogicError(`read ${r} has length ${s.length}, expected ${this.model.n}`, 'reads');
    const key = spinKey(s);
    const rec = this.byKey.get(key);
    if (rec) rec.numOccurrences++;
    else this.byKey.set(key, { sample: Int8Array.from(s), energy: this.model.energy(s), numOccurrences: 1, first: r });
  }

  toSampleSet(info: Record<string, unknown> = {}): SampleSet {
    const records = [...this.byKey.values()]
      .sort((a, b) => a.energy - b.energy || a.first - b.first)
      .map(({ sample, energy, numOccurrences }) => ({ sample, energy, numOccurrences }));
    return new SampleSet(this.model.names, records, info);
  }
}

function spinKey(s: Int8Array): string {
  const CHUNK = 8192;
  let key = '';
  for (let start = 0; start < s.length; start += CHUNK) {
    const part = s.subarray(start, Math.min(s.length, start + CHUNK));
    key += String.fromCharCode(...Array.from(part, (v) => (v > 0 ? 49 : 48)));
  }
  return key;
}

/** Reads an unsigned integer from named bits (LSB first), spin +1 = bit 1. */
export function bitsToUint(sample: ArrayLike<number>, indices: readonly number[]): number {
  let v = 0;
  for (let k = 0; k < indices.length; k++) if (sample[indices[k]] > 0) v += 2 ** k;
  return v;
}

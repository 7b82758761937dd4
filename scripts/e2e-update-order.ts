/**
 * The SC model's update order on the end-to-end circuit (docs/bcnn-invertible.md, "The SC model's update
 * order"). Same circuits, sigma-relative anneal levels and seeds; only the sampler differs:
 *   sc synchronous (the SSA array: every spin from m(t)), at the same cycles and at the chromatic run's clocks;
 *   sc chromatic (colour phases in turn, one clock each, docs/sc-model.md §2.1);
 *   the ideal p-bit sampler (sequential Gibbs sweeps, the reference).
 *  1. the bar toy (lib/data halfBarImages: 8 images of 6x6, 1 conv channel, one circuit for all 8):
 *     training accuracy of invertible-e2e, seeds 1-5, 4 reads of 2000 cycles, n_rnd from 0.5 and 1 sigma;
 *  2. one 7x7 image's full circuit (bcnn-2class-small, 4 bias spins, binary slack; 15 colour phases), 10
 *     images, 2000 cycles (synchronous also at the chromatic run's clocks): the penalty of the read-out
 *     (0 = a network that classifies the image with margin, with consistent hidden map).
 *
 *   node --import tsx scripts/e2e-update-order.ts     (~1 min)
 */
import '../lib/bnn';
import { resolveBcnnConfig } from '../lib/bnn/bcnn';
import { e2eCircuit } from '../lib/bnn/invertible/e2e-circuit';
import { scaledSampler } from '../lib/bnn/invertible/common';
import { getMethod, resolveMethodOptions, type BcnnTrainResult } from '../lib/bnn/registry';
import { halfBarImages, loadModifiedMnist } from '../lib/data';
import { RELATIVE_ANNEAL_DEFAULTS } from '../lib/samplers/autoscale';
import { config as run } from '../experiments/configs/bcnn-2class-small';

type Variant = { name: string; sampler: 'sc' | 'exact'; scUpdate?: 'synchronous' | 'chromatic'; clocksOf?: string };
const variants: Variant[] = [
  // chromatic first: the second synchronous run takes its clock count
  { name: 'sc chromatic', sampler: 'sc', scUpdate: 'chromatic' },
  { name: 'sc synchronous', sampler: 'sc', scUpdate: 'synchronous' },
  { name: 'sc synchronous, same clocks as chromatic', sampler: 'sc', scUpdate: 'synchronous', clocksOf: 'chromatic' },
  { name: 'p-bit (exact)', sampler: 'exact' },
];

async function part1(): Promise<void> {
  const toy = resolveBcnnConfig({ inputSize: 6, kernelSize: 3, channels: 1, pool: 2, numClasses: 2 });
  const m = getMethod('bcnn', 'invertible-e2e');
  const train = halfBarImages(8, 5);
  for (const noiseFrom of [0.5, 1]) {
    let phases = 1;
    for (const v of variants) {
      if (v.sampler === 'exact' && noiseFrom !== 0.5) continue; // n_rnd is an SC level
      const cycles = v.clocksOf ? 2000 * phases : 2000;
      const accs: number[] = [];
      let clocks = 0;
      for (let seed = 1; seed <= 5; seed++) {
        const o = resolveMethodOptions(m, {
          sampler: v.sampler,
          scUpdate: v.scUpdate ?? 'synchronous',
          samplesPerBatch: 8,
          cycles,
          reads: 4,
          biasSpins: 1,
          noiseFrom,
        });
        const r = (await m.train({ config: toy, train, seed }, o)) as BcnnTrainResult;
        accs.push(r.trainAccuracy);
        clocks = r.hardware?.cycles ?? 0;
      }
      if (v.scUpdate === 'chromatic') phases = clocks / (4 * 2000);
      const solved = accs.filter((a) => a === 1).length;
      console.log(
        `1. toy, n_rnd from ${noiseFrom} sigma, ${v.name}: ${cycles} cycles x 4 reads (${clocks} clocks${v.sampler === 'exact' ? ' = sweeps' : ''}): train accuracy ${accs.map((a) => a.toFixed(3)).join(' ')} (100% in ${solved}/5)`,
      );
    }
  }
}

function part2(): void {
  const { train: t } = loadModifiedMnist(run.data);
  const config = resolveBcnnConfig({ inputSize: run.data.size, numClasses: 2, ...run.model });
  const image = (r: number) => t.x.subarray(r * t.dim, (r + 1) * t.dim);
  let phases = 1;
  for (const v of variants) {
    const cycles = v.clocksOf ? 2000 * phases : 2000;
    const sampler = scaledSampler(v.sampler, { ...RELATIVE_ANNEAL_DEFAULTS, cycles }, { sc: { update: v.scUpdate } });
    const penalties: number[] = [];
    for (let r = 0; r < 10; r++) {
      const c = e2eCircuit(config, [image(r)], [t.y[r]], 4);
      const set = sampler.sampleIsing(c.model, { numReads: 1, seed: `u${r}` });
      if (v.scUpdate === 'chromatic') phases = Number(set.info.phases);
      penalties.push(Math.round(set.first.energy + c.offset));
    }
    const zero = penalties.filter((p) => p === 0).length;
    const mean = penalties.reduce((a, b) => a + b, 0) / penalties.length;
    console.log(
      `2. one 7x7 image, ${v.name}, ${cycles} cycles: penalty ${penalties.join(' ')} (mean ${mean.toFixed(1)}, 0 in ${zero}/10)`,
    );
  }
}

void part1().then(part2);

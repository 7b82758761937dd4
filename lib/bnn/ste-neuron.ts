/**
 * Backprop with the straight-through estimator for one binarized neuron (Courbariaux et al. 2016 applied to a
 * single unit): latent real weights w~ in [-1, 1], forward with w = sign(w~), squared hinge loss on the scaled
 * pre-activation, gradient passed straight through sign (d sign(w~)/d w~ := 1_{|w~| <= 1}), Adam, then clip:
 *
 *   u_k = y_k (sum_i sign(w~_i) x_ki + b) / sqrt(n_terms),   L = mean_k max(0, 1 - u_k)^2.
 */
import { createRng, shuffleInPlace } from '../rng';
import { clipLatent, signPm1, steSignGrad } from './binarize';
import { type BinaryNeuron, neuronAccuracy } from './neuron';
import { type EpochRecord, type NeuronProblem, type NeuronTrainResult, registerMethod, timeToFinal } from './registry';

export const steNeuronMethod = registerMethod({
  name: 'backprop-ste',
  target: 'neuron',
  summary: 'STE backprop: latent real weights in [-1,1], sign forward, squared hinge, Adam',
  reference: 'Courbariaux et al. 2016 (BinaryNet, arXiv 1602.02830), single unit',
  options: {
    epochs: { type: 'int', default: 50, min: 1, max: 100_000, help: 'passes over the training set' },
    batchSize: { type: 'int', default: 16, min: 1, max: 1_000_000, help: 'examples per Adam step' },
    learningRate: { type: 'number', default: 0.01, min: 1e-6, max: 10, help: 'Adam step size' },
    initScale: { type: 'number', default: 0.1, min: 0, max: 1, help: 'latent weights start uniform in [-s, s]' },
  },
  train(problem: NeuronProblem, options): NeuronTrainResult {
    const { train } = problem;
    const { dim, n, x, y } = train;
    const rng = createRng('xoshiro128ss', problem.seed, 0);
    const P = dim + (problem.bias ? 1 : 0); // latent parameters, bias last
    const latent = new Float32Array(P);
    for (let i = 0; i < P; i++) latent[i] = (2 * rng.nextFloat() - 1) * options.initScale;
    const wb = new Float32Array(P);
    const grad = new Float32Array(P);
    const m1 = new Float32Array(P);
    const m2 = new Float32Array(P);
    const order = new Int32Array(n);
    for (let k = 0; k < n; k++) order[k] = k;
    const invScale = 1 / Math.sqrt(P);
    const beta1 = 0.9;
    const beta2 = 0.999;
    let step = 0;
    let timeS = 0;
    let cpuTimeS = 0; // process CPU time (user + system) of the training loop, as backprop reports it
    const history: EpochRecord[] = [];
    const snapshot = (): BinaryNeuron => {
      const weights = new Int8Array(dim);
      for (let i = 0; i < dim; i++) weights[i] = signPm1(latent[i]);
      return { dim, weights, bias: problem.bias ? signPm1(latent[dim]) : 0 };
    };
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      shuffleInPlace(rng, order);
      let lossSum = 0;
      for (let start = 0; start < n; start += options.batchSize) {
        const end = Math.min(n, start + options.batchSize);
        for (let i = 0; i < P; i++) wb[i] = signPm1(latent[i]);
        grad.fill(0);
        for (let t = start; t < end; t++) {
          const k = order[t];
          const base = k * dim;
          let pre = problem.bias ? wb[dim] : 0;
          for (let i = 0; i < dim; i++) pre += wb[i] * x[base + i];
          const u = y[k] * pre * invScale;
          if (u >= 1) continue;
          lossSum += (1 - u) * (1 - u);
          const gPre = (-2 * (1 - u) * y[k] * invScale) / (end - start);
          for (let i = 0; i < dim; i++) grad[i] += gPre * x[base + i];
          if (problem.bias) grad[dim] += gPre;
        }
        step++;
        const lr = (options.learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
        for (let i = 0; i < P; i++) {
          const g = grad[i] * steSignGrad(latent[i]); // STE through w = sign(w~)
          m1[i] = beta1 * m1[i] + (1 - beta1) * g;
          m2[i] = beta2 * m2[i] + (1 - beta2) * g * g;
          latent[i] -= (lr * m1[i]) / (Math.sqrt(m2[i]) + 1e-8);
        }
        clipLatent(latent);
      }
      timeS += (performance.now() - t0) / 1000;
      const c1 = process.cpuUsage(c0);
      cpuTimeS += (c1.user + c1.system) / 1e6;
      const neuron = snapshot();
      const rec: EpochRecord = {
        epoch,
        trainAccuracy: neuronAccuracy(neuron, train),
        testAccuracy: problem.test ? neuronAccuracy(neuron, problem.test) : NaN,
        loss: lossSum / n,
        timeS,
        cpuTimeS,
      };
      history.push(rec);
      problem.onEpoch?.(rec);
    }
    const neuron = snapshot();
    const last = history[history.length - 1];
    return {
      method: 'backprop-ste',
      target: 'neuron',
      options,
      neuron,
      trainAccuracy: last.trainAccuracy,
      testAccuracy: last.testAccuracy,
      epochs: history.length,
      history,
      wallTimeS: last.timeS,
      timeToFinalS: timeToFinal(history),
      info: { adamSteps: step, cpuTimeS },
    };
  },
});

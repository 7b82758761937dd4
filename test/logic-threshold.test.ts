import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PenaltyBuilder,
  addThreshold,
  multiclassThreshold,
  slackCoefficients,
  thresholdNeuron,
} from '../lib/logic/threshold';
import { enumerate } from '../lib/ising';
import { InvlogicError } from '../lib/errors';

/** All +-1 vectors of length n. */
function* vectors(n: number): Generator<number[]> {
  for (let b = 0; b < 1 << n; b++) yield Array.from({ length: n }, (_, i) => ((b >> i) & 1 ? 1 : -1));
}

test('slack coefficients produce exactly the values -R..R in steps of 2', () => {
  for (let R = 0; R <= 40; R++) {
    const c = slackCoefficients(R);
    assert.equal(
      c.reduce((a, v) => a + v, 0),
      R,
    );
    const values = new Set<number>();
    for (const t of vectors(c.length)) values.add(t.reduce((a, v, j) => a + v * c[j], 0));
    const expected = new Set(Array.from({ length: R + 1 }, (_, k) => -R + 2 * k));
    assert.deepEqual(
      [...values].sort((a, b) => a - b),
      [...expected].sort((a, b) => a - b),
      `R=${R}`,
    );
    assert.ok(c.length <= Math.ceil(Math.log2(R + 1)) + (R === 0 ? 0 : 1));
  }
});

test('forward mode: with weights and inputs clamped, the free output is sign(w.x + b) (margin 1), by enumeration', () => {
  for (const n of [1, 2, 3, 4, 5]) {
    for (const bias of [false, true]) {
      const x = Array.from({ length: n }, (_, i) => (i % 3 === 1 ? -1 : 1));
      const tn = thresholdNeuron({ inputs: [x], bias });
      const terms = n + (bias ? 1 : 0);
      for (const w of vectors(terms)) {
        const clamp: Record<string, number> = {};
        let s = 0;
        w.forEach((v, i) => {
          clamp[tn.model.names[tn.weights[i]]] = v;
          s += v * (i < n ? x[i] : 1);
        });
        const e = enumerate(tn.model.withClamp(clamp));
        if (s === 0) {
          // Tie (even number of terms): no output meets margin 1, every state costs at least the gap.
          assert.ok(e.groundEnergy + tn.offset >= tn.violationGap - 1e-9);
          continue;
        }
        assert.ok(Math.abs(e.groundEnergy + tn.offset) < 1e-9, 'valid rows have zero penalty');
        const outs = new Set(e.groundStates.map((g) => g[tn.outputs[0]]));
        assert.deepEqual([...outs], [Math.sign(s)], `n=${n} bias=${bias} w=${w}`);
        assert.ok(e.gap >= tn.violationGap - 1e-9);
      }
    }
  }
});

test('training mode: ground states are exactly the weights minimising the squared margin violation', () => {
  const X = [
    [1, -1, 1, 1, -1],
    [-1, -1, 1, -1, 1],
    [1, 1, -1, 1, 1],
  ];
  const Y = [1, -1, 1];
  for (const margin of [1, 3]) {
    const tn = thresholdNeuron({ inputs: X, labels: Y, bias: false, margin });
    const e = enumerate(tn.model);
    const fromGround = new Set(e.groundStates.map((g) => tn.weights.map((i) => g[i]).join(',')));
    // Brute force: cost(w) = sum_k max(0, margin - y_k s_k)^2.
    let best = Infinity;
    const argmin = new Set<string>();
    for (const w of vectors(5)) {
      const cost = X.reduce((a, x, k) => {
        const d = Math.max(0, margin - Y[k] * x.reduce((t, v, i) => t + v * w[i], 0));
        return a + d * d;
      }, 0);
      if (cost < best) {
        best = cost;
        argmin.clear();
      }
      if (cost === best) argmin.add(w.join(','));
    }
    assert.deepEqual([...fromGround].sort(), [...argmin].sort(), `margin ${margin}`);
    assert.ok(Math.abs(e.groundEnergy + tn.offset - best) < 1e-9);
    if (margin === 1) assert.equal(best, 0, 'this batch is separable with margin 1');
    assert.ok(e.gap >= 4 - 1e-9);
  }
});

test('unsatisfiable batch: the penalty counts the squared distance to the margin', () => {
  // Same input, opposite labels: every weight vector violates one of them by |s| + 1.
  const x = [1, 1, -1];
  const tn = thresholdNeuron({ inputs: [x, x], labels: [1, -1], bias: false });
  const e = enumerate(tn.model);
  // min over w of (distance of y s to {1..3})^2 summed: s = +-1 gives 0 + (1+1)^2 = 4.
  assert.ok(Math.abs(e.groundEnergy + tn.offset - 4) < 1e-9);
});

test('label as a clamped spin gives the same weight ground states as a folded label', () => {
  const X = [
    [1, -1, 1],
    [-1, 1, 1],
  ];
  const a = thresholdNeuron({ inputs: X, labels: [1, -1], bias: true });
  const b = thresholdNeuron({ inputs: X, labels: [1, -1], bias: true, foldLabels: false });
  const key = (tn: typeof a) =>
    new Set(enumerate(tn.model).groundStates.map((g) => tn.weights.map((i) => g[i]).join(',')));
  assert.deepEqual([...key(a)].sort(), [...key(b)].sort());
});

test('PenaltyBuilder energies equal the squared forms they encode', () => {
  const b = new PenaltyBuilder();
  const [p, q, r] = ['p', 'q', 'r'].map((s) => b.spin(s));
  b.addSquare(
    [
      [p, 2],
      [q, -1],
      [r, 3],
      [p, 1],
    ],
    -1,
    2,
  );
  const m = b.build();
  for (const v of vectors(3)) {
    const form = 3 * v[0] - v[1] + 3 * v[2] - 1;
    assert.ok(Math.abs(m.energy(v) + b.offset - 2 * form * form) < 1e-9);
  }
});

test('bad input is rejected with a named parameter', () => {
  assert.throws(() => thresholdNeuron({ inputs: [] }), InvlogicError);
  assert.throws(() => thresholdNeuron({ inputs: [[1, 0]] }), /inputs\[0\]\[1\]/);
  assert.throws(() => thresholdNeuron({ inputs: [[1, 1]], labels: [1, 1] }), /labels/);
  assert.throws(() => thresholdNeuron({ inputs: [[1, 1, 1]], margin: 9 }), /margin/);
  const b = new PenaltyBuilder();
  assert.throws(() => addThreshold(b, { output: { constant: 1 }, inputs: [] }), /at least one input/);
  assert.throws(() => slackCoefficients(-1), /range/);
});

test('PenaltyBuilder gives the same J below and across its dense-matrix cap (1024 spins)', () => {
  // The same random squares over 40 spins, once alone and once after 1,100 spins have been created (so the
  // builder moves from its dense matrix to its hash map part-way): identical couplings, fields and offset.
  const squares: [number, number][][] = [];
  let s = 12345;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s);
  for (let q = 0; q < 30; q++) {
    const terms: [number, number][] = [];
    for (let t = 0; t < 8; t++) terms.push([next() % 40, (next() % 7) - 3]);
    squares.push(terms);
  }
  const small = new PenaltyBuilder();
  for (let i = 0; i < 40; i++) small.spin(`v${i}`);
  const big = new PenaltyBuilder();
  for (let i = 0; i < 40; i++) big.spin(`v${i}`);
  squares.forEach((terms, q) => {
    small.addSquare(terms, q % 3, 1 + (q % 2));
    big.addSquare(terms, q % 3, 1 + (q % 2));
    if (q === 10) for (let i = 40; i < 1100; i++) big.spin(`pad${i}`);
  });
  const a = small.build();
  const b = big.build();
  assert.equal(b.n, 1100);
  assert.deepEqual(b.edgeTriples(), a.edgeTriples());
  assert.deepEqual(Array.from(b.h.subarray(0, 40)), Array.from(a.h));
  assert.equal(big.offset, small.offset);
});

test('multiclass threshold: ground states are exactly the weight matrices whose label wins by the margin', () => {
  // n = 3 inputs, M = 3 classes, K = 2 samples: 9 weight spins; brute force over all 2^9 weight matrices.
  const X = [
    [1, -1, 1],
    [-1, -1, 1],
  ];
  const labels = [2, 0];
  for (const margin of [2, 4]) {
    const mc = multiclassThreshold({ inputs: X, labels, classes: 3, margin });
    assert.equal(mc.weights.length, 9);
    assert.equal(mc.slack.length, 2 * 2);
    const e = enumerate(mc.model);
    const found = new Set(e.groundStates.map((g) => mc.weights.map((i) => g[i]).join(',')));
    const expected = new Set<string>();
    let best = Infinity;
    const pen = new Map<string, number>();
    for (const w of vectors(9)) {
      // Squared distance to the margin, summed over violated (sample, rival) pairs.
      let p = 0;
      X.forEach((x, k) => {
        const z = [0, 1, 2].map((m) => x.reduce((s, v, i) => s + v * w[m * 3 + i], 0));
        for (let m = 0; m < 3; m++) {
          if (m === labels[k]) continue;
          const d = z[labels[k]] - z[m];
          // valid values of d are margin, margin + 2, ..., 6; otherwise the nearest valid value is margin
          if (d < mc.margin) p += (d - mc.margin) ** 2;
        }
      });
      pen.set(w.join(','), p);
      best = Math.min(best, p);
    }
    // margin 2 is satisfiable on this data, margin 4 is not (the ground state is then the least squared hinge)
    assert.equal(best === 0, margin === 2);
    for (const [k, p] of pen) if (p === best) expected.add(k);
    assert.deepEqual([...found].sort(), [...expected].sort());
    assert.ok(Math.abs(e.groundEnergy + mc.offset - best) < 1e-9, 'ground penalty = least squared hinge');
    // Energy above the ground = lambda x the squared distance to the margin (a squared hinge) for every w.
    for (const w of [
      [1, 1, 1, 1, 1, 1, 1, 1, 1],
      [-1, 1, -1, 1, 1, 1, 1, 1, -1],
    ]) {
      const sub = new Int8Array(mc.model.n);
      mc.weights.forEach((idx, i) => (sub[idx] = w[i]));
      // minimise over the slack spins by brute force
      let minE = Infinity;
      const slackIdx = mc.slack.flat();
      for (const t of vectors(slackIdx.length)) {
        slackIdx.forEach((idx, j) => (sub[idx] = t[j]));
        minE = Math.min(minE, mc.model.energy(sub) + mc.offset);
      }
      assert.equal(minE, pen.get(w.join(',')));
    }
  }
  assert.throws(() => multiclassThreshold({ inputs: X, labels: [3, 0], classes: 3 }), /labels\[0\].*\[0, 2\]/);
  assert.throws(() => multiclassThreshold({ inputs: X, labels: [0], classes: 3 }), /labels has length/);
  assert.throws(() => multiclassThreshold({ inputs: X, labels: [0, 1], classes: 1 }), /classes/);
});

test('unary slack: R spins of coefficient 1; the projection on (inputs, output) has the same penalties as binary', () => {
  // y = sign(sum a_i m_i) with coefficients 1, 2, 1 (S = 4, even: margin 2), output free, all inputs free.
  const coefs = [1, 2, 1];
  const penalties: Record<string, Map<string, number>> = {};
  for (const slackCode of ['binary', 'unary'] as const) {
    const b = new PenaltyBuilder();
    const x = coefs.map((_, i) => b.spin(`x${i}`));
    const y = b.spin('y');
    const info = addThreshold(b, { output: y, inputs: x.map((s, i) => [s, coefs[i]]), slackCode });
    if (slackCode === 'unary') {
      assert.equal(info.slack.length, info.R);
      assert.deepEqual(info.coefficients, new Array(info.R).fill(1));
    }
    const model = b.build();
    // Minimum over slack of the penalty of every (x, y) row, by enumeration of the slack spins.
    const rows = new Map<string, number>();
    for (const v of vectors(model.n)) {
      const key = [...x, y].map((i) => v[i]).join(',');
      rows.set(key, Math.min(rows.get(key) ?? Infinity, model.energy(v) + b.offset));
    }
    penalties[slackCode] = rows;
  }
  for (const [key, p] of penalties.binary) {
    assert.equal(penalties.unary.get(key), p, `row ${key}`);
    const v = key.split(',').map(Number);
    const s = coefs.reduce((a, c, i) => a + c * v[i], 0);
    // Valid rows (y = sign(s), |s| >= margin 2) are exactly the zero-penalty rows.
    assert.equal(p === 0, v[3] * s >= 2, `row ${key}`);
  }
  assert.throws(
    () =>
      addThreshold(new PenaltyBuilder(), { output: { constant: 1 }, inputs: [[0, 1]], slackCode: 'gray' as 'unary' }),
    /slackCode/,
  );
});

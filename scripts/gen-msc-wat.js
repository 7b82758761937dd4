#!/usr/bin/env node
/**
 * Writes lib/samplers/wasm/msc.wat, the multi-spin-coded exact heat-bath kernel (128 replicas per v128).
 * The kernel is WAT written out by this script because its hot part is the same code specialised for every
 * number of bit planes P = 1..8 (planes held in locals, ripple depth fixed, no branch per plane); writing the
 * eight copies by hand would only add typos. `npm run build:wasm` then assembles the .wat as usual.
 *
 *   node scripts/gen-msc-wat.js          # write lib/samplers/wasm/msc.wat
 *   node scripts/gen-msc-wat.js --check  # fail if the committed msc.wat is not this script's output
 *
 * The algorithm (lib/samplers/packed-msc.ts documents it with the equations), per spin i, all lanes at once:
 *   1. field count K = sum_j |J_ij| c_j, c_j = s_j XOR [J_ij < 0], in bit planes k0..k(P-1) by ripple adds;
 *      edges are grouped by the plane where their |J| bit enters (weight 1: plane 0, weight 2: plane 1, ...).
 *   2. masks: pos = [I > 0] = [K > GT], ge0 = [K > G0] (the level-0 bit of p(I): [I >= 0] at beta > 0), and the four window masks [I = w] for the
 *      |I| <= 4 values of the spin's parity; cmb[m] = OR of the window masks selected by the 4-bit m.
 *   3. new spin = [u < p(I)], u uniform per lane, drawn MSB first with one random v128 per bit level for all
 *      lanes: bit b of p(I) is [I >= 0] at b = 0, and pos XOR cmb[pat[b]] for 1 <= b < lcut (only the window
 *      values differ from the default [I > 0] there); from lcut on (rare) it is assembled from every K value.
 *      The loop stops as soon as no lane is tied with p.
 * Random bits: xoshiro128++ as four independent 32-bit streams in the i32 lanes.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const OUT = path.join(__dirname, '..', 'lib', 'samplers', 'wasm', 'msc.wat');
const MAX_PLANES = 8;
/** Per-spin record: i32 fields (byte offset = 4 * index). Mirrored in packed-msc.ts. */
const R = { P: 0, E0: 1, SEG: 2, GT: 18, G0: 19, G0MODE: 20, PAR: 21, TBL: 22, W: 23, WIN: 24 };
const REC_BYTES = 112;

const L = (name) => `(local.get $${name})`;
const set = (name, v) => `(local.set $${name} ${v})`;
const and = (a, b) => `(v128.and ${a} ${b})`;
const or = (a, b) => `(v128.or ${a} ${b})`;
const xor = (a, b) => `(v128.xor ${a} ${b})`;
const andnot = (a, b) => `(v128.andnot ${a} ${b})`;
const rec = (field, k = 0) => `(i32.load offset=${4 * (R[field] + k)} ${L('rec')})`;
const ZERO = '(v128.const i64x2 0 0)';
const ONES = '(v128.const i64x2 -1 -1)';
/** splat(-(bit p of scalar local v)): all ones where the bit is set. */
const bitMask = (v, p) =>
  `(i32x4.splat (i32.sub (i32.const 0) (i32.and (i32.shr_u ${L(v)} (i32.const ${p})) (i32.const 1))))`;

/** One xoshiro128++ step of the four lane streams into local `out`. */
function rng(out) {
  return [
    set('x', `(i32x4.add ${L('s0')} ${L('s3')})`),
    set(
      out,
      `(i32x4.add (v128.or (i32x4.shl ${L('x')} (i32.const 7)) (i32x4.shr_u ${L('x')} (i32.const 25))) ${L('s0')})`,
    ),
    set('x', `(i32x4.shl ${L('s1')} (i32.const 9))`),
    set('s2', xor(L('s2'), L('s0'))),
    set('s3', xor(L('s3'), L('s1'))),
    set('s1', xor(L('s1'), L('s2'))),
    set('s0', xor(L('s0'), L('s3'))),
    set('s2', xor(L('s2'), L('x'))),
    set('s3', `(v128.or (i32x4.shl ${L('s3')} (i32.const 11)) (i32x4.shr_u ${L('s3')} (i32.const 21)))`),
  ].join('\n');
}

/** [K == value of scalar local v] over planes 0..P-1 (v in [0, 2^P)). */
function eqMask(v, P, out) {
  const lines = [set(out, xor(L('k0'), `(i32x4.splat (i32.sub (i32.and ${L(v)} (i32.const 1)) (i32.const 1)))`))];
  for (let p = 1; p < P; p++) {
    lines.push(
      set(
        out,
        and(
          L(out),
          xor(
            L(`k${p}`),
            `(i32x4.splat (i32.sub (i32.and (i32.shr_u ${L(v)} (i32.const ${p})) (i32.const 1)) (i32.const 1)))`,
          ),
        ),
      ),
    );
  }
  return lines.join('\n');
}

/**
 * [K > value of scalar local g] over planes 0..P-1 (g in [-1, 2^P)), MSB-first comparison, into `out`; with
 * `wantEq` the local eq ends as [K == g] (when g >= 0).
 */
function gtMask(g, P, out, wantEq = false) {
  const cmp = [];
  for (let p = P - 1; p >= 0; p--) {
    cmp.push(set('m', bitMask(g, p)));
    if (p === P - 1) {
      cmp.push(set(out, andnot(L(`k${p}`), L('m'))));
      if (p > 0 || wantEq) cmp.push(set('eq', `(v128.not ${xor(L(`k${p}`), L('m'))})`));
    } else {
      cmp.push(set(out, or(L(out), and(L('eq'), andnot(L(`k${p}`), L('m'))))));
      if (p > 0 || wantEq) cmp.push(set('eq', andnot(L('eq'), xor(L(`k${p}`), L('m')))));
    }
  }
  return `(if (i32.lt_s ${L(g)} (i32.const 0)) (then ${set(out, ONES)}) (else ${cmp.join('\n')}))`;
}

/** The code of one plane count P: field count, pos, ge0, window masks, cmb table. */
function variant(P) {
  const out = [];
  for (let p = 0; p < MAX_PLANES; p++) out.push(set(`k${p}`, ZERO));
  out.push(set('e', rec('E0')));
  // segment 2s + neg: edges entering at plane s, with J > 0 (neg = 0: c = s_j) or J < 0 (neg = 1: c = NOT s_j)
  for (let seg = 0; seg < 2 * P; seg++) {
    const s = seg >> 1;
    const neg = seg & 1;
    out.push(set('end', rec('SEG', seg)));
    const ripple = [];
    for (let p = s; p < P; p++) {
      if (p < P - 1) {
        ripple.push(set('t', and(L(`k${p}`), L('c'))));
        ripple.push(set(`k${p}`, xor(L(`k${p}`), L('c'))));
        ripple.push(set('c', L('t')));
      } else {
        ripple.push(set(`k${p}`, xor(L(`k${p}`), L('c'))));
      }
    }
    const load = `(v128.load (i32.add ${L('off')} (i32.load (i32.add ${L('pEdge')} (i32.shl ${L('e')} (i32.const 2))))))`;
    out.push(`(block $a${P}_${seg} (loop $l${P}_${seg}
  (br_if $a${P}_${seg} (i32.ge_u ${L('e')} ${L('end')}))
  ${set('c', neg ? `(v128.not ${load})` : load)}
  ${ripple.join('\n  ')}
  ${set('e', `(i32.add ${L('e')} (i32.const 1))`)}
  (br $l${P}_${seg})))`);
  }
  // pos = [K > GT] (= [I > 0]); ge0 = [K > G0] (= level-0 bit of p(I), [I >= 0] for beta > 0)
  // G0MODE 0: G0 = GT; 1: G0 = GT - 1 (I = 0 reachable: ge0 = pos OR [K == GT]); 2: any other G0 (beta ~ 0)
  out.push(set('g', rec('GT')));
  out.push(gtMask('g', P, 'pos', true));
  out.push(`(block $g0 (block $g0m2 (block $g0m1 (block $g0m0 (br_table $g0m0 $g0m1 $g0m2 ${rec('G0MODE')}))
    ${set('ge0', L('pos'))} (br $g0))
    ${set('ge0', or(L('pos'), L('eq')))} (br $g0))
    ${set('g', rec('G0'))} ${gtMask('g', P, 'ge0')})`);
  // window masks a0..a3 ([K == kwin_j]; zero when the value is out of range)
  for (let j = 0; j < 4; j++) {
    out.push(set('g', rec('WIN', j)));
    out.push(`(if (i32.lt_s ${L('g')} (i32.const 0)) (then ${set(`a${j}`, ZERO)}) (else ${eqMask('g', P, `a${j}`)}))`);
  }
  return out.join('\n');
}

/** cmb[m] = OR of a_j for the set bits j of m, m = 0..15, stored at pCmb. */
function cmbTable() {
  const out = [];
  for (let m = 0; m < 16; m++) {
    let v = ZERO;
    const parts = [0, 1, 2, 3].filter((j) => (m >> j) & 1).map((j) => L(`a${j}`));
    if (parts.length) v = parts.reduce((x, y) => or(x, y));
    out.push(`(v128.store offset=${16 * m} ${L('pCmb')} ${v})`);
  }
  return out.join('\n');
}

function kernel() {
  const locals = ['n', 'words', 'count', 'pS', 'pOrder', 'pRec', 'pEdge', 'pP64', 'pPat', 'pLcut', 'pCmb', 'pRng'];
  const i32 = [
    'w',
    'sw',
    'oi',
    'i',
    'off',
    'rec',
    'e',
    'end',
    'ed',
    'g',
    'b',
    'par',
    'lcut',
    'kv',
    'wsum',
    'tbl',
    'P',
    'patp',
  ];
  const v = ['c', 't', 'm', 'pos', 'ge0', 'eq', 'lt', 'r', 'x', 's0', 's1', 's2', 's3', 'a0', 'a1', 'a2', 'a3'];
  for (let p = 0; p < MAX_PLANES; p++) v.push(`k${p}`);
  // dispatch on P: blocks $v1..$v8 nested, the variant code of P after the end of block $vP
  let dispatch = `(br_table ${Array.from({ length: MAX_PLANES }, (_, k) => `$v${k + 1}`).join(' ')} (i32.sub ${L('P')} (i32.const 1)))`;
  for (let P = 1; P <= MAX_PLANES; P++) {
    dispatch = `(block $v${P}\n${dispatch})\n${variant(P)}\n(br $planesDone)`;
  }
  // slow bit b: OR over every K value kv of [K == kv] & bit b of p64(I(kv))
  const slow = `${set('c', ZERO)}
${set('kv', '(i32.const 0)')}
(block $sd (loop $sl
  (br_if $sd (i32.gt_s ${L('kv')} ${L('wsum')}))
  (if (i32.wrap_i64 (i64.and (i64.shr_u (i64.load (i32.add ${L('pP64')} (i32.shl (i32.add ${L('tbl')} (i32.shl ${L('kv')} (i32.const 1))) (i32.const 3))))
        (i64.extend_i32_u (i32.sub (i32.const 63) ${L('b')}))) (i64.const 1)))
    (then ${eqMask('kv', MAX_PLANES, 'm')} ${set('c', or(L('c'), L('m')))}))
  ${set('kv', `(i32.add ${L('kv')} (i32.const 1))`)}
  (br $sl)))`;
  return `;; GENERATED by scripts/gen-msc-wat.js: do not edit by hand (edit the script, then run it and npm run build:wasm).
;; Multi-spin-coded exact heat bath, 128 replicas per v128; the algorithm is documented in lib/samplers/packed-msc.ts.
;; sweep(n, words, count, pS, pOrder, pRec, pEdge, pP64, pPat, pLcut, pCmb, pRng): byte addresses set by the caller.
;; Per-spin record (${REC_BYTES} bytes, i32): P, first edge, segment ends (entry plane 0..7 x sign), [I>0] and level-0 thresholds on K,
;; G0 mode, parity, p64 index of K=0, W, K of the four window values. Edge word: neighbour * 16 (byte offset).
(module
  (memory (import "env" "memory") 1)
  (func $sweep (export "sweep")
    ${locals.map((x) => `(param $${x} i32)`).join(' ')}
    ${i32.map((x) => `(local $${x} i32)`).join(' ')}
    ${v.map((x) => `(local $${x} v128)`).join(' ')}
    ${set('s0', `(v128.load ${L('pRng')})`)}
    ${set('s1', `(v128.load offset=16 ${L('pRng')})`)}
    ${set('s2', `(v128.load offset=32 ${L('pRng')})`)}
    ${set('s3', `(v128.load offset=48 ${L('pRng')})`)}
    ${set('w', '(i32.const 0)')}
    (block $wordsDone (loop $wordLoop
      (br_if $wordsDone (i32.ge_u ${L('w')} ${L('words')}))
      ${set('off', `(i32.add ${L('pS')} (i32.shl (i32.mul ${L('w')} ${L('n')}) (i32.const 4)))`)}
      ${set('sw', '(i32.const 0)')}
      (block $sweepsDone (loop $sweepLoop
        (br_if $sweepsDone (i32.ge_u ${L('sw')} ${L('count')}))
        ${set('oi', '(i32.const 0)')}
        (block $spinsDone (loop $spinLoop
          (br_if $spinsDone (i32.ge_u ${L('oi')} ${L('n')}))
          ${set('i', `(i32.load (i32.add ${L('pOrder')} (i32.shl ${L('oi')} (i32.const 2))))`)}
          ${set('rec', `(i32.add ${L('pRec')} (i32.mul ${L('i')} (i32.const ${REC_BYTES})))`)}
          ${set('P', rec('P'))}
          (block $planesDone
${dispatch}
          )
          ${cmbTable()}
          ${set('par', rec('PAR'))}
          ${set('lcut', `(i32.load (i32.add ${L('pLcut')} (i32.shl ${L('par')} (i32.const 2))))`)}
          ${set('patp', `(i32.add ${L('pPat')} (i32.shl ${L('par')} (i32.const 6)))`)}
          ${set('wsum', rec('W'))}
          ${set('tbl', rec('TBL'))}
          ;; level 0: bit 0 of p(I) is [I >= 0]; r = NOT u (uniform all the same)
          ${rng('r')}
          ${set('lt', and(L('r'), L('ge0')))}
          ${set('eq', xor(L('r'), L('ge0')))}
          ${set('b', '(i32.const 1)')}
          ;; levels 1..lcut-1: bit b = pos XOR cmb[pat[b]] (pat bytes hold the cmb byte offset 16 m)
          (block $levelsDone
          (block $fastDone (loop $fastLoop
            (br_if $levelsDone (i32.eqz (v128.any_true ${L('eq')})))
            (br_if $fastDone (i32.ge_u ${L('b')} ${L('lcut')}))
            ${rng('r')}
            ${set('c', xor(L('pos'), `(v128.load (i32.add ${L('pCmb')} (i32.load8_u (i32.add ${L('patp')} ${L('b')}))))`))}
            ${set('lt', or(L('lt'), and(and(L('eq'), L('r')), L('c'))))}
            ${set('eq', and(L('eq'), xor(L('r'), L('c'))))}
            ${set('b', `(i32.add ${L('b')} (i32.const 1))`)}
            (br $fastLoop)))
          ;; levels lcut..63 (rare): bit b from every K value
          (loop $slowLoop
            (br_if $levelsDone (i32.eqz (v128.any_true ${L('eq')})))
            (br_if $levelsDone (i32.ge_u ${L('b')} (i32.const 64)))
            ${rng('r')}
            ${slow}
            ${set('lt', or(L('lt'), and(and(L('eq'), L('r')), L('c'))))}
            ${set('eq', and(L('eq'), xor(L('r'), L('c'))))}
            ${set('b', `(i32.add ${L('b')} (i32.const 1))`)}
            (br $slowLoop)))
          (v128.store (i32.add ${L('off')} (i32.shl ${L('i')} (i32.const 4))) ${L('lt')})
          ${set('oi', `(i32.add ${L('oi')} (i32.const 1))`)}
          (br $spinLoop)))
        ${set('sw', `(i32.add ${L('sw')} (i32.const 1))`)}
        (br $sweepLoop)))
      ${set('w', `(i32.add ${L('w')} (i32.const 1))`)}
      (br $wordLoop)))
    (v128.store ${L('pRng')} ${L('s0')})
    (v128.store offset=16 ${L('pRng')} ${L('s1')})
    (v128.store offset=32 ${L('pRng')} ${L('s2')})
    (v128.store offset=48 ${L('pRng')} ${L('s3')})))
`;
}

function main() {
  const text = kernel();
  if (process.argv.includes('--check')) {
    const ok = fs.existsSync(OUT) && fs.readFileSync(OUT, 'utf8') === text;
    console.log(`${ok ? 'ok   ' : 'STALE'} ${path.relative(process.cwd(), OUT)}`);
    if (!ok) process.exit(1);
  } else {
    fs.writeFileSync(OUT, text);
    console.log(`wrote ${path.relative(process.cwd(), OUT)} (${text.length} chars)`);
  }
}

module.exports = { kernel, REC_BYTES, R, MAX_PLANES };
if (require.main === module) main();

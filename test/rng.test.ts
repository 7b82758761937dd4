import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvlogicError } from '../lib/errors';
import {
  Arc4,
  FibonacciLfsr16,
  GaloisLfsr32,
  RNG_KINDS,
  Sfc32,
  Xorshift64p,
  Xoshiro128ss,
  createRng,
  hashSeed,
  randInt,
  shuffleInPlace,
} from '../lib/rng';

describe('xoshiro128**', () => {
  it('matches the reference C implementation from state [1, 2, 3, 4]', () => {
    const g = new Xoshiro128ss([1, 2, 3, 4]);
    assert.deepEqual(
      Array.from({ length: 5 }, () => g.nextU32()),
      [11520, 0, 5927040, 70819200, 2031721883],
    );
  });
  it('rejects the all-zero state', () => {
    assert.throws(() => new Xoshiro128ss([0, 0, 0, 0]), InvlogicError);
  });
  it('nextFloat is in [0, 1) and is the 32-bit word / 2^32', () => {
    const a = Xoshiro128ss.fromSeed(1);
    const b = Xoshiro128ss.fromSeed(1);
    for (let i = 0; i < 1000; i++) {
      const x = a.nextFloat();
      assert.ok(x >= 0 && x < 1);
      assert.equal(x, b.nextU32() / 2 ** 32);
    }
  });
});

/** Vigna's xorshift128+ with the 23/17/26 shift triple, in 64-bit BigInt arithmetic (the lib/rng doc form:
 *  output s[0] + s[1] of the state before the update). */
function xorshift128plusReference(s0: bigint, s1: bigint): () => bigint {
  const M = (1n << 64n) - 1n;
  const s = [s0, s1];
  return () => {
    const result = (s[0] + s[1]) & M;
    let x = s[0];
    const y = s[1];
    s[0] = y;
    x ^= (x << 23n) & M;
    s[1] = (x ^ y ^ (x >> 17n) ^ (y >> 26n)) & M;
    return result;
  };
}

describe('xorshift64+ (xorshift128+, shifts 23/17/26)', () => {
  it('matches a BigInt reference for 1000 outputs from several states', () => {
    const states = [
      [0, 1, 0, 2],
      [0xdeadbeef, 0x12345678, 0x9abcdef0, 0x0fedcba9],
      [0xffffffff, 0xffffffff, 0xffffffff, 0xfffffffe],
      Array.from(hashSeed('xorshift', 0, 4)),
    ];
    for (const st of states) {
      const g = new Xorshift64p(st);
      const ref = xorshift128plusReference(
        (BigInt(st[0]) << 32n) | BigInt(st[1]),
        (BigInt(st[2]) << 32n) | BigInt(st[3]),
      );
      for (let k = 0; k < 1000; k++) {
        g.next64();
        const expected = ref();
        assert.equal((BigInt(g.hi) << 32n) | BigInt(g.lo), expected, `state ${st} output ${k}`);
      }
    }
  });
  it("the output stream is Vigna's 2014 C code's (which returns the sum after the update) shifted by one", () => {
    // C: s1 = s[0]; s0 = s[1]; s[0] = s0; s1 ^= s1 << 23; s[1] = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26); return s[1] + s0;
    const M = (1n << 64n) - 1n;
    const s = [0x0123456789abcdefn, 0x0fedcba987654321n];
    const c = (): bigint => {
      let s1 = s[0];
      const s0 = s[1];
      s[0] = s0;
      s1 ^= (s1 << 23n) & M;
      s[1] = (s1 ^ s0 ^ (s1 >> 17n) ^ (s0 >> 26n)) & M;
      return (s[1] + s0) & M;
    };
    const g = new Xorshift64p([0x01234567, 0x89abcdef, 0x0fedcba9, 0x87654321]);
    g.next64();
    for (let k = 0; k < 100; k++) {
      g.next64();
      assert.equal((BigInt(g.hi) << 32n) | BigInt(g.lo), c());
    }
  });
  it('nextU32 is the high word; state() round-trips; zero state rejected', () => {
    const g = Xorshift64p.fromSeed(3);
    const h = new Xorshift64p(g.state());
    h.next64();
    assert.equal(g.nextU32(), h.hi);
    assert.throws(() => new Xorshift64p([0, 0, 0, 0]), /must not be all zero/);
  });
});

describe('LFSRs', () => {
  it('16-bit Fibonacci LFSR (taps 16, 14, 13, 11) has period 65535 and visits every non-zero state', () => {
    const g = new FibonacciLfsr16(0xace1);
    const seen = new Uint8Array(65536);
    let period = 0;
    do {
      assert.equal(seen[g.register], 0, 'no state repeats within a period');
      seen[g.register] = 1;
      g.step();
      period++;
    } while (g.register !== 0xace1 && period <= 70000);
    assert.equal(period, 65535);
    assert.equal(seen[0], 0);
  });
  it('32-bit Galois LFSR: zero state rejected, output deterministic, never zero', () => {
    assert.throws(() => new GaloisLfsr32(0), InvlogicError);
    assert.throws(() => new FibonacciLfsr16(0x10000), InvlogicError); // masks to zero
    const a = GaloisLfsr32.fromSeed(9);
    const b = GaloisLfsr32.fromSeed(9);
    for (let i = 0; i < 100; i++) {
      const x = a.nextU32();
      assert.equal(x, b.nextU32());
      assert.notEqual(x, 0);
    }
  });
  it('32-bit Galois LFSR: the step is the documented shift-and-xor', () => {
    const g = new GaloisLfsr32(1);
    assert.equal(g.step(), 1);
    assert.equal(g.register, GaloisLfsr32.TAPS >>> 0);
    const h = new GaloisLfsr32(2);
    assert.equal(h.step(), 0);
    assert.equal(h.register, 1);
  });
});

describe('hashSeed and createRng', () => {
  it('hashSeed is deterministic, stream-separated, and never all zero', () => {
    assert.deepEqual([...hashSeed(42, 3)], [...hashSeed(42, 3)]);
    assert.notDeepEqual([...hashSeed(42, 3)], [...hashSeed(42, 4)]);
    assert.notDeepEqual([...hashSeed(42, 0)], [...hashSeed(43, 0)]);
    assert.notDeepEqual([...hashSeed(1)], [...hashSeed('1')], 'number and string seeds differ');
    assert.equal(hashSeed('x', 0, 7).length, 7);
    const firstWords = new Set<number>();
    for (let s = 0; s < 2000; s++) {
      const w = hashSeed(s, s % 5);
      assert.ok(w.some((v) => v !== 0));
      firstWords.add(w[0]);
    }
    assert.equal(firstWords.size, 2000, 'no collisions among 2000 seeds');
  });
  it('rejects bad seeds', () => {
    for (const seed of [-1, 1.5, NaN, 2 ** 60]) {
      assert.throws(
        () => hashSeed(seed),
        (e: unknown) => e instanceof InvlogicError && e.parameter === 'seed',
      );
    }
  });
  it('createRng builds every kind deterministically and rejects unknown kinds', () => {
    for (const kind of RNG_KINDS) {
      const a = createRng(kind, 'abc', 2);
      const b = createRng(kind, 'abc', 2);
      for (let i = 0; i < 10; i++) assert.equal(a.nextU32(), b.nextU32());
    }
    assert.ok(createRng('sfc32', 1) instanceof Sfc32);
    assert.throws(
      () => createRng('mt19937' as never, 1),
      (e: unknown) =>
        e instanceof InvlogicError &&
        /rng must be one of xoshiro128ss\|sfc32\|xorshift64p\|lfsr32\|arc4/.test(e.message),
    );
    assert.throws(() => createRng('xoshiro128ss', -5), /seed must be a non-negative safe integer/);
  });
  it('randInt stays in range and is roughly uniform; shuffle permutes', () => {
    const g = Xoshiro128ss.fromSeed(5);
    const counts = new Array(7).fill(0);
    const n = 70000;
    for (let i = 0; i < n; i++) counts[randInt(g, 7)]++;
    // each count ~ Binomial(n, 1/7): sd = sqrt(n/7 * 6/7) ~ 92.6; 6 sd bound
    for (const c of counts) assert.ok(Math.abs(c - n / 7) < 6 * 92.6, `count ${c}`);
    const a = Array.from({ length: 50 }, (_, i) => i);
    shuffleInPlace(g, a);
    assert.deepEqual(
      [...a].sort((x, y) => x - y),
      Array.from({ length: 50 }, (_, i) => i),
    );
    assert.notDeepEqual(
      a,
      Array.from({ length: 50 }, (_, i) => i),
    );
  });
});

describe('arc4 (seedrandom)', () => {
  it("reproduces seedrandom's published value for seed 'hello.' and is deterministic per seed and stream", () => {
    // seedrandom's README: new Math.seedrandom('hello.')() is always 0.9282578795792454.
    assert.equal(Arc4.fromSeedText('hello.').nextDouble53(), 0.9282578795792454);
    const a = createRng('arc4', 'run', 3);
    const b = createRng('arc4', 'run', 3);
    const c = createRng('arc4', 'run', 4);
    const xa = Array.from({ length: 8 }, () => a.nextU32());
    assert.deepEqual(
      xa,
      Array.from({ length: 8 }, () => b.nextU32()),
    );
    assert.notDeepEqual(
      xa,
      Array.from({ length: 8 }, () => c.nextU32()),
    );
    for (const x of xa) assert.ok(Number.isInteger(x) && x >= 0 && x < 2 ** 32);
  });
});

;; Replica-packed exact p-bit kernel, WebAssembly SIMD: 128 replicas per v128 (bit r of the vector = replica r).
;; The algorithm is the one of lib/samplers/packed.ts (read its header): bit-sliced field count, per-level
;; masks, per-replica MSB-first comparison of a private 32-bit uniform with the level's threshold.
;; Random bits: xoshiro128** run as four independent 32-bit streams in the four i32 lanes of a v128.
;; Memory layout (byte addresses, set by the caller): see PackedWasm in packed.ts.
(module
  (memory (import "env" "memory") 1)
  (func $sweep (export "sweep")
    (param $n i32) (param $words i32) (param $count i32) (param $planes i32)
    (param $pS i32) (param $pRow i32) (param $pEdge i32)
    (param $pBase i32) (param $pW i32) (param $pOrder i32) (param $pThr i32) (param $pKind i32)
    (param $pAcc i32) (param $pLM i32) (param $pLT i32) (param $pRng i32)
    (local $w i32) (local $sw i32) (local $oi i32) (local $i i32) (local $off i32)
    (local $e i32) (local $ed i32) (local $end i32) (local $wt i32) (local $plane i32) (local $p i32) (local $addr i32)
    (local $lev i32) (local $wsum i32) (local $k i32) (local $kind i32) (local $nl i32) (local $bit i32)
    (local $l i32) (local $thrOff i32)
    (local $c v128) (local $carry v128) (local $a v128) (local $m v128) (local $accept v128) (local $und v128)
    (local $t v128) (local $u v128) (local $mm v128) (local $tt v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $s0 (v128.load (local.get $pRng)))
    (local.set $s1 (v128.load offset=16 (local.get $pRng)))
    (local.set $s2 (v128.load offset=32 (local.get $pRng)))
    (local.set $s3 (v128.load offset=48 (local.get $pRng)))
    (local.set $w (i32.const 0))
    (block $wordsDone (loop $wordLoop
      (br_if $wordsDone (i32.ge_u (local.get $w) (local.get $words)))
      (local.set $off (i32.add (local.get $pS) (i32.shl (i32.mul (local.get $w) (local.get $n)) (i32.const 4))))
      (local.set $sw (i32.const 0))
      (block $sweepsDone (loop $sweepLoop
        (br_if $sweepsDone (i32.ge_u (local.get $sw) (local.get $count)))
        (local.set $oi (i32.const 0))
        (block $spinsDone (loop $spinLoop
          (br_if $spinsDone (i32.ge_u (local.get $oi) (local.get $n)))
          (local.set $i (i32.load (i32.add (local.get $pOrder) (i32.shl (local.get $oi) (i32.const 2)))))
          ;; C <= W_i = sum_j |J_ij| needs 32 - clz(W_i) bit planes
          (local.set $wsum (i32.load (i32.add (local.get $pW) (i32.shl (local.get $i) (i32.const 2)))))
          (local.set $planes (i32.sub (i32.const 32) (i32.clz (local.get $wsum))))
          ;; 1. clear the accumulator planes
          (local.set $p (i32.const 0))
          (block $clr (loop $clrLoop
            (br_if $clr (i32.ge_u (local.get $p) (local.get $planes)))
            (v128.store (i32.add (local.get $pAcc) (i32.shl (local.get $p) (i32.const 4))) (v128.const i64x2 0 0))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $clrLoop)))
          ;; bit-sliced C = sum_j |J_ij| c_j
          (local.set $e (i32.load (i32.add (local.get $pRow) (i32.shl (local.get $i) (i32.const 2)))))
          (local.set $end (i32.load offset=4 (i32.add (local.get $pRow) (i32.shl (local.get $i) (i32.const 2)))))
          (block $edgesDone (loop $edgeLoop
            (br_if $edgesDone (i32.ge_u (local.get $e) (local.get $end)))
            ;; edge word: neighbour << 8 | (J < 0) << 7 | |J|
            (local.set $ed (i32.load (i32.add (local.get $pEdge) (i32.shl (local.get $e) (i32.const 2)))))
            (local.set $c (v128.xor
              (v128.load (i32.add (local.get $off) (i32.shl (i32.shr_u (local.get $ed) (i32.const 8)) (i32.const 4))))
              (i32x4.splat (i32.sub (i32.const 0) (i32.and (i32.shr_u (local.get $ed) (i32.const 7)) (i32.const 1))))))
            (local.set $wt (i32.and (local.get $ed) (i32.const 127)))
            (local.set $plane (i32.const 0))
            (block $wtDone (loop $wtLoop
              (br_if $wtDone (i32.eqz (local.get $wt)))
              (if (i32.and (local.get $wt) (i32.const 1))
                (then
                  (local.set $carry (local.get $c))
                  (local.set $p (local.get $plane))
                  (block $addDone (loop $addLoop
                    (br_if $addDone (i32.ge_u (local.get $p) (local.get $planes)))
                    (br_if $addDone (i32.eqz (v128.any_true (local.get $carry))))
                    (local.set $addr (i32.add (local.get $pAcc) (i32.shl (local.get $p) (i32.const 4))))
                    (local.set $a (v128.load (local.get $addr)))
                    (v128.store (local.get $addr) (v128.xor (local.get $a) (local.get $carry)))
                    (local.set $carry (v128.and (local.get $carry) (local.get $a)))
                    (local.set $p (i32.add (local.get $p) (i32.const 1)))
                    (br $addLoop)))))
              (local.set $wt (i32.shr_u (local.get $wt) (i32.const 1)))
              (local.set $plane (i32.add (local.get $plane) (i32.const 1)))
              (br $wtLoop)))
            (local.set $e (i32.add (local.get $e) (i32.const 1)))
            (br $edgeLoop)))
          ;; 2. level masks; saturated thresholds decide without randomness
          (local.set $thrOff (i32.load (i32.add (local.get $pBase) (i32.shl (local.get $i) (i32.const 2)))))
          (local.set $nl (i32.const 0))
          (local.set $accept (v128.const i64x2 0 0))
          (local.set $und (v128.const i64x2 0 0))
          (local.set $lev (i32.const 0))
          (block $levDone (loop $levLoop
            (br_if $levDone (i32.gt_u (local.get $lev) (local.get $wsum)))
            (local.set $m (v128.const i64x2 -1 -1))
            (local.set $p (i32.const 0))
            (block $mDone (loop $mLoop
              (br_if $mDone (i32.ge_u (local.get $p) (local.get $planes)))
              (br_if $mDone (i32.eqz (v128.any_true (local.get $m))))
              (local.set $a (v128.load (i32.add (local.get $pAcc) (i32.shl (local.get $p) (i32.const 4)))))
              (if (i32.and (i32.shr_u (local.get $lev) (local.get $p)) (i32.const 1))
                (then (local.set $m (v128.and (local.get $m) (local.get $a))))
                (else (local.set $m (v128.andnot (local.get $m) (local.get $a)))))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br $mLoop)))
            (if (v128.any_true (local.get $m))
              (then
                (local.set $k (i32.shl (i32.add (local.get $thrOff) (i32.shl (local.get $lev) (i32.const 1))) (i32.const 2)))
                (local.set $kind (i32.load (i32.add (local.get $pKind) (local.get $k))))
                (if (i32.eq (local.get $kind) (i32.const 1))
                  (then (local.set $accept (v128.or (local.get $accept) (local.get $m))))
                  (else (if (i32.eqz (local.get $kind))
                    (then
                      (v128.store (i32.add (local.get $pLM) (i32.shl (local.get $nl) (i32.const 4))) (local.get $m))
                      (v128.store (i32.add (local.get $pLT) (i32.shl (local.get $nl) (i32.const 4)))
                        (i32x4.splat (i32.load (i32.add (local.get $pThr) (local.get $k)))))
                      (local.set $nl (i32.add (local.get $nl) (i32.const 1)))
                      (local.set $und (v128.or (local.get $und) (local.get $m)))))))))
            (local.set $lev (i32.add (local.get $lev) (i32.const 1)))
            (br $levLoop)))
          ;; 3. per-replica u < P, MSB first, one 128-bit random word per bit depth
          (local.set $bit (i32.const 31))
          (block $decDone (loop $decLoop
            (br_if $decDone (i32.eqz (v128.any_true (local.get $und))))
            (br_if $decDone (i32.lt_s (local.get $bit) (i32.const 0)))
            (local.set $t (v128.const i64x2 0 0))
            (local.set $l (i32.const 0))
            (block $lDone (loop $lLoop
              (br_if $lDone (i32.ge_u (local.get $l) (local.get $nl)))
              (local.set $m (v128.load (i32.add (local.get $pLM) (i32.shl (local.get $l) (i32.const 4)))))
              (if (v128.any_true (v128.and (local.get $m) (local.get $und)))
                (then
                  ;; the level's threshold, shifted left once per depth: its sign bit is bit $bit of P
                  (local.set $addr (i32.add (local.get $pLT) (i32.shl (local.get $l) (i32.const 4))))
                  (local.set $a (v128.load (local.get $addr)))
                  (local.set $t (v128.or (local.get $t) (v128.and (local.get $m) (i32x4.shr_s (local.get $a) (i32.const 31)))))
                  (v128.store (local.get $addr) (i32x4.shl (local.get $a) (i32.const 1)))
                  (local.set $l (i32.add (local.get $l) (i32.const 1))))
                (else
                  ;; every replica of this level is decided: drop it (swap with the last)
                  (local.set $nl (i32.sub (local.get $nl) (i32.const 1)))
                  (v128.store (i32.add (local.get $pLM) (i32.shl (local.get $l) (i32.const 4)))
                    (v128.load (i32.add (local.get $pLM) (i32.shl (local.get $nl) (i32.const 4)))))
                  (v128.store (i32.add (local.get $pLT) (i32.shl (local.get $l) (i32.const 4)))
                    (v128.load (i32.add (local.get $pLT) (i32.shl (local.get $nl) (i32.const 4)))))))
              (br $lLoop)))
            ;; xoshiro128** x4
            (local.set $mm (i32x4.mul (local.get $s1) (i32x4.splat (i32.const 5))))
            (local.set $u (i32x4.mul
              (v128.or (i32x4.shl (local.get $mm) (i32.const 7)) (i32x4.shr_u (local.get $mm) (i32.const 25)))
              (i32x4.splat (i32.const 9))))
            (local.set $tt (i32x4.shl (local.get $s1) (i32.const 9)))
            (local.set $s2 (v128.xor (local.get $s2) (local.get $s0)))
            (local.set $s3 (v128.xor (local.get $s3) (local.get $s1)))
            (local.set $s1 (v128.xor (local.get $s1) (local.get $s2)))
            (local.set $s0 (v128.xor (local.get $s0) (local.get $s3)))
            (local.set $s2 (v128.xor (local.get $s2) (local.get $tt)))
            (local.set $s3 (v128.or (i32x4.shl (local.get $s3) (i32.const 11)) (i32x4.shr_u (local.get $s3) (i32.const 21))))
            (local.set $accept (v128.or (local.get $accept) (v128.andnot (v128.and (local.get $und) (local.get $t)) (local.get $u))))
            (local.set $und (v128.andnot (local.get $und) (v128.xor (local.get $t) (local.get $u))))
            (local.set $bit (i32.sub (local.get $bit) (i32.const 1)))
            (br $decLoop)))
          (v128.store (i32.add (local.get $off) (i32.shl (local.get $i) (i32.const 4))) (local.get $accept))
          (local.set $oi (i32.add (local.get $oi) (i32.const 1)))
          (br $spinLoop)))
        (local.set $sw (i32.add (local.get $sw) (i32.const 1)))
        (br $sweepLoop)))
      (local.set $w (i32.add (local.get $w) (i32.const 1)))
      (br $wordLoop)))
    (v128.store (local.get $pRng) (local.get $s0))
    (v128.store offset=16 (local.get $pRng) (local.get $s1))
    (v128.store offset=32 (local.get $pRng) (local.get $s2))
    (v128.store offset=48 (local.get $pRng) (local.get $s3))))

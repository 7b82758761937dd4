;; Exact p-bit sampler, integer kernel, all sweeps of one constant-beta stretch in one call (WebAssembly;
;; lib/samplers/exact.ts, kernel "wasm"). The same computation as sweepInteger/sweepIntegerSequential in
;; exact.ts, bit for bit:
;;   x = xoshiro128** output (state s0..s3 at pRng), d = (x ^ 2^31) >> 1 (arithmetic) = floor(x/2) - 2^30,
;;   m_i <- +1 if d < C(I_i) else -1,
;;   on a flip every neighbour's field changes by 2 m_i J_ij.
;; Memory layout (built by exact.ts; byte addresses), chosen so that the loop needs few live registers: with
;; the earlier eight-array layout V8 spilled the xoshiro state to the stack, which put a store-load round trip
;; on the generator's dependency chain (2.8x slower than C; now see docs/samplers-exact.md):
;;   records, one per free spin, 16 bytes each, IN REVERSE VISITING ORDER from address 0 (the first spin
;;   visited is the last record, at pLast; the loop walks down to 0, so its end test needs no register):
;;     +0  address of the spin's threshold-table entry, pTable + 4 (I_i + maxField) (the field, as an address)
;;     +4  spin m_i (+-1)
;;     +8  first byte of its edge list, +12 end of its edge list
;;   edges, 8 bytes each: +0 the neighbour's record address, +4 8 J_ij (field change per unit m_i, in bytes);
;;   table: int32 C(I) for I in [-maxField, maxField]; rng: 4 x i32 at pRng, then the i32 flip counter at
;;   pRng + 16, incremented per accepted flip (the caller zeroes it and keeps nSweeps x spins below 2^31).
(module
  (memory (import "env" "memory") 1)
  ;; Start of a chain: every record's field address from the spins, C(0)'s address pC0 + 4 h_i + sum_j 4 J_ij m_j,
  ;; with the 4 h_i (i32) at pH + rec / 4 (same reverse order as the records). One pass over the edges.
  (func (export "fields") (param $pLast i32) (param $pH i32) (param $pC0 i32)
    (local $rec i32) (local $acc i32) (local $q i32) (local $end i32)
    (local.set $rec (local.get $pLast))
    (block $done
      (br_if $done (i32.lt_s (local.get $rec) (i32.const 0)))
      (loop $spin
        (local.set $acc
          (i32.add (local.get $pC0) (i32.load (i32.add (local.get $pH) (i32.shr_u (local.get $rec) (i32.const 2))))))
        (local.set $q (i32.load offset=8 (local.get $rec)))
        (local.set $end (i32.load offset=12 (local.get $rec)))
        (block $nbDone
          (br_if $nbDone (i32.ge_u (local.get $q) (local.get $end)))
          (loop $nb
            ;; 8 J m / 2 = 4 J m
            (local.set $acc
              (i32.add (local.get $acc)
                (i32.shr_s
                  (i32.mul (i32.load offset=4 (local.get $q)) (i32.load offset=4 (i32.load (local.get $q))))
                  (i32.const 1))))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (br_if $nb (i32.lt_u (local.get $q) (local.get $end)))))
        (i32.store (local.get $rec) (local.get $acc))
        (local.set $rec (i32.sub (local.get $rec) (i32.const 16)))
        (br_if $spin (i32.ge_s (local.get $rec) (i32.const 0))))))
  (func (export "sweeps")
    (param $pLast i32) (param $pRng i32) (param $nSweeps i32)
    (local $rec i32) (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32)
    (local $d i32) (local $sh i32) (local $next i32) (local $q i32) (local $end i32)
    (local $a i32)
    (local.set $s0 (i32.load (local.get $pRng)))
    (local.set $s1 (i32.load offset=4 (local.get $pRng)))
    (local.set $s2 (i32.load offset=8 (local.get $pRng)))
    (local.set $s3 (i32.load offset=12 (local.get $pRng)))
    (block $allDone
      (br_if $allDone (i32.le_s (local.get $nSweeps) (i32.const 0)))
      (br_if $allDone (i32.lt_s (local.get $pLast) (i32.const 0)))
      (loop $sweep
        (local.set $rec (local.get $pLast))
        (loop $spin
          ;; xoshiro128**: output rotl(s1 * 5, 7) * 9, then the state update
          (local.set $d
            (i32.shr_s
              (i32.xor
                (i32.mul (i32.rotl (i32.mul (local.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9))
                (i32.const 0x80000000))
              (i32.const 1)))
          (local.set $sh (i32.shl (local.get $s1) (i32.const 9)))
          (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
          (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
          (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
          (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
          (local.set $s2 (i32.xor (local.get $s2) (local.get $sh)))
          (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
          ;; next = d < C(I_i) ? +1 : -1, branch-free: C - d - 1 >= 0 iff d < C (both in 31 bits, no overflow),
          ;; so its sign word is 0 or -1, and | 1 makes it +1 or -1. The record holds C's address.
          (local.set $next
            (i32.or
              (i32.shr_s
                (i32.sub (i32.sub (i32.load (i32.load (local.get $rec))) (local.get $d)) (i32.const 1))
                (i32.const 31))
              (i32.const 1)))
          (if (i32.ne (local.get $next) (i32.load offset=4 (local.get $rec)))
            (then
              (i32.store offset=4 (local.get $rec) (local.get $next))
              (local.set $q (i32.load offset=8 (local.get $rec)))
              (local.set $end (i32.load offset=12 (local.get $rec)))
              (block $nbDone
                (br_if $nbDone (i32.ge_u (local.get $q) (local.get $end)))
                (loop $nb
                  (local.set $a (i32.load (local.get $q)))
                  (i32.store (local.get $a)
                    (i32.add (i32.load (local.get $a))
                      (i32.mul (local.get $next) (i32.load offset=4 (local.get $q)))))
                  (local.set $q (i32.add (local.get $q) (i32.const 8)))
                  (br_if $nb (i32.lt_u (local.get $q) (local.get $end)))))
              ;; the flip counter lives in memory: rare (a few % of updates), and it frees a register
              (i32.store offset=16 (local.get $pRng)
                (i32.add (i32.load offset=16 (local.get $pRng)) (i32.const 1)))))
          (local.set $rec (i32.sub (local.get $rec) (i32.const 16)))
          (br_if $spin (i32.ge_s (local.get $rec) (i32.const 0))))
        (local.set $nSweeps (i32.sub (local.get $nSweeps) (i32.const 1)))
        (br_if $sweep (i32.gt_s (local.get $nSweeps) (i32.const 0)))))
    (i32.store (local.get $pRng) (local.get $s0))
    (i32.store offset=4 (local.get $pRng) (local.get $s1))
    (i32.store offset=8 (local.get $pRng) (local.get $s2))
    (i32.store offset=12 (local.get $pRng) (local.get $s3))))

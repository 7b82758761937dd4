;; Exact p-bit sampler, integer kernel, one sweep (WebAssembly; lib/samplers/exact.ts, kernel "wasm").
;; The same computation as sweepInteger/sweepIntegerSequential in exact.ts, bit for bit:
;;   x = xoshiro128** output (state s0..s3 at pRng), d = (x ^ 2^31) >> 1 (arithmetic) = floor(x/2) - 2^30,
;;   m_i <- +1 if d < table[field_i] else -1   (field_i stored biased by maxField: it indexes the table),
;;   on a flip every neighbour's field changes by 2 m_i J_ij (CSR rows pRow/pCol/pW).
;; Memory (imported, byte addresses set by the caller, all i32 arrays): order[f], rowPtr[f+1], col[nnz],
;; w[nnz], table[2 maxField + 1], field[f], spins[f] (+-1), rng[4]. Returns the number of accepted flips.
(module
  (memory (import "env" "memory") 1)
  (func (export "sweep")
    (param $f i32) (param $seq i32)
    (param $pOrder i32) (param $pRow i32) (param $pCol i32) (param $pW i32)
    (param $pTable i32) (param $pField i32) (param $pSpins i32) (param $pRng i32)
    (result i32)
    (local $k i32) (local $i i32) (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32)
    (local $d i32) (local $sh i32) (local $next i32) (local $a i32) (local $q i32) (local $end i32)
    (local $dm i32) (local $fa i32) (local $flips i32)
    (local.set $s0 (i32.load (local.get $pRng)))
    (local.set $s1 (i32.load offset=4 (local.get $pRng)))
    (local.set $s2 (i32.load offset=8 (local.get $pRng)))
    (local.set $s3 (i32.load offset=12 (local.get $pRng)))
    (block $done
      (loop $spin
        (br_if $done (i32.ge_u (local.get $k) (local.get $f)))
        ;; visiting order: identity (sequential) or order[k]
        (local.set $i
          (if (result i32) (local.get $seq)
            (then (local.get $k))
            (else (i32.load (i32.add (local.get $pOrder) (i32.shl (local.get $k) (i32.const 2)))))))
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
        ;; next = d < C(I_i) ? +1 : -1 (branch-free select)
        (local.set $next
          (select (i32.const 1) (i32.const -1)
            (i32.lt_s
              (local.get $d)
              (i32.load
                (i32.add (local.get $pTable)
                  (i32.shl
                    (i32.load (i32.add (local.get $pField) (i32.shl (local.get $i) (i32.const 2))))
                    (i32.const 2)))))))
        (local.set $a (i32.add (local.get $pSpins) (i32.shl (local.get $i) (i32.const 2))))
        (if (i32.ne (local.get $next) (i32.load (local.get $a)))
          (then
            (i32.store (local.get $a) (local.get $next))
            (local.set $dm (i32.shl (local.get $next) (i32.const 1)))
            (local.set $q (i32.load (i32.add (local.get $pRow) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $end (i32.load offset=4 (i32.add (local.get $pRow) (i32.shl (local.get $i) (i32.const 2)))))
            (block $nbDone
              (loop $nb
                (br_if $nbDone (i32.ge_s (local.get $q) (local.get $end)))
                (local.set $fa
                  (i32.add (local.get $pField)
                    (i32.shl (i32.load (i32.add (local.get $pCol) (i32.shl (local.get $q) (i32.const 2)))) (i32.const 2))))
                (i32.store (local.get $fa)
                  (i32.add (i32.load (local.get $fa))
                    (i32.mul (local.get $dm)
                      (i32.load (i32.add (local.get $pW) (i32.shl (local.get $q) (i32.const 2)))))))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))
                (br $nb)))
            (local.set $flips (i32.add (local.get $flips) (i32.const 1)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $spin)))
    (i32.store (local.get $pRng) (local.get $s0))
    (i32.store offset=4 (local.get $pRng) (local.get $s1))
    (i32.store offset=8 (local.get $pRng) (local.get $s2))
    (i32.store offset=12 (local.get $pRng) (local.get $s3))
    (local.get $flips)))

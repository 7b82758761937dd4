;; Read-packed kernel of the SC spin-gate model (lib/samplers/sc.ts, spec docs/sc-model.md), WebAssembly SIMD:
;; `cycles`: 8 independent reads per v128 (one i16 lane per read), V vectors per spin = 8V reads per pass;
;; `cycles8` (below): 16 reads per v128 in i8 lanes. Bit-exact with the scalar kernel for dense noise and the
;; xorshift64p bit source; the caller checks the widths (exact field and counter sum within +-2^15, and for
;; `cycles8` the conditions in its header).
;;
;; Memory layout (byte addresses, set by the caller, see runScPacked in sc-packed.ts). Free spins are
;; renumbered k = 0..nFree-1; clamped spins are constants folded into heff (exact: the field is summed at
;; full width before any reduction).
;;   pEdge   per edge (free-free, CSR order) 8 bytes: [byte offset col * V * 16, J]      (i32, i32)
;;   pSpin   per free spin k 16 bytes: [address of the end of its edges in pEdge, heff = h_k + sum over
;;           clamped j of J_kj m_j, original index, 0]                                     (i32 x 4)
;;   pOrig   original spin index of free spin k (i32, nFree; reset only)
;;   pTbl    4096 bytes: the noise vector of each random byte (rebuilt by every `cycles` call)
;;   pState  xorshift64+ generators, lane 0 only: generator (v, g, l) = read 8v + l, group g at
;;           pState + ((v * G + g) * 8 + l) * 16 as [s0, s1] (i64 little endian)
;;   pRb     random bytes: byte (v * 64G + i) = bit (i mod 64) of the outputs of the 8 generators (v, i/64, l),
;;           bit l = read 8v + l
;;   pScr    64 bytes scratch
;;   pItanh, pMa, pMb   i16x8 per (k, v) at (k * V + v) * 16: counter and spin (+1/-1), two spin buffers
;;   pFtot   2 x i32x4 per v: flips per read
(module
  (memory (import "env" "memory") 1)

  ;; One xorshift64+ step of every generator, then the 8 x 64 bit transposes into pRb.
  (func $prng (export "prng")
    (param $V i32) (param $G i32) (param $pState i32) (param $pRb i32) (param $pScr i32)
    (local $q i32) (local $nq i32) (local $l i32) (local $st i32) (local $a i64) (local $b i64)
    (local $A v128) (local $B v128) (local $C v128) (local $D v128) (local $P v128) (local $Q v128)
    (local $x v128) (local $t v128) (local $ob i32)
    (local.set $nq (i32.mul (local.get $V) (local.get $G)))
    (local.set $q (i32.const 0))
    (block $done (loop $qLoop
      (br_if $done (i32.ge_u (local.get $q) (local.get $nq)))
      ;; 8 generators of (v, g) = q: output s0 + s1, then the xorshift128+ state update
      (local.set $l (i32.const 0))
      (block $gDone (loop $gLoop
        (br_if $gDone (i32.ge_u (local.get $l) (i32.const 8)))
        (local.set $st (i32.add (local.get $pState)
          (i32.shl (i32.add (i32.shl (local.get $q) (i32.const 3)) (local.get $l)) (i32.const 4))))
        (local.set $a (i64.load (local.get $st)))
        (local.set $b (i64.load offset=8 (local.get $st)))
        (i64.store (i32.add (local.get $pScr) (i32.shl (local.get $l) (i32.const 3)))
          (i64.add (local.get $a) (local.get $b)))
        (i64.store (local.get $st) (local.get $b))
        (local.set $a (i64.xor (local.get $a) (i64.shl (local.get $a) (i64.const 23))))
        (i64.store offset=8 (local.get $st)
          (i64.xor (i64.xor (local.get $a) (local.get $b))
            (i64.xor (i64.shr_u (local.get $a) (i64.const 17)) (i64.shr_u (local.get $b) (i64.const 26)))))
        (local.set $l (i32.add (local.get $l) (i32.const 1)))
        (br $gLoop)))
      ;; byte matrix M[l][k] = byte k of output l (A = outputs 0,1; B = 2,3; C = 4,5; D = 6,7)
      (local.set $A (v128.load (local.get $pScr)))
      (local.set $B (v128.load offset=16 (local.get $pScr)))
      (local.set $C (v128.load offset=32 (local.get $pScr)))
      (local.set $D (v128.load offset=48 (local.get $pScr)))
      (local.set $ob (i32.add (local.get $pRb) (i32.shl (local.get $q) (i32.const 6))))
      ;; half a = 0: bytes k = 0..3; P byte 4q + l = M[l][q] (rows 0..3), Q likewise for rows 4..7
      (local.set $P (i8x16.shuffle 0 8 16 24 1 9 17 25 2 10 18 26 3 11 19 27 (local.get $A) (local.get $B)))
      (local.set $Q (i8x16.shuffle 0 8 16 24 1 9 17 25 2 10 18 26 3 11 19 27 (local.get $C) (local.get $D)))
      ;; O_0 = [X_0, X_1], O_1 = [X_2, X_3]: X_k byte l = M[l][k]
      (local.set $x (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $P) (local.get $Q)))
      (call $tr8store (local.get $x) (local.get $ob))
      (local.set $x (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $P) (local.get $Q)))
      (call $tr8store (local.get $x) (i32.add (local.get $ob) (i32.const 16)))
      ;; half a = 1: bytes k = 4..7
      (local.set $P (i8x16.shuffle 4 12 20 28 5 13 21 29 6 14 22 30 7 15 23 31 (local.get $A) (local.get $B)))
      (local.set $Q (i8x16.shuffle 4 12 20 28 5 13 21 29 6 14 22 30 7 15 23 31 (local.get $C) (local.get $D)))
      (local.set $x (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $P) (local.get $Q)))
      (call $tr8store (local.get $x) (i32.add (local.get $ob) (i32.const 32)))
      (local.set $x (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $P) (local.get $Q)))
      (call $tr8store (local.get $x) (i32.add (local.get $ob) (i32.const 48)))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $qLoop))))

  ;; 8 x 8 bit transpose of both i64 lanes (bit 8r + c -> bit 8c + r), stored at $addr.
  (func $tr8store (param $x v128) (param $addr i32)
    (local $t v128)
    (local.set $t (v128.and (v128.xor (local.get $x) (i64x2.shr_u (local.get $x) (i32.const 7)))
      (v128.const i64x2 0x00AA00AA00AA00AA 0x00AA00AA00AA00AA)))
    (local.set $x (v128.xor (v128.xor (local.get $x) (local.get $t)) (i64x2.shl (local.get $t) (i32.const 7))))
    (local.set $t (v128.and (v128.xor (local.get $x) (i64x2.shr_u (local.get $x) (i32.const 14)))
      (v128.const i64x2 0x0000CCCC0000CCCC 0x0000CCCC0000CCCC)))
    (local.set $x (v128.xor (v128.xor (local.get $x) (local.get $t)) (i64x2.shl (local.get $t) (i32.const 14))))
    (local.set $t (v128.and (v128.xor (local.get $x) (i64x2.shr_u (local.get $x) (i32.const 28)))
      (v128.const i64x2 0x00000000F0F0F0F0 0x00000000F0F0F0F0)))
    (local.set $x (v128.xor (v128.xor (local.get $x) (local.get $t)) (i64x2.shl (local.get $t) (i32.const 28))))
    (v128.store (local.get $addr) (local.get $x)))

  ;; Lane mask (0xffff where the read's random bit is 1) of the random byte at $addr.
  (func $laneMask (param $addr i32) (result v128)
    (i16x8.eq
      (v128.and (i16x8.splat (i32.load8_u (local.get $addr))) (v128.const i16x8 1 2 4 8 16 32 64 128))
      (v128.const i16x8 1 2 4 8 16 32 64 128)))

  ;; Reset (docs §4): random = Itanh from the reset draw already in pRb (bit 1 -> 0, bit 0 -> -1); zero = 0.
  (func $reset (export "reset")
    (param $nFree i32) (param $V i32) (param $pOrig i32) (param $pRb i32) (param $nPad i32)
    (param $pItanh i32) (param $pM i32) (param $random i32)
    (local $k i32) (local $v i32) (local $off i32) (local $it v128)
    (local.set $k (i32.const 0))
    (block $kDone (loop $kLoop
      (br_if $kDone (i32.ge_u (local.get $k) (local.get $nFree)))
      (local.set $v (i32.const 0))
      (block $vDone (loop $vLoop
        (br_if $vDone (i32.ge_u (local.get $v) (local.get $V)))
        (local.set $off (i32.shl (i32.add (i32.mul (local.get $k) (local.get $V)) (local.get $v)) (i32.const 4)))
        (if (local.get $random)
          (then (local.set $it (v128.not (call $laneMask
            (i32.add (i32.add (local.get $pRb) (i32.mul (local.get $v) (local.get $nPad)))
              (i32.load (i32.add (local.get $pOrig) (i32.shl (local.get $k) (i32.const 2)))))))))
          (else (local.set $it (v128.const i64x2 0 0))))
        (v128.store (i32.add (local.get $pItanh) (local.get $off)) (local.get $it))
        (v128.store (i32.add (local.get $pM) (local.get $off))
          (v128.or (i16x8.shr_s (local.get $it) (i32.const 15)) (v128.const i16x8 1 1 1 1 1 1 1 1)))
        (local.set $v (i32.add (local.get $v) (i32.const 1)))
        (br $vLoop)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $kLoop))))

  ;; `count` clock cycles at constant I0 (lo = -I0, hi = I0 - 1) and noise amplitude nr (docs §2), starting
  ;; from the spins in pMa; the two spin buffers swap every cycle (the caller tracks the parity).
  ;; pSpin: per free spin k 16 bytes [end of its edges (absolute address), heff, original index, 0].
  ;; pHv: 0, or per free spin k and vector v the 8 lanes' own heff (i16), for per-lane clamps and h.
  ;; pTbl: 4096 bytes scratch for the noise of each random byte. lim: 0 = auto-width field, 1 = saturate to
  ;; F bits, 2 = wrap to F bits. Flip counts are u16 lanes, flushed every 65535 spins and after each vector.
  (func $cycles (export "cycles")
    (param $count i32) (param $nFree i32) (param $V i32) (param $G i32)
    (param $pEdge i32) (param $pSpin i32) (param $pTbl i32)
    (param $pState i32) (param $pRb i32) (param $pScr i32)
    (param $pItanh i32) (param $pMa i32) (param $pMb i32) (param $pFtot i32)
    (param $lo i32) (param $hi i32) (param $nr i32) (param $lim i32) (param $fHalf i32) (param $fMask i32)
    (param $pHv i32)
    (local $c i32) (local $k i32) (local $v i32) (local $pe i32) (local $end i32) (local $sp i32)
    (local $rb i32) (local $vo i32) (local $tmp i32) (local $stride i32) (local $kStop i32) (local $kEnd i32)
    (local $pI i32) (local $pA i32) (local $pB i32) (local $b i32) (local $ft i32)
    (local $acc v128) (local $x v128) (local $s v128) (local $mn v128) (local $fl v128) (local $mask v128)
    (local $vlo v128) (local $vhi v128) (local $vnr v128) (local $vnr2 v128)
    (local $fmin v128) (local $fmax v128) (local $vhalf v128) (local $vmask v128)
    (local.set $stride (i32.shl (local.get $V) (i32.const 4)))
    (local.set $vlo (i16x8.splat (local.get $lo)))
    (local.set $vhi (i16x8.splat (local.get $hi)))
    (local.set $vnr (i16x8.splat (local.get $nr)))
    (local.set $vnr2 (i16x8.splat (i32.shl (local.get $nr) (i32.const 1))))
    (local.set $vhalf (i16x8.splat (local.get $fHalf)))
    (local.set $fmin (i16x8.splat (i32.sub (i32.const 0) (local.get $fHalf))))
    (local.set $fmax (i16x8.splat (i32.sub (local.get $fHalf) (i32.const 1))))
    (local.set $vmask (i16x8.splat (local.get $fMask)))
    ;; dense noise of each random byte: lane l = bit l ? +nr : -nr
    (local.set $b (i32.const 0))
    (block $tDone (loop $tLoop
      (br_if $tDone (i32.ge_u (local.get $b) (i32.const 256)))
      (local.set $mask (i16x8.eq
        (v128.and (i16x8.splat (local.get $b)) (v128.const i16x8 1 2 4 8 16 32 64 128))
        (v128.const i16x8 1 2 4 8 16 32 64 128)))
      (v128.store (i32.add (local.get $pTbl) (i32.shl (local.get $b) (i32.const 4)))
        (i16x8.sub (v128.and (local.get $mask) (local.get $vnr2)) (local.get $vnr)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $tLoop)))
    (local.set $c (i32.const 0))
    (block $cDone (loop $cLoop
      (br_if $cDone (i32.ge_u (local.get $c) (local.get $count)))
      (call $prng (local.get $V) (local.get $G) (local.get $pState) (local.get $pRb) (local.get $pScr))
      (local.set $v (i32.const 0))
      (block $vDone (loop $vLoop
        (br_if $vDone (i32.ge_u (local.get $v) (local.get $V)))
        ;; vector v: spins at pM + k * stride + 16 v, random bytes at pRb + v * 64G
        (local.set $vo (i32.add (local.get $pMa) (i32.shl (local.get $v) (i32.const 4))))
        (local.set $pI (i32.add (local.get $pItanh) (i32.shl (local.get $v) (i32.const 4))))
        (local.set $pA (local.get $vo))
        (local.set $pB (i32.add (local.get $pMb) (i32.shl (local.get $v) (i32.const 4))))
        (local.set $rb (i32.add (local.get $pRb) (i32.mul (local.get $v) (i32.shl (local.get $G) (i32.const 6)))))
        (local.set $ft (i32.add (local.get $pFtot) (i32.shl (local.get $v) (i32.const 5))))
        (local.set $pe (local.get $pEdge))
        (local.set $sp (local.get $pSpin))
        (local.set $k (i32.const 0))
        (block $kDone (loop $kWin
          (br_if $kDone (i32.ge_u (local.get $k) (local.get $nFree)))
          (local.set $kStop (i32.add (local.get $k) (i32.const 65535)))
          (if (i32.gt_u (local.get $kStop) (local.get $nFree)) (then (local.set $kStop (local.get $nFree))))
          (local.set $fl (v128.const i64x2 0 0))
          (block $wDone (loop $kLoop
            (br_if $wDone (i32.ge_u (local.get $k) (local.get $kStop)))
            ;; field: heff + sum_j J_kj m_j(t) over free neighbours; per-lane heff (i16 lanes at pHv + k * stride
            ;; + 16 v) when pHv != 0 (independent circuits of one shape in the lanes), else the spin's heff
            (if (local.get $pHv)
              (then (local.set $acc (v128.load (i32.add (local.get $pHv)
                (i32.add (i32.mul (local.get $k) (local.get $stride)) (i32.shl (local.get $v) (i32.const 4)))))))
              (else (local.set $acc (i16x8.splat (i32.load offset=4 (local.get $sp))))))
            (local.set $end (i32.load (local.get $sp)))
            (block $eDone (loop $eLoop
              (br_if $eDone (i32.ge_u (local.get $pe) (local.get $end)))
              (local.set $acc (i16x8.add (local.get $acc)
                (i16x8.mul (v128.load (i32.add (local.get $vo) (i32.load (local.get $pe))))
                  (v128.load16_splat offset=4 (local.get $pe)))))
              (local.set $pe (i32.add (local.get $pe) (i32.const 8)))
              (br $eLoop)))
            ;; + dense noise of the spin's random byte
            (local.set $x (i16x8.add (local.get $acc)
              (v128.load (i32.add (local.get $pTbl)
                (i32.shl (i32.load8_u (i32.add (local.get $rb) (i32.load offset=8 (local.get $sp)))) (i32.const 4))))))
            (if (local.get $lim)
              (then
                (if (i32.eq (local.get $lim) (i32.const 1))
                  (then (local.set $x (i16x8.max_s (i16x8.min_s (local.get $x) (local.get $fmax)) (local.get $fmin))))
                  (else (local.set $x (i16x8.sub
                    (v128.and (i16x8.add (local.get $x) (local.get $vhalf)) (local.get $vmask))
                    (local.get $vhalf)))))))
            ;; counter: clip(Itanh + I, -I0, I0 - 1); spin = sign; a changed lane counts one flip
            (local.set $s (i16x8.max_s (i16x8.min_s
              (i16x8.add (v128.load (local.get $pI)) (local.get $x))
              (local.get $vhi)) (local.get $vlo)))
            (v128.store (local.get $pI) (local.get $s))
            (local.set $mn (v128.or (i16x8.shr_s (local.get $s) (i32.const 15)) (v128.const i16x8 1 1 1 1 1 1 1 1)))
            (v128.store (local.get $pB) (local.get $mn))
            (local.set $fl (i16x8.sub (local.get $fl) (i16x8.ne (local.get $mn) (v128.load (local.get $pA)))))
            (local.set $pI (i32.add (local.get $pI) (local.get $stride)))
            (local.set $pA (i32.add (local.get $pA) (local.get $stride)))
            (local.set $pB (i32.add (local.get $pB) (local.get $stride)))
            (local.set $sp (i32.add (local.get $sp) (i32.const 16)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $kLoop)))
          (call $flush1 (local.get $fl) (local.get $ft))
          (br $kWin)))
        (local.set $v (i32.add (local.get $v) (i32.const 1)))
        (br $vLoop)))
      ;; swap the spin buffers
      (local.set $tmp (local.get $pMa))
      (local.set $pMa (local.get $pMb))
      (local.set $pMb (local.get $tmp))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $cLoop))))

  ;; The 16-read variant of `cycles` (i8x16: one 8-bit lane per read, 16 reads per vector, V vectors = 16V reads
  ;; per pass), for plans whose clip range fits 8 bits (I0 <= 128) and whose spins' fields fit 8 bits except
  ;; for the first nHeavy (<= 255) spins, which are summed in two i16x8 halves. Spins are stored as masks
  ;; M = -1 (m = +1) / 0 (m = -1), so J m_j = 2 (J & M_j) - J and the field is base + 2 sum_j (J & M_j) with
  ;; base = heff - sum_j J_j (8-bit wrap-around is exact: the final value fits). The counter sum uses a
  ;; saturating add, exact under the clip because [-I0, I0 - 1] lies within 8 bits.
  ;; pSpin: per spin [end of its edges, base, original index, 0]; pEdge: [byte offset col * V * 16, J].
  ;; Random bytes: the 8-read blocks 2v (lanes 0..7) and 2v + 1 (lanes 8..15) of prng(2V, ...).
  ;; pTbl: 2048 (i8 noise per byte) + 4096 (i16 noise per byte) bytes scratch. pFtot: 4 x i32x4 per v.
  (func $cycles8 (export "cycles8")
    (param $count i32) (param $nFree i32) (param $nHeavy i32) (param $V i32) (param $G i32)
    (param $pEdge i32) (param $pSpin i32) (param $pTbl i32)
    (param $pState i32) (param $pRb i32) (param $pScr i32)
    (param $pItanh i32) (param $pMa i32) (param $pMb i32) (param $pFtot i32)
    (param $lo i32) (param $hi i32) (param $nr i32)
    (local $c i32) (local $k i32) (local $v i32) (local $pe i32) (local $end i32) (local $sp i32)
    (local $rb0 i32) (local $rb1 i32) (local $vo i32) (local $tmp i32) (local $stride i32) (local $kStop i32)
    (local $pI i32) (local $pA i32) (local $pB i32) (local $b i32) (local $ft i32) (local $t16 i32)
    (local $acc v128) (local $acc2 v128) (local $x v128) (local $x2 v128) (local $s v128) (local $mn v128)
    (local $fl v128) (local $mask v128) (local $it v128) (local $t v128) (local $base v128)
    (local $vlo v128) (local $vhi v128) (local $vlo16 v128) (local $vhi16 v128) (local $vnr v128) (local $vnr2 v128)
    (local.set $stride (i32.shl (local.get $V) (i32.const 4)))
    (local.set $t16 (i32.add (local.get $pTbl) (i32.const 2048)))
    (local.set $vlo (i8x16.splat (local.get $lo)))
    (local.set $vhi (i8x16.splat (local.get $hi)))
    (local.set $vlo16 (i16x8.splat (local.get $lo)))
    (local.set $vhi16 (i16x8.splat (local.get $hi)))
    (local.set $vnr (i16x8.splat (local.get $nr)))
    (local.set $vnr2 (i16x8.splat (i32.shl (local.get $nr) (i32.const 1))))
    ;; noise of each random byte: lane l = bit l ? +nr : -nr, as i16x8 (t16) and i8x8 (pTbl)
    (local.set $b (i32.const 0))
    (block $tDone (loop $tLoop
      (br_if $tDone (i32.ge_u (local.get $b) (i32.const 256)))
      (local.set $mask (i16x8.eq
        (v128.and (i16x8.splat (local.get $b)) (v128.const i16x8 1 2 4 8 16 32 64 128))
        (v128.const i16x8 1 2 4 8 16 32 64 128)))
      (local.set $t (i16x8.sub (v128.and (local.get $mask) (local.get $vnr2)) (local.get $vnr)))
      (v128.store (i32.add (local.get $t16) (i32.shl (local.get $b) (i32.const 4))) (local.get $t))
      (v128.store64_lane 0 (i32.add (local.get $pTbl) (i32.shl (local.get $b) (i32.const 3)))
        (i8x16.narrow_i16x8_s (local.get $t) (local.get $t)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $tLoop)))
    (local.set $c (i32.const 0))
    (block $cDone (loop $cLoop
      (br_if $cDone (i32.ge_u (local.get $c) (local.get $count)))
      (call $prng (i32.shl (local.get $V) (i32.const 1)) (local.get $G) (local.get $pState) (local.get $pRb) (local.get $pScr))
      (local.set $v (i32.const 0))
      (block $vDone (loop $vLoop
        (br_if $vDone (i32.ge_u (local.get $v) (local.get $V)))
        (local.set $vo (i32.add (local.get $pMa) (i32.shl (local.get $v) (i32.const 4))))
        (local.set $pI (i32.add (local.get $pItanh) (i32.shl (local.get $v) (i32.const 4))))
        (local.set $pA (local.get $vo))
        (local.set $pB (i32.add (local.get $pMb) (i32.shl (local.get $v) (i32.const 4))))
        (local.set $rb0 (i32.add (local.get $pRb) (i32.mul (local.get $v) (i32.shl (local.get $G) (i32.const 7)))))
        (local.set $rb1 (i32.add (local.get $rb0) (i32.shl (local.get $G) (i32.const 6))))
        (local.set $ft (i32.add (local.get $pFtot) (i32.shl (local.get $v) (i32.const 6))))
        (local.set $pe (local.get $pEdge))
        (local.set $sp (local.get $pSpin))
        (local.set $k (i32.const 0))
        (block $kDone (loop $kWin
          (br_if $kDone (i32.ge_u (local.get $k) (local.get $nFree)))
          (local.set $kStop (i32.add (local.get $k) (i32.const 255)))
          (if (i32.gt_u (local.get $kStop) (local.get $nFree)) (then (local.set $kStop (local.get $nFree))))
          (local.set $fl (v128.const i64x2 0 0))
          (block $wDone (loop $kLoop
            (br_if $wDone (i32.ge_u (local.get $k) (local.get $kStop)))
            (local.set $end (i32.load (local.get $sp)))
            (local.set $b (i32.load offset=8 (local.get $sp)))
            (if (i32.lt_u (local.get $k) (local.get $nHeavy))
              (then
                ;; 16-bit field in two halves
                (local.set $acc (v128.const i64x2 0 0))
                (local.set $acc2 (v128.const i64x2 0 0))
                (block $hDone (loop $hLoop
                  (br_if $hDone (i32.ge_u (local.get $pe) (local.get $end)))
                  (local.set $t (v128.and (v128.load (i32.add (local.get $vo) (i32.load (local.get $pe))))
                    (v128.load8_splat offset=4 (local.get $pe))))
                  (local.set $acc (i16x8.add (local.get $acc) (i16x8.extend_low_i8x16_s (local.get $t))))
                  (local.set $acc2 (i16x8.add (local.get $acc2) (i16x8.extend_high_i8x16_s (local.get $t))))
                  (local.set $pe (i32.add (local.get $pe) (i32.const 8)))
                  (br $hLoop)))
                (local.set $base (i16x8.splat (i32.load offset=4 (local.get $sp))))
                (local.set $x (i16x8.add (i16x8.add (local.get $base) (i16x8.shl (local.get $acc) (i32.const 1)))
                  (v128.load (i32.add (local.get $t16)
                    (i32.shl (i32.load8_u (i32.add (local.get $rb0) (local.get $b))) (i32.const 4))))))
                (local.set $x2 (i16x8.add (i16x8.add (local.get $base) (i16x8.shl (local.get $acc2) (i32.const 1)))
                  (v128.load (i32.add (local.get $t16)
                    (i32.shl (i32.load8_u (i32.add (local.get $rb1) (local.get $b))) (i32.const 4))))))
                (local.set $it (v128.load (local.get $pI)))
                (local.set $s (i8x16.narrow_i16x8_s
                  (i16x8.max_s (i16x8.min_s (i16x8.add (i16x8.extend_low_i8x16_s (local.get $it)) (local.get $x))
                    (local.get $vhi16)) (local.get $vlo16))
                  (i16x8.max_s (i16x8.min_s (i16x8.add (i16x8.extend_high_i8x16_s (local.get $it)) (local.get $x2))
                    (local.get $vhi16)) (local.get $vlo16)))))
              (else
                ;; 8-bit field
                (local.set $acc (v128.const i64x2 0 0))
                (block $eDone (loop $eLoop
                  (br_if $eDone (i32.ge_u (local.get $pe) (local.get $end)))
                  (local.set $acc (i8x16.add (local.get $acc)
                    (v128.and (v128.load (i32.add (local.get $vo) (i32.load (local.get $pe))))
                      (v128.load8_splat offset=4 (local.get $pe)))))
                  (local.set $pe (i32.add (local.get $pe) (i32.const 8)))
                  (br $eLoop)))
                (local.set $x (i8x16.add
                  (i8x16.add (v128.load8_splat offset=4 (local.get $sp)) (i8x16.add (local.get $acc) (local.get $acc)))
                  (v128.load64_lane 1
                    (i32.add (local.get $pTbl) (i32.shl (i32.load8_u (i32.add (local.get $rb1) (local.get $b))) (i32.const 3)))
                    (v128.load64_zero
                      (i32.add (local.get $pTbl) (i32.shl (i32.load8_u (i32.add (local.get $rb0) (local.get $b))) (i32.const 3)))))))
                (local.set $s (i8x16.max_s (i8x16.min_s (i8x16.add_sat_s (v128.load (local.get $pI)) (local.get $x))
                  (local.get $vhi)) (local.get $vlo)))))
            (v128.store (local.get $pI) (local.get $s))
            (local.set $mn (i8x16.ge_s (local.get $s) (v128.const i64x2 0 0)))
            (v128.store (local.get $pB) (local.get $mn))
            (local.set $fl (i8x16.sub (local.get $fl) (i8x16.ne (local.get $mn) (v128.load (local.get $pA)))))
            (local.set $pI (i32.add (local.get $pI) (local.get $stride)))
            (local.set $pA (i32.add (local.get $pA) (local.get $stride)))
            (local.set $pB (i32.add (local.get $pB) (local.get $stride)))
            (local.set $sp (i32.add (local.get $sp) (i32.const 16)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $kLoop)))
          ;; u8 flip counters -> u32 totals
          (local.set $t (i16x8.extend_low_i8x16_u (local.get $fl)))
          (v128.store (local.get $ft) (i32x4.add (v128.load (local.get $ft)) (i32x4.extend_low_i16x8_u (local.get $t))))
          (v128.store offset=16 (local.get $ft)
            (i32x4.add (v128.load offset=16 (local.get $ft)) (i32x4.extend_high_i16x8_u (local.get $t))))
          (local.set $t (i16x8.extend_high_i8x16_u (local.get $fl)))
          (v128.store offset=32 (local.get $ft)
            (i32x4.add (v128.load offset=32 (local.get $ft)) (i32x4.extend_low_i16x8_u (local.get $t))))
          (v128.store offset=48 (local.get $ft)
            (i32x4.add (v128.load offset=48 (local.get $ft)) (i32x4.extend_high_i16x8_u (local.get $t))))
          (br $kWin)))
        (local.set $v (i32.add (local.get $v) (i32.const 1)))
        (br $vLoop)))
      (local.set $tmp (local.get $pMa))
      (local.set $pMa (local.get $pMb))
      (local.set $pMb (local.get $tmp))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $cLoop))))

  ;; Adds 8 u16 flip counters to the 8 u32 totals at $t.
  (func $flush1 (param $c v128) (param $t i32)
    (v128.store (local.get $t) (i32x4.add (v128.load (local.get $t)) (i32x4.extend_low_i16x8_u (local.get $c))))
    (v128.store offset=16 (local.get $t)
      (i32x4.add (v128.load offset=16 (local.get $t)) (i32x4.extend_high_i16x8_u (local.get $c)))))
)

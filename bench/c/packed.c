/* C reference of the replica-packed WebAssembly kernel (lib/samplers/wasm/packed.wat): the same algorithm
 * (bit-sliced field count, level masks, per-replica comparison of a private 32-bit uniform with the level's
 * threshold: top byte for all replicas at once from 8 random bit planes, the rare ties on the lower 24 bits
 * MSB first), on a vector of VW uint64 words (gcc vector
 * extensions; -march=native maps VW = 8 to one AVX-512 register): 64 * VW replicas per word. Random bits:
 * 2 * VW independent xoshiro128** streams, one per 32-bit lane. Compile with -DVW=1, 2 or 8. */
#include "common.h"
#ifndef VW
#define VW 1
#endif
#define L32 (2 * VW)
typedef uint32_t vec __attribute__((vector_size(8 * VW)));
typedef int32_t vecs __attribute__((vector_size(8 * VW)));

static inline int any(vec v) {
  uint32_t r = 0;
  for (int k = 0; k < L32; k++) r |= v[k];
  return r != 0;
}

static inline vec splat(uint32_t x) {
  vec v;
  for (int k = 0; k < L32; k++) v[k] = x;
  return v;
}

int main(int argc, char **argv) {
  if (argc < 5) { fprintf(stderr, "usage: packed problem.txt beta seconds seed [words]\n"); return 2; }
  problem p = read_problem(argv[1]);
  double beta = atof(argv[2]), seconds = atof(argv[3]);
  int words = argc > 5 ? atoi(argv[5]) : 1;
  vec s0, s1, s2, s3;
  {
    uint32_t st[4 * L32];
    seed_state(st, 4 * L32, (uint32_t)atoi(argv[4]));
    for (int k = 0; k < L32; k++) { s0[k] = st[k]; s1[k] = st[L32 + k]; s2[k] = st[2 * L32 + k]; s3[k] = st[3 * L32 + k]; }
  }
  int range = p.fieldMax - p.fieldMin + 1;
  uint32_t *thr = malloc(sizeof(uint32_t) * range);
  int8_t *kind = malloc(range);
  for (int k = 0; k < range; k++) {
    double pr = 1.0 / (1.0 + exp(-2.0 * beta * (p.fieldMin + k)));
    double q = nearbyint(pr * 4294967296.0);
    kind[k] = q >= 4294967296.0 ? 1 : q <= 0 ? -1 : 0;
    thr[k] = kind[k] == 0 ? (uint32_t)q : 0;
  }
  int32_t *edge = malloc(sizeof(int32_t) * (p.nnz ? p.nnz : 1));
  int32_t *wsum = malloc(sizeof(int32_t) * p.n), *baseIdx = malloc(sizeof(int32_t) * p.n);
  int maxW = 0;
  for (int i = 0; i < p.n; i++) {
    int s = 0;
    for (int q = p.rowPtr[i]; q < p.rowPtr[i + 1]; q++) {
      int a = abs(p.w[q]);
      s += a;
      edge[q] = (p.col[q] << 8) | (p.w[q] < 0 ? 128 : 0) | a;
    }
    wsum[i] = s;
    baseIdx[i] = p.h[i] - s - p.fieldMin;
    if (s > maxW) maxW = s;
  }
  vec *S = aligned_alloc(64, sizeof(vec) * (size_t)p.n * words);
  vec acc[32], *lm = aligned_alloc(64, sizeof(vec) * (maxW + 1)), *lt_ = aligned_alloc(64, sizeof(vec) * (maxW + 1));
  vec *NA = aligned_alloc(64, sizeof(vec) * (maxW + 1)), *NB = aligned_alloc(64, sizeof(vec) * (maxW + 1));
  int *LA = malloc(sizeof(int) * (maxW + 1)), *LB = malloc(sizeof(int) * (maxW + 1));
  { /* uniform random start from its own xoshiro128** stream */
    uint32_t st[4];
    seed_state(st, 4, (uint32_t)atoi(argv[4]) + 0x5bd1e995u);
    for (size_t k = 0; k < (size_t)p.n * words; k++)
      for (int q = 0; q < L32; q++) S[k][q] = xoshiro128ss(st);
  }
  const vec zero = splat(0);
  long long updates = 0;
  double t0 = now_s(), t = t0;
  const clock_t c0 = clock();
  do {
    for (int w = 0; w < words; w++) {
      vec *Sw = S + (size_t)w * p.n;
      for (int oi = 0; oi < p.n; oi++) {
        const int i = p.order[oi];
        const int W = wsum[i];
        const int planes = W ? 32 - __builtin_clz(W) : 0;
        for (int b = 0; b < planes; b++) acc[b] = zero;
        if (planes <= 5) {
          /* W_i <= 31: five planes in registers, every add ripples through all of them (no carry tests) */
          vec k0 = zero, k1 = zero, k2 = zero, k3 = zero, k4 = zero, t2;
          for (int e = p.rowPtr[i]; e < p.rowPtr[i + 1]; e++) {
            const int32_t ed = edge[e];
            const vec c = Sw[ed >> 8] ^ splat(-(uint32_t)((ed >> 7) & 1));
            int wt = ed & 127, plane = 0;
            while (wt) {
              if (wt & 1) {
                vec carry = c;
                switch (plane) {
                  case 0: t2 = k0 & carry; k0 ^= carry; carry = t2; /* fall through */
                  case 1: t2 = k1 & carry; k1 ^= carry; carry = t2; /* fall through */
                  case 2: t2 = k2 & carry; k2 ^= carry; carry = t2; /* fall through */
                  case 3: t2 = k3 & carry; k3 ^= carry; carry = t2; /* fall through */
                  default: k4 ^= carry;
                }
              }
              wt >>= 1;
              plane++;
            }
          }
          acc[0] = k0; acc[1] = k1; acc[2] = k2; acc[3] = k3; acc[4] = k4;
        } else {
          for (int e = p.rowPtr[i]; e < p.rowPtr[i + 1]; e++) {
            const int32_t ed = edge[e];
            const vec c = Sw[ed >> 8] ^ splat(-(uint32_t)((ed >> 7) & 1));
            int wt = ed & 127, plane = 0;
            while (wt) {
              if (wt & 1) {
                vec carry = c;
                for (int b = plane; b < planes && any(carry); b++) {
                  const vec a = acc[b];
                  acc[b] = a ^ carry;
                  carry &= a;
                }
              }
              wt >>= 1;
              plane++;
            }
          }
        }
        vec accept = zero, und = zero, U[8];
        int nl = 0;
        /* 8 random bit planes: U[b] = bit 24+b of each replica's uniform u (U[7] = MSB). */
        for (int b = 7; b >= 0; b--) {
          const vec mm = s1 * 5;
          U[b] = ((mm << 7) | (mm >> 25)) * 9;
          const vec tt = s1 << 9;
          s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= tt;
          s3 = (s3 << 11) | (s3 >> 21);
        }
        vec all1 = U[0], all0 = U[0];
        for (int b = 1; b < 8; b++) { all1 &= U[b]; all0 |= U[b]; }
        all0 = ~all0;
        /* levels present: split by accumulator plane, top first, keeping non-empty groups */
        vec *na = NA, *nb = NB;
        int *la = LA, *lb = LB, cnt = 1;
        na[0] = splat(~0u);
        la[0] = 0;
        for (int b = planes - 1; b >= 0; b--) {
          int ncnt = 0;
          for (int j = 0; j < cnt; j++) {
            const vec z = na[j] & ~acc[b], o = na[j] & acc[b];
            if (any(z)) { nb[ncnt] = z; lb[ncnt++] = la[j]; }
            if (any(o)) { nb[ncnt] = o; lb[ncnt++] = la[j] | (1 << b); }
          }
          vec *tv = na; na = nb; nb = tv;
          int *ti = la; la = lb; lb = ti;
          cnt = ncnt;
        }
        for (int j = 0; j < cnt; j++) {
          const vec m = na[j];
          const int lev = la[j];
          const int k = baseIdx[i] + 2 * lev;
          if (kind[k] == 1) { accept |= m; continue; }
          if (kind[k] != 0) continue;
          /* u8 < c and u8 == c for the top byte c of the threshold, LSB first */
          const uint32_t c = thr[k] >> 24;
          vec lt = zero, eq = m;
          if (c == 255) { lt = ~all1; eq = m & all1; }
          else if (c == 0) { eq = m & all0; }
          else
            for (int b = 0; b < 8; b++) {
              if ((c >> b) & 1) { lt = lt | ~U[b]; eq &= U[b]; }
              else { lt = lt & ~U[b]; eq &= ~U[b]; }
            }
          accept |= m & lt;
          if (any(eq)) { lm[nl] = eq; lt_[nl] = splat(thr[k] << 8); nl++; und |= eq; }
        }
        /* rare: replicas whose top byte equals the threshold's compare the remaining 24 bits */
        for (int bit = 23; bit >= 0 && any(und); bit--) {
          vec tb = zero;
          for (int l = 0; l < nl;) {
            if (!any(lm[l] & und)) { nl--; lm[l] = lm[nl]; lt_[l] = lt_[nl]; continue; }
            tb |= lm[l] & (vec)((vecs)lt_[l] >> 31);
            lt_[l] <<= 1;
            l++;
          }
          const vec mm = s1 * 5;
          const vec u = ((mm << 7) | (mm >> 25)) * 9;
          const vec tt = s1 << 9;
          s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= tt;
          s3 = (s3 << 11) | (s3 >> 21);
          accept |= und & tb & ~u;
          und &= ~(tb ^ u);
        }
        Sw[i] = accept;
      }
    }
    updates += (long long)p.n * words * 64 * VW;
    t = now_s();
  } while (t - t0 < seconds);
  long long ones = 0; /* fraction of +1 spins at the end: a sanity check against the JS kernels */
  for (size_t k = 0; k < (size_t)p.n * words; k++)
    for (int q = 0; q < L32; q++) ones += __builtin_popcount(S[k][q]);
  printf("{\"kernel\":\"c-packed\",\"plusFraction\":%.5f,\"replicasPerWord\":%d,\"updates\":%lld,\"seconds\":%.6f,\"cpuSeconds\":%.6f}\n", (double)ones / ((double)p.n * words * 64 * VW), 64 * VW, updates, t - t0, (double)(clock() - c0) / CLOCKS_PER_SEC);
  return 0;
}

/* Shared by the C reference kernels of the benchmark (issue 7): problem input, clock, xoshiro128**.
 * Input (text, written by bench/run.ts): n nnz fieldMin fieldMax, then h[n], rowPtr[n+1], col[nnz], w[nnz],
 * order[n]. Usage of every kernel: KERNEL problem.txt beta seconds seed -> one JSON line on stdout. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct {
  int n, nnz, fieldMin, fieldMax;
  int32_t *h, *rowPtr, *col, *w, *order;
} problem;

static int32_t *read_ints(FILE *f, int count) {
  int32_t *a = malloc(sizeof(int32_t) * (count > 0 ? count : 1));
  for (int k = 0; k < count; k++)
    if (fscanf(f, "%d", &a[k]) != 1) { fprintf(stderr, "bad problem file\n"); exit(2); }
  return a;
}

static problem read_problem(const char *path) {
  problem p;
  FILE *f = fopen(path, "r");
  if (!f) { perror(path); exit(2); }
  if (fscanf(f, "%d %d %d %d", &p.n, &p.nnz, &p.fieldMin, &p.fieldMax) != 4) { fprintf(stderr, "bad header\n"); exit(2); }
  p.h = read_ints(f, p.n);
  p.rowPtr = read_ints(f, p.n + 1);
  p.col = read_ints(f, p.nnz);
  p.w = read_ints(f, p.nnz);
  p.order = read_ints(f, p.n);
  fclose(f);
  return p;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static inline uint32_t rotl32(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

/* xoshiro128** 1.1 (Blackman & Vigna), the generator of the JS kernels. */
static inline uint32_t xoshiro128ss(uint32_t s[4]) {
  const uint32_t r = rotl32(s[1] * 5, 7) * 9;
  const uint32_t t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl32(s[3], 11);
  return r;
}

static void seed_state(uint32_t *s, int words, uint32_t seed) {
  uint32_t z = seed * 0x9e3779b9u + 0x7f4a7c15u;
  for (int k = 0; k < words; k++) { /* splitmix32 */
    z += 0x9e3779b9u;
    uint32_t x = z;
    x = (x ^ (x >> 16)) * 0x85ebca6bu;
    x = (x ^ (x >> 13)) * 0xc2b2ae35u;
    s[k] = (x ^ (x >> 16)) | 1u;
  }
}

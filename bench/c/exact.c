/* C reference of the scalar exact p-bit kernel (lib/samplers/exact.ts, integer kernel): incremental integer
 * fields, threshold table C(I) = ceil(2^30 tanh(beta I)) - 1, xoshiro128** per update, m = +1 iff d < C with
 * d = (u xor 2^31) >> 1 (arithmetic). Updates only the neighbours' fields on a flip. */
#include "common.h"

int main(int argc, char **argv) {
  if (argc < 5) { fprintf(stderr, "usage: exact problem.txt beta seconds seed\n"); return 2; }
  problem p = read_problem(argv[1]);
  double beta = atof(argv[2]), seconds = atof(argv[3]);
  uint32_t s[4];
  seed_state(s, 4, (uint32_t)atoi(argv[4]));
  int maxField = -p.fieldMin > p.fieldMax ? -p.fieldMin : p.fieldMax;
  int32_t *table = malloc(sizeof(int32_t) * (2 * maxField + 1));
  for (int i = -maxField; i <= maxField; i++) {
    double c = ceil(1073741824.0 * tanh(beta * i)) - 1;
    table[i + maxField] = c < -1073741824.0 ? -1073741824 : (int32_t)c;
  }
  int8_t *m = malloc(p.n);
  int32_t *field = malloc(sizeof(int32_t) * p.n);
  for (int i = 0; i < p.n; i++) m[i] = (xoshiro128ss(s) >> 31) ? 1 : -1;
  for (int i = 0; i < p.n; i++) {
    int32_t f = p.h[i];
    for (int q = p.rowPtr[i]; q < p.rowPtr[i + 1]; q++) f += p.w[q] * m[p.col[q]];
    field[i] = f;
  }
  long long updates = 0, flips = 0;
  double t0 = now_s(), t = t0;
  const clock_t c0 = clock();
  do {
    for (int k = 0; k < p.n; k++) {
      const int i = p.order[k];
      const int32_t d = ((int32_t)(xoshiro128ss(s) ^ 0x80000000u)) >> 1;
      const int8_t next = d < table[field[i] + maxField] ? 1 : -1;
      if (next != m[i]) {
        m[i] = next;
        const int32_t dm = 2 * next;
        for (int q = p.rowPtr[i]; q < p.rowPtr[i + 1]; q++) field[p.col[q]] += dm * p.w[q];
        flips++;
      }
    }
    updates += p.n;
    t = now_s();
  } while (t - t0 < seconds);
  long long ones = 0; /* fraction of +1 spins at the end: a sanity check against the JS kernels */
  for (int i = 0; i < p.n; i++) ones += m[i] > 0;
  printf("{\"kernel\":\"c-exact\",\"plusFraction\":%.5f,\"replicasPerWord\":1,\"updates\":%lld,\"seconds\":%.6f,\"cpuSeconds\":%.6f,\"acceptedFlips\":%lld}\n", (double)ones / p.n, updates, t - t0, (double)(clock() - c0) / CLOCKS_PER_SEC, flips);
  return 0;
}

// AVX2/FMA micro-kernels: a 6-row tile of two 256-bit vectors per row (6×16 float32, 6×8
// float64) held in 12 accumulators; each k step loads two vectors of B, broadcasts six values
// of A and issues 12 fused multiply-adds.

#include "gemm_internal.h"

#if defined(__x86_64__)
#include <immintrin.h>

// VT: vector type, S: intrinsic suffix (ps/pd), L: lanes per vector (NR = 2*L), BCAST: broadcast.
#define DEFINE_AVX2_KERNEL(T, SUFFIX, VT, S, L, BCAST)                                              \
  __attribute__((target("avx2,fma"))) void olk_gemm_kernel_##SUFFIX##_avx2(                         \
      intptr_t kc, const T *a, const T *b, T *c, intptr_t ldc, int accumulate) {                    \
    VT c00 = _mm256_setzero_##S(), c01 = _mm256_setzero_##S(), c10 = _mm256_setzero_##S();          \
    VT c11 = _mm256_setzero_##S(), c20 = _mm256_setzero_##S(), c21 = _mm256_setzero_##S();          \
    VT c30 = _mm256_setzero_##S(), c31 = _mm256_setzero_##S(), c40 = _mm256_setzero_##S();          \
    VT c41 = _mm256_setzero_##S(), c50 = _mm256_setzero_##S(), c51 = _mm256_setzero_##S();          \
    for (int i = 0; i < GEMM_MR; i++) _mm_prefetch((const char *)(c + i * ldc), _MM_HINT_T0);       \
    for (intptr_t step = 0; step < kc; step++, a += GEMM_MR, b += 2 * L) {                          \
      VT b0 = _mm256_load_##S(b), b1 = _mm256_load_##S(b + L), ai;                                  \
      ai = BCAST(a + 0);                                                                            \
      c00 = _mm256_fmadd_##S(ai, b0, c00); c01 = _mm256_fmadd_##S(ai, b1, c01);                     \
      ai = BCAST(a + 1);                                                                            \
      c10 = _mm256_fmadd_##S(ai, b0, c10); c11 = _mm256_fmadd_##S(ai, b1, c11);                     \
      ai = BCAST(a + 2);                                                                            \
      c20 = _mm256_fmadd_##S(ai, b0, c20); c21 = _mm256_fmadd_##S(ai, b1, c21);                     \
      ai = BCAST(a + 3);                                                                            \
      c30 = _mm256_fmadd_##S(ai, b0, c30); c31 = _mm256_fmadd_##S(ai, b1, c31);                     \
      ai = BCAST(a + 4);                                                                            \
      c40 = _mm256_fmadd_##S(ai, b0, c40); c41 = _mm256_fmadd_##S(ai, b1, c41);                     \
      ai = BCAST(a + 5);                                                                            \
      c50 = _mm256_fmadd_##S(ai, b0, c50); c51 = _mm256_fmadd_##S(ai, b1, c51);                     \
    }                                                                                               \
    VT rows[GEMM_MR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}}; \
    for (int i = 0; i < GEMM_MR; i++, c += ldc) {                                                   \
      if (accumulate) {                                                                             \
        rows[i][0] = _mm256_add_##S(rows[i][0], _mm256_loadu_##S(c));                               \
        rows[i][1] = _mm256_add_##S(rows[i][1], _mm256_loadu_##S(c + L));                           \
      }                                                                                             \
      _mm256_storeu_##S(c, rows[i][0]);                                                             \
      _mm256_storeu_##S(c + L, rows[i][1]);                                                         \
    }                                                                                               \
  }

DEFINE_AVX2_KERNEL(float, f32, __m256, ps, 8, _mm256_broadcast_ss)
DEFINE_AVX2_KERNEL(double, f64, __m256d, pd, 4, _mm256_broadcast_sd)

#endif

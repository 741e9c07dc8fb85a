// AVX-512 micro-kernels: a GEMM_MR_AVX512-row tile of two 512-bit vectors per row (14×32
// float32, 14×16 float64) held in 28 zmm accumulators; each k step loads two vectors of B,
// broadcasts 14 values of A and issues 28 fused multiply-adds.

#include "gemm_internal.h"

#if defined(__x86_64__)
#include <immintrin.h>

// The row loops must unroll completely for the accumulators to live in registers.
#define UNROLL _Pragma("clang loop unroll(full)")

// VT: vector type, S: intrinsic suffix (ps/pd), L: lanes per vector (NR = 2*L).
#define DEFINE_AVX512_KERNEL(T, SUFFIX, VT, S, L)                                                    \
  __attribute__((target("avx512f"))) void olk_gemm_kernel_##SUFFIX##_avx512(                         \
      intptr_t kc, const T *a, const T *b, T *c, intptr_t ldc, int accumulate) {                     \
    enum { MR = GEMM_MR_AVX512 };                                                                    \
    VT acc[MR][2];                                                                                   \
    UNROLL for (int i = 0; i < MR; i++) acc[i][0] = acc[i][1] = _mm512_setzero_##S();                       \
    UNROLL for (int i = 0; i < MR; i++) {                                                                   \
      _mm_prefetch((const char *)(c + i * ldc), _MM_HINT_T0);                                        \
      _mm_prefetch((const char *)(c + i * ldc + 2 * L - 1), _MM_HINT_T0);                            \
    }                                                                                                \
    for (intptr_t step = 0; step < kc; step++, a += MR, b += 2 * L) {                                \
      VT b0 = _mm512_load_##S(b), b1 = _mm512_load_##S(b + L);                                       \
      UNROLL for (int i = 0; i < MR; i++) {                                                                 \
        VT ai = _mm512_set1_##S(a[i]);                                                               \
        acc[i][0] = _mm512_fmadd_##S(ai, b0, acc[i][0]);                                             \
        acc[i][1] = _mm512_fmadd_##S(ai, b1, acc[i][1]);                                             \
      }                                                                                              \
    }                                                                                                \
    for (int i = 0; i < MR; i++, c += ldc) {                                                         \
      if (accumulate) {                                                                              \
        acc[i][0] = _mm512_add_##S(acc[i][0], _mm512_loadu_##S(c));                                  \
        acc[i][1] = _mm512_add_##S(acc[i][1], _mm512_loadu_##S(c + L));                              \
      }                                                                                              \
      _mm512_storeu_##S(c, acc[i][0]);                                                               \
      _mm512_storeu_##S(c + L, acc[i][1]);                                                           \
    }                                                                                                \
  }

DEFINE_AVX512_KERNEL(float, f32, __m512, ps, 16)
DEFINE_AVX512_KERNEL(double, f64, __m512d, pd, 8)

#endif

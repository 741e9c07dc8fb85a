// AVX-512 micro-kernels: a GEMM_MR_AVX512-row tile of GEMM_VECTORS_AVX512 512-bit vectors per row
// (6×64 float32, 6×32 float64) held in 24 zmm accumulators; each k step loads four vectors of B,
// broadcasts six values of A and issues 24 fused multiply-adds.

#include "gemm_internal.h"

#if defined(__x86_64__)
#include <immintrin.h>

// The row and vector loops must unroll completely for the accumulators to live in registers.
#define UNROLL _Pragma("clang loop unroll(full)")

// VT: vector type, S: intrinsic suffix (ps/pd), L: lanes per vector.
#define DEFINE_AVX512_KERNEL(T, SUFFIX, VT, S, L)                                                    \
  __attribute__((target("avx512f"))) void olk_gemm_kernel_##SUFFIX##_avx512(                         \
      intptr_t kc, const T *a, const T *b, T *c, intptr_t ldc, int accumulate) {                     \
    enum { MR = GEMM_MR_AVX512, NV = GEMM_VECTORS_AVX512 };                                          \
    VT acc[MR][NV];                                                                                  \
    UNROLL for (int i = 0; i < MR; i++) {                                                            \
      UNROLL for (int v = 0; v < NV; v++) {                                                          \
        acc[i][v] = _mm512_setzero_##S();                                                            \
        _mm_prefetch((const char *)(c + i * ldc + v * L), _MM_HINT_T0);                              \
      }                                                                                              \
    }                                                                                                \
    for (intptr_t step = 0; step < kc; step++, a += MR, b += NV * L) {                               \
      VT bv[NV];                                                                                     \
      UNROLL for (int v = 0; v < NV; v++) bv[v] = _mm512_load_##S(b + v * L);                        \
      UNROLL for (int i = 0; i < MR; i++) {                                                          \
        VT ai = _mm512_set1_##S(a[i]);                                                               \
        UNROLL for (int v = 0; v < NV; v++) acc[i][v] = _mm512_fmadd_##S(ai, bv[v], acc[i][v]);      \
      }                                                                                              \
    }                                                                                                \
    UNROLL for (int i = 0; i < MR; i++, c += ldc) {                                                  \
      UNROLL for (int v = 0; v < NV; v++) {                                                          \
        if (accumulate) acc[i][v] = _mm512_add_##S(acc[i][v], _mm512_loadu_##S(c + v * L));          \
        _mm512_storeu_##S(c + v * L, acc[i][v]);                                                     \
      }                                                                                              \
    }                                                                                                \
  }

DEFINE_AVX512_KERNEL(float, f32, __m512, ps, 16)
DEFINE_AVX512_KERNEL(double, f64, __m512d, pd, 8)

#endif

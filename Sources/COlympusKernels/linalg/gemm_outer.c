// Outer products: the GEMM case k == 1, where each output is a single product a_i · b_j and
// packing plus a micro-tile would cost several times the multiplications themselves. Row i of C
// is b scaled by a_i; a strided b is first gathered into the thread's workspace so the rows read
// it contiguously. With AVX2 a row is full vectors plus scalar products for the tail (a masked
// store was slower on AMD Zen).

#include "gemm_internal.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2,fma")))

// Rows [begin, end) of C with L-lane vectors of VT (intrinsic suffix S).
#define DEFINE_OUTER_AVX2(T, SUFFIX, VT, S, L)                                                    \
  static AVX2 void outer_##SUFFIX##_avx2(const T *a, intptr_t as, const T *b, intptr_t n, T *c,   \
                                         intptr_t ldc, intptr_t begin, intptr_t end) {           \
    intptr_t body = n - n % L;                                                                  \
    for (intptr_t i = begin; i < end; i++) {                                                    \
      T factor = a[i * as], *row = c + i * ldc;                                                 \
      VT scale = _mm256_set1_##S(factor);                                                       \
      for (intptr_t j = 0; j < body; j += L)                                                    \
        _mm256_storeu_##S(row + j, _mm256_mul_##S(scale, _mm256_loadu_##S(b + j)));             \
      for (intptr_t j = body; j < n; j++) row[j] = factor * b[j];                               \
    }                                                                                           \
  }

DEFINE_OUTER_AVX2(float, f32, __m256, ps, 8)
DEFINE_OUTER_AVX2(double, f64, __m256d, pd, 4)
#define OUTER_AVX2(SUFFIX, ...) outer_##SUFFIX##_avx2(__VA_ARGS__)
#else
#define OUTER_AVX2(SUFFIX, ...) ((void)0)
#endif

#define DEFINE_OUTER(T, SUFFIX)                                                                 \
  static void outer_##SUFFIX(const olk_gemm_problem *p, intptr_t begin, intptr_t end) {         \
    const T *a = p->a, *b = p->b;                                                               \
    intptr_t as = p->trans_a ? 1 : p->lda, bs = p->trans_b ? p->ldb : 1;                        \
    if (bs != 1) {                                                                              \
      T *gathered = olk_gemm_private_workspace((size_t)p->n * sizeof(T));                       \
      for (intptr_t j = 0; j < p->n; j++) gathered[j] = b[j * bs];                              \
      b = gathered;                                                                             \
    }                                                                                           \
    if (p->simd != GEMM_PORTABLE) {                                                             \
      OUTER_AVX2(SUFFIX, a, as, b, p->n, p->c, p->ldc, begin, end);                             \
      return;                                                                                   \
    }                                                                                           \
    for (intptr_t i = begin; i < end; i++) {                                                    \
      T scale = a[i * as], *row = (T *)p->c + i * p->ldc;                                       \
      for (intptr_t j = 0; j < p->n; j++) row[j] = scale * b[j];                                \
    }                                                                                           \
  }

DEFINE_OUTER(float, f32)
DEFINE_OUTER(double, f64)

void olk_gemm_outer(const olk_gemm_problem *p, intptr_t begin, intptr_t end) {
  if (p->dtype == OLK_F64)
    outer_f64(p, begin, end);
  else
    outer_f32(p, begin, end);
}

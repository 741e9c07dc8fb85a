// Outer products: the GEMM case k == 1, where each output is a single product a_i · b_j and
// packing plus a micro-tile would cost several times the multiplications themselves. Row i of C
// is b scaled by a_i; a strided b is first gathered into the thread's workspace so the rows read
// it contiguously. With AVX2 a row is full vectors plus scalar products for the tail (a masked
// store was slower on AMD Zen).

#include "gemm_internal.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2,fma")))

static AVX2 void outer_f32_avx2(const float *a, intptr_t as, const float *b, intptr_t n, float *c,
                                intptr_t ldc, intptr_t begin, intptr_t end) {
  intptr_t body = n - n % 8;
  for (intptr_t i = begin; i < end; i++) {
    float factor = a[i * as], *row = c + i * ldc;
    __m256 scale = _mm256_set1_ps(factor);
    for (intptr_t j = 0; j < body; j += 8) _mm256_storeu_ps(row + j, _mm256_mul_ps(scale, _mm256_loadu_ps(b + j)));
    for (intptr_t j = body; j < n; j++) row[j] = factor * b[j];
  }
}

static AVX2 void outer_f64_avx2(const double *a, intptr_t as, const double *b, intptr_t n, double *c,
                                intptr_t ldc, intptr_t begin, intptr_t end) {
  intptr_t body = n - n % 4;
  for (intptr_t i = begin; i < end; i++) {
    double factor = a[i * as], *row = c + i * ldc;
    __m256d scale = _mm256_set1_pd(factor);
    for (intptr_t j = 0; j < body; j += 4) _mm256_storeu_pd(row + j, _mm256_mul_pd(scale, _mm256_loadu_pd(b + j)));
    for (intptr_t j = body; j < n; j++) row[j] = factor * b[j];
  }
}
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

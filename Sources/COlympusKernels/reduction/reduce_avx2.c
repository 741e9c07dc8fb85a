// AVX2 leaves of the float32/float64 sum, maximum and minimum trees (see reduce.c). Each keeps the 16
// lanes of the portable leaf in vector registers (lane j holds elements i with i % 16 == j), folds the
// tail and combines the lanes exactly as the portable leaf does, so both paths give identical bits.

#include "reduction_internal.h"

#if defined(__x86_64__)

#include <immintrin.h>
#include <math.h>

enum { LANES = 16 };

// Finishes a leaf from its lanes: folds the tail x[0 ..< n] (n < 16) into lanes 0 ..< n, then combines
// lane j with lane j + w for w = 8, 4, 2, 1.
#define FINISH_LANES(ACC, lane, x, n, OP)                                                                     \
  do {                                                                                                        \
    for (intptr_t j = 0; j < (n); j++) lane[j] = OP(lane[j], (ACC)(x)[j]);                                    \
    for (int w = LANES / 2; w >= 1; w /= 2)                                                                   \
      for (int j = 0; j < w; j++) lane[j] = OP(lane[j], lane[j + w]);                                         \
  } while (0)

OLK_AVX2 double olk_sum_f32_leaf_avx2(const float *x, intptr_t n) {
  __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
  intptr_t i = 0;
  for (; i + LANES <= n; i += LANES) {
    a0 = _mm256_add_pd(a0, _mm256_cvtps_pd(_mm_loadu_ps(x + i)));
    a1 = _mm256_add_pd(a1, _mm256_cvtps_pd(_mm_loadu_ps(x + i + 4)));
    a2 = _mm256_add_pd(a2, _mm256_cvtps_pd(_mm_loadu_ps(x + i + 8)));
    a3 = _mm256_add_pd(a3, _mm256_cvtps_pd(_mm_loadu_ps(x + i + 12)));
  }
  double lane[LANES];
  _mm256_storeu_pd(lane, a0), _mm256_storeu_pd(lane + 4, a1);
  _mm256_storeu_pd(lane + 8, a2), _mm256_storeu_pd(lane + 12, a3);
  FINISH_LANES(double, lane, x + i, n - i, OLK_OP_SUM);
  return lane[0];
}

OLK_AVX2 double olk_sum_f64_leaf_avx2(const double *x, intptr_t n) {
  __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
  intptr_t i = 0;
  for (; i + LANES <= n; i += LANES) {
    a0 = _mm256_add_pd(a0, _mm256_loadu_pd(x + i));
    a1 = _mm256_add_pd(a1, _mm256_loadu_pd(x + i + 4));
    a2 = _mm256_add_pd(a2, _mm256_loadu_pd(x + i + 8));
    a3 = _mm256_add_pd(a3, _mm256_loadu_pd(x + i + 12));
  }
  double lane[LANES];
  _mm256_storeu_pd(lane, a0), _mm256_storeu_pd(lane + 4, a1);
  _mm256_storeu_pd(lane + 8, a2), _mm256_storeu_pd(lane + 12, a3);
  FINISH_LANES(double, lane, x + i, n - i, OLK_OP_SUM);
  return lane[0];
}

// a absorbs v like OLK_OP_MAXF / OLK_OP_MINF: _mm256_max_ps(v, a) is (v > a ? v : a), and the blend
// takes v where v is NaN.
#define FOLD_PS(MINMAX, a, v) _mm256_blendv_ps(MINMAX(v, a), v, _mm256_cmp_ps(v, v, _CMP_UNORD_Q))
#define FOLD_PD(MINMAX, a, v) _mm256_blendv_pd(MINMAX(v, a), v, _mm256_cmp_pd(v, v, _CMP_UNORD_Q))

#define DEFINE_EXTREME_F32(NAME, MINMAX, IDENTITY, OP)                                                        \
  OLK_AVX2 float NAME(const float *x, intptr_t n) {                                                           \
    __m256 a0 = _mm256_set1_ps(IDENTITY), a1 = a0;                                                            \
    intptr_t i = 0;                                                                                           \
    for (; i + LANES <= n; i += LANES) {                                                                      \
      a0 = FOLD_PS(MINMAX, a0, _mm256_loadu_ps(x + i));                                                       \
      a1 = FOLD_PS(MINMAX, a1, _mm256_loadu_ps(x + i + 8));                                                   \
    }                                                                                                         \
    float lane[LANES];                                                                                        \
    _mm256_storeu_ps(lane, a0), _mm256_storeu_ps(lane + 8, a1);                                               \
    FINISH_LANES(float, lane, x + i, n - i, OP);                                                              \
    return lane[0];                                                                                           \
  }

#define DEFINE_EXTREME_F64(NAME, MINMAX, IDENTITY, OP)                                                        \
  OLK_AVX2 double NAME(const double *x, intptr_t n) {                                                         \
    __m256d a0 = _mm256_set1_pd(IDENTITY), a1 = a0, a2 = a0, a3 = a0;                                         \
    intptr_t i = 0;                                                                                           \
    for (; i + LANES <= n; i += LANES) {                                                                      \
      a0 = FOLD_PD(MINMAX, a0, _mm256_loadu_pd(x + i));                                                       \
      a1 = FOLD_PD(MINMAX, a1, _mm256_loadu_pd(x + i + 4));                                                   \
      a2 = FOLD_PD(MINMAX, a2, _mm256_loadu_pd(x + i + 8));                                                   \
      a3 = FOLD_PD(MINMAX, a3, _mm256_loadu_pd(x + i + 12));                                                  \
    }                                                                                                         \
    double lane[LANES];                                                                                       \
    _mm256_storeu_pd(lane, a0), _mm256_storeu_pd(lane + 4, a1);                                               \
    _mm256_storeu_pd(lane + 8, a2), _mm256_storeu_pd(lane + 12, a3);                                          \
    FINISH_LANES(double, lane, x + i, n - i, OP);                                                             \
    return lane[0];                                                                                           \
  }

DEFINE_EXTREME_F32(olk_maximum_f32_leaf_avx2, _mm256_max_ps, -INFINITY, OLK_OP_MAXF)
DEFINE_EXTREME_F32(olk_minimum_f32_leaf_avx2, _mm256_min_ps, INFINITY, OLK_OP_MINF)
DEFINE_EXTREME_F64(olk_maximum_f64_leaf_avx2, _mm256_max_pd, -INFINITY, OLK_OP_MAXF)
DEFINE_EXTREME_F64(olk_minimum_f64_leaf_avx2, _mm256_min_pd, INFINITY, OLK_OP_MINF)

#endif

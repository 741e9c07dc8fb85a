// AVX2 leaves of the float32/float64 sum, maximum and minimum trees (see reduce.c). Each keeps the 16
// lanes of the portable leaf in vector registers (lane j holds elements i with i % 16 == j), folds the
// tail with masked loads that fill the missing lanes with the identity (which leaves those lanes
// unchanged), and combines lane j with lane j + w for w = 8, 4, 2, 1 exactly as the portable leaf does,
// so both paths give identical bits.

#include "reduction_internal.h"

#if defined(__x86_64__)

#include <immintrin.h>
#include <math.h>

enum { LANES = 16 };

/// Lanes j with j < n of a 32-bit mask vector (n may be negative or above 8).
OLK_AVX2 static inline __m256i first_lanes32(intptr_t n) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(n < 0 ? 0 : n > 8 ? 8 : n)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/// Lanes j with j < n of a 64-bit mask vector (n may be negative or above 4).
OLK_AVX2 static inline __m256i first_lanes64(intptr_t n) {
  return _mm256_cmpgt_epi64(_mm256_set1_epi64x(n < 0 ? 0 : n > 4 ? 4 : n), _mm256_setr_epi64x(0, 1, 2, 3));
}

/// Floats x[j] for j < n (n <= 4) widened to double, 0.0 elsewhere.
OLK_AVX2 static inline __m256d load_f32_as_f64(const float *x, intptr_t n) {
  return _mm256_cvtps_pd(_mm_maskload_ps(x, _mm256_castsi256_si128(first_lanes32(n))));
}

/// Doubles x[j] for j < n (n <= 4), `fill` elsewhere.
OLK_AVX2 static inline __m256d load_f64(const double *x, intptr_t n, __m256d fill) {
  __m256i mask = first_lanes64(n);
  return _mm256_blendv_pd(fill, _mm256_maskload_pd(x, mask), _mm256_castsi256_pd(mask));
}

/// Floats x[j] for j < n (n <= 8), `fill` elsewhere.
OLK_AVX2 static inline __m256 load_f32(const float *x, intptr_t n, __m256 fill) {
  __m256i mask = first_lanes32(n);
  return _mm256_blendv_ps(fill, _mm256_maskload_ps(x, mask), _mm256_castsi256_ps(mask));
}

// The lane combination of a 16-lane double leaf held in a0 (lanes 0-3) … a3 (lanes 12-15): w = 8 folds
// a2 into a0 and a3 into a1, w = 4 folds a1 into a0, w = 2 and w = 1 fold within a0. F256 and F128
// fold their second (256- or 128-bit) argument into their first.
#define COMBINE_F64_LANES(a0, a1, a2, a3, F256, F128)                                                         \
  do {                                                                                                        \
    a0 = F256(a0, a2);                                                                                        \
    a1 = F256(a1, a3);                                                                                        \
    a0 = F256(a0, a1);                                                                                        \
    __m128d pair = F128(_mm256_castpd256_pd128(a0), _mm256_extractf128_pd(a0, 1));                           \
    result = _mm_cvtsd_f64(F128(pair, _mm_unpackhi_pd(pair, pair)));                                         \
  } while (0)

#define ADD_256(a, x) _mm256_add_pd(a, x)
#define ADD_128(a, x) _mm_add_pd(a, x)

OLK_AVX2 double olk_sum_f32_leaf_avx2(const float *x, intptr_t n) {
  __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
  intptr_t i = 0;
  for (; i + LANES <= n; i += LANES) {
    OLK_PREFETCH_AHEAD(x + i, sizeof(float) * LANES);
    a0 = _mm256_add_pd(a0, _mm256_cvtps_pd(_mm_loadu_ps(x + i)));
    a1 = _mm256_add_pd(a1, _mm256_cvtps_pd(_mm_loadu_ps(x + i + 4)));
    a2 = _mm256_add_pd(a2, _mm256_cvtps_pd(_mm_loadu_ps(x + i + 8)));
    a3 = _mm256_add_pd(a3, _mm256_cvtps_pd(_mm_loadu_ps(x + i + 12)));
  }
  intptr_t rest = n - i;
  if (rest > 0) {
    a0 = _mm256_add_pd(a0, load_f32_as_f64(x + i, rest));
    a1 = _mm256_add_pd(a1, load_f32_as_f64(x + i + 4, rest - 4));
    a2 = _mm256_add_pd(a2, load_f32_as_f64(x + i + 8, rest - 8));
    a3 = _mm256_add_pd(a3, load_f32_as_f64(x + i + 12, rest - 12));
  }
  double result;
  COMBINE_F64_LANES(a0, a1, a2, a3, ADD_256, ADD_128);
  return result;
}

OLK_AVX2 double olk_sum_f64_leaf_avx2(const double *x, intptr_t n) {
  __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
  intptr_t i = 0;
  for (; i + LANES <= n; i += LANES) {
    OLK_PREFETCH_AHEAD(x + i, sizeof(double) * LANES);
    a0 = _mm256_add_pd(a0, _mm256_loadu_pd(x + i));
    a1 = _mm256_add_pd(a1, _mm256_loadu_pd(x + i + 4));
    a2 = _mm256_add_pd(a2, _mm256_loadu_pd(x + i + 8));
    a3 = _mm256_add_pd(a3, _mm256_loadu_pd(x + i + 12));
  }
  intptr_t rest = n - i;
  if (rest > 0) {
    __m256d zero = _mm256_setzero_pd();
    a0 = _mm256_add_pd(a0, load_f64(x + i, rest, zero));
    a1 = _mm256_add_pd(a1, load_f64(x + i + 4, rest - 4, zero));
    a2 = _mm256_add_pd(a2, load_f64(x + i + 8, rest - 8, zero));
    a3 = _mm256_add_pd(a3, load_f64(x + i + 12, rest - 12, zero));
  }
  double result;
  COMBINE_F64_LANES(a0, a1, a2, a3, ADD_256, ADD_128);
  return result;
}

// a absorbs v like OLK_OP_MAXF / OLK_OP_MINF: _mm256_max_ps(v, a) is (v > a ? v : a), and the blend
// takes v where v is NaN.
#define FOLD_PS(MINMAX, a, v) _mm256_blendv_ps(MINMAX(v, a), v, _mm256_cmp_ps(v, v, _CMP_UNORD_Q))
#define FOLD_PS128(MINMAX, a, v) _mm_blendv_ps(MINMAX(v, a), v, _mm_cmp_ps(v, v, _CMP_UNORD_Q))
#define FOLD_PD(MINMAX, a, v) _mm256_blendv_pd(MINMAX(v, a), v, _mm256_cmp_pd(v, v, _CMP_UNORD_Q))
#define FOLD_PD128(MINMAX, a, v) _mm_blendv_pd(MINMAX(v, a), v, _mm_cmp_pd(v, v, _CMP_UNORD_Q))

#define DEFINE_EXTREME_F32(NAME, MM, IDENTITY)                                                                \
  OLK_AVX2 float NAME(const float *x, intptr_t n) {                                                           \
    __m256 identity = _mm256_set1_ps(IDENTITY), a0 = identity, a1 = identity;                                 \
    intptr_t i = 0;                                                                                           \
    for (; i + LANES <= n; i += LANES) {                                                                      \
      OLK_PREFETCH_AHEAD(x + i, sizeof(float) * LANES);                                                       \
      a0 = FOLD_PS(_mm256_##MM##_ps, a0, _mm256_loadu_ps(x + i));                                             \
      a1 = FOLD_PS(_mm256_##MM##_ps, a1, _mm256_loadu_ps(x + i + 8));                                         \
    }                                                                                                         \
    intptr_t rest = n - i;                                                                                    \
    if (rest > 0) {                                                                                           \
      a0 = FOLD_PS(_mm256_##MM##_ps, a0, load_f32(x + i, rest, identity));                                    \
      a1 = FOLD_PS(_mm256_##MM##_ps, a1, load_f32(x + i + 8, rest - 8, identity));                            \
    }                                                                                                         \
    a0 = FOLD_PS(_mm256_##MM##_ps, a0, a1);                                  /* w = 8 */                      \
    __m128 q = FOLD_PS128(_mm_##MM##_ps, _mm256_castps256_ps128(a0), _mm256_extractf128_ps(a0, 1)); /* 4 */   \
    q = FOLD_PS128(_mm_##MM##_ps, q, _mm_movehl_ps(q, q));                   /* w = 2 */                      \
    q = FOLD_PS128(_mm_##MM##_ps, q, _mm_movehdup_ps(q));                    /* w = 1 */                      \
    return _mm_cvtss_f32(q);                                                                                  \
  }

#define DEFINE_EXTREME_F64(NAME, MM, IDENTITY, F256, F128)                                                    \
  OLK_AVX2 double NAME(const double *x, intptr_t n) {                                                         \
    __m256d identity = _mm256_set1_pd(IDENTITY), a0 = identity, a1 = identity, a2 = identity, a3 = identity;  \
    intptr_t i = 0;                                                                                           \
    for (; i + LANES <= n; i += LANES) {                                                                      \
      OLK_PREFETCH_AHEAD(x + i, sizeof(double) * LANES);                                                      \
      a0 = FOLD_PD(_mm256_##MM##_pd, a0, _mm256_loadu_pd(x + i));                                             \
      a1 = FOLD_PD(_mm256_##MM##_pd, a1, _mm256_loadu_pd(x + i + 4));                                         \
      a2 = FOLD_PD(_mm256_##MM##_pd, a2, _mm256_loadu_pd(x + i + 8));                                         \
      a3 = FOLD_PD(_mm256_##MM##_pd, a3, _mm256_loadu_pd(x + i + 12));                                        \
    }                                                                                                         \
    intptr_t rest = n - i;                                                                                    \
    if (rest > 0) {                                                                                           \
      a0 = FOLD_PD(_mm256_##MM##_pd, a0, load_f64(x + i, rest, identity));                                    \
      a1 = FOLD_PD(_mm256_##MM##_pd, a1, load_f64(x + i + 4, rest - 4, identity));                            \
      a2 = FOLD_PD(_mm256_##MM##_pd, a2, load_f64(x + i + 8, rest - 8, identity));                            \
      a3 = FOLD_PD(_mm256_##MM##_pd, a3, load_f64(x + i + 12, rest - 12, identity));                          \
    }                                                                                                         \
    double result;                                                                                            \
    COMBINE_F64_LANES(a0, a1, a2, a3, F256, F128);                                                            \
    return result;                                                                                            \
  }

#define MAX_256(a, v) FOLD_PD(_mm256_max_pd, a, v)
#define MAX_128(a, v) FOLD_PD128(_mm_max_pd, a, v)
#define MIN_256(a, v) FOLD_PD(_mm256_min_pd, a, v)
#define MIN_128(a, v) FOLD_PD128(_mm_min_pd, a, v)

DEFINE_EXTREME_F32(olk_maximum_f32_leaf_avx2, max, -INFINITY)
DEFINE_EXTREME_F32(olk_minimum_f32_leaf_avx2, min, INFINITY)
DEFINE_EXTREME_F64(olk_maximum_f64_leaf_avx2, max, -INFINITY, MAX_256, MAX_128)
DEFINE_EXTREME_F64(olk_minimum_f64_leaf_avx2, min, INFINITY, MIN_256, MIN_128)

#endif

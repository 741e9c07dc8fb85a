// Window maxima along a row for windows of two adjacent taps per row of taps at stride 2 (2 × 2
// max pooling and its kin), on AVX-512: a row of 12 windows (a 24-wide plane) is one masked
// vector, where the portable loops vectorize only whole vectors and finish short rows one window
// at a time. Same choice of maximum as the portable loops: the first in tap order, NaN the largest.

#include "window_internal.h"

#include <immintrin.h>

#define TARGET __attribute__((target("avx512f")))

// Folds tap `k`'s values `v` into the running maxima `l` and their tap numbers `b` (PS: ps or pd).
#define FOLD(PS, l, b, v, k)                                                                        \
  do {                                                                                              \
    __mmask16 wins = _mm512_cmp_##PS##_mask(v, l, _CMP_GT_OQ) |                                      \
                     (_mm512_cmp_##PS##_mask(v, v, _CMP_UNORD_Q) & _mm512_cmp_##PS##_mask(l, l, _CMP_ORD_Q)); \
    l = _mm512_mask_mov_##PS(l, wins, v);                                                           \
    b = _mm512_mask_mov_epi32(b, wins, _mm512_set1_epi32(k));                                       \
  } while (0)

// olk_row_max_pairs_SUFFIX_avx512 for element type T in vectors V of LANES lanes (MASK bits) with
// the intrinsics' suffix PS; EVEN picks lanes 0, 2, 4, ... of two vectors and ODD 1, 3, 5, ...
// A chunk of LANES windows reads 2·LANES elements per row of taps; tap numbers go in the low
// LANES 32-bit lanes of `b`.
#define DEFINE_ROW_MAX_PAIRS(T, SUFFIX, V, LANES, MASK, PS, EVEN, ODD)                              \
  TARGET void olk_row_max_pairs_##SUFFIX##_avx512(const T *base, intptr_t m, const intptr_t *offsets, \
                                                  intptr_t taps, T *largest, int32_t *best) {      \
    const __m512i even = EVEN, odd = ODD;                                                           \
    for (intptr_t j0 = 0; j0 < m; j0 += LANES) {                                                    \
      intptr_t n = m - j0 < LANES ? m - j0 : LANES;                                                 \
      MASK outputs = (MASK)((1u << n) - 1);                                                         \
      MASK low = (MASK)(n >= LANES / 2 ? (1u << LANES) - 1 : (1u << (2 * n)) - 1);                  \
      MASK high = (MASK)(n > LANES / 2 ? (1u << (2 * (n - LANES / 2))) - 1 : 0);                    \
      V l = _mm512_setzero_##PS();                                                                  \
      __m512i b = _mm512_setzero_si512();                                                           \
      for (intptr_t k = 0; k < taps; k += 2) {                                                      \
        const T *p = base + 2 * j0 + offsets[k];                                                    \
        V a = _mm512_maskz_loadu_##PS(low, p), c = _mm512_maskz_loadu_##PS(high, p + LANES);        \
        V left = _mm512_permutex2var_##PS(a, even, c), right = _mm512_permutex2var_##PS(a, odd, c); \
        if (k == 0) {                                                                               \
          l = left;                                                                                 \
        } else {                                                                                    \
          FOLD(PS, l, b, left, (int)k);                                                             \
        }                                                                                           \
        FOLD(PS, l, b, right, (int)k + 1);                                                          \
      }                                                                                             \
      _mm512_mask_storeu_##PS(largest + j0, outputs, l);                                            \
      _mm512_mask_storeu_epi32(best + j0, (__mmask16)outputs, b);                                   \
    }                                                                                               \
  }

DEFINE_ROW_MAX_PAIRS(float, f32, __m512, 16, __mmask16, ps,
                     _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30),
                     _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31))
DEFINE_ROW_MAX_PAIRS(double, f64, __m512d, 8, __mmask8, pd, _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14),
                     _mm512_setr_epi64(1, 3, 5, 7, 9, 11, 13, 15))

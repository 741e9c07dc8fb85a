// Window maxima along a row for windows of two adjacent taps per row of taps at stride 2 (2 × 2
// max pooling and its kin), on AVX-512: a row of 12 windows (a 24-wide plane) is one masked
// vector, where the portable loops vectorize only whole vectors and finish short rows one window
// at a time. Same choice of maximum as the portable loops: the first in tap order, NaN the largest.

#include "window_internal.h"

#include <immintrin.h>

#define TARGET __attribute__((target("avx512f")))

// Folds tap `k`'s values `v` into the running maxima `l` and their tap numbers `b`.
#define FOLD(CMP_MASK, MOV, l, b, v, k)                                                             \
  do {                                                                                              \
    __mmask16 wins = CMP_MASK(v, l, _CMP_GT_OQ) | (CMP_MASK(v, v, _CMP_UNORD_Q) & CMP_MASK(l, l, _CMP_ORD_Q)); \
    l = MOV(l, wins, v);                                                                            \
    b = _mm512_mask_mov_epi32(b, wins, _mm512_set1_epi32(k));                                       \
  } while (0)

TARGET void olk_row_max_pairs_f32_avx512(const float *base, intptr_t m, const intptr_t *offsets, intptr_t taps,
                                         float *largest, int32_t *best) {
  const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
  const __m512i odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
  for (intptr_t j0 = 0; j0 < m; j0 += 16) {
    intptr_t n = m - j0 < 16 ? m - j0 : 16;
    __mmask16 outputs = (__mmask16)((1u << n) - 1);
    __mmask16 low = (__mmask16)(n >= 8 ? 0xFFFF : (1u << (2 * n)) - 1);
    __mmask16 high = (__mmask16)(n > 8 ? (1u << (2 * (n - 8))) - 1 : 0);
    __m512 l = _mm512_setzero_ps();
    __m512i b = _mm512_setzero_si512();
    for (intptr_t k = 0; k < taps; k += 2) {
      const float *p = base + 2 * j0 + offsets[k];
      __m512 a = _mm512_maskz_loadu_ps(low, p), c = _mm512_maskz_loadu_ps(high, p + 16);
      __m512 left = _mm512_permutex2var_ps(a, even, c), right = _mm512_permutex2var_ps(a, odd, c);
      if (k == 0) {
        l = left;
      } else {
        FOLD(_mm512_cmp_ps_mask, _mm512_mask_mov_ps, l, b, left, (int)k);
      }
      FOLD(_mm512_cmp_ps_mask, _mm512_mask_mov_ps, l, b, right, (int)k + 1);
    }
    _mm512_mask_storeu_ps(largest + j0, outputs, l);
    _mm512_mask_storeu_epi32(best + j0, outputs, b);
  }
}

TARGET void olk_row_max_pairs_f64_avx512(const double *base, intptr_t m, const intptr_t *offsets, intptr_t taps,
                                         double *largest, int32_t *best) {
  const __m512i even = _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14);
  const __m512i odd = _mm512_add_epi64(even, _mm512_set1_epi64(1));
  for (intptr_t j0 = 0; j0 < m; j0 += 8) {
    intptr_t n = m - j0 < 8 ? m - j0 : 8;
    __mmask8 outputs = (__mmask8)((1u << n) - 1);
    __mmask8 low = (__mmask8)(n >= 4 ? 0xFF : (1u << (2 * n)) - 1);
    __mmask8 high = (__mmask8)(n > 4 ? (1u << (2 * (n - 4))) - 1 : 0);
    __m512d l = _mm512_setzero_pd();
    // Tap numbers in the low 8 of 16 lanes.
    __m512i b = _mm512_setzero_si512();
    for (intptr_t k = 0; k < taps; k += 2) {
      const double *p = base + 2 * j0 + offsets[k];
      __m512d a = _mm512_maskz_loadu_pd(low, p), c = _mm512_maskz_loadu_pd(high, p + 8);
      __m512d left = _mm512_permutex2var_pd(a, even, c), right = _mm512_permutex2var_pd(a, odd, c);
      if (k == 0) {
        l = left;
      } else {
        FOLD(_mm512_cmp_pd_mask, _mm512_mask_mov_pd, l, b, left, (int)k);
      }
      FOLD(_mm512_cmp_pd_mask, _mm512_mask_mov_pd, l, b, right, (int)k + 1);
    }
    _mm512_mask_storeu_pd(largest + j0, outputs, l);
    _mm512_mask_storeu_epi32(best + j0, (__mmask16)outputs, b);
  }
}

// AVX-512 float32 exp and tanh: the approximations of simd_math_f32.c (same constants, same
// operation order, so the same results and error bounds) on 16 lanes, for contiguous data. Tails
// use masked loads and stores instead of a staging buffer.
#include "ew_simd.h"

#if defined(__x86_64__)

#include "exp_f32_constants.h"
#include "simd_apply.h"

#define OLK_AVX512 __attribute__((target("avx512f")))
#define OLK_AVX512_INLINE static inline __attribute__((always_inline, target("avx512f")))

#define F(c) _mm512_set1_ps(c)

// e^r - 1 for |r| <= ln(2)/2.
OLK_AVX512_INLINE __m512 expm1_reduced(__m512 r) {
  __m512 q = _mm512_fmadd_ps(F(EXPM1_Q4), r, F(EXPM1_Q3));
  q = _mm512_fmadd_ps(q, r, F(EXPM1_Q2));
  q = _mm512_fmadd_ps(q, r, F(EXPM1_Q1));
  q = _mm512_fmadd_ps(q, r, F(EXPM1_Q0));
  q = _mm512_fmadd_ps(q, r, F(0.5f));
  return _mm512_fmadd_ps(_mm512_mul_ps(r, r), q, r);
}

// x = k ln2 + r, |r| <= ln(2)/2, for |x| < 2^21; *t keeps k in its low mantissa bits.
OLK_AVX512_INLINE __m512 reduce_ln2(__m512 x, __m512 *k, __m512 *t) {
  *t = _mm512_fmadd_ps(x, F(LOG2E), F(ROUND_MAGIC));
  *k = _mm512_sub_ps(*t, F(ROUND_MAGIC));
  __m512 r = _mm512_fnmadd_ps(*k, F(LN2_HI), x);
  return _mm512_fnmadd_ps(*k, F(LN2_LO), r);
}

// 2^k for lanes whose low bits hold k in [-126, 127].
OLK_AVX512_INLINE __m512 pow2(__m512i k) {
  return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(k, _mm512_set1_epi32(127)), 23));
}

OLK_AVX512_INLINE __m512 abs_ps(__m512 x) {
  return _mm512_castsi512_ps(_mm512_and_epi32(_mm512_castps_si512(x), _mm512_set1_epi32(0x7fffffff)));
}

/// e^x, <= 1 ulp, the same as olk_exp_f32 of simd_math_f32.c lane by lane.
OLK_AVX512_INLINE __m512 exp_ps(__m512 x) {
  __m512 k, t;
  if (_mm512_cmp_ps_mask(abs_ps(x), F(EXP_FAST_LIMIT), _CMP_LE_OQ) == 0xFFFF) {
    __m512 p = expm1_reduced(reduce_ln2(x, &k, &t));
    __m512 s = pow2(_mm512_castps_si512(t));
    return _mm512_fmadd_ps(s, p, s);
  }
  __m512 xc = _mm512_min_ps(F(EXP_CLAMP_HIGH), _mm512_max_ps(F(EXP_CLAMP_LOW), x)); // NaN passes
  __m512 p = expm1_reduced(reduce_ln2(xc, &k, &t));
  __m512i ki = _mm512_cvtps_epi32(k);
  __m512i k1 = _mm512_srai_epi32(ki, 1);
  __m512 s1 = pow2(k1), s2 = pow2(_mm512_sub_epi32(ki, k1));
  return _mm512_mul_ps(_mm512_fmadd_ps(s1, p, s1), s2);
}

/// tanh(x) = sign(x) E / (E + 2), E = e^{2|x|} - 1, <= 2.5 ulp, as olk_tanh_f32.
OLK_AVX512_INLINE __m512 tanh_ps(__m512 x) {
  __m512 a = _mm512_min_ps(F(TANH_SATURATION), abs_ps(x)); // NaN passes
  __m512 k, t;
  __m512 two_a = _mm512_add_ps(a, a);
  __m512 p = expm1_reduced(reduce_ln2(two_a, &k, &t));
  __m512 s = pow2(_mm512_castps_si512(t));
  __m512 e = _mm512_fmadd_ps(s, p, _mm512_sub_ps(s, F(1.0f)));
  __m512 y = _mm512_div_ps(e, _mm512_add_ps(e, F(2.0f)));
  __m512i sign = _mm512_and_epi32(_mm512_castps_si512(x), _mm512_set1_epi32((int)0x80000000u));
  return _mm512_castsi512_ps(_mm512_or_epi32(_mm512_castps_si512(y), sign));
}

// y[i] = BLOCK(x[i]) for contiguous x and y: 16 lanes at a time, non-temporal stores for large
// outputs (after a masked head that aligns y to 64 bytes), a masked tail.
#define DEFINE_APPLY_512(NAME, BLOCK)                                                              \
  static OLK_AVX512 void NAME(const float *x, float *y, intptr_t n) {                              \
    intptr_t i = 0;                                                                                \
    if (n * (intptr_t)sizeof(float) >= OLK_STREAM_BYTES && (uintptr_t)y % sizeof(float) == 0) {    \
      intptr_t head = (intptr_t)((-(uintptr_t)y & 63) / sizeof(float));                            \
      __mmask16 mask = (__mmask16)((1u << head) - 1);                                              \
      _mm512_mask_storeu_ps(y, mask, BLOCK(_mm512_maskz_loadu_ps(mask, x)));                       \
      for (i = head; i + 16 <= n; i += 16) _mm512_stream_ps(y + i, BLOCK(_mm512_loadu_ps(x + i))); \
      _mm_sfence();                                                                                \
    } else {                                                                                       \
      for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, BLOCK(_mm512_loadu_ps(x + i)));         \
    }                                                                                              \
    if (i < n) {                                                                                   \
      __mmask16 mask = (__mmask16)((1u << (n - i)) - 1);                                           \
      _mm512_mask_storeu_ps(y + i, mask, BLOCK(_mm512_maskz_loadu_ps(mask, x + i)));               \
    }                                                                                              \
  }

DEFINE_APPLY_512(apply_exp, exp_ps)
DEFINE_APPLY_512(apply_tanh, tanh_ps)

int olk_unary_avx512_f32(olk_unary_op op, const float *x, intptr_t sx, float *y, intptr_t sy, intptr_t n) {
  if (sx != 1 || sy != 1) return 0;
  switch (op) {
  case OLK_EXP: apply_exp(x, y, n); return 1;
  case OLK_TANH: apply_tanh(x, y, n); return 1;
  default: return 0;
  }
}

#endif

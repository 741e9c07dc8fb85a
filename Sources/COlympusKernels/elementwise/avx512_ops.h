// The AVX-512 lane operations that whole-array kernels and elementwise programs' register chains
// share (float32 exp and tanh, float tanh_grad), so that both compute every lane alike, bit for bit.
// Private to the elementwise kernels; include only from files compiled for x86-64.
#ifndef OLK_AVX512_OPS_H
#define OLK_AVX512_OPS_H

#include <immintrin.h>
#include <stdint.h>

#include "exp_f32_constants.h"

#define OLK_AVX512 __attribute__((target("avx512f")))
#define OLK_AVX512_INLINE static inline __attribute__((always_inline, target("avx512f")))

#define OLK_SPLAT_PS(c) _mm512_set1_ps(c)

// e^r - 1 for |r| <= ln(2)/2.
OLK_AVX512_INLINE __m512 expm1_reduced(__m512 r) {
  __m512 q = _mm512_fmadd_ps(OLK_SPLAT_PS(EXPM1_Q4), r, OLK_SPLAT_PS(EXPM1_Q3));
  q = _mm512_fmadd_ps(q, r, OLK_SPLAT_PS(EXPM1_Q2));
  q = _mm512_fmadd_ps(q, r, OLK_SPLAT_PS(EXPM1_Q1));
  q = _mm512_fmadd_ps(q, r, OLK_SPLAT_PS(EXPM1_Q0));
  q = _mm512_fmadd_ps(q, r, OLK_SPLAT_PS(0.5f));
  return _mm512_fmadd_ps(_mm512_mul_ps(r, r), q, r);
}

// x = k ln2 + r, |r| <= ln(2)/2, for |x| < 2^21; *t keeps k in its low mantissa bits.
OLK_AVX512_INLINE __m512 reduce_ln2(__m512 x, __m512 *k, __m512 *t) {
  *t = _mm512_fmadd_ps(x, OLK_SPLAT_PS(LOG2E), OLK_SPLAT_PS(ROUND_MAGIC));
  *k = _mm512_sub_ps(*t, OLK_SPLAT_PS(ROUND_MAGIC));
  __m512 r = _mm512_fnmadd_ps(*k, OLK_SPLAT_PS(LN2_HI), x);
  return _mm512_fnmadd_ps(*k, OLK_SPLAT_PS(LN2_LO), r);
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
  if (_mm512_cmp_ps_mask(abs_ps(x), OLK_SPLAT_PS(EXP_FAST_LIMIT), _CMP_LE_OQ) == 0xFFFF) {
    __m512 p = expm1_reduced(reduce_ln2(x, &k, &t));
    __m512 s = pow2(_mm512_castps_si512(t));
    return _mm512_fmadd_ps(s, p, s);
  }
  __m512 xc = _mm512_min_ps(OLK_SPLAT_PS(EXP_CLAMP_HIGH), _mm512_max_ps(OLK_SPLAT_PS(EXP_CLAMP_LOW), x)); // NaN passes
  __m512 p = expm1_reduced(reduce_ln2(xc, &k, &t));
  __m512i ki = _mm512_cvtps_epi32(k);
  __m512i k1 = _mm512_srai_epi32(ki, 1);
  __m512 s1 = pow2(k1), s2 = pow2(_mm512_sub_epi32(ki, k1));
  return _mm512_mul_ps(_mm512_fmadd_ps(s1, p, s1), s2);
}

/// tanh(x) = sign(x) E / (E + 2), E = e^{2|x|} - 1, <= 2.5 ulp, as olk_tanh_f32.
OLK_AVX512_INLINE __m512 tanh_ps(__m512 x) {
  __m512 a = _mm512_min_ps(OLK_SPLAT_PS(TANH_SATURATION), abs_ps(x)); // NaN passes
  __m512 k, t;
  __m512 two_a = _mm512_add_ps(a, a);
  __m512 p = expm1_reduced(reduce_ln2(two_a, &k, &t));
  __m512 s = pow2(_mm512_castps_si512(t));
  __m512 e = _mm512_fmadd_ps(s, p, _mm512_sub_ps(s, OLK_SPLAT_PS(1.0f)));
  __m512 y = _mm512_div_ps(e, _mm512_add_ps(e, OLK_SPLAT_PS(2.0f)));
  __m512i sign = _mm512_and_epi32(_mm512_castps_si512(x), _mm512_set1_epi32((int)0x80000000u));
  return _mm512_castsi512_ps(_mm512_or_epi32(_mm512_castps_si512(y), sign));
}

// a + b and a * b with a as the instruction's first source: where both are NaN, x86 returns the
// first source's NaN (quieted), so the result is a's wherever the operation is compiled. (A
// compiler may swap the operands of a commutative operation, to fold a load into it, and so pick
// b's in one loop and a's in another.)
#define OLK_DEFINE_ORDERED(NAME, V, INSTRUCTION)                                                   \
  OLK_AVX512_INLINE V NAME(V a, V b) {                                                             \
    V y;                                                                                           \
    __asm__(INSTRUCTION " %2, %1, %0" : "=v"(y) : "v"(a), "v"(b));                                 \
    return y;                                                                                      \
  }
OLK_DEFINE_ORDERED(add_ps, __m512, "vaddps")
OLK_DEFINE_ORDERED(mul_ps, __m512, "vmulps")
OLK_DEFINE_ORDERED(add_pd, __m512d, "vaddpd")
OLK_DEFINE_ORDERED(mul_pd, __m512d, "vmulpd")

// b * (1 - a*a), rounded after each operation like olk_tanh_grad_f32/f64.
OLK_AVX512_INLINE __m512 tanh_grad_ps(__m512 a, __m512 b) {
  return mul_ps(b, _mm512_sub_ps(_mm512_set1_ps(1.0f), _mm512_mul_ps(a, a)));
}
OLK_AVX512_INLINE __m512d tanh_grad_pd(__m512d a, __m512d b) {
  return mul_pd(b, _mm512_sub_pd(_mm512_set1_pd(1.0), _mm512_mul_pd(a, a)));
}

#endif

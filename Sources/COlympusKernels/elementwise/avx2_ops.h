// The AVX2/FMA lane operations that whole-array kernels and elementwise programs' register chains
// share (float32 exp and tanh, float tanh_grad, ordered add and mul), so that both compute every
// lane alike, bit for bit. Private to the elementwise kernels; include only from files compiled for
// x86-64.
#ifndef OLK_AVX2_OPS_H
#define OLK_AVX2_OPS_H

#include <immintrin.h>
#include <stdint.h>

#include "exp_f32_constants.h"
#include "simd_apply.h"

#define OLK_SPLAT8(c) _mm256_set1_ps(c)

// e^r - 1 for |r| <= ln(2)/2 (see exp_f32_constants.h).
OLK_AVX2_INLINE __m256 olk_expm1_reduced_f32(__m256 r) {
  __m256 q = _mm256_fmadd_ps(OLK_SPLAT8(EXPM1_Q4), r, OLK_SPLAT8(EXPM1_Q3));
  q = _mm256_fmadd_ps(q, r, OLK_SPLAT8(EXPM1_Q2));
  q = _mm256_fmadd_ps(q, r, OLK_SPLAT8(EXPM1_Q1));
  q = _mm256_fmadd_ps(q, r, OLK_SPLAT8(EXPM1_Q0));
  q = _mm256_fmadd_ps(q, r, OLK_SPLAT8(0.5f));
  return _mm256_fmadd_ps(_mm256_mul_ps(r, r), q, r);
}

// x = k ln2 + r with k an integer (returned as a float) and |r| <= ln(2)/2, for |x| < 2^21; *t
// keeps k in its low mantissa bits.
OLK_AVX2_INLINE __m256 olk_reduce_ln2_f32(__m256 x, __m256 *k, __m256 *t) {
  *t = _mm256_fmadd_ps(x, OLK_SPLAT8(LOG2E), OLK_SPLAT8(ROUND_MAGIC));
  *k = _mm256_sub_ps(*t, OLK_SPLAT8(ROUND_MAGIC));
  __m256 r = _mm256_fnmadd_ps(*k, OLK_SPLAT8(LN2_HI), x); // exact
  return _mm256_fnmadd_ps(*k, OLK_SPLAT8(LN2_LO), r);
}

// 2^k for 32-bit lanes whose low bits hold k in [-126, 127] (two's complement).
OLK_AVX2_INLINE __m256 olk_pow2_f32(__m256i k) {
  return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(k, _mm256_set1_epi32(127)), 23));
}

/// e^x, <= 1 ulp. Overflows to +inf above ~88.72, gives denormals below ~-87.34 and 0 below
/// ~-103.97, NaN for NaN.
OLK_AVX2_INLINE __m256 olk_exp_f32(__m256 x) {
  __m256 k, t;
  __m256 magnitude = _mm256_andnot_ps(OLK_SPLAT8(-0.0f), x);
  if (_mm256_movemask_ps(_mm256_cmp_ps(magnitude, OLK_SPLAT8(EXP_FAST_LIMIT), _CMP_LE_OQ)) == 0xFF) {
    __m256 p = olk_expm1_reduced_f32(olk_reduce_ln2_f32(x, &k, &t));
    __m256 s = olk_pow2_f32(_mm256_castps_si256(t));
    return _mm256_fmadd_ps(s, p, s);
  }
  // Clamp (NaN passes: max/min return their second operand when either is NaN), then scale by 2^k
  // in two halves so k in [-150, 129] stays representable; overflow and underflow come out right.
  __m256 xc = _mm256_min_ps(OLK_SPLAT8(EXP_CLAMP_HIGH), _mm256_max_ps(OLK_SPLAT8(EXP_CLAMP_LOW), x));
  __m256 p = olk_expm1_reduced_f32(olk_reduce_ln2_f32(xc, &k, &t));
  __m256i ki = _mm256_cvtps_epi32(k);
  __m256i k1 = _mm256_srai_epi32(ki, 1);
  __m256 s1 = olk_pow2_f32(k1), s2 = olk_pow2_f32(_mm256_sub_epi32(ki, k1));
  return _mm256_mul_ps(_mm256_fmadd_ps(s1, p, s1), s2);
}

// e^x - 1 for x in [-30, 88] (or NaN).
OLK_AVX2_INLINE __m256 olk_expm1_core_f32(__m256 x) {
  __m256 k, t;
  __m256 p = olk_expm1_reduced_f32(olk_reduce_ln2_f32(x, &k, &t));
  __m256 s = olk_pow2_f32(_mm256_castps_si256(t));
  return _mm256_fmadd_ps(s, p, _mm256_sub_ps(s, OLK_SPLAT8(1.0f))); // 2^k (1 + p) - 1, one rounding
}

/// tanh(x) = sign(x) E / (E + 2) with E = e^{2|x|} - 1, <= 2.5 ulp. ±1 beyond |x| ~ 9, NaN for NaN.
OLK_AVX2_INLINE __m256 olk_tanh_f32(__m256 x) {
  __m256 a = _mm256_min_ps(OLK_SPLAT8(TANH_SATURATION), _mm256_andnot_ps(OLK_SPLAT8(-0.0f), x)); // NaN passes
  __m256 e = olk_expm1_core_f32(_mm256_add_ps(a, a));
  __m256 t = _mm256_div_ps(e, _mm256_add_ps(e, OLK_SPLAT8(2.0f)));
  return _mm256_or_ps(t, _mm256_and_ps(OLK_SPLAT8(-0.0f), x));
}

// a + b and a * b with a as the instruction's first source, on vectors and on single elements:
// where both are NaN, x86 returns the first source's NaN (quieted), so the result is a's wherever
// the operation is compiled (a compiler may swap a commutative operation's operands to fold a
// load). The AVX-512 twins in avx512_ops.h follow the same rule.
#define OLK_DEFINE_ORDERED_AVX2(NAME, T, INSTRUCTION)                                               \
  OLK_AVX2_INLINE T NAME(T a, T b) {                                                                \
    T y;                                                                                            \
    __asm__(INSTRUCTION " %2, %1, %0" : "=x"(y) : "x"(a), "x"(b));                                  \
    return y;                                                                                       \
  }
OLK_DEFINE_ORDERED_AVX2(olk_add_ordered_ps, __m256, "vaddps")
OLK_DEFINE_ORDERED_AVX2(olk_mul_ordered_ps, __m256, "vmulps")
OLK_DEFINE_ORDERED_AVX2(olk_add_ordered_pd, __m256d, "vaddpd")
OLK_DEFINE_ORDERED_AVX2(olk_mul_ordered_pd, __m256d, "vmulpd")
OLK_DEFINE_ORDERED_AVX2(olk_add_ordered_ss, float, "vaddss")
OLK_DEFINE_ORDERED_AVX2(olk_mul_ordered_ss, float, "vmulss")
OLK_DEFINE_ORDERED_AVX2(olk_add_ordered_sd, double, "vaddsd")
OLK_DEFINE_ORDERED_AVX2(olk_mul_ordered_sd, double, "vmulsd")

// b * (1 - a*a), rounded after each operation like olk_tanh_grad_f32/f64, on vectors and on single
// elements (for the tails of whole-array loops).
OLK_AVX2_INLINE __m256 olk_tanh_grad_ps(__m256 a, __m256 b) {
  return olk_mul_ordered_ps(b, _mm256_sub_ps(_mm256_set1_ps(1.0f), _mm256_mul_ps(a, a)));
}
OLK_AVX2_INLINE __m256d olk_tanh_grad_pd(__m256d a, __m256d b) {
  return olk_mul_ordered_pd(b, _mm256_sub_pd(_mm256_set1_pd(1.0), _mm256_mul_pd(a, a)));
}
OLK_AVX2_INLINE float olk_tanh_grad_ss(float a, float b) {
  float square = a * a;
  return olk_mul_ordered_ss(b, 1.0f - square);
}
OLK_AVX2_INLINE double olk_tanh_grad_sd(double a, double b) {
  double square = a * a;
  return olk_mul_ordered_sd(b, 1.0 - square);
}

#endif

// AVX2/FMA float64 kernels: exp, expm1, log, log1p, tanh, sigmoid, sqrt, rsqrt, floor, ceil, round.
// Error bounds are in ulps of the double result, as measured by the test suite's sweeps against
// extended-precision references (ElementwiseULPTests); each bound is stated at its kernel.
#include "ew_simd.h"

#if defined(__x86_64__)

#include <math.h>

#include "simd_apply.h"

#define D(c) _mm256_set1_pd(c)
#define SIGN_MASK D(-0.0)

// log(2) split; k * LN2_HI is exact inside an FMA.
#define LN2_HI 0x1.62e42fefa39efp-1
#define LN2_LO 0x1.abc9e3b39803fp-56
#define LOG2E 0x1.71547652b82fep+0
#define ROUND_MAGIC 0x1.8p52 // adding it rounds |v| < 2^51 to an integer held in the low mantissa bits

// y, except x where x is ±0: restores the sign of zero for functions odd at 0.
OLK_AVX2_INLINE __m256d olk_keep_zero_f64(__m256d y, __m256d x) {
  return _mm256_blendv_pd(y, x, _mm256_cmp_pd(x, _mm256_setzero_pd(), _CMP_EQ_OQ));
}

// ---- exp family ----

// e^r - 1 for |r| <= ln(2)/2: r + r^2 (1/2 + r Q(r)), Q a degree-9 minimax fit (relative error of
// the whole expression < 2^-59).
OLK_AVX2_INLINE __m256d olk_expm1_reduced_f64(__m256d r) {
  __m256d q = _mm256_fmadd_pd(D(2.089426465550249963e-9), r, D(2.510039115469315618e-8));
  q = _mm256_fmadd_pd(q, r, D(2.755732894911511081e-7));
  q = _mm256_fmadd_pd(q, r, D(2.755726845344277472e-6));
  q = _mm256_fmadd_pd(q, r, D(2.480158727562677085e-5));
  q = _mm256_fmadd_pd(q, r, D(1.984126986305324940e-4));
  q = _mm256_fmadd_pd(q, r, D(1.388888888890043514e-3));
  q = _mm256_fmadd_pd(q, r, D(8.333333333330063191e-3));
  q = _mm256_fmadd_pd(q, r, D(4.166666666666665470e-2));
  q = _mm256_fmadd_pd(q, r, D(1.666666666666666745e-1));
  q = _mm256_fmadd_pd(q, r, D(0.5));
  return _mm256_fmadd_pd(_mm256_mul_pd(r, r), q, r);
}

// x = k ln2 + r with k an integer (returned as a double) and |r| <= ln(2)/2; *t keeps k in its low
// mantissa bits.
OLK_AVX2_INLINE __m256d olk_reduce_ln2_f64(__m256d x, __m256d *k, __m256d *t) {
  *t = _mm256_fmadd_pd(x, D(LOG2E), D(ROUND_MAGIC));
  *k = _mm256_sub_pd(*t, D(ROUND_MAGIC));
  __m256d r = _mm256_fnmadd_pd(*k, D(LN2_HI), x); // exact
  return _mm256_fnmadd_pd(*k, D(LN2_LO), r);
}

// 2^k from 64-bit lanes whose low bits hold k in [-1022, 1023] (two's complement).
OLK_AVX2_INLINE __m256d olk_pow2_bits_f64(__m256i k) {
  return _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_add_epi64(k, _mm256_set1_epi64x(1023)), 52));
}

/// e^x, <= 1 ulp. +inf above ~709.78, denormals below ~-708.4, 0 below ~-745.1, NaN for NaN.
OLK_AVX2_INLINE __m256d olk_exp_f64(__m256d x) {
  __m256d k, t;
  if (_mm256_movemask_pd(_mm256_cmp_pd(_mm256_andnot_pd(SIGN_MASK, x), D(708.0), _CMP_LE_OQ)) == 0xF) {
    __m256d p = olk_expm1_reduced_f64(olk_reduce_ln2_f64(x, &k, &t));
    __m256d s = olk_pow2_bits_f64(_mm256_castpd_si256(t));
    return _mm256_fmadd_pd(s, p, s);
  }
  // Clamp (NaN passes), then scale by 2^k in two halves so k in [-1077, 1025] stays representable.
  __m256d xc = _mm256_min_pd(D(710.0), _mm256_max_pd(D(-746.0), x));
  __m256d p = olk_expm1_reduced_f64(olk_reduce_ln2_f64(xc, &k, &t));
  __m128i ki = _mm256_cvtpd_epi32(k);
  __m128i k1 = _mm_srai_epi32(ki, 1);
  __m256d s1 = olk_pow2_bits_f64(_mm256_cvtepi32_epi64(k1));
  __m256d s2 = olk_pow2_bits_f64(_mm256_cvtepi32_epi64(_mm_sub_epi32(ki, k1)));
  return _mm256_mul_pd(_mm256_fmadd_pd(s1, p, s1), s2);
}

// e^x - 1 for x in [-40, 709] (or NaN).
OLK_AVX2_INLINE __m256d olk_expm1_core_f64(__m256d x) {
  __m256d k, t;
  __m256d p = olk_expm1_reduced_f64(olk_reduce_ln2_f64(x, &k, &t));
  __m256d s = olk_pow2_bits_f64(_mm256_castpd_si256(t));
  return _mm256_fmadd_pd(s, p, _mm256_sub_pd(s, D(1.0))); // 2^k (1 + p) - 1, one rounding
}

/// e^x - 1, <= 2 ulp. -1 below ~-37.4, +inf above ~709.78, NaN for NaN.
OLK_AVX2_INLINE __m256d olk_expm1_f64(__m256d x) {
  __m256d y = olk_expm1_core_f64(_mm256_min_pd(D(709.0), _mm256_max_pd(D(-40.0), x)));
  __m256d big = _mm256_cmp_pd(x, D(709.0), _CMP_GT_OQ);
  if (_mm256_movemask_pd(big)) y = _mm256_blendv_pd(y, olk_exp_f64(x), big);
  return olk_keep_zero_f64(y, x);
}

/// tanh(x) = sign(x) E / (E + 2) with E = e^{2|x|} - 1, <= 2.5 ulp. ±1 beyond |x| ~ 19, NaN for NaN.
OLK_AVX2_INLINE __m256d olk_tanh_f64(__m256d x) {
  __m256d a = _mm256_min_pd(D(19.5), _mm256_andnot_pd(SIGN_MASK, x)); // NaN passes
  __m256d e = olk_expm1_core_f64(_mm256_add_pd(a, a));
  __m256d t = _mm256_div_pd(e, _mm256_add_pd(e, D(2.0)));
  return _mm256_or_pd(t, _mm256_and_pd(SIGN_MASK, x));
}

/// 1 / (1 + e^-x) from E = e^{-|x|} as 1 / (1 + E) for x >= 0 and E / (1 + E) below, one division,
/// <= 2.5 ulp; never overflows, exactly 0 and 1 far out, NaN for NaN.
OLK_AVX2_INLINE __m256d olk_sigmoid_f64(__m256d x) {
  __m256d e = olk_exp_f64(_mm256_or_pd(SIGN_MASK, x));
  __m256d numerator = _mm256_blendv_pd(e, D(1.0), _mm256_cmp_pd(x, D(0.0), _CMP_GE_OQ));
  return _mm256_div_pd(numerator, _mm256_add_pd(D(1.0), e));
}

// ---- log family ----

// log(x) for positive normal finite x whose exponent is to be raised by `extra`: x = 2^e m with m
// in [sqrt(1/2), sqrt(2)), f = m - 1, s = f / (2 + f), and
// log(1 + f) = f - (f^2/2 - s (f^2/2 + s^2 T(s^2))), T a degree-6 minimax fit (relative error of
// the whole expression < 2^-57); the leading f is exact, so rounding in s costs little.
OLK_AVX2_INLINE __m256d olk_log_core_f64(__m256d x, __m256d extra) {
  const __m256i sqrt_half = _mm256_set1_epi64x(0x3fe6a09e667f3bcdLL);
  __m256i t = _mm256_sub_epi64(_mm256_castpd_si256(x), sqrt_half);
  // The exponent is t >> 52 (arithmetic): the high dword of each lane shifted by 20.
  __m256i high = _mm256_permutevar8x32_epi32(_mm256_srai_epi32(t, 20), _mm256_setr_epi32(1, 3, 5, 7, 1, 3, 5, 7));
  __m256d e = _mm256_add_pd(_mm256_cvtepi32_pd(_mm256_castsi256_si128(high)), extra);
  __m256i mantissa = _mm256_and_si256(t, _mm256_set1_epi64x(0xfffffffffffffLL));
  __m256d m = _mm256_castsi256_pd(_mm256_add_epi64(mantissa, sqrt_half));
  __m256d f = _mm256_sub_pd(m, D(1.0));
  __m256d s = _mm256_div_pd(f, _mm256_add_pd(D(2.0), f));
  __m256d z = _mm256_mul_pd(s, s);
  __m256d p = _mm256_fmadd_pd(D(1.46182341026197149e-1), z, D(1.53315740062542049e-1));
  p = _mm256_fmadd_pd(p, z, D(1.81828936817439233e-1));
  p = _mm256_fmadd_pd(p, z, D(2.22222110703132734e-1));
  p = _mm256_fmadd_pd(p, z, D(2.85714286263853325e-1));
  p = _mm256_fmadd_pd(p, z, D(3.99999999998985590e-1));
  p = _mm256_fmadd_pd(p, z, D(6.66666666666666972e-1));
  __m256d hfsq = _mm256_mul_pd(D(0.5), _mm256_mul_pd(f, f));
  __m256d inner = _mm256_fmadd_pd(s, _mm256_fmadd_pd(z, p, hfsq), _mm256_mul_pd(e, D(LN2_LO)));
  __m256d y = _mm256_sub_pd(f, _mm256_sub_pd(hfsq, inner));
  return _mm256_fmadd_pd(e, D(LN2_HI), y);
}

/// log(x), <= 1 ulp. -inf for ±0, NaN for negative x and NaN, +inf for +inf; denormals handled.
OLK_AVX2_INLINE __m256d olk_log_f64(__m256d x) {
  __m256d normal = _mm256_and_pd(_mm256_cmp_pd(x, D(0x1p-1022), _CMP_GE_OQ), _mm256_cmp_pd(x, D(INFINITY), _CMP_LT_OQ));
  if (_mm256_movemask_pd(normal) == 0xF) return olk_log_core_f64(x, _mm256_setzero_pd());
  __m256d tiny = _mm256_cmp_pd(x, D(0x1p-1022), _CMP_LT_OQ);
  __m256d scaled = _mm256_blendv_pd(x, _mm256_mul_pd(x, D(0x1p52)), tiny);
  __m256d y = olk_log_core_f64(scaled, _mm256_and_pd(tiny, D(-52.0)));
  y = _mm256_blendv_pd(y, x, _mm256_cmp_pd(x, D(INFINITY), _CMP_EQ_OQ));
  y = _mm256_blendv_pd(y, D(-INFINITY), _mm256_cmp_pd(x, D(0.0), _CMP_EQ_OQ));
  return _mm256_blendv_pd(y, D(NAN), _mm256_cmp_pd(x, D(0.0), _CMP_NGE_UQ)); // negative or NaN
}

/// log(1 + x), <= 1.5 ulp: log(u) for u = 1 + x rounded, plus the rounding error of u (exact by
/// 2Sum) divided by u. -inf at -1, NaN below -1 and for NaN, +inf for +inf.
OLK_AVX2_INLINE __m256d olk_log1p_f64(__m256d x) {
  __m256d one = D(1.0);
  __m256d u = _mm256_add_pd(one, x);
  __m256d ux = _mm256_sub_pd(u, x), u1 = _mm256_sub_pd(u, ux);
  __m256d err = _mm256_add_pd(_mm256_sub_pd(one, ux), _mm256_sub_pd(x, u1));
  __m256d correction = _mm256_div_pd(err, u);
  __m256d finite = _mm256_and_pd(_mm256_cmp_pd(u, D(0x1p-1022), _CMP_GE_OQ), _mm256_cmp_pd(u, D(INFINITY), _CMP_LT_OQ));
  return olk_keep_zero_f64(_mm256_add_pd(olk_log_f64(u), _mm256_and_pd(finite, correction)), x);
}

// ---- correctly rounded ones ----

OLK_AVX2_INLINE __m256d olk_sqrt_f64(__m256d x) { return _mm256_sqrt_pd(x); }
/// 1 / sqrt(x) from the correctly rounded square root and division, <= 1.5 ulp.
OLK_AVX2_INLINE __m256d olk_rsqrt_f64(__m256d x) { return _mm256_div_pd(D(1.0), _mm256_sqrt_pd(x)); }
OLK_AVX2_INLINE __m256d olk_floor_f64(__m256d x) { return _mm256_round_pd(x, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC); }
OLK_AVX2_INLINE __m256d olk_ceil_f64(__m256d x) { return _mm256_round_pd(x, _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC); }
OLK_AVX2_INLINE __m256d olk_round_f64(__m256d x) { return _mm256_round_pd(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }

#define OLK_F64_APPLY(NAME) \
  OLK_DEFINE_APPLY(olk_apply_##NAME##_f64, double, __m256d, 4, _mm256_loadu_pd, _mm256_storeu_pd, \
                   _mm256_stream_pd, olk_##NAME##_f64)
OLK_F64_APPLY(exp)
OLK_F64_APPLY(expm1)
OLK_F64_APPLY(log)
OLK_F64_APPLY(log1p)
OLK_F64_APPLY(tanh)
OLK_F64_APPLY(sigmoid)
OLK_F64_APPLY(sqrt)
OLK_F64_APPLY(rsqrt)
OLK_F64_APPLY(floor)
OLK_F64_APPLY(ceil)
OLK_F64_APPLY(round)

int olk_unary_simd_f64(olk_unary_op op, const double *x, intptr_t sx, double *y, intptr_t sy, intptr_t n) {
  switch (op) {
  case OLK_EXP: olk_apply_exp_f64(x, sx, y, sy, n); return 1;
  case OLK_EXPM1: olk_apply_expm1_f64(x, sx, y, sy, n); return 1;
  case OLK_LOG: olk_apply_log_f64(x, sx, y, sy, n); return 1;
  case OLK_LOG1P: olk_apply_log1p_f64(x, sx, y, sy, n); return 1;
  case OLK_TANH: olk_apply_tanh_f64(x, sx, y, sy, n); return 1;
  case OLK_SIGMOID: olk_apply_sigmoid_f64(x, sx, y, sy, n); return 1;
  case OLK_SQRT: olk_apply_sqrt_f64(x, sx, y, sy, n); return 1;
  case OLK_RSQRT: olk_apply_rsqrt_f64(x, sx, y, sy, n); return 1;
  case OLK_FLOOR: olk_apply_floor_f64(x, sx, y, sy, n); return 1;
  case OLK_CEIL: olk_apply_ceil_f64(x, sx, y, sy, n); return 1;
  case OLK_ROUND: olk_apply_round_f64(x, sx, y, sy, n); return 1;
  default: return 0;
  }
}

#endif

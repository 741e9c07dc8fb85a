// AVX2/FMA float32 kernels: exp, expm1, log, log1p, sin, cos, tanh, sigmoid, sqrt, rsqrt, floor,
// ceil, round. Error bounds are in ulps of the float result against the exact value, as measured by
// the test suite's sweeps (ElementwiseULPTests); each bound is stated at its kernel. A one-off
// exhaustive check over all 2^32 inputs against glibc's double functions found the maxima exp 0.978,
// expm1 1.439, log 0.846, log1p 1.438, sin 0.561, cos 0.561, tanh 2.419, sigmoid 2.402, sqrt 0.5,
// rsqrt 1.490 (floor, ceil, round exact), and every special value (NaN, ±inf, overflow) right.
#include "ew_simd.h"

#if defined(__x86_64__)

#include <math.h>

#include "avx2_ops.h"
#include "exp_f32_constants.h"
#include "simd_apply.h"

#define F(c) _mm256_set1_ps(c)

#define SIGN_MASK F(-0.0f)

// y, except x where x is ±0: restores the sign of zero for functions odd at 0.
OLK_AVX2_INLINE __m256 olk_keep_zero_f32(__m256 y, __m256 x) {
  return _mm256_blendv_ps(y, x, _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_EQ_OQ));
}

// ---- exp family (exp, tanh and their helpers are in avx2_ops.h) ----

/// e^x - 1, <= 1.5 ulp (the rounding of 2^k - 1 for k > 24 shows). -1 below ~-17.3, +inf above
/// ~88.72, NaN for NaN.
OLK_AVX2_INLINE __m256 olk_expm1_f32(__m256 x) {
  __m256 y = olk_expm1_core_f32(_mm256_min_ps(F(88.0f), _mm256_max_ps(F(-30.0f), x)));
  __m256 big = _mm256_cmp_ps(x, F(88.0f), _CMP_GT_OQ);
  if (_mm256_movemask_ps(big)) y = _mm256_blendv_ps(y, olk_exp_f32(x), big); // e^x - 1 rounds to e^x there
  return olk_keep_zero_f32(y, x);
}

/// 1 / (1 + e^-x) from E = e^{-|x|} as 1 / (1 + E) for x >= 0 and E / (1 + E) below, one division,
/// <= 2.5 ulp; never overflows, exactly 0 and 1 far out, NaN for NaN.
OLK_AVX2_INLINE __m256 olk_sigmoid_f32(__m256 x) {
  __m256 e = olk_exp_f32(_mm256_or_ps(SIGN_MASK, x));
  __m256 numerator = _mm256_blendv_ps(e, F(1.0f), _mm256_cmp_ps(x, F(0.0f), _CMP_GE_OQ));
  return _mm256_div_ps(numerator, _mm256_add_ps(F(1.0f), e));
}

/// GELU's tanh form x·σ(2√(2/π)(x + 0.044715x³)), the operations of olk_gelu_tanh_f32 in order
/// (σ as olk_sigmoid_f32): within a few ulp of that scalar form, bit-identical on every layout.
OLK_AVX2_INLINE __m256 olk_geluTanh_f32(__m256 x) {
  __m256 cubic = _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(F(0.044715f), x), x), x);
  __m256 z = _mm256_mul_ps(F(1.5957691216057308f), _mm256_add_ps(x, cubic));
  return _mm256_mul_ps(x, olk_sigmoid_f32(z));
}

/// g times the derivative of GELU's tanh form at v, the operations of olk_gelu_tanh_grad_f32 in
/// order (σ as olk_sigmoid_f32): σ + v·σ(1 − σ)·2√(2/π)(1 + 3·0.044715v²), or σ where σ(1 − σ) is 0.
OLK_AVX2_INLINE __m256 olk_geluTanhGradient_f32(__m256 v, __m256 g) {
  __m256 cubic = _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(F(0.044715f), v), v), v);
  __m256 s = olk_sigmoid_f32(_mm256_mul_ps(F(1.5957691216057308f), _mm256_add_ps(v, cubic)));
  __m256 t = _mm256_mul_ps(s, _mm256_sub_ps(F(1.0f), s));
  __m256 slope = _mm256_add_ps(F(1.0f), _mm256_mul_ps(_mm256_mul_ps(F(0.134145f), v), v));
  __m256 rise = _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(v, t), F(1.5957691216057308f)), slope);
  __m256 d = _mm256_blendv_ps(_mm256_add_ps(s, rise), s, _mm256_cmp_ps(t, F(0.0f), _CMP_EQ_OQ));
  return _mm256_mul_ps(g, d);
}

// ---- log family ----

// log(x) for positive normal finite x whose exponent is to be raised by `extra` (for prescaled
// denormals): x = 2^e m with m in [sqrt(1/2), sqrt(2)), f = m - 1 exact, and
// log(1 + f) = f - f^2/2 + f^3 P(f), P a degree-8 minimax fit (relative error < 2^-28).
OLK_AVX2_INLINE __m256 olk_log_core_f32(__m256 x, __m256 extra) {
  const __m256i sqrt_half = _mm256_set1_epi32(0x3f3504f3);
  __m256i t = _mm256_sub_epi32(_mm256_castps_si256(x), sqrt_half);
  __m256 e = _mm256_add_ps(_mm256_cvtepi32_ps(_mm256_srai_epi32(t, 23)), extra);
  __m256 m = _mm256_castsi256_ps(_mm256_add_epi32(_mm256_and_si256(t, _mm256_set1_epi32(0x7fffff)), sqrt_half));
  __m256 f = _mm256_sub_ps(m, F(1.0f));
  __m256 p = _mm256_fmadd_ps(F(7.03668877e-2f), f, F(-1.15142957e-1f));
  p = _mm256_fmadd_ps(p, f, F(1.16771883e-1f));
  p = _mm256_fmadd_ps(p, f, F(-1.24201903e-1f));
  p = _mm256_fmadd_ps(p, f, F(1.42493108e-1f));
  p = _mm256_fmadd_ps(p, f, F(-1.66680555e-1f));
  p = _mm256_fmadd_ps(p, f, F(2.00007150e-1f));
  p = _mm256_fmadd_ps(p, f, F(-2.49999940e-1f));
  p = _mm256_fmadd_ps(p, f, F(3.33333312e-1f));
  __m256 f2 = _mm256_mul_ps(f, f);
  __m256 s = _mm256_fmadd_ps(_mm256_mul_ps(f2, f), p, _mm256_mul_ps(e, F(LN2_LO)));
  s = _mm256_add_ps(_mm256_fnmadd_ps(F(0.5f), f2, s), f);
  return _mm256_fmadd_ps(e, F(LN2_HI), s);
}

/// log(x), <= 1 ulp. -inf for ±0, NaN for negative x and NaN, +inf for +inf; denormals handled.
OLK_AVX2_INLINE __m256 olk_log_f32(__m256 x) {
  __m256 normal = _mm256_and_ps(_mm256_cmp_ps(x, F(0x1p-126f), _CMP_GE_OQ), _mm256_cmp_ps(x, F(INFINITY), _CMP_LT_OQ));
  if (_mm256_movemask_ps(normal) == 0xFF) return olk_log_core_f32(x, _mm256_setzero_ps());
  __m256 tiny = _mm256_cmp_ps(x, F(0x1p-126f), _CMP_LT_OQ);
  __m256 scaled = _mm256_blendv_ps(x, _mm256_mul_ps(x, F(0x1p23f)), tiny);
  __m256 y = olk_log_core_f32(scaled, _mm256_and_ps(tiny, F(-23.0f)));
  y = _mm256_blendv_ps(y, x, _mm256_cmp_ps(x, F(INFINITY), _CMP_EQ_OQ));
  y = _mm256_blendv_ps(y, F(-INFINITY), _mm256_cmp_ps(x, F(0.0f), _CMP_EQ_OQ));
  return _mm256_blendv_ps(y, F(NAN), _mm256_cmp_ps(x, F(0.0f), _CMP_NGE_UQ)); // negative or NaN
}

/// log(1 + x), <= 1.5 ulp: log(u) for u = 1 + x rounded, plus the rounding error of u (exact by
/// 2Sum) divided by u. -inf at -1, NaN below -1 and for NaN, +inf for +inf.
OLK_AVX2_INLINE __m256 olk_log1p_f32(__m256 x) {
  __m256 one = F(1.0f);
  __m256 u = _mm256_add_ps(one, x);
  __m256 ux = _mm256_sub_ps(u, x), u1 = _mm256_sub_ps(u, ux);
  __m256 err = _mm256_add_ps(_mm256_sub_ps(one, ux), _mm256_sub_ps(x, u1));
  __m256 correction = _mm256_div_ps(err, u);
  __m256 finite = _mm256_and_ps(_mm256_cmp_ps(u, F(0x1p-126f), _CMP_GE_OQ), _mm256_cmp_ps(u, F(INFINITY), _CMP_LT_OQ));
  return olk_keep_zero_f32(_mm256_add_ps(olk_log_f32(u), _mm256_and_ps(finite, correction)), x);
}

// ---- sin, cos (evaluated in double) ----

#define SINCOS_LIMIT 0x1p20f // reduction below is accurate for |x| <= this; beyond, libm

// sin (q_offset 0) or cos (q_offset 1) of four doubles converted from floats, |x| <= 2^20:
// x = j pi/2 + r with a two-part pi/2 (first step exact), then the quadrant j + q_offset picks
// +-sin(r) or +-cos(r); minimax polynomials in r^2 with relative error < 2^-35.
OLK_AVX2_INLINE __m256d olk_sincos_pd(__m256d x, int q_offset) {
  __m256d j = _mm256_round_pd(_mm256_mul_pd(x, _mm256_set1_pd(0x1.45f306dc9c883p-1)), // x * 2/pi
                              _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256d r = _mm256_fnmadd_pd(j, _mm256_set1_pd(0x1.921fb54442d18p+0), x);
  r = _mm256_fnmadd_pd(j, _mm256_set1_pd(0x1.1a62633145c07p-54), r);
  __m256d z = _mm256_mul_pd(r, r);
  __m256d s = _mm256_fmadd_pd(_mm256_set1_pd(2.72491044358265023e-6), z, _mm256_set1_pd(-1.98400795945705339e-4));
  s = _mm256_fmadd_pd(s, z, _mm256_set1_pd(8.33333185924593195e-3));
  s = _mm256_fmadd_pd(s, z, _mm256_set1_pd(-1.66666666638058293e-1));
  s = _mm256_fmadd_pd(_mm256_mul_pd(r, z), s, r);
  __m256d c = _mm256_fmadd_pd(_mm256_set1_pd(-2.73004296883288121e-7), z, _mm256_set1_pd(2.48005958650705950e-5));
  c = _mm256_fmadd_pd(c, z, _mm256_set1_pd(-1.38888876624729868e-3));
  c = _mm256_fmadd_pd(c, z, _mm256_set1_pd(4.16666666642915321e-2));
  c = _mm256_fmadd_pd(_mm256_mul_pd(z, z), c, _mm256_fnmadd_pd(_mm256_set1_pd(0.5), z, _mm256_set1_pd(1.0)));
  __m256i q = _mm256_cvtepi32_epi64(_mm_add_epi32(_mm256_cvtpd_epi32(j), _mm_set1_epi32(q_offset)));
  __m256i odd = _mm256_cmpeq_epi64(_mm256_and_si256(q, _mm256_set1_epi64x(1)), _mm256_set1_epi64x(1));
  __m256d v = _mm256_blendv_pd(s, c, _mm256_castsi256_pd(odd));
  __m256i sign = _mm256_slli_epi64(_mm256_and_si256(q, _mm256_set1_epi64x(2)), 62);
  return _mm256_xor_pd(v, _mm256_castsi256_pd(sign));
}

// sin or cos of eight floats: <= 1 ulp (the double-precision evaluation is rounded once).
OLK_AVX2_INLINE __m256 olk_sincos_f32(__m256 x, int q_offset) {
  __m256 ax = _mm256_andnot_ps(SIGN_MASK, x);
  if (_mm256_movemask_ps(_mm256_cmp_ps(ax, F(SINCOS_LIMIT), _CMP_LE_OQ)) != 0xFF) {
    float v[8];
    _mm256_storeu_ps(v, x);
    for (int k = 0; k < 8; k++) v[k] = q_offset ? cosf(v[k]) : sinf(v[k]);
    return _mm256_loadu_ps(v);
  }
  __m128 lo = _mm256_cvtpd_ps(olk_sincos_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(x)), q_offset));
  __m128 hi = _mm256_cvtpd_ps(olk_sincos_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(x, 1)), q_offset));
  return _mm256_insertf128_ps(_mm256_castps128_ps256(lo), hi, 1);
}

OLK_AVX2_INLINE __m256 olk_sin_f32(__m256 x) { return olk_keep_zero_f32(olk_sincos_f32(x, 0), x); }
OLK_AVX2_INLINE __m256 olk_cos_f32(__m256 x) { return olk_sincos_f32(x, 1); }

// ---- correctly rounded ones ----

OLK_AVX2_INLINE __m256 olk_sqrt_f32(__m256 x) { return _mm256_sqrt_ps(x); }
/// 1 / sqrt(x) from the correctly rounded square root and division, <= 1.5 ulp.
OLK_AVX2_INLINE __m256 olk_rsqrt_f32(__m256 x) { return _mm256_div_ps(F(1.0f), _mm256_sqrt_ps(x)); }
OLK_AVX2_INLINE __m256 olk_floor_f32(__m256 x) { return _mm256_round_ps(x, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC); }
OLK_AVX2_INLINE __m256 olk_ceil_f32(__m256 x) { return _mm256_round_ps(x, _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC); }
OLK_AVX2_INLINE __m256 olk_round_f32(__m256 x) { return _mm256_round_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }

#define OLK_F32_APPLY(NAME) \
  OLK_DEFINE_APPLY(olk_apply_##NAME##_f32, float, __m256, 8, _mm256_loadu_ps, _mm256_storeu_ps, \
                   _mm256_stream_ps, olk_##NAME##_f32)
OLK_F32_APPLY(exp)
OLK_F32_APPLY(expm1)
OLK_F32_APPLY(log)
OLK_F32_APPLY(log1p)
OLK_F32_APPLY(sin)
OLK_F32_APPLY(cos)
OLK_F32_APPLY(tanh)
OLK_F32_APPLY(sigmoid)
OLK_F32_APPLY(geluTanh)
OLK_F32_APPLY(sqrt)
OLK_F32_APPLY(rsqrt)
OLK_F32_APPLY(floor)
OLK_F32_APPLY(ceil)
OLK_F32_APPLY(round)

OLK_DEFINE_APPLY_BINARY(olk_apply_geluTanhGradient_f32, float, __m256, 8, _mm256_loadu_ps, _mm256_storeu_ps,
                        olk_geluTanhGradient_f32)

int olk_binary_math_simd_f32(olk_binary_op op, const float *a, intptr_t sa, const float *b, intptr_t sb, float *y,
                             intptr_t sy, intptr_t n) {
  switch (op) {
  case OLK_GELU_TANH_GRAD: olk_apply_geluTanhGradient_f32(a, sa, b, sb, y, sy, n); return 1;
  default: return 0;
  }
}

int olk_unary_simd_f32(olk_unary_op op, const float *x, intptr_t sx, float *y, intptr_t sy, intptr_t n) {
  switch (op) {
  case OLK_EXP: olk_apply_exp_f32(x, sx, y, sy, n); return 1;
  case OLK_EXPM1: olk_apply_expm1_f32(x, sx, y, sy, n); return 1;
  case OLK_LOG: olk_apply_log_f32(x, sx, y, sy, n); return 1;
  case OLK_LOG1P: olk_apply_log1p_f32(x, sx, y, sy, n); return 1;
  case OLK_SIN: olk_apply_sin_f32(x, sx, y, sy, n); return 1;
  case OLK_COS: olk_apply_cos_f32(x, sx, y, sy, n); return 1;
  case OLK_TANH: olk_apply_tanh_f32(x, sx, y, sy, n); return 1;
  case OLK_SIGMOID: olk_apply_sigmoid_f32(x, sx, y, sy, n); return 1;
  case OLK_GELU_TANH: olk_apply_geluTanh_f32(x, sx, y, sy, n); return 1;
  case OLK_SQRT: olk_apply_sqrt_f32(x, sx, y, sy, n); return 1;
  case OLK_RSQRT: olk_apply_rsqrt_f32(x, sx, y, sy, n); return 1;
  case OLK_FLOOR: olk_apply_floor_f32(x, sx, y, sy, n); return 1;
  case OLK_CEIL: olk_apply_ceil_f32(x, sx, y, sy, n); return 1;
  case OLK_ROUND: olk_apply_round_f32(x, sx, y, sy, n); return 1;
  default: return 0;
  }
}

#endif

// AVX-512 float32/float64 add, sub, mul, div and tanh_grad for a contiguous output below the
// streaming size (8 MiB; larger outputs take the AVX2 loops with non-temporal stores) and inputs of
// stride 0 or 1, with masked tails. Every lane does the operations of the portable loops in the
// same order, so the results are bit-identical to them; where both operands of add or mul are NaN,
// the result is lhs's NaN (avx512_ops.h), as in elementwise programs' register chains. This is
// what jit's fused tiles (2,048 elements) run.
#include "ew_simd.h"

#if defined(__x86_64__)

#include "avx512_ops.h"
#include "simd_apply.h"

// Full vectors of NAME's loop with the given operand access (loaded or broadcast), four at a time
// while they last (written out: the compiler does not unroll loops of the ordered operations).
#define OLK_BINARY_AVX512_LOOP(SUFFIX, W, VOP, U, V_)                                              \
  for (; i + 4 * (W) <= n;) {                                                                      \
    for (int unrolled = 0; unrolled < 4; unrolled++, i += (W)) _mm512_storeu_##SUFFIX(y + i, VOP(U, V_)); \
  }                                                                                                \
  for (; i + (W) <= n; i += (W)) _mm512_storeu_##SUFFIX(y + i, VOP(U, V_));

// Defines NAME(a, sa, b, sb, y, n): full vectors (one loop per pair of strides, so the loop body
// does not test them), then one masked vector for the tail; an input of stride 0 is one broadcast
// value.
#define OLK_DEFINE_BINARY_AVX512(NAME, T, V, W, MASK, SUFFIX, VOP)                                  \
  static OLK_AVX512 void NAME(const T *a, intptr_t sa, const T *b, intptr_t sb, T *y, intptr_t n) { \
    const V splat_a = _mm512_set1_##SUFFIX(a[0]), splat_b = _mm512_set1_##SUFFIX(b[0]);             \
    intptr_t i = 0;                                                                                 \
    if (sa && sb) {                                                                                 \
      OLK_BINARY_AVX512_LOOP(SUFFIX, W, VOP, _mm512_loadu_##SUFFIX(a + i), _mm512_loadu_##SUFFIX(b + i)) \
    } else if (sa) {                                                                                \
      OLK_BINARY_AVX512_LOOP(SUFFIX, W, VOP, _mm512_loadu_##SUFFIX(a + i), splat_b)                 \
    } else if (sb) {                                                                                \
      OLK_BINARY_AVX512_LOOP(SUFFIX, W, VOP, splat_a, _mm512_loadu_##SUFFIX(b + i))                 \
    } else {                                                                                        \
      OLK_BINARY_AVX512_LOOP(SUFFIX, W, VOP, splat_a, splat_b)                                      \
    }                                                                                               \
    if (i < n) {                                                                                    \
      MASK m = (MASK)((1u << (n - i)) - 1);                                                         \
      V u = sa ? _mm512_maskz_loadu_##SUFFIX(m, a + i) : splat_a;                                   \
      V v = sb ? _mm512_maskz_loadu_##SUFFIX(m, b + i) : splat_b;                                   \
      _mm512_mask_storeu_##SUFFIX(y + i, m, VOP(u, v));                                             \
    }                                                                                               \
  }

OLK_DEFINE_BINARY_AVX512(add_f32, float, __m512, 16, __mmask16, ps, add_ps)
OLK_DEFINE_BINARY_AVX512(sub_f32, float, __m512, 16, __mmask16, ps, _mm512_sub_ps)
OLK_DEFINE_BINARY_AVX512(mul_f32, float, __m512, 16, __mmask16, ps, mul_ps)
OLK_DEFINE_BINARY_AVX512(div_f32, float, __m512, 16, __mmask16, ps, _mm512_div_ps)
OLK_DEFINE_BINARY_AVX512(tanh_grad_f32, float, __m512, 16, __mmask16, ps, tanh_grad_ps)
OLK_DEFINE_BINARY_AVX512(add_f64, double, __m512d, 8, __mmask8, pd, add_pd)
OLK_DEFINE_BINARY_AVX512(sub_f64, double, __m512d, 8, __mmask8, pd, _mm512_sub_pd)
OLK_DEFINE_BINARY_AVX512(mul_f64, double, __m512d, 8, __mmask8, pd, mul_pd)
OLK_DEFINE_BINARY_AVX512(div_f64, double, __m512d, 8, __mmask8, pd, _mm512_div_pd)
OLK_DEFINE_BINARY_AVX512(tanh_grad_f64, double, __m512d, 8, __mmask8, pd, tanh_grad_pd)

#define OLK_BINARY_AVX512_SWITCH(T, SUFFIX)                                                         \
  switch (op) {                                                                                     \
  case OLK_ADD: add_##SUFFIX((const T *)a, sa, (const T *)b, sb, (T *)y, n); return 1;              \
  case OLK_SUB: sub_##SUFFIX((const T *)a, sa, (const T *)b, sb, (T *)y, n); return 1;              \
  case OLK_MUL: mul_##SUFFIX((const T *)a, sa, (const T *)b, sb, (T *)y, n); return 1;              \
  case OLK_DIV: div_##SUFFIX((const T *)a, sa, (const T *)b, sb, (T *)y, n); return 1;              \
  case OLK_TANH_GRAD: tanh_grad_##SUFFIX((const T *)a, sa, (const T *)b, sb, (T *)y, n); return 1;  \
  default: return 0;                                                                                \
  }

int olk_binary_avx512(olk_binary_op op, olk_dtype dtype, const void *a, intptr_t sa, const void *b, intptr_t sb,
                      void *y, intptr_t sy, intptr_t n) {
  intptr_t size = dtype == OLK_F32 ? (intptr_t)sizeof(float) : (intptr_t)sizeof(double);
  if (sy != 1 || (sa != 0 && sa != 1) || (sb != 0 && sb != 1) || n * size >= OLK_STREAM_BYTES) return 0;
  if (dtype == OLK_F32) OLK_BINARY_AVX512_SWITCH(float, f32)
  if (dtype == OLK_F64) OLK_BINARY_AVX512_SWITCH(double, f64)
  return 0;
}

#endif

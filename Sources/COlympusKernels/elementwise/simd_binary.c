// AVX2 float32/float64 add, sub, mul, div, max, min and tanh_grad for a contiguous output and
// inputs of stride 0 or 1. Results are bit-identical to the portable loops; where both operands of
// add or mul are NaN, the result is lhs's NaN (avx2_ops.h), as in elementwise programs' register
// chains. The float32 operations built on vector approximations (simd_math_f32.c) are dispatched
// from here too.
#include "ew_simd.h"

#if defined(__x86_64__)

#include "avx2_ops.h"
#include "ew_scalar.h"
#include "simd_apply.h"

// numpy.maximum / numpy.minimum on vectors: max_ps(u, v) is u > v ? u : v (v when either is NaN),
// so only a NaN in u needs patching; this matches olk_max_f32 and friends lane by lane.
#define OLK_NAN_PROPAGATING(NAME, V, SUFFIX, OP)                                                    \
  OLK_AVX2_INLINE V NAME(V u, V v) {                                                                \
    return _mm256_blendv_##SUFFIX(_mm256_##OP##_##SUFFIX(u, v), u, _mm256_cmp_##SUFFIX(u, u, _CMP_UNORD_Q)); \
  }
OLK_NAN_PROPAGATING(olk_vmax_ps, __m256, ps, max)
OLK_NAN_PROPAGATING(olk_vmin_ps, __m256, ps, min)
OLK_NAN_PROPAGATING(olk_vmax_pd, __m256d, pd, max)
OLK_NAN_PROPAGATING(olk_vmin_pd, __m256d, pd, min)

// Operand access: streamed (stride 1) or broadcast (stride 0), as a vector and as a scalar.
#define OLK_STREAM_A(LOADU, i) LOADU(a + (i))
#define OLK_STREAM_B(LOADU, i) LOADU(b + (i))
#define OLK_SPLAT_A(LOADU, i) splat_a
#define OLK_SPLAT_B(LOADU, i) splat_b
#define OLK_ELEMENT_A(i) a[i]
#define OLK_ELEMENT_B(i) b[i]
#define OLK_FIRST_A(i) a[0]
#define OLK_FIRST_B(i) b[0]

// One loop with the given operand access: a scalar head up to element START (aligning the output
// for non-temporal stores), two vectors per iteration, a scalar tail.
#define OLK_BINARY_LOOP(V, W, LOADU, STORE, START, VOP, SOP, VEC_A, VEC_B, SCALAR_A, SCALAR_B)       \
  for (i = 0; i < (START); i++) y[i] = SOP(SCALAR_A(i), SCALAR_B(i));                               \
  for (; i + 2 * (W) <= n; i += 2 * (W)) {                                                          \
    V r0 = VOP(VEC_A(LOADU, i), VEC_B(LOADU, i));                                                   \
    V r1 = VOP(VEC_A(LOADU, i + (W)), VEC_B(LOADU, i + (W)));                                       \
    STORE(y + i, r0);                                                                               \
    STORE(y + i + (W), r1);                                                                         \
  }                                                                                                 \
  for (; i < n; i++) y[i] = SOP(SCALAR_A(i), SCALAR_B(i));

// The four operand-access cases (sa, sb in {0, 1}) with one kind of store.
#define OLK_BINARY_CASES(V, W, LOADU, STORE, START, VOP, SOP)                                       \
  if (sa == 1 && sb == 1) {                                                                         \
    OLK_BINARY_LOOP(V, W, LOADU, STORE, START, VOP, SOP, OLK_STREAM_A, OLK_STREAM_B, OLK_ELEMENT_A, OLK_ELEMENT_B) \
  } else if (sa == 1) {                                                                             \
    OLK_BINARY_LOOP(V, W, LOADU, STORE, START, VOP, SOP, OLK_STREAM_A, OLK_SPLAT_B, OLK_ELEMENT_A, OLK_FIRST_B) \
  } else if (sb == 1) {                                                                             \
    OLK_BINARY_LOOP(V, W, LOADU, STORE, START, VOP, SOP, OLK_SPLAT_A, OLK_STREAM_B, OLK_FIRST_A, OLK_ELEMENT_B) \
  } else {                                                                                          \
    OLK_BINARY_LOOP(V, W, LOADU, STORE, START, VOP, SOP, OLK_SPLAT_A, OLK_SPLAT_B, OLK_FIRST_A, OLK_FIRST_B) \
  }

// Defines NAME(a, sa, b, sb, y, n) for sa, sb in {0, 1}: each input is streamed or broadcast; large
// outputs are written with non-temporal stores.
#define OLK_DEFINE_BINARY(NAME, T, V, W, LOADU, STOREU, STREAM, SET1, VOP, SOP)                     \
  static OLK_AVX2 void NAME(const T *a, intptr_t sa, const T *b, intptr_t sb, T *y, intptr_t n) {   \
    const V splat_a = SET1(a[0]), splat_b = SET1(b[0]);                                             \
    intptr_t i, head = olk_stream_head(y, sizeof(T), n);                                            \
    if (head < 0) {                                                                                 \
      OLK_BINARY_CASES(V, W, LOADU, STOREU, 0, VOP, SOP)                                            \
    } else {                                                                                        \
      OLK_BINARY_CASES(V, W, LOADU, STREAM, head, VOP, SOP)                                         \
      _mm_sfence();                                                                                 \
    }                                                                                               \
  }

// Scalar twins of sub and div for the tails (the same expressions as the portable loops).
#define OLK_SCALAR_SUB(u, v) ((u) - (v))
#define OLK_SCALAR_DIV(u, v) ((u) / (v))

#define OLK_DEFINE_BINARY_F32(NAME, VOP, SOP) \
  OLK_DEFINE_BINARY(NAME, float, __m256, 8, _mm256_loadu_ps, _mm256_storeu_ps, _mm256_stream_ps, _mm256_set1_ps, VOP, SOP)
#define OLK_DEFINE_BINARY_F64(NAME, VOP, SOP) \
  OLK_DEFINE_BINARY(NAME, double, __m256d, 4, _mm256_loadu_pd, _mm256_storeu_pd, _mm256_stream_pd, _mm256_set1_pd, VOP, SOP)

OLK_DEFINE_BINARY_F32(olk_add_avx2_f32, olk_add_ordered_ps, olk_add_ordered_ss)
OLK_DEFINE_BINARY_F32(olk_sub_avx2_f32, _mm256_sub_ps, OLK_SCALAR_SUB)
OLK_DEFINE_BINARY_F32(olk_mul_avx2_f32, olk_mul_ordered_ps, olk_mul_ordered_ss)
OLK_DEFINE_BINARY_F32(olk_div_avx2_f32, _mm256_div_ps, OLK_SCALAR_DIV)
OLK_DEFINE_BINARY_F32(olk_max_avx2_f32, olk_vmax_ps, olk_max_f32)
OLK_DEFINE_BINARY_F32(olk_min_avx2_f32, olk_vmin_ps, olk_min_f32)
OLK_DEFINE_BINARY_F32(olk_tanh_grad_avx2_f32, olk_tanh_grad_ps, olk_tanh_grad_ss)
OLK_DEFINE_BINARY_F64(olk_add_avx2_f64, olk_add_ordered_pd, olk_add_ordered_sd)
OLK_DEFINE_BINARY_F64(olk_sub_avx2_f64, _mm256_sub_pd, OLK_SCALAR_SUB)
OLK_DEFINE_BINARY_F64(olk_mul_avx2_f64, olk_mul_ordered_pd, olk_mul_ordered_sd)
OLK_DEFINE_BINARY_F64(olk_div_avx2_f64, _mm256_div_pd, OLK_SCALAR_DIV)
OLK_DEFINE_BINARY_F64(olk_max_avx2_f64, olk_vmax_pd, olk_max_f64)
OLK_DEFINE_BINARY_F64(olk_min_avx2_f64, olk_vmin_pd, olk_min_f64)
OLK_DEFINE_BINARY_F64(olk_tanh_grad_avx2_f64, olk_tanh_grad_pd, olk_tanh_grad_sd)

// Stamps the op switch for one dtype; SUFFIX is f32 or f64.
#define OLK_BINARY_SWITCH(T, SUFFIX)                                                                \
  switch (op) {                                                                                     \
  case OLK_ADD: olk_add_avx2_##SUFFIX((const T *)a, sa, (const T *)b, sb, (T *)y, n); return 1;     \
  case OLK_SUB: olk_sub_avx2_##SUFFIX((const T *)a, sa, (const T *)b, sb, (T *)y, n); return 1;     \
  case OLK_MUL: olk_mul_avx2_##SUFFIX((const T *)a, sa, (const T *)b, sb, (T *)y, n); return 1;     \
  case OLK_DIV: olk_div_avx2_##SUFFIX((const T *)a, sa, (const T *)b, sb, (T *)y, n); return 1;     \
  case OLK_MAX: olk_max_avx2_##SUFFIX((const T *)a, sa, (const T *)b, sb, (T *)y, n); return 1;     \
  case OLK_MIN: olk_min_avx2_##SUFFIX((const T *)a, sa, (const T *)b, sb, (T *)y, n); return 1;     \
  case OLK_TANH_GRAD: olk_tanh_grad_avx2_##SUFFIX((const T *)a, sa, (const T *)b, sb, (T *)y, n); return 1; \
  default: return 0;                                                                                \
  }

int olk_binary_simd(olk_binary_op op, olk_dtype dtype, const void *a, intptr_t sa, const void *b, intptr_t sb,
                    void *y, intptr_t sy, intptr_t n) {
  if (dtype == OLK_F32 && olk_binary_math_simd_f32(op, (const float *)a, sa, (const float *)b, sb, (float *)y, sy, n))
    return 1;
  if (sy != 1 || (sa != 0 && sa != 1) || (sb != 0 && sb != 1)) return 0;
  if (dtype == OLK_F32) OLK_BINARY_SWITCH(float, f32)
  if (dtype == OLK_F64) OLK_BINARY_SWITCH(double, f64)
  return 0;
}

#else

int olk_binary_simd(olk_binary_op op, olk_dtype dtype, const void *a, intptr_t sa, const void *b, intptr_t sb,
                    void *y, intptr_t sy, intptr_t n) {
  (void)op; (void)dtype; (void)a; (void)sa; (void)b; (void)sb; (void)y; (void)sy; (void)n;
  return 0;
}

#endif

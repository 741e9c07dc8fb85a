// Portable binary loops and the dispatch to the SIMD paths.
#include "olympus_elementwise.h"

#include "ew_scalar.h"
#include "ew_simd.h"

// y[i*sy] = EXPR over u = a[i*sa], v = b[i*sb]. The all-contiguous and scalar-operand cases are
// spelled out so the compiler can vectorize them.
#define OLK_ZIP(TA, TY, EXPR)                                                                       \
  do {                                                                                              \
    const TA *ap = (const TA *)a, *bp = (const TA *)b;                                              \
    TY *yp = (TY *)y;                                                                               \
    if (sy == 1 && sa == 1 && sb == 1) {                                                            \
      for (intptr_t i = 0; i < n; i++) { TA u = ap[i], v = bp[i]; yp[i] = (EXPR); }                 \
    } else if (sy == 1 && sa == 1 && sb == 0) {                                                     \
      const TA v = bp[0];                                                                           \
      for (intptr_t i = 0; i < n; i++) { TA u = ap[i]; yp[i] = (EXPR); }                            \
    } else if (sy == 1 && sa == 0 && sb == 1) {                                                     \
      const TA u = ap[0];                                                                           \
      for (intptr_t i = 0; i < n; i++) { TA v = bp[i]; yp[i] = (EXPR); }                            \
    } else {                                                                                        \
      for (intptr_t i = 0; i < n; i++) { TA u = ap[i * sa], v = bp[i * sb]; yp[i * sy] = (EXPR); }  \
    }                                                                                               \
  } while (0)

// Arithmetic on every numeric type; F32, F64 are expressions in u, v; ints use olk_NAME_{i32,i64}.
#define OLK_ARITH_CASE(OP, F32, F64, NAME)                                                          \
  case OP:                                                                                          \
    switch (dtype) {                                                                                \
    case OLK_F32: OLK_ZIP(float, float, F32); break;                                                \
    case OLK_F64: OLK_ZIP(double, double, F64); break;                                              \
    case OLK_I32: OLK_ZIP(int32_t, int32_t, olk_##NAME##_i32(u, v)); break;                         \
    case OLK_I64: OLK_ZIP(int64_t, int64_t, olk_##NAME##_i64(u, v)); break;                         \
    default: return -1;                                                                             \
    }                                                                                               \
    return 0;

// A comparison on every type, giving bool.
#define OLK_COMPARE_CASE(OP, REL)                                                                   \
  case OP:                                                                                          \
    switch (dtype) {                                                                                \
    case OLK_F32: OLK_ZIP(float, uint8_t, (uint8_t)(u REL v)); break;                               \
    case OLK_F64: OLK_ZIP(double, uint8_t, (uint8_t)(u REL v)); break;                              \
    case OLK_I32: OLK_ZIP(int32_t, uint8_t, (uint8_t)(u REL v)); break;                             \
    case OLK_I64: OLK_ZIP(int64_t, uint8_t, (uint8_t)(u REL v)); break;                             \
    case OLK_BOOL: OLK_ZIP(uint8_t, uint8_t, (uint8_t)((u != 0) REL (v != 0))); break;              \
    }                                                                                               \
    return 0;

// A logical operation on bool.
#define OLK_LOGIC_CASE(OP, REL)                                                                     \
  case OP: OLK_ZIP(uint8_t, uint8_t, (uint8_t)((u != 0) REL (v != 0))); return 0;

// b * (1 - a*a) rounded step by step (separate statements are never contracted into an FMA), so
// every build gives the values of the three operations it replaces.
static inline float olk_tanh_grad_f32(float a, float b) {
  float square = a * a;
  float slope = 1.0f - square;
  return b * slope;
}

static inline double olk_tanh_grad_f64(double a, double b) {
  double square = a * a;
  double slope = 1.0 - square;
  return b * slope;
}

static int olk_binary_defined(olk_binary_op op, olk_dtype dtype) {
  if (dtype < OLK_F32 || dtype > OLK_BOOL || op < OLK_ADD || op > OLK_TANH_GRAD) return 0;
  if (op == OLK_TANH_GRAD) return dtype == OLK_F32 || dtype == OLK_F64;
  if (op <= OLK_MIN) return dtype != OLK_BOOL;
  if (op >= OLK_AND) return dtype == OLK_BOOL;
  return 1;
}

int olk_binary(olk_binary_op op, olk_dtype dtype, const void *a, intptr_t sa, const void *b, intptr_t sb,
               void *y, intptr_t sy, intptr_t n) {
  if (!olk_binary_defined(op, dtype)) return -1;
  if (n <= 0) return 0;
#if defined(__x86_64__)
  if (dtype <= OLK_F64 && olk_avx512_active() && olk_binary_avx512(op, dtype, a, sa, b, sb, y, sy, n)) return 0;
#endif
  if (dtype <= OLK_F64 && op <= OLK_MIN && olk_simd_active() && olk_binary_simd(op, dtype, a, sa, b, sb, y, sy, n))
    return 0;
  switch (op) {
  OLK_ARITH_CASE(OLK_ADD, u + v, u + v, add)
  OLK_ARITH_CASE(OLK_SUB, u - v, u - v, sub)
  OLK_ARITH_CASE(OLK_MUL, u * v, u * v, mul)
  OLK_ARITH_CASE(OLK_DIV, u / v, u / v, div)
  OLK_ARITH_CASE(OLK_POW, powf(u, v), pow(u, v), pow)
  OLK_ARITH_CASE(OLK_MOD, olk_mod_f32(u, v), olk_mod_f64(u, v), mod)
  OLK_ARITH_CASE(OLK_MAX, olk_max_f32(u, v), olk_max_f64(u, v), max)
  OLK_ARITH_CASE(OLK_MIN, olk_min_f32(u, v), olk_min_f64(u, v), min)
  OLK_COMPARE_CASE(OLK_EQ, ==)
  OLK_COMPARE_CASE(OLK_NE, !=)
  OLK_COMPARE_CASE(OLK_LT, <)
  OLK_COMPARE_CASE(OLK_LE, <=)
  OLK_COMPARE_CASE(OLK_GT, >)
  OLK_COMPARE_CASE(OLK_GE, >=)
  OLK_LOGIC_CASE(OLK_AND, &)
  OLK_LOGIC_CASE(OLK_OR, |)
  OLK_LOGIC_CASE(OLK_XOR, ^)
  case OLK_TANH_GRAD:
    if (dtype == OLK_F32) OLK_ZIP(float, float, olk_tanh_grad_f32(u, v)); else OLK_ZIP(double, double, olk_tanh_grad_f64(u, v));
    return 0;
  }
  return -1;
}

// Portable unary loops and the dispatch to the SIMD paths.
#include "olympus_elementwise.h"

#include "ew_scalar.h"
#include "ew_simd.h"

// y[i*sy] = EXPR over v = x[i*sx]; the stride-1 case is spelled out so the compiler can vectorize it.
#define OLK_MAP(TX, TY, EXPR)                                                                       \
  do {                                                                                              \
    const TX *xp = (const TX *)x;                                                                   \
    TY *yp = (TY *)y;                                                                               \
    if (sx == 1 && sy == 1) {                                                                       \
      for (intptr_t i = 0; i < n; i++) { TX v = xp[i]; yp[i] = (EXPR); }                            \
    } else {                                                                                        \
      for (intptr_t i = 0; i < n; i++) { TX v = xp[i * sx]; yp[i * sy] = (EXPR); }                  \
    }                                                                                               \
  } while (0)

// One case for a float-only operation; F32 and F64 are expressions in v.
#define OLK_FLOAT_CASE(OP, F32, F64)                                                                \
  case OP:                                                                                          \
    if (dtype == OLK_F32) OLK_MAP(float, float, F32); else OLK_MAP(double, double, F64);            \
    return 0;

// One case for an operation on every numeric type.
#define OLK_NUMERIC_CASE(OP, F32, F64, NAME)                                                        \
  case OP:                                                                                          \
    switch (dtype) {                                                                                \
    case OLK_F32: OLK_MAP(float, float, F32); break;                                                \
    case OLK_F64: OLK_MAP(double, double, F64); break;                                              \
    case OLK_I32: OLK_MAP(int32_t, int32_t, olk_##NAME##_i32(v)); break;                            \
    case OLK_I64: OLK_MAP(int64_t, int64_t, olk_##NAME##_i64(v)); break;                            \
    default: return -1;                                                                             \
    }                                                                                               \
    return 0;

static int olk_unary_defined(olk_unary_op op, olk_dtype dtype) {
  if (dtype < OLK_F32 || dtype > OLK_BOOL) return 0;
  switch (op) {
  case OLK_NEG: case OLK_ABS: case OLK_SIGN: return dtype != OLK_BOOL;
  case OLK_NOT: return dtype == OLK_BOOL;
  default: return op > OLK_SIGN && op < OLK_NOT && (dtype == OLK_F32 || dtype == OLK_F64);
  }
}

int olk_unary(olk_unary_op op, olk_dtype dtype, const void *x, intptr_t sx, void *y, intptr_t sy, intptr_t n) {
  if (!olk_unary_defined(op, dtype)) return -1;
  if (n <= 0) return 0;
  if (dtype <= OLK_F64 && olk_simd_active() && olk_unary_simd(op, dtype, x, sx, y, sy, n)) return 0;
  switch (op) {
  OLK_NUMERIC_CASE(OLK_NEG, -v, -v, neg)
  OLK_NUMERIC_CASE(OLK_ABS, fabsf(v), fabs(v), abs)
  OLK_NUMERIC_CASE(OLK_SIGN, olk_sign_f32(v), olk_sign_f64(v), sign)
  OLK_FLOAT_CASE(OLK_EXP, expf(v), exp(v))
  OLK_FLOAT_CASE(OLK_LOG, logf(v), log(v))
  OLK_FLOAT_CASE(OLK_LOG1P, log1pf(v), log1p(v))
  OLK_FLOAT_CASE(OLK_EXPM1, expm1f(v), expm1(v))
  OLK_FLOAT_CASE(OLK_SQRT, sqrtf(v), sqrt(v))
  OLK_FLOAT_CASE(OLK_RSQRT, 1.0f / sqrtf(v), 1.0 / sqrt(v))
  OLK_FLOAT_CASE(OLK_SIN, sinf(v), sin(v))
  OLK_FLOAT_CASE(OLK_COS, cosf(v), cos(v))
  OLK_FLOAT_CASE(OLK_TAN, tanf(v), tan(v))
  OLK_FLOAT_CASE(OLK_TANH, tanhf(v), tanh(v))
  OLK_FLOAT_CASE(OLK_SIGMOID, olk_sigmoid_f32(v), olk_sigmoid_f64(v))
  OLK_FLOAT_CASE(OLK_FLOOR, floorf(v), floor(v))
  OLK_FLOAT_CASE(OLK_CEIL, ceilf(v), ceil(v))
  OLK_FLOAT_CASE(OLK_ROUND, nearbyintf(v), nearbyint(v)) // half to even in the default rounding mode
  case OLK_NOT: OLK_MAP(uint8_t, uint8_t, (uint8_t)(v == 0)); return 0;
  }
  return -1;
}

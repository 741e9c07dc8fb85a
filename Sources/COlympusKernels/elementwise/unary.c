// Portable unary loops and the dispatch to the SIMD paths.
#include "olympus_elementwise.h"

#include "ew_scalar.h"
#include "ew_special.h"
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
#define OLK_FLOAT_CASE(OP, VALUE, NAME, F32, F64)                                                   \
  case OP:                                                                                          \
    if (dtype == OLK_F32) OLK_MAP(float, float, F32); else OLK_MAP(double, double, F64);            \
    return 0;

// One case for an operation on every numeric type; integers use olk_INT_{i32,i64}.
#define OLK_NUMERIC_CASE(OP, VALUE, NAME, F32, F64, INT)                                            \
  case OP:                                                                                          \
    switch (dtype) {                                                                                \
    case OLK_F32: OLK_MAP(float, float, F32); break;                                                \
    case OLK_F64: OLK_MAP(double, double, F64); break;                                              \
    case OLK_I32: OLK_MAP(int32_t, int32_t, olk_##INT##_i32(v)); break;                             \
    case OLK_I64: OLK_MAP(int64_t, int64_t, olk_##INT##_i64(v)); break;                             \
    default: return -1;                                                                             \
    }                                                                                               \
    return 0;

// One case for an operation on bool.
#define OLK_LOGICAL_CASE(OP, VALUE, NAME, EXPR)                                                     \
  case OP: OLK_MAP(uint8_t, uint8_t, EXPR); return 0;

// Whether an operation of each kind is defined on `dtype`.
#define OLK_NUMERIC_DEFINED(OP, ...) case OP: return dtype != OLK_BOOL;
#define OLK_FLOAT_DEFINED(OP, ...) case OP: return dtype == OLK_F32 || dtype == OLK_F64;
#define OLK_LOGICAL_DEFINED(OP, ...) case OP: return dtype == OLK_BOOL;

// The name of each operation.
#define OLK_NAME_CASE(OP, VALUE, NAME, ...) case OP: return #NAME;

static int olk_unary_defined(olk_unary_op op, olk_dtype dtype) {
  if (dtype < OLK_F32 || dtype > OLK_BOOL) return 0;
  switch (op) { OLK_UNARY_OPERATIONS(OLK_NUMERIC_DEFINED, OLK_FLOAT_DEFINED, OLK_LOGICAL_DEFINED) }
  return 0;
}

const char *olk_unary_name(int op) {
  switch ((olk_unary_op)op) { OLK_UNARY_OPERATIONS(OLK_NAME_CASE, OLK_NAME_CASE, OLK_NAME_CASE) }
  return NULL;
}

int olk_unary(olk_unary_op op, olk_dtype dtype, const void *x, intptr_t sx, void *y, intptr_t sy, intptr_t n) {
  if (!olk_unary_defined(op, dtype)) return -1;
  if (n <= 0) return 0;
  if (dtype <= OLK_F64 && olk_simd_active() && olk_unary_simd(op, dtype, x, sx, y, sy, n)) return 0;
  // Round is nearbyint: half to even in the default rounding mode.
  switch (op) { OLK_UNARY_OPERATIONS(OLK_NUMERIC_CASE, OLK_FLOAT_CASE, OLK_LOGICAL_CASE) }
  return -1;
}

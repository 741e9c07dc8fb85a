// Portable binary loops and the dispatch to the SIMD paths.
#include "olympus_elementwise.h"

#include "ew_scalar.h"
#include "ew_special.h"
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

// Arithmetic on every numeric type; F32, F64 are expressions in u, v; ints use olk_INT_{i32,i64}.
#define OLK_ARITHMETIC_CASE(OP, VALUE, NAME, F32, F64, INT)                                         \
  case OP:                                                                                          \
    switch (dtype) {                                                                                \
    case OLK_F32: OLK_ZIP(float, float, F32); break;                                                \
    case OLK_F64: OLK_ZIP(double, double, F64); break;                                              \
    case OLK_I32: OLK_ZIP(int32_t, int32_t, olk_##INT##_i32(u, v)); break;                          \
    case OLK_I64: OLK_ZIP(int64_t, int64_t, olk_##INT##_i64(u, v)); break;                          \
    default: return -1;                                                                             \
    }                                                                                               \
    return 0;

// A comparison on every type, giving bool.
#define OLK_COMPARISON_CASE(OP, VALUE, NAME, REL)                                                   \
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
#define OLK_LOGICAL_CASE(OP, VALUE, NAME, REL)                                                      \
  case OP: OLK_ZIP(uint8_t, uint8_t, (uint8_t)((u != 0) REL (v != 0))); return 0;

// A floating-point operation; F32 and F64 are expressions in u, v.
#define OLK_FLOAT_CASE(OP, VALUE, NAME, F32, F64)                                                   \
  case OP:                                                                                          \
    if (dtype == OLK_F32) OLK_ZIP(float, float, F32); else OLK_ZIP(double, double, F64);            \
    return 0;

// Whether an operation of each kind is defined on `dtype`.
#define OLK_ARITHMETIC_DEFINED(OP, ...) case OP: return dtype != OLK_BOOL;
#define OLK_COMPARISON_DEFINED(OP, ...) case OP: return 1;
#define OLK_LOGICAL_DEFINED(OP, ...) case OP: return dtype == OLK_BOOL;
#define OLK_FLOAT_DEFINED(OP, ...) case OP: return dtype == OLK_F32 || dtype == OLK_F64;

// The name of each operation.
#define OLK_NAME_CASE(OP, VALUE, NAME, ...) case OP: return #NAME;

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
  if (dtype < OLK_F32 || dtype > OLK_BOOL) return 0;
  switch (op) {
    OLK_BINARY_OPERATIONS(OLK_ARITHMETIC_DEFINED, OLK_COMPARISON_DEFINED, OLK_LOGICAL_DEFINED, OLK_FLOAT_DEFINED)
  }
  return 0;
}

const char *olk_binary_name(int op) {
  switch ((olk_binary_op)op) { OLK_BINARY_OPERATIONS(OLK_NAME_CASE, OLK_NAME_CASE, OLK_NAME_CASE, OLK_NAME_CASE) }
  return NULL;
}

int olk_binary(olk_binary_op op, olk_dtype dtype, const void *a, intptr_t sa, const void *b, intptr_t sb,
               void *y, intptr_t sy, intptr_t n) {
  if (!olk_binary_defined(op, dtype)) return -1;
  if (n <= 0) return 0;
#if defined(__x86_64__)
  if (dtype <= OLK_F64 && olk_avx512_active() && olk_binary_avx512(op, dtype, a, sa, b, sb, y, sy, n)) return 0;
#endif
  if (dtype <= OLK_F64 && olk_simd_active() && olk_binary_simd(op, dtype, a, sa, b, sb, y, sy, n))
    return 0;
  switch (op) {
    OLK_BINARY_OPERATIONS(OLK_ARITHMETIC_CASE, OLK_COMPARISON_CASE, OLK_LOGICAL_CASE, OLK_FLOAT_CASE)
  }
  return -1;
}

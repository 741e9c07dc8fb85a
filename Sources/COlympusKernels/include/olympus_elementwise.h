#ifndef OLYMPUS_ELEMENTWISE_H
#define OLYMPUS_ELEMENTWISE_H

#include "olympus_common.h"

/// Unary elementwise operations. Float-only: exp … round. Numeric: neg, abs, sign. Bool-only: not.
typedef enum {
  OLK_NEG = 0, OLK_ABS, OLK_SIGN,
  OLK_EXP, OLK_LOG, OLK_LOG1P, OLK_EXPM1, OLK_SQRT, OLK_RSQRT,
  OLK_SIN, OLK_COS, OLK_TAN, OLK_TANH, OLK_SIGMOID,
  OLK_FLOOR, OLK_CEIL, OLK_ROUND,
  OLK_NOT,
} olk_unary_op;

/// Binary elementwise operations. Arithmetic ops output the input dtype; comparisons output bool;
/// and/or/xor take and give bool.
typedef enum {
  OLK_ADD = 0, OLK_SUB, OLK_MUL, OLK_DIV, OLK_POW, OLK_MOD, OLK_MAX, OLK_MIN,
  OLK_EQ, OLK_NE, OLK_LT, OLK_LE, OLK_GT, OLK_GE,
  OLK_AND, OLK_OR, OLK_XOR,
} olk_binary_op;

/// y[i*sy] = op(x[i*sx]) for 0 <= i < n. Strides count elements and may be 0 or negative.
/// Returns 0, or -1 when `op` is not defined for `dtype`.
int olk_unary(olk_unary_op op, olk_dtype dtype, const void *x, intptr_t sx, void *y, intptr_t sy, intptr_t n);

/// y[i*sy] = a[i*sa] op b[i*sb]; a and b have `dtype`, y has `dtype` or bool (comparisons).
int olk_binary(olk_binary_op op, olk_dtype dtype, const void *a, intptr_t sa, const void *b, intptr_t sb,
               void *y, intptr_t sy, intptr_t n);

/// y[i*sy] = c[i*sc] ? a[i*sa] : b[i*sb]; c is bool, a, b, y have `dtype`.
void olk_select(olk_dtype dtype, const uint8_t *c, intptr_t sc, const void *a, intptr_t sa,
                const void *b, intptr_t sb, void *y, intptr_t sy, intptr_t n);

/// y[i*sy] = (to) x[i*sx].
void olk_cast(olk_dtype from, const void *x, intptr_t sx, olk_dtype to, void *y, intptr_t sy, intptr_t n);

#endif

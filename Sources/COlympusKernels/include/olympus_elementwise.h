#ifndef OLYMPUS_ELEMENTWISE_H
#define OLYMPUS_ELEMENTWISE_H

#include "olympus_common.h"

/// Unary elementwise operations. Float-only: exp … round. Numeric: neg, abs, sign. Bool-only: not.
/// Integer neg and abs wrap; sign gives -1, 0, 1 (floats: NaN stays NaN, either zero gives +0);
/// round is half to even; sigmoid never overflows. On AVX2/FMA CPUs float32 exp, expm1, log, log1p,
/// sin, cos, tanh, sigmoid and float64 exp, expm1, log, log1p, tanh, sigmoid are vectorized with
/// the ulp bounds stated in elementwise/simd_math_f32.c and simd_math_f64.c; the rest call libm.
typedef enum {
  OLK_NEG = 0, OLK_ABS, OLK_SIGN,
  OLK_EXP, OLK_LOG, OLK_LOG1P, OLK_EXPM1, OLK_SQRT, OLK_RSQRT,
  OLK_SIN, OLK_COS, OLK_TAN, OLK_TANH, OLK_SIGMOID,
  OLK_FLOOR, OLK_CEIL, OLK_ROUND,
  OLK_NOT,
} olk_unary_op;

/// Binary elementwise operations. Arithmetic ops (ADD … MIN, numeric dtypes) output the input dtype;
/// comparisons (any dtype) output bool; and/or/xor take and give bool. Integer add/sub/mul/pow wrap;
/// integer div is floor division and mod takes the divisor's sign (Python // and %), both 0 for a
/// zero divisor; integer pow with a negative exponent gives 1 for base 1, ±1 for base -1, else 0.
/// Float mod is numpy.remainder (divisor's sign); float max/min propagate NaN (numpy.maximum).
typedef enum {
  OLK_ADD = 0, OLK_SUB, OLK_MUL, OLK_DIV, OLK_POW, OLK_MOD, OLK_MAX, OLK_MIN,
  OLK_EQ, OLK_NE, OLK_LT, OLK_LE, OLK_GT, OLK_GE,
  OLK_AND, OLK_OR, OLK_XOR,
  OLK_TANH_GRAD, // b * (1 - a*a), floating point only: the derivative of tanh at the output a, times b
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

/// y[i*sy] = (to) x[i*sx]. Float to integer truncates toward zero, saturates out of range and gives 0
/// for NaN; anything to bool is x != 0; bool reads as 0/1; same-dtype casts copy bits.
void olk_cast(olk_dtype from, const void *x, intptr_t sx, olk_dtype to, void *y, intptr_t sy, intptr_t n);

#endif

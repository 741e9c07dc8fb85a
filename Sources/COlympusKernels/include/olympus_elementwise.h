#ifndef OLYMPUS_ELEMENTWISE_H
#define OLYMPUS_ELEMENTWISE_H

#include "olympus_common.h"

/// The unary elementwise operations, one entry each; the kernels, the enum and `olk_unary_name`
/// are generated from this list, so a new operation is one line here (plus its Swift case).
///
/// Kinds: NUMERIC(op, raw value, Swift name, float, double, integer helper) works on every numeric
/// type (integer neg and abs wrap; sign gives -1, 0, 1, floats: NaN stays NaN, either zero gives
/// +0); FLOAT(op, raw value, Swift name, float, double) on floating point; LOGICAL(op, raw value,
/// Swift name, bool) on bool. Expressions are in `v`. gelu is x·Φ(x) (Φ the standard normal
/// distribution function), geluTanh its tanh approximation ½x(1 + tanh(√(2/π)(x + 0.044715x³))),
/// computed as x·σ(2√(2/π)(x + 0.044715x³)) so that the negative tail keeps its relative accuracy. Raw values are explicit and equal the raw
/// values of Swift's `UnaryOperation` (checked by OlympusKernelsTests' OperationTableTests). Round
/// is half to even; sigmoid never overflows. On AVX2/FMA CPUs float32 exp, expm1, log, log1p, sin,
/// cos, tanh, sigmoid and float64 exp, expm1, log, log1p, tanh, sigmoid are vectorized with the ulp
/// bounds stated in elementwise/simd_math_f32.c and simd_math_f64.c; the rest run these expressions:
/// the C library, or elementwise/ew_special.h. Every function from atan on stays within 1 ulp of
/// the correctly rounded result (OlympusKernelsTests' ULP sweeps, OlympusCoreTests' SpecialMathTests);
/// where the C library's float or double version does not (glibc 2.36: sinhf, coshf, atanhf,
/// log10f; sinh, atanh, erfc, cbrt, lgamma), the kernel computes in double or x87 extended precision.
#define OLK_UNARY_OPERATIONS(NUMERIC, FLOAT, LOGICAL)                                              \
  NUMERIC(OLK_NEG, 0, negate, -v, -v, neg)                                                          \
  NUMERIC(OLK_ABS, 1, absolute, fabsf(v), fabs(v), abs)                                             \
  NUMERIC(OLK_SIGN, 2, sign, olk_sign_f32(v), olk_sign_f64(v), sign)                                \
  FLOAT(OLK_EXP, 3, exp, expf(v), exp(v))                                                           \
  FLOAT(OLK_LOG, 4, log, logf(v), log(v))                                                           \
  FLOAT(OLK_LOG1P, 5, log1p, log1pf(v), log1p(v))                                                   \
  FLOAT(OLK_EXPM1, 6, expm1, expm1f(v), expm1(v))                                                   \
  FLOAT(OLK_SQRT, 7, sqrt, sqrtf(v), sqrt(v))                                                       \
  FLOAT(OLK_RSQRT, 8, rsqrt, 1.0f / sqrtf(v), 1.0 / sqrt(v))                                        \
  FLOAT(OLK_SIN, 9, sin, sinf(v), sin(v))                                                           \
  FLOAT(OLK_COS, 10, cos, cosf(v), cos(v))                                                          \
  FLOAT(OLK_TAN, 11, tan, tanf(v), tan(v))                                                          \
  FLOAT(OLK_TANH, 12, tanh, tanhf(v), tanh(v))                                                      \
  FLOAT(OLK_SIGMOID, 13, sigmoid, olk_sigmoid_f32(v), olk_sigmoid_f64(v))                           \
  FLOAT(OLK_FLOOR, 14, floor, floorf(v), floor(v))                                                  \
  FLOAT(OLK_CEIL, 15, ceil, ceilf(v), ceil(v))                                                      \
  FLOAT(OLK_ROUND, 16, round, nearbyintf(v), nearbyint(v))                                          \
  LOGICAL(OLK_NOT, 17, logicalNot, (uint8_t)(v == 0))                                               \
  FLOAT(OLK_ATAN, 18, atan, atanf(v), atan(v))                                                      \
  FLOAT(OLK_ASIN, 19, asin, asinf(v), asin(v))                                                      \
  FLOAT(OLK_ACOS, 20, acos, acosf(v), acos(v))                                                      \
  FLOAT(OLK_SINH, 21, sinh, (float)sinh(v), olk_sinh(v))                                            \
  FLOAT(OLK_COSH, 22, cosh, (float)cosh(v), cosh(v))                                                \
  FLOAT(OLK_ASINH, 23, asinh, asinhf(v), asinh(v))                                                  \
  FLOAT(OLK_ACOSH, 24, acosh, acoshf(v), acosh(v))                                                  \
  FLOAT(OLK_ATANH, 25, atanh, (float)atanh(v), olk_atanh(v))                                        \
  FLOAT(OLK_ERF, 26, erf, (float)erf(v), erf(v))                                                    \
  FLOAT(OLK_ERFC, 27, erfc, (float)erfc(v), olk_erfc(v))                                            \
  FLOAT(OLK_ERFINV, 28, erfinv, (float)olk_erfinv(v), olk_erfinv(v))                                \
  FLOAT(OLK_LGAMMA, 29, lgamma, olk_lgamma_f32(v), olk_lgamma(v))                                   \
  FLOAT(OLK_DIGAMMA, 30, digamma, (float)olk_digamma(v), olk_digamma(v))                            \
  FLOAT(OLK_LOG2, 31, log2, log2f(v), log2(v))                                                      \
  FLOAT(OLK_LOG10, 32, log10, (float)log10(v), log10(v))                                            \
  FLOAT(OLK_EXP2, 33, exp2, exp2f(v), exp2(v))                                                      \
  FLOAT(OLK_CBRT, 34, cbrt, cbrtf(v), olk_cbrt(v))                                                  \
  FLOAT(OLK_GELU, 35, gelu, (float)olk_gelu(v), olk_gelu(v))                                        \
  FLOAT(OLK_GELU_TANH, 36, geluTanh, olk_gelu_tanh_f32(v), olk_gelu_tanh_f64(v))

#define OLK_ENUMERATOR(OP, VALUE, ...) OP = VALUE,

typedef enum {
  OLK_UNARY_OPERATIONS(OLK_ENUMERATOR, OLK_ENUMERATOR, OLK_ENUMERATOR)
} olk_unary_op;

/// The binary elementwise operations, one entry each, generated into the enum, the kernels and
/// `olk_binary_name` as the unary list is.
///
/// Kinds: ARITHMETIC(op, raw value, Swift name, float, double, integer helper) on numeric types,
/// giving the input type; COMPARISON(op, raw value, Swift name, relation) on any type, giving bool;
/// LOGICAL(op, raw value, Swift name, relation) on bool; FLOAT(op, raw value, Swift name, float,
/// double) on floating point. Expressions are in `u` and `v`. Integer add/sub/mul/pow wrap;
/// integer div is floor division and mod takes the divisor's sign (Python // and %), both 0 for a
/// zero divisor; integer pow with a negative exponent gives 1 for base 1, ±1 for base -1, else 0.
/// Float mod is numpy.remainder (divisor's sign); float max/min propagate NaN (numpy.maximum);
/// tanhGradient is b·(1 − a²), the derivative of tanh at the output a, times b; xlogy is 0 where
/// x is 0 whatever y is (JAX's convention), x·log(y) elsewhere; polygamma(n, x) is the n-th
/// derivative of digamma for integral n >= 0 (NaN otherwise); geluGradient and geluTanhGradient
/// are v times the derivative of gelu and geluTanh at u.
#define OLK_BINARY_OPERATIONS(ARITHMETIC, COMPARISON, LOGICAL, FLOAT)                               \
  ARITHMETIC(OLK_ADD, 0, add, u + v, u + v, add)                                                    \
  ARITHMETIC(OLK_SUB, 1, subtract, u - v, u - v, sub)                                               \
  ARITHMETIC(OLK_MUL, 2, multiply, u * v, u * v, mul)                                               \
  ARITHMETIC(OLK_DIV, 3, divide, u / v, u / v, div)                                                 \
  ARITHMETIC(OLK_POW, 4, power, powf(u, v), pow(u, v), pow)                                         \
  ARITHMETIC(OLK_MOD, 5, remainder, olk_mod_f32(u, v), olk_mod_f64(u, v), mod)                      \
  ARITHMETIC(OLK_MAX, 6, maximum, olk_max_f32(u, v), olk_max_f64(u, v), max)                        \
  ARITHMETIC(OLK_MIN, 7, minimum, olk_min_f32(u, v), olk_min_f64(u, v), min)                        \
  COMPARISON(OLK_EQ, 8, equal, ==)                                                                  \
  COMPARISON(OLK_NE, 9, notEqual, !=)                                                               \
  COMPARISON(OLK_LT, 10, less, <)                                                                   \
  COMPARISON(OLK_LE, 11, lessEqual, <=)                                                             \
  COMPARISON(OLK_GT, 12, greater, >)                                                                \
  COMPARISON(OLK_GE, 13, greaterEqual, >=)                                                          \
  LOGICAL(OLK_AND, 14, logicalAnd, &)                                                               \
  LOGICAL(OLK_OR, 15, logicalOr, |)                                                                 \
  LOGICAL(OLK_XOR, 16, logicalXor, ^)                                                               \
  FLOAT(OLK_TANH_GRAD, 17, tanhGradient, olk_tanh_grad_f32(u, v), olk_tanh_grad_f64(u, v))          \
  FLOAT(OLK_ATAN2, 18, atan2, atan2f(u, v), atan2(u, v))                                            \
  FLOAT(OLK_HYPOT, 19, hypot, hypotf(u, v), hypot(u, v))                                            \
  FLOAT(OLK_XLOGY, 20, xlogy, u == 0 ? 0.0f : u * logf(v), u == 0 ? 0.0 : u * log(v))               \
  FLOAT(OLK_POLYGAMMA, 21, polygamma, (float)olk_polygamma(u, v), olk_polygamma(u, v))             \
  FLOAT(OLK_GELU_GRAD, 22, geluGradient, (float)olk_gelu_grad(u, v), olk_gelu_grad(u, v))           \
  FLOAT(OLK_GELU_TANH_GRAD, 23, geluTanhGradient, olk_gelu_tanh_grad_f32(u, v), olk_gelu_tanh_grad_f64(u, v))

typedef enum {
  OLK_BINARY_OPERATIONS(OLK_ENUMERATOR, OLK_ENUMERATOR, OLK_ENUMERATOR, OLK_ENUMERATOR)
} olk_binary_op;

/// The Swift case name of unary operation `op` (`"atan"`), or NULL when no operation has that raw
/// value; lets tests check the Swift enum against this list.
const char *olk_unary_name(int op);

/// The Swift case name of binary operation `op`, or NULL when no operation has that raw value.
const char *olk_binary_name(int op);

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

/// y[i*y_row_stride + j] = x[i*x_row_stride + j*x_column_stride] for i < rows, j < columns, bit for
/// bit (`element_size` bytes each; strides in elements), in blocks that keep the lines they touch in
/// the L1 cache: for x whose columns are strided and whose rows step by about one element (a
/// transposed matrix). The output's rows must not overlap. Returns 0, or -1 when `element_size` is
/// not 1, 4 or 8.
int olk_copy_transposed(size_t element_size, const void *x, intptr_t x_row_stride, intptr_t x_column_stride,
                        void *y, intptr_t y_row_stride, intptr_t rows, intptr_t columns);

/// What one step of an elementwise program runs (`olk_program_step.kind`).
typedef enum {
  /// `olk_unary(op, dtype, ...)` on operand 0.
  OLK_STEP_UNARY = 0,
  /// `olk_binary(op, dtype, ...)` on operands 0 and 1.
  OLK_STEP_BINARY = 1,
  /// `olk_select(dtype, ...)`: operand 0 the bool condition, operands 1 and 2 the branches.
  OLK_STEP_SELECT = 2,
  /// `olk_cast(dtype, ..., op, ...)`: operand 0 of `dtype` converted to the dtype `op`.
  OLK_STEP_CAST = 3,
} olk_step_kind;

/// An operand or result of a program step: its element 0 for element offset 0, the element stride
/// its kernel reads it with (1, or 0 for one repeated element), and the bytes it moves per element
/// of offset (0 for a buffer every strip reuses).
typedef struct {
  const void *pointer;
  intptr_t stride;
  intptr_t advance;
} olk_program_operand;

/// One elementwise kernel call of a program (see `olk_run_program`).
///
/// Consecutive steps may form a register chain: each step after the first reads the one before it
/// from vector registers instead of memory, and a step whose result only the next step reads does
/// not store it. The first step of a chain holds its length.
typedef struct {
  int32_t kind;
  int32_t op;
  int32_t dtype;
  int32_t operand_count;
  /// What a chain's step computes in registers (`olk_program_register_kernel`); 0 for none.
  int32_t register_kernel;
  /// On a chain's first step, the number of steps in the chain (2 to OLK_PROGRAM_MAX_CHAIN);
  /// otherwise 0.
  int32_t chain_length;
  /// Bit i set: operand i is the previous step's result, passed in registers (the operand's entry
  /// is then unused). Only for steps of a chain after its first.
  int32_t register_operands;
  /// On a chain's steps, 0 when only the next step reads the result (its entry is then unused)
  /// and 1 when the step writes its result to memory. (A step outside a chain always writes it.)
  int32_t stores_result;
  olk_program_operand operands[3];
  olk_program_operand result;
} olk_program_step;

/// What a step of `kind` (an `olk_step_kind`), `op` and `dtype` computes in a register chain of
/// `olk_run_program`, or 0 when it cannot be part of one: float32 tanh, exp, add, sub, mul, div and
/// tanh_grad where SIMD (AVX2, or AVX-512) is active on the calling thread; 0 for every step
/// elsewhere.
int32_t olk_program_register_kernel(int32_t kind, int32_t op, int32_t dtype);

/// The longest strip `olk_run_program` runs: longer strips are run in pieces of this length.
#define OLK_PROGRAM_MAX_STRIP 512

/// The most steps a register chain holds; a longer chain runs its steps one by one.
#define OLK_PROGRAM_MAX_CHAIN 64

/// Runs `count` steps over `n` elements strip by strip: every step on elements [o, o + m) with
/// m = min(strip, n - o, OLK_PROGRAM_MAX_STRIP), then every step on the next strip, each step
/// reading its operands and writing its result at `pointer + o * advance`. Each step calls the
/// kernel its kind names (the same kernels and paths as `olk_unary`, `olk_binary`, `olk_select` and
/// `olk_cast`, so results are bit for bit theirs), chosen once per strip without validating the
/// types again: the caller guarantees every operation is defined for its dtype and strides are 0 or
/// 1 (results 1). A register chain runs its steps together on 64 elements at a time (four AVX-512 or
/// eight AVX2 vectors) in registers, each lane computed as those kernels compute it; where SIMD is
/// not active on the calling thread, its steps call the kernels one after another, passing values
/// through buffers.
void olk_run_program(const olk_program_step *steps, intptr_t count, intptr_t n, intptr_t strip);

#endif

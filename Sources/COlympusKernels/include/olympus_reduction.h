#ifndef OLYMPUS_REDUCTION_H
#define OLYMPUS_REDUCTION_H

#include "olympus_common.h"

/// Reduction operations; the values match `ReductionOperation` in Swift.
typedef enum {
  OLK_REDUCE_SUM = 0,
  OLK_REDUCE_PRODUCT = 1,
  OLK_REDUCE_MAXIMUM = 2,
  OLK_REDUCE_MINIMUM = 3,
} olk_reduce_op;

/// The type `op` accumulates `dtype` in: OLK_F64 for float32/float64 sums and products, `dtype` otherwise
/// (integer sums and products wrap). Returns -1 when `op` is not defined for `dtype` (bool sum or product).
int olk_reduce_accumulator(olk_reduce_op op, olk_dtype dtype);

/// The most elements (x_row == 1, a contiguous row) or rows (x_row != 1, columns) a reduction tree leaf takes.
#define OLK_REDUCE_LEAF 2048
#define OLK_REDUCE_LEAF_ROWS 32

/// For 0 <= o < outer and 0 <= i < width: y[o*y_outer + i] = op over 0 <= k < count of
/// x[o*x_outer + k*x_row + i] (strides count elements; x has `dtype`; x_row == 1 requires width == 1).
/// `count` == 0 gives the identity. Writes the accumulator type when `to_accumulator` is nonzero, `dtype`
/// otherwise. Every op follows the fixed pairwise tree described in reduce.c, so reducing consecutive
/// blocks of a power-of-two number of rows, at least OLK_REDUCE_LEAF (x_row == 1) or OLK_REDUCE_LEAF_ROWS
/// (x_row != 1), into accumulators and combining them with olk_reduce_partials gives bit-identical results.
/// Returns 0, or -1 when `op` is not defined for `dtype`.
int olk_reduce(olk_reduce_op op, olk_dtype dtype, const void *x, intptr_t x_outer, intptr_t x_row,
               intptr_t outer, intptr_t count, intptr_t width, void *y, intptr_t y_outer, int to_accumulator);

/// Combines per-block accumulators: y[o*inner + i] (`dtype`) = op over 0 <= b < blocks of
/// partials[(o*blocks + b)*inner + i] (the accumulator type), for 0 <= o < outer, 0 <= i < inner.
int olk_reduce_partials(olk_reduce_op op, olk_dtype dtype, const void *partials, intptr_t outer,
                        intptr_t blocks, intptr_t inner, void *y);

/// For 0 <= o < outer and 0 <= i < width: y[o*y_outer + i] = the index k of the first maximum (`maximum`
/// nonzero) or minimum of x[o*x_outer + k*x_row + i] over 0 <= k < count (count >= 1). A NaN counts as
/// the extreme: the first NaN wins. Returns 0, or -1 for an unknown dtype.
int olk_arg_reduce(int maximum, olk_dtype dtype, const void *x, intptr_t x_outer, intptr_t x_row,
                   intptr_t outer, intptr_t count, intptr_t width, int64_t *y, intptr_t y_outer);

/// Inclusive prefix sums along k: y[o*outer_stride + k*row + i] = sum over j <= k of
/// x[o*outer_stride + j*row + i], for 0 <= o < outer, 0 <= k < count, 0 <= i < width. Float sums run in a
/// float64 accumulator, integer sums wrap. Returns 0, or -1 for bool.
int olk_cumulative_sum(olk_dtype dtype, const void *x, void *y, intptr_t outer_stride, intptr_t row,
                       intptr_t outer, intptr_t count, intptr_t width);

#endif

#ifndef OLYMPUS_CONV_INTERNAL_H
#define OLYMPUS_CONV_INTERNAL_H

// Shared between the convolution's files; not part of the public header.

#include "olympus_convolution.h"
#include "../linalg/gemm_internal.h"

#include <stdlib.h>
#include <string.h>

/// Target bytes of one block of a GEMM operand or product (gathered columns, packed panels, the
/// scatter form's product rows): about a quarter of Zen 4's 1 MiB L2, leaving room for the packed
/// filter block and the output tile.
#define CONV_BLOCK_BYTES (256 * 1024)

/// Whether dilated coordinate `x` hits an input element, and which: `*index`.
static inline int input_index(intptr_t x, intptr_t dilation, intptr_t size, intptr_t *index) {
  if (x < 0) return 0;
  if (dilation != 1) {
    if (x % dilation != 0) return 0;
    x /= dilation;
  }
  if (x >= size) return 0;
  *index = x;
  return 1;
}

#define DEFINE_GATHER_RUN(T, SUFFIX)                                                                       \
  /* dst[j] = row[(x0 + j·step) / dilation] where that is an input element, else 0, j < count. */         \
  static inline void gather_run_##SUFFIX(T *dst, const T *row, intptr_t count, intptr_t x0, intptr_t step, \
                                         intptr_t dilation, intptr_t size) {                               \
    if (dilation != 1) {                                                                                   \
      for (intptr_t j = 0; j < count; j++) {                                                               \
        intptr_t index;                                                                                    \
        dst[j] = input_index(x0 + j * step, dilation, size, &index) ? row[index] : (T)0;                   \
      }                                                                                                    \
      return;                                                                                              \
    }                                                                                                      \
    /* Valid j: 0 <= x0 + j·step <= size − 1. */                                                          \
    intptr_t lo, hi;                                                                                       \
    if (step == 1) { /* no division on the common path */                                                  \
      lo = x0 >= 0 ? 0 : -x0;                                                                              \
      hi = x0 > size - 1 ? 0 : size - x0;                                                                  \
    } else {                                                                                               \
      lo = x0 >= 0 ? 0 : (-x0 + step - 1) / step;                                                          \
      hi = x0 > size - 1 ? 0 : (size - 1 - x0) / step + 1;                                                 \
    }                                                                                                      \
    if (lo > count) lo = count;                                                                            \
    if (hi > count) hi = count;                                                                            \
    if (hi < lo) hi = lo;                                                                                  \
    /* Plain loops: runs are short (an output row, a kernel row), where memcpy's call costs more. */       \
    for (intptr_t j = 0; j < lo; j++) dst[j] = 0;                                                          \
    const T *source = row + x0;                                                                            \
    if (step == 1) {                                                                                       \
      for (intptr_t j = lo; j < hi; j++) dst[j] = source[j];                                               \
    } else {                                                                                               \
      for (intptr_t j = lo; j < hi; j++) dst[j] = source[j * step];                                        \
    }                                                                                                      \
    for (intptr_t j = hi; j < count; j++) dst[j] = 0;                                                      \
  }

DEFINE_GATHER_RUN(float, f32)
DEFINE_GATHER_RUN(double, f64)

/// The offset of each tap (t0, t1, t2) of `kernel`, dilated by `dilation`, on a row-major grid of
/// sizes `grid`, in tap order: (t0·d0·G1 + t1·d1)·G2 + t2·d2. A malloc'ed array of the kernel's
/// volume (the caller frees it), NULL when allocation fails.
static inline intptr_t *tap_offsets_on_grid(const intptr_t *kernel, const intptr_t *dilation, const intptr_t *grid) {
  intptr_t *offsets = malloc(sizeof(intptr_t) * (size_t)(kernel[0] * kernel[1] * kernel[2]));
  if (offsets == NULL) return NULL;
  intptr_t tap = 0;
  for (intptr_t t0 = 0; t0 < kernel[0]; t0++)
    for (intptr_t t1 = 0; t1 < kernel[1]; t1++)
      for (intptr_t t2 = 0; t2 < kernel[2]; t2++)
        offsets[tap++] = (t0 * dilation[0] * grid[1] + t1 * dilation[1]) * grid[2] + t2 * dilation[2];
  return offsets;
}

/// Columns per block when `columns` GEMM columns of `rows` elements each are cut into equal
/// blocks of whole `nr`-wide panels, each about CONV_BLOCK_BYTES (at least one panel).
static inline intptr_t equal_column_block(intptr_t columns, intptr_t rows, size_t element, intptr_t nr) {
  intptr_t fit = (intptr_t)(CONV_BLOCK_BYTES / (element * (size_t)rows)) / nr * nr;
  intptr_t blocks = divide_up(columns, fit < nr ? nr : fit);
  return round_up(divide_up(columns, blocks), nr);
}

/// Computes `p` (positions as GEMM columns) as an implicit GEMM over shifted rows of the input
/// (conv_shifted.c) on up to `threads` threads when that path applies: stride 1, no input
/// dilation, no negative low padding, and few columns wasted on the gaps of the padded grid.
/// Returns 0, doing nothing, otherwise.
int olk_conv_shifted(const olk_conv_problem *p, int threads);

/// Computes `p` (positions as GEMM columns), a full convolution (padding dilated(kernel) − 1 on
/// both sides, stride 1, no input dilation), as a GEMM over the input whose product rows are added
/// into the output shifted (conv_scatter.c) on up to `threads` threads when that path applies:
/// contiguous operands, enough input channels and images, few columns between the grid's rows.
/// Returns 0, doing nothing, otherwise.
int olk_conv_scatter(const olk_conv_problem *p, int threads);

/// Computes `p` (positions as GEMM rows) as an implicit GEMM over shifted rows of the input
/// (conv_shifted_transposed.c) on up to `threads` threads when that path applies: stride 1, no
/// input dilation, no padding, and few zeros between the kernel's rows and few empty tile rows.
/// Returns 0, doing nothing, otherwise.
int olk_conv_shifted_transposed(const olk_conv_problem *p, int threads);

/// output[n, g·O + o, j] = Σ over tasks t < `tasks` of accumulators[t][g][(n·P + j)·O + o], P =
/// `positions`: the per-task products of the orientation with positions as GEMM rows, summed and
/// put in the output's layout.
void olk_conv_sum_accumulators(const olk_conv_problem *p, intptr_t positions, const void *accumulators,
                               intptr_t tasks);

#endif

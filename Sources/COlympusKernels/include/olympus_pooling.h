#ifndef OLYMPUS_POOLING_H
#define OLYMPUS_POOLING_H

#include "olympus_common.h"

/// Windows over the three spatial axes of `planes` contiguous planes (fewer axes are given as axes
/// of size 1), float32 or float64: window `q` covers input positions
/// `q·stride + t·dilation − pad_lo` for taps `t < window`, per axis; taps outside the input are
/// left out (padding that never wins a maximum).
typedef struct {
  olk_dtype dtype;
  intptr_t planes;
  intptr_t in_size[3], window[3], out_size[3], stride[3], pad_lo[3], dilation[3];
  /// `[planes, in_size...]`: decides each window's maximum, the first in row-major order at ties
  /// (PyTorch's choice); NaN counts as the largest value.
  const void *x;
  /// Gather: `[planes, in_size...]`; scatter: `[planes, out_size...]`.
  const void *values;
  /// Gather: `[planes, out_size...]`; scatter: `[planes, in_size...]`.
  void *output;
} olk_window_problem;

/// output[p, q] = values[p, m(q)] with m(q) the position of window q's maximum of x (−∞ for a window
/// without input positions). With `values == x` this is max pooling.
void olk_window_argmax_gather(const olk_window_problem *p, int threads);

/// output[p, i] = Σ values[p, q] over the windows q whose maximum of x is at i: the transpose of
/// the gather, max pooling's backward pass without stored indices.
void olk_window_argmax_scatter(const olk_window_problem *p, int threads);

#endif

#ifndef OLYMPUS_CONVOLUTION_H
#define OLYMPUS_CONVOLUTION_H

#include "olympus_common.h"

/// One grouped, dilated cross-correlation over three spatial axes (fewer axes are given as
/// axes of size 1), float32 or float64, every array contiguous:
///
///     output[n, g·O + o, q] = Σ_{c < C, t} filter[g·O + o, c, t] · input[n, g·C + c, (q·stride + t·kernel_dilation − pad_lo) / in_dilation]
///
/// for `g < groups`, `o < out_channels`, where the input index is taken only when it is a whole
/// number inside the input (otherwise the term is zero): `in_dilation` places `in_dilation − 1`
/// zeros between input elements (a transposed convolution), `pad_lo` may be negative.
/// `input` is [batch, groups·in_channels, in_size...], `filter` [groups·out_channels,
/// in_channels, kernel...], `output` [batch, groups·out_channels, out_size...]; the output is
/// contiguous, and so is each channel's spatial block of the input and the filter, whose two
/// leading axes step by `input_strides` and `filter_strides` elements.
typedef struct {
  olk_dtype dtype;
  intptr_t batch, groups, in_channels, out_channels;
  intptr_t in_size[3], kernel[3], out_size[3];
  intptr_t stride[3], pad_lo[3], in_dilation[3], kernel_dilation[3];
  intptr_t input_strides[2], filter_strides[2];
  const void *input;
  const void *filter;
  void *output;
} olk_conv_problem;

/// Computes `p` on up to `threads` threads: for each image and group, blocks of output positions
/// are gathered (im2col, one block at a time, never the whole batch) into a per-thread buffer
/// that the built-in GEMM multiplies with the filter, or with stride 1 read as shifted rows of
/// the input. Operands with other than contiguous strides are copied first where a path needs that.
void olk_conv(const olk_conv_problem *p, int threads);

#endif

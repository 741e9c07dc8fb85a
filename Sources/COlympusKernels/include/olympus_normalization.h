#ifndef OLYMPUS_NORMALIZATION_H
#define OLYMPUS_NORMALIZATION_H

#include "olympus_common.h"

/// Layer normalization of `rows` contiguous rows of `n` elements: y = (x − mean)·rstd with
/// rstd = 1/√(var + epsilon), the biased variance (mean and variance accumulated in double, the
/// variance from the centered values). Writes y [rows, n] and rstd [rows]. dtype is OLK_F32 or OLK_F64.
void olk_layer_norm_forward(olk_dtype dtype, intptr_t rows, intptr_t n, double epsilon, const void *x, void *y,
                            void *rstd);

/// Its reverse (and, the map being symmetric, forward) derivative: for each row,
/// dx = rstd·(g − mean(g) − y·mean(g·y)), from the forward pass's y and rstd.
void olk_layer_norm_backward(olk_dtype dtype, intptr_t rows, intptr_t n, const void *y, const void *rstd,
                             const void *g, void *dx);

#endif

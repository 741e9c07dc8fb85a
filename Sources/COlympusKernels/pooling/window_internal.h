// Kernels shared inside the pooling family (not part of the public headers).
#ifndef OLYMPUS_WINDOW_INTERNAL_H
#define OLYMPUS_WINDOW_INTERNAL_H

#include "olympus_common.h"

/// For `m` windows whose first taps are base[2·j] and whose taps come in adjacent pairs
/// (`offsets[k + 1] == offsets[k] + 1` for even k; `taps` even): each window's maximum
/// (`largest[j]`) and its tap number (`best[j]`), the first in tap order, NaN the largest. AVX-512;
/// callers check `olk_avx512_active()`.
void olk_row_max_pairs_f32_avx512(const float *base, intptr_t m, const intptr_t *offsets, intptr_t taps,
                                  float *largest, int32_t *best);

/// `olk_row_max_pairs_f32_avx512` for float64.
void olk_row_max_pairs_f64_avx512(const double *base, intptr_t m, const intptr_t *offsets, intptr_t taps,
                                  double *largest, int32_t *best);

#endif

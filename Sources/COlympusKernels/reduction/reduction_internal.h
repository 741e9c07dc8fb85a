// Helpers shared by the reduction and scan kernels (not part of the public header).
#ifndef OLYMPUS_REDUCTION_INTERNAL_H
#define OLYMPUS_REDUCTION_INTERNAL_H

#include "olympus_reduction.h"
#include "../common/kernel_variants.h"

// Combining steps: a running value `a` absorbs `x`. Float maximum and minimum propagate NaN: a NaN `x`
// replaces `a`, and once `a` is NaN no comparison replaces it.
#define OLK_OP_SUM(a, x) ((a) + (x))
#define OLK_OP_PRODUCT(a, x) ((a) * (x))
#define OLK_OP_MAXF(a, x) (((x) > (a) || (x) != (x)) ? (x) : (a))
#define OLK_OP_MINF(a, x) (((x) < (a) || (x) != (x)) ? (x) : (a))
#define OLK_OP_MAXI(a, x) ((x) > (a) ? (x) : (a))
#define OLK_OP_MINI(a, x) ((x) < (a) ? (x) : (a))

/// How far ahead streaming loops prefetch. Measured: prefetching 16 KiB ahead raises a one-thread
/// float32 maximum over 40 MB from about 36 GB/s to about 64 GB/s (the hardware prefetcher alone
/// falls short), and 4 or 64 KiB do worse.
#define OLK_PREFETCH_BYTES 16384

/// Prefetches the cache lines `OLK_PREFETCH_BYTES` past x[0 ..< bytes] (prefetches never fault).
#define OLK_PREFETCH_AHEAD(x, bytes)                                                                          \
  for (size_t olk_pf = 0; olk_pf < (bytes); olk_pf += 64)                                                     \
  __builtin_prefetch((const char *)(x) + olk_pf + OLK_PREFETCH_BYTES)

/// The largest power of two below n (n >= 2): where the pairwise trees split n rows.
static inline intptr_t olk_tree_split(intptr_t n) {
  return (intptr_t)1 << (63 - __builtin_clzll((unsigned long long)(n - 1)));
}

/// Levels of a tree over n rows whose leaves hold at most `leaf` rows.
static inline int olk_tree_depth(intptr_t n, intptr_t leaf) {
  int depth = 0;
  for (intptr_t rows = leaf; rows < n; rows *= 2) depth++;
  return depth;
}

/// Bytes per element of `dtype`.
static inline size_t olk_dtype_size(olk_dtype dtype) {
  return dtype == OLK_F64 || dtype == OLK_I64 ? 8 : dtype == OLK_BOOL ? 1 : 4;
}

/// Reduces n contiguous elements with op to one accumulator value (used by the arg reductions).
int olk_reduce_contiguous(olk_reduce_op op, olk_dtype dtype, const void *x, intptr_t n, void *acc);

#if defined(__x86_64__)
// AVX2 leaves of the contiguous float sum, maximum and minimum trees (reduce_avx2.c).
OLK_AVX2 double olk_sum_f32_leaf_avx2(const float *x, intptr_t n);
OLK_AVX2 double olk_sum_f64_leaf_avx2(const double *x, intptr_t n);
OLK_AVX2 float olk_maximum_f32_leaf_avx2(const float *x, intptr_t n);
OLK_AVX2 float olk_minimum_f32_leaf_avx2(const float *x, intptr_t n);
OLK_AVX2 double olk_maximum_f64_leaf_avx2(const double *x, intptr_t n);
OLK_AVX2 double olk_minimum_f64_leaf_avx2(const double *x, intptr_t n);
#endif

#endif

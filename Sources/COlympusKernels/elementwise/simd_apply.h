// Drivers that run one-vector AVX2 kernels over strided arrays. Private to the elementwise kernels;
// include only from files compiled for x86-64.
#ifndef OLK_SIMD_APPLY_H
#define OLK_SIMD_APPLY_H

#include <immintrin.h>
#include <stdint.h>

#define OLK_AVX2 __attribute__((target("avx2,fma")))
#define OLK_AVX2_INLINE static inline __attribute__((always_inline, target("avx2,fma")))

/// Elements staged per round when the operands are not both contiguous (and for the ragged tail).
#define OLK_STAGE 256

/// Defines `static void NAME(const T *x, intptr_t sx, T *y, intptr_t sy, intptr_t n)` computing
/// y[i*sy] = BLOCK(x[i*sx]) with BLOCK a `V -> V` function over W lanes. Contiguous data streams
/// straight through; strided data and the tail are gathered into a stack buffer, padded with
/// zeros, computed in place and scattered back.
#define OLK_DEFINE_APPLY(NAME, T, V, W, LOADU, STOREU, BLOCK)                                       \
  static OLK_AVX2 void NAME(const T *x, intptr_t sx, T *y, intptr_t sy, intptr_t n) {               \
    intptr_t i = 0;                                                                                 \
    if (sx == 1 && sy == 1) {                                                                       \
      for (; i + 2 * (W) <= n; i += 2 * (W)) {                                                      \
        V a = BLOCK(LOADU(x + i)), b = BLOCK(LOADU(x + i + (W)));                                   \
        STOREU(y + i, a);                                                                           \
        STOREU(y + i + (W), b);                                                                     \
      }                                                                                             \
    }                                                                                               \
    T stage[OLK_STAGE];                                                                             \
    while (i < n) {                                                                                 \
      intptr_t m = n - i < OLK_STAGE ? n - i : OLK_STAGE;                                           \
      intptr_t padded = (m + (W) - 1) / (W) * (W);                                                  \
      for (intptr_t k = 0; k < m; k++) stage[k] = x[(i + k) * sx];                                  \
      for (intptr_t k = m; k < padded; k++) stage[k] = 0;                                           \
      for (intptr_t k = 0; k < padded; k += (W)) STOREU(stage + k, BLOCK(LOADU(stage + k)));        \
      for (intptr_t k = 0; k < m; k++) y[(i + k) * sy] = stage[k];                                  \
      i += m;                                                                                       \
    }                                                                                               \
  }

#endif

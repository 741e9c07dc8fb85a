// Drivers that run one-vector AVX2 kernels over strided arrays. Private to the elementwise kernels;
// include only from files compiled for x86-64.
#ifndef OLK_SIMD_APPLY_H
#define OLK_SIMD_APPLY_H

#include <immintrin.h>
#include <stdint.h>

#include "../common/kernel_variants.h"
#define OLK_AVX2_INLINE static inline __attribute__((always_inline, target("avx2,fma")))

/// Elements staged per round when the operands are not both contiguous (and for the ragged ends).
#define OLK_STAGE 256

/// Contiguous outputs of at least this many bytes (per call) are written with non-temporal stores:
/// they would not stay cached anyway (the L3 is 32 MiB here), and skipping the read for ownership
/// cuts the memory traffic of a streaming kernel by a quarter to a third.
#define OLK_STREAM_BYTES ((intptr_t)8 << 20)

/// -1 when `n` elements of `size` bytes at `y` should use ordinary stores; otherwise the number of
/// leading elements to write before `y` is 32-byte aligned for non-temporal stores.
static inline intptr_t olk_stream_head(const void *y, intptr_t size, intptr_t n) {
  uintptr_t address = (uintptr_t)y;
  if (n * size < OLK_STREAM_BYTES || address % (uintptr_t)size != 0) return -1;
  return (intptr_t)((-address & 31) / (uintptr_t)size);
}

/// Defines `static void NAME(const T *x, intptr_t sx, T *y, intptr_t sy, intptr_t n)` computing
/// y[i*sy] = BLOCK(x[i*sx]) with BLOCK a `V -> V` function over W lanes. Contiguous data streams
/// straight through (non-temporal stores for large outputs); strided data and the ragged ends are
/// gathered into a stack buffer, padded with zeros, computed in place and scattered back.
#define OLK_DEFINE_APPLY(NAME, T, V, W, LOADU, STOREU, STREAM, BLOCK)                               \
  static OLK_AVX2 void NAME##_staged(const T *x, intptr_t sx, T *y, intptr_t sy, intptr_t n) {      \
    T stage[OLK_STAGE];                                                                             \
    for (intptr_t i = 0; i < n; i += OLK_STAGE) {                                                   \
      intptr_t m = n - i < OLK_STAGE ? n - i : OLK_STAGE;                                           \
      intptr_t padded = (m + (W) - 1) / (W) * (W);                                                  \
      for (intptr_t k = 0; k < m; k++) stage[k] = x[(i + k) * sx];                                  \
      for (intptr_t k = m; k < padded; k++) stage[k] = 0;                                           \
      for (intptr_t k = 0; k < padded; k += (W)) STOREU(stage + k, BLOCK(LOADU(stage + k)));        \
      for (intptr_t k = 0; k < m; k++) y[(i + k) * sy] = stage[k];                                  \
    }                                                                                               \
  }                                                                                                 \
  static OLK_AVX2 void NAME(const T *x, intptr_t sx, T *y, intptr_t sy, intptr_t n) {               \
    if (sx != 1 || sy != 1) {                                                                       \
      NAME##_staged(x, sx, y, sy, n);                                                               \
      return;                                                                                       \
    }                                                                                               \
    intptr_t i = olk_stream_head(y, sizeof(T), n);                                                  \
    if (i < 0) {                                                                                    \
      for (i = 0; i + 2 * (W) <= n; i += 2 * (W)) OLK_APPLY_PAIR(V, STOREU, BLOCK, LOADU, W)           \
    } else {                                                                                        \
      NAME##_staged(x, 1, y, 1, i);                                                                 \
      for (; i + 2 * (W) <= n; i += 2 * (W)) OLK_APPLY_PAIR(V, STREAM, BLOCK, LOADU, W)                \
      _mm_sfence();                                                                                 \
    }                                                                                               \
    NAME##_staged(x + i, 1, y + i, 1, n - i);                                                       \
  }

/// Defines `static void NAME(const T *a, intptr_t sa, const T *b, intptr_t sb, T *y, intptr_t sy,
/// intptr_t n)` computing y[i*sy] = BLOCK(a[i*sa], b[i*sb]) with BLOCK a `(V, V) -> V` function over
/// W lanes: contiguous operands stream straight through; strided ones and the ragged end are
/// gathered into stack buffers, padded with zeros, computed and scattered back, so every element
/// takes the same vector path whatever the layout.
#define OLK_DEFINE_APPLY_BINARY(NAME, T, V, W, LOADU, STOREU, BLOCK)                                \
  static OLK_AVX2 void NAME##_staged(const T *a, intptr_t sa, const T *b, intptr_t sb, T *y,         \
                                     intptr_t sy, intptr_t n) {                                      \
    T stage_a[OLK_STAGE], stage_b[OLK_STAGE];                                                       \
    for (intptr_t i = 0; i < n; i += OLK_STAGE) {                                                   \
      intptr_t m = n - i < OLK_STAGE ? n - i : OLK_STAGE;                                           \
      intptr_t padded = (m + (W) - 1) / (W) * (W);                                                  \
      for (intptr_t k = 0; k < m; k++) stage_a[k] = a[(i + k) * sa], stage_b[k] = b[(i + k) * sb];  \
      for (intptr_t k = m; k < padded; k++) stage_a[k] = stage_b[k] = 0;                            \
      for (intptr_t k = 0; k < padded; k += (W))                                                    \
        STOREU(stage_a + k, BLOCK(LOADU(stage_a + k), LOADU(stage_b + k)));                         \
      for (intptr_t k = 0; k < m; k++) y[(i + k) * sy] = stage_a[k];                                \
    }                                                                                               \
  }                                                                                                 \
  static OLK_AVX2 void NAME(const T *a, intptr_t sa, const T *b, intptr_t sb, T *y, intptr_t sy,    \
                            intptr_t n) {                                                           \
    intptr_t i = 0;                                                                                 \
    if (sa == 1 && sb == 1 && sy == 1)                                                              \
      for (; i + (W) <= n; i += (W)) STOREU(y + i, BLOCK(LOADU(a + i), LOADU(b + i)));              \
    NAME##_staged(a + i * sa, sa, b + i * sb, sb, y + i * sy, sy, n - i);                           \
  }

/// Two vectors of the contiguous loop at element i.
#define OLK_APPLY_PAIR(V, STORE, BLOCK, LOADU, W)                                                   \
  {                                                                                                 \
    V a = BLOCK(LOADU(x + i)), b = BLOCK(LOADU(x + i + (W)));                                       \
    STORE(y + i, a);                                                                                \
    STORE(y + i + (W), b);                                                                          \
  }

#endif

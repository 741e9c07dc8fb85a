// Packing of op(A) and op(B) blocks into the panel layout the micro-kernels read: a panel holds
// `W` rows of op(A) (or columns of op(B)) interleaved step by step along k, so the kernel reads
// both operands with unit stride. Transposition is absorbed here through the two strides.

#include "gemm_internal.h"

#include <string.h>

// Copies `width` <= W lines of `kc` steps each: element (line, step), at
// src[line*s_line + step*s_step], goes to dst[step*W + line], and lines width..W-1 are zero.
// Full panels get loops with a constant trip count or copy size (W is a constant once inlined);
// full panels with contiguous steps go through the AVX2 transposing packer when `simd` is set.
#define DEFINE_PACK_PANEL(T, SUFFIX)                                                                     \
  static inline __attribute__((always_inline)) void pack_panel_##SUFFIX(                                 \
      const T *src, intptr_t s_line, intptr_t s_step, intptr_t width, intptr_t W, intptr_t kc, int simd, \
      T *dst) {                                                                                          \
    if (width == W && s_line == 1) {                                                                     \
      for (intptr_t step = 0; step < kc; step++, dst += W)                                               \
        memcpy(dst, src + step * s_step, (size_t)W * sizeof(T));                                         \
    } else if (width == W) {                                                                             \
      intptr_t first = simd && s_step == 1 ? LINE_PACK_AVX2(SUFFIX, src, s_line, kc, W, dst) : 0;        \
      dst += first * W;                                                                                  \
      for (intptr_t step = first; step < kc; step++, dst += W)                                           \
        for (intptr_t line = 0; line < W; line++) dst[line] = src[line * s_line + step * s_step];        \
    } else {                                                                                             \
      memset(dst, 0, (size_t)(W * kc) * sizeof(T));                                                      \
      for (intptr_t step = 0; step < kc; step++, dst += W)                                               \
        for (intptr_t line = 0; line < width; line++) dst[line] = src[line * s_line + step * s_step];    \
    }                                                                                                    \
  }

#if defined(__x86_64__)
#define LINE_PACK_AVX2(SUFFIX, src, s_line, kc, W, dst)                                             \
  olk_gemm_pack_lines_##SUFFIX##_avx2(src, s_line, kc, W, dst)
#else
#define LINE_PACK_AVX2(SUFFIX, src, s_line, kc, W, dst) 0
#endif

// Packs `count` lines starting at `src` into consecutive panels of W lines. The panel widths of
// the micro-tiles (6 rows; 8, 16, 32 and 64 columns) get specializations with a constant W.
#define DEFINE_PACKERS(T, SUFFIX)                                                                        \
  DEFINE_PACK_PANEL(T, SUFFIX)                                                                           \
                                                                                                         \
  static inline __attribute__((always_inline)) void pack_panels_##SUFFIX(                                \
      const T *src, intptr_t s_line, intptr_t s_step, intptr_t count, intptr_t W, intptr_t kc, int simd, \
      T *dst) {                                                                                          \
    for (intptr_t i = 0; i < count; i += W, dst += W * kc)                                               \
      pack_panel_##SUFFIX(src + i * s_line, s_line, s_step, min_intptr(W, count - i), W, kc, simd, dst); \
  }                                                                                                      \
                                                                                                         \
  static void pack_##SUFFIX(const T *src, intptr_t s_line, intptr_t s_step, intptr_t count, intptr_t W,  \
                            intptr_t kc, int simd, T *dst) {                                             \
    switch (W) {                                                                                         \
    case 6: pack_panels_##SUFFIX(src, s_line, s_step, count, 6, kc, simd, dst); break;                   \
    case 8: pack_panels_##SUFFIX(src, s_line, s_step, count, 8, kc, simd, dst); break;                   \
    case 16: pack_panels_##SUFFIX(src, s_line, s_step, count, 16, kc, simd, dst); break;                 \
    case 32: pack_panels_##SUFFIX(src, s_line, s_step, count, 32, kc, simd, dst); break;                 \
    case 64: pack_panels_##SUFFIX(src, s_line, s_step, count, 64, kc, simd, dst); break;                 \
    default: pack_panels_##SUFFIX(src, s_line, s_step, count, W, kc, simd, dst); break;                  \
    }                                                                                                    \
  }                                                                                                      \
                                                                                                         \
  void olk_gemm_pack_a_##SUFFIX(const olk_gemm_problem *p, intptr_t i0, intptr_t mc, intptr_t p0,        \
                                intptr_t kc, T *dst) {                                                   \
    intptr_t s_line = p->trans_a ? 1 : p->lda, s_step = p->trans_a ? p->lda : 1;                         \
    pack_##SUFFIX((const T *)p->a + i0 * s_line + p0 * s_step, s_line, s_step, mc, p->mr, kc, p->simd,   \
                  dst);                                                                                  \
  }                                                                                                      \
                                                                                                         \
  void olk_gemm_pack_b_##SUFFIX(const olk_gemm_problem *p, intptr_t p0, intptr_t kc, intptr_t j0,        \
                                intptr_t nc, T *dst) {                                                   \
    intptr_t s_line = p->trans_b ? p->ldb : 1, s_step = p->trans_b ? 1 : p->ldb;                         \
    pack_##SUFFIX((const T *)p->b + j0 * s_line + p0 * s_step, s_line, s_step, nc, p->nr, kc, p->simd,   \
                  dst);                                                                                  \
  }

DEFINE_PACKERS(float, f32)
DEFINE_PACKERS(double, f64)

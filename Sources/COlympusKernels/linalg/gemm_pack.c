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

// The constant-W wrappers let the compiler specialize pack_panel for each panel width.
#define DEFINE_PACKERS(T, SUFFIX, NR)                                                                 \
  DEFINE_PACK_PANEL(T, SUFFIX)                                                                        \
                                                                                                      \
  void olk_gemm_pack_a_##SUFFIX(const olk_gemm_problem *p, intptr_t i0, intptr_t mc, intptr_t p0,     \
                                intptr_t kc, T *dst) {                                                \
    const T *a = p->a;                                                                                \
    intptr_t s_line = p->trans_a ? 1 : p->lda, s_step = p->trans_a ? p->lda : 1;                      \
    for (intptr_t i = 0; i < mc; i += GEMM_MR, dst += GEMM_MR * kc) {                                 \
      intptr_t rows = min_intptr(GEMM_MR, mc - i);                                                    \
      pack_panel_##SUFFIX(a + (i0 + i) * s_line + p0 * s_step, s_line, s_step, rows, GEMM_MR, kc,     \
                          p->simd, dst);                                                              \
    }                                                                                                 \
  }                                                                                                   \
                                                                                                      \
  void olk_gemm_pack_b_##SUFFIX(const olk_gemm_problem *p, intptr_t p0, intptr_t kc, intptr_t j0,     \
                                intptr_t nc, T *dst) {                                                \
    const T *b = p->b;                                                                                \
    intptr_t s_line = p->trans_b ? p->ldb : 1, s_step = p->trans_b ? 1 : p->ldb;                      \
    for (intptr_t j = 0; j < nc; j += NR, dst += NR * kc) {                                           \
      intptr_t cols = min_intptr(NR, nc - j);                                                         \
      pack_panel_##SUFFIX(b + (j0 + j) * s_line + p0 * s_step, s_line, s_step, cols, NR, kc, p->simd, \
                          dst);                                                                       \
    }                                                                                                 \
  }

DEFINE_PACKERS(float, f32, GEMM_NR_F32)
DEFINE_PACKERS(double, f64, GEMM_NR_F64)

// AVX2 packing of panels whose lines are strided and whose steps are contiguous (rows of a
// non-transposed A, columns of a transposed B): L×L blocks are loaded along the steps,
// transposed in registers and stored step by step, instead of one scalar gather per element.

#include "gemm_internal.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <string.h>

#define AVX2 __attribute__((target("avx2,fma")))

// r[i] = row i of an 8×8 block becomes column i.
static inline AVX2 void transpose_f32(__m256 r[8]) {
  __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
  __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
  __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
  __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
  __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE);
  __m256 s2 = _mm256_shuffle_ps(t1, t3, 0x44), s3 = _mm256_shuffle_ps(t1, t3, 0xEE);
  __m256 s4 = _mm256_shuffle_ps(t4, t6, 0x44), s5 = _mm256_shuffle_ps(t4, t6, 0xEE);
  __m256 s6 = _mm256_shuffle_ps(t5, t7, 0x44), s7 = _mm256_shuffle_ps(t5, t7, 0xEE);
  r[0] = _mm256_permute2f128_ps(s0, s4, 0x20), r[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
  r[2] = _mm256_permute2f128_ps(s2, s6, 0x20), r[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
  r[4] = _mm256_permute2f128_ps(s0, s4, 0x31), r[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
  r[6] = _mm256_permute2f128_ps(s2, s6, 0x31), r[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

// The same for a 4×4 block of doubles.
static inline AVX2 void transpose_f64(__m256d r[4]) {
  __m256d t0 = _mm256_unpacklo_pd(r[0], r[1]), t1 = _mm256_unpackhi_pd(r[0], r[1]);
  __m256d t2 = _mm256_unpacklo_pd(r[2], r[3]), t3 = _mm256_unpackhi_pd(r[2], r[3]);
  r[0] = _mm256_permute2f128_pd(t0, t2, 0x20), r[1] = _mm256_permute2f128_pd(t1, t3, 0x20);
  r[2] = _mm256_permute2f128_pd(t0, t2, 0x31), r[3] = _mm256_permute2f128_pd(t1, t3, 0x31);
}

// Packs the first kc - kc % L steps of W lines: each group of up to L lines is transposed L steps
// at a time; a group of fewer than L lines is padded with zero rows and only its valid lanes are
// stored. The micro-tile widths get specializations with a constant W. Returns the number of
// steps packed.
#define DEFINE_AVX2_LINE_PACK(T, SUFFIX, VT, S, L)                                                          \
  static inline AVX2 __attribute__((always_inline)) void pack_lines_##SUFFIX(                               \
      const T *src, intptr_t s_line, intptr_t steps, intptr_t W, T *dst) {                                  \
    for (intptr_t step = 0; step < steps; step += L, dst += L * W) {                                        \
      for (intptr_t g = 0; g < W; g += L) {                                                                 \
        intptr_t lanes = min_intptr(L, W - g);                                                              \
        VT r[L];                                                                                            \
        for (intptr_t i = 0; i < L; i++)                                                                    \
          r[i] = i < lanes ? _mm256_loadu_##S(src + (g + i) * s_line + step) : _mm256_setzero_##S();        \
        transpose_##SUFFIX(r);                                                                              \
        for (intptr_t s = 0; s < L; s++) {                                                                  \
          if (lanes == L) {                                                                                 \
            _mm256_storeu_##S(dst + s * W + g, r[s]);                                                       \
          } else {                                                                                          \
            T lane_values[L];                                                                               \
            _mm256_storeu_##S(lane_values, r[s]);                                                           \
            memcpy(dst + s * W + g, lane_values, (size_t)lanes * sizeof(T));                                \
          }                                                                                                 \
        }                                                                                                   \
      }                                                                                                     \
    }                                                                                                       \
  }                                                                                                         \
                                                                                                            \
  AVX2 intptr_t olk_gemm_pack_lines_##SUFFIX##_avx2(const T *src, intptr_t s_line, intptr_t kc, intptr_t W, \
                                                    T *dst) {                                               \
    intptr_t steps = kc - kc % L;                                                                           \
    switch (W) {                                                                                            \
    case 6: pack_lines_##SUFFIX(src, s_line, steps, 6, dst); break;                                         \
    case 8: pack_lines_##SUFFIX(src, s_line, steps, 8, dst); break;                                         \
    case 16: pack_lines_##SUFFIX(src, s_line, steps, 16, dst); break;                                       \
    case 32: pack_lines_##SUFFIX(src, s_line, steps, 32, dst); break;                                       \
    case 64: pack_lines_##SUFFIX(src, s_line, steps, 64, dst); break;                                       \
    default: pack_lines_##SUFFIX(src, s_line, steps, W, dst); break;                                        \
    }                                                                                                       \
    return steps;                                                                                           \
  }

DEFINE_AVX2_LINE_PACK(float, f32, __m256, ps, 8)
DEFINE_AVX2_LINE_PACK(double, f64, __m256d, pd, 4)

#endif

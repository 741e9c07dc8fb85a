// AVX2/FMA matrix-vector loops for gemm_vector.c. Dot form: four outputs at a time, each with
// two 256-bit accumulators along the contiguous line, summed horizontally at the end. Axpy form:
// a chunk of outputs is updated with four matrix rows per pass over it.

#include "gemm_internal.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2,fma")))

static inline AVX2 float horizontal_sum_f32(__m256 x) {
  __m128 half = _mm_add_ps(_mm256_castps256_ps128(x), _mm256_extractf128_ps(x, 1));
  half = _mm_add_ps(half, _mm_movehl_ps(half, half));
  return _mm_cvtss_f32(_mm_add_ss(half, _mm_movehdup_ps(half)));
}

static inline AVX2 double horizontal_sum_f64(__m256d x) {
  __m128d half = _mm_add_pd(_mm256_castpd256_pd128(x), _mm256_extractf128_pd(x, 1));
  return _mm_cvtsd_f64(_mm_add_sd(half, _mm_unpackhi_pd(half, half)));
}

// out[o*os] for o in [begin, result): dot form (v contiguous) or axpy form (any v stride).
#define DEFINE_AVX2_VECTOR(T, SUFFIX, VT, S, L, BCAST)                                                      \
  static inline AVX2 T dot_tail_##SUFFIX(const T *line, const T *v, intptr_t from, intptr_t k) {            \
    T sum = 0;                                                                                              \
    for (intptr_t s = from; s < k; s++) sum += line[s] * v[s];                                              \
    return sum;                                                                                             \
  }                                                                                                         \
                                                                                                            \
  static AVX2 intptr_t dot_##SUFFIX(const T *M, intptr_t ms, const T *v, intptr_t k, T *out,                \
                                    intptr_t os, intptr_t begin, intptr_t end) {                            \
    intptr_t body = k - k % (2 * L);                                                                        \
    intptr_t o = begin;                                                                                     \
    for (; o + 4 <= end; o += 4) {                                                                          \
      const T *r[4] = {M + o * ms, M + (o + 1) * ms, M + (o + 2) * ms, M + (o + 3) * ms};                   \
      VT acc[4][2];                                                                                         \
      for (int i = 0; i < 4; i++) acc[i][0] = acc[i][1] = _mm256_setzero_##S();                             \
      for (intptr_t s = 0; s < body; s += 2 * L) {                                                          \
        VT v0 = _mm256_loadu_##S(v + s), v1 = _mm256_loadu_##S(v + s + L);                                  \
        for (int i = 0; i < 4; i++) {                                                                       \
          acc[i][0] = _mm256_fmadd_##S(_mm256_loadu_##S(r[i] + s), v0, acc[i][0]);                          \
          acc[i][1] = _mm256_fmadd_##S(_mm256_loadu_##S(r[i] + s + L), v1, acc[i][1]);                      \
        }                                                                                                   \
      }                                                                                                     \
      for (int i = 0; i < 4; i++)                                                                           \
        out[(o + i) * os] = horizontal_sum_##SUFFIX(_mm256_add_##S(acc[i][0], acc[i][1])) +                 \
                            dot_tail_##SUFFIX(r[i], v, body, k);                                            \
    }                                                                                                       \
    for (; o < end; o++) {                                                                                  \
      const T *r = M + o * ms;                                                                              \
      VT acc0 = _mm256_setzero_##S(), acc1 = _mm256_setzero_##S();                                          \
      for (intptr_t s = 0; s < body; s += 2 * L) {                                                          \
        acc0 = _mm256_fmadd_##S(_mm256_loadu_##S(r + s), _mm256_loadu_##S(v + s), acc0);                    \
        acc1 = _mm256_fmadd_##S(_mm256_loadu_##S(r + s + L), _mm256_loadu_##S(v + s + L), acc1);            \
      }                                                                                                     \
      out[o * os] = horizontal_sum_##SUFFIX(_mm256_add_##S(acc0, acc1)) + dot_tail_##SUFFIX(r, v, body, k); \
    }                                                                                                       \
    return end;                                                                                             \
  }                                                                                                         \
                                                                                                            \
  /* Outputs in chunks that stay in L1 while the matrix streams by four rows at a time. A chunk  */         \
  /* is summed in place when the outputs are contiguous, else in the thread's workspace.         */         \
  static AVX2 intptr_t axpy_##SUFFIX(const T *M, intptr_t ms, const T *v, intptr_t vs, intptr_t k,          \
                                     T *out, intptr_t os, intptr_t begin, intptr_t end) {                   \
    enum { CHUNK = 2048 / sizeof(T) * 4 };                                                                  \
    T *sums = os == 1 ? NULL : olk_gemm_private_workspace(CHUNK * sizeof(T));                               \
    for (intptr_t o0 = begin; o0 < end; o0 += CHUNK) {                                                      \
      intptr_t width = min_intptr(CHUNK, end - o0), body = width - width % L;                               \
      T *y = os == 1 ? out + o0 : sums;                                                                     \
      for (intptr_t j = 0; j < width; j++) y[j] = 0;                                                        \
      intptr_t s = 0;                                                                                       \
      for (; s + 4 <= k; s += 4) {                                                                          \
        const T *r0 = M + s * ms + o0, *r1 = r0 + ms, *r2 = r1 + ms, *r3 = r2 + ms;                         \
        VT x0 = BCAST(v + s * vs), x1 = BCAST(v + (s + 1) * vs);                                            \
        VT x2 = BCAST(v + (s + 2) * vs), x3 = BCAST(v + (s + 3) * vs);                                      \
        for (intptr_t j = 0; j < body; j += L) {                                                            \
          VT a = _mm256_fmadd_##S(x0, _mm256_loadu_##S(r0 + j), _mm256_loadu_##S(y + j));                   \
          VT b = _mm256_mul_##S(x1, _mm256_loadu_##S(r1 + j));                                              \
          a = _mm256_fmadd_##S(x2, _mm256_loadu_##S(r2 + j), a);                                            \
          b = _mm256_fmadd_##S(x3, _mm256_loadu_##S(r3 + j), b);                                            \
          _mm256_storeu_##S(y + j, _mm256_add_##S(a, b));                                                   \
        }                                                                                                   \
        for (intptr_t j = body; j < width; j++)                                                             \
          y[j] += v[s * vs] * r0[j] + v[(s + 1) * vs] * r1[j] + v[(s + 2) * vs] * r2[j] +                   \
                  v[(s + 3) * vs] * r3[j];                                                                  \
      }                                                                                                     \
      for (; s < k; s++) {                                                                                  \
        const T *r = M + s * ms + o0;                                                                       \
        VT x = BCAST(v + s * vs);                                                                           \
        for (intptr_t j = 0; j < body; j += L)                                                              \
          _mm256_storeu_##S(y + j, _mm256_fmadd_##S(x, _mm256_loadu_##S(r + j), _mm256_loadu_##S(y + j)));  \
        for (intptr_t j = body; j < width; j++) y[j] += v[s * vs] * r[j];                                   \
      }                                                                                                     \
      if (os != 1)                                                                                          \
        for (intptr_t j = 0; j < width; j++) out[(o0 + j) * os] = y[j];                                     \
    }                                                                                                       \
    return end;                                                                                             \
  }                                                                                                         \
                                                                                                            \
  intptr_t olk_gemm_vector_##SUFFIX##_avx2(int axpy, const T *M, intptr_t ms, const T *v, intptr_t vs,      \
                                           intptr_t k, T *out, intptr_t os, intptr_t begin,                 \
                                           intptr_t end) {                                                  \
    return axpy ? axpy_##SUFFIX(M, ms, v, vs, k, out, os, begin, end)                                       \
                : dot_##SUFFIX(M, ms, v, k, out, os, begin, end);                                           \
  }

DEFINE_AVX2_VECTOR(float, f32, __m256, ps, 8, _mm256_broadcast_ss)
DEFINE_AVX2_VECTOR(double, f64, __m256d, pd, 4, _mm256_broadcast_sd)

#endif

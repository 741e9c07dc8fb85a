// Portable micro-kernels in plain C, used when AVX2/FMA is off or absent. The accumulator tile
// lives in a local array; the compiler keeps it in vector registers where the target has them.

#include "gemm_internal.h"

#define DEFINE_PORTABLE_KERNEL(T, SUFFIX, NR)                                                            \
  void olk_gemm_kernel_##SUFFIX##_portable(intptr_t kc, const T *a, const T *b, T *c, intptr_t ldc,      \
                                           int accumulate) {                                             \
    T acc[GEMM_MR][NR] = {{0}};                                                                          \
    for (intptr_t step = 0; step < kc; step++, a += GEMM_MR, b += NR)                                    \
      for (int i = 0; i < GEMM_MR; i++)                                                                  \
        for (int j = 0; j < NR; j++) acc[i][j] += a[i] * b[j];                                           \
    for (int i = 0; i < GEMM_MR; i++)                                                                    \
      for (int j = 0; j < NR; j++) c[i * ldc + j] = accumulate ? c[i * ldc + j] + acc[i][j] : acc[i][j]; \
  }

DEFINE_PORTABLE_KERNEL(float, f32, GEMM_NR_F32)
DEFINE_PORTABLE_KERNEL(double, f64, GEMM_NR_F64)

// C ← C − T: applies a product the GEMM wrote to scratch (it overwrites its output and has no
// beta), the trailing updates of the blocked factorizations.

#include "olympus_factorization.h"

#define DEFINE_SUBTRACT(T, SUFFIX)                                                                \
  static void subtract_##SUFFIX(intptr_t m, intptr_t n, T *c, intptr_t ldc, const T *t, intptr_t ldt) { \
    for (intptr_t i = 0; i < m; i++)                                                              \
      for (intptr_t j = 0; j < n; j++) c[i * ldc + j] -= t[i * ldt + j];                          \
  }

DEFINE_SUBTRACT(float, f32)
DEFINE_SUBTRACT(double, f64)

void olk_matrix_subtract(olk_dtype dtype, intptr_t m, intptr_t n, void *c, intptr_t ldc, const void *t,
                         intptr_t ldt) {
  if (dtype == OLK_F32) subtract_f32(m, n, c, ldc, t, ldt);
  else subtract_f64(m, n, c, ldc, t, ldt);
}

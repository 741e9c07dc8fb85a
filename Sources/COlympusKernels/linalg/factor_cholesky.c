// Unblocked Cholesky factorization of a diagonal block, row by row (Cholesky–Banachiewicz): each
// element is its row's dot product with an earlier row, both contiguous in row-major storage.

#include <math.h>

#include "olympus_factorization.h"

#define DEFINE_CHOLESKY(T, SUFFIX, SQRT)                                                          \
  static intptr_t cholesky_##SUFFIX(intptr_t n, T *a, intptr_t lda) {                              \
    for (intptr_t i = 0; i < n; i++) {                                                            \
      T *row = a + i * lda;                                                                       \
      for (intptr_t j = 0; j <= i; j++) {                                                         \
        const T *other = a + j * lda;                                                             \
        T sum = row[j];                                                                           \
        for (intptr_t k = 0; k < j; k++) sum -= row[k] * other[k];                                \
        if (j < i) {                                                                              \
          row[j] = sum / other[j];                                                                \
        } else {                                                                                  \
          if (!(sum > 0)) return i + 1;                                                           \
          row[i] = SQRT(sum);                                                                     \
        }                                                                                         \
      }                                                                                           \
    }                                                                                             \
    return 0;                                                                                     \
  }

DEFINE_CHOLESKY(float, f32, sqrtf)
DEFINE_CHOLESKY(double, f64, sqrt)

intptr_t olk_cholesky_unblocked(olk_dtype dtype, intptr_t n, void *a, intptr_t lda) {
  return dtype == OLK_F32 ? cholesky_f32(n, a, lda) : cholesky_f64(n, a, lda);
}

// Small dense systems solved one pass each: LU with partial pivoting that eliminates in the
// right-hand sides as it goes, then back substitution (a batch of 4×4 systems runs at a few tens
// of nanoseconds per system; orders 2 to 4 with one right-hand side are compiled for their size).

#include <math.h>

#include "olympus_factorization.h"

#define SMALL_ORDER 16

#define DEFINE_SOLVE_SMALL(T, SUFFIX, ABS)                                                        \
  static inline __attribute__((always_inline)) void solve_range_##SUFFIX(                         \
      intptr_t n, intptr_t k, intptr_t first, intptr_t last, const T *a, T *b, intptr_t *infos) {  \
    T u[SMALL_ORDER * SMALL_ORDER];                                                               \
    for (intptr_t index = first; index < last; index++) {                                         \
      const T *matrix = a + index * n * n;                                                        \
      T *x = b + index * n * k;                                                                   \
      intptr_t info = 0;                                                                          \
      for (intptr_t i = 0; i < n * n; i++) u[i] = matrix[i];                                      \
      for (intptr_t c = 0; c < n; c++) {                                                          \
        intptr_t pivot = c;                                                                       \
        T largest = ABS(u[c * n + c]);                                                            \
        for (intptr_t r = c + 1; r < n; r++) {                                                    \
          T size = ABS(u[r * n + c]);                                                             \
          if (size > largest) {                                                                   \
            largest = size;                                                                       \
            pivot = r;                                                                            \
          }                                                                                       \
        }                                                                                         \
        if (pivot != c) {                                                                         \
          for (intptr_t j = c; j < n; j++) {                                                      \
            T t = u[c * n + j];                                                                   \
            u[c * n + j] = u[pivot * n + j];                                                      \
            u[pivot * n + j] = t;                                                                 \
          }                                                                                       \
          for (intptr_t j = 0; j < k; j++) {                                                      \
            T t = x[c * k + j];                                                                   \
            x[c * k + j] = x[pivot * k + j];                                                      \
            x[pivot * k + j] = t;                                                                 \
          }                                                                                       \
        }                                                                                         \
        T diagonal = u[c * n + c];                                                                \
        if (diagonal == 0) {                                                                      \
          if (info == 0) info = c + 1;                                                            \
          continue;                                                                               \
        }                                                                                         \
        for (intptr_t r = c + 1; r < n; r++) {                                                    \
          T factor = u[r * n + c] / diagonal;                                                     \
          for (intptr_t j = c + 1; j < n; j++) u[r * n + j] -= factor * u[c * n + j];             \
          for (intptr_t j = 0; j < k; j++) x[r * k + j] -= factor * x[c * k + j];                 \
        }                                                                                         \
      }                                                                                           \
      for (intptr_t c = n - 1; c >= 0; c--) {                                                     \
        for (intptr_t s = c + 1; s < n; s++) {                                                    \
          T factor = u[c * n + s];                                                                \
          for (intptr_t j = 0; j < k; j++) x[c * k + j] -= factor * x[s * k + j];                 \
        }                                                                                         \
        T inverse = 1 / u[c * n + c];                                                             \
        for (intptr_t j = 0; j < k; j++) x[c * k + j] *= inverse;                                 \
      }                                                                                           \
      infos[index] = info;                                                                        \
    }                                                                                             \
  }                                                                                               \
                                                                                                  \
  /* Orders 2 to 4 with one right-hand side are compiled for their sizes (fully unrolled). */     \
  static void solve_small_##SUFFIX(intptr_t n, intptr_t k, intptr_t first, intptr_t last, const T *a, \
                                   T *b, intptr_t *infos) {                                       \
    if (k == 1 && n == 4) solve_range_##SUFFIX(4, 1, first, last, a, b, infos);                   \
    else if (k == 1 && n == 3) solve_range_##SUFFIX(3, 1, first, last, a, b, infos);              \
    else if (k == 1 && n == 2) solve_range_##SUFFIX(2, 1, first, last, a, b, infos);              \
    else solve_range_##SUFFIX(n, k, first, last, a, b, infos);                                    \
  }

DEFINE_SOLVE_SMALL(float, f32, fabsf)
DEFINE_SOLVE_SMALL(double, f64, fabs)

void olk_solve_small(olk_dtype dtype, intptr_t n, intptr_t k, intptr_t first, intptr_t last, const void *a, void *b,
                     intptr_t *infos) {
  if (dtype == OLK_F32) solve_small_f32(n, k, first, last, a, b, infos);
  else solve_small_f64(n, k, first, last, a, b, infos);
}

// Unblocked triangular solves: substitution on diagonal blocks, done with whole rows of the
// right-hand sides (contiguous in row-major storage) or with dot products along rows.

#include "olympus_factorization.h"

#define DEFINE_TRIANGULAR(T, SUFFIX)                                                              \
  static void solve_left_##SUFFIX(intptr_t n, intptr_t k, const T *a, intptr_t rs, intptr_t cs,   \
                                  int lower, int unit, T *b, intptr_t ldb) {                      \
    for (intptr_t step = 0; step < n; step++) {                                                   \
      intptr_t i = lower ? step : n - 1 - step;                                                   \
      T *target = b + i * ldb;                                                                    \
      intptr_t begin = lower ? 0 : i + 1, end = lower ? i : n;                                    \
      for (intptr_t s = begin; s < end; s++) {                                                    \
        T factor = a[i * rs + s * cs];                                                            \
        const T *source = b + s * ldb;                                                            \
        for (intptr_t j = 0; j < k; j++) target[j] -= factor * source[j];                         \
      }                                                                                           \
      if (!unit) {                                                                                \
        T inverse = 1 / a[i * rs + i * cs];                                                       \
        for (intptr_t j = 0; j < k; j++) target[j] *= inverse;                                    \
      }                                                                                           \
    }                                                                                             \
  }                                                                                               \
                                                                                                  \
  static void solve_rows_##SUFFIX(intptr_t m, intptr_t n, const T *l, intptr_t ldl, T *x,         \
                                  intptr_t ldx) {                                                 \
    for (intptr_t r = 0; r < m; r++) {                                                            \
      T *row = x + r * ldx;                                                                       \
      for (intptr_t i = 0; i < n; i++) {                                                          \
        const T *li = l + i * ldl;                                                                \
        T sum = row[i];                                                                           \
        for (intptr_t s = 0; s < i; s++) sum -= li[s] * row[s];                                   \
        row[i] = sum / li[i];                                                                     \
      }                                                                                           \
    }                                                                                             \
  }

DEFINE_TRIANGULAR(float, f32)
DEFINE_TRIANGULAR(double, f64)

void olk_triangular_solve_left(olk_dtype dtype, intptr_t n, intptr_t k, const void *a, intptr_t row_stride,
                               intptr_t column_stride, int lower, int unit_diagonal, void *b, intptr_t ldb) {
  if (dtype == OLK_F32) solve_left_f32(n, k, a, row_stride, column_stride, lower, unit_diagonal, b, ldb);
  else solve_left_f64(n, k, a, row_stride, column_stride, lower, unit_diagonal, b, ldb);
}

void olk_triangular_solve_rows_lower_transposed(olk_dtype dtype, intptr_t m, intptr_t n, const void *l,
                                                intptr_t ldl, void *x, intptr_t ldx) {
  if (dtype == OLK_F32) solve_rows_f32(m, n, l, ldl, x, ldx);
  else solve_rows_f64(m, n, l, ldl, x, ldx);
}

// Unblocked LU factorization with partial pivoting of a tall panel (the right-looking variant:
// after each pivot the panel columns to its right get a rank-1 update, row by row).

#include <math.h>

#include "olympus_factorization.h"

#define DEFINE_LU_PANEL(T, SUFFIX, ABS)                                                           \
  static intptr_t lu_panel_##SUFFIX(intptr_t m, intptr_t b, T *rows, intptr_t lda, intptr_t column, \
                                    intptr_t width, intptr_t *swaps) {                            \
    intptr_t info = 0;                                                                            \
    for (intptr_t c = 0; c < b && c < m; c++) {                                                   \
      intptr_t pivot = c;                                                                         \
      T largest = ABS(rows[c * lda + column + c]);                                                \
      for (intptr_t r = c + 1; r < m; r++) {                                                      \
        T size = ABS(rows[r * lda + column + c]);                                                 \
        if (size > largest) {                                                                     \
          largest = size;                                                                         \
          pivot = r;                                                                              \
        }                                                                                         \
      }                                                                                           \
      swaps[c] = pivot;                                                                           \
      if (pivot != c) {                                                                           \
        T *x = rows + c * lda, *y = rows + pivot * lda;                                           \
        for (intptr_t j = 0; j < width; j++) {                                                    \
          T t = x[j];                                                                             \
          x[j] = y[j];                                                                            \
          y[j] = t;                                                                               \
        }                                                                                         \
      }                                                                                           \
      const T *top = rows + c * lda + column;                                                     \
      T diagonal = top[c];                                                                        \
      if (diagonal == 0) {                                                                        \
        if (info == 0) info = c + 1;                                                              \
        continue;                                                                                 \
      }                                                                                           \
      for (intptr_t r = c + 1; r < m; r++) {                                                      \
        T *row = rows + r * lda + column;                                                         \
        T factor = row[c] / diagonal;                                                             \
        row[c] = factor;                                                                          \
        for (intptr_t j = c + 1; j < b; j++) row[j] -= factor * top[j];                           \
      }                                                                                           \
    }                                                                                             \
    return info;                                                                                  \
  }

DEFINE_LU_PANEL(float, f32, fabsf)
DEFINE_LU_PANEL(double, f64, fabs)

intptr_t olk_lu_panel(olk_dtype dtype, intptr_t m, intptr_t b, void *rows, intptr_t lda, intptr_t column,
                      intptr_t width, intptr_t *swaps) {
  return dtype == OLK_F32 ? lu_panel_f32(m, b, rows, lda, column, width, swaps)
                          : lu_panel_f64(m, b, rows, lda, column, width, swaps);
}

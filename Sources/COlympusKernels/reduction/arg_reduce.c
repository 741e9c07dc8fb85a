// Index of the first maximum or minimum along one axis; a NaN counts as the extreme (the first NaN wins).
//
// A short contiguous row is scanned element by element. A longer one is scanned in blocks: the (SIMD)
// maximum or minimum kernel finds each block's extreme, a block whose extreme is NaN holds the answer
// (its first NaN), and otherwise the first block with the strictly best extreme is searched for the
// first element equal to it.

#include "reduction_internal.h"

// BLOCK: elements per block of a long row. SHORT: rows up to this length are scanned element by element.
enum { BLOCK = 4096, SHORT = 64, TILE = 256 };

#define IS_NAN_F(v) ((v) != (v))
#define IS_NAN_I(v) ((void)(v), 0)

// Whether v replaces the best value b so far, scanning forward: strictly better, or the first NaN.
// (Bitwise operators keep it free of branches, which random data would mispredict.)
#define BETTER_MAX(v, b, IS_NAN) (((v) > (b)) | (IS_NAN(v) & !IS_NAN(b)))
#define BETTER_MIN(v, b, IS_NAN) (((v) < (b)) | (IS_NAN(v) & !IS_NAN(b)))

// Folds rows 1 ..< rows of a [rows, width] tile (row stride `row`) into best/idx, which hold row 0.
#define COLUMNS_LOOP(T, BETTER, IS_NAN)                                                                       \
  for (intptr_t k = 1; k < rows; k++) {                                                                       \
    const T *r = x + k * row;                                                                                 \
    for (intptr_t i = 0; i < width; i++) {                                                                    \
      T v = r[i];                                                                                             \
      int better = BETTER(v, best[i], IS_NAN);                                                                \
      best[i] = better ? v : best[i];                                                                         \
      idx[i] = better ? k : idx[i];                                                                           \
    }                                                                                                         \
  }

#define DEFINE_COLUMNS(NAME, T, IS_NAN, SUFFIX, ATTR)                                                         \
  ATTR static void NAME##_columns_##SUFFIX(int maximum, const T *x, intptr_t row, intptr_t rows,              \
                                           intptr_t width, T *best, int64_t *idx) {                           \
    for (intptr_t i = 0; i < width; i++) {                                                                    \
      best[i] = x[i];                                                                                         \
      idx[i] = 0;                                                                                             \
    }                                                                                                         \
    if (maximum) {                                                                                            \
      COLUMNS_LOOP(T, BETTER_MAX, IS_NAN)                                                                     \
    } else {                                                                                                  \
      COLUMNS_LOOP(T, BETTER_MIN, IS_NAN)                                                                     \
    }                                                                                                         \
  }

#define STAMP_COLUMNS(SUFFIX, ATTR)                                                                           \
  DEFINE_COLUMNS(f32, float, IS_NAN_F, SUFFIX, ATTR)                                                          \
  DEFINE_COLUMNS(f64, double, IS_NAN_F, SUFFIX, ATTR)                                                         \
  DEFINE_COLUMNS(i32, int32_t, IS_NAN_I, SUFFIX, ATTR)                                                        \
  DEFINE_COLUMNS(i64, int64_t, IS_NAN_I, SUFFIX, ATTR)                                                        \
  DEFINE_COLUMNS(bool, uint8_t, IS_NAN_I, SUFFIX, ATTR)

OLK_STAMP_BOTH(STAMP_COLUMNS)

#define DEFINE_ARG(NAME, T, DTYPE, IS_NAN)                                                                    \
  static int64_t NAME##_contiguous(int maximum, const T *x, intptr_t n) {                                     \
    if (n <= SHORT) {                                                                                         \
      intptr_t first = 0;                                                                                     \
      T best = x[0];                                                                                          \
      for (intptr_t k = 1; k < n; k++) {                                                                      \
        T v = x[k];                                                                                           \
        int better = maximum ? BETTER_MAX(v, best, IS_NAN) : BETTER_MIN(v, best, IS_NAN);                     \
        best = better ? v : best;                                                                             \
        first = better ? k : first;                                                                           \
      }                                                                                                       \
      return first;                                                                                           \
    }                                                                                                         \
    olk_reduce_op op = maximum ? OLK_REDUCE_MAXIMUM : OLK_REDUCE_MINIMUM;                                     \
    T best = 0;                                                                                               \
    intptr_t start = 0;                                                                                       \
    for (intptr_t b = 0; b < n; b += BLOCK) {                                                                 \
      T m;                                                                                                    \
      olk_reduce_contiguous(op, DTYPE, x + b, n - b < BLOCK ? n - b : BLOCK, &m);                             \
      if (IS_NAN(m)) {                                                                                        \
        for (intptr_t k = b;; k++)                                                                            \
          if (IS_NAN(x[k])) return k;                                                                         \
      }                                                                                                       \
      if (b == 0 || (maximum ? m > best : m < best)) {                                                        \
        best = m;                                                                                             \
        start = b;                                                                                            \
      }                                                                                                       \
    }                                                                                                         \
    for (intptr_t k = start;; k++)                                                                            \
      if (x[k] == best) return k;                                                                             \
  }                                                                                                           \
  static void NAME##_arg(int maximum, const void *xv, intptr_t x_outer, intptr_t x_row, intptr_t outer,        \
                         intptr_t count, intptr_t width, int64_t *y, intptr_t y_outer) {                      \
    const T *x = (const T *)xv;                                                                               \
    if (x_row == 1) {                                                                                         \
      for (intptr_t o = 0; o < outer; o++) y[o * y_outer] = NAME##_contiguous(maximum, x + o * x_outer, count); \
      return;                                                                                                 \
    }                                                                                                         \
    T best[TILE];                                                                                             \
    for (intptr_t o = 0; o < outer; o++)                                                                      \
      for (intptr_t i = 0; i < width; i += TILE)                                                              \
        OLK_PICK(NAME##_columns)(maximum, x + o * x_outer + i, x_row, count,                                  \
                                 width - i < TILE ? width - i : TILE, best, y + o * y_outer + i);             \
  }

DEFINE_ARG(f32, float, OLK_F32, IS_NAN_F)
DEFINE_ARG(f64, double, OLK_F64, IS_NAN_F)
DEFINE_ARG(i32, int32_t, OLK_I32, IS_NAN_I)
DEFINE_ARG(i64, int64_t, OLK_I64, IS_NAN_I)
DEFINE_ARG(bool, uint8_t, OLK_BOOL, IS_NAN_I)

int olk_arg_reduce(int maximum, olk_dtype dtype, const void *x, intptr_t x_outer, intptr_t x_row,
                   intptr_t outer, intptr_t count, intptr_t width, int64_t *y, intptr_t y_outer) {
  switch (dtype) {
  case OLK_F32: f32_arg(maximum, x, x_outer, x_row, outer, count, width, y, y_outer); return 0;
  case OLK_F64: f64_arg(maximum, x, x_outer, x_row, outer, count, width, y, y_outer); return 0;
  case OLK_I32: i32_arg(maximum, x, x_outer, x_row, outer, count, width, y, y_outer); return 0;
  case OLK_I64: i64_arg(maximum, x, x_outer, x_row, outer, count, width, y, y_outer); return 0;
  case OLK_BOOL: bool_arg(maximum, x, x_outer, x_row, outer, count, width, y, y_outer); return 0;
  default: return -1;
  }
}

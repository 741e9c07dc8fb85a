// Inclusive prefix sums along one axis. Float prefixes run in a float64 accumulator (each output is the
// float64 running sum rounded to the element type), integer prefixes wrap.

#include "reduction_internal.h"

enum { TILE = 256 };

#define DEFINE_SCAN(NAME, T, ACC, SUFFIX, ATTR)                                                               \
  ATTR static void NAME##_##SUFFIX(const T *x, T *y, intptr_t outer_stride, intptr_t row, intptr_t outer,     \
                                   intptr_t count, intptr_t width) {                                          \
    for (intptr_t o = 0; o < outer; o++) {                                                                    \
      const T *xo = x + o * outer_stride;                                                                     \
      T *yo = y + o * outer_stride;                                                                           \
      if (width == 1) {                                                                                       \
        ACC acc = 0;                                                                                          \
        for (intptr_t k = 0; k < count; k++) {                                                                \
          acc += (ACC)xo[k * row];                                                                            \
          yo[k * row] = (T)acc;                                                                               \
        }                                                                                                     \
        continue;                                                                                             \
      }                                                                                                       \
      ACC acc[TILE];                                                                                          \
      for (intptr_t i0 = 0; i0 < width; i0 += TILE) {                                                         \
        intptr_t w = width - i0 < TILE ? width - i0 : TILE;                                                   \
        for (intptr_t i = 0; i < w; i++) acc[i] = 0;                                                          \
        for (intptr_t k = 0; k < count; k++) {                                                                \
          const T *r = xo + k * row + i0;                                                                     \
          T *s = yo + k * row + i0;                                                                           \
          for (intptr_t i = 0; i < w; i++) {                                                                  \
            acc[i] += (ACC)r[i];                                                                              \
            s[i] = (T)acc[i];                                                                                 \
          }                                                                                                   \
        }                                                                                                     \
      }                                                                                                       \
    }                                                                                                         \
  }

#define STAMP_SCANS(SUFFIX, ATTR)                                                                             \
  DEFINE_SCAN(scan_f32, float, double, SUFFIX, ATTR)                                                          \
  DEFINE_SCAN(scan_f64, double, double, SUFFIX, ATTR)                                                         \
  DEFINE_SCAN(scan_i32, int32_t, uint32_t, SUFFIX, ATTR)                                                      \
  DEFINE_SCAN(scan_i64, int64_t, uint64_t, SUFFIX, ATTR)

OLK_STAMP_BOTH(STAMP_SCANS)

int olk_cumulative_sum(olk_dtype dtype, const void *x, void *y, intptr_t outer_stride, intptr_t row,
                       intptr_t outer, intptr_t count, intptr_t width) {
  switch (dtype) {
  case OLK_F32: OLK_PICK(scan_f32)(x, y, outer_stride, row, outer, count, width); return 0;
  case OLK_F64: OLK_PICK(scan_f64)(x, y, outer_stride, row, outer, count, width); return 0;
  case OLK_I32: OLK_PICK(scan_i32)(x, y, outer_stride, row, outer, count, width); return 0;
  case OLK_I64: OLK_PICK(scan_i64)(x, y, outer_stride, row, outer, count, width); return 0;
  default: return -1;
  }
}

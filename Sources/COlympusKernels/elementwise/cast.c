// Elementwise conversions between the kernel dtypes.
#include "olympus_elementwise.h"

#include <string.h>

// Float to integer: truncate toward zero, NaN gives 0, out-of-range values saturate.
static inline int32_t olk_saturate_i32(double d) {
  if (d != d) return 0;
  if (d >= 2147483648.0) return INT32_MAX;
  if (d <= -2147483648.0) return INT32_MIN;
  return (int32_t)d;
}

static inline int64_t olk_saturate_i64(double d) {
  if (d != d) return 0;
  if (d >= 0x1p63) return INT64_MAX;
  if (d <= -0x1p63) return INT64_MIN;
  return (int64_t)d;
}

// Conversion of one value v (of any source type) to each destination type; bool reads as 0/1.
#define OLK_TO_F32(v) _Generic((v), uint8_t: (float)((v) != 0), default: (float)(v))
#define OLK_TO_F64(v) _Generic((v), uint8_t: (double)((v) != 0), default: (double)(v))
#define OLK_TO_I32(v) \
  _Generic((v), float: olk_saturate_i32(v), double: olk_saturate_i32(v), uint8_t: (int32_t)((v) != 0), default: (int32_t)(v))
#define OLK_TO_I64(v) \
  _Generic((v), float: olk_saturate_i64(v), double: olk_saturate_i64(v), uint8_t: (int64_t)((v) != 0), default: (int64_t)(v))
#define OLK_TO_BOOL(v) ((uint8_t)((v) != 0))

#define OLK_CAST_LOOP(TX, TY, CONVERT)                                                              \
  do {                                                                                              \
    const TX *xp = (const TX *)x;                                                                   \
    TY *yp = (TY *)y;                                                                               \
    if (sx == 1 && sy == 1) {                                                                       \
      for (intptr_t i = 0; i < n; i++) yp[i] = CONVERT(xp[i]);                                      \
    } else {                                                                                        \
      for (intptr_t i = 0; i < n; i++) yp[i * sy] = CONVERT(xp[i * sx]);                            \
    }                                                                                               \
  } while (0)

#define OLK_CAST_FROM(TX)                                                                           \
  switch (to) {                                                                                     \
  case OLK_F32: OLK_CAST_LOOP(TX, float, OLK_TO_F32); break;                                        \
  case OLK_F64: OLK_CAST_LOOP(TX, double, OLK_TO_F64); break;                                       \
  case OLK_I32: OLK_CAST_LOOP(TX, int32_t, OLK_TO_I32); break;                                      \
  case OLK_I64: OLK_CAST_LOOP(TX, int64_t, OLK_TO_I64); break;                                      \
  case OLK_BOOL: OLK_CAST_LOOP(TX, uint8_t, OLK_TO_BOOL); break;                                    \
  }

#define OLK_COPY(v) (v)

// Same-type conversion is a bit-exact copy of each element's bytes.
static void olk_copy(olk_dtype dtype, const void *x, intptr_t sx, void *y, intptr_t sy, intptr_t n) {
  if (sx == 1 && sy == 1) {
    size_t width = dtype == OLK_BOOL ? 1 : (dtype == OLK_F32 || dtype == OLK_I32 ? 4 : 8);
    memmove(y, x, (size_t)n * width);
    return;
  }
  switch (dtype) {
  case OLK_F32: case OLK_I32: OLK_CAST_LOOP(uint32_t, uint32_t, OLK_COPY); break;
  case OLK_F64: case OLK_I64: OLK_CAST_LOOP(uint64_t, uint64_t, OLK_COPY); break;
  case OLK_BOOL: OLK_CAST_LOOP(uint8_t, uint8_t, OLK_COPY); break;
  }
}

void olk_cast(olk_dtype from, const void *x, intptr_t sx, olk_dtype to, void *y, intptr_t sy, intptr_t n) {
  if (n <= 0) return;
  if (from == to) {
    olk_copy(from, x, sx, y, sy, n);
    return;
  }
  switch (from) {
  case OLK_F32: OLK_CAST_FROM(float); break;
  case OLK_F64: OLK_CAST_FROM(double); break;
  case OLK_I32: OLK_CAST_FROM(int32_t); break;
  case OLK_I64: OLK_CAST_FROM(int64_t); break;
  case OLK_BOOL: OLK_CAST_FROM(uint8_t); break;
  }
}

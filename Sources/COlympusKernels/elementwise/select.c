// Elementwise select: y = c ? a : b. Only the element width matters, so one loop per width.
#include "olympus_elementwise.h"

#define OLK_SELECT_LOOP(T)                                                                          \
  do {                                                                                              \
    const T *ap = (const T *)a, *bp = (const T *)b;                                                 \
    T *yp = (T *)y;                                                                                 \
    if (sy == 1 && sc == 1 && sa == 1 && sb == 1) {                                                 \
      /* Both loads are unconditional so the compiler can vectorize the choice. */                  \
      for (intptr_t i = 0; i < n; i++) { T u = ap[i], v = bp[i]; yp[i] = c[i] ? u : v; }            \
    } else {                                                                                        \
      for (intptr_t i = 0; i < n; i++) { T u = ap[i * sa], v = bp[i * sb]; yp[i * sy] = c[i * sc] ? u : v; } \
    }                                                                                               \
  } while (0)

void olk_select(olk_dtype dtype, const uint8_t *c, intptr_t sc, const void *a, intptr_t sa,
                const void *b, intptr_t sb, void *y, intptr_t sy, intptr_t n) {
  switch (dtype) {
  case OLK_F32: case OLK_I32: OLK_SELECT_LOOP(uint32_t); break;
  case OLK_F64: case OLK_I64: OLK_SELECT_LOOP(uint64_t); break;
  case OLK_BOOL: OLK_SELECT_LOOP(uint8_t); break;
  }
}

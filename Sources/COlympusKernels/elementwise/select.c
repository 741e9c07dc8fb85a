// Elementwise select: y = c ? a : b. Only the element width matters, so one loop per width.
#include "olympus_elementwise.h"

// Contiguous condition and output with each operand contiguous or one repeated element (a
// broadcast scalar, as in relu and its gradient) get loops the compiler vectorizes: both loads
// are unconditional. Other strides take the general loop.
#define OLK_SELECT_LOOP(T)                                                                          \
  do {                                                                                              \
    const T *ap = (const T *)a, *bp = (const T *)b;                                                 \
    T *yp = (T *)y;                                                                                 \
    int contiguous = sy == 1 && sc == 1;                                                            \
    if (contiguous && sa == 1 && sb == 1) {                                                         \
      for (intptr_t i = 0; i < n; i++) { T u = ap[i], v = bp[i]; yp[i] = c[i] ? u : v; }            \
    } else if (contiguous && sa == 0 && sb == 1) {                                                  \
      T u = ap[0];                                                                                  \
      for (intptr_t i = 0; i < n; i++) { T v = bp[i]; yp[i] = c[i] ? u : v; }                      \
    } else if (contiguous && sa == 1 && sb == 0) {                                                  \
      T v = bp[0];                                                                                  \
      for (intptr_t i = 0; i < n; i++) { T u = ap[i]; yp[i] = c[i] ? u : v; }                      \
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

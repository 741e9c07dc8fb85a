// Row gathers along one axis: output rows are copies of input rows picked by index.

#include "olympus_indexing.h"
#include "../common/kernel_variants.h"

#include <string.h>

// One element per row (inner == 1): a plain indexed load the AVX2 copy turns into vector gathers.
#define DEFINE_GATHER(NAME, T, SUFFIX, ATTR)                                                                  \
  ATTR static void NAME##_##SUFFIX(const T *x, intptr_t axis, const int64_t *indices, intptr_t index_count,   \
                                   T *y, intptr_t u0, intptr_t u1) {                                          \
    for (intptr_t u = u0; u < u1;) {                                                                          \
      intptr_t o = u / index_count, j = u % index_count;                                                      \
      intptr_t end = (o + 1) * index_count < u1 ? (o + 1) * index_count : u1;                                 \
      const T *xo = x + o * axis;                                                                             \
      T *yo = y + o * index_count;                                                                            \
      for (; u < end; u++, j++) yo[j] = xo[indices[j]];                                                       \
    }                                                                                                         \
  }

#define STAMP_GATHERS(SUFFIX, ATTR)                                                                           \
  DEFINE_GATHER(gather_u8, uint8_t, SUFFIX, ATTR)                                                             \
  DEFINE_GATHER(gather_u32, uint32_t, SUFFIX, ATTR)                                                           \
  DEFINE_GATHER(gather_u64, uint64_t, SUFFIX, ATTR)

OLK_STAMP_BOTH(STAMP_GATHERS)

void olk_gather(size_t element_size, const void *x, intptr_t axis, intptr_t inner, const int64_t *indices,
                intptr_t index_count, void *y, intptr_t u0, intptr_t u1) {
  if (inner == 1) {
    switch (element_size) {
    case 1: OLK_PICK(gather_u8)(x, axis, indices, index_count, y, u0, u1); return;
    case 4: OLK_PICK(gather_u32)(x, axis, indices, index_count, y, u0, u1); return;
    case 8: OLK_PICK(gather_u64)(x, axis, indices, index_count, y, u0, u1); return;
    default: break;
    }
  }
  size_t row_bytes = element_size * (size_t)inner;
  for (intptr_t u = u0; u < u1; u++) {
    intptr_t o = u / index_count, j = u % index_count;
    memcpy((char *)y + (size_t)u * row_bytes, (const char *)x + (size_t)(o * axis + indices[j]) * row_bytes,
           row_bytes);
  }
}

// Copies of matrices whose rows are scattered and whose columns are adjacent in memory (the
// transpose of a contiguous matrix, a permutation that moves the last axis), block by block: a
// 16 × 16 block reads 16 input lines and writes 16 output lines, all of which stay in the L1
// cache, where an element-by-element walk along the output touches a new input line per element.

#include "olympus_elementwise.h"

/// Elements per side of a block.
#define BLOCK 16

#define OLK_COPY_BLOCKS(T)                                                                         \
  do {                                                                                             \
    const T *xp = (const T *)x;                                                                    \
    T *yp = (T *)y;                                                                                \
    for (intptr_t j0 = 0; j0 < columns; j0 += BLOCK) {                                             \
      intptr_t j1 = j0 + BLOCK < columns ? j0 + BLOCK : columns;                                   \
      for (intptr_t i0 = 0; i0 < rows; i0 += BLOCK) {                                              \
        intptr_t i1 = i0 + BLOCK < rows ? i0 + BLOCK : rows;                                       \
        for (intptr_t i = i0; i < i1; i++) {                                                       \
          const T *from = xp + i * x_row_stride;                                                   \
          T *to = yp + i * y_row_stride;                                                           \
          for (intptr_t j = j0; j < j1; j++) to[j] = from[j * x_column_stride];                    \
        }                                                                                          \
      }                                                                                            \
    }                                                                                              \
  } while (0)

int olk_copy_transposed(size_t element_size, const void *x, intptr_t x_row_stride, intptr_t x_column_stride,
                        void *y, intptr_t y_row_stride, intptr_t rows, intptr_t columns) {
  switch (element_size) {
    case 1: OLK_COPY_BLOCKS(uint8_t); return 0;
    case 4: OLK_COPY_BLOCKS(uint32_t); return 0;
    case 8: OLK_COPY_BLOCKS(uint64_t); return 0;
    default: return -1;
  }
}

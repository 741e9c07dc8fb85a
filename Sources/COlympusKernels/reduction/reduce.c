// Sum, product, maximum and minimum along one axis.
//
// Every reduction follows one fixed pairwise tree, so its result depends only on the data, never on how
// the caller splits the work into blocks or threads:
// - Contiguous rows (x_row == 1): a run of n > OLK_REDUCE_LEAF elements splits into its first h elements,
//   h the largest power of two below n, and the rest; both halves reduce the same way and combine. A leaf
//   of n <= OLK_REDUCE_LEAF elements folds element i into lane i % 16 of 16 lanes that start at the
//   identity, then combines lane j with lane j + w for w = 8, 4, 2, 1 and returns lane 0.
// - Columns (x_row != 1): the same split over rows, with leaves of at most OLK_REDUCE_LEAF_ROWS rows that
//   fold their rows into each column in order, starting at the identity.
// Float sums and products accumulate in float64. For a float64 sum of n elements this bounds the error by
// (n_leaf/16 + 3 + ceil(log2(n / n_leaf))) * 2^-53 * sum|x| to first order (n_leaf/16 = 128 for contiguous
// rows, n_leaf = 32 for columns); a float32 sum adds one final rounding to float32 (2^-24 |sum|).

#include "reduction_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { LANES = 16, TILE = 256 };

typedef void (*contiguous_fn)(const void *x, intptr_t n, void *acc);
typedef void (*columns_fn)(const void *x, intptr_t row, intptr_t rows, intptr_t leaf, intptr_t width,
                           void *acc, void *scratch);

// The leaf of a contiguous tree: 16 lanes starting at IDENTITY, element i folds into lane i % 16.
#define DEFINE_LEAF(NAME, IN, ACC, IDENTITY, OP, ATTR)                                                        \
  ATTR static ACC NAME(const IN *x, intptr_t n) {                                                             \
    ACC lane[LANES];                                                                                          \
    for (int j = 0; j < LANES; j++) lane[j] = IDENTITY;                                                       \
    intptr_t i = 0;                                                                                           \
    for (; i + LANES <= n; i += LANES)                                                                        \
      for (int j = 0; j < LANES; j++) lane[j] = OP(lane[j], (ACC)x[i + j]);                                   \
    for (int j = 0; i + j < n; j++) lane[j] = OP(lane[j], (ACC)x[i + j]);                                     \
    for (int w = LANES / 2; w >= 1; w /= 2)                                                                   \
      for (int j = 0; j < w; j++) lane[j] = OP(lane[j], lane[j + w]);                                        \
    return lane[0];                                                                                           \
  }

// One op on one element type, whose contiguous leaves are LEAF: IN elements fold into an ACC accumulator.
#define DEFINE_TREES(NAME, LEAF, IN, ACC, IDENTITY, OP, SUFFIX, ATTR)                                         \
  ATTR static ACC NAME##_tree_##SUFFIX(const IN *x, intptr_t n) {                                            \
    if (n <= OLK_REDUCE_LEAF) return LEAF(x, n);                                                              \
    intptr_t h = olk_tree_split(n);                                                                           \
    ACC left = NAME##_tree_##SUFFIX(x, h);                                                                    \
    ACC right = NAME##_tree_##SUFFIX(x + h, n - h);                                                           \
    return OP(left, right);                                                                                   \
  }                                                                                                           \
  ATTR static void NAME##_contiguous_##SUFFIX(const void *x, intptr_t n, void *acc) {                        \
    *(ACC *)acc = NAME##_tree_##SUFFIX((const IN *)x, n);                                                     \
  }                                                                                                           \
  /* acc[i] = op over the rows of column i; scratch holds one tile per tree level below this one. */         \
  ATTR static void NAME##_columns_##SUFFIX(const void *xv, intptr_t row, intptr_t rows, intptr_t leaf,        \
                                           intptr_t width, void *accv, void *scratchv) {                      \
    const IN *x = (const IN *)xv;                                                                             \
    ACC *acc = (ACC *)accv, *scratch = (ACC *)scratchv;                                                       \
    if (rows <= leaf) {                                                                                       \
      for (intptr_t i = 0; i < width; i++) acc[i] = IDENTITY;                                                 \
      for (intptr_t k = 0; k < rows; k++) {                                                                   \
        const IN *r = x + k * row;                                                                            \
        for (intptr_t i = 0; i < width; i++) acc[i] = OP(acc[i], (ACC)r[i]);                                  \
      }                                                                                                       \
      return;                                                                                                 \
    }                                                                                                         \
    intptr_t h = olk_tree_split(rows);                                                                        \
    NAME##_columns_##SUFFIX(x, row, h, leaf, width, acc, scratch);                                            \
    NAME##_columns_##SUFFIX(x + h * row, row, rows - h, leaf, width, scratch, scratch + TILE);                \
    for (intptr_t i = 0; i < width; i++) acc[i] = OP(acc[i], scratch[i]);                                     \
  }

// A family with the portable leaf.
#define DEFINE_FAMILY(NAME, IN, ACC, IDENTITY, OP, SUFFIX, ATTR)                                              \
  DEFINE_LEAF(NAME##_leaf_##SUFFIX, IN, ACC, IDENTITY, OP, ATTR)                                              \
  DEFINE_TREES(NAME, NAME##_leaf_##SUFFIX, IN, ACC, IDENTITY, OP, SUFFIX, ATTR)

// Float sum, maximum and minimum: the AVX2 copy uses the hand-written leaves of reduce_avx2.c.
#define VECTOR_FAMILY_portable(NAME, IN, ACC, IDENTITY, OP, ATTR)                                             \
  DEFINE_FAMILY(NAME, IN, ACC, IDENTITY, OP, portable, ATTR)
#define VECTOR_FAMILY_avx2(NAME, IN, ACC, IDENTITY, OP, ATTR)                                                 \
  DEFINE_TREES(NAME, olk_##NAME##_leaf_avx2, IN, ACC, IDENTITY, OP, avx2, ATTR)

#define STAMP_FAMILIES(SUFFIX, ATTR)                                                                          \
  VECTOR_FAMILY_##SUFFIX(sum_f32, float, double, 0.0, OLK_OP_SUM, ATTR)                                       \
  VECTOR_FAMILY_##SUFFIX(sum_f64, double, double, 0.0, OLK_OP_SUM, ATTR)                                      \
  DEFINE_FAMILY(sum_i32, int32_t, uint32_t, 0, OLK_OP_SUM, SUFFIX, ATTR)                                      \
  DEFINE_FAMILY(sum_i64, int64_t, uint64_t, 0, OLK_OP_SUM, SUFFIX, ATTR)                                      \
  DEFINE_FAMILY(product_f32, float, double, 1.0, OLK_OP_PRODUCT, SUFFIX, ATTR)                                \
  DEFINE_FAMILY(product_f64, double, double, 1.0, OLK_OP_PRODUCT, SUFFIX, ATTR)                               \
  DEFINE_FAMILY(product_i32, int32_t, uint32_t, 1, OLK_OP_PRODUCT, SUFFIX, ATTR)                              \
  DEFINE_FAMILY(product_i64, int64_t, uint64_t, 1, OLK_OP_PRODUCT, SUFFIX, ATTR)                              \
  VECTOR_FAMILY_##SUFFIX(maximum_f32, float, float, -INFINITY, OLK_OP_MAXF, ATTR)                             \
  VECTOR_FAMILY_##SUFFIX(maximum_f64, double, double, -INFINITY, OLK_OP_MAXF, ATTR)                           \
  DEFINE_FAMILY(maximum_i32, int32_t, int32_t, INT32_MIN, OLK_OP_MAXI, SUFFIX, ATTR)                          \
  DEFINE_FAMILY(maximum_i64, int64_t, int64_t, INT64_MIN, OLK_OP_MAXI, SUFFIX, ATTR)                          \
  DEFINE_FAMILY(maximum_bool, uint8_t, uint8_t, 0, OLK_OP_MAXI, SUFFIX, ATTR)                                 \
  VECTOR_FAMILY_##SUFFIX(minimum_f32, float, float, INFINITY, OLK_OP_MINF, ATTR)                              \
  VECTOR_FAMILY_##SUFFIX(minimum_f64, double, double, INFINITY, OLK_OP_MINF, ATTR)                            \
  DEFINE_FAMILY(minimum_i32, int32_t, int32_t, INT32_MAX, OLK_OP_MINI, SUFFIX, ATTR)                          \
  DEFINE_FAMILY(minimum_i64, int64_t, int64_t, INT64_MAX, OLK_OP_MINI, SUFFIX, ATTR)                          \
  DEFINE_FAMILY(minimum_bool, uint8_t, uint8_t, 1, OLK_OP_MINI, SUFFIX, ATTR)

OLK_STAMP_BOTH(STAMP_FAMILIES)

typedef struct {
  contiguous_fn contiguous;
  columns_fn columns;
  olk_dtype accumulator;
} family;

#define FAMILY(NAME, ACC_DTYPE) \
  (family) { OLK_PICK(NAME##_contiguous), OLK_PICK(NAME##_columns), ACC_DTYPE }

/// The kernels for op on dtype, or a family with null functions when op is not defined for dtype.
static family find_family(olk_reduce_op op, olk_dtype dtype) {
  switch (op * 8 + dtype) {
  case OLK_REDUCE_SUM * 8 + OLK_F32: return FAMILY(sum_f32, OLK_F64);
  case OLK_REDUCE_SUM * 8 + OLK_F64: return FAMILY(sum_f64, OLK_F64);
  case OLK_REDUCE_SUM * 8 + OLK_I32: return FAMILY(sum_i32, OLK_I32);
  case OLK_REDUCE_SUM * 8 + OLK_I64: return FAMILY(sum_i64, OLK_I64);
  case OLK_REDUCE_PRODUCT * 8 + OLK_F32: return FAMILY(product_f32, OLK_F64);
  case OLK_REDUCE_PRODUCT * 8 + OLK_F64: return FAMILY(product_f64, OLK_F64);
  case OLK_REDUCE_PRODUCT * 8 + OLK_I32: return FAMILY(product_i32, OLK_I32);
  case OLK_REDUCE_PRODUCT * 8 + OLK_I64: return FAMILY(product_i64, OLK_I64);
  case OLK_REDUCE_MAXIMUM * 8 + OLK_F32: return FAMILY(maximum_f32, OLK_F32);
  case OLK_REDUCE_MAXIMUM * 8 + OLK_F64: return FAMILY(maximum_f64, OLK_F64);
  case OLK_REDUCE_MAXIMUM * 8 + OLK_I32: return FAMILY(maximum_i32, OLK_I32);
  case OLK_REDUCE_MAXIMUM * 8 + OLK_I64: return FAMILY(maximum_i64, OLK_I64);
  case OLK_REDUCE_MAXIMUM * 8 + OLK_BOOL: return FAMILY(maximum_bool, OLK_BOOL);
  case OLK_REDUCE_MINIMUM * 8 + OLK_F32: return FAMILY(minimum_f32, OLK_F32);
  case OLK_REDUCE_MINIMUM * 8 + OLK_F64: return FAMILY(minimum_f64, OLK_F64);
  case OLK_REDUCE_MINIMUM * 8 + OLK_I32: return FAMILY(minimum_i32, OLK_I32);
  case OLK_REDUCE_MINIMUM * 8 + OLK_I64: return FAMILY(minimum_i64, OLK_I64);
  case OLK_REDUCE_MINIMUM * 8 + OLK_BOOL: return FAMILY(minimum_bool, OLK_BOOL);
  default: return (family){NULL, NULL, OLK_F64};
  }
}

int olk_reduce_accumulator(olk_reduce_op op, olk_dtype dtype) {
  family f = find_family(op, dtype);
  return f.contiguous ? (int)f.accumulator : -1;
}

/// Stores n accumulators of type `from` as type `to`: a copy, or float64 rounded to float32.
static void store(olk_dtype from, const void *acc, olk_dtype to, void *y, intptr_t n) {
  if (from == OLK_F64 && to == OLK_F32) {
    for (intptr_t i = 0; i < n; i++) ((float *)y)[i] = (float)((const double *)acc)[i];
  } else {
    memcpy(y, acc, (size_t)n * olk_dtype_size(to));
  }
}

/// Column reductions of an [outer, rows, width] slab in tiles of TILE columns, with tree leaves of
/// `leaf` rows; x has f's input type, y receives `out`.
static int reduce_columns(family f, size_t in_size, const char *x, intptr_t x_outer, intptr_t x_row,
                          intptr_t outer, intptr_t rows, intptr_t leaf, intptr_t width, char *y,
                          intptr_t y_outer, olk_dtype out) {
  int depth = olk_tree_depth(rows, leaf);
  double *scratch = malloc(sizeof(double) * TILE * (size_t)(depth + 1));
  if (scratch == NULL) return -1;
  size_t out_size = olk_dtype_size(out);
  for (intptr_t o = 0; o < outer; o++) {
    for (intptr_t i = 0; i < width; i += TILE) {
      intptr_t w = width - i < TILE ? width - i : TILE;
      f.columns(x + (size_t)(o * x_outer + i) * in_size, x_row, rows, leaf, w, scratch, scratch + TILE);
      store(f.accumulator, scratch, out, y + (size_t)(o * y_outer + i) * out_size, w);
    }
  }
  free(scratch);
  return 0;
}

int olk_reduce(olk_reduce_op op, olk_dtype dtype, const void *x, intptr_t x_outer, intptr_t x_row,
               intptr_t outer, intptr_t count, intptr_t width, void *y, intptr_t y_outer, int to_accumulator) {
  family f = find_family(op, dtype);
  if (f.contiguous == NULL) return -1;
  olk_dtype out = to_accumulator ? f.accumulator : dtype;
  size_t in_size = olk_dtype_size(dtype), out_size = olk_dtype_size(out);
  if (x_row != 1) {
    return reduce_columns(f, in_size, x, x_outer, x_row, outer, count, OLK_REDUCE_LEAF_ROWS, width, y,
                          y_outer, out);
  }
  for (intptr_t o = 0; o < outer; o++) {
    double acc; // large enough for every accumulator type
    f.contiguous((const char *)x + (size_t)(o * x_outer) * in_size, count, &acc);
    store(f.accumulator, &acc, out, (char *)y + (size_t)(o * y_outer) * out_size, 1);
  }
  return 0;
}

int olk_reduce_partials(olk_reduce_op op, olk_dtype dtype, const void *partials, intptr_t outer,
                        intptr_t blocks, intptr_t inner, void *y) {
  family f = find_family(op, dtype);
  if (f.contiguous == NULL) return -1;
  // The partials are accumulators, so they fold with the accumulator type's own family; leaves of one
  // row continue the tree above the blocks.
  family g = find_family(op, f.accumulator);
  return reduce_columns(g, olk_dtype_size(f.accumulator), partials, blocks * inner, inner, outer, blocks, 1,
                        inner, y, inner, dtype);
}

int olk_reduce_contiguous(olk_reduce_op op, olk_dtype dtype, const void *x, intptr_t n, void *acc) {
  family f = find_family(op, dtype);
  if (f.contiguous == NULL) return -1;
  f.contiguous(x, n, acc);
  return 0;
}

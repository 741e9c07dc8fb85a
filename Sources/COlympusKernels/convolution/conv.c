// Convolution as GEMMs over gathered blocks of columns (im2col one block at a time).
//
// Work items are (image, group, block of output positions); each thread gathers the block's
// columns into its own reused buffer and multiplies them with the group's filter on the calling
// thread (`olk_gemm_serial`), so the columns of the whole batch never exist at once.
//
// Convolutions with stride 1 and no input dilation usually take the implicit GEMMs of
// conv_shifted.c and conv_shifted_transposed.c instead, which need no gather, and full
// convolutions (input gradients) the adjoint form of conv_scatter.c. Otherwise two orientations,
// chosen by shape:
//  - positions as GEMM columns (the usual case): work items are (image, group, block of output
//    positions); columns[k][j] for tap k = (c, t0, t1, t2) and position j of the block,
//    C = filter[O × K] · columns[K × block], written straight into the output rows. Blocks are
//    sized to stay in the L2 cache next to the packed GEMM operands.
//  - positions as GEMM rows, for few output positions and many taps (a filter gradient seen as a
//    convolution: 3×3 outputs, 24×24 "kernel", the images as input channels): the rows of every
//    image of the batch and every position, rows[(n, j)][k], gathered along the kernel's last axis
//    (long contiguous runs), times filterᵀ. The reduction over input channels is split into work
//    items (group, block of input channels); each thread adds its partial products
//    [N·P × O] into its own accumulator, and the accumulators are summed and transposed into the
//    output at the end. The filter is packed once in all, and the GEMM is N·P × O rather than
//    O × P (the micro-tile is 6 × 64 with AVX-512: a product 64 × 9 would fill 9 of 64 columns).

#include "conv_internal.h"
#include "olympus_parallel.h"
#include "../linalg/gemm_internal.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const olk_conv_problem *p;
  intptr_t positions; // output positions per image (P)
  intptr_t depth;     // taps per output (K = in_channels · kernel volume)
  intptr_t block;     // output positions (input channels when transposed) per work item
  intptr_t blocks;    // blocks per (image, group), or per group when transposed
  intptr_t items;
  int transposed;
  void *accumulators; // transposed: one [groups, batch·P, O] block per task
  _Atomic intptr_t next;
} conv_plan;

#define DEFINE_CONV(T, SUFFIX)                                                                             \
  /* columns[k][j], k < K, j < count, for positions first, first + 1, ... of one image and group. */      \
  static void gather_columns_##SUFFIX(const olk_conv_problem *p, const T *image, intptr_t first,           \
                                      intptr_t count, T *columns) {                                        \
    const intptr_t *in = p->in_size, *kr = p->kernel, *out = p->out_size;                                 \
    const intptr_t *s = p->stride, *lo = p->pad_lo, *l = p->in_dilation, *d = p->kernel_dilation;         \
    intptr_t plane = in[0] * in[1] * in[2];                                                                \
    intptr_t first2 = first % out[2], first1 = first / out[2] % out[1], first0 = first / out[2] / out[1];  \
    T *dst = columns;                                                                                      \
    for (intptr_t c = 0; c < p->in_channels; c++) {                                                        \
      const T *channel = image + c * plane;                                                                \
      for (intptr_t t0 = 0; t0 < kr[0]; t0++)                                                              \
        for (intptr_t t1 = 0; t1 < kr[1]; t1++)                                                            \
          for (intptr_t t2 = 0; t2 < kr[2]; t2++, dst += count) {                                          \
            intptr_t q2 = first2, q1 = first1, q0 = first0;                                                \
            for (intptr_t j = 0; j < count;) {                                                             \
              intptr_t run = out[2] - q2 < count - j ? out[2] - q2 : count - j;                            \
              intptr_t i0, i1;                                                                             \
              if (input_index(q0 * s[0] + t0 * d[0] - lo[0], l[0], in[0], &i0) &&                          \
                  input_index(q1 * s[1] + t1 * d[1] - lo[1], l[1], in[1], &i1)) {                          \
                gather_run_##SUFFIX(dst + j, channel + (i0 * in[1] + i1) * in[2], run,                     \
                                    q2 * s[2] + t2 * d[2] - lo[2], s[2], l[2], in[2]);                     \
              } else {                                                                                     \
                memset(dst + j, 0, sizeof(T) * (size_t)run);                                               \
              }                                                                                            \
              j += run;                                                                                    \
              q2 = 0;                                                                                      \
              if (++q1 == out[1]) { q1 = 0; q0++; }                                                        \
            }                                                                                              \
          }                                                                                                \
    }                                                                                                      \
  }                                                                                                        \
                                                                                                           \
  /* rows[j][k] for every position j of one image, taps k of channels [c0, c0 + count) only; rows are */  \
  /* `width` long. */                                                                                      \
  static void gather_rows_##SUFFIX(const olk_conv_problem *p, const T *image, intptr_t c0, intptr_t count, \
                                   intptr_t width, T *rows) {                                              \
    const intptr_t *in = p->in_size, *kr = p->kernel, *out = p->out_size;                                 \
    const intptr_t *s = p->stride, *lo = p->pad_lo, *l = p->in_dilation, *d = p->kernel_dilation;         \
    intptr_t plane = in[0] * in[1] * in[2];                                                                \
    T *row = rows;                                                                                         \
    for (intptr_t q0 = 0; q0 < out[0]; q0++)                                                               \
      for (intptr_t q1 = 0; q1 < out[1]; q1++)                                                             \
        for (intptr_t q2 = 0; q2 < out[2]; q2++, row += width) {                                           \
          T *dst = row;                                                                                    \
          for (intptr_t c = c0; c < c0 + count; c++) {                                                     \
            const T *channel = image + c * plane;                                                          \
            for (intptr_t t0 = 0; t0 < kr[0]; t0++)                                                        \
              for (intptr_t t1 = 0; t1 < kr[1]; t1++, dst += kr[2]) {                                      \
                intptr_t i0, i1;                                                                           \
                if (input_index(q0 * s[0] + t0 * d[0] - lo[0], l[0], in[0], &i0) &&                        \
                    input_index(q1 * s[1] + t1 * d[1] - lo[1], l[1], in[1], &i1)) {                        \
                  gather_run_##SUFFIX(dst, channel + (i0 * in[1] + i1) * in[2], kr[2], q2 * s[2] - lo[2],  \
                                      d[2], l[2], in[2]);                                                  \
                } else {                                                                                   \
                  memset(dst, 0, sizeof(T) * (size_t)kr[2]);                                               \
                }                                                                                          \
              }                                                                                            \
          }                                                                                                \
        }                                                                                                  \
  }                                                                                                        \
                                                                                                           \
  static void run_item_##SUFFIX(const conv_plan *plan, intptr_t item, intptr_t task) {                     \
    const olk_conv_problem *p = plan->p;                                                                   \
    intptr_t in_plane = p->in_size[0] * p->in_size[1] * p->in_size[2];                                     \
    olk_gemm_problem gemm = {.dtype = p->dtype};                                                           \
    if (!plan->transposed) {                                                                               \
      intptr_t image_group = item / plan->blocks, first = item % plan->blocks * plan->block;               \
      intptr_t n = image_group / p->groups, g = image_group % p->groups;                                   \
      intptr_t count = plan->positions - first < plan->block ? plan->positions - first : plan->block;      \
      const T *image = (const T *)p->input + (n * p->groups + g) * p->in_channels * in_plane;              \
      T *columns = olk_gemm_operand_workspace(sizeof(T) * (size_t)(plan->depth * count + 1));              \
      gather_columns_##SUFFIX(p, image, first, count, columns);                                            \
      gemm.m = p->out_channels, gemm.n = count, gemm.k = plan->depth;                                      \
      gemm.a = (const T *)p->filter + g * p->out_channels * plan->depth, gemm.lda = plan->depth;           \
      gemm.b = columns, gemm.ldb = count;                                                                  \
      gemm.c = (T *)p->output + (n * p->groups + g) * p->out_channels * plan->positions + first;           \
      gemm.ldc = plan->positions;                                                                          \
      olk_gemm_prepare(&gemm);                                                                             \
      olk_gemm_serial(&gemm);                                                                              \
      return;                                                                                              \
    }                                                                                                      \
    intptr_t g = item / plan->blocks, c0 = item % plan->blocks * plan->block;                              \
    intptr_t count = p->in_channels - c0 < plan->block ? p->in_channels - c0 : plan->block;                \
    intptr_t taps = plan->depth / (p->in_channels > 0 ? p->in_channels : 1), width = count * taps;         \
    intptr_t rows_total = p->batch * plan->positions;                                                      \
    size_t row_elements = (size_t)(rows_total * width), product_elements = (size_t)(rows_total * p->out_channels); \
    T *rows = olk_gemm_operand_workspace(sizeof(T) * (row_elements + product_elements + 1));              \
    T *product = rows + row_elements;                                                                      \
    for (intptr_t n = 0; n < p->batch; n++) {                                                              \
      const T *image = (const T *)p->input + (n * p->groups + g) * p->in_channels * in_plane;              \
      gather_rows_##SUFFIX(p, image, c0, count, width, rows + n * plan->positions * width);                \
    }                                                                                                      \
    gemm.trans_b = 1;                                                                                      \
    gemm.m = rows_total, gemm.n = p->out_channels, gemm.k = width;                                         \
    gemm.a = rows, gemm.lda = width;                                                                       \
    gemm.b = (const T *)p->filter + g * p->out_channels * plan->depth + c0 * taps, gemm.ldb = plan->depth; \
    gemm.c = product, gemm.ldc = p->out_channels;                                                          \
    olk_gemm_prepare(&gemm);                                                                               \
    olk_gemm_serial(&gemm);                                                                                \
    T *sum = (T *)plan->accumulators + ((size_t)task * (size_t)p->groups + (size_t)g) * product_elements;  \
    for (size_t i = 0; i < product_elements; i++) sum[i] += product[i];                                    \
  }                                                                                                        \
                                                                                                           \
  static void sum_accumulators_##SUFFIX(const olk_conv_problem *p, intptr_t positions, const T *sums,       \
                                        intptr_t tasks) {                                                  \
    intptr_t per_group = p->batch * positions * p->out_channels;                                           \
    T *output = p->output;                                                                                 \
    for (intptr_t g = 0; g < p->groups; g++)                                                               \
      for (intptr_t n = 0; n < p->batch; n++)                                                              \
        for (intptr_t o = 0; o < p->out_channels; o++)                                                     \
          for (intptr_t j = 0; j < positions; j++) {                                                       \
            T total = 0;                                                                                   \
            for (intptr_t t = 0; t < tasks; t++)                                                           \
              total += sums[(t * p->groups + g) * per_group + (n * positions + j) * p->out_channels + o];  \
            output[((n * p->groups + g) * p->out_channels + o) * positions + j] = total;                   \
          }                                                                                                \
  }

DEFINE_CONV(float, f32)
DEFINE_CONV(double, f64)

void olk_conv_sum_accumulators(const olk_conv_problem *p, intptr_t positions, const void *accumulators, intptr_t tasks) {
  if (p->dtype == OLK_F64) {
    sum_accumulators_f64(p, positions, accumulators, tasks);
  } else {
    sum_accumulators_f32(p, positions, accumulators, tasks);
  }
}

static void conv_task(void *context, intptr_t task) {
  conv_plan *plan = context;
  for (;;) {
    intptr_t item = atomic_fetch_add_explicit(&plan->next, 1, memory_order_relaxed);
    if (item >= plan->items) return;
    if (plan->p->dtype == OLK_F64) {
      run_item_f64(plan, item, task);
    } else {
      run_item_f32(plan, item, task);
    }
  }
}

/// Whether axis strides `strides` of [outer, inner] blocks of `block` elements are the contiguous
/// ones (an axis of extent 1 matches any stride).
static int contiguous_blocks(const intptr_t strides[2], intptr_t outer, intptr_t inner, intptr_t block) {
  return (outer <= 1 || strides[0] == inner * block) && (inner <= 1 || strides[1] == block);
}

/// A contiguous copy [outer, inner, block] of blocks of `block` elements at src + i·strides[0] +
/// j·strides[1]; the caller frees it.
static void *contiguous_copy(const void *src, const intptr_t strides[2], intptr_t outer, intptr_t inner,
                             intptr_t block, size_t element) {
  char *dst = malloc(element * (size_t)(outer * inner * block + 1));
  if (dst == NULL) abort();
  for (intptr_t i = 0; i < outer; i++)
    for (intptr_t j = 0; j < inner; j++)
      memcpy(dst + (size_t)((i * inner + j) * block) * element,
             (const char *)src + (i * strides[0] + j * strides[1]) * (intptr_t)element, element * (size_t)block);
  return dst;
}

void olk_conv(const olk_conv_problem *p, int threads) {
  intptr_t positions = p->out_size[0] * p->out_size[1] * p->out_size[2];
  if (p->batch == 0 || p->groups == 0 || p->out_channels == 0 || positions == 0) return;
  conv_plan plan = {.p = p, .positions = positions};
  plan.depth = p->in_channels * p->kernel[0] * p->kernel[1] * p->kernel[2];
  size_t element = p->dtype == OLK_F64 ? sizeof(double) : sizeof(float);
  // Few positions, more filters than positions: positions as GEMM rows (see the top of the file).
  plan.transposed = positions < GEMM_NR_F32_AVX512 && p->out_channels > positions && p->in_channels > 0;
  // Stride 1 without input dilation: rows of the input are shifted runs of one GEMM operand. The
  // orientation with positions as rows reads strided operands in place (a filter gradient's
  // operands are views with the image and channel axes exchanged); the others copy them.
  if (plan.transposed && olk_conv_shifted_transposed(p, threads)) return;
  intptr_t plane = p->in_size[0] * p->in_size[1] * p->in_size[2];
  intptr_t taps = p->kernel[0] * p->kernel[1] * p->kernel[2];
  if (p->in_channels > 0 &&
      !(contiguous_blocks(p->input_strides, p->batch, p->groups * p->in_channels, plane) &&
        contiguous_blocks(p->filter_strides, p->groups * p->out_channels, p->in_channels, taps))) {
    olk_conv_problem dense = *p;
    dense.input =
        contiguous_copy(p->input, p->input_strides, p->batch, p->groups * p->in_channels, plane, element);
    dense.filter =
        contiguous_copy(p->filter, p->filter_strides, p->groups * p->out_channels, p->in_channels, taps, element);
    dense.input_strides[0] = p->groups * p->in_channels * plane, dense.input_strides[1] = plane;
    dense.filter_strides[0] = p->in_channels * taps, dense.filter_strides[1] = taps;
    olk_conv(&dense, threads);
    free((void *)dense.input);
    free((void *)dense.filter);
    return;
  }
  if (!plan.transposed && (olk_conv_scatter(p, threads) || olk_conv_shifted(p, threads))) return;
  if (plan.transposed) {
    intptr_t fit = (intptr_t)(4 * CONV_BLOCK_BYTES / (element * (size_t)(p->batch * positions * taps)));
    plan.block = fit < 1 ? 1 : fit > p->in_channels ? p->in_channels : fit;
    plan.blocks = divide_up(p->in_channels, plan.block);
    plan.items = p->groups * plan.blocks;
  } else {
    intptr_t fit = (intptr_t)(CONV_BLOCK_BYTES / (element * (size_t)(plan.depth > 0 ? plan.depth : 1)));
    intptr_t block = fit / GEMM_NR_F32_AVX512 * GEMM_NR_F32_AVX512;
    plan.block = block < GEMM_NR_F32_AVX512 ? GEMM_NR_F32_AVX512 : block;
    if (plan.block > positions) plan.block = positions;
    plan.blocks = divide_up(positions, plan.block);
    plan.items = p->batch * p->groups * plan.blocks;
  }
  atomic_init(&plan.next, 0);
  intptr_t tasks = threads < plan.items ? threads : plan.items;
  if (plan.transposed) {
    plan.accumulators = calloc((size_t)(tasks * p->groups * p->batch * positions * p->out_channels), element);
    if (plan.accumulators == NULL) abort();
  }
  olk_parallel_run(tasks, threads, conv_task, &plan);
  if (plan.transposed) {
    olk_conv_sum_accumulators(p, positions, plan.accumulators, tasks);
    free(plan.accumulators);
  }
}

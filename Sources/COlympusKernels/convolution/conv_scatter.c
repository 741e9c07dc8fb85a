// Full convolutions — stride 1, no input dilation, padding dilated(kernel) − 1 on both sides of
// every axis, as the input gradient of an unpadded convolution is — as the adjoint of the
// shifted-rows GEMM of conv_shifted.c (im2col's adjoint, col2im, without its gather).
//
// With s the mirrored tap (kernel − 1 − t per axis), the convolution is
//
//     output[c][y + s·d] += Σ_i filter[c, i, mirror(s)] · input[i][y]
//
// for every input position y. Laying the input's positions out on the output's grid (column
// j = (y0·out1 + y1)·out2 + y2, zero in the columns between the input's rows), one GEMM gives
// product[(c, s)][j] = Σ_i filter[c, i, mirror(s)] · input[i][j] for all c and s at once (m =
// out_channels · taps rows, k = in_channels), and row (c, s) of the product is added to output
// channel c shifted by the grid offset of s·d: contiguous runs, no index arithmetic. The GEMM does
// out_channels · taps · in_channels multiply-adds per input position, where the shifted-rows form
// does as many per output position, and packs the input once instead of once per tap.
//
// The mirrored filter is packed once per call as A. Work items are (image, group): each zeroes its
// output image and adds the products of its blocks of columns into it.

#include "conv_internal.h"
#include "olympus_parallel.h"
#include "../linalg/gemm_internal.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/// Fewest input channels (the GEMM's depth) for this path: each product element is a sum of at
/// least this many products before it is added into the output, which costs about as much as a
/// few multiply-adds.
#define SCATTER_MIN_DEPTH 32

typedef struct {
  const olk_conv_problem *p;
  olk_gemm_problem gemm;  // prepared; m = out_channels · taps, k = in_channels, n = block
  intptr_t taps;
  intptr_t columns;       // the input's positions on the output's grid: last one's column + 1
  intptr_t out_plane;     // output positions per channel
  intptr_t block, rows;   // columns per block; GEMM rows rounded up to the micro-tile
  intptr_t *offsets;      // grid offset of s·d for every mirrored tap s
  void *packed_filter;    // per group: `rows` rows of A in panels, one k slice after another
  _Atomic intptr_t next;
} scatter_plan;

#define DEFINE_SCATTER(T, SUFFIX)                                                                          \
  /* A[(c, s), i] = filter[g·O + c, i, taps − 1 − s] for every group, k slice after k slice, in          \
     `mr`-row panels (the layout of the GEMM's own A packing), rows past m zero. */                       \
  static void pack_mirrored_filter_##SUFFIX(const scatter_plan *plan) {                                    \
    const olk_conv_problem *p = plan->p;                                                                   \
    intptr_t mr = plan->gemm.mr, kc = plan->gemm.kc, m = plan->gemm.m, depth = p->in_channels;            \
    for (intptr_t g = 0; g < p->groups; g++) {                                                             \
      T *dst = (T *)plan->packed_filter + g * plan->rows * depth;                                         \
      for (intptr_t pc = 0; pc < depth; pc += kc) {                                                        \
        intptr_t steps = min_intptr(kc, depth - pc);                                                       \
        for (intptr_t r0 = 0; r0 < plan->rows; r0 += mr)                                                   \
          for (intptr_t i = pc; i < pc + steps; i++)                                                       \
            for (intptr_t r = r0; r < r0 + mr; r++) {                                                      \
              intptr_t c = r / plan->taps, s = r % plan->taps;                                            \
              *dst++ = r < m ? ((const T *)p->filter)[(g * p->out_channels + c) * p->filter_strides[0] +   \
                                                      i * p->filter_strides[1] + plan->taps - 1 - s]        \
                             : (T)0;                                                                       \
            }                                                                                              \
      }                                                                                                    \
    }                                                                                                      \
  }                                                                                                        \
                                                                                                           \
  /* B for columns [first, first + count): input[i] on the output's grid, zero between its rows, k      \
     slice after k slice of `nr`-column panels; `line` is scratch of round_up(count, nr) elements. */      \
  static void pack_grid_block_##SUFFIX(const scatter_plan *plan, const T *image, intptr_t first,           \
                                       intptr_t count, T *line, T *packed) {                               \
    const olk_conv_problem *p = plan->p;                                                                   \
    const intptr_t *in = p->in_size, *grid = p->out_size;                                                 \
    intptr_t nr = plan->gemm.nr, kc = plan->gemm.kc, panels = divide_up(count, nr);                       \
    memset(line, 0, sizeof(T) * (size_t)(panels * nr));                                                   \
    for (intptr_t i = 0; i < p->in_channels; i++) {                                                        \
      const T *channel = image + i * p->input_strides[1];                                                 \
      for (intptr_t j = first; j < first + count;) {                                                       \
        intptr_t row = j / grid[2], x = j % grid[2];                                                       \
        intptr_t end = row * grid[2] + grid[2] < first + count ? row * grid[2] + grid[2] : first + count;  \
        intptr_t y0 = row / grid[1], y1 = row % grid[1];                                                   \
        intptr_t valid = y1 < in[1] && x < in[2] ? min_intptr(end, row * grid[2] + in[2]) - j : 0;         \
        const T *source = channel + (y0 * in[1] + y1) * in[2] + x;                                         \
        for (intptr_t u = 0; u < valid; u++) line[j - first + u] = source[u];                              \
        for (intptr_t u = valid; u < end - j; u++) line[j - first + u] = 0;                                \
        j = end;                                                                                           \
      }                                                                                                    \
      intptr_t slice = i / kc * kc, steps = min_intptr(kc, p->in_channels - slice);                        \
      T *dst = packed + slice * panels * nr + (i - slice) * nr;                                            \
      for (intptr_t panel = 0; panel < panels; panel++)                                                    \
        memcpy(dst + panel * nr * steps, line + panel * nr, sizeof(T) * (size_t)nr);                      \
    }                                                                                                      \
  }                                                                                                        \
                                                                                                           \
  static void run_scatter_item_##SUFFIX(const scatter_plan *plan, intptr_t image_group) {                  \
    const olk_conv_problem *p = plan->p;                                                                   \
    intptr_t n = image_group / p->groups, g = image_group % p->groups, nr = plan->gemm.nr;                 \
    const T *image = (const T *)p->input + n * p->input_strides[0] + g * p->in_channels * p->input_strides[1]; \
    T *output = (T *)p->output + image_group * p->out_channels * plan->out_plane;                          \
    memset(output, 0, sizeof(T) * (size_t)(p->out_channels * plan->out_plane));                           \
    intptr_t width = round_up(plan->block, nr), m = plan->gemm.m;                                          \
    intptr_t packed_size = round_up(p->in_channels * width, 16), tile_size = round_up(m * plan->block, 16); \
    T *packed = olk_gemm_operand_workspace(sizeof(T) * (size_t)(packed_size + tile_size + width));        \
    T *tile = packed + packed_size, *line = tile + tile_size;                                              \
    const T *filter = (const T *)plan->packed_filter + g * plan->rows * p->in_channels;                    \
    olk_gemm_problem gemm = plan->gemm;                                                                    \
    for (intptr_t first = 0; first < plan->columns; first += plan->block) {                                \
      intptr_t count = min_intptr(plan->block, plan->columns - first), panels = divide_up(count, nr);       \
      pack_grid_block_##SUFFIX(plan, image, first, count, line, packed);                                   \
      gemm.ldc = count;                                                                                    \
      for (intptr_t pc = 0; pc < p->in_channels; pc += gemm.kc) {                                          \
        intptr_t steps = min_intptr(gemm.kc, p->in_channels - pc);                                         \
        for (intptr_t i0 = 0; i0 < m; i0 += gemm.mc)                                                       \
          olk_gemm_multiply_packed(&gemm, min_intptr(gemm.mc, m - i0), count, steps,                       \
                                   filter + plan->rows * pc + i0 * steps, packed + panels * nr * pc,       \
                                   tile + i0 * count, pc > 0);                                             \
      }                                                                                                    \
      for (intptr_t r = 0; r < m; r++) {                                                                   \
        T *dst = output + r / plan->taps * plan->out_plane + plan->offsets[r % plan->taps] + first;        \
        const T *src = tile + r * count;                                                                   \
        for (intptr_t u = 0; u < count; u++) dst[u] += src[u];                                             \
      }                                                                                                    \
    }                                                                                                      \
  }

DEFINE_SCATTER(float, f32)
DEFINE_SCATTER(double, f64)

static void scatter_task(void *context, intptr_t task) {
  (void)task;
  scatter_plan *plan = context;
  intptr_t items = plan->p->batch * plan->p->groups;
  for (;;) {
    intptr_t item = atomic_fetch_add_explicit(&plan->next, 1, memory_order_relaxed);
    if (item >= items) return;
    if (plan->p->dtype == OLK_F64) {
      run_scatter_item_f64(plan, item);
    } else {
      run_scatter_item_f32(plan, item);
    }
  }
}

int olk_conv_scatter(const olk_conv_problem *p, int threads) {
  const intptr_t *in = p->in_size, *k = p->kernel, *d = p->kernel_dilation, *out = p->out_size;
  if (p->in_channels < SCATTER_MIN_DEPTH || p->batch * p->groups < threads) return 0;
  for (int axis = 0; axis < 3; axis++) {
    intptr_t reach = (k[axis] - 1) * d[axis];
    if (p->stride[axis] != 1 || p->in_dilation[axis] != 1 || p->pad_lo[axis] != reach ||
        out[axis] != in[axis] + reach || in[axis] == 0)
      return 0;
  }
  scatter_plan plan = {.p = p};
  plan.taps = k[0] * k[1] * k[2];
  plan.out_plane = out[0] * out[1] * out[2];
  plan.columns = ((in[0] - 1) * out[1] + in[1] - 1) * out[2] + in[2];
  if (plan.taps == 0 || plan.columns * 4 > in[0] * in[1] * in[2] * 5) return 0;
  plan.gemm = (olk_gemm_problem){.dtype = p->dtype, .m = p->out_channels * plan.taps, .n = plan.columns,
                                 .k = p->in_channels};
  olk_gemm_prepare(&plan.gemm);
  size_t element = p->dtype == OLK_F64 ? sizeof(double) : sizeof(float);
  // The product block [m × block] about CONV_BLOCK_BYTES, in equal blocks of whole panels.
  plan.block = equal_column_block(plan.columns, plan.gemm.m, element, plan.gemm.nr);
  plan.gemm.n = plan.block;
  plan.rows = round_up(plan.gemm.m, plan.gemm.mr);
  // The mirrored taps s, dilated, on the output's grid.
  plan.offsets = tap_offsets_on_grid(k, d, out);
  size_t filter_bytes = element * (size_t)(p->groups * plan.rows * p->in_channels);
  plan.packed_filter = aligned_alloc(64, (filter_bytes + 63) & ~(size_t)63);
  if (plan.offsets == NULL || plan.packed_filter == NULL) abort();
  if (p->dtype == OLK_F64) {
    pack_mirrored_filter_f64(&plan);
  } else {
    pack_mirrored_filter_f32(&plan);
  }
  atomic_init(&plan.next, 0);
  intptr_t items = p->batch * p->groups;
  olk_parallel_run(threads < items ? threads : items, threads, scatter_task, &plan);
  free(plan.offsets);
  free(plan.packed_filter);
  return 1;
}

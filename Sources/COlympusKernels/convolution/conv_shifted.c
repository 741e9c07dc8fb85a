// Convolution with stride 1 and no input dilation as an implicit GEMM over shifted rows.
//
// Output positions are computed on the grid of the padded input: with P_a = out_a − 1 +
// dilated(kernel_a) the padded input's size along axis a, position (q0, q1, q2) is GEMM column
// j = (q0·P1 + q1)·P2 + q2, and tap t = (c, t0, t1, t2) reads padded[c][j + offset(t)] with
// offset(t) = (t0·d0·P1 + t1·d1)·P2 + t2·d2. Every row of the GEMM's B operand is thus a
// contiguous run of the (padded) input, and B's panels are packed with plain copies rather than
// gathered column by column (im2col). The columns that fall between the grid's rows (q2 ≥ out2 or
// q1 ≥ out1) are computed and dropped, so the path is taken only when they are few.
//
// The filter is packed once per call as the GEMM's A. Work items are (image, group, block of
// columns): each packs its block of B, from the input itself or, when the convolution pads, from
// a zero-padded copy of the band of the input the block reads, multiplies it into a tile
// [O × block] and copies the tile's valid columns into the output rows.

#include "conv_internal.h"
#include "olympus_parallel.h"
#include "../linalg/gemm_internal.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/// Largest share of computed columns that may fall between the grid's rows: wasted columns at
/// most a quarter of the positions (3×3 filters on inputs from 8 wide with "same" padding, or from
/// 10 wide without).
#define SHIFTED_WASTE_NUMERATOR 5
#define SHIFTED_WASTE_DENOMINATOR 4

typedef struct {
  const olk_conv_problem *p;
  olk_gemm_problem gemm;   // prepared; m = out_channels, k = depth, n = block
  intptr_t grid[3];        // the padded input's sizes P_a
  intptr_t positions;      // output positions per image
  intptr_t columns;        // GEMM columns per image: the grid index of the last position, plus 1
  intptr_t depth;          // K = in_channels · taps
  intptr_t taps;           // kernel volume
  intptr_t reach;          // offset of the last tap
  intptr_t block, blocks, items;
  int direct;              // the input is its own padded grid: B is packed from it in place
  intptr_t *offsets;       // offset(t) for each tap of one channel
  void *packed_filter;     // per group: `filter_rows` rows of A in panels, one k slice after another
  intptr_t filter_rows;    // out_channels rounded up to the micro-tile's rows
  _Atomic intptr_t next;
} shifted_plan;

/// Elements of `count` rounded up to 64 bytes of float32 (a whole number of cache lines for both types).
static inline intptr_t aligned_count(intptr_t count) { return round_up(count, 16); }

#define DEFINE_SHIFTED(T, SUFFIX)                                                                          \
  /* band[c·stride + f − first] = padded[c][f] for grid indices f in [first, first + length). */            \
  static void copy_band_##SUFFIX(const shifted_plan *plan, const T *image, intptr_t first, intptr_t length, \
                                 intptr_t stride, T *band) {                                               \
    const olk_conv_problem *p = plan->p;                                                                   \
    const intptr_t *in = p->in_size, *lo = p->pad_lo, *grid = plan->grid;                                 \
    intptr_t plane = in[0] * in[1] * in[2];                                                                \
    for (intptr_t c = 0; c < p->in_channels; c++) {                                                        \
      const T *channel = image + c * plane;                                                                \
      T *dst = band + c * stride;                                                                          \
      for (intptr_t f = first; f < first + length;) {                                                      \
        intptr_t row = f / grid[2], x = f % grid[2];                                                       \
        intptr_t run = grid[2] - x < first + length - f ? grid[2] - x : first + length - f;                \
        intptr_t i0 = row / grid[1] - lo[0], i1 = row % grid[1] - lo[1];                                   \
        if (i0 >= 0 && i0 < in[0] && i1 >= 0 && i1 < in[1]) {                                             \
          gather_run_##SUFFIX(dst + (f - first), channel + (i0 * in[1] + i1) * in[2], run, x - lo[2], 1, 1, \
                              in[2]);                                                                      \
        } else {                                                                                           \
          memset(dst + (f - first), 0, sizeof(T) * (size_t)run);                                           \
        }                                                                                                  \
        f += run;                                                                                          \
      }                                                                                                    \
    }                                                                                                      \
  }                                                                                                        \
                                                                                                           \
  /* Packs B for columns [first, first + count): k slice after k slice, each `panels` panels of nr       \
     columns, B[k][j] = origin[(k / taps)·stride + offset(k % taps) + j − first]; the last panel's      \
     columns past `count` are zero. */                                                                     \
  static void pack_block_##SUFFIX(const shifted_plan *plan, const T *origin, intptr_t stride,              \
                                  intptr_t count, T *packed) {                                             \
    intptr_t nr = plan->gemm.nr, kc = plan->gemm.kc, depth = plan->depth;                                  \
    intptr_t full = count / nr, rest = count % nr, panels = divide_up(count, nr);                          \
    for (intptr_t pc = 0; pc < depth; pc += kc) {                                                          \
      intptr_t steps = min_intptr(kc, depth - pc);                                                         \
      for (intptr_t k = pc; k < pc + steps; k++) {                                                         \
        const T *row = origin + k / plan->taps * stride + plan->offsets[k % plan->taps];                   \
        T *dst = packed + (k - pc) * nr;                                                                   \
        for (intptr_t panel = 0; panel < full; panel++)                                                    \
          memcpy(dst + panel * nr * steps, row + panel * nr, sizeof(T) * (size_t)nr);                      \
        if (rest > 0) {                                                                                    \
          T *last = dst + full * nr * steps;                                                               \
          memcpy(last, row + full * nr, sizeof(T) * (size_t)rest);                                         \
          memset(last + rest, 0, sizeof(T) * (size_t)(nr - rest));                                         \
        }                                                                                                  \
      }                                                                                                    \
      packed += panels * nr * steps;                                                                       \
    }                                                                                                      \
  }                                                                                                        \
                                                                                                           \
  /* output[o][position of grid column j] = tile[o][j − first] for the columns of positions. */            \
  static void scatter_tile_##SUFFIX(const shifted_plan *plan, const T *tile, intptr_t first,               \
                                    intptr_t count, T *output) {                                           \
    const intptr_t *out = plan->p->out_size, *grid = plan->grid;                                           \
    for (intptr_t j = first; j < first + count;) {                                                         \
      intptr_t row = j / grid[2], x = j % grid[2];                                                         \
      intptr_t end = row * grid[2] + grid[2] < first + count ? row * grid[2] + grid[2] : first + count;    \
      intptr_t q0 = row / grid[1], q1 = row % grid[1];                                                     \
      if (q1 < out[1] && x < out[2]) {                                                                     \
        intptr_t run = (row * grid[2] + out[2] < end ? row * grid[2] + out[2] : end) - j;                  \
        T *dst = output + (q0 * out[1] + q1) * out[2] + x;                                                 \
        const T *src = tile + (j - first);                                                                 \
        for (intptr_t o = 0; o < plan->p->out_channels; o++)                                               \
          for (intptr_t s = 0; s < run; s++) dst[o * plan->positions + s] = src[o * count + s];            \
      }                                                                                                    \
      j = end;                                                                                             \
    }                                                                                                      \
  }                                                                                                        \
                                                                                                           \
  static void run_shifted_item_##SUFFIX(const shifted_plan *plan, intptr_t item) {                         \
    const olk_conv_problem *p = plan->p;                                                                   \
    intptr_t image_group = item / plan->blocks, first = item % plan->blocks * plan->block;                 \
    intptr_t count = min_intptr(plan->columns - first, plan->block);                                       \
    intptr_t g = image_group % p->groups, channels = p->in_channels, outputs = p->out_channels;            \
    intptr_t plane = p->in_size[0] * p->in_size[1] * p->in_size[2];                                       \
    const T *image = (const T *)p->input + image_group * channels * plane;                                 \
    intptr_t width = round_up(count, plan->gemm.nr);                                                       \
    intptr_t packed_size = aligned_count(plan->depth * width), tile_size = aligned_count(outputs * count);  \
    intptr_t band_stride = plan->direct ? 0 : aligned_count(count + plan->reach);                          \
    T *packed = olk_gemm_operand_workspace(                                                                \
        sizeof(T) * (size_t)(packed_size + tile_size + channels * band_stride));                           \
    T *tile = packed + packed_size, *band = tile + tile_size;                                              \
    if (plan->direct) {                                                                                    \
      pack_block_##SUFFIX(plan, image + first, plane, count, packed);                                      \
    } else {                                                                                               \
      copy_band_##SUFFIX(plan, image, first, count + plan->reach, band_stride, band);                      \
      pack_block_##SUFFIX(plan, band, band_stride, count, packed);                                         \
    }                                                                                                      \
    olk_gemm_problem gemm = plan->gemm;                                                                    \
    gemm.ldc = count;                                                                                      \
    const T *filter = (const T *)plan->packed_filter + g * plan->filter_rows * plan->depth;                \
    for (intptr_t pc = 0; pc < plan->depth; pc += gemm.kc) {                                               \
      intptr_t steps = min_intptr(gemm.kc, plan->depth - pc);                                              \
      for (intptr_t i0 = 0; i0 < outputs; i0 += gemm.mc)                                                   \
        olk_gemm_multiply_packed(&gemm, min_intptr(gemm.mc, outputs - i0), count, steps,                   \
                                 filter + plan->filter_rows * pc + i0 * steps, packed + width * pc,        \
                                 tile + i0 * count, pc > 0);                                               \
    }                                                                                                      \
    scatter_tile_##SUFFIX(plan, tile, first, count, (T *)p->output + image_group * outputs * plan->positions); \
  }                                                                                                        \
                                                                                                           \
  /* The filter of every group as A, k slice after k slice of `filter_rows` rows each. */                  \
  static void pack_filter_##SUFFIX(shifted_plan *plan) {                                                   \
    const olk_conv_problem *p = plan->p;                                                                   \
    olk_gemm_problem gemm = plan->gemm;                                                                    \
    gemm.lda = plan->depth;                                                                                \
    for (intptr_t g = 0; g < p->groups; g++) {                                                             \
      gemm.a = (const T *)p->filter + g * p->out_channels * plan->depth;                                   \
      T *dst = (T *)plan->packed_filter + g * plan->filter_rows * plan->depth;                             \
      for (intptr_t pc = 0; pc < plan->depth; pc += gemm.kc) {                                             \
        intptr_t steps = min_intptr(gemm.kc, plan->depth - pc);                                            \
        olk_gemm_pack_a_##SUFFIX(&gemm, 0, p->out_channels, pc, steps, dst + plan->filter_rows * pc);      \
      }                                                                                                    \
    }                                                                                                      \
  }

DEFINE_SHIFTED(float, f32)
DEFINE_SHIFTED(double, f64)

static void shifted_task(void *context, intptr_t task) {
  (void)task;
  shifted_plan *plan = context;
  for (;;) {
    intptr_t item = atomic_fetch_add_explicit(&plan->next, 1, memory_order_relaxed);
    if (item >= plan->items) return;
    if (plan->p->dtype == OLK_F64) {
      run_shifted_item_f64(plan, item);
    } else {
      run_shifted_item_f32(plan, item);
    }
  }
}

int olk_conv_shifted(const olk_conv_problem *p, int threads) {
  shifted_plan plan = {.p = p};
  plan.taps = p->kernel[0] * p->kernel[1] * p->kernel[2];
  plan.depth = p->in_channels * plan.taps;
  plan.positions = p->out_size[0] * p->out_size[1] * p->out_size[2];
  if (plan.depth == 0) return 0;
  int direct = 1;
  for (int axis = 0; axis < 3; axis++) {
    if (p->stride[axis] != 1 || p->in_dilation[axis] != 1 || p->pad_lo[axis] < 0) return 0;
    plan.grid[axis] = p->out_size[axis] - 1 + (p->kernel[axis] - 1) * p->kernel_dilation[axis] + 1;
    if (p->pad_lo[axis] != 0 || (axis > 0 ? p->in_size[axis] != plan.grid[axis] : p->in_size[axis] < plan.grid[axis]))
      direct = 0;
  }
  const intptr_t *grid = plan.grid, *out = p->out_size, *d = p->kernel_dilation;
  plan.columns = ((out[0] - 1) * grid[1] + out[1] - 1) * grid[2] + out[2];
  if (plan.columns * SHIFTED_WASTE_DENOMINATOR > plan.positions * SHIFTED_WASTE_NUMERATOR) return 0;
  plan.direct = direct;
  plan.reach = ((p->kernel[0] - 1) * d[0] * grid[1] + (p->kernel[1] - 1) * d[1]) * grid[2] + (p->kernel[2] - 1) * d[2];

  plan.gemm = (olk_gemm_problem){.dtype = p->dtype, .m = p->out_channels, .n = plan.columns, .k = plan.depth};
  olk_gemm_prepare(&plan.gemm);
  size_t element = p->dtype == OLK_F64 ? sizeof(double) : sizeof(float);
  plan.block = equal_column_block(plan.columns, plan.depth, element, plan.gemm.nr);
  plan.blocks = divide_up(plan.columns, plan.block);
  plan.items = p->batch * p->groups * plan.blocks;
  plan.gemm.n = plan.block;

  plan.offsets = tap_offsets_on_grid(p->kernel, d, grid);
  plan.filter_rows = round_up(p->out_channels, plan.gemm.mr);
  size_t filter_bytes = element * (size_t)(p->groups * plan.filter_rows * plan.depth);
  plan.packed_filter = aligned_alloc(64, (filter_bytes + 63) & ~(size_t)63);
  if (plan.offsets == NULL || plan.packed_filter == NULL) abort();
  if (p->dtype == OLK_F64) {
    pack_filter_f64(&plan);
  } else {
    pack_filter_f32(&plan);
  }

  atomic_init(&plan.next, 0);
  intptr_t tasks = threads < plan.items ? threads : plan.items;
  olk_parallel_run(tasks, threads, shifted_task, &plan);
  free(plan.offsets);
  free(plan.packed_filter);
  return 1;
}

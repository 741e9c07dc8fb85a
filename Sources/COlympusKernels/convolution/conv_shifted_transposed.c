// The orientation with positions as GEMM rows (few output positions, many taps: a filter gradient
// seen as a convolution) as an implicit GEMM over shifted rows, for stride 1, no input dilation and
// no padding. The input and the filter are read in place with their strides (a filter gradient's
// operands are the forward input and the output's cotangent with images and channels exchanged).
//
// Taps are laid out on the input's grid: tap κ = (κ0, κ1, κ2) sits at grid offset
// span(κ) = (κ0·d0·in1 + κ1·d1)·in2 + κ2·d2, and output position q at
// offset(q) = (q0·in1 + q1)·in2 + q2, so
//
//     output[n, o, q] = Σ_c Σ_{s < S} input[n, c][offset(q) + s] · spread[o, c][s]
//
// where spread[o, c] is the filter's taps of channel c placed at their grid offsets with zeros
// between them, S = span(last tap) + 1. For each position q and input channel c this is a GEMM
// [N × S] · [S × O] whose A rows are contiguous runs of the input (packed by the GEMM's own
// transposing packer, no gather) and whose B, the spread filter of channel c, is packed once for
// all positions. Work items are (group, input channel); each thread adds its products into its own
// accumulator [groups, N·P, O], and the accumulators are summed into the output at the end
// (as in conv.c). The zeros between the rows of the kernel are multiplied too, so the path is
// taken only when they are few.

#include "conv_internal.h"
#include "olympus_parallel.h"
#include "../linalg/gemm_internal.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/// Largest share of multiplied zeros: the span at most 5/4 of the kernel's taps (a 3×3 filter
/// gradient needs 24-wide images or wider, 8% for W10's 24 × 24 taps on a 26-wide grid).
#define SPAN_WASTE_NUMERATOR 5
#define SPAN_WASTE_DENOMINATOR 4

/// Largest share of empty micro-tile rows: rows rounded up to the tile at most 5/4 of the images.
#define ROW_WASTE_NUMERATOR 5
#define ROW_WASTE_DENOMINATOR 4

typedef struct {
  const olk_conv_problem *p;
  olk_gemm_problem gemm;      // prepared; m = batch, n = out_channels, k = span
  intptr_t positions;         // P
  intptr_t span;              // S
  intptr_t spread_stride;     // elements per spread filter row (S rounded up)
  intptr_t *position_offsets; // offset(q) for every output position
  intptr_t items;             // groups · in_channels
  void *accumulators;         // one [groups, batch·P, out_channels] block per task
  _Atomic intptr_t next;
} shifted_transposed_plan;

#define DEFINE_SHIFTED_TRANSPOSED(T, SUFFIX)                                                               \
  /* spread[o][span(κ)] = filter[g·O + o, c, κ], zero elsewhere, for o < O. */                             \
  static void spread_filter_##SUFFIX(const shifted_transposed_plan *plan, intptr_t g, intptr_t c, T *spread) { \
    const olk_conv_problem *p = plan->p;                                                                   \
    const intptr_t *k = p->kernel, *d = p->kernel_dilation, *in = p->in_size;                             \
    for (intptr_t o = 0; o < p->out_channels; o++) {                                                       \
      T *row = spread + o * plan->spread_stride;                                                           \
      memset(row, 0, sizeof(T) * (size_t)plan->span);                                                      \
      const T *source = (const T *)p->filter + (g * p->out_channels + o) * p->filter_strides[0] +           \
                        c * p->filter_strides[1];                                                          \
      for (intptr_t t0 = 0; t0 < k[0]; t0++)                                                               \
        for (intptr_t t1 = 0; t1 < k[1]; t1++, source += k[2]) {                                           \
          T *dst = row + (t0 * d[0] * in[1] + t1 * d[1]) * in[2];                                          \
          for (intptr_t t2 = 0; t2 < k[2]; t2++) dst[t2 * d[2]] = source[t2];                              \
        }                                                                                                  \
    }                                                                                                      \
  }                                                                                                        \
                                                                                                           \
  static void run_shifted_transposed_item_##SUFFIX(const shifted_transposed_plan *plan, intptr_t item,     \
                                                   intptr_t task) {                                        \
    const olk_conv_problem *p = plan->p;                                                                   \
    intptr_t g = item / p->in_channels, c = item % p->in_channels;                                        \
    intptr_t span = plan->span;                                                                            \
    olk_gemm_problem gemm = plan->gemm;                                                                    \
    intptr_t width = round_up(p->out_channels, gemm.nr), block = min_intptr(gemm.mc, p->batch);            \
    intptr_t spread_size = round_up(p->out_channels * plan->spread_stride, 16);                            \
    intptr_t packed_b_size = round_up(span * width, 16);                                                   \
    T *spread = olk_gemm_operand_workspace(                                                                \
        sizeof(T) * (size_t)(spread_size + packed_b_size + round_up(block, gemm.mr) * gemm.kc));           \
    T *packed_b = spread + spread_size, *packed_a = packed_b + packed_b_size;                              \
    spread_filter_##SUFFIX(plan, g, c, spread);                                                            \
    gemm.b = spread, gemm.ldb = plan->spread_stride, gemm.trans_b = 1;                                     \
    for (intptr_t pc = 0; pc < span; pc += gemm.kc)                                                        \
      olk_gemm_pack_b_##SUFFIX(&gemm, pc, min_intptr(gemm.kc, span - pc), 0, p->out_channels,              \
                               packed_b + width * pc);                                                     \
    gemm.lda = p->input_strides[0];                                                                        \
    gemm.ldc = plan->positions * p->out_channels;                                                          \
    T *sums = (T *)plan->accumulators +                                                                    \
              (task * p->groups + g) * p->batch * plan->positions * p->out_channels;                       \
    const T *channel = (const T *)p->input + (g * p->in_channels + c) * p->input_strides[1];               \
    for (intptr_t q = 0; q < plan->positions; q++) {                                                       \
      gemm.a = channel + plan->position_offsets[q];                                                        \
      for (intptr_t pc = 0; pc < span; pc += gemm.kc) {                                                    \
        intptr_t steps = min_intptr(gemm.kc, span - pc);                                                   \
        for (intptr_t i0 = 0; i0 < p->batch; i0 += block) {                                                \
          intptr_t rows = min_intptr(block, p->batch - i0);                                                \
          olk_gemm_pack_a_##SUFFIX(&gemm, i0, rows, pc, steps, packed_a);                                  \
          olk_gemm_multiply_packed(&gemm, rows, p->out_channels, steps, packed_a, packed_b + width * pc,   \
                                   sums + i0 * gemm.ldc + q * p->out_channels, 1);                         \
        }                                                                                                  \
      }                                                                                                    \
    }                                                                                                      \
  }

DEFINE_SHIFTED_TRANSPOSED(float, f32)
DEFINE_SHIFTED_TRANSPOSED(double, f64)

static void shifted_transposed_task(void *context, intptr_t task) {
  shifted_transposed_plan *plan = context;
  for (;;) {
    intptr_t item = atomic_fetch_add_explicit(&plan->next, 1, memory_order_relaxed);
    if (item >= plan->items) return;
    if (plan->p->dtype == OLK_F64) {
      run_shifted_transposed_item_f64(plan, item, task);
    } else {
      run_shifted_transposed_item_f32(plan, item, task);
    }
  }
}

int olk_conv_shifted_transposed(const olk_conv_problem *p, int threads) {
  const intptr_t *in = p->in_size, *k = p->kernel, *d = p->kernel_dilation, *out = p->out_size;
  intptr_t taps = k[0] * k[1] * k[2];
  if (taps == 0 || p->in_channels == 0) return 0;
  for (int axis = 0; axis < 3; axis++) {
    if (p->stride[axis] != 1 || p->in_dilation[axis] != 1 || p->pad_lo[axis] != 0) return 0;
    intptr_t grid = out[axis] - 1 + (k[axis] - 1) * d[axis] + 1;
    if (axis > 0 ? in[axis] != grid : in[axis] < grid) return 0;
  }
  shifted_transposed_plan plan = {.p = p};
  plan.positions = out[0] * out[1] * out[2];
  plan.span = (((k[0] - 1) * d[0] * in[1] + (k[1] - 1) * d[1]) * in[2] + (k[2] - 1) * d[2]) + 1;
  if (plan.span * SPAN_WASTE_DENOMINATOR > taps * SPAN_WASTE_NUMERATOR) return 0;
  plan.spread_stride = round_up(plan.span, 16);
  plan.gemm = (olk_gemm_problem){.dtype = p->dtype, .m = p->batch, .n = p->out_channels, .k = plan.span};
  olk_gemm_prepare(&plan.gemm);
  // Few images leave most rows of the micro-tile empty (one image: 1 of 6); gathering all
  // positions of every image as rows wastes less there.
  if (round_up(p->batch, plan.gemm.mr) * ROW_WASTE_DENOMINATOR > p->batch * ROW_WASTE_NUMERATOR) return 0;
  plan.items = p->groups * p->in_channels;
  intptr_t tasks = threads < plan.items ? threads : plan.items;
  size_t element = p->dtype == OLK_F64 ? sizeof(double) : sizeof(float);
  plan.position_offsets = malloc(sizeof(intptr_t) * (size_t)plan.positions);
  plan.accumulators = calloc((size_t)(tasks * p->groups * p->batch * plan.positions * p->out_channels), element);
  if (plan.position_offsets == NULL || plan.accumulators == NULL) abort();
  intptr_t q = 0;
  for (intptr_t q0 = 0; q0 < out[0]; q0++)
    for (intptr_t q1 = 0; q1 < out[1]; q1++)
      for (intptr_t q2 = 0; q2 < out[2]; q2++) plan.position_offsets[q++] = (q0 * in[1] + q1) * in[2] + q2;
  atomic_init(&plan.next, 0);
  olk_parallel_run(tasks, threads, shifted_transposed_task, &plan);
  olk_conv_sum_accumulators(p, plan.positions, plan.accumulators, tasks);
  free(plan.position_offsets);
  free(plan.accumulators);
  return 1;
}

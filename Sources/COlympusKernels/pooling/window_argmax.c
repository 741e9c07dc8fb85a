// Max pooling and its transpose without stored indices: both passes find each window's maximum
// again from x, so the forward pass keeps nothing but its output.

#include "olympus_pooling.h"
#include "olympus_parallel.h"
#include "window_internal.h"
#include "../common/kernel_variants.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const olk_window_problem *p;
  intptr_t planes_per_task;
  int scatter;
  /// Per axis and output position: the first tap inside the input and one past the last
  /// (`taps[axis][2·q]`, `taps[axis][2·q + 1]`), computed once per call.
  intptr_t *taps[3];
  /// Offsets in the input plane of a window's taps from its first, in row-major tap order.
  intptr_t *tap_offsets;
  intptr_t tap_count;
  /// Output positions along the last axis whose windows lie wholly inside the input along it:
  /// `[inner_begin, inner_end)` (empty when there are none or the window has too many taps).
  intptr_t inner_begin, inner_end;
  /// Whether the row kernels take the AVX-512 form for windows of two adjacent taps per row of
  /// taps at stride 2 (`olk_row_max_pairs_*`).
  int pairs;
} window_plan;

/// Outputs per call of the row kernels (their scratch lives on the stack).
#define ROW_CHUNK 64

/// First index of `axis`'s taps that lies inside the input for output position `q`, and one past
/// the last: taps t with 0 <= q·stride + t·dilation − pad_lo < size.
static void tap_range(const olk_window_problem *p, int axis, intptr_t q, intptr_t *first, intptr_t *end) {
  intptr_t start = q * p->stride[axis] - p->pad_lo[axis], d = p->dilation[axis], size = p->in_size[axis];
  intptr_t lo = start >= 0 ? 0 : (-start + d - 1) / d;
  intptr_t hi = start > size - 1 ? 0 : (size - 1 - start) / d + 1;
  if (hi > p->window[axis]) hi = p->window[axis];
  *first = lo;
  *end = hi > lo ? hi : lo;
}

/* For `m` windows lying wholly inside the input, the first tap of window j at base[j·S]: each
   maximum's value (`largest`) and tap number (`best`). Tap-outer loops over a chunk of outputs,
   which the compiler vectorizes (S = 1 and 2 as constants: strided loads become shuffles). */
#define ROW_MAX_LOOP(T, S)                                                                                  \
  for (intptr_t j = 0; j < m; j++) {                                                                       \
    largest[j] = base[j * (S)];                                                                            \
    best[j] = 0;                                                                                           \
  }                                                                                                        \
  for (intptr_t k = 1; k < taps; k++) {                                                                    \
    const T *tap = base + offsets[k];                                                                      \
    for (intptr_t j = 0; j < m; j++) {                                                                     \
      /* Branch-free (random data makes the branch unpredictable); NaN wins over numbers. */               \
      T v = tap[j * (S)], l = largest[j];                                                                  \
      int wins = (v > l) | ((v != v) & (l == l));                                                          \
      best[j] = wins ? (int32_t)k : best[j];                                                               \
      largest[j] = wins ? v : l;                                                                           \
    }                                                                                                      \
  }

#define DEFINE_ROW_MAX(T, SUFFIX, VARIANT, ATTR)                                                           \
  ATTR static void row_max_##SUFFIX##_##VARIANT(const T *base, intptr_t m, intptr_t stride,                \
                                                const intptr_t *offsets, intptr_t taps, T *largest,        \
                                                int32_t *best) {                                           \
    if (stride == 1) {                                                                                     \
      ROW_MAX_LOOP(T, 1)                                                                                   \
    } else if (stride == 2) {                                                                              \
      ROW_MAX_LOOP(T, 2)                                                                                   \
    } else {                                                                                               \
      ROW_MAX_LOOP(T, stride)                                                                              \
    }                                                                                                      \
  }

#define STAMP_ROW_MAX(VARIANT, ATTR)                                                                       \
  DEFINE_ROW_MAX(float, f32, VARIANT, ATTR)                                                                \
  DEFINE_ROW_MAX(double, f64, VARIANT, ATTR)

OLK_STAMP_BOTH(STAMP_ROW_MAX)

#define DEFINE_WINDOW(T, SUFFIX)                                                                           \
  /* Window q = (q0, q1, q2) of one plane, any window: found tap by tap from the tap ranges. */           \
  static inline void window_##SUFFIX(const window_plan *plan, const T *x, const T *values, T *output,      \
                                     intptr_t q0, intptr_t q1, intptr_t q2, intptr_t q) {                  \
    const olk_window_problem *p = plan->p;                                                                 \
    intptr_t a0 = plan->taps[0][2 * q0], b0 = plan->taps[0][2 * q0 + 1];                                   \
    intptr_t a1 = plan->taps[1][2 * q1], b1 = plan->taps[1][2 * q1 + 1];                                   \
    intptr_t a2 = plan->taps[2][2 * q2], b2 = plan->taps[2][2 * q2 + 1];                                   \
    if (a0 == b0 || a1 == b1 || a2 == b2) { /* a window without input positions */                         \
      if (!plan->scatter) output[q] = (T)-INFINITY;                                                        \
      return;                                                                                              \
    }                                                                                                      \
    intptr_t best = ((q0 * p->stride[0] + a0 * p->dilation[0] - p->pad_lo[0]) * p->in_size[1] +            \
                     q1 * p->stride[1] + a1 * p->dilation[1] - p->pad_lo[1]) * p->in_size[2] +             \
                    q2 * p->stride[2] + a2 * p->dilation[2] - p->pad_lo[2];                                \
    T largest = x[best];                                                                                   \
    for (intptr_t t0 = a0; t0 < b0; t0++) {                                                                \
      intptr_t i0 = q0 * p->stride[0] + t0 * p->dilation[0] - p->pad_lo[0];                                \
      for (intptr_t t1 = a1; t1 < b1; t1++) {                                                              \
        intptr_t i1 = q1 * p->stride[1] + t1 * p->dilation[1] - p->pad_lo[1];                              \
        const T *row = x + (i0 * p->in_size[1] + i1) * p->in_size[2];                                      \
        for (intptr_t t2 = a2; t2 < b2; t2++) {                                                            \
          intptr_t i2 = q2 * p->stride[2] + t2 * p->dilation[2] - p->pad_lo[2];                            \
          T v = row[i2];                                                                                   \
          int wins = (v > largest) | ((v != v) & (largest == largest));                                    \
          intptr_t index = (i0 * p->in_size[1] + i1) * p->in_size[2] + i2;                                 \
          best = wins ? index : best;                                                                      \
          largest = wins ? v : largest;                                                                    \
        }                                                                                                  \
      }                                                                                                    \
    }                                                                                                      \
    if (plan->scatter) {                                                                                   \
      output[best] += values[q];                                                                           \
    } else {                                                                                               \
      output[q] = values[best];                                                                            \
    }                                                                                                      \
  }                                                                                                        \
                                                                                                           \
  static void plane_##SUFFIX(const window_plan *plan, intptr_t plane) {                                    \
    const olk_window_problem *p = plan->p;                                                                 \
    int scatter = plan->scatter;                                                                           \
    intptr_t in_plane = p->in_size[0] * p->in_size[1] * p->in_size[2];                                     \
    intptr_t out_plane = p->out_size[0] * p->out_size[1] * p->out_size[2];                                 \
    const T *x = (const T *)p->x + plane * in_plane;                                                       \
    const T *values = (const T *)p->values + plane * (scatter ? out_plane : in_plane);                     \
    T *output = (T *)p->output + plane * (scatter ? in_plane : out_plane);                                 \
    int values_are_x = p->values == p->x;                                                                  \
    if (scatter) memset(output, 0, sizeof(T) * (size_t)in_plane);                                          \
    T largest[ROW_CHUNK];                                                                                  \
    int32_t best[ROW_CHUNK];                                                                               \
    for (intptr_t q0 = 0; q0 < p->out_size[0]; q0++) {                                                     \
      int whole0 = plan->taps[0][2 * q0] == 0 && plan->taps[0][2 * q0 + 1] == p->window[0];                \
      for (intptr_t q1 = 0; q1 < p->out_size[1]; q1++) {                                                   \
        int whole1 = plan->taps[1][2 * q1] == 0 && plan->taps[1][2 * q1 + 1] == p->window[1];              \
        intptr_t q = (q0 * p->out_size[1] + q1) * p->out_size[2];                                          \
        intptr_t begin = whole0 && whole1 ? plan->inner_begin : p->out_size[2];                            \
        intptr_t end = whole0 && whole1 ? plan->inner_end : p->out_size[2];                                \
        for (intptr_t q2 = 0; q2 < begin; q2++) window_##SUFFIX(plan, x, values, output, q0, q1, q2, q + q2); \
        /* Input position of window (q0, q1, 0)'s first tap; window q2's is q2·stride further. */          \
        intptr_t row_start = ((q0 * p->stride[0] - p->pad_lo[0]) * p->in_size[1] + q1 * p->stride[1] -     \
                              p->pad_lo[1]) * p->in_size[2] - p->pad_lo[2];                                \
        for (intptr_t c = begin; c < end; c += ROW_CHUNK) {                                                \
          intptr_t m = end - c < ROW_CHUNK ? end - c : ROW_CHUNK;                                          \
          intptr_t first = row_start + c * p->stride[2];                                                   \
          if (plan->pairs) {                                                                               \
            olk_row_max_pairs_##SUFFIX##_avx512(x + first, m, plan->tap_offsets, plan->tap_count, largest, best); \
          } else {                                                                                         \
            OLK_PICK(row_max_##SUFFIX)(x + first, m, p->stride[2], plan->tap_offsets, plan->tap_count,     \
                                       largest, best);                                                     \
          }                                                                                                \
          for (intptr_t j = 0; j < m; j++) {                                                               \
            intptr_t index = first + j * p->stride[2] + plan->tap_offsets[best[j]];                        \
            if (scatter) {                                                                                 \
              output[index] += values[q + c + j];                                                          \
            } else {                                                                                       \
              output[q + c + j] = values_are_x ? largest[j] : values[index];                               \
            }                                                                                              \
          }                                                                                                \
        }                                                                                                  \
        for (intptr_t q2 = end > begin ? end : begin; q2 < p->out_size[2]; q2++)                           \
          window_##SUFFIX(plan, x, values, output, q0, q1, q2, q + q2);                                    \
      }                                                                                                    \
    }                                                                                                      \
  }

DEFINE_WINDOW(float, f32)
DEFINE_WINDOW(double, f64)

static void window_task(void *context, intptr_t task) {
  const window_plan *plan = context;
  intptr_t begin = task * plan->planes_per_task;
  intptr_t end = begin + plan->planes_per_task < plan->p->planes ? begin + plan->planes_per_task : plan->p->planes;
  for (intptr_t plane = begin; plane < end; plane++) {
    if (plan->p->dtype == OLK_F64) {
      plane_f64(plan, plane);
    } else {
      plane_f32(plan, plane);
    }
  }
}

static void run(const olk_window_problem *p, int threads, int scatter) {
  if (p->planes <= 0) return;
  intptr_t in_plane = p->in_size[0] * p->in_size[1] * p->in_size[2];
  // About 16K input elements per task (a few microseconds), at most 8 tasks per thread.
  intptr_t per_task = (16384 + in_plane) / (in_plane + 1);
  intptr_t tasks = (p->planes + per_task - 1) / per_task;
  if (tasks > 8 * (intptr_t)threads) {
    tasks = 8 * (intptr_t)threads;
    per_task = (p->planes + tasks - 1) / tasks;
    tasks = (p->planes + per_task - 1) / per_task;
  }
  intptr_t tap_count = p->window[0] * p->window[1] * p->window[2];
  window_plan plan = {.p = p, .planes_per_task = per_task, .scatter = scatter, .tap_count = tap_count};
  size_t entries = 2 * (size_t)(p->out_size[0] + p->out_size[1] + p->out_size[2]) + (size_t)tap_count + 1;
  intptr_t *table = malloc(sizeof(intptr_t) * entries);
  if (table == NULL) abort();
  intptr_t *next = table;
  for (int axis = 0; axis < 3; axis++) {
    plan.taps[axis] = next;
    for (intptr_t q = 0; q < p->out_size[axis]; q++) tap_range(p, axis, q, &next[2 * q], &next[2 * q + 1]);
    next += 2 * p->out_size[axis];
  }
  plan.tap_offsets = next;
  for (intptr_t t0 = 0; t0 < p->window[0]; t0++)
    for (intptr_t t1 = 0; t1 < p->window[1]; t1++)
      for (intptr_t t2 = 0; t2 < p->window[2]; t2++)
        *next++ = (t0 * p->dilation[0] * p->in_size[1] + t1 * p->dilation[1]) * p->in_size[2] + t2 * p->dilation[2];
  // Whole windows along the last axis form one run of output positions (the tap ranges only
  // shrink towards the edges).
  intptr_t *last = plan.taps[2];
  plan.inner_begin = plan.inner_end = 0;
  if (tap_count <= INT32_MAX) {
    intptr_t q = 0;
    while (q < p->out_size[2] && !(last[2 * q] == 0 && last[2 * q + 1] == p->window[2])) q++;
    plan.inner_begin = plan.inner_end = q;
    while (plan.inner_end < p->out_size[2] && last[2 * plan.inner_end] == 0 &&
           last[2 * plan.inner_end + 1] == p->window[2])
      plan.inner_end++;
  }
  plan.pairs = olk_avx512_active() && p->stride[2] == 2 && p->window[2] == 2 && p->dilation[2] == 1;
  olk_parallel_run(tasks, threads, window_task, &plan);
  free(table);
}

void olk_window_argmax_gather(const olk_window_problem *p, int threads) { run(p, threads, 0); }

void olk_window_argmax_scatter(const olk_window_problem *p, int threads) { run(p, threads, 1); }

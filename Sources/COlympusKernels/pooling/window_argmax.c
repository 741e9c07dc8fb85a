// Max pooling and its transpose without stored indices: both passes find each window's maximum
// again from x, so the forward pass keeps nothing but its output.

#include "olympus_pooling.h"
#include "olympus_parallel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const olk_window_problem *p;
  intptr_t planes_per_task;
  int scatter;
  /// Per axis and output position: the first tap inside the input and one past the last
  /// (`taps[axis][2·q]`, `taps[axis][2·q + 1]`), computed once per call.
  intptr_t *taps[3];
} window_plan;

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

#define DEFINE_WINDOW(T, SUFFIX)                                                                           \
  static void plane_##SUFFIX(const window_plan *plan, intptr_t plane) {                                    \
    const olk_window_problem *p = plan->p;                                                                 \
    int scatter = plan->scatter;                                                                           \
    intptr_t in_plane = p->in_size[0] * p->in_size[1] * p->in_size[2];                                     \
    intptr_t out_plane = p->out_size[0] * p->out_size[1] * p->out_size[2];                                 \
    const T *x = (const T *)p->x + plane * in_plane;                                                       \
    const T *values = (const T *)p->values + plane * (scatter ? out_plane : in_plane);                     \
    T *output = (T *)p->output + plane * (scatter ? in_plane : out_plane);                                 \
    if (scatter) memset(output, 0, sizeof(T) * (size_t)in_plane);                                          \
    intptr_t q = 0;                                                                                        \
    for (intptr_t q0 = 0; q0 < p->out_size[0]; q0++) {                                                     \
      intptr_t a0 = plan->taps[0][2 * q0], b0 = plan->taps[0][2 * q0 + 1];                                 \
      for (intptr_t q1 = 0; q1 < p->out_size[1]; q1++) {                                                   \
        intptr_t a1 = plan->taps[1][2 * q1], b1 = plan->taps[1][2 * q1 + 1];                               \
        for (intptr_t q2 = 0; q2 < p->out_size[2]; q2++, q++) {                                            \
          intptr_t a2 = plan->taps[2][2 * q2], b2 = plan->taps[2][2 * q2 + 1];                             \
          if (a0 == b0 || a1 == b1 || a2 == b2) { /* a window without input positions */                   \
            if (!scatter) output[q] = (T)-INFINITY;                                                        \
            continue;                                                                                      \
          }                                                                                                \
          intptr_t best = ((q0 * p->stride[0] + a0 * p->dilation[0] - p->pad_lo[0]) * p->in_size[1] +      \
                           q1 * p->stride[1] + a1 * p->dilation[1] - p->pad_lo[1]) * p->in_size[2] +       \
                          q2 * p->stride[2] + a2 * p->dilation[2] - p->pad_lo[2];                          \
          T largest = x[best];                                                                             \
          for (intptr_t t0 = a0; t0 < b0; t0++) {                                                          \
            intptr_t i0 = q0 * p->stride[0] + t0 * p->dilation[0] - p->pad_lo[0];                          \
            for (intptr_t t1 = a1; t1 < b1; t1++) {                                                        \
              intptr_t i1 = q1 * p->stride[1] + t1 * p->dilation[1] - p->pad_lo[1];                        \
              const T *row = x + (i0 * p->in_size[1] + i1) * p->in_size[2];                                \
              for (intptr_t t2 = a2; t2 < b2; t2++) {                                                      \
                intptr_t i2 = q2 * p->stride[2] + t2 * p->dilation[2] - p->pad_lo[2];                      \
                /* Branch-free (random data makes the branch unpredictable); NaN wins over numbers. */    \
                T v = row[i2];                                                                             \
                int wins = (v > largest) | ((v != v) & (largest == largest));                              \
                intptr_t index = (i0 * p->in_size[1] + i1) * p->in_size[2] + i2;                           \
                best = wins ? index : best;                                                                \
                largest = wins ? v : largest;                                                              \
              }                                                                                            \
            }                                                                                              \
          }                                                                                                \
          if (scatter) {                                                                                   \
            output[best] += values[q];                                                                     \
          } else {                                                                                         \
            output[q] = values[best];                                                                      \
          }                                                                                                \
        }                                                                                                  \
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
  window_plan plan = {.p = p, .planes_per_task = per_task, .scatter = scatter};
  intptr_t *table = malloc(sizeof(intptr_t) * 2 * (size_t)(p->out_size[0] + p->out_size[1] + p->out_size[2] + 1));
  if (table == NULL) abort();
  intptr_t *next = table;
  for (int axis = 0; axis < 3; axis++) {
    plan.taps[axis] = next;
    for (intptr_t q = 0; q < p->out_size[axis]; q++) tap_range(p, axis, q, &next[2 * q], &next[2 * q + 1]);
    next += 2 * p->out_size[axis];
  }
  olk_parallel_run(tasks, threads, window_task, &plan);
  free(table);
}

void olk_window_argmax_gather(const olk_window_problem *p, int threads) { run(p, threads, 0); }

void olk_window_argmax_scatter(const olk_window_problem *p, int threads) { run(p, threads, 1); }

// Multi-threaded GEMM without a barrier per block: every thread walks the same (jc, pc) blocks
// and claims tasks from per-block counters: first the panels of the shared packed B, then row
// (or column) ranges of C. A thread waits only for tasks other threads have claimed and are
// running, so late or absent threads never stall the product; one fork/join covers it all.

#include "gemm_internal.h"
#include "../parallel/spin_wait.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

// Task counters of one block: claimed and finished, for packing B and for computing.
typedef struct {
  _Alignas(64) atomic_intptr_t pack_next;
  atomic_intptr_t pack_done;
  atomic_intptr_t compute_next;
  atomic_intptr_t compute_done;
} block_counters;

struct olk_gemm_schedule {
  olk_gemm_problem p;
  void *packed_b;
  intptr_t depth_blocks, blocks;
  intptr_t threads;
  block_counters counters[];
};

// What one block's tasks cover. Computing splits rows of C when there are enough row panels
// to share evenly, otherwise columns; each thread gets several tasks (of at most MC rows, or
// 16 column panels) so a thread that starts late still finds work.
typedef struct {
  intptr_t jc, nc, pc, kc;
  intptr_t panels, pack_tasks;
  int split_rows;
  intptr_t units, compute_tasks;
} block_plan;

static block_plan plan_block(const olk_gemm_schedule *s, intptr_t block) {
  const olk_gemm_problem *p = &s->p;
  block_plan plan;
  plan.jc = block / s->depth_blocks * p->nc;
  plan.pc = block % s->depth_blocks * p->kc;
  plan.nc = min_intptr(p->nc, p->n - plan.jc);
  plan.kc = min_intptr(p->kc, p->k - plan.pc);
  plan.panels = divide_up(plan.nc, p->nr);
  plan.pack_tasks = min_intptr(plan.panels, 2 * s->threads);
  intptr_t row_panels = divide_up(p->m, p->mr);
  plan.split_rows = row_panels >= 4 * s->threads || row_panels >= plan.panels;
  plan.units = plan.split_rows ? row_panels : plan.panels;
  intptr_t per_task = plan.split_rows ? p->mc / p->mr : 16;
  plan.compute_tasks = min_intptr(plan.units, s->threads * divide_up(plan.units, s->threads * per_task));
  return plan;
}

static void wait_for(atomic_intptr_t *done, intptr_t target) {
  unsigned spins = 0;
  while (atomic_load_explicit(done, memory_order_acquire) < target) olk_pause_briefly(&spins);
}

olk_gemm_schedule *olk_gemm_schedule_create(const olk_gemm_problem *p, int threads) {
  intptr_t depth_blocks = divide_up(p->k, p->kc);
  intptr_t blocks = divide_up(p->n, p->nc) * depth_blocks;
  size_t bytes = sizeof(olk_gemm_schedule) + (size_t)blocks * sizeof(block_counters);
  olk_gemm_schedule *s = aligned_alloc(64, (size_t)round_up((intptr_t)bytes, 64));
  if (s == NULL) abort();
  memset(s, 0, bytes);
  s->p = *p;
  s->packed_b = olk_gemm_shared_workspace(olk_gemm_packed_b_bytes(p));
  s->depth_blocks = depth_blocks;
  s->blocks = blocks;
  s->threads = threads > 0 ? threads : 1;
  return s;
}

// The next unclaimed task below `count`, or -1.
static intptr_t claim(atomic_intptr_t *next, intptr_t count) {
  intptr_t task = atomic_fetch_add_explicit(next, 1, memory_order_relaxed);
  return task < count ? task : -1;
}

void olk_gemm_schedule_work(olk_gemm_schedule *s) {
  const olk_gemm_problem *p = &s->p;
  for (intptr_t block = 0; block < s->blocks; block++) {
    block_plan plan = plan_block(s, block);
    block_counters *counters = &s->counters[block];
    for (intptr_t task; (task = claim(&counters->pack_next, plan.pack_tasks)) >= 0;) {
      intptr_t first = task * plan.panels / plan.pack_tasks, end = (task + 1) * plan.panels / plan.pack_tasks;
      olk_gemm_pack_b_panels(p, plan.pc, plan.kc, plan.jc, plan.nc, first, end, s->packed_b);
      atomic_fetch_add_explicit(&counters->pack_done, 1, memory_order_release);
    }
    wait_for(&counters->pack_done, plan.pack_tasks);
    for (intptr_t task; (task = claim(&counters->compute_next, plan.compute_tasks)) >= 0;) {
      intptr_t first = task * plan.units / plan.compute_tasks;
      intptr_t end = (task + 1) * plan.units / plan.compute_tasks;
      if (plan.split_rows) {
        intptr_t row_end = min_intptr(end * p->mr, p->m);
        olk_gemm_compute(p, plan.pc, plan.kc, plan.jc, s->packed_b, first * p->mr, row_end, 0, plan.nc);
      } else {
        intptr_t col_end = min_intptr(end * p->nr, plan.nc);
        olk_gemm_compute(p, plan.pc, plan.kc, plan.jc, s->packed_b, 0, p->m, first * p->nr, col_end);
      }
      atomic_fetch_add_explicit(&counters->compute_done, 1, memory_order_release);
    }
    // The next block overwrites the packed B that unfinished tasks may still read.
    wait_for(&counters->compute_done, plan.compute_tasks);
  }
}

void olk_gemm_schedule_destroy(olk_gemm_schedule *s) { free(s); }

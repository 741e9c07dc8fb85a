// Multi-threaded GEMM without a barrier per block: every thread walks the same (jc, pc) blocks
// and claims tasks from per-block counters: first the panels of a packed B, then row (or column)
// ranges of C. Packed B alternates between two buffers, so packing block b waits only for block
// b−2's products to finish with the same buffer, and the threads that finish block b−1 early pack
// block b while the others still compute. A compute task of a later k slice waits only for the
// same task (the same part of C) of the slice before it, which keeps every element's sum in slice
// order. A thread waits only for tasks other threads have claimed and are running, so late or
// absent threads never stall the product; one fork/join covers it all.

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
  void *packed_b[2];
  intptr_t depth_blocks, blocks;
  intptr_t threads;
  // Per block, `max_tasks` flags: compute task t of block b has finished.
  intptr_t max_tasks;
  atomic_uchar *task_finished;
  block_counters counters[];
};

// What one block's tasks cover. Computing splits rows of C when there are enough row panels
// to share evenly, otherwise columns, in units of row (or column) panels. The tasks shrink
// towards the end of the block so that the threads finish it together: the last `threads` times
// MC rows (or 16 column panels) go in 4·`threads` small tasks, the units before them
// (`head_units`) in `head_tasks` tasks of at most that size. Blocks of the same jc have the same
// tasks.
typedef struct {
  intptr_t jc, nc, pc, kc;
  intptr_t panels, pack_tasks;
  int split_rows;
  intptr_t units, head_units, head_tasks, compute_tasks;
} block_plan;

static block_plan plan_block(const olk_gemm_problem *p, intptr_t depth_blocks, intptr_t threads, intptr_t block) {
  block_plan plan;
  plan.jc = block / depth_blocks * p->nc;
  plan.pc = block % depth_blocks * p->kc;
  plan.nc = min_intptr(p->nc, p->n - plan.jc);
  plan.kc = min_intptr(p->kc, p->k - plan.pc);
  plan.panels = divide_up(plan.nc, p->nr);
  plan.pack_tasks = min_intptr(plan.panels, 2 * threads);
  intptr_t row_panels = divide_up(p->m, p->mr);
  plan.split_rows = row_panels >= 4 * threads || row_panels >= plan.panels;
  plan.units = plan.split_rows ? row_panels : plan.panels;
  intptr_t per_task = plan.split_rows ? p->mc / p->mr : 16;
  intptr_t tail_units = min_intptr(plan.units, threads * per_task);
  plan.head_units = plan.units - tail_units;
  plan.head_tasks = divide_up(plan.head_units, per_task);
  plan.compute_tasks = plan.head_tasks + min_intptr(tail_units, 4 * threads);
  return plan;
}

// The units [*first, *end) of compute task `task`.
static void task_units(const block_plan *plan, intptr_t task, intptr_t *first, intptr_t *end) {
  if (task < plan->head_tasks) {
    *first = task * plan->head_units / plan->head_tasks;
    *end = (task + 1) * plan->head_units / plan->head_tasks;
    return;
  }
  intptr_t tail = task - plan->head_tasks, tail_tasks = plan->compute_tasks - plan->head_tasks;
  intptr_t tail_units = plan->units - plan->head_units;
  *first = plan->head_units + tail * tail_units / tail_tasks;
  *end = plan->head_units + (tail + 1) * tail_units / tail_tasks;
}

static void wait_for(atomic_intptr_t *done, intptr_t target) {
  unsigned spins = 0;
  while (atomic_load_explicit(done, memory_order_acquire) < target) olk_pause_briefly(&spins);
}

static void wait_for_flag(atomic_uchar *flag) {
  unsigned spins = 0;
  while (!atomic_load_explicit(flag, memory_order_acquire)) olk_pause_briefly(&spins);
}

olk_gemm_schedule *olk_gemm_schedule_create(const olk_gemm_problem *p, int threads) {
  intptr_t depth_blocks = divide_up(p->k, p->kc);
  intptr_t blocks = divide_up(p->n, p->nc) * depth_blocks;
  intptr_t thread_count = threads > 0 ? threads : 1;
  intptr_t max_tasks = 1;
  for (intptr_t block = 0; block < blocks; block += depth_blocks)
    max_tasks = max_intptr(max_tasks, plan_block(p, depth_blocks, thread_count, block).compute_tasks);
  size_t header = sizeof(olk_gemm_schedule) + (size_t)blocks * sizeof(block_counters);
  size_t bytes = header + (size_t)(blocks * max_tasks);
  olk_gemm_schedule *s = aligned_alloc(64, (size_t)round_up((intptr_t)bytes, 64));
  if (s == NULL) abort();
  memset(s, 0, bytes);
  s->p = *p;
  size_t buffer = (size_t)round_up((intptr_t)olk_gemm_packed_b_bytes(p), 64);
  s->packed_b[0] = olk_gemm_shared_workspace(blocks > 1 ? 2 * buffer : buffer);
  s->packed_b[1] = blocks > 1 ? (char *)s->packed_b[0] + buffer : s->packed_b[0];
  s->depth_blocks = depth_blocks;
  s->blocks = blocks;
  s->threads = thread_count;
  s->max_tasks = max_tasks;
  s->task_finished = (atomic_uchar *)((char *)s + header);
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
    block_plan plan = plan_block(p, s->depth_blocks, s->threads, block);
    block_counters *counters = &s->counters[block];
    void *packed_b = s->packed_b[block % 2];
    if (atomic_load_explicit(&counters->pack_next, memory_order_relaxed) < plan.pack_tasks) {
      // Block b−2 used this buffer: its tasks are all claimed (this thread has passed it).
      if (block >= 2)
        wait_for(&s->counters[block - 2].compute_done,
                 plan_block(p, s->depth_blocks, s->threads, block - 2).compute_tasks);
      for (intptr_t task; (task = claim(&counters->pack_next, plan.pack_tasks)) >= 0;) {
        intptr_t first = task * plan.panels / plan.pack_tasks, end = (task + 1) * plan.panels / plan.pack_tasks;
        olk_gemm_pack_b_panels(p, plan.pc, plan.kc, plan.jc, plan.nc, first, end, packed_b);
        atomic_fetch_add_explicit(&counters->pack_done, 1, memory_order_release);
      }
    }
    wait_for(&counters->pack_done, plan.pack_tasks);
    atomic_uchar *finished = s->task_finished + block * s->max_tasks;
    for (intptr_t task; (task = claim(&counters->compute_next, plan.compute_tasks)) >= 0;) {
      // The previous k slice of the same columns adds to the same part of C first.
      if (plan.pc > 0) wait_for_flag(finished - s->max_tasks + task);
      intptr_t first, end;
      task_units(&plan, task, &first, &end);
      if (plan.split_rows) {
        intptr_t row_end = min_intptr(end * p->mr, p->m);
        olk_gemm_compute(p, plan.pc, plan.kc, plan.jc, packed_b, first * p->mr, row_end, 0, plan.nc);
      } else {
        intptr_t col_end = min_intptr(end * p->nr, plan.nc);
        olk_gemm_compute(p, plan.pc, plan.kc, plan.jc, packed_b, 0, p->m, first * p->nr, col_end);
      }
      atomic_store_explicit(finished + task, 1, memory_order_release);
      atomic_fetch_add_explicit(&counters->compute_done, 1, memory_order_release);
    }
  }
}

void olk_gemm_schedule_destroy(olk_gemm_schedule *s) { free(s); }

// The process-wide pool of worker threads behind `olk_parallel_run`.
//
// A run publishes its tasks in one atomic `claim_word`: a generation in the high 32 bits, the
// task count in the next 16 and the next unclaimed task in the low 16. Every participant claims
// a task with a compare-and-swap on that word, which fails once the generation moves on, so a
// worker that wakes late never touches a later run's tasks; the run's function and context are
// read only after a successful claim, while the caller still waits for that task.
// Idle workers spin for `spin_nanoseconds` before they sleep on a condition variable.

#include "olympus_common.h"
#include "olympus_parallel.h"
#include "spin_wait.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

// How long an idle worker keeps spinning: consecutive parallel operations of an eager program
// or a compiled graph usually follow each other within this time, and waking a sleeping
// thread costs 5-50 us on a virtual machine.
static const int64_t spin_nanoseconds = 500 * 1000;

static struct {
  _Alignas(64) atomic_uint_least64_t claim_word;
  _Alignas(64) atomic_intptr_t done;
  olk_task_function function;
  void *context;
  int kernel_paths; // the caller's kernel-path choices, adopted by the workers for the run
  _Alignas(64) atomic_flag busy;
  atomic_int sleepers;
  int workers;
  pthread_mutex_t lock;
  pthread_cond_t wake;
} pool = {
    .busy = ATOMIC_FLAG_INIT,
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .wake = PTHREAD_COND_INITIALIZER,
};

static const intptr_t max_tasks = 0xffff;

static uint64_t generation_of(uint64_t word) { return word >> 32; }
static intptr_t task_count_of(uint64_t word) { return (intptr_t)((word >> 16) & 0xffff); }
static intptr_t next_task_of(uint64_t word) { return (intptr_t)(word & 0xffff); }

static int64_t now_nanoseconds(void) {
  struct timespec time;
  clock_gettime(CLOCK_MONOTONIC, &time);
  return (int64_t)time.tv_sec * 1000000000 + time.tv_nsec;
}

// Runs tasks of `generation` until none is left unclaimed.
static void work_on(uint64_t generation) {
  for (;;) {
    uint64_t word = atomic_load_explicit(&pool.claim_word, memory_order_acquire);
    if (generation_of(word) != generation) return;
    intptr_t task = next_task_of(word);
    if (task >= task_count_of(word)) return;
    if (!atomic_compare_exchange_weak_explicit(&pool.claim_word, &word, word + 1, memory_order_acquire,
                                               memory_order_relaxed))
      continue;
    olk_set_thread_kernel_paths(pool.kernel_paths);
    pool.function(pool.context, task);
    atomic_fetch_add_explicit(&pool.done, 1, memory_order_release);
  }
}

// Waits for a generation other than `seen`: spinning first, then asleep.
static uint64_t wait_for_run(uint64_t seen) {
  int64_t deadline = now_nanoseconds() + spin_nanoseconds;
  unsigned spins = 0;
  for (;;) {
    uint64_t generation = generation_of(atomic_load_explicit(&pool.claim_word, memory_order_acquire));
    if (generation != seen) return generation;
    olk_pause_briefly(&spins);
    if (spins % 64 == 0 && now_nanoseconds() > deadline) break;
  }
  pthread_mutex_lock(&pool.lock);
  atomic_fetch_add(&pool.sleepers, 1);
  uint64_t generation;
  while ((generation = generation_of(atomic_load(&pool.claim_word))) == seen)
    pthread_cond_wait(&pool.wake, &pool.lock);
  atomic_fetch_sub(&pool.sleepers, 1);
  pthread_mutex_unlock(&pool.lock);
  return generation;
}

static void *worker_main(void *unused) {
  (void)unused;
  uint64_t seen = generation_of(atomic_load(&pool.claim_word));
  for (;;) {
    seen = wait_for_run(seen);
    work_on(seen);
  }
  return NULL;
}

// Starts workers until there are `count`; called with `busy` held.
static void start_workers(int count) {
  while (pool.workers < count) {
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    int status = pthread_create(&thread, &attributes, worker_main, NULL);
    pthread_attr_destroy(&attributes);
    if (status != 0) return; // fewer workers: the caller claims the remaining tasks itself
    pool.workers += 1;
  }
}

void olk_parallel_run(intptr_t tasks, int threads, olk_task_function function, void *context) {
  if (tasks <= 0) return;
  if (tasks == 1 || threads <= 1 || tasks > max_tasks ||
      atomic_flag_test_and_set_explicit(&pool.busy, memory_order_acquire)) {
    for (intptr_t task = 0; task < tasks; task++) function(context, task);
    return;
  }
  start_workers(threads - 1);
  pool.function = function;
  pool.context = context;
  pool.kernel_paths = olk_thread_kernel_paths();
  atomic_store_explicit(&pool.done, 0, memory_order_relaxed);
  uint64_t generation = generation_of(atomic_load_explicit(&pool.claim_word, memory_order_relaxed)) + 1;
  atomic_store(&pool.claim_word, generation << 32 | (uint64_t)tasks << 16);
  if (atomic_load(&pool.sleepers) > 0) {
    pthread_mutex_lock(&pool.lock);
    pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.lock);
  }
  work_on(generation);
  unsigned spins = 0;
  while (atomic_load_explicit(&pool.done, memory_order_acquire) < tasks) olk_pause_briefly(&spins);
  atomic_flag_clear_explicit(&pool.busy, memory_order_release);
}

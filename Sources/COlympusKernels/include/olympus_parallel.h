#ifndef OLYMPUS_PARALLEL_H
#define OLYMPUS_PARALLEL_H

#include <stdint.h>

/// Work on one task of an `olk_parallel_run`.
typedef void (*olk_task_function)(void *context, intptr_t task);

/// Calls `function(context, task)` once for every task in `0..<tasks`, on the calling thread and
/// on up to `threads - 1` workers of the process-wide pool, and returns when all have finished.
///
/// Workers stay awake (spinning) for a short while after a run so that the next run does not
/// pay for waking them. When the pool is already running tasks (a nested call, or another
/// thread's run), or `tasks` exceeds 65535, every task runs on the calling thread instead.
void olk_parallel_run(intptr_t tasks, int threads, olk_task_function function, void *context);

#endif

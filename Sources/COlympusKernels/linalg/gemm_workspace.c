// Per-thread packing buffers for the GEMM: grown on demand, reused across calls, freed when the
// thread exits. Reuse matters: a fresh multi-megabyte allocation page-faults on every touch.

#include "gemm_internal.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct {
  void *memory[3]; // [0]: packed A (private), [1]: packed B (shared with other threads), [2]: an operand
  size_t capacity[3];
} gemm_buffers;

static pthread_key_t buffers_key;
static pthread_once_t buffers_once = PTHREAD_ONCE_INIT;

static void free_buffers(void *value) {
  gemm_buffers *buffers = value;
  free(buffers->memory[0]);
  free(buffers->memory[1]);
  free(buffers->memory[2]);
  free(buffers);
}

static void make_key(void) { pthread_key_create(&buffers_key, free_buffers); }

static void *thread_buffer(int slot, size_t bytes) {
  pthread_once(&buffers_once, make_key);
  gemm_buffers *buffers = pthread_getspecific(buffers_key);
  if (buffers == NULL) {
    buffers = calloc(1, sizeof(gemm_buffers));
    if (buffers == NULL) abort();
    pthread_setspecific(buffers_key, buffers);
  }
  if (buffers->capacity[slot] < bytes) {
    free(buffers->memory[slot]);
    size_t rounded = (bytes + 63) & ~(size_t)63;
    buffers->memory[slot] = aligned_alloc(64, rounded);
    if (buffers->memory[slot] == NULL) abort();
    buffers->capacity[slot] = rounded;
  }
  return buffers->memory[slot];
}

void *olk_gemm_private_workspace(size_t bytes) { return thread_buffer(0, bytes); }

void *olk_gemm_shared_workspace(size_t bytes) { return thread_buffer(1, bytes); }

void *olk_gemm_operand_workspace(size_t bytes) { return thread_buffer(2, bytes); }

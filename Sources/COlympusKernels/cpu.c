#include "olympus_common.h"

#include <stdlib.h>

static int simd_enabled = -1; // -1: not yet decided

static int cpu_supports_avx2_fma(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return 0;
#endif
}

int olk_simd_active(void) {
  int state = __atomic_load_n(&simd_enabled, __ATOMIC_RELAXED);
  if (state < 0) {
    const char *off = getenv("OLYMPUS_DISABLE_SIMD");
    state = (off != NULL && off[0] != '\0' && off[0] != '0') ? 0 : cpu_supports_avx2_fma();
    __atomic_store_n(&simd_enabled, state, __ATOMIC_RELAXED);
  }
  return state;
}

void olk_set_simd_enabled(int enabled) {
  __atomic_store_n(&simd_enabled, enabled ? cpu_supports_avx2_fma() : 0, __ATOMIC_RELAXED);
}

#include "olympus_common.h"

#include <stdlib.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

// The process-wide defaults, decided once from the CPU and the environment.
static int simd_enabled = -1;   // -1: not yet decided
static int avx512_enabled = -1; // -1: not yet decided

// The calling thread's choice, which overrides the default: a test or a program comparing the
// kernel paths changes them for its own thread (and the pool workers running its chunks) only,
// never under another thread's feet. -1: the process-wide default.
static _Thread_local int thread_simd = -1;
static _Thread_local int thread_avx512 = -1;

static int cpu_supports_avx2_fma(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return 0;
#endif
}

// AVX-512F in cpuid leaf 7, and the OS saving the zmm state: XCR0 must enable SSE, AVX, the
// opmask registers and both halves of the upper zmm state (bits 1, 2, 5, 6, 7), which the OS
// reports through OSXSAVE (leaf 1) and `xgetbv`.
int olk_avx512_supported(void) {
#if defined(__x86_64__) || defined(__i386__)
  unsigned eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_OSXSAVE)) return 0;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) || !(ebx & bit_AVX512F)) return 0;
  unsigned xcr0_low, xcr0_high;
  __asm__("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
  const unsigned zmm_state = 0xE6;
  return (xcr0_low & zmm_state) == zmm_state;
#else
  return 0;
#endif
}

static int env_flag_set(const char *name) {
  const char *value = getenv(name);
  return value != NULL && value[0] != '\0' && value[0] != '0';
}

static int default_simd(void) {
  int state = __atomic_load_n(&simd_enabled, __ATOMIC_RELAXED);
  if (state < 0) {
    state = env_flag_set("OLYMPUS_DISABLE_SIMD") ? 0 : cpu_supports_avx2_fma();
    __atomic_store_n(&simd_enabled, state, __ATOMIC_RELAXED);
  }
  return state;
}

int olk_simd_active(void) { return thread_simd >= 0 ? thread_simd : default_simd(); }

void olk_set_simd_enabled(int enabled) { thread_simd = enabled ? cpu_supports_avx2_fma() : 0; }

static int default_avx512(void) {
  int state = __atomic_load_n(&avx512_enabled, __ATOMIC_RELAXED);
  if (state < 0) {
    state = env_flag_set("OLYMPUS_DISABLE_AVX512") ? 0 : olk_avx512_supported();
    __atomic_store_n(&avx512_enabled, state, __ATOMIC_RELAXED);
  }
  return state;
}

int olk_avx512_active(void) {
  int state = thread_avx512 >= 0 ? thread_avx512 : default_avx512();
  return state && olk_simd_active();
}

void olk_set_avx512_enabled(int enabled) { thread_avx512 = enabled ? olk_avx512_supported() : 0; }

int olk_thread_kernel_paths(void) { return (thread_simd + 1) | (thread_avx512 + 1) << 4; }

void olk_set_thread_kernel_paths(int paths) {
  thread_simd = (paths & 0xf) - 1;
  thread_avx512 = (paths >> 4 & 0xf) - 1;
}

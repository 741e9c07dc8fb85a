#ifndef OLYMPUS_COMMON_H
#define OLYMPUS_COMMON_H

#include <stddef.h>
#include <stdint.h>

/// Element types understood by the C kernels; the values match `ScalarType` in Swift.
typedef enum {
  OLK_F32 = 0,
  OLK_F64 = 1,
  OLK_I32 = 2,
  OLK_I64 = 3,
  OLK_BOOL = 4, // one byte, 0 or 1
} olk_dtype;

/// 1 when the CPU runs AVX2 and FMA and the SIMD paths are enabled, 0 otherwise.
int olk_simd_active(void);

/// Enables (1) or disables (0) the AVX2/FMA paths for the calling thread (and the pool workers
/// running its kernels); disabled runs the portable loops. Used by tests to compare both paths;
/// other threads keep theirs. Enabling is a no-op on CPUs without AVX2/FMA.
void olk_set_simd_enabled(int enabled);

/// 1 when the CPU has AVX-512F and the OS saves the zmm and opmask registers, whatever the
/// switches below say.
int olk_avx512_supported(void);

/// 1 when the SIMD paths are active (`olk_simd_active()`), the CPU has AVX-512F, the OS saves
/// the zmm and opmask registers, and `OLYMPUS_DISABLE_AVX512` was unset or 0 at start-up; kernels
/// with an AVX-512 variant then run it instead of their AVX2 one.
int olk_avx512_active(void);

/// Enables (1) or disables (0) the AVX-512 variants for the calling thread, independently of
/// `olk_set_simd_enabled`; disabled, those kernels run their AVX2 path. Enabling is a no-op on
/// CPUs without AVX-512F.
void olk_set_avx512_enabled(int enabled);

/// The calling thread's kernel-path choices packed in one int, for the thread pool to hand to
/// the workers that run the thread's tasks.
int olk_thread_kernel_paths(void);

/// Adopts kernel-path choices packed by `olk_thread_kernel_paths` on the calling thread.
void olk_set_thread_kernel_paths(int paths);

#endif

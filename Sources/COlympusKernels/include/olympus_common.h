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

/// Enables (1) or disables (0) the AVX2/FMA paths; disabled runs the portable loops.
/// Used by tests to compare both paths; enabling is a no-op on CPUs without AVX2/FMA.
void olk_set_simd_enabled(int enabled);

#endif

// Dispatch of unary operations to the AVX-512 kernels where they exist, else the per-dtype AVX2
// kernel files.
#include "ew_simd.h"

int olk_unary_simd(olk_unary_op op, olk_dtype dtype, const void *x, intptr_t sx, void *y, intptr_t sy, intptr_t n) {
#if defined(__x86_64__)
  if (dtype == OLK_F32 && olk_avx512_active() && olk_unary_avx512_f32(op, (const float *)x, sx, (float *)y, sy, n))
    return 1;
  if (dtype == OLK_F32) return olk_unary_simd_f32(op, (const float *)x, sx, (float *)y, sy, n);
  if (dtype == OLK_F64) return olk_unary_simd_f64(op, (const double *)x, sx, (double *)y, sy, n);
#endif
  (void)op; (void)dtype; (void)x; (void)sx; (void)y; (void)sy; (void)n;
  return 0;
}

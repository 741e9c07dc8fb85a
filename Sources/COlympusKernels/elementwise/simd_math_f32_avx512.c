// AVX-512 float32 exp and tanh: the approximations of simd_math_f32.c (same constants, same
// operation order, so the same results and error bounds) on 16 lanes, for contiguous data. Tails
// use masked loads and stores instead of a staging buffer.
#include "ew_simd.h"

#if defined(__x86_64__)

#include "avx512_ops.h"
#include "simd_apply.h"

// y[i] = BLOCK(x[i]) for contiguous x and y: 16 lanes at a time, non-temporal stores for large
// outputs (after a masked head that aligns y to 64 bytes), a masked tail.
#define DEFINE_APPLY_512(NAME, BLOCK)                                                              \
  static OLK_AVX512 void NAME(const float *x, float *y, intptr_t n) {                              \
    intptr_t i = 0;                                                                                \
    if (n * (intptr_t)sizeof(float) >= OLK_STREAM_BYTES && (uintptr_t)y % sizeof(float) == 0) {    \
      intptr_t head = (intptr_t)((-(uintptr_t)y & 63) / sizeof(float));                            \
      __mmask16 mask = (__mmask16)((1u << head) - 1);                                              \
      _mm512_mask_storeu_ps(y, mask, BLOCK(_mm512_maskz_loadu_ps(mask, x)));                       \
      for (i = head; i + 16 <= n; i += 16) _mm512_stream_ps(y + i, BLOCK(_mm512_loadu_ps(x + i))); \
      _mm_sfence();                                                                                \
    } else {                                                                                       \
      for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, BLOCK(_mm512_loadu_ps(x + i)));         \
    }                                                                                              \
    if (i < n) {                                                                                   \
      __mmask16 mask = (__mmask16)((1u << (n - i)) - 1);                                           \
      _mm512_mask_storeu_ps(y + i, mask, BLOCK(_mm512_maskz_loadu_ps(mask, x + i)));               \
    }                                                                                              \
  }

DEFINE_APPLY_512(apply_exp, exp_ps)
DEFINE_APPLY_512(apply_tanh, tanh_ps)

int olk_unary_avx512_f32(olk_unary_op op, const float *x, intptr_t sx, float *y, intptr_t sy, intptr_t n) {
  if (sx != 1 || sy != 1) return 0;
  switch (op) {
  case OLK_EXP: apply_exp(x, y, n); return 1;
  case OLK_TANH: apply_tanh(x, y, n); return 1;
  default: return 0;
  }
}

#endif

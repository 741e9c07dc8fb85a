// Memory-efficient scaled dot-product attention (see olympus_attention.h): the forward pass keeps
// a running maximum and sum per query (an online softmax) over tiles of keys, the backward pass
// recomputes each tile's probabilities from the saved log-sum-exp. Each is compiled for AVX-512,
// AVX2/FMA and portable code, chosen at run time.

#include "olympus_attention.h"
#include "olympus_elementwise.h"

#include <math.h>
#include <stdlib.h>

#define T float
#define DT OLK_F32
#define SUFFIX f32
#define EXP expf
#define LOG logf

#include "attention_targets.h"

#undef T
#undef DT
#undef SUFFIX
#undef EXP
#undef LOG

#define T double
#define DT OLK_F64
#define SUFFIX f64
#define EXP exp
#define LOG log

#include "attention_targets.h"

#undef T
#undef DT
#undef SUFFIX
#undef EXP
#undef LOG

// The widest instruction set the calling thread may use: 2 AVX-512, 1 AVX2/FMA, 0 portable.
static int attention_path(void) {
#if defined(__x86_64__)
  return olk_avx512_active() ? 2 : olk_simd_active() ? 1 : 0;
#else
  return 0;
#endif
}

#if defined(__x86_64__)
#define DISPATCH(base, suffix, ...)                          \
  switch (attention_path()) {                                \
  case 2: base##_##suffix##_avx512(__VA_ARGS__); break;      \
  case 1: base##_##suffix##_avx2(__VA_ARGS__); break;        \
  default: base##_##suffix##_portable(__VA_ARGS__); break;   \
  }
#else
#define DISPATCH(base, suffix, ...) base##_##suffix##_portable(__VA_ARGS__);
#endif

void olk_attention_forward(olk_dtype dtype, const olk_attention_head *head, const void *q, intptr_t ldq,
                           const void *k, intptr_t ldk, const void *v, intptr_t ldv, void *o, void *lse) {
  if (dtype == OLK_F32) {
    DISPATCH(forward, f32, head, q, ldq, k, ldk, v, ldv, o, lse)
  } else {
    DISPATCH(forward, f64, head, q, ldq, k, ldk, v, ldv, o, lse)
  }
}

void olk_attention_backward(olk_dtype dtype, const olk_attention_head *head, const void *q, intptr_t ldq,
                            const void *k, intptr_t ldk, const void *v, intptr_t ldv, const void *lse,
                            const void *dout, intptr_t lddo, const void *delta, void *dq, void *dk, void *dv) {
  if (dtype == OLK_F32) {
    DISPATCH(backward, f32, head, q, ldq, k, ldk, v, ldv, lse, dout, lddo, delta, dq, dk, dv)
  } else {
    DISPATCH(backward, f64, head, q, ldq, k, ldk, v, ldv, lse, dout, lddo, delta, dq, dk, dv)
  }
}

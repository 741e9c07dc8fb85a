// Integer matrix product: a plain i-k-j loop with wrapping arithmetic (done in the unsigned type,
// where overflow is defined). Integer matmul is rare in models, so it is correct, not tuned.

#include "olympus_linalg.h"

#define DEFINE_INTEGER_GEMM(T, U, SUFFIX)                                                           \
  static void integer_gemm_##SUFFIX(const olk_gemm_problem *p) {                                    \
    const T *a = p->a, *b = p->b;                                                                   \
    intptr_t a_row = p->trans_a ? 1 : p->lda, a_step = p->trans_a ? p->lda : 1;                     \
    intptr_t b_step = p->trans_b ? 1 : p->ldb, b_col = p->trans_b ? p->ldb : 1;                     \
    for (intptr_t i = 0; i < p->m; i++) {                                                           \
      T *c = (T *)p->c + i * p->ldc;                                                                \
      for (intptr_t j = 0; j < p->n; j++) c[j] = 0;                                                 \
      for (intptr_t s = 0; s < p->k; s++) {                                                         \
        U x = (U)a[i * a_row + s * a_step];                                                         \
        const T *row = b + s * b_step;                                                              \
        for (intptr_t j = 0; j < p->n; j++) c[j] = (T)((U)c[j] + x * (U)row[j * b_col]);            \
      }                                                                                             \
    }                                                                                               \
  }

DEFINE_INTEGER_GEMM(int32_t, uint32_t, i32)
DEFINE_INTEGER_GEMM(int64_t, uint64_t, i64)

void olk_gemm_integer(const olk_gemm_problem *p) {
  if (p->dtype == OLK_I32) integer_gemm_i32(p);
  else integer_gemm_i64(p);
}

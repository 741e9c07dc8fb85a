// Matrix-vector products: the GEMM cases with m == 1 or n == 1, where packing would copy the
// whole matrix to use it once and the micro-tile would be mostly padding. Each output is a dot
// product of a contiguous matrix line with the vector ("dot" form), or the outputs are a
// contiguous run updated once per vector element ("axpy" form).

#include "gemm_internal.h"

// Which vector loop computes outputs [begin, end); see `olk_gemm_vector`.
typedef struct {
  int axpy;         // 1: out[o] = Σ_p v[p] · M[p*ms + o]; 0: out[o] = Σ_p M[o*ms + p] · v[p]
  const void *M, *v;
  intptr_t ms, vs;  // M's line stride, v's element stride
  void *out;
  intptr_t os;      // output stride
} vector_form;

static vector_form vector_form_of(const olk_gemm_problem *p) {
  vector_form f;
  if (p->n == 1) { // outputs are the rows of C
    f.axpy = p->trans_a;
    f.M = p->a, f.ms = p->lda;
    f.v = p->b, f.vs = p->trans_b ? 1 : p->ldb;
    f.out = p->c, f.os = p->ldc;
  } else { // m == 1: outputs are the columns of C
    f.axpy = !p->trans_b;
    f.M = p->b, f.ms = p->ldb;
    f.v = p->a, f.vs = p->trans_a ? p->lda : 1;
    f.out = p->c, f.os = 1;
  }
  return f;
}

// Portable loops. When `p->simd` is set the AVX2 version first computes a prefix of the outputs
// and returns where it stopped. A strided vector of the dot form is first gathered into the
// thread's workspace so both forms read it as the AVX2 loops want.
#define DEFINE_VECTOR(T, SUFFIX)                                                                      \
  static void vector_##SUFFIX(const olk_gemm_problem *p, const vector_form *f, intptr_t begin,        \
                              intptr_t end) {                                                         \
    const T *M = f->M, *v = f->v;                                                                     \
    intptr_t vs = f->vs;                                                                              \
    T *out = f->out;                                                                                  \
    if (!f->axpy && vs != 1) {                                                                        \
      T *gathered = olk_gemm_private_workspace((size_t)p->k * sizeof(T));                             \
      for (intptr_t s = 0; s < p->k; s++) gathered[s] = v[s * vs];                                    \
      v = gathered, vs = 1;                                                                           \
    }                                                                                                 \
    if (p->simd) begin = VECTOR_AVX2(SUFFIX, f->axpy, M, f->ms, v, vs, p->k, out, f->os, begin, end); \
    for (intptr_t o = begin; o < end; o++) {                                                          \
      T sum = 0;                                                                                      \
      if (f->axpy)                                                                                    \
        for (intptr_t s = 0; s < p->k; s++) sum += v[s * vs] * M[s * f->ms + o];                      \
      else                                                                                            \
        for (intptr_t s = 0; s < p->k; s++) sum += M[o * f->ms + s] * v[s];                           \
      out[o * f->os] = sum;                                                                           \
    }                                                                                                 \
  }

#if defined(__x86_64__)
#define VECTOR_AVX2(SUFFIX, axpy, M, ms, v, vs, k, out, os, begin, end)                             \
  olk_gemm_vector_##SUFFIX##_avx2(axpy, M, ms, v, vs, k, out, os, begin, end)
#else
#define VECTOR_AVX2(SUFFIX, axpy, M, ms, v, vs, k, out, os, begin, end) begin
#endif

DEFINE_VECTOR(float, f32)
DEFINE_VECTOR(double, f64)

void olk_gemm_vector(const olk_gemm_problem *p, intptr_t begin, intptr_t end) {
  vector_form f = vector_form_of(p);
  if (p->dtype == OLK_F32) vector_f32(p, &f, begin, end);
  else vector_f64(p, &f, begin, end);
}

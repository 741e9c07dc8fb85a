// Register chains of elementwise programs on AVX-512: the steps of a chain run together on 64
// elements (four vectors) at a time, each step's result held in registers for the next, then on
// the strip's last elements one masked vector at a time. Every lane computes what the whole-array
// AVX-512 kernels compute (the same operations of avx512_ops.h in the same order), so a chain's
// results are bit for bit those of its steps run one by one.
#include "program_chain.h"

#if defined(__x86_64__)

#include "avx512_ops.h"

#define CHAIN_VECTOR __m512
#define CHAIN_LANES 16
#define CHAIN_SPLAT(x) _mm512_set1_ps(x)
#define CHAIN_ZERO _mm512_setzero_ps()
#define CHAIN_TANH(u) tanh_ps(u)
#define CHAIN_EXP(u) exp_ps(u)
#define CHAIN_ADD(u, w) add_ps(u, w)
#define CHAIN_SUB(u, w) _mm512_sub_ps(u, w)
#define CHAIN_MUL(u, w) mul_ps(u, w)
#define CHAIN_DIV(u, w) _mm512_div_ps(u, w)
#define CHAIN_TANH_GRAD(u, w) tanh_grad_ps(u, w)

OLK_AVX512 void olk_run_chain_avx512(const olk_program_step *steps, intptr_t count, intptr_t offset, intptr_t m) {
  olk_chain_op ops[OLK_PROGRAM_MAX_CHAIN];
  olk_chain_decode(steps, count, offset, ops);
  intptr_t i = 0;
#define LOAD(p) _mm512_loadu_ps(p)
#define STORE(p, v) _mm512_storeu_ps(p, v)
  for (; i + 64 <= m; i += 64) CHAIN_PASS(CHAIN_EACH_4)
#undef LOAD
#undef STORE
#define LOAD(p) _mm512_maskz_loadu_ps(mask, p)
#define STORE(p, v) _mm512_mask_storeu_ps(p, mask, v)
  for (; i < m; i += 16) {
    __mmask16 mask = (__mmask16)(m - i >= 16 ? 0xFFFF : (1u << (m - i)) - 1);
    CHAIN_PASS(CHAIN_EACH_1)
  }
#undef LOAD
#undef STORE
}

#endif

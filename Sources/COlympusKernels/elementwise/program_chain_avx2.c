// Register chains of elementwise programs on AVX2: the steps of a chain run together on 64
// elements (eight vectors) at a time, each step's result held in registers for the next, then on
// the strip's last elements one masked vector at a time. Every lane computes what the whole-array
// AVX2 kernels compute (the same operations of avx2_ops.h in the same order), so a chain's results
// are bit for bit those of its steps run one by one.
//
// Eight vectors need more than the 16 ymm registers, so some live on the stack between operations;
// that costs less than the dispatch it saves. On W5's nine-step chain (one thread, Zen 3, in
// cache) a pass over 2, 4, 8 and 16 vectors took about 3.5, 2.0, 1.6 and 1.6 ns per element, and
// the steps run strip by strip without a chain 2.7.
#include "program_chain.h"

#if defined(__x86_64__)

#include "avx2_ops.h"

#define CHAIN_VECTOR __m256
#define CHAIN_LANES 8
#define CHAIN_SPLAT(x) _mm256_set1_ps(x)
#define CHAIN_ZERO _mm256_setzero_ps()
#define CHAIN_TANH(u) olk_tanh_f32(u)
#define CHAIN_EXP(u) olk_exp_f32(u)
#define CHAIN_ADD(u, w) olk_add_ordered_ps(u, w)
#define CHAIN_SUB(u, w) _mm256_sub_ps(u, w)
#define CHAIN_MUL(u, w) olk_mul_ordered_ps(u, w)
#define CHAIN_DIV(u, w) _mm256_div_ps(u, w)
#define CHAIN_TANH_GRAD(u, w) olk_tanh_grad_ps(u, w)

OLK_AVX2 void olk_run_chain_avx2(const olk_program_step *steps, intptr_t count, intptr_t offset, intptr_t m) {
  olk_chain_op ops[OLK_PROGRAM_MAX_CHAIN];
  olk_chain_decode(steps, count, offset, ops);
  intptr_t i = 0;
#define LOAD(p) _mm256_loadu_ps(p)
#define STORE(p, v) _mm256_storeu_ps(p, v)
  for (; i + 64 <= m; i += 64) CHAIN_PASS(CHAIN_EACH_8)
#undef LOAD
#undef STORE
#define LOAD(p) _mm256_maskload_ps(p, mask)
#define STORE(p, v) _mm256_maskstore_ps(p, mask, v)
  for (; i < m; i += 8) {
    __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(m - i)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    CHAIN_PASS(CHAIN_EACH_1)
  }
#undef LOAD
#undef STORE
}

#endif

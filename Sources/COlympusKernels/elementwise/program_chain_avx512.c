// Register chains of elementwise programs on AVX-512: the steps of a chain run together on 64
// elements (four vectors) at a time, each step's result held in registers for the next, then on
// the strip's last elements one masked vector at a time. Every lane computes what the whole-array
// AVX-512 kernels compute (the same operations of avx512_ops.h in the same order), so a chain's
// results are bit for bit those of its steps run one by one.
#include "ew_simd.h"

#if defined(__x86_64__)

#include "avx512_ops.h"

int32_t olk_program_register_kernel(int32_t kind, int32_t op, int32_t dtype) {
  if (!olk_avx512_active() || dtype != OLK_F32) return OLK_REGISTERS_NONE;
  if (kind == OLK_STEP_UNARY) {
    switch (op) {
    case OLK_TANH: return OLK_REGISTERS_TANH_F32;
    case OLK_EXP: return OLK_REGISTERS_EXP_F32;
    default: return OLK_REGISTERS_NONE;
    }
  }
  if (kind == OLK_STEP_BINARY) {
    switch (op) {
    case OLK_ADD: return OLK_REGISTERS_ADD_F32;
    case OLK_SUB: return OLK_REGISTERS_SUB_F32;
    case OLK_MUL: return OLK_REGISTERS_MUL_F32;
    case OLK_DIV: return OLK_REGISTERS_DIV_F32;
    case OLK_TANH_GRAD: return OLK_REGISTERS_TANH_GRAD_F32;
    default: return OLK_REGISTERS_NONE;
    }
  }
  return OLK_REGISTERS_NONE;
}

// Where a register kernel's operand comes from (OLK_CHAIN_CODE).
enum { FROM_REGISTERS = 0, FROM_MEMORY = 1, FROM_ELEMENT = 2 };

// The switch case of register kernel K with operand 0 from A and operand 1 from B (FROM_…).
#define OLK_CHAIN_CODE(K, A, B) ((K) * 9 + (A) * 3 + (B))

// A chain step decoded for one strip: its case, its operands' and result's element 0 (NULL for
// none), so that the passes over the strip's vectors do no other bookkeeping.
typedef struct {
  int32_t code;
  const float *a, *b;
  float *y;
} chain_op;

// Element 0 of a memory operand or result for the strip at element `offset`.
static inline float *place(const olk_program_operand *operand, intptr_t offset) {
  return (float *)((const char *)operand->pointer + offset * operand->advance);
}

// Where operand `index` of `step` comes from.
static inline int source(const olk_program_step *step, int index) {
  if (step->register_operands >> index & 1) return FROM_REGISTERS;
  return step->operands[index].stride ? FROM_MEMORY : FROM_ELEMENT;
}

// X(g) for each of the G vectors a pass holds (vectors are separate variables, not an array, so
// that the compiler keeps them in registers across the chain's switch).
#define CHAIN_EACH_1(X) X(0)
#define CHAIN_EACH_4(X) X(0) X(1) X(2) X(3)

// CHAIN_u_S(g), CHAIN_w_S(g): operand 0 (u) or 1 (w) of vector g from source S: FROM_REGISTERS
// (the chain's r), FROM_MEMORY (lanes i + 16g, read with LOAD) or FROM_ELEMENT (one element,
// repeated).
#define CHAIN_u_0(g) u##g = r##g;
#define CHAIN_w_0(g) w##g = r##g;
#define CHAIN_u_1(g) u##g = LOAD(op->a + i + 16 * g);
#define CHAIN_w_1(g) w##g = LOAD(op->b + i + 16 * g);
#define CHAIN_u_2(g) u##g = _mm512_set1_ps(*op->a);
#define CHAIN_w_2(g) w##g = _mm512_set1_ps(*op->b);
#define CHAIN_DECLARE_U(g) __m512 u##g;
#define CHAIN_DECLARE_W(g) __m512 w##g;

// The lane operations of the register kernels, into r.
#define CHAIN_APPLY_TANH(g) r##g = tanh_ps(u##g);
#define CHAIN_APPLY_EXP(g) r##g = exp_ps(u##g);
#define CHAIN_APPLY_ADD(g) r##g = add_ps(u##g, w##g);
#define CHAIN_APPLY_SUB(g) r##g = _mm512_sub_ps(u##g, w##g);
#define CHAIN_APPLY_MUL(g) r##g = mul_ps(u##g, w##g);
#define CHAIN_APPLY_DIV(g) r##g = _mm512_div_ps(u##g, w##g);
#define CHAIN_APPLY_TANH_GRAD(g) r##g = tanh_grad_ps(u##g, w##g);

// The case of KERNEL (an OLK_REGISTERS_… value) applying OPERATION to operand 0 from A (unary) or
// operands 0 and 1 from A and B (binary).
#define CHAIN_UNARY_CASE(EACH, KERNEL, OPERATION, A)                                               \
  case OLK_CHAIN_CODE(KERNEL, A, FROM_REGISTERS): {                                                \
    EACH(CHAIN_DECLARE_U)                                                                          \
    EACH(CHAIN_u_##A)                                                                              \
    EACH(CHAIN_APPLY_##OPERATION)                                                                  \
    break;                                                                                         \
  }
#define CHAIN_BINARY_CASE(EACH, KERNEL, OPERATION, A, B)                                           \
  case OLK_CHAIN_CODE(KERNEL, A, B): {                                                             \
    EACH(CHAIN_DECLARE_U)                                                                          \
    EACH(CHAIN_DECLARE_W)                                                                          \
    EACH(CHAIN_u_##A)                                                                              \
    EACH(CHAIN_w_##B)                                                                              \
    EACH(CHAIN_APPLY_##OPERATION)                                                                  \
    break;                                                                                         \
  }
// A unary kernel's cases: its operand from registers, memory or one element.
#define CHAIN_UNARY_CASES(EACH, KERNEL, OPERATION)                                                 \
  CHAIN_UNARY_CASE(EACH, KERNEL, OPERATION, 0)                                                     \
  CHAIN_UNARY_CASE(EACH, KERNEL, OPERATION, 1) CHAIN_UNARY_CASE(EACH, KERNEL, OPERATION, 2)
// A binary kernel's cases: each operand from registers, memory or one element.
#define CHAIN_BINARY_CASES(EACH, KERNEL, OPERATION)                                                \
  CHAIN_BINARY_CASE(EACH, KERNEL, OPERATION, 0, 0)                                                 \
  CHAIN_BINARY_CASE(EACH, KERNEL, OPERATION, 0, 1) CHAIN_BINARY_CASE(EACH, KERNEL, OPERATION, 0, 2) \
  CHAIN_BINARY_CASE(EACH, KERNEL, OPERATION, 1, 0) CHAIN_BINARY_CASE(EACH, KERNEL, OPERATION, 1, 1) \
  CHAIN_BINARY_CASE(EACH, KERNEL, OPERATION, 1, 2) CHAIN_BINARY_CASE(EACH, KERNEL, OPERATION, 2, 0) \
  CHAIN_BINARY_CASE(EACH, KERNEL, OPERATION, 2, 1) CHAIN_BINARY_CASE(EACH, KERNEL, OPERATION, 2, 2)

#define CHAIN_DECLARE_RESULT(g) __m512 r##g = _mm512_setzero_ps();
#define CHAIN_STORE(g) STORE(op->y + i + 16 * g, r##g);

// Every step of the chain on the vectors EACH names from element i of the strip, loading and
// storing with LOAD and STORE (plain, or masked for the strip's end).
#define CHAIN_PASS(EACH)                                                                           \
  {                                                                                                \
    EACH(CHAIN_DECLARE_RESULT)                                                                     \
    for (const chain_op *op = ops; op < ops + count; op++) {                                       \
      switch (op->code) {                                                                          \
        CHAIN_UNARY_CASES(EACH, OLK_REGISTERS_TANH_F32, TANH)                                      \
        CHAIN_UNARY_CASES(EACH, OLK_REGISTERS_EXP_F32, EXP)                                        \
        CHAIN_BINARY_CASES(EACH, OLK_REGISTERS_ADD_F32, ADD)                                       \
        CHAIN_BINARY_CASES(EACH, OLK_REGISTERS_SUB_F32, SUB)                                       \
        CHAIN_BINARY_CASES(EACH, OLK_REGISTERS_MUL_F32, MUL)                                       \
        CHAIN_BINARY_CASES(EACH, OLK_REGISTERS_DIV_F32, DIV)                                       \
        CHAIN_BINARY_CASES(EACH, OLK_REGISTERS_TANH_GRAD_F32, TANH_GRAD)                           \
      default: break;                                                                              \
      }                                                                                            \
      if (op->y) {                                                                                 \
        EACH(CHAIN_STORE)                                                                          \
      }                                                                                            \
    }                                                                                              \
  }

#define PLAIN_LOAD(p) _mm512_loadu_ps(p)
#define PLAIN_STORE(p, v) _mm512_storeu_ps(p, v)
#define MASKED_LOAD(p) _mm512_maskz_loadu_ps(mask, p)
#define MASKED_STORE(p, v) _mm512_mask_storeu_ps(p, mask, v)

// The `count` steps decoded for the strip at element `offset`. (Kept out of the AVX-512 function:
// compiled for AVX-512, this short loop becomes gathers and scatters, slow on some cores.)
static __attribute__((noinline)) void decode(const olk_program_step *steps, intptr_t count, intptr_t offset, chain_op *ops) {
  for (intptr_t k = 0; k < count; k++) {
    const olk_program_step *step = &steps[k];
    int a = source(step, 0), b = step->operand_count > 1 ? source(step, 1) : FROM_REGISTERS;
    ops[k].code = OLK_CHAIN_CODE(step->register_kernel, a, b);
    ops[k].a = a == FROM_REGISTERS ? NULL : place(&step->operands[0], offset);
    ops[k].b = b == FROM_REGISTERS ? NULL : place(&step->operands[1], offset);
    ops[k].y = step->stores_result ? place(&step->result, offset) : NULL;
  }
}

OLK_AVX512 void olk_run_chain_avx512(const olk_program_step *steps, intptr_t count, intptr_t offset, intptr_t m) {
  chain_op ops[OLK_PROGRAM_MAX_CHAIN];
  decode(steps, count, offset, ops);
  intptr_t i = 0;
#define LOAD PLAIN_LOAD
#define STORE PLAIN_STORE
  for (; i + 64 <= m; i += 64) CHAIN_PASS(CHAIN_EACH_4)
#undef LOAD
#undef STORE
#define LOAD MASKED_LOAD
#define STORE MASKED_STORE
  for (; i < m; i += 16) {
    __mmask16 mask = (__mmask16)(m - i >= 16 ? 0xFFFF : (1u << (m - i)) - 1);
    CHAIN_PASS(CHAIN_EACH_1)
  }
#undef LOAD
#undef STORE
}

#else

int32_t olk_program_register_kernel(int32_t kind, int32_t op, int32_t dtype) {
  (void)kind, (void)op, (void)dtype;
  return 0;
}

#endif

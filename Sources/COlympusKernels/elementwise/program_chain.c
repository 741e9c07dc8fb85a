// Register chains of elementwise programs: which steps can join one, and how a chain's steps are
// decoded for a strip (program_chain.h). The runners are program_chain_avx512.c and
// program_chain_avx2.c.
#include "program_chain.h"

int32_t olk_program_register_kernel(int32_t kind, int32_t op, int32_t dtype) {
#if defined(__x86_64__)
  if (!olk_simd_active() || dtype != OLK_F32) return OLK_REGISTERS_NONE;
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
#else
  (void)kind, (void)op, (void)dtype;
#endif
  return OLK_REGISTERS_NONE;
}

// Element 0 of a memory operand or result for the strip at element `offset`.
static inline float *place(const olk_program_operand *operand, intptr_t offset) {
  return (float *)((const char *)operand->pointer + offset * operand->advance);
}

// Where operand `index` of `step` comes from.
static inline int source(const olk_program_step *step, int index) {
  if (step->register_operands >> index & 1) return OLK_FROM_REGISTERS;
  return step->operands[index].stride ? OLK_FROM_MEMORY : OLK_FROM_ELEMENT;
}

void olk_chain_decode(const olk_program_step *steps, intptr_t count, intptr_t offset, olk_chain_op *ops) {
  for (intptr_t k = 0; k < count; k++) {
    const olk_program_step *step = &steps[k];
    int a = source(step, 0), b = step->operand_count > 1 ? source(step, 1) : OLK_FROM_REGISTERS;
    ops[k].code = OLK_CHAIN_CODE(step->register_kernel, a, b);
    ops[k].a = a == OLK_FROM_REGISTERS ? NULL : place(&step->operands[0], offset);
    ops[k].b = b == OLK_FROM_REGISTERS ? NULL : place(&step->operands[1], offset);
    ops[k].y = step->stores_result ? place(&step->result, offset) : NULL;
  }
}

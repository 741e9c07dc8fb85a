// Elementwise programs: a list of kernel calls run strip by strip (what jit's fused tiles run),
// which steps can join a register chain, and how a chain's steps are decoded for a strip (the
// runners are program_chain_avx512.c and program_chain_avx2.c).
#include "olympus_elementwise.h"

#include "program_chain.h"

// The operand at element offset `offset`.
static inline const void *at(const olk_program_operand *operand, intptr_t offset) {
  return (const char *)operand->pointer + offset * operand->advance;
}

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
    ops[k].a = a == OLK_FROM_REGISTERS ? NULL : (const float *)at(&step->operands[0], offset);
    ops[k].b = b == OLK_FROM_REGISTERS ? NULL : (const float *)at(&step->operands[1], offset);
    ops[k].y = step->stores_result ? (float *)at(&step->result, offset) : NULL;
  }
}

// The kernel of `step` on m elements: operands at a, b, c (element strides sa, sb, sc), result at y.
static void run_step(const olk_program_step *step, const void *a, intptr_t sa, const void *b, intptr_t sb,
                     const void *c, intptr_t sc, void *y, intptr_t m, int avx512) {
  switch ((olk_step_kind)step->kind) {
  case OLK_STEP_UNARY:
#if defined(__x86_64__)
    if (avx512 && step->dtype == OLK_F32 && olk_unary_avx512_f32((olk_unary_op)step->op, a, sa, y, 1, m)) break;
#endif
    olk_unary((olk_unary_op)step->op, (olk_dtype)step->dtype, a, sa, y, 1, m);
    break;
  case OLK_STEP_BINARY:
#if defined(__x86_64__)
    if (avx512 && step->dtype <= OLK_F64 &&
        olk_binary_avx512((olk_binary_op)step->op, (olk_dtype)step->dtype, a, sa, b, sb, y, 1, m))
      break;
#endif
    olk_binary((olk_binary_op)step->op, (olk_dtype)step->dtype, a, sa, b, sb, y, 1, m);
    break;
  case OLK_STEP_SELECT: olk_select((olk_dtype)step->dtype, a, sa, b, sb, c, sc, y, 1, m); break;
  case OLK_STEP_CAST: olk_cast((olk_dtype)step->dtype, a, sa, (olk_dtype)step->op, y, 1, m); break;
  }
}

// The `count` steps of a register chain on elements [offset, offset + m), one kernel call after
// another (where SIMD is not active, or the chain is too long): a value the chain passes in
// registers goes through one of two strip-long buffers instead, or is read where its step stored it.
static void run_chain_in_memory(const olk_program_step *steps, intptr_t count, intptr_t offset, intptr_t m) {
  _Alignas(64) double buffers[2][OLK_PROGRAM_MAX_STRIP];
  const void *previous = NULL;
  for (intptr_t k = 0; k < count; k++) {
    const olk_program_step *step = &steps[k];
    const void *operands[3];
    intptr_t strides[3];
    for (int index = 0; index < 3; index++) {
      int passed = step->register_operands >> index & 1;
      operands[index] = passed ? previous : at(&step->operands[index], offset);
      strides[index] = passed ? 1 : step->operands[index].stride;
    }
    void *y = step->stores_result ? (void *)at(&step->result, offset) : buffers[k & 1];
    run_step(step, operands[0], strides[0], operands[1], strides[1], operands[2], strides[2], y, m, 0);
    previous = y;
  }
}

void olk_run_program(const olk_program_step *steps, intptr_t count, intptr_t n, intptr_t strip) {
  // The kernel paths are per thread and fixed during the call: ask once.
#if defined(__x86_64__)
  const int avx512 = olk_avx512_active(), simd = olk_simd_active();
#else
  const int avx512 = 0;
#endif
  if (strip > OLK_PROGRAM_MAX_STRIP) strip = OLK_PROGRAM_MAX_STRIP;
  for (intptr_t offset = 0; offset < n; offset += strip) {
    intptr_t m = n - offset < strip ? n - offset : strip;
    for (intptr_t index = 0; index < count;) {
      const olk_program_step *step = &steps[index];
      if (step->chain_length > 1) {
#if defined(__x86_64__)
        if (avx512 && step->chain_length <= OLK_PROGRAM_MAX_CHAIN)
          olk_run_chain_avx512(step, step->chain_length, offset, m);
        else if (simd && step->chain_length <= OLK_PROGRAM_MAX_CHAIN)
          olk_run_chain_avx2(step, step->chain_length, offset, m);
        else
#endif
          run_chain_in_memory(step, step->chain_length, offset, m);
        index += step->chain_length;
        continue;
      }
      const olk_program_operand *a = &step->operands[0], *b = &step->operands[1], *c = &step->operands[2];
      run_step(step, at(a, offset), a->stride, at(b, offset), b->stride, at(c, offset), c->stride,
               (void *)at(&step->result, offset), m, avx512);
      index++;
    }
  }
}

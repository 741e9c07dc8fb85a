// Elementwise programs: a list of kernel calls run strip by strip (what jit's fused tiles run).
#include "olympus_elementwise.h"

#include "ew_simd.h"

// The operand at element offset `offset`.
static inline const void *at(const olk_program_operand *operand, intptr_t offset) {
  return (const char *)operand->pointer + offset * operand->advance;
}

void olk_run_program(const olk_program_step *steps, intptr_t count, intptr_t n, intptr_t strip) {
  // The kernel paths are per thread and fixed during the call: ask once.
#if defined(__x86_64__)
  const int avx512 = olk_avx512_active();
#endif
  for (intptr_t offset = 0; offset < n; offset += strip) {
    intptr_t m = n - offset < strip ? n - offset : strip;
    for (intptr_t index = 0; index < count; index++) {
      const olk_program_step *step = &steps[index];
      const olk_program_operand *a = &step->operands[0], *b = &step->operands[1], *c = &step->operands[2];
      void *y = (void *)at(&step->result, offset);
      switch ((olk_step_kind)step->kind) {
      case OLK_STEP_UNARY:
#if defined(__x86_64__)
        if (avx512 && step->dtype == OLK_F32 &&
            olk_unary_avx512_f32((olk_unary_op)step->op, at(a, offset), a->stride, y, 1, m))
          break;
#endif
        olk_unary((olk_unary_op)step->op, (olk_dtype)step->dtype, at(a, offset), a->stride, y, 1, m);
        break;
      case OLK_STEP_BINARY:
#if defined(__x86_64__)
        if (avx512 && step->dtype <= OLK_F64 &&
            olk_binary_avx512((olk_binary_op)step->op, (olk_dtype)step->dtype, at(a, offset), a->stride,
                              at(b, offset), b->stride, y, 1, m))
          break;
#endif
        olk_binary((olk_binary_op)step->op, (olk_dtype)step->dtype, at(a, offset), a->stride, at(b, offset),
                   b->stride, y, 1, m);
        break;
      case OLK_STEP_SELECT:
        olk_select((olk_dtype)step->dtype, at(a, offset), a->stride, at(b, offset), b->stride, at(c, offset),
                   c->stride, y, 1, m);
        break;
      case OLK_STEP_CAST:
        olk_cast((olk_dtype)step->dtype, at(a, offset), a->stride, (olk_dtype)step->op, y, 1, m);
        break;
      }
    }
  }
}

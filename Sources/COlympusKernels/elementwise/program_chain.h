// Register chains of elementwise programs, shared by the AVX-512 and AVX2 runners
// (program_chain_avx512.c, program_chain_avx2.c): how a chain's steps are decoded for a strip, and
// the pass that runs every step on a few vectors while each result stays in registers. Private to
// the elementwise kernels.
#ifndef OLK_PROGRAM_CHAIN_H
#define OLK_PROGRAM_CHAIN_H

#include "ew_simd.h"

// Where a register kernel's operand comes from (OLK_CHAIN_CODE).
enum { OLK_FROM_REGISTERS = 0, OLK_FROM_MEMORY = 1, OLK_FROM_ELEMENT = 2 };

// The switch case of register kernel K with operand 0 from A and operand 1 from B (OLK_FROM_…).
#define OLK_CHAIN_CODE(K, A, B) ((K) * 9 + (A) * 3 + (B))

/// A chain step decoded for one strip: its case, its operands' and result's element 0 (NULL for
/// none), so that the passes over the strip's vectors do no other bookkeeping.
typedef struct {
  int32_t code;
  const float *a, *b;
  float *y;
} olk_chain_op;

/// Decodes the `count` steps of a chain for the strip at element `offset` into `ops` (program.c;
/// kept out of the vector functions: compiled for AVX-512, its short loop becomes gathers and
/// scatters, slow on some cores).
void olk_chain_decode(const olk_program_step *steps, intptr_t count, intptr_t offset, olk_chain_op *ops);

// The passes below are stamped by each runner, which defines first:
//   CHAIN_VECTOR           the vector type, of CHAIN_LANES float32 lanes;
//   CHAIN_SPLAT(x)         x in every lane; CHAIN_ZERO, zeros;
//   CHAIN_TANH(u), CHAIN_EXP(u), CHAIN_ADD(u, w), CHAIN_SUB(u, w), CHAIN_MUL(u, w), CHAIN_DIV(u, w),
//   CHAIN_TANH_GRAD(u, w)  the register kernels' lane operations, those of the whole-array kernels;
// and, around each use of CHAIN_PASS, LOAD(p) and STORE(p, v) (plain, or masked for a strip's end).

// X(g) for each of the vectors a pass holds (vectors are separate variables, not an array, so that
// the compiler keeps them in registers across the chain's switch).
#define CHAIN_EACH_1(X) X(0)
#define CHAIN_EACH_4(X) X(0) X(1) X(2) X(3)
#define CHAIN_EACH_8(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)

// CHAIN_u_S(g), CHAIN_w_S(g): operand 0 (u) or 1 (w) of vector g from source S: registers (the
// chain's r), memory (lanes i + CHAIN_LANES g, read with LOAD) or one element, repeated.
#define CHAIN_u_0(g) u##g = r##g;
#define CHAIN_w_0(g) w##g = r##g;
#define CHAIN_u_1(g) u##g = LOAD(op->a + i + CHAIN_LANES * g);
#define CHAIN_w_1(g) w##g = LOAD(op->b + i + CHAIN_LANES * g);
#define CHAIN_u_2(g) u##g = CHAIN_SPLAT(*op->a);
#define CHAIN_w_2(g) w##g = CHAIN_SPLAT(*op->b);
#define CHAIN_DECLARE_U(g) CHAIN_VECTOR u##g;
#define CHAIN_DECLARE_W(g) CHAIN_VECTOR w##g;

// The lane operations of the register kernels, into r.
#define CHAIN_APPLY_TANH(g) r##g = CHAIN_TANH(u##g);
#define CHAIN_APPLY_EXP(g) r##g = CHAIN_EXP(u##g);
#define CHAIN_APPLY_ADD(g) r##g = CHAIN_ADD(u##g, w##g);
#define CHAIN_APPLY_SUB(g) r##g = CHAIN_SUB(u##g, w##g);
#define CHAIN_APPLY_MUL(g) r##g = CHAIN_MUL(u##g, w##g);
#define CHAIN_APPLY_DIV(g) r##g = CHAIN_DIV(u##g, w##g);
#define CHAIN_APPLY_TANH_GRAD(g) r##g = CHAIN_TANH_GRAD(u##g, w##g);

// The case of KERNEL (an OLK_REGISTERS_… value) applying OPERATION to operand 0 from A (unary) or
// operands 0 and 1 from A and B (binary).
#define CHAIN_UNARY_CASE(EACH, KERNEL, OPERATION, A)                                               \
  case OLK_CHAIN_CODE(KERNEL, A, OLK_FROM_REGISTERS): {                                            \
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

#define CHAIN_DECLARE_RESULT(g) CHAIN_VECTOR r##g = CHAIN_ZERO;
#define CHAIN_STORE(g) STORE(op->y + i + CHAIN_LANES * g, r##g);

// Every step of the `count` decoded `ops` on the vectors EACH names from element i of the strip.
#define CHAIN_PASS(EACH)                                                                           \
  {                                                                                                \
    EACH(CHAIN_DECLARE_RESULT)                                                                     \
    for (const olk_chain_op *op = ops; op < ops + count; op++) {                                   \
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

#endif

// Two dependent steps of an elementwise program fused into one AVX-512 float32 loop: the first
// step's result passes to the second in a register, and reaches memory only when other steps read
// it too. Each lane does what the two kernels do (the vector operations of ew_avx512.h, which the
// kernels apply), so results are bit for bit those of running the steps one after the other.
#include "ew_simd.h"

#if defined(__x86_64__)

#include "ew_avx512.h"

// The operations a pair fuses, as functions of two vectors (the unary ones ignore the second).
#define OLK_PAIR_ADD(u, v) _mm512_add_ps(u, v)
#define OLK_PAIR_SUB(u, v) _mm512_sub_ps(u, v)
#define OLK_PAIR_MUL(u, v) _mm512_mul_ps(u, v)
#define OLK_PAIR_DIV(u, v) _mm512_div_ps(u, v)
#define OLK_PAIR_TANH_GRAD(u, v) tanh_grad_ps(u, v)
#define OLK_PAIR_TANH(u, v) tanh_ps(u)
#define OLK_PAIR_EXP(u, v) exp_ps(u)

// Every operation, in the order of pair_index; the second list stamps pairs with a given first.
#define OLK_PAIR_FIRSTS(X) X(ADD) X(SUB) X(MUL) X(DIV) X(TANH_GRAD) X(TANH) X(EXP)
#define OLK_PAIR_SECONDS(X, FIRST)                                                                 \
  X(FIRST, ADD) X(FIRST, SUB) X(FIRST, MUL) X(FIRST, DIV) X(FIRST, TANH_GRAD) X(FIRST, TANH) X(FIRST, EXP)
#define OLK_PAIR_COUNT 7

// One fused call: the first step's operands a and b, the second step's other operand c (each
// advancing 16 elements per vector, or 0 for a broadcast held in a 16-element buffer), whether the
// second step's operands 0 and 1 take the first result (all lanes or none), where the first result
// is kept (NULL: nowhere) and where the second goes, for n elements.
typedef struct {
  const float *a, *b, *c;
  intptr_t ia, ib, ic;
  __mmask16 into_u, into_v;
  float *r, *y;
  intptr_t n;
} olk_pair_call;

// The first result t and the second z of one vector, from operand vectors A, B, C.
#define OLK_PAIR_VECTOR(FIRST, SECOND, A, B, C)                                                     \
  const __m512 t = OLK_PAIR_##FIRST(A, B), other = C;                                               \
  const __m512 z = OLK_PAIR_##SECOND(_mm512_mask_mov_ps(other, into_u, t), _mm512_mask_mov_ps(other, into_v, t));

// Full vectors, loads before stores (a result may overwrite an operand of the same element);
// KEEP stores the first result too.
#define OLK_PAIR_LOOP(FIRST, SECOND, KEEP)                                                          \
  for (; i + 16 <= n; i += 16, a += ia, b += ib, c += ic) {                                         \
    OLK_PAIR_VECTOR(FIRST, SECOND, _mm512_loadu_ps(a), _mm512_loadu_ps(b), _mm512_loadu_ps(c))      \
    if (KEEP) _mm512_storeu_ps(r + i, t);                                                           \
    _mm512_storeu_ps(y + i, z);                                                                     \
  }

#define OLK_DEFINE_PAIR(FIRST, SECOND)                                                              \
  static OLK_AVX512 void pair_##FIRST##_##SECOND(const olk_pair_call *call) {                       \
    const float *a = call->a, *b = call->b, *c = call->c;                                           \
    const intptr_t ia = call->ia, ib = call->ib, ic = call->ic, n = call->n;                        \
    const __mmask16 into_u = call->into_u, into_v = call->into_v;                                   \
    (void)into_v; /* a unary second step reads one operand */                                      \
    float *r = call->r, *y = call->y;                                                               \
    intptr_t i = 0;                                                                                 \
    if (r) {                                                                                        \
      OLK_PAIR_LOOP(FIRST, SECOND, 1)                                                               \
    } else {                                                                                        \
      OLK_PAIR_LOOP(FIRST, SECOND, 0)                                                               \
    }                                                                                               \
    if (i < n) {                                                                                    \
      const __mmask16 m = (__mmask16)((1u << (n - i)) - 1);                                         \
      OLK_PAIR_VECTOR(FIRST, SECOND, _mm512_maskz_loadu_ps(m, a), _mm512_maskz_loadu_ps(m, b),      \
                      _mm512_maskz_loadu_ps(m, c))                                                  \
      if (r) _mm512_mask_storeu_ps(r + i, m, t);                                                    \
      _mm512_mask_storeu_ps(y + i, m, z);                                                           \
    }                                                                                               \
  }

#define OLK_DEFINE_PAIRS_WITH(FIRST) OLK_PAIR_SECONDS(OLK_DEFINE_PAIR, FIRST)
OLK_PAIR_FIRSTS(OLK_DEFINE_PAIRS_WITH)

#define OLK_PAIR_ENTRY(FIRST, SECOND) pair_##FIRST##_##SECOND,
#define OLK_PAIR_ROW(FIRST) {OLK_PAIR_SECONDS(OLK_PAIR_ENTRY, FIRST)},
static void (*const olk_pairs[OLK_PAIR_COUNT][OLK_PAIR_COUNT])(const olk_pair_call *) = {OLK_PAIR_FIRSTS(OLK_PAIR_ROW)};

// The position of a step's operation in OLK_PAIR_FIRSTS, or -1 when no pair fuses it: float32
// operations whose kernels take the AVX-512 path in a program (the binary ones always, exp and
// tanh on contiguous data, as olk_unary_avx512_f32).
static int pair_index(const olk_program_step *step) {
  if (step->dtype != OLK_F32) return -1;
  if (step->kind == OLK_STEP_BINARY) {
    switch ((olk_binary_op)step->op) {
    case OLK_ADD: return 0;
    case OLK_SUB: return 1;
    case OLK_MUL: return 2;
    case OLK_DIV: return 3;
    case OLK_TANH_GRAD: return 4;
    default: return -1;
    }
  }
  if (step->kind == OLK_STEP_UNARY && step->operands[0].stride == 1) {
    switch ((olk_unary_op)step->op) {
    case OLK_TANH: return 5;
    case OLK_EXP: return 6;
    default: return -1;
    }
  }
  return -1;
}

// Where `operand` is for element `offset`, and how far it moves per vector: a broadcast element is
// copied into `splat` first, so that every operand loads a whole vector.
static void pair_operand(const olk_program_operand *operand, intptr_t offset, float splat[16], const float **pointer,
                         intptr_t *increment) {
  if (operand->stride == 0) {
    const float value = *(const float *)olk_program_operand_at(operand, offset);
    for (int lane = 0; lane < 16; lane++) splat[lane] = value;
    *pointer = splat;
    *increment = 0;
  } else {
    *pointer = (const float *)olk_program_operand_at(operand, offset);
    *increment = 16;
  }
}

int olk_run_pair_avx512(const olk_program_step *first, const olk_program_step *second, intptr_t offset, intptr_t n) {
  const int f = pair_index(first), s = pair_index(second), feeds = first->feeds_next;
  // A unary second step reads the first result as its operand.
  if (f < 0 || s < 0 || feeds == 0 || (second->operand_count == 1 && feeds != 1)) return 0;
  float splat[3][16] __attribute__((aligned(64)));
  olk_pair_call call;
  pair_operand(&first->operands[0], offset, splat[0], &call.a, &call.ia);
  pair_operand(&first->operands[first->operand_count > 1 ? 1 : 0], offset, splat[1], &call.b, &call.ib);
  // The second step's operand that is not the first result (none: any valid operand, unused).
  const int other = second->operand_count == 1 || feeds == 3 ? -1 : feeds == 1 ? 1 : 0;
  if (other >= 0) {
    pair_operand(&second->operands[other], offset, splat[2], &call.c, &call.ic);
  } else {
    call.c = call.a;
    call.ic = call.ia;
  }
  call.into_u = (feeds & 1) ? 0xFFFF : 0;
  call.into_v = (feeds & 2) ? 0xFFFF : 0;
  call.r = first->keeps_result ? (float *)olk_program_operand_at(&first->result, offset) : NULL;
  call.y = (float *)olk_program_operand_at(&second->result, offset);
  call.n = n;
  olk_pairs[f][s](&call);
  return 1;
}

#endif

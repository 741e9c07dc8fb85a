// Entry points of the AVX2/FMA elementwise paths. Private to the elementwise kernels.
#ifndef OLK_EW_SIMD_H
#define OLK_EW_SIMD_H

#include "olympus_elementwise.h"

/// Runs a float unary operation on the AVX2/FMA path. Returns 1 when it handled the call, 0 when the
/// caller must run the portable loop (no such SIMD kernel, or not an x86-64 build). The caller has
/// checked that SIMD is active and that `op` is defined for `dtype`.
int olk_unary_simd(olk_unary_op op, olk_dtype dtype, const void *x, intptr_t sx, void *y, intptr_t sy, intptr_t n);

#if defined(__x86_64__)
/// The float32 and float64 halves of olk_unary_simd (simd_math_f32.c, simd_math_f64.c).
int olk_unary_simd_f32(olk_unary_op op, const float *x, intptr_t sx, float *y, intptr_t sy, intptr_t n);
int olk_unary_simd_f64(olk_unary_op op, const double *x, intptr_t sx, double *y, intptr_t sy, intptr_t n);

/// The float32 binary operations built on simd_math_f32.c's approximations (gelu_tanh_grad), any
/// strides, every element on the vector path. Returns 1 when it handled the call, 0 otherwise.
int olk_binary_math_simd_f32(olk_binary_op op, const float *a, intptr_t sa, const float *b, intptr_t sb, float *y,
                             intptr_t sy, intptr_t n);

/// The AVX-512 float32 kernels (simd_math_f32_avx512.c): exp and tanh of contiguous data. Returns 1
/// when it handled the call, 0 when the AVX2 path must run. The caller has checked that AVX-512 is
/// active.
int olk_unary_avx512_f32(olk_unary_op op, const float *x, intptr_t sx, float *y, intptr_t sy, intptr_t n);

/// The AVX-512 float binary kernels (simd_binary_avx512.c): add, sub, mul, div and tanh_grad with
/// a contiguous output below the streaming size and inputs of stride 0 or 1. Returns 1 when it
/// handled the call, 0 when the caller must go on; the caller has checked that AVX-512 is active.
int olk_binary_avx512(olk_binary_op op, olk_dtype dtype, const void *a, intptr_t sa, const void *b, intptr_t sb,
                      void *y, intptr_t sy, intptr_t n);

/// Runs the `count` steps of a register chain (the first holds the chain's length), count <=
/// OLK_PROGRAM_MAX_CHAIN, on elements [offset, offset + m) of a strip, m <= OLK_PROGRAM_MAX_STRIP:
/// on AVX-512 (program_chain_avx512.c; the caller has checked that AVX-512 is active) or on AVX2
/// (program_chain_avx2.c; the caller has checked that SIMD is active).
void olk_run_chain_avx512(const olk_program_step *steps, intptr_t count, intptr_t offset, intptr_t m);
void olk_run_chain_avx2(const olk_program_step *steps, intptr_t count, intptr_t offset, intptr_t m);
#endif

/// What a step computes in a register chain (`olk_program_step.register_kernel`).
enum {
  OLK_REGISTERS_NONE = 0,
  OLK_REGISTERS_TANH_F32,
  OLK_REGISTERS_EXP_F32,
  OLK_REGISTERS_ADD_F32,
  OLK_REGISTERS_SUB_F32,
  OLK_REGISTERS_MUL_F32,
  OLK_REGISTERS_DIV_F32,
  OLK_REGISTERS_TANH_GRAD_F32,
};

/// Runs a float binary operation on the AVX2 path: arithmetic when the output is contiguous and each
/// input has stride 0 or 1, float32 gelu_tanh_grad on any layout. Returns 1 when handled, 0
/// otherwise; same caller contract as above.
int olk_binary_simd(olk_binary_op op, olk_dtype dtype, const void *a, intptr_t sa, const void *b, intptr_t sb,
                    void *y, intptr_t sy, intptr_t n);

#endif

#ifndef OLYMPUS_GEMM_INTERNAL_H
#define OLYMPUS_GEMM_INTERNAL_H

// Shared between the GEMM driver, packing and micro-kernel files; not part of the public header.

#include "olympus_linalg.h"

/// Micro-tile: GEMM_MR rows of A times GEMM_NR_F32 / GEMM_NR_F64 columns of B, i.e. 6 rows of two
/// 256-bit vectors in both precisions (12 accumulators).
#define GEMM_MR 6
#define GEMM_NR_F32 16
#define GEMM_NR_F64 8

/// C[mr×nr] (row stride ldc) = or += the product of a packed A micro-panel (kc steps of GEMM_MR
/// values) and a packed B micro-panel (kc steps of NR values). Packed panels are 64-byte aligned.
typedef void (*olk_gemm_kernel_f32)(intptr_t kc, const float *a, const float *b, float *c, intptr_t ldc,
                                    int accumulate);
typedef void (*olk_gemm_kernel_f64)(intptr_t kc, const double *a, const double *b, double *c, intptr_t ldc,
                                    int accumulate);

void olk_gemm_kernel_f32_portable(intptr_t kc, const float *a, const float *b, float *c, intptr_t ldc,
                                  int accumulate);
void olk_gemm_kernel_f64_portable(intptr_t kc, const double *a, const double *b, double *c, intptr_t ldc,
                                  int accumulate);
#if defined(__x86_64__)
void olk_gemm_kernel_f32_avx2(intptr_t kc, const float *a, const float *b, float *c, intptr_t ldc,
                              int accumulate);
void olk_gemm_kernel_f64_avx2(intptr_t kc, const double *a, const double *b, double *c, intptr_t ldc,
                              int accumulate);
#endif

/// Packs rows [i0, i0+mc) × columns [p0, p0+kc) of op(A) into GEMM_MR-row panels, zero-padding
/// the last panel.
void olk_gemm_pack_a_f32(const olk_gemm_problem *p, intptr_t i0, intptr_t mc, intptr_t p0, intptr_t kc,
                         float *dst);
void olk_gemm_pack_a_f64(const olk_gemm_problem *p, intptr_t i0, intptr_t mc, intptr_t p0, intptr_t kc,
                         double *dst);

/// Packs rows [p0, p0+kc) × columns [j0, j0+nc) of op(B) into one NR-column panel per NR
/// columns, zero-padding the last panel. `dst` points at the first panel written.
void olk_gemm_pack_b_f32(const olk_gemm_problem *p, intptr_t p0, intptr_t kc, intptr_t j0, intptr_t nc,
                         float *dst);
void olk_gemm_pack_b_f64(const olk_gemm_problem *p, intptr_t p0, intptr_t kc, intptr_t j0, intptr_t nc,
                         double *dst);

/// The calling thread's buffer for packed A, at least `bytes` long and 64-byte aligned.
void *olk_gemm_private_workspace(size_t bytes);

#endif

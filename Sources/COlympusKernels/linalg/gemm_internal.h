#ifndef OLYMPUS_GEMM_INTERNAL_H
#define OLYMPUS_GEMM_INTERNAL_H

// Shared between the GEMM driver, packing and micro-kernel files; not part of the public header.

#include "olympus_linalg.h"

static inline intptr_t min_intptr(intptr_t x, intptr_t y) { return x < y ? x : y; }

static inline intptr_t max_intptr(intptr_t x, intptr_t y) { return x > y ? x : y; }

static inline intptr_t round_up(intptr_t x, intptr_t step) { return (x + step - 1) / step * step; }

static inline intptr_t divide_up(intptr_t x, intptr_t y) { return (x + y - 1) / y; }

/// Micro-tile of the portable and AVX2 kernels: GEMM_MR rows of A times GEMM_NR_F32 /
/// GEMM_NR_F64 columns of B, i.e. 6 rows of two 256-bit vectors in both precisions (12
/// accumulators).
#define GEMM_MR 6
#define GEMM_NR_F32 16
#define GEMM_NR_F64 8

/// Micro-tile of the AVX-512 kernels: GEMM_MR_AVX512 rows of GEMM_VECTORS_AVX512 512-bit vectors
/// (24 of the 32 zmm registers accumulate, 4 hold B). Measured on Zen 5 with 1 thread (best of
/// several runs, other builds running), float32 GFLOP/s on 256³ and 128×512×784: 6×64 239 and 225,
/// 14×32 224 and 210, 12×32 226 and 227, 8×48 217 and 229, 7×64 194 and 192. 6 rows also waste
/// little on the 128-row products of an MLP batch (22 panels for 128 rows; 14 rows need 10 for
/// 140).
#define GEMM_MR_AVX512 6
#define GEMM_VECTORS_AVX512 4
#define GEMM_NR_F32_AVX512 (16 * GEMM_VECTORS_AVX512)
#define GEMM_NR_F64_AVX512 (8 * GEMM_VECTORS_AVX512)

/// Elements of the largest micro-tile, for the driver's edge-tile buffer.
#define GEMM_TILE_MAX (GEMM_MR_AVX512 * GEMM_NR_F32_AVX512)

/// Values of `olk_gemm_problem.simd`.
enum { GEMM_PORTABLE = 0, GEMM_AVX2 = 1, GEMM_AVX512 = 2 };

/// Block sizes, the same for both precisions: a KC×NR micro-panel of B stays in L1, an MC×KC
/// block of A in L2, a KC×NC block of B in L3. AVX2, measured on Zen 5 with 1 thread at
/// n = 1024: KC 128–384 and MC 72–300 all land within 2% of each other.
#define GEMM_KC 256
#define GEMM_MC 120
#define GEMM_NC 2048

/// AVX-512 block sizes: the 6×KC A micro-panel and the KC×64 B micro-panel (64 KiB, streamed
/// from L2 with the A block) per micro-tile, MC×KC of A (120 KiB) in L2. Measured on Zen 5 with 1
/// thread (thread CPU time, float32 1024³, 256³, 128×512×784): KC 128, 256 and 384 with MC 60,
/// 120 and 240 all land within 2% of each other (about 248, 240 and 230 GFLOP/s).
#define GEMM_KC_AVX512 256
#define GEMM_MC_AVX512 120
#define GEMM_NC_AVX512 2048

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
void olk_gemm_kernel_f32_avx512(intptr_t kc, const float *a, const float *b, float *c, intptr_t ldc,
                                int accumulate);
void olk_gemm_kernel_f64_avx512(intptr_t kc, const double *a, const double *b, double *c, intptr_t ldc,
                                int accumulate);
#endif

#if defined(__x86_64__)
/// Packs the first kc - kc % L steps (L = lanes of a 256-bit vector) of a full panel of W lines
/// (W = GEMM_MR or NR) whose steps are contiguous and whose lines are `s_line` apart, in the
/// layout of the pack functions below. Returns the number of steps packed.
intptr_t olk_gemm_pack_lines_f32_avx2(const float *src, intptr_t s_line, intptr_t kc, intptr_t W,
                                      float *dst);
intptr_t olk_gemm_pack_lines_f64_avx2(const double *src, intptr_t s_line, intptr_t kc, intptr_t W,
                                      double *dst);
#endif

#if defined(__x86_64__)
/// Matrix-vector loops of gemm_vector.c for outputs [begin, end): axpy form
/// out[o*os] = Σ_s v[s*vs]·M[s*ms + o], or dot form out[o*os] = Σ_s M[o*ms + s]·v[s] (vs must be 1).
/// Returns where they stopped; the caller finishes [result, end).
intptr_t olk_gemm_vector_f32_avx2(int axpy, const float *M, intptr_t ms, const float *v, intptr_t vs,
                                  intptr_t k, float *out, intptr_t os, intptr_t begin, intptr_t end);
intptr_t olk_gemm_vector_f64_avx2(int axpy, const double *M, intptr_t ms, const double *v, intptr_t vs,
                                  intptr_t k, double *out, intptr_t os, intptr_t begin, intptr_t end);
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

/// The calling thread's buffers, at least `bytes` long and 64-byte aligned, reused by its later
/// calls: the private one holds packed A; the shared one a packed block of B that other threads
/// read while the calling thread's product runs.
void *olk_gemm_private_workspace(size_t bytes);
void *olk_gemm_shared_workspace(size_t bytes);

/// The calling thread's buffer for an operand its caller builds before a product (the columns of a
/// convolution), at least `bytes` long, 64-byte aligned and reused; the GEMM itself never uses it.
void *olk_gemm_operand_workspace(size_t bytes);

/// Bytes the packed block of B needs for `p`'s block sizes.
size_t olk_gemm_packed_b_bytes(const olk_gemm_problem *p);

/// Packs the column panels [panel_begin, panel_end) (each `p->nr` wide) of the block of op(B)
/// with rows [pc, pc+kc) and columns [jc, jc+nc) into `packed_b` (the whole block's buffer).
void olk_gemm_pack_b_panels(const olk_gemm_problem *p, intptr_t pc, intptr_t kc, intptr_t jc, intptr_t nc,
                            intptr_t panel_begin, intptr_t panel_end, void *packed_b);

/// C[mc×nc] (row stride `p->ldc`) = or += (`accumulate`) packed A (mc rows in `p->mr`-row panels of
/// kc steps) times packed B (nc columns in `p->nr`-column panels of kc steps), for callers that
/// pack their operands themselves (the convolution's implicit GEMM). `p` must be prepared.
void olk_gemm_multiply_packed(const olk_gemm_problem *p, intptr_t mc, intptr_t nc, intptr_t kc, const void *packed_a,
                              const void *packed_b, void *c, int accumulate);

/// Multiplies rows [row_begin, row_end) of op(A)'s columns [pc, pc+kc) by the columns
/// [col_begin, col_end) (relative to jc, col_begin a multiple of `p->nr`) of the packed block of
/// B, writing C when pc is 0 and adding to it otherwise. Packs A into the private workspace.
void olk_gemm_compute(const olk_gemm_problem *p, intptr_t pc, intptr_t kc, intptr_t jc,
                      const void *packed_b, intptr_t row_begin, intptr_t row_end,
                      intptr_t col_begin, intptr_t col_end);

#endif

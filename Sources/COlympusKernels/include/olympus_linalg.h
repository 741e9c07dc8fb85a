#ifndef OLYMPUS_LINALG_H
#define OLYMPUS_LINALG_H

#include "olympus_common.h"

/// One matrix product C[m×n] = op(A)[m×k] · op(B)[k×n] in row-major storage, float32 or float64.
///
/// `lda`, `ldb` and `ldc` are row strides in elements of the stored matrices (A is stored k×m when
/// `trans_a` is set, B n×k when `trans_b` is set) and may be 0 or negative. C is overwritten.
/// `olk_gemm_prepare` fills the remaining fields; they stay fixed for the whole product.
typedef struct {
  olk_dtype dtype;
  int trans_a, trans_b;
  intptr_t m, n, k;
  const void *a;
  intptr_t lda;
  const void *b;
  intptr_t ldb;
  void *c;
  intptr_t ldc;
  /// Filled by `olk_gemm_prepare`: 1 when the AVX2/FMA micro-kernel runs, 0 for the portable one.
  int simd;
  /// Filled by `olk_gemm_prepare`: micro-tile rows and columns, and the k, m and n block sizes.
  intptr_t mr, nr, kc, mc, nc;
} olk_gemm_problem;

/// Chooses the micro-kernel (from `olk_simd_active()`) and the block sizes for `p->dtype`.
void olk_gemm_prepare(olk_gemm_problem *p);

/// Computes the whole product on the calling thread. `p` must be prepared.
void olk_gemm_serial(const olk_gemm_problem *p);

/// A buffer of at least `bytes` bytes, 64-byte aligned, owned by the calling thread and reused by
/// its later calls; it holds a packed block of B that other threads read during one product.
void *olk_gemm_shared_workspace(size_t bytes);

/// Bytes the packed block of B needs for `p`'s block sizes.
size_t olk_gemm_packed_b_bytes(const olk_gemm_problem *p);

/// Packs the column panels [panel_begin, panel_end) (each `p->nr` wide) of the block of op(B)
/// with rows [pc, pc+kc) and columns [jc, jc+nc) into `packed_b`.
void olk_gemm_pack_b(const olk_gemm_problem *p, intptr_t pc, intptr_t kc, intptr_t jc, intptr_t nc,
                     intptr_t panel_begin, intptr_t panel_end, void *packed_b);

/// Multiplies rows [row_begin, row_end) of op(A)'s columns [pc, pc+kc) by the columns
/// [col_begin, col_end) (relative to jc, a multiple of `p->nr`) of the packed block of B, writing
/// C when pc is 0 and adding to it otherwise. Packs A into a buffer of the calling thread.
void olk_gemm_compute(const olk_gemm_problem *p, intptr_t pc, intptr_t kc, intptr_t jc,
                      const void *packed_b, intptr_t row_begin, intptr_t row_end,
                      intptr_t col_begin, intptr_t col_end);

/// Integer product C = op(A) · op(B) for int32 or int64 with wrapping arithmetic; same layout
/// rules as `olk_gemm_problem` (its `simd` and block fields are ignored).
void olk_gemm_integer(const olk_gemm_problem *p);

#endif

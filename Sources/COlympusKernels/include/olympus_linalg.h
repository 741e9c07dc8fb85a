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
  /// Filled by `olk_gemm_prepare`: 2 when the AVX-512 micro-kernel runs, 1 for the AVX2/FMA one,
  /// 0 for the portable one. Packing and the matrix-vector loops use AVX2 whenever it is nonzero.
  int simd;
  /// Filled by `olk_gemm_prepare`: micro-tile rows and columns, and the k, m and n block sizes.
  intptr_t mr, nr, kc, mc, nc;
} olk_gemm_problem;

/// Chooses the micro-kernel (from `olk_avx512_active()` and `olk_simd_active()`) and its tile and
/// block sizes for `p->dtype`.
void olk_gemm_prepare(olk_gemm_problem *p);

/// Computes the whole product on the calling thread (C = 0 when k is 0). `p` must be prepared.
void olk_gemm_serial(const olk_gemm_problem *p);

/// Matrix-vector products, the case m == 1 or n == 1 (`p` prepared; k may be 0): computes outputs
/// [begin, end), i.e. rows of C when n == 1, otherwise columns. Ranges may run on different threads.
void olk_gemm_vector(const olk_gemm_problem *p, intptr_t begin, intptr_t end);

/// Outer products, the case k == 1 (float32 or float64; `p` prepared): computes rows
/// [begin, end) of C, each b scaled by one element of a. Ranges may run on different threads.
void olk_gemm_outer(const olk_gemm_problem *p, intptr_t begin, intptr_t end);

/// A product shared out among threads: the packing and multiplying tasks of every block and
/// counters that hand them out. Any number of threads may work on it; none waits for a task
/// that nobody has claimed, so it completes even if only one thread ever arrives.
typedef struct olk_gemm_schedule olk_gemm_schedule;

/// Plans `p` (prepared, m, n, k > 0) for `threads` threads.
olk_gemm_schedule *olk_gemm_schedule_create(const olk_gemm_problem *p, int threads);

/// Runs tasks of `s` until none is left unclaimed; call it from each participating thread. The
/// product is complete when every participating thread's call has returned.
void olk_gemm_schedule_work(olk_gemm_schedule *s);

/// Frees `s` after every `olk_gemm_schedule_work` call on it has returned.
void olk_gemm_schedule_destroy(olk_gemm_schedule *s);

/// Integer product C = op(A) · op(B) for int32 or int64 with wrapping arithmetic; same layout
/// rules as `olk_gemm_problem` (its `simd` and block fields are ignored).
void olk_gemm_integer(const olk_gemm_problem *p);

#endif

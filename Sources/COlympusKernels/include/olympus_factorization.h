#ifndef OLYMPUS_FACTORIZATION_H
#define OLYMPUS_FACTORIZATION_H

#include "olympus_common.h"

// Unblocked pieces of the built-in dense factorizations (float32 or float64, row-major, row
// strides in elements). The blocked drivers in Swift (OlympusKernels/LinearAlgebra) call them on
// diagonal blocks and panels and leave the bulk of the work to the GEMM.

/// Cholesky factorization in place of the lower triangle of the n×n matrix `a`: A = L·Lᵀ with L
/// lower (the strict upper triangle is neither read nor written). Returns 0, or k + 1 when the
/// pivot of column k is not positive (or not a number); columns before k are then factored.
intptr_t olk_cholesky_unblocked(olk_dtype dtype, intptr_t n, void *a, intptr_t lda);

/// LU factorization with partial pivoting of the m×b panel whose top-left element is column
/// `column` of row 0 of `rows` (row stride `lda`): for each panel column the row of largest
/// magnitude is swapped up, exchanging whole rows of `width` elements from `rows`'s column 0.
/// Writes the local index of the row swapped with row c to `swaps[c]`. The multipliers (L, unit
/// diagonal implied) replace the panel below the diagonal, U on and above it. Returns 0, or c + 1
/// for the first panel column c whose pivot is exactly zero (that column is left unscaled).
intptr_t olk_lu_panel(olk_dtype dtype, intptr_t m, intptr_t b, void *rows, intptr_t lda, intptr_t column,
                      intptr_t width, intptr_t *swaps);

/// Solves op(A)·X = B in place of the n×k matrix `b` (row stride `ldb`), where op(A)[i][j] is
/// a[i·row_stride + j·column_stride] and is lower triangular when `lower` is set, upper
/// otherwise; with `unit_diagonal` its diagonal is taken as ones and not read.
void olk_triangular_solve_left(olk_dtype dtype, intptr_t n, intptr_t k, const void *a, intptr_t row_stride,
                               intptr_t column_stride, int lower, int unit_diagonal, void *b, intptr_t ldb);

/// X ← X·L⁻ᵀ in place of the m×n matrix `x` (row stride `ldx`), L lower with a nonzero diagonal
/// (row stride `ldl`): each row of X is solved against L by forward substitution. The panel
/// step of the blocked Cholesky factorization.
void olk_triangular_solve_rows_lower_transposed(olk_dtype dtype, intptr_t m, intptr_t n, const void *l,
                                                intptr_t ldl, void *x, intptr_t ldx);

/// Solves A·X = B in place of B for the systems `first..<last` of a batch: A n×n (n ≤ 16, read
/// only) at a + index·n·n, B n×k at b + index·n·k, both contiguous. Each system takes one pass of
/// LU with partial pivoting (the pivots of `olk_lu_panel`) that eliminates in B as it goes, then
/// back substitution. Writes 0, or c + 1 for the first column c whose pivot is exactly zero (X is
/// then not finite), to infos[index].
void olk_solve_small(olk_dtype dtype, intptr_t n, intptr_t k, intptr_t first, intptr_t last, const void *a, void *b,
                     intptr_t *infos);

/// C ← C − T for m×n matrices with row strides `ldc` and `ldt`: applies a product the GEMM
/// wrote to scratch (the trailing updates of the blocked factorizations).
void olk_matrix_subtract(olk_dtype dtype, intptr_t m, intptr_t n, void *c, intptr_t ldc, const void *t,
                         intptr_t ldt);

#endif

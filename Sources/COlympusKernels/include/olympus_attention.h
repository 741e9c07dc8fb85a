#ifndef OLYMPUS_ATTENTION_H
#define OLYMPUS_ATTENTION_H

#include "olympus_common.h"

/// One head of scaled dot-product attention: `m` queries and `n` keys of `d` features, `n` values
/// of `e` features. Query row i attends key j when the mask allows it: `causal` allows j <= i
/// (top-left aligned, PyTorch's `is_causal`), `mask` (one byte per pair, nonzero = attend, element
/// (i, j) at `i*mask_row + j*mask_column`; NULL: none) allows its nonzero pairs; both apply together.
typedef struct {
  intptr_t m, n, d, e;
  double scale;
  int causal;
  const uint8_t *mask;
  intptr_t mask_row, mask_column;
} olk_attention_head;

/// Forward pass of one head by tiles of keys with an online softmax: never more than one tile of
/// scores is held. q, k, v rows are `ldq`, `ldk`, `ldv` elements apart (elements within a row are
/// adjacent); o is written row-major [m, e], lse [m] receives log Σ_j exp(s_ij) with
/// s = scale·q·kᵀ over the allowed keys. A query without any allowed key gets o = 0, lse = -inf.
/// dtype is OLK_F32 or OLK_F64.
void olk_attention_forward(olk_dtype dtype, const olk_attention_head *head, const void *q, intptr_t ldq,
                           const void *k, intptr_t ldk, const void *v, intptr_t ldv, void *o, void *lse);

/// Backward pass of one head, recomputing the probabilities p_ij = exp(s_ij − lse_i) tile by tile:
/// with `delta_i` = Σ_c dO_ic·o_ic (minus the cotangent of lse_i, if any) and
/// ds_ij = p_ij·(dO_i·v_j − delta_i), writes dq = scale·ds·k [m, d], dk = scale·dsᵀ·q [n, d] and
/// dv = pᵀ·dO [n, e], all row-major. dO rows are `lddo` apart; lse and delta are [m].
void olk_attention_backward(olk_dtype dtype, const olk_attention_head *head, const void *q, intptr_t ldq,
                            const void *k, intptr_t ldk, const void *v, intptr_t ldv, const void *lse,
                            const void *dout, intptr_t lddo, const void *delta, void *dq, void *dk, void *dv);

#endif

#ifndef OLYMPUS_INDEXING_H
#define OLYMPUS_INDEXING_H

#include "olympus_common.h"

/// Copies rows: for rows u0 <= u < u1 of the [outer, index_count] grid (o = u / index_count,
/// j = u % index_count), y[u*inner ..< (u+1)*inner] = x[(o*axis + indices[j])*inner ..< +inner].
/// Elements are `element_size` bytes; indices must lie in 0 ..< axis.
void olk_gather(size_t element_size, const void *x, intptr_t axis, intptr_t inner, const int64_t *indices,
                intptr_t index_count, void *y, intptr_t u0, intptr_t u1);

/// y[o*axis*inner + indices[j]*inner + i] += updates[o*index_count*inner + j*inner + i] for
/// 0 <= o < outer, 0 <= j < index_count (in that order), 0 <= i < width. Integers wrap.
/// Returns 0, or -1 for bool.
int olk_scatter_add(olk_dtype dtype, const void *updates, intptr_t outer, intptr_t index_count, intptr_t inner,
                    const int64_t *indices, intptr_t axis, intptr_t width, void *y);

#endif

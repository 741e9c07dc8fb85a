// The attention kernels for one element type, included by attention.c once per type with T (the
// element type), DT (its olk_dtype), SUFFIX and TARGET (a function attribute selecting the
// instruction set) defined. Every inner loop is an axpy over a contiguous row (a tile row of scores,
// a row of features), which the compiler vectorizes for the target without reassociating sums.

#define NAME2(base, suffix, target) base##_##suffix##_##target
#define NAME1(base, suffix, target) NAME2(base, suffix, target)
#define NAME(base) NAME1(base, SUFFIX, TARGET_NAME)

/// Keys per tile.
#ifndef ATTENTION_TILE
#define ATTENTION_TILE 64
#endif

/// Queries whose probabilities against a tile the passes hold at once.
#ifndef ATTENTION_QUERIES
#define ATTENTION_QUERIES 64
#endif

/// The register blocks of the passes' sums: ATTENTION_BLOCK output rows of ATTENTION_CHUNK features
/// (128 bytes: two 512-bit or four 256-bit vectors per row).
#ifndef ATTENTION_BLOCK
#define ATTENTION_BLOCK 4
#endif
#define ATTENTION_CHUNK ((intptr_t)(128 / sizeof(T)))

/// out[c] = Σ_f x[f]·t[f][c] for a tile t of `rows` rows of `width`. A full tile accumulates in a
/// local array of constant size, which the compiler keeps in vector registers.
TARGET static inline __attribute__((always_inline)) void NAME(row_times_tile)(
    const T *restrict x, const T *restrict t, intptr_t rows, intptr_t width, T *restrict out) {
  if (width == ATTENTION_TILE) {
    T acc[ATTENTION_TILE] = {0};
    for (intptr_t f = 0; f < rows; f++) {
      const T a = x[f];
      const T *restrict tf = t + f * ATTENTION_TILE;
      for (intptr_t c = 0; c < ATTENTION_TILE; c++) acc[c] += a * tf[c];
    }
    for (intptr_t c = 0; c < ATTENTION_TILE; c++) out[c] = acc[c];
    return;
  }
  for (intptr_t c = 0; c < width; c++) out[c] = 0;
  for (intptr_t f = 0; f < rows; f++) {
    const T a = x[f];
    const T *restrict tf = t + f * width;
    for (intptr_t c = 0; c < width; c++) out[c] += a * tf[c];
  }
}

/// Scores of query row `qi` against the key tile held transposed in kt (d rows of `width`):
/// s[c] = scale · Σ_f qi[f]·kt[f][c], then -inf where the pair is masked out. Returns how many
/// keys are allowed.
TARGET static inline __attribute__((always_inline)) intptr_t NAME(tile_scores)(
    const olk_attention_head *h, intptr_t row, intptr_t c0, intptr_t width, const T *restrict qi,
    const T *restrict kt, T *restrict s) {
  NAME(row_times_tile)(qi, kt, h->d, width, s);
  const T scale = (T)h->scale;
  intptr_t allowed = 0;
  for (intptr_t c = 0; c < width; c++) {
    intptr_t j = c0 + c;
    int ok = (!h->causal || j <= row) && (h->mask == NULL || h->mask[row * h->mask_row + j * h->mask_column]);
    s[c] = ok ? s[c] * scale : (T)-INFINITY;
    allowed += ok;
  }
  return allowed;
}

/// Rows c0..<c0+width of x (rows `ld` apart, `cols` features) written transposed into t [cols][width].
TARGET static inline __attribute__((always_inline)) void NAME(transpose_tile)(
    const T *restrict x, intptr_t ld, intptr_t c0, intptr_t width, intptr_t cols, T *restrict t) {
  for (intptr_t c = 0; c < width; c++) {
    const T *restrict xr = x + (c0 + c) * ld;
    for (intptr_t f = 0; f < cols; f++) t[f * width + c] = xr[f];
  }
}

/// out_r[f] += Σ_s w[s·ws + r·wr]·x[s·ldx + f] for ATTENTION_BLOCK rows r of out (`ldo` apart), the
/// `chunk` features from f0, and s < `steps`, each element's sum taken in order of s: a local
/// array the compiler keeps in vector registers accumulates them, so each x row is read once per
/// block instead of each out row being read and written once per s.
TARGET static inline __attribute__((always_inline)) void NAME(accumulate_block)(
    intptr_t chunk, intptr_t steps, const T *restrict w, intptr_t ws, intptr_t wr, const T *restrict x,
    intptr_t ldx, intptr_t f0, T *restrict out, intptr_t ldo) {
  T acc[ATTENTION_BLOCK][ATTENTION_CHUNK];
  for (intptr_t r = 0; r < ATTENTION_BLOCK; r++)
    for (intptr_t f = 0; f < chunk; f++) acc[r][f] = out[r * ldo + f0 + f];
  for (intptr_t s = 0; s < steps; s++) {
    const T *restrict xs = x + s * ldx + f0;
    for (intptr_t r = 0; r < ATTENTION_BLOCK; r++) {
      const T a = w[s * ws + r * wr];
      for (intptr_t f = 0; f < chunk; f++) acc[r][f] += a * xs[f];
    }
  }
  for (intptr_t r = 0; r < ATTENTION_BLOCK; r++)
    for (intptr_t f = 0; f < chunk; f++) out[r * ldo + f0 + f] = acc[r][f];
}

/// out_r[f] += Σ_s w[s·ws + r·wr]·x[s·ldx + f] for rows r < `rows` of out (`ldo` apart), features
/// f < `width` and s < `steps`, each element's sum taken in order of s. Full blocks of rows go
/// through `accumulate_block` in chunks of ATTENTION_CHUNK features, then of a quarter of that.
TARGET static inline __attribute__((always_inline)) void NAME(accumulate_rows)(
    intptr_t rows, intptr_t steps, const T *restrict w, intptr_t ws, intptr_t wr, const T *restrict x,
    intptr_t ldx, intptr_t width, T *restrict out, intptr_t ldo) {
  intptr_t f0 = 0;
  if (rows == ATTENTION_BLOCK) {
    for (; f0 + ATTENTION_CHUNK <= width; f0 += ATTENTION_CHUNK)
      NAME(accumulate_block)(ATTENTION_CHUNK, steps, w, ws, wr, x, ldx, f0, out, ldo);
    for (; f0 + ATTENTION_CHUNK / 4 <= width; f0 += ATTENTION_CHUNK / 4)
      NAME(accumulate_block)(ATTENTION_CHUNK / 4, steps, w, ws, wr, x, ldx, f0, out, ldo);
  }
  for (intptr_t r = 0; r < rows; r++)
    for (intptr_t s = 0; s < steps; s++) {
      const T a = w[s * ws + r * wr];
      const T *restrict xs = x + s * ldx;
      T *restrict o = out + r * ldo;
      for (intptr_t f = f0; f < width; f++) o[f] += a * xs[f];
    }
}

/// The forward pass by tiles of keys and blocks of queries: each query's scores against the tile
/// update its running maximum and sum and rescale its output row, then the block's probabilities
/// times the tile's values are added into the output a few rows at a time (summing over keys in
/// order). Pairs the mask excludes contribute zeros.
TARGET static void NAME(forward)(const olk_attention_head *h, const T *q, intptr_t ldq, const T *k, intptr_t ldk,
                                 const T *v, intptr_t ldv, T *o, T *lse) {
  const intptr_t m = h->m, n = h->n, d = h->d, e = h->e;
  T *work = malloc(sizeof(T) * (size_t)(d * ATTENTION_TILE + ATTENTION_QUERIES * ATTENTION_TILE + m));
  T *kt = work, *p = work + d * ATTENTION_TILE, *running_max = p + ATTENTION_QUERIES * ATTENTION_TILE;
  for (intptr_t i = 0; i < m; i++) {
    running_max[i] = (T)-INFINITY;
    lse[i] = 0;  // the running sum of exp(s - running_max) until the end
    for (intptr_t f = 0; f < e; f++) o[i * e + f] = 0;
  }
  for (intptr_t c0 = 0; c0 < n; c0 += ATTENTION_TILE) {
    const intptr_t width = n - c0 < ATTENTION_TILE ? n - c0 : ATTENTION_TILE;
    NAME(transpose_tile)(k, ldk, c0, width, d, kt);
    for (intptr_t i0 = h->causal && c0 > 0 ? c0 : 0; i0 < m; i0 += ATTENTION_QUERIES) {
      const intptr_t i1 = m - i0 < ATTENTION_QUERIES ? m : i0 + ATTENTION_QUERIES;
      // Rows of p are `width` apart, row i at (i - i0)·width.
      for (intptr_t i = i0; i < i1; i++) {
        T *restrict s = p + (i - i0) * width;
        if (NAME(tile_scores)(h, i, c0, width, q + i * ldq, kt, s) == 0) {
          for (intptr_t c = 0; c < width; c++) s[c] = 0;
          continue;
        }
        T tile_max = (T)-INFINITY;
        for (intptr_t c = 0; c < width; c++) tile_max = s[c] > tile_max ? s[c] : tile_max;
        const T new_max = tile_max > running_max[i] ? tile_max : running_max[i];
        for (intptr_t c = 0; c < width; c++) s[c] -= new_max;
        olk_unary(OLK_EXP, DT, s, 1, s, 1, width);
        const T rescale = running_max[i] == (T)-INFINITY ? 0 : (T)EXP(running_max[i] - new_max);
        T sum = 0;
        for (intptr_t c = 0; c < width; c++) sum += s[c];
        lse[i] = lse[i] * rescale + sum;
        running_max[i] = new_max;
        T *restrict oi = o + i * e;
        if (rescale != 1)
          for (intptr_t f = 0; f < e; f++) oi[f] *= rescale;
      }
      // A causal block's query i has p = 0 for keys after i: end each block's sum after its last query.
      for (intptr_t i = i0; i < i1; i += ATTENTION_BLOCK) {
        const intptr_t rows = i1 - i < ATTENTION_BLOCK ? i1 - i : ATTENTION_BLOCK;
        const intptr_t last = h->causal && i + rows - c0 < width ? i + rows - c0 : width;
        NAME(accumulate_rows)(rows, last, p + (i - i0) * width, 1, width, v + c0 * ldv, ldv, e, o + i * e, e);
      }
    }
  }
  for (intptr_t i = 0; i < m; i++) {
    T *restrict oi = o + i * e;
    if (lse[i] == 0) {
      lse[i] = (T)-INFINITY;
      continue;
    }
    const T inverse = 1 / lse[i];
    for (intptr_t f = 0; f < e; f++) oi[f] *= inverse;
    lse[i] = running_max[i] + (T)LOG(lse[i]);
  }
  free(work);
}

/// The backward pass by tiles of keys and blocks of queries: a block's probabilities p and score
/// cotangents ds against the tile are computed first, then added into dv and dk (key rows, summing
/// over queries in order) and dq (query rows, summing over keys in order) a few rows at a time.
/// Pairs the mask excludes (and queries without any allowed key) contribute zeros.
TARGET static void NAME(backward)(const olk_attention_head *h, const T *q, intptr_t ldq, const T *k, intptr_t ldk,
                                  const T *v, intptr_t ldv, const T *lse, const T *dout, intptr_t lddo,
                                  const T *delta, T *dq, T *dk, T *dv) {
  const intptr_t m = h->m, n = h->n, d = h->d, e = h->e;
  const T scale = (T)h->scale;
  T *work = malloc(sizeof(T) * (size_t)((d + e + 2 * ATTENTION_QUERIES) * ATTENTION_TILE));
  T *kt = work, *vt = kt + d * ATTENTION_TILE, *p = vt + e * ATTENTION_TILE, *ds = p + ATTENTION_QUERIES * ATTENTION_TILE;
  for (intptr_t x = 0; x < m * d; x++) dq[x] = 0;
  for (intptr_t x = 0; x < n * d; x++) dk[x] = 0;
  for (intptr_t x = 0; x < n * e; x++) dv[x] = 0;
  for (intptr_t c0 = 0; c0 < n; c0 += ATTENTION_TILE) {
    const intptr_t width = n - c0 < ATTENTION_TILE ? n - c0 : ATTENTION_TILE;
    NAME(transpose_tile)(k, ldk, c0, width, d, kt);
    NAME(transpose_tile)(v, ldv, c0, width, e, vt);
    for (intptr_t i0 = h->causal && c0 > 0 ? c0 : 0; i0 < m; i0 += ATTENTION_QUERIES) {
      const intptr_t i1 = m - i0 < ATTENTION_QUERIES ? m : i0 + ATTENTION_QUERIES;
      // Rows of p and ds are `width` apart, row i at (i - i0)·width.
      for (intptr_t i = i0; i < i1; i++) {
        T *restrict pi = p + (i - i0) * width, *restrict dsi = ds + (i - i0) * width;
        if (lse[i] == (T)-INFINITY || NAME(tile_scores)(h, i, c0, width, q + i * ldq, kt, pi) == 0) {
          for (intptr_t c = 0; c < width; c++) pi[c] = dsi[c] = 0;
          continue;
        }
        for (intptr_t c = 0; c < width; c++) pi[c] -= lse[i];
        olk_unary(OLK_EXP, DT, pi, 1, pi, 1, width);
        NAME(row_times_tile)(dout + i * lddo, vt, e, width, dsi);
        const T di = delta[i];
        for (intptr_t c = 0; c < width; c++) dsi[c] = pi[c] * (dsi[c] - di) * scale;
      }
      // A causal block's queries before key j have p = ds = 0 there: start each key block's sum at
      // its first key and end each query block's sum after its last query.
      for (intptr_t c = 0; c < width; c += ATTENTION_BLOCK) {
        const intptr_t keys = width - c < ATTENTION_BLOCK ? width - c : ATTENTION_BLOCK;
        const intptr_t first = h->causal && c0 + c > i0 ? c0 + c : i0;
        if (first >= i1) break;
        const T *pc = p + (first - i0) * width + c, *dsc = ds + (first - i0) * width + c;
        NAME(accumulate_rows)(keys, i1 - first, pc, width, 1, dout + first * lddo, lddo, e, dv + (c0 + c) * e, e);
        NAME(accumulate_rows)(keys, i1 - first, dsc, width, 1, q + first * ldq, ldq, d, dk + (c0 + c) * d, d);
      }
      for (intptr_t i = i0; i < i1; i += ATTENTION_BLOCK) {
        const intptr_t rows = i1 - i < ATTENTION_BLOCK ? i1 - i : ATTENTION_BLOCK;
        const intptr_t last = h->causal && i + rows - c0 < width ? i + rows - c0 : width;
        NAME(accumulate_rows)(rows, last, ds + (i - i0) * width, 1, width, k + c0 * ldk, ldk, d, dq + i * d, d);
      }
    }
  }
  free(work);
}

#undef NAME
#undef NAME1
#undef NAME2

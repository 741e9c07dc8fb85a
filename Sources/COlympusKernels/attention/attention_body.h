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

TARGET static void NAME(forward)(const olk_attention_head *h, const T *q, intptr_t ldq, const T *k, intptr_t ldk,
                                 const T *v, intptr_t ldv, T *o, T *lse) {
  const intptr_t m = h->m, n = h->n, d = h->d, e = h->e;
  T *work = malloc(sizeof(T) * (size_t)(d * ATTENTION_TILE + ATTENTION_TILE + m));
  T *kt = work, *s = work + d * ATTENTION_TILE, *running_max = s + ATTENTION_TILE;
  for (intptr_t i = 0; i < m; i++) {
    running_max[i] = (T)-INFINITY;
    lse[i] = 0;  // the running sum of exp(s - running_max) until the end
    for (intptr_t f = 0; f < e; f++) o[i * e + f] = 0;
  }
  for (intptr_t c0 = 0; c0 < n; c0 += ATTENTION_TILE) {
    const intptr_t width = n - c0 < ATTENTION_TILE ? n - c0 : ATTENTION_TILE;
    NAME(transpose_tile)(k, ldk, c0, width, d, kt);
    for (intptr_t i = h->causal && c0 > 0 ? c0 : 0; i < m; i++) {
      if (NAME(tile_scores)(h, i, c0, width, q + i * ldq, kt, s) == 0) continue;
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
      for (intptr_t c = 0; c < width; c++) {
        const T p = s[c];
        if (p == 0) continue;
        const T *restrict vc = v + (c0 + c) * ldv;
        for (intptr_t f = 0; f < e; f++) oi[f] += p * vc[f];
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

TARGET static void NAME(backward)(const olk_attention_head *h, const T *q, intptr_t ldq, const T *k, intptr_t ldk,
                                  const T *v, intptr_t ldv, const T *lse, const T *dout, intptr_t lddo,
                                  const T *delta, T *dq, T *dk, T *dv) {
  const intptr_t m = h->m, n = h->n, d = h->d, e = h->e;
  const T scale = (T)h->scale;
  T *work = malloc(sizeof(T) * (size_t)((d + e + 2) * ATTENTION_TILE));
  T *kt = work, *vt = kt + d * ATTENTION_TILE, *p = vt + e * ATTENTION_TILE, *ds = p + ATTENTION_TILE;
  for (intptr_t x = 0; x < m * d; x++) dq[x] = 0;
  for (intptr_t x = 0; x < n * d; x++) dk[x] = 0;
  for (intptr_t x = 0; x < n * e; x++) dv[x] = 0;
  for (intptr_t c0 = 0; c0 < n; c0 += ATTENTION_TILE) {
    const intptr_t width = n - c0 < ATTENTION_TILE ? n - c0 : ATTENTION_TILE;
    NAME(transpose_tile)(k, ldk, c0, width, d, kt);
    NAME(transpose_tile)(v, ldv, c0, width, e, vt);
    for (intptr_t i = h->causal && c0 > 0 ? c0 : 0; i < m; i++) {
      if (lse[i] == (T)-INFINITY) continue;
      if (NAME(tile_scores)(h, i, c0, width, q + i * ldq, kt, p) == 0) continue;
      for (intptr_t c = 0; c < width; c++) p[c] -= lse[i];
      olk_unary(OLK_EXP, DT, p, 1, p, 1, width);
      const T *restrict doi = dout + i * lddo;
      NAME(row_times_tile)(doi, vt, e, width, ds);
      const T di = delta[i];
      for (intptr_t c = 0; c < width; c++) ds[c] = p[c] * (ds[c] - di) * scale;
      const T *restrict qi = q + i * ldq;
      T *restrict dqi = dq + i * d;
      for (intptr_t c = 0; c < width; c++) {
        const T pc = p[c], dsc = ds[c];
        if (pc == 0) continue;
        T *restrict dvc = dv + (c0 + c) * e;
        for (intptr_t f = 0; f < e; f++) dvc[f] += pc * doi[f];
        const T *restrict kc = k + (c0 + c) * ldk;
        T *restrict dkc = dk + (c0 + c) * d;
        for (intptr_t f = 0; f < d; f++) {
          dqi[f] += dsc * kc[f];
          dkc[f] += dsc * qi[f];
        }
      }
    }
  }
  free(work);
}

#undef NAME
#undef NAME1
#undef NAME2

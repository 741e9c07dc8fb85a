// Layer normalization over contiguous rows (see olympus_normalization.h): two passes per row for
// the statistics (mean, then the variance of the centered values, both accumulated in double),
// one for the output; the backward pass takes two sums and one output pass.

#include "olympus_normalization.h"

#include <math.h>

#define DEFINE_LAYER_NORM(T, SUFFIX)                                                                     \
  static void forward_##SUFFIX(intptr_t rows, intptr_t n, double epsilon, const T *x, T *y, T *rstd) {    \
    for (intptr_t r = 0; r < rows; r++, x += n, y += n) {                                                \
      double sum = 0;                                                                                    \
      for (intptr_t i = 0; i < n; i++) sum += x[i];                                                      \
      const double mean = n > 0 ? sum / (double)n : 0;                                                   \
      double squares = 0;                                                                                \
      for (intptr_t i = 0; i < n; i++) {                                                                 \
        const double centered = x[i] - mean;                                                             \
        squares += centered * centered;                                                                  \
      }                                                                                                  \
      const double inverse = 1 / sqrt((n > 0 ? squares / (double)n : 0) + epsilon);                      \
      const T m = (T)mean, s = (T)inverse;                                                               \
      for (intptr_t i = 0; i < n; i++) y[i] = (x[i] - m) * s;                                            \
      rstd[r] = s;                                                                                       \
    }                                                                                                    \
  }                                                                                                      \
  static void backward_##SUFFIX(intptr_t rows, intptr_t n, const T *y, const T *rstd, const T *g, T *dx) { \
    for (intptr_t r = 0; r < rows; r++, y += n, g += n, dx += n) {                                       \
      double sum = 0, dot = 0;                                                                           \
      for (intptr_t i = 0; i < n; i++) {                                                                 \
        sum += g[i];                                                                                     \
        dot += (double)g[i] * y[i];                                                                      \
      }                                                                                                  \
      const T mean_g = (T)(n > 0 ? sum / (double)n : 0), mean_gy = (T)(n > 0 ? dot / (double)n : 0);     \
      const T s = rstd[r];                                                                               \
      for (intptr_t i = 0; i < n; i++) dx[i] = s * (g[i] - mean_g - y[i] * mean_gy);                     \
    }                                                                                                    \
  }

DEFINE_LAYER_NORM(float, f32)
DEFINE_LAYER_NORM(double, f64)

void olk_layer_norm_forward(olk_dtype dtype, intptr_t rows, intptr_t n, double epsilon, const void *x, void *y,
                            void *rstd) {
  if (dtype == OLK_F32) forward_f32(rows, n, epsilon, x, y, rstd);
  else forward_f64(rows, n, epsilon, x, y, rstd);
}

void olk_layer_norm_backward(olk_dtype dtype, intptr_t rows, intptr_t n, const void *y, const void *rstd,
                             const void *g, void *dx) {
  if (dtype == OLK_F32) backward_f32(rows, n, y, rstd, g, dx);
  else backward_f64(rows, n, y, rstd, g, dx);
}

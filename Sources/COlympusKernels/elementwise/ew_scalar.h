// Scalar definitions of the elementwise operations, shared by the portable loops and the SIMD tails.
// Private to the elementwise kernels.
#ifndef OLK_EW_SCALAR_H
#define OLK_EW_SCALAR_H

#include <math.h>
#include <stdint.h>

// ---- Floating point (F is float or double; SUFFIX is f or empty, picking the libm variant) ----

#define OLK_FLOAT_SCALARS(F, NAME, SUFFIX)                                                          \
  /* numpy.sign: +1, -1, +0 for either zero, NaN for NaN. */                                        \
  static inline F olk_sign_##NAME(F v) { return v > 0 ? (F)1 : (v < 0 ? (F)-1 : (v == v ? (F)0 : v)); } \
  /* Python-style remainder (numpy.remainder): the result takes the sign of the divisor. */         \
  static inline F olk_mod_##NAME(F a, F b) {                                                        \
    F r = fmod##SUFFIX(a, b);                                                                       \
    if (b == 0) return r; /* NaN */                                                                 \
    if (r != 0) {                                                                                   \
      if ((b < 0) != (r < 0)) r += b;                                                               \
    } else {                                                                                        \
      r = copysign##SUFFIX((F)0, b);                                                                \
    }                                                                                               \
    return r;                                                                                       \
  }                                                                                                 \
  /* numpy.maximum / numpy.minimum: NaN in either operand gives NaN. */                             \
  static inline F olk_max_##NAME(F a, F b) { return a != a ? a : (a > b ? a : b); }                 \
  static inline F olk_min_##NAME(F a, F b) { return a != a ? a : (a < b ? a : b); }                 \
  /* 1 / (1 + e^-v), as E / (1 + E) with E = e^{-|v|} for negative v so nothing overflows. */      \
  static inline F olk_sigmoid_##NAME(F v) {                                                         \
    F e = exp##SUFFIX(-fabs##SUFFIX(v)); /* in (0, 1]: never overflows */                           \
    return (v >= 0 ? (F)1 : e) / ((F)1 + e);                                                        \
  }                                                                                                 \
  /* GELU's tanh form ½v(1 + tanh z) = v·σ(2z), z = √(2/π)(v + 0.044715v³). */                     \
  static inline F olk_gelu_tanh_##NAME(F v) {                                                       \
    return v * olk_sigmoid_##NAME((F)1.5957691216057308 * (v + (F)0.044715 * v * v * v));           \
  }                                                                                                 \
  /* g times its derivative σ + v·σ(1 − σ)·2√(2/π)(1 + 3·0.044715v²) (0 where σ(1 − σ) is). */     \
  static inline F olk_gelu_tanh_grad_##NAME(F v, F g) {                                             \
    F s = olk_sigmoid_##NAME((F)1.5957691216057308 * (v + (F)0.044715 * v * v * v));                \
    F t = s * ((F)1 - s);                                                                           \
    return g * (t == 0 ? s : s + v * t * (F)1.5957691216057308 * ((F)1 + (F)0.134145 * v * v));     \
  }

OLK_FLOAT_SCALARS(float, f32, f)
OLK_FLOAT_SCALARS(double, f64, )

// ---- Integers (T signed, U the unsigned type of the same width; wrap-around, no UB) ----

#define OLK_INT_SCALARS(T, U, NAME)                                                                 \
  static inline T olk_neg_##NAME(T v) { return (T)((U)0 - (U)v); }                                  \
  static inline T olk_abs_##NAME(T v) { return v < 0 ? olk_neg_##NAME(v) : v; }                     \
  static inline T olk_sign_##NAME(T v) { return (T)((v > 0) - (v < 0)); }                           \
  static inline T olk_add_##NAME(T a, T b) { return (T)((U)a + (U)b); }                             \
  static inline T olk_sub_##NAME(T a, T b) { return (T)((U)a - (U)b); }                             \
  static inline T olk_mul_##NAME(T a, T b) { return (T)((U)a * (U)b); }                             \
  /* Floor division (Python //); x // 0 = 0 and MIN // -1 wraps to MIN. */                          \
  static inline T olk_div_##NAME(T a, T b) {                                                        \
    if (b == 0) return 0;                                                                           \
    if (b == -1) return olk_neg_##NAME(a);                                                          \
    T q = a / b;                                                                                    \
    if (a % b != 0 && ((a < 0) != (b < 0))) q -= 1;                                                 \
    return q;                                                                                       \
  }                                                                                                 \
  /* Python %: the result takes the sign of the divisor; x % 0 = 0. */                              \
  static inline T olk_mod_##NAME(T a, T b) {                                                        \
    if (b == 0 || b == -1) return 0;                                                                \
    T r = a % b;                                                                                    \
    if (r != 0 && ((r < 0) != (b < 0))) r += b;                                                     \
    return r;                                                                                       \
  }                                                                                                 \
  /* Power by squaring, wrapping; a negative exponent gives 1/a truncated: 1, ±1 or 0. */           \
  static inline T olk_pow_##NAME(T a, T b) {                                                        \
    if (b < 0) return a == 1 ? 1 : (a == -1 ? ((b & 1) ? -1 : 1) : 0);                              \
    U result = 1, base = (U)a;                                                                      \
    for (U e = (U)b; e != 0; e >>= 1) {                                                             \
      if (e & 1) result *= base;                                                                    \
      base *= base;                                                                                 \
    }                                                                                               \
    return (T)result;                                                                               \
  }                                                                                                 \
  static inline T olk_max_##NAME(T a, T b) { return a > b ? a : b; }                                \
  static inline T olk_min_##NAME(T a, T b) { return a < b ? a : b; }

OLK_INT_SCALARS(int32_t, uint32_t, i32)
OLK_INT_SCALARS(int64_t, uint64_t, i64)

#endif

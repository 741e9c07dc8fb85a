// Constants of the float32 exp family (exp, expm1, tanh, sigmoid), shared by the AVX2 and
// AVX-512 kernels so both evaluate the same approximation. Private to the elementwise kernels.
#ifndef OLK_EXP_F32_CONSTANTS_H
#define OLK_EXP_F32_CONSTANTS_H

// log(2) split so that k * LN2_HI is exact inside an FMA for |k| <= 2^8.
#define LN2_HI 0x1.62e430p-1f
#define LN2_LO -0x1.05c610p-29f
#define LOG2E 0x1.715476p+0f
#define ROUND_MAGIC 0x1.8p23f // adding it rounds |v| < 2^22 to an integer held in the low mantissa bits

// e^r - 1 for |r| <= ln(2)/2 is r + r^2 (1/2 + r Q(r)), Q(r) = EXPM1_Q0 + EXPM1_Q1 r + ... +
// EXPM1_Q4 r^4 a minimax fit (relative error of the whole expression < 2^-29 before rounding
// the coefficients).
#define EXPM1_Q4 1.98621788e-4f
#define EXPM1_Q3 1.39261799e-3f
#define EXPM1_Q2 8.33334561e-3f
#define EXPM1_Q1 4.16665547e-2f
#define EXPM1_Q0 1.66666666e-1f

// exp needs no clamping for |x| <= EXP_FAST_LIMIT; otherwise x is clamped to
// [EXP_CLAMP_LOW, EXP_CLAMP_HIGH] and scaled in two halves.
#define EXP_FAST_LIMIT 87.0f
#define EXP_CLAMP_LOW -104.0f
#define EXP_CLAMP_HIGH 89.0f

// tanh(x) rounds to ±1 beyond this |x|.
#define TANH_SATURATION 9.5f

#endif

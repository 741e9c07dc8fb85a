// Scalar special functions for the elementwise kernels: erfinv, digamma and polygamma, which the C
// library lacks, and erfc, cbrt and lgamma at float64 accuracy. Each works in double; the float
// kernels round its result once. Private to the elementwise kernels. Accuracy, measured by
// OlympusCoreTests' SpecialMathTests against correctly rounded mpmath values, is justified in
// Scripts/generate-math-fixtures.py; the constants below were computed with mpmath.
#ifndef OLK_EW_SPECIAL_H
#define OLK_EW_SPECIAL_H

#include <math.h>

// The reentrant lgamma (glibc and Darwin libm), declared here in case the C mode hides it: plain
// lgamma writes the process-wide `signgam`, a data race when kernels run on several threads.
double lgamma_r(double x, int *sign);

// log|Γ(x)| for the float kernel, in double (its error of up to 2.8 double ulps is far below a
// float ulp).
static inline float olk_lgamma_f32(float x) {
  int sign;
  return (float)lgamma_r(x, &sign);
}

// sinh, atanh, erfc, cbrt and log|Γ| in double. glibc 2.36's double versions are off by up to
// 1.54, 1.58, 2.0, 2.6 and 2.8 ulp (measured against mpmath and x87 references over sweeps of 2^20
// values), beyond the 1 ulp of the correctly rounded result (1.5 of the exact value) that Olympus
// keeps for float64; where long double is the x87 format (Linux on x86-64) its versions, rounded
// to double, are within 0.5 + 2⁻¹⁰ ulp of the exact value, at 5-20 times the cost.
#if defined(__x86_64__) && defined(__linux__)
long double lgammal_r(long double x, int *sign);
static inline double olk_sinh(double x) { return (double)sinhl(x); }
static inline double olk_atanh(double x) { return (double)atanhl(x); }
static inline double olk_erfc(double x) { return (double)erfcl(x); }
static inline double olk_cbrt(double x) { return (double)cbrtl(x); }
static inline double olk_lgamma(double x) {
  int sign;
  return (double)lgammal_r(x, &sign);
}
#else
static inline double olk_sinh(double x) { return sinh(x); }
static inline double olk_atanh(double x) { return atanh(x); }
static inline double olk_erfc(double x) { return erfc(x); }
static inline double olk_cbrt(double x) { return cbrt(x); }
static inline double olk_lgamma(double x) {
  int sign;
  return lgamma_r(x, &sign);
}
#endif

// GELU v·Φ(v) = ½v·erfc(−v/√2), and g times its derivative Φ(v) + v·φ(v) (the density term 0
// where φ underflows, so infinite v gives 0 or 1, not NaN).
static inline double olk_gelu(double v) { return 0.5 * v * olk_erfc(-v * 0.7071067811865476); }
static inline double olk_gelu_grad(double v, double g) {
  double density = 0.3989422804014327 * exp(-0.5 * v * v);
  return g * (0.5 * olk_erfc(-v * 0.7071067811865476) + (density == 0 ? 0 : v * density));
}

// erf⁻¹(y): Winitzki's closed form (relative error < 2e-3) refined by two Halley steps and one
// Newton step on erf(x) = y, written as erfc(x) = 1 − |y| for |y| > 1/2 so that the tail keeps
// its relative accuracy (1 − |y| is exact there).
static inline double olk_erfinv(double y) {
  if (!(fabs(y) <= 1)) return NAN; // NaN and |y| > 1
  if (fabs(y) == 1) return copysign(INFINITY, y);
  const double half_root_pi = 0.88622692545275801; // √π / 2
  if (fabs(y) < 0x1p-28) return y * half_root_pi;  // the next term, π y² / 12, is below 2^-57
  double t = 1 - fabs(y);                            // exact for |y| >= 1/2
  double l = log(t * (1 + fabs(y)));                // log(1 − y²)
  const double a = 0.147;
  double b = 2 / (M_PI * a) + l / 2;
  double x = sqrt(sqrt(b * b - l / a) - b);
  int tail = fabs(y) > 0.5;
  for (int step = 0; step < 3; step++) {
    // f = erf(x) − |y|, f' = 2/√π e^{−x²}, f'' = −2x f'.
    double f = tail ? t - erfc(x) : erf(x) - fabs(y);
    double ratio = f / (exp(-x * x) / half_root_pi);
    x -= step < 2 ? ratio / (1 + x * ratio) : ratio;
  }
  return copysign(x, y);
}

// The Bernoulli numbers B₂ … B₂₀, for the asymptotic series.
static const double olk_bernoulli[10] = {
    1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6, -3617.0 / 510, 43867.0 / 798,
    -174611.0 / 330,
};

// ψ⁽ᵏ⁾(x₀)/k! for k = 1 … 42 at the positive root x₀ of digamma: the Taylor series that gives ψ on
// [1, 2] to full relative accuracy near its zero (it converges within 1.46 of x₀).
static const double olk_digamma_taylor[42] = {
    0.9676722454476212, -0.44276316898359208, 0.25849976095565103, -0.16394270544240652,
    0.10782405069126237, -0.072199561256454714, 0.04880428816414311, -0.033161126474847362,
    0.022597648232218104, -0.01542476590494896, 0.010538791616612175, -0.0072045343863568687,
    0.0049267813957298533, -0.0033698016554393282, 0.002305126326734928, -0.0015769367714301972,
    0.0010788252019162967, -0.00073807093899600515, 0.00050495326583460199, -0.00034546802510630769,
    0.00023635601564027053, -0.00016170622091974803, 0.0001106337276874741, -7.5691795821950661e-05,
    5.1785757952220809e-05, -3.5430070947659604e-05, 2.4240066118601318e-05, -1.6584242271854135e-05,
    1.134638458466385e-05, -7.7628176684620943e-06, 5.3110609208898636e-06, -3.6336507898010456e-06,
    2.4860227331295378e-06, -1.7008538854332607e-06, 1.1636675363548843e-06, -7.9614254312419699e-07,
    5.4469419306694457e-07, -3.7266161283438227e-07, 2.5496265520215542e-07, -1.7443695117727745e-07,
    1.1934394829830244e-07, -8.1651151894884088e-08,
};

// π^(n+1) · Q_n(cot πx) = π · dⁿ/dxⁿ cot(πx), the reflection term of polygamma, for n < 64:
// Q_0(c) = c and Q_{k+1}(c) = −(1 + c²) Q_k′(c).
static inline double olk_cot_derivative(int n, double x) {
  double r = x - nearbyint(x); // cot(πx) has period 1; the reduction is exact
  double c = cos(M_PI * r) / sin(M_PI * r);
  double q[66] = {0, 1}; // coefficients of Q_k by degree
  for (int k = 0; k < n; k++) {
    double next[66] = {0};
    for (int j = 1; j <= k + 1; j++) { // −(1 + c²)·j·q_j·c^(j−1)
      next[j - 1] -= j * q[j];
      next[j + 1] -= j * q[j];
    }
    for (int j = 0; j <= k + 2; j++) q[j] = next[j];
  }
  double value = q[n + 1];
  for (int j = n; j >= 0; j--) value = value * c + q[j];
  return pow(M_PI, n + 1) * value;
}

// ψ(x) for x > 0: the Taylor series at the root on [1, 2], recurrences down from (2, 10) and up
// from (0, 1) into it, and the asymptotic series log x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ) from 10.
static inline double olk_digamma_positive(double x) {
  if (x >= 10) {
    if (x > 0x1p52) return log(x);
    double w = 1 / (x * x), series = 0;
    for (int k = 8; k >= 1; k--) series = series * w + olk_bernoulli[k - 1] / (2 * k);
    return log(x) - 0.5 / x - series * w;
  }
  double shift = 0;
  if (x < 1) {
    shift = -1 / x; // ψ(x) = ψ(x + 1) − 1/x
    x += 1;
  }
  while (x > 2) { // ψ(x) = ψ(x − 1) + 1/(x − 1)
    x -= 1;
    shift += 1 / x;
  }
  double d = (x - 1.4616321449683622) - 9.549995429965697e-17; // x − x₀, x₀ split in two doubles
  double value = 0;
  for (int k = 41; k >= 0; k--) value = value * d + olk_digamma_taylor[k];
  return value * d + shift;
}

// ψ(x) = d/dx log Γ(x), scipy.special.psi's conventions: −∞ at +0, +∞ at −0, NaN at the other
// poles (the negative integers) and at −∞; reflection ψ(x) = ψ(1 − x) − π cot(πx) below 0.
static inline double olk_digamma(double x) {
  if (x != x || x == -INFINITY) return NAN;
  if (x == 0) return signbit(x) ? INFINITY : -INFINITY;
  if (x > 0) return olk_digamma_positive(x);
  if (x == nearbyint(x)) return NAN;
  return olk_digamma_positive(1 - x) - olk_cot_derivative(0, x);
}

// ψ⁽ⁿ⁾(x) for x > 0 and n >= 1: (−1)ⁿ⁺¹ n! ζ(n + 1, x), with ζ(s, x) = Σ_{k<m} (x + k)^−s plus the
// Euler–Maclaurin tail at z = x + m >= 10 + n: z^(1−s)/(s − 1) + z^−s/2 + Σⱼ B₂ⱼ/(2j)! (s)₂ⱼ₋₁ z^(−s−2j+1).
static inline double olk_polygamma_positive(int n, double x) {
  double s = n + 1;
  int m = x < 10 + n ? (int)ceil(10 + n - x) : 0;
  double z = x + m;
  double term = pow(z, -s), tail = pow(z, 1 - s) / (s - 1) + term / 2;
  double rising = s, factorial = 2; // (s)_{2j−1} and (2j)!
  term /= z;
  for (int j = 1; j <= 10; j++) {
    double contribution = olk_bernoulli[j - 1] / factorial * rising * term;
    tail += contribution;
    if (fabs(contribution) < 1e-18 * tail) break;
    rising *= (s + 2 * j - 1) * (s + 2 * j);
    factorial *= (2 * j + 1) * (2 * j + 2);
    term /= z * z;
  }
  // The terms (x + k)^−s, smallest first so that each rounding is relative to a small partial sum.
  double sum = tail;
  for (int k = m - 1; k >= 0; k--) sum += pow(x + k, -s);
  return (n % 2 == 1 ? 1 : -1) * tgamma(s) * sum;
}

// ψ⁽ⁿ⁾(x), scipy.special.polygamma's conventions: digamma for n = 0; NaN unless n is a whole
// number >= 0; for n >= 1, (−1)ⁿ⁺¹·∞ at the poles (0 and the negative integers), reflection
// ψ⁽ⁿ⁾(x) = (−1)ⁿ ψ⁽ⁿ⁾(1 − x) − π dⁿ/dxⁿ cot(πx) below 0 (NaN there for n >= 64).
static inline double olk_polygamma(double order, double x) {
  if (!(order >= 0) || order != floor(order) || order > 170) return NAN;
  if (order == 0) return olk_digamma(x);
  int n = (int)order;
  if (x != x || x == -INFINITY) return NAN;
  if (x == INFINITY) return n % 2 == 1 ? 0.0 : -0.0;
  if (x <= 0 && x == nearbyint(x)) return n % 2 == 1 ? INFINITY : -INFINITY;
  if (x > 0) return olk_polygamma_positive(n, x);
  if (n >= 64) return NAN;
  return (n % 2 == 0 ? 1 : -1) * olk_polygamma_positive(n, 1 - x) - olk_cot_derivative(n, x);
}

#endif

import OlympusCore

/// The upper tail of the standard normal distribution, `Q(z) = P(Z > z) = ½·erfc(z/√2)`, for
/// `z ≥ 0`, elementwise, from existing operations (so every transformation differentiates it):
/// with `a = z/√2`, `t = 2 / (2 + a)` and `s = 2t − 1`,
/// `erfc(a) = t · exp(−a² + P(s))`, where `P` is a polynomial fitted by `Scripts/fit-erfc.py`
/// to `log(erfc(a)/t) + a²`, smooth on all of `a ≥ 0`.
///
/// The fit's error is an absolute error in the exponent, hence a relative error in the result:
/// 1.4·10⁻¹⁵ for `float64` (degree 24) and 1.7·10⁻⁷ with `float32` arithmetic (degree 12). The
/// exponent's `a² = z²/2` is computed from `z` (not from the rounded `a`), adding a relative error
/// of `a²·u` — which matters only where the tail is tiny. Derivatives are those of the
/// approximation, accurate to about the fit's error times the degree.
func normalTail(_ z: Tensor) -> Tensor {
  let coefficients = z.dtype == .float64 ? erfcCoefficients64 : erfcCoefficients32
  let t = 2 / (z * (0.5).squareRoot() + 2)
  let s = 2 * t - 1
  var polynomial = Tensor.full(s.shape, value: coefficients.last!, dtype: s.dtype)
  for coefficient in coefficients.dropLast().reversed() {
    polynomial = polynomial * s + coefficient
  }
  return 0.5 * t * exp(polynomial - 0.5 * (z * z))
}

/// `P` for `float64`, lowest degree first (degree 24; `Scripts/fit-erfc.py`).
private let erfcCoefficients64: [Double] = [
  -0.6717940840566924, 0.6726432239776615, 0.04734330684188045, -0.04689561023152579, -0.009872689365521502,
  0.008824938566013768, 0.0017589335348737764, -0.002345812607911949, -0.00014624653523713727,
  0.0006736794926275501, -9.373766819010053e-05, -0.00017430554638328611, 7.141395281164229e-05,
  3.175053410123133e-05, -3.0228974631618585e-05, 1.3390380995359864e-07, 8.649858086754802e-06,
  -2.956979957509333e-06, -1.3974067505202816e-06, 1.2789541440742709e-06, -4.876522081612041e-08,
  -2.8783128287495967e-07, 8.001315771990043e-08, 2.9511025763975626e-08, -1.3170890159654395e-08,
]

/// `P` for `float32`, lowest degree first (degree 12; `Scripts/fit-erfc.py`).
private let erfcCoefficients32: [Double] = [
  -0.6717940851517212, 0.672643154774547, 0.04734341752103746, -0.046893640560011614, -0.00987453491797707,
  0.008808825369608144, 0.0017706661173609384, -0.0022887652390614537, -0.00018278213934714926,
  0.0005737663724647406, -3.21137743733971e-05, -8.728381038572121e-05, 1.3371504168033646e-05,
]

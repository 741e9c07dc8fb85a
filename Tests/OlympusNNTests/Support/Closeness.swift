import OlympusCore
import Testing

/// How far results may be from references computed in float64 (PyTorch fixtures, loops, other
/// transformations), as `expectAgreement` measures it: `|got − want| ≤ bound · max(1, max|want|)`,
/// the scale taken over the whole array.
///
/// - float64, 10⁻¹²: the longest chains in these tests (a 27-term convolution sum, batch
///   statistics over 100 values) take well under
///   10³ roundings of u = 1.1·10⁻¹⁶ each; Higham's worst-case n·u bound (Accuracy and Stability of
///   Numerical Algorithms, §3.1) is then 1.1·10⁻¹³ of the scale (GELU's kernel, erfc in extended
///   precision, stays below 2·10⁻¹³ relative). 10⁻¹² is about ten times that bound; the largest error measured
///   over the fixtures is 4.4·10⁻¹⁶. A wrong formula is off by far more.
/// - float32, 10⁻⁵: the same chains at u = 6·10⁻⁸: n·u for the longest sums (n ≤ 100) is
///   6·10⁻⁶; the largest error measured is 1.5·10⁻⁷.
enum Closeness {
  static func bound(_ dtype: String) -> Double { dtype == "float32" ? 1e-5 : 1e-12 }
  static func bound(_ dtype: DType) -> Double { bound(dtype.description) }
}

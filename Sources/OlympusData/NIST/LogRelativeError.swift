import Foundation
import OlympusCore

/// The log relative error of `value` against a certified value: the number of significant digits
/// they share, `−log₁₀(|value − certified| / |certified|)` (`−log₁₀|value|` when the certified value
/// is 0), clipped to `[0, digits]` (NIST certifies 11 digits; an exact match scores `digits`).
public func logRelativeError(_ value: Double, certified: Double, digits: Double = 11) -> Double {
  guard value.isFinite else { return 0 }
  let error = certified == 0 ? Swift.abs(value) : Swift.abs(value - certified) / Swift.abs(certified)
  guard error > 0 else { return digits }
  return Swift.min(digits, Swift.max(0, -Foundation.log10(error)))
}

extension NISTProblem {
  /// The log relative errors of fitted parameters (one per parameter) and of the residual sum of
  /// squares they give, against the certified values.
  public func logRelativeErrors(parameters: [Double]) -> (parameters: [Double], residualSumOfSquares: Double) {
    let r = residuals(Tensor(parameters)).scalars(as: Double.self)
    let rss = r.reduce(0) { $0 + $1 * $1 }
    return (
      zip(parameters, certifiedParameters).map { logRelativeError($0, certified: $1) },
      logRelativeError(rss, certified: certifiedResidualSumOfSquares)
    )
  }
}

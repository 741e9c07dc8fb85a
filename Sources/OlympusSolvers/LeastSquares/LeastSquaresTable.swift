/// The verbose table of ``leastSquares(residuals:initial:method:options:)``: SciPy's
/// `least_squares(verbose=2)` columns, plus the trust radius.
struct LeastSquaresTable {
  private static let titles = ["Iteration", "Total nfev", "Cost", "Cost reduction", "Step norm", "Optimality", "Trust radius"]

  func printHeader() {
    print(Self.titles.map { centered($0) }.joined())
  }

  func printRow(_ row: LeastSquaresIteration) {
    let cells = [
      "\(row.iteration)", "\(row.residualEvaluations)", scientific(row.cost, digits: 4), scientific(row.costReduction, digits: 2),
      scientific(row.stepNorm, digits: 2), scientific(row.optimality, digits: 2), scientific(row.trustRadius, digits: 2),
    ]
    print(cells.map { centered($0) }.joined())
  }

  /// `text` centered in a 15-character column, as Python's `{:^15}`.
  private func centered(_ text: String) -> String {
    let padding = Swift.max(0, 15 - text.count)
    let left = padding / 2
    return String(repeating: " ", count: left) + text + String(repeating: " ", count: padding - left)
  }
}

/// `value` in scientific notation with `digits` digits after the point (`1.2346e+04`), as C's
/// `%.Ne`; NaN (a column with no value yet) prints as an empty cell.
func scientific(_ value: Double, digits: Int) -> String {
  if value.isNaN { return "" }
  if value.isInfinite { return value < 0 ? "-inf" : "inf" }
  if value == 0 { return "0." + String(repeating: "0", count: digits) + "e+00" }
  var exponent = value.log10Floor
  var mantissa = value / pow10(exponent)
  let factor = pow10(digits)
  mantissa = (mantissa * factor).rounded() / factor
  if Swift.abs(mantissa) >= 10 {
    exponent += 1
    mantissa /= 10
  }
  let sign = mantissa < 0 ? "-" : ""
  let scaled = Int((Swift.abs(mantissa) * factor).rounded())
  let whole = scaled / Int(factor), fraction = scaled % Int(factor)
  var fractionText = String(fraction)
  fractionText = String(repeating: "0", count: digits - fractionText.count) + fractionText
  let exponentText = (exponent < 0 ? "-" : "+") + (Swift.abs(exponent) < 10 ? "0" : "") + String(Swift.abs(exponent))
  return "\(sign)\(whole).\(fractionText)e\(exponentText)"
}

/// 10 to an integer power.
private func pow10(_ exponent: Int) -> Double {
  var result = 1.0
  for _ in 0..<Swift.abs(exponent) { result *= 10 }
  return exponent < 0 ? 1 / result : result
}

extension Double {
  /// ⌊log₁₀ |self|⌋ for a finite nonzero value.
  fileprivate var log10Floor: Int {
    var exponent = 0
    var magnitude = Swift.abs(self)
    while magnitude >= 10 {
      magnitude /= 10
      exponent += 1
    }
    while magnitude < 1 {
      magnitude *= 10
      exponent -= 1
    }
    return exponent
  }
}

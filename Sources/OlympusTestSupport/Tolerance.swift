import OlympusCore

/// How far a computed element may be from its reference: `|got - want| <= absolute + relative * |want|`.
///
/// Every bound is a multiple of the result type's machine epsilon ε (2⁻²³ for float32, 2⁻⁵² for
/// float64; 1 ulp of x is at most ε·|x|). References are computed at higher precision and rounded
/// once (see `Scripts/generate-fixtures.py`), so they carry at most 0.5 ulp of error themselves.
/// Integer and `bool` results are always compared exactly.
public struct Tolerance: Sendable, CustomStringConvertible {
  /// Bound proportional to the reference's magnitude.
  public var relative: Double
  /// Bound independent of the magnitude.
  public var absolute: Double
  /// Bound in units in the last place of the reference in the result's type, for references that
  /// are correctly rounded (Fixtures/special-math.json); 0 elsewhere.
  public var ulps: Double = 0
  /// The result type's significand bits (23 for float32, 52 for float64), the unit of `ulps`.
  public var significandBits = 52

  /// A bound of `relative`·|want| + `absolute`, plus `ulps` units in the last place of a result
  /// with `significandBits` significand bits.
  public init(relative: Double, absolute: Double, ulps: Double = 0, significandBits: Int = 52) {
    self.relative = relative
    self.absolute = absolute
    self.ulps = ulps
    self.significandBits = significandBits
  }

  /// Bit-exact (NaN matches NaN; the sign of zero is ignored).
  public static let exact = Tolerance(relative: 0, absolute: 0)

  /// Machine epsilon of a floating-point type; 0 for integers and `bool`.
  public static func epsilon(_ dtype: DType) -> Double {
    switch dtype {
    case .float32: Double(Float.ulpOfOne)
    case .float64: Double.ulpOfOne
    case .int32, .int64, .bool: 0
    }
  }

  /// One vectorized transcendental function (exp, log, log1p, expm1, rsqrt, sin, cos, tan, tanh,
  /// sigmoid). The kernels document at most 2 ulp (measured by the kernels' ULP sweeps); with the
  /// reference's 0.5 ulp, 4ε relative leaves margin. The absolute term ε·scale admits results
  /// that underflow or sit near a zero of the function, where accuracy is relative to the
  /// argument (trigonometric range reduction: the fixture's scale is the largest |x|).
  public static func elementary(_ dtype: DType, scale: Double = 1) -> Tolerance {
    let epsilon = epsilon(dtype)
    return Tolerance(relative: 4 * epsilon, absolute: epsilon * scale)
  }

  /// A short chain of elementary steps, such as pow = exp(b·log a) with |b·log a| <= 5, whose
  /// errors add and get amplified by the chain's condition: 16ε relative (and ε·scale absolute).
  public static func composite(_ dtype: DType, scale: Double = 1) -> Tolerance {
    let epsilon = epsilon(dtype)
    return Tolerance(relative: 16 * epsilon, absolute: epsilon * scale)
  }

  /// A sum of `terms` rounded terms in any order (reductions, dot products, cumulative sums). By
  /// Higham (Accuracy and Stability of Numerical Algorithms, §4.2) the error is at most
  /// (n - 1)u·Σ|xᵢ| with u = ε/2, whatever the summation order or blocking; we allow n·ε·M, twice
  /// that, with M the largest Σ|xᵢ| over the outputs, plus 2ε relative for the final rounding.
  public static func accumulated(_ dtype: DType, terms: Int, magnitude: Double) -> Tolerance {
    let epsilon = epsilon(dtype)
    return Tolerance(relative: 2 * epsilon, absolute: Double(terms) * epsilon * magnitude)
  }

  /// Whether `got` is close enough to `want`.
  public func accepts(_ got: Double, _ want: Double) -> Bool {
    if want.isNaN || got.isNaN { return want.isNaN && got.isNaN }
    if want.isInfinite || got.isInfinite { return got == want }
    return Swift.abs(got - want) <= absolute + relative * Swift.abs(want) + ulps * unitInTheLastPlace(of: want)
  }

  /// The spacing of the result type's values at `value` (subnormal spacing below the normal range).
  public func unitInTheLastPlace(of value: Double) -> Double {
    let minimumExponent = significandBits == 23 ? -126 : -1022
    let exponent = value == 0 ? minimumExponent : Swift.max(Int(value.exponent), minimumExponent)
    return Double(sign: .plus, exponent: exponent - significandBits, significand: 1)
  }

  /// `rtol … atol …`, or `… ulps`.
  public var description: String { ulps > 0 ? "\(ulps) ulps" : "rtol \(relative), atol \(absolute)" }
}


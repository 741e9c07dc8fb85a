import OlympusCore
import OlympusNN
import Testing

/// The exact GELU keeps relative accuracy element by element, far into the negative tail where
/// `x·½·(1 + erf(x/√2))` cancels (PyTorch's float64 `gelu(−8)` is 2 % off): references from
/// mpmath at 40 digits (`Fixtures/nn.json`, cases with `reference: mpmath`).
@Suite("GELU accuracy")
struct GELUAccuracyTests {
  /// float64: the kernel computes `½x·erfc(−x/√2)` with erfc in x87 extended precision, so the
  /// error is the rounding of the argument `a = −x/√2` times erfc's relative condition `2a²`
  /// (2·26.2²·1.1·10⁻¹⁶ = 1.5·10⁻¹³ at x = −37) plus a few roundings; the derivative
  /// `Φ(x) + x·φ(x)` adds the rounding of the exponent x²/2, relative (x²/2)·u = 7.6·10⁻¹⁴ at
  /// x = −37. 10⁻¹² covers both with margin.
  /// float32: computed in double and rounded once, so within one float32 ulp (6·10⁻⁸); 10⁻⁵ is
  /// the suite-wide float32 bound.
  static func bound(_ dtype: DType) -> Double { dtype == .float64 ? 1e-12 : 1e-5 }

  static var tailCases: [ReferenceCase] { ReferenceFixtures.allCases.filter { $0.reference == "mpmath" } }

  @Test func thereAreTailCasesInBothTypes() {
    #expect(Set(Self.tailCases.map(\.dtype)) == ["float32", "float64"])
  }

  @Test(arguments: tailCases)
  func valueAndDerivativeHaveRelativeAccuracy(_ fixture: ReferenceCase) throws {
    let x = try #require(fixture.inputs["x"]).tensor
    let bound = Self.bound(x.dtype)
    let (value, derivative) = jvp(at: x, along: Tensor.ones(like: x)) { gelu($0) }
    for (name, got, want) in [
      ("value", value, fixture.expected["output"]!), ("derivative", derivative, fixture.gradients["x"]!),
    ] {
      for (index, (computed, reference)) in zip(got.scalars(as: Double.self), want.values).enumerated() {
        let error = Swift.abs(computed - reference)
        #expect(
          error <= bound * Swift.abs(reference), "\(name) at x = \(fixture.inputs["x"]!.values[index]): \(computed) vs \(reference)")
      }
    }
  }
}

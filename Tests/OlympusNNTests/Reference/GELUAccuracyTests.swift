import OlympusCore
import OlympusNN
import Testing

/// The exact GELU keeps relative accuracy element by element, far into the negative tail where
/// `x·½·(1 + erf(x/√2))` cancels (PyTorch's float64 `gelu(−8)` is 2 % off): references from
/// mpmath at 40 digits (`Fixtures/nn.json`, cases with `reference: mpmath`).
@Suite("GELU accuracy")
struct GELUAccuracyTests {
  /// float64: the erfc fit's 1.4·10⁻¹⁵ (`Scripts/fit-erfc.py`) plus the rounding of the exponent
  /// x²/2 — relative error (x²/2)·u, up to 685·1.1·10⁻¹⁶ = 7.6·10⁻¹⁴ at x = −37 — and a few
  /// roundings of the other steps; the derivative adds the fit error times the degree (24).
  /// 10⁻¹² covers both with margin (measured: 4·10⁻¹⁴).
  /// float32 (|x| ≤ 12): (x²/2)·u = 72·6·10⁻⁸ = 4.3·10⁻⁶ plus the fit's 1.7·10⁻⁷ in float32
  /// arithmetic, hence 10⁻⁵ (measured: 1.1·10⁻⁶).
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

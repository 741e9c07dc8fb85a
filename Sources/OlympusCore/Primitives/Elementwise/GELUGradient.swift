import OlympusKernels

/// `g · gelu′(x)`: the product of a tangent or cotangent `g` with the derivative of GELU (exact, or
/// its tanh form with `approximate`) at `x`, in one pass. `gelu`'s rules apply it; its own rules
/// write the second derivative with public operations.
public struct GELUGradient: ElementwiseBinaryPrimitive {
  /// Whether this is the derivative of the tanh form.
  public let approximate: Bool
  /// The derivative of the exact form, or of the tanh form when `approximate`.
  public init(approximate: Bool) { self.approximate = approximate }
  /// The kernel operation.
  public var operation: BinaryOperation { approximate ? .geluTanhGradient : .geluGradient }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `gelu_gradient` or `gelu_tanh_gradient`.
  public var description: String { approximate ? "gelu_tanh_gradient" : "gelu_gradient" }
  /// `g·gelu″(x)` and `gelu′(x)`.
  public func partials(_ x: Tensor, _ g: Tensor, output: Tensor) -> (Tensor?, Tensor?) {
    (g * secondDerivative(x), bind(self, x, Tensor.ones(like: x)))
  }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }

  /// `ẋ·g·gelu″(x) + g_gradient(x, ġ)`.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    let (x, g) = (primals[0], primals[1])
    return [addTangents(tangents[0].map { $0 * g * secondDerivative(x) }, tangents[1].map { bind(self, x, $0) })]
  }

  /// `ct·g·gelu″(x)` and `gelu_gradient(x, ct)`.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    guard let cotangent = cotangents[0] else { return [nil, nil] }
    let (x, g) = (primals[0], primals[1])
    return [cotangent * g * secondDerivative(x), bind(self, x, cotangent)]
  }

  /// The rules read both operands, not the output.
  public var vjpReadsOutputs: Bool { false }

  /// `gelu″(x)`: `φ(x)(2 − x²)` for the exact form; for the tanh form, with `z = c(x + a·x³)`,
  /// `s = σ(2z)`, `t = s(1 − s)`, `z′ = c(1 + 3a·x²)`: `t·(4z′ + 4x(1 − 2s)z′² + 12·a·c·x²)`.
  private func secondDerivative(_ x: Tensor) -> Tensor {
    let squared = x * x
    guard approximate else { return 0.3989422804014327 * exp(-0.5 * squared) * (2 - squared) }
    let (c, a) = ((2 / Double.pi).squareRoot(), 0.044715)
    let s = sigmoid(2 * c * (x + a * squared * x))
    let slope = c * (1 + 3 * a * squared)
    return s * (1 - s) * (4 * slope + 4 * x * (1 - 2 * s) * slope * slope + 12 * a * c * squared)
  }
}

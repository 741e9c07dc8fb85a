import OlympusKernels

/// The elementwise angle of the point `(b, a)`: `atan(a / b)` placed in the right quadrant, in
/// [−π, π] (C's `atan2(y, x)` with `y = a`, `x = b`).
public struct Atan2: ElementwiseBinaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: BinaryOperation { .atan2 }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `atan2`.
  public var description: String { "atan2" }
  /// `b / (a² + b²)` and `−a / (a² + b²)`, divided twice by `r = hypot(a, b)` so that no square
  /// overflows.
  public func partials(_ a: Tensor, _ b: Tensor, output y: Tensor) -> (Tensor?, Tensor?) {
    let r = hypot(a, b)
    return (b / r / r, -a / r / r)
  }
  /// Whether a partial is infinite somewhere the function is finite: yes, at the origin.
  public var hasSingularDerivative: Bool { true }
  /// The partials read both operands.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

/// Elementwise angle of the point `(b, a)` in [−π, π] (NumPy's `arctan2(a, b)`), with
/// broadcasting and type promotion; integer and `bool` operands give `float32`.
public func atan2(_ a: Tensor, _ b: Tensor) -> Tensor { floatingElementwise(a, b, Atan2(), "atan2") }

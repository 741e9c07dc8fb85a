import OlympusKernels

/// The elementwise hyperbolic tangent.
public struct Tanh: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .tanh }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `tanh`.
  public var description: String { "tanh" }
  /// `1 - tanh²x`.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { 1 - y * y }
  /// `tangent · (1 - y²)` in one pass (`TanhGradient`).
  public func derivativeProduct(_ tangent: Tensor, at x: Tensor, output y: Tensor) -> Tensor? {
    bind(TanhGradient(), y, tangent)
  }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
}

extension Tanh {
  /// The derivative is written with the output alone.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule reads the outputs.
  public var vjpReadsOutputs: Bool { true }
}

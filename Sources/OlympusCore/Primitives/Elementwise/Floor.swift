import OlympusKernels

/// The elementwise largest integer not above `x`.
public struct Floor: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .floor }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `floor`.
  public var description: String { "floor" }
  /// Zero (piecewise constant).
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { nil }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
}

extension Floor {
  /// The rule reads no values.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

import OlympusKernels

/// The elementwise smallest integer not below `x`.
public struct Ceil: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .ceil }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `ceil`.
  public var description: String { "ceil" }
  /// Zero (piecewise constant).
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { nil }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
}

extension Ceil {
  /// The rule reads no values.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

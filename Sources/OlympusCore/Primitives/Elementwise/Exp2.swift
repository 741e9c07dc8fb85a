import OlympusKernels

/// Elementwise `2ˣ`.
public struct Exp2: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .exp2 }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `exp2`.
  public var description: String { "exp2" }
  /// `2ˣ · ln 2`, the output times ln 2.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { y * 0.69314718055994531 }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
  /// The derivative is written with the output alone.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule reads the outputs.
  public var vjpReadsOutputs: Bool { true }
}

/// Elementwise `2ˣ`. Integer and `bool` tensors are converted to `float32` first.
public func exp2(_ x: Tensor) -> Tensor { unaryElementwise(x, Exp2(), "exp2") }

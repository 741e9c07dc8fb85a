import OlympusKernels

/// Elementwise `√(a² + b²)`, without overflow or underflow in the squares.
public struct Hypot: ElementwiseBinaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: BinaryOperation { .hypot }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `hypot`.
  public var description: String { "hypot" }
  /// `a / y` and `b / y` at the output `y`, which never overflow.
  public func partials(_ a: Tensor, _ b: Tensor, output y: Tensor) -> (Tensor?, Tensor?) { (a / y, b / y) }
  /// Whether a partial is infinite somewhere the function is finite: at the origin the partials
  /// are 0/0.
  public var hasSingularDerivative: Bool { true }
  /// The partials read both operands.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule reads the outputs.
  public var vjpReadsOutputs: Bool { true }
}

/// Elementwise `√(a² + b²)` without overflow (NumPy's `hypot`), with broadcasting and type
/// promotion; integer and `bool` operands give `float32`.
public func hypot(_ a: Tensor, _ b: Tensor) -> Tensor { floatingElementwise(a, b, Hypot(), "hypot") }

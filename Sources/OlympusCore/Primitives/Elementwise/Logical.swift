import OlympusKernels

/// Elementwise boolean connective of two `bool` tensors.
public struct Logical: ElementwiseBinaryPrimitive {
  /// Which connective.
  public enum Connective: String, Sendable, Hashable, CaseIterable {
    /// Both.
    case and
    /// Either.
    case or
    /// Exactly one.
    case xor
  }

  /// The connective applied.
  public var connective: Connective

  /// Creates the primitive for `connective`.
  public init(_ connective: Connective) { self.connective = connective }

  /// The kernel operation.
  public var operation: BinaryOperation {
    switch connective {
    case .and: .logicalAnd
    case .or: .logicalOr
    case .xor: .logicalXor
    }
  }

  /// `bool` only.
  public var domain: ElementDomain { .boolean }

  /// `and`, `or`, `xor`.
  public var description: String { connective.rawValue }

  /// None: the result is boolean.
  public func partials(_ a: Tensor, _ b: Tensor, output y: Tensor) -> (Tensor?, Tensor?) { (nil, nil) }

  /// No singular points.
  public var hasSingularDerivative: Bool { false }
}

extension Logical {
  /// The rule reads no values.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

import OlympusKernels

/// Elementwise comparison of two tensors of one type, giving `bool`.
public struct Compare: ElementwiseBinaryPrimitive {
  /// Which comparison.
  public enum Comparison: String, Sendable, Hashable, CaseIterable {
    /// `a == b`.
    case equal = "eq"
    /// `a != b`.
    case notEqual = "ne"
    /// `a < b`.
    case less = "lt"
    /// `a <= b`.
    case lessEqual = "le"
    /// `a > b`.
    case greater = "gt"
    /// `a >= b`.
    case greaterEqual = "ge"
  }

  /// The comparison made.
  public var comparison: Comparison

  /// Creates the primitive for `comparison`.
  public init(_ comparison: Comparison) { self.comparison = comparison }

  /// The kernel operation.
  public var operation: BinaryOperation {
    switch comparison {
    case .equal: .equal
    case .notEqual: .notEqual
    case .less: .less
    case .lessEqual: .lessEqual
    case .greater: .greater
    case .greaterEqual: .greaterEqual
    }
  }

  /// Every type compares.
  public var domain: ElementDomain { .any }

  /// `eq`, `lt` …
  public var description: String { comparison.rawValue }

  /// None: the result is boolean.
  public func partials(_ a: Tensor, _ b: Tensor, output y: Tensor) -> (Tensor?, Tensor?) { (nil, nil) }

  /// No singular points.
  public var hasSingularDerivative: Bool { false }
}

extension Compare {
  /// The rule reads no values.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

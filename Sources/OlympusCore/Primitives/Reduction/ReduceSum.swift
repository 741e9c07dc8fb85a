import OlympusKernels

/// Sum over `axes`; 0 for no elements.
public struct ReduceSum: ReductionPrimitive {
  /// The axes reduced, sorted and distinct.
  public var axes: [Int]
  /// Creates the primitive reducing `axes` (sorted and distinct).
  public init(axes: [Int]) { self.axes = axes }
  /// The kernel operation.
  public var operation: ReductionOperation { .sum }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// Whether zero elements reduce to an identity.
  public var hasIdentity: Bool { true }
  /// `reduce_sum[axes]`.
  public var description: String { "reduce_sum\(axes)" }

  /// The sum of the tangent.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    [tangents[0].map { bind(self, $0) }]
  }

  /// The cotangent repeated over the reduced axes.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    [cotangents[0].map { expandReduced($0, axes: axes, to: primals[0].shape) }]
  }
}

extension ReduceSum {
  /// The rule reads only shapes.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

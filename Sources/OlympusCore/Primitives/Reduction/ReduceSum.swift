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
}

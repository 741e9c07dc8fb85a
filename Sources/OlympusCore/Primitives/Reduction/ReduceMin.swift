import OlympusKernels

/// Minimum over `axes` (NaN if any element is NaN; `all` for bool).
public struct ReduceMin: ExtremumReductionPrimitive {
  /// The axes reduced, sorted and distinct.
  public var axes: [Int]
  /// Creates the primitive reducing `axes` (sorted and distinct).
  public init(axes: [Int]) { self.axes = axes }
  /// The kernel operation.
  public var operation: ReductionOperation { .minimum }
  /// Accepted element types.
  public var domain: ElementDomain { .any }
  /// Whether zero elements reduce to an identity.
  public var hasIdentity: Bool { false }
  /// `reduce_min[axes]`.
  public var description: String { "reduce_min\(axes)" }
}

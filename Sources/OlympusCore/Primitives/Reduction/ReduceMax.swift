import OlympusKernels

/// Maximum over `axes` (NaN if any element is NaN; `any` for bool).
public struct ReduceMax: ExtremumReductionPrimitive {
  /// The axes reduced, sorted and distinct.
  public var axes: [Int]
  /// Creates the primitive reducing `axes` (sorted and distinct).
  public init(axes: [Int]) { self.axes = axes }
  /// The kernel operation.
  public var operation: ReductionOperation { .maximum }
  /// Accepted element types.
  public var domain: ElementDomain { .any }
  /// Whether zero elements reduce to an identity.
  public var hasIdentity: Bool { false }
  /// `reduce_max[axes]`.
  public var description: String { "reduce_max\(axes)" }
}

import COlympusKernels

/// How `Reduction.reduce` combines the elements along the reduced axis.
///
/// Raw values match the C kernels' `olk_reduce_op`.
public enum ReductionOperation: Int32, Sendable, CaseIterable {
  /// The sum; 0 for an empty axis.
  case sum = 0
  /// The product; 1 for an empty axis.
  case product = 1
  /// The largest element (for bool: whether any element is true); NaN if any element is NaN.
  case maximum = 2
  /// The smallest element (for bool: whether all elements are true); NaN if any element is NaN.
  case minimum = 3

  /// The same operation as the C kernels spell it.
  @inlinable public var cValue: olk_reduce_op { olk_reduce_op(rawValue: UInt32(rawValue)) }
}

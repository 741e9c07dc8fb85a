/// A read-only view of elements laid out with arbitrary strides.
///
/// `strides` counts elements, has one entry per dimension of the shape it is used with, and may
/// hold 0 (a broadcast dimension) or negative values (a flipped dimension).
public struct StridedView {
  /// The address of the element at index (0, 0, …).
  public var pointer: UnsafeRawPointer
  /// Element strides, one per dimension.
  public var strides: [Int]

  /// Creates a view of `pointer` with the given element strides.
  public init(_ pointer: UnsafeRawPointer, strides: [Int]) {
    self.pointer = pointer
    self.strides = strides
  }
}

/// Row-major (C-order) element strides of a contiguous array of `shape`.
public func contiguousStrides(for shape: [Int]) -> [Int] {
  var strides = [Int](repeating: 1, count: shape.count)
  var step = 1
  for axis in shape.indices.reversed() {
    strides[axis] = step
    step *= Swift.max(shape[axis], 1)
  }
  return strides
}

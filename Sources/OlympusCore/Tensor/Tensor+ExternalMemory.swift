import OlympusKernels

/// Tensors over memory Olympus did not allocate, for the file formats of OlympusIO (a tensor that
/// is a view of a memory-mapped file). Visible to the modules of this package only.
extension Tensor {
  /// A concrete row-major tensor whose elements are the bytes at `base`, which must be aligned to
  /// the element size, hold `shape`'s elements of `dtype` and stay alive and unchanged by others as
  /// long as `owner` lives (the tensor and its views keep `owner`). The bytes must be writable: a
  /// compiled graph may reuse the storage of a donated tensor that nothing else refers to for its
  /// results (map files private and copy-on-write).
  package init(unsafeElementsAt base: UnsafeMutableRawPointer, shape: [Int], dtype: DType, owner: AnyObject) {
    let byteCount = shape.reduce(1, *) * dtype.byteCount
    self.init(storage: Storage.wrapping(base, byteCount: byteCount, owner: owner), shape: shape, dtype: dtype)
  }

  /// Runs `body` with this concrete tensor's elements in row-major order (copied first when its
  /// layout is strided).
  package func withUnsafeContiguousBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    try withContiguousElements { try body(UnsafeRawBufferPointer(start: $0, count: elementCount * dtype.byteCount)) }
  }
}

extension Tensor {
  /// A concrete row-major tensor of `shape` and `dtype` and the address of its bytes, which the
  /// caller writes, all of them, before the tensor is read (the receive buffer of a collective in
  /// OlympusDistributed). The address stays valid as long as the tensor lives.
  package static func unsafeUninitialized(shape: [Int], dtype: DType) -> (tensor: Tensor, base: UnsafeMutableRawPointer) {
    var base: UnsafeMutableRawPointer? = nil
    let tensor = Tensor.make(TensorType(shape: shape, dtype: dtype)) { base = $0 }
    return (tensor, base!)
  }

  /// The address of this concrete tensor's elements when they are row-major and dense, else
  /// `nil`. It stays valid as long as the tensor lives.
  package var unsafeContiguousBase: UnsafeRawPointer? { isContiguous ? baseAddress : nil }

  /// Writes this concrete tensor's elements in row-major order to `destination`, which has room
  /// for them: one copy, gathering a strided layout on the way (a collective's send buffer).
  package func copyElements(to destination: UnsafeMutableRawPointer) {
    withExtendedLifetime(self) {
      Elementwise.copy(dtype.scalarType, shape: shape, input: stridedView, output: destination)
    }
  }

  /// Elements `start ..< start + count` (`count` being `shape`'s element count) of this concrete
  /// row-major dense tensor as a row-major tensor of `shape` sharing its storage: a view made
  /// without an operation (a leaf's part of a collective's fused receive buffer). The caller
  /// guarantees the layout and the range.
  package func unsafeRowMajorView(from start: Int, shape: [Int]) -> Tensor {
    assert(isContiguous && start + shape.reduce(1, *) <= elementCount, "unsafeRowMajorView outside its tensor")
    return view(shape: shape, offset: handle.offset + start, strides: contiguousStrides(for: shape))
  }
}

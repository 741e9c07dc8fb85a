import COlympusKernels

extension Elementwise {
  /// One contiguous run of `unary(_:_:shape:input:output:)` on the calling thread: `count` elements,
  /// the input read with element stride `inputStride` (1, or 0 to repeat one element), the output
  /// written contiguously. The same kernel as the whole-array entry point, so results are bit for
  /// bit the same; the fused executor calls it on tiles.
  ///
  /// Precondition: `operation` is defined for `type`.
  public static func unaryRun(
    _ operation: UnaryOperation, _ type: ScalarType, input: UnsafeRawPointer, inputStride: Int,
    output: UnsafeMutableRawPointer, count: Int
  ) {
    _ = olk_unary(operation.cValue, type.cValue, input, inputStride, output, 1, count)
  }

  /// One contiguous run of `binary(_:_:shape:lhs:rhs:output:)` on the calling thread (see
  /// `unaryRun`).
  public static func binaryRun(
    _ operation: BinaryOperation, _ type: ScalarType, lhs: UnsafeRawPointer, lhsStride: Int, rhs: UnsafeRawPointer,
    rhsStride: Int, output: UnsafeMutableRawPointer, count: Int
  ) {
    _ = olk_binary(operation.cValue, type.cValue, lhs, lhsStride, rhs, rhsStride, output, 1, count)
  }

  /// One contiguous run of `select(_:shape:condition:onTrue:onFalse:output:)` on the calling thread
  /// (see `unaryRun`).
  public static func selectRun(
    _ type: ScalarType, condition: UnsafeRawPointer, conditionStride: Int, onTrue: UnsafeRawPointer,
    onTrueStride: Int, onFalse: UnsafeRawPointer, onFalseStride: Int, output: UnsafeMutableRawPointer, count: Int
  ) {
    olk_select(
      type.cValue, condition.assumingMemoryBound(to: UInt8.self), conditionStride, onTrue, onTrueStride, onFalse,
      onFalseStride, output, 1, count)
  }

  /// One contiguous run of `cast(from:to:shape:input:output:)` on the calling thread (see `unaryRun`).
  public static func castRun(
    from source: ScalarType, to destination: ScalarType, input: UnsafeRawPointer, inputStride: Int,
    output: UnsafeMutableRawPointer, count: Int
  ) {
    olk_cast(source.cValue, input, inputStride, destination.cValue, output, 1, count)
  }
}

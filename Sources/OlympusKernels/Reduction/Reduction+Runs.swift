import COlympusKernels

extension Reduction {
  /// The element type `operation` accumulates `type` in (float64 for float sums and products), as
  /// `accumulateRows` writes it and `combinePartials` reads it.
  ///
  /// Precondition: `operation` is defined for `type`.
  public static func accumulatorType(_ operation: ReductionOperation, _ type: ScalarType) -> ScalarType {
    let accumulator = olk_reduce_accumulator(operation.cValue, type.cValue)
    require(accumulator >= 0, "Reduction.accumulatorType: \(operation) is not defined for \(type)")
    return ScalarType(rawValue: accumulator)!
  }

  /// Reduces `rows` contiguous rows of `count` elements of `type` on the calling thread, writing one
  /// result per row: of `type` or, with `toAccumulator`, of `accumulatorType(operation, type)`.
  ///
  /// Rows follow the fixed pairwise tree of `reduce`, so a row reduced here equals the same row
  /// reduced by `reduce`; and a row cut into consecutive blocks of one power-of-two length of at
  /// least 2048 elements (the last block shorter), each accumulated here and combined by
  /// `combinePartials`, gives bit for bit `reduce`'s result. The fused executor reduces tiles this
  /// way.
  public static func accumulateRows(
    _ operation: ReductionOperation, _ type: ScalarType, input: UnsafeRawPointer, rows: Int, count: Int,
    output: UnsafeMutableRawPointer, toAccumulator: Bool
  ) {
    _ = olk_reduce(operation.cValue, type.cValue, input, count, 1, rows, count, 1, output, 1, toAccumulator ? 1 : 0)
  }

  /// Combines `blocks` consecutive block accumulators of each of `rows` rows (`partials` holds
  /// `rows × blocks` values of the accumulator type) into one result of `type` per row.
  public static func combinePartials(
    _ operation: ReductionOperation, _ type: ScalarType, partials: UnsafeRawPointer, rows: Int, blocks: Int,
    output: UnsafeMutableRawPointer
  ) {
    _ = olk_reduce_partials(operation.cValue, type.cValue, partials, rows, blocks, 1, output)
  }
}

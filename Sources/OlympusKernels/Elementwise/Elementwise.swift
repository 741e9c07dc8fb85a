import COlympusKernels

/// Elementwise kernels over strided views.
///
/// Every entry point takes the common `shape`, inputs as `StridedView`s with one element stride
/// per dimension (0 broadcasts, negative flips), and an output laid out contiguously in
/// row-major order over `shape`. Work above a per-kernel size is split across threads.
public enum Elementwise {
  /// `output = operation(input)` elementwise; the output has `type`.
  ///
  /// Precondition: `operation` is defined for `type` (see `UnaryOperation`).
  public static func unary(
    _ operation: UnaryOperation, _ type: ScalarType, shape: [Int], input: StridedView,
    output: UnsafeMutableRawPointer
  ) {
    require(operation.isDefined(for: type), "Elementwise.unary: \(operation) is not defined for \(type)")
    let op = operation.cValue
    let dtype = type.cValue
    StridedLoop.run(
      "Elementwise.unary", shape: shape, inputs: (input, input, input),
      inputSizes: (type.byteCount, type.byteCount, type.byteCount), output: output, outputSize: type.byteCount,
      minimumChunk: operation.minimumParallelChunk(for: type)
    ) { run in
      _ = olk_unary(op, dtype, run.inputs.0, run.strides.0, run.output, 1, run.count)
    }
  }

  /// `output = lhs operation rhs` elementwise; the output has `type`, or bool for comparisons
  /// and logical operations.
  ///
  /// Precondition: `operation` is defined for `type` (see `BinaryOperation`).
  public static func binary(
    _ operation: BinaryOperation, _ type: ScalarType, shape: [Int], lhs: StridedView, rhs: StridedView,
    output: UnsafeMutableRawPointer
  ) {
    require(operation.isDefined(for: type), "Elementwise.binary: \(operation) is not defined for \(type)")
    let op = operation.cValue
    let dtype = type.cValue
    StridedLoop.run(
      "Elementwise.binary", shape: shape, inputs: (lhs, rhs, rhs),
      inputSizes: (type.byteCount, type.byteCount, type.byteCount), output: output,
      outputSize: operation.resultType(for: type).byteCount, minimumChunk: operation.minimumParallelChunk(for: type)
    ) { run in
      _ = olk_binary(op, dtype, run.inputs.0, run.strides.0, run.inputs.1, run.strides.1, run.output, 1, run.count)
    }
  }

  /// `output = condition ? onTrue : onFalse` elementwise; `condition` is bool, the others `type`.
  public static func select(
    _ type: ScalarType, shape: [Int], condition: StridedView, onTrue: StridedView, onFalse: StridedView,
    output: UnsafeMutableRawPointer
  ) {
    let dtype = type.cValue
    StridedLoop.run(
      "Elementwise.select", shape: shape, inputs: (condition, onTrue, onFalse),
      inputSizes: (1, type.byteCount, type.byteCount), output: output, outputSize: type.byteCount,
      minimumChunk: streamingChunk
    ) { run in
      olk_select(
        dtype, run.inputs.0.assumingMemoryBound(to: UInt8.self), run.strides.0, run.inputs.1, run.strides.1,
        run.inputs.2, run.strides.2, run.output, 1, run.count)
    }
  }

  /// Converts `input` of type `source` to `destination`: float to integer truncates toward zero,
  /// saturates out of range and gives 0 for NaN; anything to bool is `x != 0`; bool reads as 0 or 1.
  public static func cast(
    from source: ScalarType, to destination: ScalarType, shape: [Int], input: StridedView,
    output: UnsafeMutableRawPointer
  ) {
    let from = source.cValue
    let to = destination.cValue
    StridedLoop.run(
      "Elementwise.cast", shape: shape, inputs: (input, input, input),
      inputSizes: (source.byteCount, source.byteCount, source.byteCount), output: output,
      outputSize: destination.byteCount, minimumChunk: streamingChunk
    ) { run in
      olk_cast(from, run.inputs.0, run.strides.0, to, run.output, 1, run.count)
    }
  }

  /// The fewest elements worth a thread for kernels that only move data (select, cast, copy):
  /// ~0.06 ns per element, so 2^16 elements take ~4 µs against the ~1 µs fork and join.
  static let streamingChunk = 1 << 16

  /// Copies the strided `input` of `type` into the contiguous `output`, bit for bit (a transposed
  /// layout block by block, see `copyTransposed`).
  public static func copy(_ type: ScalarType, shape: [Int], input: StridedView, output: UnsafeMutableRawPointer) {
    if copyTransposed(type, shape: shape, input: input, output: output) { return }
    cast(from: type, to: type, shape: shape, input: input, output: output)
  }
}

import OlympusKernels

/// What one elementwise primitive computes on a tile, for the fused executor: the kernel its
/// `evaluate` calls, applied to contiguous runs of operands of the output's shape (each read with
/// element stride 1, or 0 when it repeats one element).
///
/// The executor calls the same kernels as eager evaluation, element for element, so a fused result
/// is bit for bit the eager one.
enum TileOperation {
  /// A member of the unary elementwise family.
  case unary(UnaryOperation)
  /// A member of the binary elementwise family (arithmetic, comparison, logical).
  case binary(BinaryOperation)
  /// `Select`.
  case select
  /// `Convert` to the element type.
  case convert(ScalarType)

  /// The tile form of `primitive`; `nil` for primitives that are not elementwise.
  init?(_ primitive: any Primitive) {
    switch primitive {
    case let unary as any ElementwiseUnaryPrimitive: self = .unary(unary.operation)
    case let binary as any ElementwiseBinaryPrimitive: self = .binary(binary.operation)
    case is Select: self = .select
    case let convert as Convert: self = .convert(convert.dtype.scalarType)
    default: return nil
    }
  }

  /// Computes `count` elements into `output` from `operands` (first elements and element strides,
  /// as many as the operation takes) whose element types are `types`.
  func run(
    _ operands: UnsafePointer<(pointer: UnsafeRawPointer, stride: Int)>, types: (ScalarType, ScalarType, ScalarType),
    output: UnsafeMutableRawPointer, count: Int
  ) {
    switch self {
    case .unary(let operation):
      Elementwise.unaryRun(
        operation, types.0, input: operands[0].pointer, inputStride: operands[0].stride, output: output, count: count)
    case .binary(let operation):
      Elementwise.binaryRun(
        operation, types.0, lhs: operands[0].pointer, lhsStride: operands[0].stride, rhs: operands[1].pointer,
        rhsStride: operands[1].stride, output: output, count: count)
    case .select:
      Elementwise.selectRun(
        types.1, condition: operands[0].pointer, conditionStride: operands[0].stride, onTrue: operands[1].pointer,
        onTrueStride: operands[1].stride, onFalse: operands[2].pointer, onFalseStride: operands[2].stride,
        output: output, count: count)
    case .convert(let destination):
      Elementwise.castRun(
        from: types.0, to: destination, input: operands[0].pointer, inputStride: operands[0].stride, output: output,
        count: count)
    }
  }
}

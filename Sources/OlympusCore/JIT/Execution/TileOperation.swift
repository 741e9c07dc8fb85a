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

  /// The kernel for operands of element types `types` (one per operand).
  func kernel(for types: [ScalarType]) -> Elementwise.ProgramStep.Kernel {
    switch self {
    case .unary(let operation): .unary(operation, types[0])
    case .binary(let operation): .binary(operation, types[0])
    case .select: .select(types[1])
    case .convert(let destination): .cast(from: types[0], to: destination)
    }
  }
}

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

  /// The kernel for `inputs`, by their element types.
  func kernel(for inputs: Graph.Equation.Operands) -> Elementwise.ProgramStep.Kernel {
    let type = { (index: Int) in inputs[index].type.dtype.scalarType }
    return switch self {
    case .unary(let operation): .unary(operation, type(0))
    case .binary(let operation): .binary(operation, type(0))
    case .select: .select(type(1))
    case .convert(let destination): .cast(from: type(0), to: destination)
    }
  }
}

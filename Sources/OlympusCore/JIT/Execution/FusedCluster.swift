/// Elementwise equations over one shape that run together, tile by tile, with reductions of their
/// values folded in per tile: only the values used outside the cluster reach memory.
struct FusedCluster {
  /// The shape of every elementwise value in the cluster.
  let shape: [Int]
  /// The elementwise equations, in graph order.
  var equations: [Graph.Equation] = []
  /// Reductions over trailing axes (or all axes) of cluster values, all with one row length.
  var reductions: [Graph.Equation] = []
  /// Operands read from outside: variables defined elsewhere and constants.
  var inputs: [Graph.Atom] = []
  /// Values the cluster defines that are used after it (every reduction result among them).
  var outputs: [Graph.Variable] = []

  /// Elements of each elementwise value.
  var elementCount: Int { shape.reduce(1, *) }

  /// Elements each reduction folds into one result (its row length); `nil` without reductions.
  var rowLength: Int? {
    reductions.first.map { elementCount / max($0.outputs[0].type.elementCount, 1) }
  }
}

/// The row length of `equation` when it is a reduction the fused executor can fold per tile: a
/// reduction over a nonempty block of trailing axes (so rows are contiguous), of a nonempty input.
func fusibleReductionRowLength(_ equation: Graph.Equation) -> Int? {
  guard let reduction = equation.primitive as? any ReductionPrimitive, let first = reduction.axes.first,
    case .variable(let input) = equation.inputs[0]
  else { return nil }
  let shape = input.type.shape
  let isTrailingBlock = reduction.axes.last! - first + 1 == reduction.axes.count
    && shape[(reduction.axes.last! + 1)...].allSatisfy { $0 == 1 }
  guard isTrailingBlock, input.type.elementCount > 0 else { return nil }
  return reduction.axes.reduce(1) { $0 * shape[$1] }
}

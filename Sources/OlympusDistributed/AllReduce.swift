import OlympusCore

/// The all-reduce of `operandCount` tensors over every rank of the world (``Distributed``): each
/// output is its input reduced elementwise with `operation` over the ranks, the same on every rank.
/// All inputs travel together, one fused buffer per element type.
///
/// Its rules treat the job as one function of every rank's inputs, each rank holding its own
/// inputs, outputs, tangents and cotangents. The JVP of `sum` and `mean` is the same all-reduce of
/// the tangents; the VJP is the transpose: the all-reduce (`sum`) or the mean (`mean`) of the
/// cotangents, so ⟨u, J v⟩ summed over ranks equals ⟨Jᵀu, v⟩ summed over ranks. For `max` and `min`
/// the derivative flows to the ranks and elements holding the extreme value, split evenly between
/// ties. Every rank runs the same program, so every rank makes the same collectives in the same
/// order, also inside the rules.
public struct AllReduce: Primitive {
  /// How the ranks' values combine.
  public var operation: ReduceOperation
  /// The number of tensors reduced together.
  public var operandCount: Int

  /// Creates the primitive reducing `operandCount` tensors with `operation`.
  public init(operation: ReduceOperation, operandCount: Int = 1) {
    self.operation = operation
    self.operandCount = operandCount
  }

  /// One output per operand.
  public var outputCount: Int { operandCount }

  /// `all_reduce_<operation>`.
  public var description: String { "all_reduce_\(operation)" }

  /// The inputs' types, when `operation` applies to each.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    guard inputs.count == operandCount else {
      throw OlympusError("allReduce", "expects \(operandCount) operands, got \(inputs.count)")
    }
    for type in inputs where !operation.accepts(type.dtype) {
      throw OlympusError("allReduce", "\(operation) does not apply to \(type)")
    }
    return inputs
  }

  /// The reduction over the ranks (the inputs' values in a world of one process).
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    Distributed.startAllReduce(inputs, op: operation, "allReduce").wait()
  }

  /// `sum`, `mean`: the same all-reduce of the tangents. `max`, `min`: the tangents at the extreme,
  /// averaged over the ranks and elements that tie there.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    let present = tangents.indices.filter { tangents[$0] != nil }
    var results = [Tensor?](repeating: nil, count: operandCount)
    switch operation {
    case .sum, .mean:
      let reduced = bind(AllReduce(operation: operation, operandCount: present.count), present.map { tangents[$0]! })
      for (index, value) in zip(present, reduced) { results[index] = value }
    case .max, .min:
      let masks = present.map { extremeMask(primals[$0], outputs[$0]) }
      let sums = bind(
        AllReduce(operation: .sum, operandCount: 2 * present.count),
        masks + zip(present, masks).map { index, mask in tangents[index]! * mask })
      for (position, index) in present.enumerated() {
        results[index] = sums[present.count + position] / sums[position]
      }
    }
    return results
  }

  /// `sum`: the all-reduce of the cotangents; `mean`: their mean over the ranks; `max`, `min`: the
  /// summed cotangent at the extreme, split between the ranks and elements that tie there.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    let present = cotangents.indices.filter { cotangents[$0] != nil && primals[$0].dtype.isFloatingPoint }
    var results = [Tensor?](repeating: nil, count: operandCount)
    switch operation {
    case .sum, .mean:
      let reduced = bind(AllReduce(operation: operation, operandCount: present.count), present.map { cotangents[$0]! })
      for (index, value) in zip(present, reduced) { results[index] = value }
    case .max, .min:
      let masks = present.map { extremeMask(primals[$0], outputs[$0]) }
      let sums = bind(AllReduce(operation: .sum, operandCount: 2 * present.count), masks + present.map { cotangents[$0]! })
      for (position, index) in present.enumerated() {
        results[index] = masks[position] * (sums[present.count + position] / sums[position])
      }
    }
    return results
  }

  /// Applied once to the batched inputs: the reduction is elementwise, so each keeps its batch
  /// axis (every rank maps over the same axes).
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    (bind(self, inputs), axes)
  }

  /// `max` and `min` read the inputs; `sum` and `mean` only their types.
  public func vjpReadsInput(_ index: Int) -> Bool { operation == .max || operation == .min }

  /// `max` and `min` read the outputs.
  public var vjpReadsOutputs: Bool { operation == .max || operation == .min }

  /// 1 where this rank's `x` holds the reduced value `y`, else 0, in `x`'s type.
  private func extremeMask(_ x: Tensor, _ y: Tensor) -> Tensor {
    (x .== stopGradient(y)).astype(x.dtype)
  }
}

/// The value of a scalar function of tensors and its gradient with respect to those at `wrt`
/// (all of them when `nil`); further outputs (auxiliary data) come back as values.
func scalarGradient(
  _ operation: String, at inputs: [Tensor], wrt selected: [Int]? = nil, _ f: ([Tensor]) -> [Tensor]
) -> (value: Tensor, auxiliary: [Tensor], gradients: [Tensor]) {
  let positions = selected ?? Array(inputs.indices)
  let (outputs, pullback) = reverseFlat(operation, at: positions.map { inputs[$0] }, singleUse: true) { traced in
    var arguments = inputs
    for (position, tracer) in zip(positions, traced) { arguments[position] = tracer }
    return f(arguments)
  }
  let value = outputs[0]
  guard value.rank == 0, value.dtype.isFloatingPoint else {
    let failure = reject(
      OlympusError(operation, "the function must return a 0-d floating-point tensor, got \(value.type)"))
    return (failure, Array(outputs.dropFirst()), positions.map { _ in failure })
  }
  let seeds: [Tensor?] = [Tensor.ones(like: value)] + outputs.dropFirst().map { _ in nil }
  return (value, Array(outputs.dropFirst()), pullback(seeds))
}

/// Splits `leaves` into consecutive runs of the given lengths.
func split(_ leaves: [Tensor], counts: [Int]) -> [[Tensor]] {
  var start = 0
  return counts.map { count in
    defer { start += count }
    return Array(leaves[start..<(start + count)])
  }
}

/// The value of a scalar function of tensors and its gradient with respect to those at `wrt`
/// (all of them when `nil`); further outputs (auxiliary data) come back as values.
func scalarGradient(
  _ operation: String, at inputs: [Tensor], wrt selected: [Int]? = nil, _ f: ([Tensor]) -> [Tensor]
) -> (value: Tensor, auxiliary: [Tensor], gradients: [Tensor]) {
  let recording = ReverseRecording(operation, at: selected?.map { inputs[$0] } ?? inputs) { traced in
    guard let selected else { return f(traced) }
    var arguments = inputs
    for (position, tracer) in zip(selected, traced) { arguments[position] = tracer }
    return f(arguments)
  }
  let outputs = recording.outputs
  let value = outputs[0]
  guard value.rank == 0, value.dtype.isFloatingPoint else {
    let failure = reject(
      OlympusError(operation, "the function must return a 0-d floating-point tensor, got \(value.type)"))
    return (failure, Array(outputs.dropFirst()), Array(repeating: failure, count: selected?.count ?? inputs.count))
  }
  var seeds: [Tensor?] = nils(outputs.count)
  seeds[0] = Tensor.ones(like: value)
  return (value, Array(outputs.dropFirst()), recording.pullback(seeds, consuming: true))
}

/// Splits `leaves` into consecutive runs of the given lengths.
func split(_ leaves: [Tensor], counts: [Int]) -> [[Tensor]] {
  var start = 0
  return counts.map { count in
    defer { start += count }
    return Array(leaves[start..<(start + count)])
  }
}

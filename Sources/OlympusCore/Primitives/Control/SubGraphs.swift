/// Helpers shared by the primitives that hold staged sub-graphs (`Cond`, `WhileLoop`, `Scan`,
/// `Checkpoint`): type checks, and forward mode, reverse mode and batching through a sub-graph on
/// the floating-point values only (other values carry no derivative).

extension Graph {
  /// The types of the graph's parameters.
  var inputTypes: [TensorType] { inputs.map(\.type) }
  /// The types of the graph's results.
  var outputTypes: [TensorType] { outputs.map(\.type) }
}

/// `float32[3], int64[]`: a list of types for error messages.
func typeList(_ types: some Sequence<TensorType>) -> String {
  types.map(\.description).joined(separator: ", ")
}

/// Checks that a control-flow primitive's operands have the types its sub-graph was staged for.
func expectOperands(_ operation: String, _ given: [TensorType], _ staged: [TensorType]) throws(OlympusError) {
  guard given == staged else {
    throw OlympusError(operation, "operands (\(typeList(given))) do not match the staged operands (\(typeList(staged)))")
  }
}

/// The floating-point entries of `values`, in order: the ones that carry tangents and cotangents.
func floatingPoint(_ values: some Sequence<Tensor>) -> [Tensor] {
  values.filter { $0.dtype.isFloatingPoint }
}

/// `derivatives` (one per floating-point entry of `types`, in order) spread over all the entries,
/// `nil` at the others.
func spread(_ derivatives: some Sequence<Tensor>, over types: some Sequence<TensorType>) -> [Tensor?] {
  var remaining = derivatives.makeIterator()
  return types.map { $0.dtype.isFloatingPoint ? remaining.next() : nil }
}

/// Forward mode through `graph` at `inputs`: the graph's outputs and the tangents of its
/// floating-point outputs, given tangents for its floating-point inputs (in order).
func forwardThrough(
  _ graph: Graph, at inputs: [Tensor], along tangents: [Tensor], _ operation: String
) -> (outputs: [Tensor], tangents: [Tensor]) {
  let dense = zip(spread(tangents, over: inputs.map(\.type)), inputs).map { tangentOrZero($0, like: $1) }
  let result = forwardFlat(operation, at: inputs, along: dense, graph.callAsFunction)
  return (result.outputs, zip(result.outputs, result.tangents).filter { $0.0.dtype.isFloatingPoint }.map(\.1))
}

/// Reverse mode through `graph` at `inputs`: the cotangents of its floating-point inputs (in
/// order), given cotangents for its floating-point outputs (in order). The graph's forward pass
/// runs again here: nothing of it is kept from an earlier run.
func backwardThrough(_ graph: Graph, at inputs: [Tensor], cotangents: [Tensor], _ operation: String) -> [Tensor] {
  let pullback = reverseFlat(operation, at: inputs, graph.callAsFunction).pullback
  return floatingPointEntries(pullback(spread(cotangents, over: graph.outputTypes)), of: inputs)
}

/// The entries of `values` at the positions where `reference` is floating point.
func floatingPointEntries(_ values: [Tensor], of reference: [Tensor]) -> [Tensor] {
  zip(values, reference).filter { $0.1.dtype.isFloatingPoint }.map(\.0)
}

/// `graph` applied to a batch: inputs batched along `axes` (`nil` for shared ones), every output
/// with its batch axis first (repeated when it does not depend on the batch).
func batchedCall(_ graph: Graph, _ inputs: [Tensor], axes: [Int?], size: Int) -> [Tensor] {
  guard axes.contains(where: { $0 != nil }) else {
    return graph(inputs).map { batchFirst($0, axis: nil, size: size) }
  }
  return batchFlat(inAxes: axes, outAxes: graph.outputs.map { _ in 0 }, inputs: inputs, graph.callAsFunction)
}

/// `x` (whose first axis is the batch) where `mask` (one `bool` per example) holds, `y` elsewhere.
func selectExamples(_ mask: Tensor, _ x: Tensor, _ y: Tensor) -> Tensor {
  select(mask.reshaped(to: [mask.elementCount] + Array(repeating: 1, count: x.rank - 1)), x, y)
}

/// `graph`'s description with its lines indented, to print inside an equation of another graph.
func nestedDescription(_ graph: Graph) -> String {
  graph.description.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n        ")
}

/// The differentiation transformations on lists of tensors; the public, tree-shaped API is built on
/// these.

/// A function run at some inputs under a reverse interpreter: its outputs, and what pulling
/// cotangents back to the inputs needs.
struct ReverseRecording {
  /// The transformation's name, for error messages.
  let operation: String
  let inputs: [Tensor]
  /// The record of each floating-point input (its only output), `nil` for the others: the targets
  /// of the backward pass.
  let leaves: [(node: ReverseInterpreter.Node, outputIndex: Int)?]
  /// Where each output came from, `nil` when it does not depend on the inputs.
  let sources: [(node: ReverseInterpreter.Node, outputIndex: Int)?]
  let outputs: [Tensor]

  /// Runs `f` at `inputs`, recording for reverse mode.
  init(_ operation: String, at inputs: [Tensor], _ f: ([Tensor]) -> [Tensor]) {
    self.operation = operation
    self.inputs = inputs
    (leaves, sources, outputs) = withNewInterpreter({ ReverseInterpreter(level: $0) }) { interpreter in
      var leaves: [(node: ReverseInterpreter.Node, outputIndex: Int)?] = []
      var traced: [Tensor] = []
      leaves.reserveCapacity(inputs.count)
      traced.reserveCapacity(inputs.count)
      for input in inputs {
        guard input.dtype.isFloatingPoint else {
          leaves.append(nil)
          traced.append(input)
          continue
        }
        let leaf = interpreter.leaf(input)
        leaves.append((leaf.node, 0))
        traced.append(leaf.tensor)
      }
      let results = f(traced)
      let sources = results.map { interpreter.source(of: $0) }
      let outputs = zip(results, sources).map { result, source in
        (source != nil ? result.handle.tracedPrimal : nil) ?? result
      }
      return (leaves, sources, outputs)
    }
  }

  /// The cotangents of the inputs (zeros for inputs that do not matter) for output cotangents
  /// (`nil` for zero). A consuming pullback frees the recorded values as it goes (lower peak
  /// memory) and must be the last.
  func pullback(_ cotangents: [Tensor?], consuming: Bool) -> [Tensor] {
    guard
      check(
        cotangents.count == outputs.count,
        OlympusError(operation, "\(cotangents.count) cotangents for \(outputs.count) outputs"))
    else { return inputs.map { _ in .failed } }
    var seeds: [(node: ReverseInterpreter.Node, outputIndex: Int, cotangent: Tensor)] = []
    seeds.reserveCapacity(cotangents.count)
    for (index, (source, cotangent)) in zip(sources, cotangents).enumerated() {
      guard let cotangent else { continue }
      guard cotangent.shape == outputs[index].shape else {
        _ = reject(
          OlympusError(
            operation, "cotangent \(cotangent.type) does not match output \(index) of type \(outputs[index].type)"))
        return inputs.map { _ in .failed }
      }
      if let source { seeds.append((source.node, source.outputIndex, cotangent.astype(outputs[index].dtype))) }
    }
    let reached = backpropagate(
      seeds: seeds, targets: leaves, options: BackwardOptions(releasesSavedValues: consuming))
    return zip(inputs, reached).map { input, cotangent in cotangent ?? Tensor.zeros(like: input) }
  }
}

/// Runs `f` at `inputs` recording for reverse mode; returns the outputs and a pullback from output
/// cotangents (`nil` for zero) to input cotangents (zeros for inputs that do not matter). A
/// single-use pullback frees the recorded values as it goes (lower peak memory) and must be called
/// at most once.
func reverseFlat(
  _ operation: String, at inputs: [Tensor], singleUse: Bool = false, _ f: ([Tensor]) -> [Tensor]
) -> (outputs: [Tensor], pullback: ([Tensor?]) -> [Tensor]) {
  let recording = ReverseRecording(operation, at: inputs, f)
  return (recording.outputs, { recording.pullback($0, consuming: singleUse) })
}

/// Runs `f` at `inputs` with `tangents` in forward mode; returns the outputs and their tangents.
func forwardFlat(
  _ operation: String, at inputs: [Tensor], along tangents: [Tensor], _ f: ([Tensor]) -> [Tensor]
) -> (outputs: [Tensor], tangents: [Tensor]) {
  for (input, tangent) in zip(inputs, tangents) where input.type != tangent.type {
    _ = reject(OlympusError(operation, "tangent \(tangent.type) does not match input \(input.type)"))
    return (inputs.map { _ in .failed }, inputs.map { _ in .failed })
  }
  return withNewInterpreter({ JVPInterpreter(level: $0) }) { interpreter in
    let traced = zip(inputs, tangents).map { input, tangent in
      input.dtype.isFloatingPoint ? interpreter.lift(input, tangent: tangent) : input
    }
    let results = f(traced).map(interpreter.unlift)
    return (results.map(\.primal), results.map { tangentOrZero($0.tangent, like: $0.primal) })
  }
}

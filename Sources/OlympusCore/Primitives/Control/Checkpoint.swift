/// A staged function whose reverse-mode rule recomputes it from its inputs (JAX's `checkpoint`,
/// also called rematerialization): reverse mode and the tape keep only the inputs, none of the
/// function's intermediates, and pay one more forward pass in the backward pass. Inputs: the
/// function's arguments, then the values it captured (see `closureConverted`).
public struct Checkpoint: Primitive {
  /// The function.
  let function: Graph

  /// `checkpoint[{…}]`.
  public var description: String { "checkpoint[\(nestedDescription(function))]" }

  /// As many as the function returns.
  public var outputCount: Int { function.outputs.count }

  /// Identity of the function.
  public static func == (a: Checkpoint, b: Checkpoint) -> Bool { a.function === b.function }

  /// Identity of the function.
  public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(function)) }

  /// The function's output types, for the staged operand types.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectOperands("checkpoint", inputs, function.inputTypes)
    return function.outputTypes
  }

  /// Runs the function.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    withGradientMode(false) { function(inputs) }
  }

  /// The function's forward mode, itself checkpointed.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    let inputTangents = floatingPointEntries(zip(tangents, primals).map { tangentOrZero($0, like: $1) }, of: primals)
    let count = primals.count
    let results = checkpoint { values in
      forwardThrough(function, at: Array(values[..<count]), along: Array(values[count...]), "checkpoint").tangents
    }(primals + inputTangents)
    return spread(results, over: outputs.map(\.type))
  }

  /// Runs the function again from its inputs, recording it, and pulls the cotangents back.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    let outputCotangents = floatingPointEntries(zip(cotangents, outputs).map { tangentOrZero($0, like: $1) }, of: outputs)
    return spread(backwardThrough(function, at: primals, cotangents: outputCotangents, "checkpoint"), over: primals.map(\.type))
  }

  /// The outputs are not read: the rule recomputes what it needs.
  public var vjpReadsOutputs: Bool { false }

  /// The batched function, itself checkpointed; every output batched along axis 0.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    let size = batchSize(inputs, axes)
    let outputs = checkpoint { batchedCall(function, $0, axes: axes, size: size) }(inputs)
    return (outputs, outputs.map { _ in 0 })
  }
}

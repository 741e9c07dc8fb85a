/// Applies a staged body to a carry while a staged condition holds (JAX's `while_loop`). Inputs:
/// the initial carry, then the values both graphs captured (see `closureConverted`); outputs: the
/// final carry. The condition returns a scalar `bool`; the body returns the carry's types.
///
/// Forward-mode differentiable and batchable. Not reverse-mode differentiable: its trip count is
/// unknown until it runs, so there is nowhere to keep the carries (use `scan` or `forLoop`).
public struct WhileLoop: Primitive {
  /// Carry and captured values to a scalar `bool`.
  let condition: Graph
  /// Carry and captured values to the next carry.
  let body: Graph
  /// How many inputs form the carry.
  let carryCount: Int

  /// `while[cond={…} body={…}]`.
  public var description: String { "while[cond=\(nestedDescription(condition)) body=\(nestedDescription(body))]" }

  /// One per carried value.
  public var outputCount: Int { carryCount }

  /// Identity of the graphs.
  public static func == (a: WhileLoop, b: WhileLoop) -> Bool { a.condition === b.condition && a.body === b.body }

  /// Identity of the graphs.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(ObjectIdentifier(condition))
    hasher.combine(ObjectIdentifier(body))
  }

  /// The carry's types, for the staged operand types.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectOperands("whileLoop", inputs, body.inputTypes)
    return Array(inputs[..<carryCount])
  }

  /// Runs the body until the condition fails.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    var carry = Array(inputs[..<carryCount])
    let captured = Array(inputs[carryCount...])
    return withGradientMode(false) {
      while condition(carry + captured)[0].item(as: Bool.self) { carry = body(carry + captured) }
      return carry
    }
  }

  /// A while loop over the carry and its tangents, with the same condition on the carry.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    let dense = zip(tangents, primals).map { tangentOrZero($0, like: $1) }
    let carry = Array(primals[..<carryCount])
    let captured = Array(primals[carryCount...])
    let capturedTangents = floatingPointEntries(Array(dense[carryCount...]), of: captured)
    let results = whileLoop(
      initial: carry + floatingPointEntries(Array(dense[..<carryCount]), of: carry),
      condition: { values in condition(Array(values[..<carryCount]) + captured)[0] },
      body: { values in
        let step = forwardThrough(
          body, at: Array(values[..<carryCount]) + captured, along: Array(values[carryCount...]) + capturedTangents,
          "whileLoop")
        return step.outputs + step.tangents
      })
    return spread(results[carryCount...], over: outputs.map(\.type))
  }

  /// Rejected: reverse mode would need every iteration's carry, and the trip count is unknown.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    let failed = reject(
      OlympusError("whileLoop", "not reverse-mode differentiable; use scan or forLoop with a fixed trip count"))
    return primals.map { _ in failed }
  }

  /// The rule reads nothing (it rejects).
  public func vjpReadsInput(_ index: Int) -> Bool { false }

  /// The rule reads nothing (it rejects).
  public var vjpReadsOutputs: Bool { false }

  /// A while loop over the batched carry that runs while any example's condition holds; examples
  /// whose condition fails keep their carry.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    let size = batchSize(inputs, axes)
    let carry = (0..<carryCount).map { batchFirst(inputs[$0], axis: axes[$0], size: size) }
    let captured = Array(inputs[carryCount...])
    let bodyAxes = carry.map { _ in 0 as Int? } + axes[carryCount...]
    func running(_ carry: [Tensor]) -> Tensor {
      batchedCall(condition, carry + captured, axes: bodyAxes, size: size)[0]
    }
    let results = whileLoop(
      initial: carry, condition: { running($0).any() },
      body: { carry in
        let mask = running(carry)
        let next = batchedCall(body, carry + captured, axes: bodyAxes, size: size)
        return zip(next, carry).map { selectExamples(mask, $0, $1) }
      })
    return (results, results.map { _ in 0 })
  }
}

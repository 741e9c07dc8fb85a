/// Runs one of two staged branches on the operands, chosen by a scalar `bool` predicate (JAX's
/// `cond`). Inputs: the predicate, then the branches' operands (captured values included, see
/// `closureConverted`). Both branches take and return the same types.
public struct Cond: Primitive {
  /// The branch taken when the predicate holds.
  let thenBranch: Graph
  /// The branch taken otherwise.
  let elseBranch: Graph

  /// `cond[then={…} else={…}]`.
  public var description: String { "cond[then=\(nestedDescription(thenBranch)) else=\(nestedDescription(elseBranch))]" }

  /// As many as a branch returns.
  public var outputCount: Int { thenBranch.outputs.count }

  /// Identity of the branches.
  public static func == (a: Cond, b: Cond) -> Bool { a.thenBranch === b.thenBranch && a.elseBranch === b.elseBranch }

  /// Identity of the branches.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(ObjectIdentifier(thenBranch))
    hasher.combine(ObjectIdentifier(elseBranch))
  }

  /// The branches' output types, for a scalar `bool` predicate and the staged operand types.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    guard let predicate = inputs.first, predicate == TensorType(shape: [], dtype: .bool) else {
      let given = inputs.first.map(\.description) ?? "none"
      throw OlympusError("cond", "the predicate must be a scalar bool tensor, got \(given)")
    }
    try expectOperands("cond", Array(inputs.dropFirst()), thenBranch.inputTypes)
    return thenBranch.outputTypes
  }

  /// Runs the branch the predicate picks.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let branch = inputs[0].item(as: Bool.self) ? thenBranch : elseBranch
    return withGradientMode(false) { branch(Array(inputs.dropFirst())) }
  }

  /// A `cond` of the branches' forward modes, on the same predicate.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    let operands = Array(primals.dropFirst())
    let dense = zip(tangents.dropFirst(), operands).map { tangentOrZero($0, like: $1) }
    let operandTangents = floatingPointEntries(dense, of: operands)
    let count = operands.count
    func forward(_ branch: Graph) -> ([Tensor]) -> [Tensor] {
      { values in forwardThrough(branch, at: Array(values[..<count]), along: Array(values[count...]), "cond").tangents }
    }
    let results = cond(primals[0], operands + operandTangents, then: forward(thenBranch), else: forward(elseBranch))
    return spread(results, over: outputs.map(\.type))
  }

  /// A `cond` of the branches' reverse modes, on the same predicate.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    let operands = Array(primals.dropFirst())
    let outputCotangents = floatingPointEntries(zip(cotangents, outputs).map { tangentOrZero($0, like: $1) }, of: outputs)
    let count = operands.count
    func backward(_ branch: Graph) -> ([Tensor]) -> [Tensor] {
      { values in backwardThrough(branch, at: Array(values[..<count]), cotangents: Array(values[count...]), "cond") }
    }
    let results = cond(primals[0], operands + outputCotangents, then: backward(thenBranch), else: backward(elseBranch))
    return [nil] + spread(results, over: operands.map(\.type))
  }

  /// The outputs are not read.
  public var vjpReadsOutputs: Bool { false }

  /// A shared predicate gives a `cond` of the batched branches; a batched predicate runs both
  /// batched branches and selects each example's result.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    let size = batchSize(inputs, axes)
    let operands = Array(inputs.dropFirst())
    let operandAxes = Array(axes.dropFirst())
    let outputAxes = thenBranch.outputs.map { _ in 0 as Int? }
    guard let predicateAxis = axes[0] else {
      func batched(_ branch: Graph) -> ([Tensor]) -> [Tensor] {
        { batchedCall(branch, $0, axes: operandAxes, size: size) }
      }
      return (cond(inputs[0], operands, then: batched(thenBranch), else: batched(elseBranch)), outputAxes)
    }
    let predicate = movingAxis(inputs[0], from: predicateAxis, to: 0)
    let taken = batchedCall(thenBranch, operands, axes: operandAxes, size: size)
    let other = batchedCall(elseBranch, operands, axes: operandAxes, size: size)
    return (zip(taken, other).map { selectExamples(predicate, $0, $1) }, outputAxes)
  }
}

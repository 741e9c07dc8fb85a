/// `cotangent * derivative`, but 0 wherever the cotangent is 0 even when the derivative is
/// infinite or NaN there.
///
/// Reverse-mode rules of functions with singular derivatives (√x at 0, log x at 0, division by 0)
/// use it so that a zero cotangent — for example from the branch `select` did not take — never
/// turns into NaN (the gradient of `select(x .> 0, sqrt(x), 0)` at 0 is 0, not NaN).
func multiplyPreservingZeros(_ cotangent: Tensor, _ derivative: Tensor) -> Tensor {
  select(cotangent .== 0, Tensor.zeros(like: cotangent), cotangent * derivative)
}

/// The sum of two optional tangents; `nil` is zero.
func addTangents(_ a: Tensor?, _ b: Tensor?) -> Tensor? {
  guard let a else { return b }
  guard let b else { return a }
  return a + b
}

/// A tangent that is zero when `nil`, materialized with `like`'s shape and type.
func tangentOrZero(_ tangent: Tensor?, like primal: Tensor) -> Tensor {
  tangent ?? Tensor.zeros(like: primal)
}

/// `count` times `nil` (the tables and slot lists of backward passes), built by appending: unlike
/// `Array(repeating:count:)`, this takes no generic metadata lookup (a lock in the runtime) per
/// call.
func nils<Element>(_ count: Int) -> [Element?] {
  var list: [Element?] = []
  list.reserveCapacity(count)
  for _ in 0..<count { list.append(nil) }
  return list
}

/// Which inputs of a recorded operation need cotangents, the `needed` argument of VJP rules: those
/// with a source to pass them to. Usually every input has one, and the all-`true` lists of the
/// usual lengths are shared rather than built on every rule call.
func neededInputs<Source>(_ sources: [Source?]) -> [Bool] {
  guard sources.contains(where: { $0 == nil }) else {
    return sources.count < everyInputNeeded.count
      ? everyInputNeeded[sources.count] : Array(repeating: true, count: sources.count)
  }
  return sources.map { $0 != nil }
}

/// All-`true` lists of lengths 0 to 4.
private let everyInputNeeded: [[Bool]] = (0...4).map { Array(repeating: true, count: $0) }

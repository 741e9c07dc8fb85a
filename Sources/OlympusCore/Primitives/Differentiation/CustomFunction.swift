/// A function of tensors with derivative rules supplied by the user (`customVJP`, `customJVP`):
/// evaluated by running its implementation, differentiated by its rules where it has them and
/// through its implementation where it does not.
public struct CustomFunction: Primitive {
  /// The closures, shared by identity: two custom functions are the same primitive only if they
  /// come from the same `customVJP` or `customJVP` call.
  final class Rules: @unchecked Sendable {
    let name: String
    let implementation: ([Tensor]) -> [Tensor]
    let jvp: (([Tensor], [Tensor], [Tensor]) -> [Tensor])?
    let vjp: (([Tensor], [Tensor], [Tensor]) -> [Tensor])?

    init(
      name: String, implementation: @escaping ([Tensor]) -> [Tensor],
      jvp: (([Tensor], [Tensor], [Tensor]) -> [Tensor])?, vjp: (([Tensor], [Tensor], [Tensor]) -> [Tensor])?
    ) {
      self.name = name
      self.implementation = implementation
      self.jvp = jvp
      self.vjp = vjp
    }
  }

  let rules: Rules
  /// The outputs' types, found by running the implementation once on the first inputs.
  let resultTypes: [TensorType]

  /// `custom[name]`.
  public var description: String { "custom[\(rules.name)]" }

  /// How many tensors the implementation returns.
  public var outputCount: Int { resultTypes.count }

  /// Identity of the rules.
  public static func == (a: CustomFunction, b: CustomFunction) -> Bool { a.rules === b.rules }

  /// Identity of the rules.
  public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(rules)) }

  /// The types the implementation produced.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] { resultTypes }

  /// Runs the implementation.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] { rules.implementation(inputs) }

  /// The user's forward rule, or forward mode through the implementation.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    let dense = zip(tangents, primals).map { tangentOrZero($0, like: $1) }
    if let rule = rules.jvp { return checkedRuleResults(rule(primals, outputs, dense), like: outputs, "forward", "output") }
    return forwardFlat(description, at: primals, along: dense, rules.implementation).tangents
  }

  /// The user's reverse rule, or reverse mode through the implementation.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    if let rule = rules.vjp {
      let dense = zip(cotangents, outputs).map { tangentOrZero($0, like: $1) }
      return checkedRuleResults(rule(primals, outputs, dense), like: primals, "backward", "input")
    }
    return reverseFlat(description, at: primals, rules.implementation).pullback(cotangents)
  }

  /// The results of a user's rule when there is one per value of `like` with its shape (and, for
  /// a floating-point value, its element type); otherwise the rule is rejected, naming it, so a
  /// wrong rule never flows into a derivative unnoticed.
  private func checkedRuleResults(_ results: [Tensor], like values: [Tensor], _ rule: String, _ role: String) -> [Tensor?] {
    let operation = "custom function '\(rules.name)'"
    guard results.count == values.count else {
      _ = reject(OlympusError(operation, "the \(rule) rule returned \(results.count) tensors for \(values.count) \(role)s"))
      return values.map { _ in .failed }
    }
    for (index, (result, value)) in zip(results, values).enumerated() where !result.isFailed {
      let sameType = result.shape == value.shape && (!value.dtype.isFloatingPoint || result.dtype == value.dtype)
      guard sameType else {
        _ = reject(
          OlympusError(operation, "the \(rule) rule returned \(result.type) for \(role) \(index) of type \(value.type)"))
        return values.map { _ in .failed }
      }
    }
    return results
  }

  /// A custom function over the whole batch: its implementation and rules vectorized with `vmap`,
  /// so the batched function keeps the user's rules. Cotangents of inputs the batch shares are
  /// summed over the batch.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    let size = batchSize(inputs, axes)
    let inputCount = inputs.count
    let outputAxes = resultTypes.map { _ in 0 }
    let original = rules
    let vectorized = Rules(
      name: original.name,
      implementation: { batchFlat(inAxes: axes, outAxes: outputAxes, inputs: $0, original.implementation) },
      jvp: original.jvp.map { rule in
        { primals, outputs, tangents in
          batchFlat(inAxes: axes + outputAxes + axes, outAxes: outputAxes, inputs: primals + outputs + tangents) {
            rule(Array($0[..<inputCount]), Array($0[inputCount..<($0.count - inputCount)]), Array($0.suffix(inputCount)))
          }
        }
      },
      vjp: original.vjp.map { rule in
        { primals, outputs, cotangents in
          let perExample = batchFlat(
            inAxes: axes + outputAxes + outputAxes, outAxes: axes.map { _ in 0 }, inputs: primals + outputs + cotangents
          ) {
            let outputCount = ($0.count - inputCount) / 2
            return rule(
              Array($0[..<inputCount]), Array($0[inputCount..<(inputCount + outputCount)]), Array($0.suffix(outputCount)))
          }
          return zip(perExample, axes).map { cotangent, axis in
            axis.map { movingAxis(cotangent, from: 0, to: $0) } ?? bind(ReduceSum(axes: [0]), cotangent)
          }
        }
      })
    let types = resultTypes.map { TensorType(shape: [size] + $0.shape, dtype: $0.dtype) }
    return (bind(CustomFunction(rules: vectorized, resultTypes: types), inputs), outputAxes)
  }
}

import OlympusCore
import Testing

/// `vmap` of every primitive against a loop over examples.
@Suite("Batching rules of every primitive")
struct BatchingRuleTests {
  /// Batching changes no arithmetic, only where it happens: results must agree to rounding.
  /// Float64 differences come only from summation order inside matmul and reductions over the
  /// (identical) per-example data, well below 1e-12 relative.
  static let tolerance = 1e-12

  /// The inputs of example `index` of a batch: floating-point inputs drawn from the case's domain
  /// with the example's key, other inputs (indices, conditions, keys) as the case gives them.
  func example(_ primitive: PrimitiveCase, _ index: Int) -> [Tensor] {
    primitive.inputs(Random.key(100 + index))
  }

  /// Stacks per-example tensors along `axis` (an empty batch gives a zero-size axis).
  func stack(_ tensors: [Tensor], like prototype: Tensor, axis: Int) -> Tensor {
    guard !tensors.isEmpty else {
      var shape = prototype.shape
      shape.insert(0, at: axis)
      return Tensor.zeros(shape, dtype: prototype.dtype)
    }
    return stacked(tensors, axis: axis)
  }

  func expectClose(_ got: Tensor, _ expected: Tensor, _ context: String) {
    expectAgreement(got, expected, tolerance: Self.tolerance, context)
  }

  /// Runs `f` batched over the inputs chosen by `mask`, with batch axis `axis` (clamped to each
  /// input's rank) and `size` examples, and compares with the loop.
  func check(
    _ name: String, size: Int, mask: [Bool], axis: Int, examples: [[Tensor]], prototype: [Tensor],
    _ f: @escaping ([Tensor]) -> [Tensor]
  ) {
    let inAxes: [Int?] = zip(mask, prototype).map { batched, input in batched ? Swift.min(axis, input.rank) : nil }
    let arguments = prototype.indices.map { i -> Tensor in
      guard let inAxis = inAxes[i] else { return prototype[i] }
      return stack(examples.map { $0[i] }, like: prototype[i], axis: inAxis)
    }
    let batched = vmap(inAxes: inAxes, of: f)(arguments)
    let perExample = examples.map { inputs in
      f(prototype.indices.map { mask[$0] ? inputs[$0] : prototype[$0] })
    }
    let reference = f(prototype)
    for output in batched.indices {
      let expected = stack(perExample.map { $0[output] }, like: reference[output], axis: 0)
      expectClose(batched[output], expected, "\(name) batch \(size) mask \(mask) axis \(axis) output \(output)")
    }
  }

  /// Every batch-axis placement, every non-empty subset of batched inputs, batches of 0, 1 and 3.
  @Test(arguments: differentiableCases + nonDifferentiableCases)
  func vmapMatchesLoop(_ primitive: PrimitiveCase) {
    let prototype = primitive.inputs(Random.key(99))
    let maxRank = prototype.map(\.rank).max() ?? 0
    for size in [0, 1, 3] {
      let examples = (0..<size).map { example(primitive, $0) }
      for subset in 1..<(1 << prototype.count) {
        let mask = prototype.indices.map { subset & (1 << $0) != 0 }
        // Keys and index tensors are shared in the examples; batching them still runs the rule.
        for axis in 0...maxRank {
          check(primitive.name, size: size, mask: mask, axis: axis, examples: examples, prototype: prototype) {
            [primitive.apply($0)]
          }
        }
      }
    }
  }

  /// `vmap` of each primitive's JVP and VJP (batched points, directions and cotangents) against
  /// a loop, in the modes the primitive supports.
  @Test(arguments: differentiableCases)
  func vmapOfDerivativesMatchesLoop(_ primitive: PrimitiveCase) {
    let prototype = primitive.inputs(Random.key(99))
    for index in primitive.differentiable {
      let f = primitive.function(of: index, at: prototype)
      let point = prototype[index]
      let output = f(point)
      let forward = { (values: [Tensor]) in [jvp(at: values[0], along: values[1], of: f).tangent] }
      let reverse = { (values: [Tensor]) in [vjp(at: values[0], of: f).pullback(values[1])] }
      for size in [0, 1, 3] {
        let examples = (0..<size).map { i -> [Tensor] in
          let keys = Random.split(Random.key(200 + i), count: 3)
          let x = primitive.inputs(keys[0])[index]
          return [
            x, Random.normal(keys[1], shape: point.shape, dtype: .float64),
            Random.normal(keys[2], shape: output.shape, dtype: .float64),
          ]
        }
        let forwardPrototype = [point, Tensor.ones(like: point)]
        let reversePrototype = [point, Tensor.ones(like: output)]
        for mask in [[true, true], [false, true], [true, false]] {
          check(
            "\(primitive.name) jvp", size: size, mask: mask, axis: 0, examples: examples.map { [$0[0], $0[1]] },
            prototype: forwardPrototype, forward)
          guard primitive.modes.contains(.reverse) else { continue }
          check(
            "\(primitive.name) vjp", size: size, mask: mask, axis: 0, examples: examples.map { [$0[0], $0[2]] },
            prototype: reversePrototype, reverse)
        }
      }
    }
  }
}

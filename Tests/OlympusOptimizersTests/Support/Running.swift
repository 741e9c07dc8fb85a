import OlympusCore
import OlympusOptimizers
import Testing

/// The three ways a training loop can drive a transformation; all must give the same parameters.
enum UpdatePath: String, CaseIterable, Sendable, CustomTestStringConvertible {
  /// optax style: `transformation.update(gradients, state:parameters:)`, then `applyUpdates`.
  case transformation
  /// swift-apis style: `optimizer.update(&model, along: gradients)`.
  case optimizerUpdate
  /// PyTorch style: gradients in each parameter's `grad`, then `optimizer.step(&model)`.
  case tapeStep

  var testDescription: String { rawValue }
}

/// The model after each step of `transformation` from `initial` with `gradients`, driven along
/// `path`. With `tapeStep`, the leaves named in `withoutGradientAtStep1` get no `grad` at step 1.
func trajectory(
  of transformation: some GradientTransformation, from initial: Model, gradients: [Model], path: UpdatePath,
  withoutGradientAtStep1: Set<String> = []
) -> [Model] {
  var model = initial
  var results: [Model] = []
  switch path {
  case .transformation:
    var state = transformation.initialState(for: model)
    for gradient in gradients {
      let updates = transformation.update(gradient, state: &state, parameters: model)
      model = applyUpdates(updates, to: model)
      results.append(model)
    }
  case .optimizerUpdate:
    var optimizer = Optimizer(transformation, for: model)
    for gradient in gradients {
      optimizer.update(&model, along: gradient)
      results.append(model)
    }
  case .tapeStep:
    model = model.mapLeaves { $0.requiringGrad() }
    var optimizer = Optimizer(transformation, for: model)
    for (step, gradient) in gradients.enumerated() {
      optimizer.zeroGrad(&model)
      let skipped = step == 0 ? withoutGradientAtStep1 : []
      if !skipped.contains("weight") { model.weight.grad = gradient.weight }
      if !skipped.contains("bias") { model.bias.grad = gradient.bias }
      if !skipped.contains("scale") { model.scale.grad = gradient.scale }
      optimizer.step(&model)
      results.append(model)
    }
  }
  return results
}

/// How far a float64 parameter may be from the reference after three steps:
/// `|got - want| <= referenceTolerance * (1 + |want|)`.
///
/// Olympus evaluates the formulas of PyTorch's single-tensor loops with the operations in the same
/// order (`addcmul`'s `(value · a) · b`, `addcdiv`'s `(value · a) / b`, `lerp`'s `a + w · (b - a)`),
/// but rounds separately where PyTorch may fuse (`add_` with `alpha`) and adds the update to the
/// parameter where AdamW scales the parameter first. Values are of order 1 (the fixture keeps
/// gradients and adaptive denominators away from 0), so the results differ by a few roundings:
/// the largest difference measured over all cases and paths is 0.58ε (ε = 2⁻⁵² ≈ 2.2e-16, AdamW
/// with AMSGrad and weight decay). 16ε leaves room for another libm's `pow` and `sqrt`; a wrong
/// formula (a moment off by one step, ε inside the square root, the other Nesterov form, a missed
/// bias correction) moves parameters by more than 1e-5.
let referenceTolerance = 16 * Double.ulpOfOne

/// Expects every parameter of `model` within `tolerance * (1 + |want|)` of `expected`'s.
func expectClose(
  _ model: Model, _ expected: FixtureModel, tolerance: Double = referenceTolerance, _ context: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let pairs = [("weight", model.weight, expected.weight), ("bias", model.bias, expected.bias),
               ("scale", model.scale, expected.scale)]
  for (name, tensor, reference) in pairs {
    #expect(tensor.dtype == .float64, "\(context): \(name) dtype", sourceLocation: sourceLocation)
    #expect(tensor.shape == reference.shape, "\(context): \(name) shape", sourceLocation: sourceLocation)
    let got = tensor.scalars(as: Double.self)
    for (index, (value, want)) in zip(got, reference.values).enumerated()
    where !(abs(value - want) <= tolerance * (1 + abs(want))) {
      Issue.record(
        "\(context): \(name)[\(index)] = \(value), PyTorch \(want), |diff| \(abs(value - want))",
        sourceLocation: sourceLocation)
    }
  }
}

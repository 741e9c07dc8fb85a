import OlympusCore
import OlympusOptimizers
import Testing

/// The PyTorch-style loop — `zeroGrad`, `loss.backward()`, `step` — against PyTorch on a fixed
/// quadratic loss, and against the functional loop with `valueAndGrad`.
@Suite struct TapeTests {
  static let fixture = Fixture.shared
  static let x = fixture.tape.x.tensor
  static let y = fixture.tape.y.tensor

  /// `sum((weight @ x + bias[:, None] * scale - y)^2)`, the generator's loss.
  static func loss(_ model: Model) -> Tensor {
    let residual = matmul(model.weight, x) + model.bias.reshaped(to: [3, 1]) * model.scale - y
    return (residual * residual).sum()
  }

  /// Three steps with the tape: the loss before each step and the model after it.
  static func tapeTraining(_ transformation: some GradientTransformation) -> (losses: [Double], models: [Model]) {
    var model = fixture.initial.model.mapLeaves { $0.requiringGrad() }
    var optimizer = Optimizer(transformation, for: model)
    var losses: [Double] = []
    var models: [Model] = []
    for _ in 0..<3 {
      optimizer.zeroGrad(&model)
      let loss = Self.loss(model)
      loss.backward()
      optimizer.step(&model)
      losses.append(loss.item(as: Double.self))
      models.append(model)
    }
    return (losses, models)
  }

  /// Three steps with `valueAndGrad` and `update(_:along:)`.
  static func functionalTraining(_ transformation: some GradientTransformation) -> (losses: [Double], models: [Model]) {
    var model = fixture.initial.model
    var optimizer = Optimizer(transformation, for: model)
    var losses: [Double] = []
    var models: [Model] = []
    for _ in 0..<3 {
      let (loss, gradients) = valueAndGrad(of: Self.loss)(model)
      optimizer.update(&model, along: gradients)
      losses.append(loss.item(as: Double.self))
      models.append(model)
    }
    return (losses, models)
  }

  @Test(arguments: fixture.tape.cases)
  func backwardThenStepMatchesPyTorch(_ reference: TapeCase) {
    let (losses, models) = Self.tapeTraining(reference.stages.transformation())
    for (step, (loss, text)) in zip(losses, reference.losses).enumerated() {
      // The loss is a sum of 15 squares of order 1: Higham's bound for the two summation orders
      // is 15ε relative to the sum of the terms (the loss itself).
      let want = Double(text)!
      #expect(abs(loss - want) <= 16 * Double.ulpOfOne * want, "\(reference.name) loss \(step): \(loss), PyTorch \(want)")
    }
    for (index, (model, expected)) in zip(models, reference.steps).enumerated() {
      expectClose(model, expected, "\(reference.name) step \(index + 1)")
    }
  }

  @Test(arguments: fixture.tape.cases)
  func theTapeAndTheFunctionalPathAgreeExactly(_ reference: TapeCase) {
    // The tape and `grad` run the same derivative rules in the same order, so the gradients, and
    // with them the updates, are identical bit for bit.
    let tape = Self.tapeTraining(reference.stages.transformation())
    let functional = Self.functionalTraining(reference.stages.transformation())
    #expect(tape.losses == functional.losses)
    for (a, b) in zip(tape.models, functional.models) {
      for (p, q) in zip(a.leaves, b.leaves) { #expect(p.scalars(as: Double.self) == q.scalars(as: Double.self)) }
    }
  }

  @Test func updatedParametersStayTapeLeavesAndKeepTheirGradUntilZeroed() {
    var model = Self.fixture.initial.model.mapLeaves { $0.requiringGrad() }
    var optimizer = Optimizer(SGD(learningRate: 0.01, momentum: 0.9), for: model)
    Self.loss(model).backward()
    let gradient = model.weight.grad!.scalars(as: Double.self)
    optimizer.step(&model)
    for parameter in model.leaves {
      #expect(parameter.requiresGrad && parameter.isLeaf && parameter.gradFn == nil)
    }
    // As in PyTorch, step() leaves the gradients in place; a second backward would add to them.
    #expect(model.weight.grad?.scalars(as: Double.self) == gradient)
    optimizer.zeroGrad(&model)
    #expect(model.leaves.allSatisfy { $0.grad == nil })
    Self.loss(model).backward()
    #expect(model.leaves.allSatisfy { $0.grad != nil })
  }

  @Test func stepRecordsNothingOnTheTape() {
    var model = Self.fixture.initial.model.mapLeaves { $0.requiringGrad() }
    var optimizer = Optimizer(Adam(learningRate: 0.1), for: model)
    Self.loss(model).backward()
    optimizer.step(&model)
    let state = optimizer.state.parameters[0]
    #expect(state.firstMoment.gradFn == nil && !state.firstMoment.requiresGrad)
    #expect(state.secondMoment.gradFn == nil && !state.secondMoment.requiresGrad)
  }
}

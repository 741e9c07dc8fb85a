import OlympusCore
import OlympusOptimizers
import Testing

/// Adam's step is staged once and runs fused on concrete tensors (one elementwise pass per
/// parameter); on tensors that require gradients it is replayed operation by operation on the
/// tape, which evaluates each operation as eager code does. Fusion changes where the arithmetic
/// happens, not what it is: both must give the same bits, step after step.
@Suite struct FusedStepTests {
  /// One configuration of Adam, named for the messages.
  struct Configuration: CustomStringConvertible, Sendable {
    let description: String
    let adam: Adam
  }

  static let configurations = [
    Configuration(description: "Adam", adam: Adam(learningRate: 1e-2)),
    Configuration(description: "Adam, L2 weight decay", adam: Adam(learningRate: 1e-2, weightDecay: 0.1)),
    Configuration(description: "Adam, AMSGrad", adam: Adam(learningRate: 1e-2, amsgrad: true)),
    Configuration(
      description: "AdamW, a schedule", adam: AdamW(learningRate: ExponentialDecay(initialValue: 0.1, gamma: 0.9)).adam),
  ]

  /// float32 parameters of sizes that end tiles unevenly, one of them without a gradient, and
  /// four steps (the bias corrections change with each). The updates, and the parameters with
  /// the updates added in the same pass (what `Optimizer` applies).
  @Test(arguments: configurations)
  func fusedStepsMatchOperationByOperationBitForBit(_ configuration: Configuration) {
    let adam = configuration.adam
    var parameters = [[37, 5], [3], [1000]].enumerated().map { index, shape in
      Random.normal(Random.key(index), shape: shape, dtype: .float32)
    }
    var fused = adam.initialState(for: parameters)
    var replayed = fused
    var applied = fused
    for step in 0..<4 {
      let gradients: [Tensor?] = parameters.enumerated().map { index, parameter in
        index == 1 && step == 2 ? nil : Random.normal(Random.key(10 * step + index), shape: parameter.shape, dtype: .float32)
      }
      var fusedUpdates = gradients
      adam.update(&fusedUpdates, state: &fused, parameters: parameters)
      // Gradients on the tape: the staged step is replayed through the operations.
      var replayedUpdates = gradients.map { $0?.detached().requiringGrad() }
      adam.update(&replayedUpdates, state: &replayed, parameters: parameters)
      #expect(replayedUpdates.allSatisfy { $0?.requiresGrad ?? true }, "the replay did not run on the tape")
      let got = fusedUpdates.compactMap { $0 } + fused.leaves
      let want = replayedUpdates.compactMap { $0 } + replayed.leaves
      #expect(bits(got) == bits(want), "\(configuration) step \(step + 1)")
      // The sums from the fused pass are the replayed updates added one operation at a time.
      let sums = adam.updatedParameters(gradients, state: &applied, parameters: parameters)
      let added = zip(parameters, replayedUpdates).map { parameter, update in update.map { parameter + $0 } }
      #expect(sums.map { $0 == nil } == added.map { $0 == nil }, "\(configuration) step \(step + 1)")
      #expect(bits(sums.compactMap { $0 }) == bits(added.compactMap { $0 }), "\(configuration) step \(step + 1)")
      #expect(bits(applied.leaves) == bits(fused.leaves), "\(configuration) step \(step + 1)")
      parameters = zip(parameters, sums).map { parameter, sum in sum ?? parameter }
    }
  }

  /// Under `vmap` the staged step is replayed on batched values: two steps of four independent
  /// parameter sets (AMSGrad, L2 weight decay) equal a loop over the sets, bit for bit (the same
  /// elementwise operations on the same values).
  @Test func stepsUnderVMapMatchALoop() {
    let adam = Adam(learningRate: 1e-2, weightDecay: 0.1, amsgrad: true)
    let steps = { (inputs: [Tensor]) -> [Tensor] in
      let parameters = [inputs[0]]
      var state = adam.initialState(for: parameters)
      var first: [Tensor?] = [inputs[1]]
      adam.update(&first, state: &state, parameters: parameters)
      var second: [Tensor?] = [inputs[2]]
      adam.update(&second, state: &state, parameters: parameters)
      return [first[0]!, second[0]!] + state.parameters[0].leaves
    }
    let inputs = (0..<3).map { Random.normal(Random.key(20 + $0), shape: [4, 37], dtype: .float32) }
    let batched = vmap(inAxes: [0, 0, 0], of: steps)(inputs)
    for example in 0..<4 {
      let looped = steps(inputs.map { $0[example] })
      #expect(bits(batched.map { $0[example] }) == bits(looped), "example \(example)")
    }
  }

  /// Types and element bit patterns (float32 and integer values convert to Double exactly).
  func bits(_ tensors: [Tensor]) -> [String] {
    tensors.map { tensor in
      "\(tensor.type) " + tensor.scalars(as: Double.self).map { String($0.bitPattern, radix: 16) }.joined(separator: ",")
    }
  }
}

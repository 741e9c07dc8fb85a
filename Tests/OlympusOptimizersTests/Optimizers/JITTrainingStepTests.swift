import OlympusCore
import OlympusOptimizers
import Synchronization
import Testing

/// A whole training step (forward, backward, Adam's update) under `jit` takes the same steps as
/// run eagerly.
@Suite struct JITTrainingStepTests {
  /// A two-layer perceptron written by hand (this target does not depend on OlympusNN).
  struct Network: TensorTree {
    var w1, b1, w2, b2: Tensor

    func loss(_ x: Tensor, _ labels: Tensor) -> Tensor {
      let logits = matmul(tanh(matmul(x, w1) + b1), w2) + b2
      return -(logSoftmax(logits, axes: [1]) * oneHot(labels, count: 3, dtype: .float64)).sum() / Double(x.shape[0])
    }
  }

  typealias State = OptimizerState<Adam.ParameterState>

  let adam = Adam(learningRate: 0.05)
  let x = Random.normal(Random.key(1), shape: [8, 4], dtype: .float64)
  let labels = Tensor([0, 1, 2, 1, 0, 2, 2, 1] as [Int])
  let initial = Network(
    w1: Random.normal(Random.key(2), shape: [4, 6], dtype: .float64) * 0.5, b1: Tensor.zeros([6], dtype: .float64),
    w2: Random.normal(Random.key(3), shape: [6, 3], dtype: .float64) * 0.5, b2: Tensor.zeros([3], dtype: .float64))

  /// One step: the loss and gradient, Adam's updates, the updated network and state.
  func step(_ network: Network, _ state: State, _ x: Tensor, _ labels: Tensor) -> (Network, State, Tensor) {
    let (loss, gradient) = valueAndGrad(of: { (n: Network) in n.loss(x, labels) })(network)
    var state = state
    let updates = adam.update(gradient, state: &state, parameters: network)
    return (applyUpdates(updates, to: network), state, loss)
  }

  @Test func jittedStepsEqualEagerSteps() {
    let stagings = Atomic<Int>(0)
    let jitted = jit(donating: [0, 1]) { (network: Network, state: State, x: Tensor, labels: Tensor) in
      stagings.add(1, ordering: .relaxed)
      return self.step(network, state, x, labels)
    }
    var eager = (initial, adam.initialState(for: initial))
    var staged = eager
    var losses: [Double] = []
    for iteration in 0..<4 {
      let (eagerNetwork, eagerState, eagerLoss) = step(eager.0, eager.1, x, labels)
      let (stagedNetwork, stagedState, stagedLoss) = jitted(staged.0, staged.1, x, labels)
      // The graph applies the eager step's primitives in the same order (less exact identities
      // and duplicates), so float64 results agree to a few roundings of order-1 values.
      #expect(abs(stagedLoss.item(as: Double.self) - eagerLoss.item(as: Double.self)) <= 1e-12, "step \(iteration)")
      for (a, b) in zip(stagedNetwork.leaves + stagedState.leaves, eagerNetwork.leaves + eagerState.leaves) {
        #expect(abs(a - b).max().item(as: Double.self) <= 1e-12, "step \(iteration)")
      }
      #expect(stagedState.count == iteration + 1 && stagedState.parameters[0].step == iteration + 1)
      losses.append(eagerLoss.item(as: Double.self))
      eager = (eagerNetwork, eagerState)
      staged = (stagedNetwork, stagedState)
    }
    #expect(losses.last! < losses.first!, "training lowers the loss: \(losses)")
    // Adam's step counts are plain `Int`s of its state, read as Swift numbers for the bias
    // corrections, so each step count is its own graph; training again from the start reuses them.
    #expect(stagings.load(ordering: .relaxed) == 4)
    var again = (initial, adam.initialState(for: initial))
    for _ in 0..<4 {
      let (network, state, _) = jitted(again.0, again.1, x, labels)
      again = (network, state)
    }
    #expect(stagings.load(ordering: .relaxed) == 4)
    for (a, b) in zip(again.0.leaves, staged.0.leaves) { #expect(a.scalars(as: Double.self) == b.scalars(as: Double.self)) }
  }
}

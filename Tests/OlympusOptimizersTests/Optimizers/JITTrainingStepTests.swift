import OlympusCore
import OlympusOptimizers
import Synchronization
import Testing

/// A whole training step (forward, backward, the optimizer's update) under `jit` takes the same
/// steps as run eagerly, and is staged once: the optimizer's counts are tensors of its state, so
/// they are traced like the moments and the cache key does not change from one step to the next.
@Suite struct JITTrainingStepTests {
  /// A two-layer perceptron written by hand (this target does not depend on OlympusNN).
  struct Network: TensorTree {
    var w1, b1, w2, b2: Tensor

    func loss(_ x: Tensor, _ labels: Tensor) -> Tensor {
      let logits = matmul(tanh(matmul(x, w1) + b1), w2) + b2
      return -(logSoftmax(logits, axes: [1]) * oneHot(labels, count: 3, dtype: .float64)).sum() / Double(x.shape[0])
    }
  }

  static let x = Random.normal(Random.key(1), shape: [8, 4], dtype: .float64)
  static let labels = Tensor([0, 1, 2, 1, 0, 2, 2, 1] as [Int])
  static let initial = Network(
    w1: Random.normal(Random.key(2), shape: [4, 6], dtype: .float64) * 0.5, b1: Tensor.zeros([6], dtype: .float64),
    w2: Random.normal(Random.key(3), shape: [6, 3], dtype: .float64) * 0.5, b2: Tensor.zeros([3], dtype: .float64))
  /// Enough steps for a count-dependent term (a bias correction, a schedule's decay) to take
  /// several values.
  static let steps = 6

  /// One step: the loss and gradient, the transformation's updates, the updated network and state.
  static func step<T: GradientTransformation>(
    _ transformation: T, _ network: Network, _ state: T.State, _ x: Tensor, _ labels: Tensor
  ) -> (Network, T.State, Tensor) {
    let (loss, gradient) = valueAndGrad(of: { (n: Network) in n.loss(x, labels) })(network)
    var state = state
    let updates = transformation.update(gradient, state: &state, parameters: network)
    return (applyUpdates(updates, to: network), state, loss)
  }

  /// Trains `steps` steps eagerly and with the jitted step side by side, expecting the same losses,
  /// networks and states; then trains again from the start with the same jitted function. Returns
  /// how often the step was staged, the final states and the eager losses.
  static func trainBothWays<T: GradientTransformation>(
    _ transformation: T
  ) -> (stagings: Int, staged: T.State, eager: T.State, losses: [Double]) {
    let stagings = Atomic<Int>(0)
    let jitted = jit(donating: [0, 1]) { (network: Network, state: T.State, x: Tensor, labels: Tensor) in
      stagings.add(1, ordering: .relaxed)
      return step(transformation, network, state, x, labels)
    }
    var eager = (initial, transformation.initialState(for: initial))
    var staged = eager
    var losses: [Double] = []
    for iteration in 0..<steps {
      let (eagerNetwork, eagerState, eagerLoss) = step(transformation, eager.0, eager.1, x, labels)
      let (stagedNetwork, stagedState, stagedLoss) = jitted(staged.0, staged.1, x, labels)
      // The graph applies the eager step's primitives in the same order (less exact identities
      // and duplicates), so float64 results agree to a few roundings of order-1 values; the
      // integer counts agree exactly.
      #expect(abs(stagedLoss.item(as: Double.self) - eagerLoss.item(as: Double.self)) <= 1e-12, "step \(iteration)")
      for (a, b) in zip(stagedNetwork.leaves + stagedState.leaves, eagerNetwork.leaves + eagerState.leaves) {
        #expect(a.dtype == b.dtype && a.shape == b.shape, "step \(iteration)")
        #expect(abs(a - b).max().item(as: Double.self) <= 1e-12, "step \(iteration)")
      }
      losses.append(eagerLoss.item(as: Double.self))
      eager = (eagerNetwork, eagerState)
      staged = (stagedNetwork, stagedState)
    }
    var again = (initial, transformation.initialState(for: initial))
    for _ in 0..<steps { (again.0, again.1, _) = jitted(again.0, again.1, x, labels) }
    for (a, b) in zip(again.0.leaves, staged.0.leaves) { #expect(a.scalars(as: Double.self) == b.scalars(as: Double.self)) }
    return (stagings.load(ordering: .relaxed), staged.1, eager.1, losses)
  }

  @Test func jittedAdamStepsStageOnceAndEqualEagerSteps() {
    let (stagings, staged, eager, losses) = Self.trainBothWays(Adam(learningRate: 0.05))
    #expect(stagings == 1, "one graph for every step count and for training again")
    #expect(staged.count.item(as: Int.self) == Self.steps)
    #expect(staged.parameters.map { $0.step.item(as: Int.self) } == Array(repeating: Self.steps, count: 4))
    #expect(eager.count.item(as: Int.self) == Self.steps)
    #expect(losses.last! < losses.first!, "training lowers the loss: \(losses)")
  }

  @Test func jittedScheduledSGDStepsStageOnceAndEqualEagerSteps() {
    // The rate warms up over 2 steps and decays over the next 3: each of the 6 steps has its own.
    let schedule = WarmupCosineDecay(initialValue: 0.05, peakValue: 0.5, warmupSteps: 2, decaySteps: 5, finalValue: 0.1)
    let sgd = SGD(learningRate: schedule, momentum: 0.9, dampening: 0.1)
    let (stagings, staged, _, losses) = Self.trainBothWays(sgd)
    #expect(stagings == 1, "one graph for every step count and for training again")
    #expect(staged.count.item(as: Int.self) == Self.steps)
    #expect(losses.last! < losses.first!, "training lowers the loss: \(losses)")
  }
}

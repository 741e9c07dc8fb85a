import OlympusCore
import OlympusOptimizers
import Synchronization
import Testing

/// The schedules against `torch.optim.lr_scheduler` (cross-checked with optax by the generator).
@Suite struct ScheduleTests {
  /// PyTorch's schedulers mostly update the learning rate recursively (multiplying by γ, or by a
  /// ratio of cosines, once per step); Olympus evaluates the closed form. Over at most 12 steps of
  /// a few roundings each the two differ by a few tens of ε relative: 64ε, and any wrong formula
  /// (a step off, a period off) differs by more than 1e-3 relative.
  static let tolerance = 64 * Double.ulpOfOne

  @Test(arguments: Fixture.shared.schedules)
  func valuesMatchPyTorchSchedulers(_ reference: ScheduleCase) {
    let schedule = reference.schedule.schedule
    for (step, text) in reference.values.enumerated() {
      let want = Double(text)!
      let got = schedule.value(at: step)
      #expect(abs(got - want) <= Self.tolerance * abs(want), "\(reference.name) step \(step): \(got), PyTorch \(want)")
    }
  }

  /// The fixture's schedules and a constant one.
  static let schedules: [any LearningRateSchedule] = Fixture.shared.schedules.map(\.schedule.schedule) + [0.25]

  @Test func aJittedScheduleIsStagedOnceForEveryStep() {
    for schedule in Self.schedules {
      let stagings = Atomic<Int>(0)
      let rate = jit { (step: Tensor) in
        stagings.add(1, ordering: .relaxed)
        return schedule.value(at: step)
      }
      // The staged graph runs the eager operations on the same float64 scalars.
      for step in 0..<12 {
        #expect(rate(Tensor(step)).item(as: Double.self) == schedule.value(at: step), "\(schedule) step \(step)")
      }
      #expect(stagings.load(ordering: .relaxed) == 1, "\(schedule)")
    }
  }

  @Test func vmapEvaluatesABatchOfSteps() {
    for schedule in Self.schedules {
      let rates = vmap(of: { schedule.value(at: $0) })(Tensor.arange(12))
      #expect(rates.dtype == .float64 && rates.shape == [12], "\(schedule)")
      #expect(rates.scalars(as: Double.self) == (0..<12).map { schedule.value(at: $0) }, "\(schedule)")
    }
  }

  @Test func aNumberIsTheConstantSchedule() {
    let schedule: any LearningRateSchedule = 0.25
    #expect((0..<5).map { schedule.value(at: $0) } == [0.25, 0.25, 0.25, 0.25, 0.25])
  }

  @Test func decaysHoldTheirFinalValueAfterTheEnd() {
    // PyTorch's CosineAnnealingLR rises again after T_max; this schedule, like optax's, stays.
    let cosine = CosineDecay(initialValue: 1, decaySteps: 4, finalValue: 0.1)
    #expect(cosine.value(at: 4) == 0.1)
    #expect(cosine.value(at: 7) == 0.1)
    let linear = LinearSchedule(initialValue: 0, finalValue: 2, transitionSteps: 4)
    #expect([2, 4, 9].map { linear.value(at: $0) } == [1, 2, 2])
    let warmup = WarmupCosineDecay(peakValue: 1, warmupSteps: 2, decaySteps: 6, finalValue: 0.5)
    #expect([0, 1, 2, 6, 10].map { warmup.value(at: $0) } == [0, 0.5, 1, 0.5, 0.5])
  }

  @Test func stepAndExponentialDecayUseExactPowers() {
    // Powers of 0.5 are exact, so the closed forms are too.
    let step = StepDecay(initialValue: 1, stepSize: 3, gamma: 0.5)
    #expect((0..<8).map { step.value(at: $0) } == [1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25])
    let exponential = ExponentialDecay(initialValue: 3, gamma: 0.5)
    #expect((0..<5).map { exponential.value(at: $0) } == [3, 1.5, 0.75, 0.375, 0.1875])
  }

  @Test func anOptimizerEvaluatesItsScheduleAtItsUpdateCount() {
    // SGD updates are −lr(k)·g: with g = 1 they reveal the learning rate of each update k.
    let sgd = SGD(learningRate: StepDecay(initialValue: 1, stepSize: 2, gamma: 0.5))
    var parameters = Tensor([0.0])
    var optimizer = Optimizer(sgd, for: parameters)
    var rates: [Double] = []
    for _ in 0..<5 {
      let before = parameters.item(as: Double.self)
      optimizer.update(&parameters, along: Tensor([1.0]))
      rates.append(before - parameters.item(as: Double.self))
    }
    #expect(rates == [1, 1, 0.5, 0.5, 0.25])
    #expect(optimizer.state.count.item(as: Int.self) == 5)
  }
}

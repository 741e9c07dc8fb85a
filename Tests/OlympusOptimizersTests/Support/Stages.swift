import OlympusCore
import OlympusOptimizers

extension Stage {
  /// The transformation the stage describes, built from the Swift defaults with the stage's
  /// options assigned to their properties (so options the fixture leaves out test the defaults).
  func transformation() -> any GradientTransformation {
    switch kind {
    case "SGD":
      var sgd = SGD(learningRate: learningRate)
      assign(&sgd.momentum, "momentum")
      assign(&sgd.dampening, "dampening")
      assign(&sgd.weightDecay, "weightDecay")
      assign(&sgd.nesterov, "nesterov")
      return sgd
    case "Adam":
      var adam = Adam(learningRate: learningRate, amsgrad: flag("amsgrad"))
      assignAdam(&adam)
      return adam
    case "AdamW":
      var adamW = AdamW(learningRate: learningRate, amsgrad: flag("amsgrad"))
      assignAdam(&adamW.adam)
      return adamW
    case "RMSProp":
      var rmsProp = RMSProp(
        learningRate: learningRate, momentum: number("momentum") ?? 0, centered: flag("centered"))
      assign(&rmsProp.alpha, "alpha")
      assign(&rmsProp.epsilon, "epsilon")
      assign(&rmsProp.weightDecay, "weightDecay")
      return rmsProp
    case "Adagrad":
      var adagrad = Adagrad(
        learningRate: learningRate, initialAccumulatorValue: number("initialAccumulatorValue") ?? 0)
      assign(&adagrad.learningRateDecay, "learningRateDecay")
      assign(&adagrad.weightDecay, "weightDecay")
      assign(&adagrad.epsilon, "epsilon")
      return adagrad
    case "Lion":
      var lion = Lion(learningRate: learningRate)
      assign(&lion.beta1, "beta1")
      assign(&lion.beta2, "beta2")
      assign(&lion.weightDecay, "weightDecay")
      return lion
    case "ClipByGlobalNorm": return ClipByGlobalNorm(maxNorm: number("maxNorm")!)
    case "ClipByValue": return ClipByValue(number("limit")!)
    default: fatalError("unknown stage \(kind)")
    }
  }

  /// Options that size the state (moment buffers) are passed to the initializer; the rest are
  /// assigned afterwards.
  private func assignAdam(_ adam: inout Adam) {
    assign(&adam.beta1, "beta1")
    assign(&adam.beta2, "beta2")
    assign(&adam.epsilon, "epsilon")
    assign(&adam.weightDecay, "weightDecay")
  }

  private var learningRate: any LearningRateSchedule {
    switch options["learningRate"] {
    case .number(let value)?: value
    case .schedule(let spec)?: spec.schedule
    default: fatalError("\(kind) without a learning rate")
    }
  }

  private func number(_ key: String) -> Double? {
    guard case .number(let value)? = options[key] else { return nil }
    return value
  }

  private func flag(_ key: String) -> Bool {
    guard case .flag(let value)? = options[key] else { return false }
    return value
  }

  private func assign(_ property: inout Double, _ key: String) {
    if let value = number(key) { property = value }
  }

  private func assign(_ property: inout Bool, _ key: String) {
    if case .flag(let value)? = options[key] { property = value }
  }
}

extension [Stage] {
  /// The stages chained in order.
  func transformation() -> any GradientTransformation {
    var result = self[0].transformation()
    for stage in dropFirst() {
      let next = stage.transformation()
      result = chained(result, next)
    }
    return result
  }
}

/// `Chain(first, second)` for transformations known only as existentials.
func chained(_ first: some GradientTransformation, _ second: some GradientTransformation) -> any GradientTransformation {
  Chain(first, second)
}

extension ScheduleSpec {
  /// The schedule described.
  var schedule: any LearningRateSchedule {
    func value(_ key: String) -> Double { values[key]! }
    switch kind {
    case "StepDecay":
      return StepDecay(initialValue: value("initialValue"), stepSize: Int(value("stepSize")), gamma: value("gamma"))
    case "ExponentialDecay": return ExponentialDecay(initialValue: value("initialValue"), gamma: value("gamma"))
    case "CosineDecay":
      return CosineDecay(
        initialValue: value("initialValue"), decaySteps: Int(value("decaySteps")), finalValue: value("finalValue"))
    case "LinearSchedule":
      return LinearSchedule(
        initialValue: value("initialValue"), finalValue: value("finalValue"),
        transitionSteps: Int(value("transitionSteps")))
    case "WarmupCosineDecay":
      return WarmupCosineDecay(
        initialValue: value("initialValue"), peakValue: value("peakValue"), warmupSteps: Int(value("warmupSteps")),
        decaySteps: Int(value("decaySteps")), finalValue: value("finalValue"))
    default: fatalError("unknown schedule \(kind)")
    }
  }
}

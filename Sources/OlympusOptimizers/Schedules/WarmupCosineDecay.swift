import OlympusCore

/// A linear warmup from `initialValue` to `peakValue` over `warmupSteps` steps, then a cosine
/// decay to `finalValue` that ends at step `decaySteps` (optax's `warmup_cosine_decay_schedule`,
/// whose `decay_steps` counts the warmup too; PyTorch's `SequentialLR` of `LinearLR` and
/// `CosineAnnealingLR(T_max = decaySteps - warmupSteps)` with milestone `warmupSteps`).
public struct WarmupCosineDecay: LearningRateSchedule {
  /// The warmup.
  public var warmup: LinearSchedule
  /// The decay after the warmup, its step counted from the end of the warmup.
  public var decay: CosineDecay

  /// Warms up from `initialValue` to `peakValue` in `warmupSteps` steps, then decays to
  /// `finalValue` at step `decaySteps`, which must exceed `warmupSteps`.
  public init(initialValue: Double = 0, peakValue: Double, warmupSteps: Int, decaySteps: Int, finalValue: Double = 0) {
    check(decaySteps > warmupSteps, OlympusError("WarmupCosineDecay", "decaySteps \(decaySteps) must exceed warmupSteps \(warmupSteps)"))
    warmup = LinearSchedule(initialValue: initialValue, finalValue: peakValue, transitionSteps: warmupSteps)
    decay = CosineDecay(initialValue: peakValue, decaySteps: decaySteps - warmupSteps, finalValue: finalValue)
  }

  /// The warmup's value before `warmupSteps`, the decay's after (both are evaluated; the step
  /// selects one, so a traced step stages a single graph).
  public func value(at step: Tensor) -> Tensor {
    let warmupSteps = Double(warmup.transitionSteps)
    return select(step .< warmupSteps, warmup.value(at: step), decay.value(at: step - warmupSteps))
  }
}

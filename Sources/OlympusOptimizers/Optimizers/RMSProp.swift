import OlympusCore

/// RMSProp (Hinton, 2012), optionally centered and with momentum, as PyTorch's
/// `torch.optim.RMSprop` computes it.
///
/// For each parameter `p` with gradient `g`:
/// ```
/// g ← g + weightDecay · p
/// s ← α · s + (1 - α) · g²
/// a ← a + (1 - α) · (g - a);  d ← √(s - a²) + ε     (centered)
///                             d ← √s + ε            (otherwise)
/// b ← momentum · b + g / d;   p ← p - lr · b        (momentum > 0)
///                             p ← p - lr · g / d    (otherwise)
/// ```
public struct RMSProp: GradientTransformation {
  /// The learning rate or its schedule.
  public var learningRate: any LearningRateSchedule
  /// The decay rate of the running averages (α).
  public var alpha: Double
  /// Added to the denominator for numerical stability (ε).
  public var epsilon: Double
  /// The L2 penalty added to the gradient.
  public var weightDecay: Double
  /// The momentum factor; 0 for none.
  public var momentum: Double
  /// Whether to normalize by the variance of the gradient (subtracting its running mean) rather
  /// than by its raw second moment.
  public var centered: Bool

  /// RMSProp with PyTorch's defaults.
  public init(
    learningRate: any LearningRateSchedule = 1e-2, alpha: Double = 0.99, epsilon: Double = 1e-8,
    weightDecay: Double = 0, momentum: Double = 0, centered: Bool = false
  ) {
    check(alpha >= 0, OlympusError("RMSProp", "alpha \(alpha) is negative"))
    check(epsilon >= 0, OlympusError("RMSProp", "epsilon \(epsilon) is negative"))
    check(momentum >= 0, OlympusError("RMSProp", "momentum \(momentum) is negative"))
    check(weightDecay >= 0, OlympusError("RMSProp", "weightDecay \(weightDecay) is negative"))
    self.learningRate = learningRate
    self.alpha = alpha
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    self.momentum = momentum
    self.centered = centered
  }

  /// What RMSProp keeps for one parameter tensor (PyTorch's `square_avg`, `grad_avg`,
  /// `momentum_buffer`).
  public struct ParameterState: TensorTree, Sendable {
    /// The running average of the squared gradient (`s`).
    public var squareAverage: Tensor
    /// The running average of the gradient (`a`), when centered.
    public var gradientAverage: Tensor?
    /// The momentum buffer (`b`), with momentum.
    public var momentumBuffer: Tensor?
  }

  /// Zero averages and buffers.
  public func initialState(for parameters: [Tensor]) -> OptimizerState<ParameterState> {
    OptimizerState(parameters: parameters.map { parameter in
      let zeros = Tensor.zeros(like: parameter)
      return ParameterState(
        squareAverage: zeros, gradientAverage: centered ? zeros : nil, momentumBuffer: momentum > 0 ? zeros : nil)
    })
  }

  /// The RMSProp step of every parameter that has a gradient.
  public func update(_ updates: inout [Tensor?], state: inout OptimizerState<ParameterState>, parameters: [Tensor]) {
    guard state.expectMatching(updates, "RMSProp") else { return }
    let rate = learningRate.value(at: state.count)
    state.count = state.count + 1
    for index in updates.indices {
      guard var gradient = updates[index] else { continue }
      var slot = state.parameters[index]
      if weightDecay != 0 { gradient = gradient + parameters[index] * weightDecay }
      slot.squareAverage = slot.squareAverage * alpha + gradient * (1 - alpha) * gradient
      var denominator: Tensor
      if centered {
        let average = slot.gradientAverage ?? Tensor.zeros(like: gradient)
        let newAverage = average + (gradient - average) * (1 - alpha)
        slot.gradientAverage = newAverage
        denominator = sqrt(slot.squareAverage - newAverage * newAverage)
      } else {
        denominator = sqrt(slot.squareAverage)
      }
      denominator = denominator + epsilon
      if momentum > 0 {
        let buffer = (slot.momentumBuffer ?? Tensor.zeros(like: gradient)) * momentum + gradient / denominator
        slot.momentumBuffer = buffer
        updates[index] = buffer * (-rate).astype(buffer.dtype)
      } else {
        updates[index] = gradient * (-rate).astype(gradient.dtype) / denominator
      }
      state.parameters[index] = slot
    }
  }
}

import OlympusCore

/// An activation function as a parameterless layer, for ``Sequential`` and ``MLP``.
///
/// ```swift
/// let model = Sequential(Linear(inputFeatures: 4, outputFeatures: 8, key: k0), Activation.relu,
///                        Linear(inputFeatures: 8, outputFeatures: 1, key: k1))
/// ```
public enum Activation: Module, Hashable, Sendable {
  /// ``relu(_:)``.
  case relu
  /// ``leakyRelu(_:negativeSlope:)``.
  case leakyRelu(negativeSlope: Double = 0.01)
  /// ``elu(_:alpha:)``.
  case elu(alpha: Double = 1)
  /// `gelu(_:approximate:)`, the exact (erf) form.
  case gelu
  /// `gelu(_:approximate:)`, the tanh approximation.
  case geluTanh
  /// ``silu(_:)``.
  case silu
  /// ``softplus(_:beta:threshold:)`` with its defaults.
  case softplus
  /// ``logSigmoid(_:)``.
  case logSigmoid
  /// The logistic function.
  case sigmoid
  /// The hyperbolic tangent.
  case tanh
  /// The identity.
  case identity

  /// The function applied to `x`.
  public func callAsFunction(_ input: Tensor) -> Tensor {
    switch self {
    case .relu: OlympusNN.relu(input)
    case .leakyRelu(let negativeSlope): OlympusNN.leakyRelu(input, negativeSlope: negativeSlope)
    case .elu(let alpha): OlympusNN.elu(input, alpha: alpha)
    case .gelu: OlympusCore.gelu(input)
    case .geluTanh: OlympusCore.gelu(input, approximate: true)
    case .silu: OlympusNN.silu(input)
    case .softplus: OlympusNN.softplus(input)
    case .logSigmoid: OlympusNN.logSigmoid(input)
    case .sigmoid: OlympusCore.sigmoid(input)
    case .tanh: OlympusCore.tanh(input)
    case .identity: input
    }
  }
}

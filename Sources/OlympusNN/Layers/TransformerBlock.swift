import OlympusCore

/// A pre-LayerNorm transformer block (PyTorch's `nn.TransformerEncoderLayer` with
/// `norm_first=True`, `batch_first=True`, no dropout; GPT-2's block):
/// `x + attention(norm1(x))`, then `x + linear2(activation(linear1(norm2(x))))`.
///
/// The parameters carry PyTorch's state-dict names: `self_attn.in_proj_weight`, `self_attn.in_proj_bias`,
/// `self_attn.out_proj.weight`/`.bias`, `linear1.weight`/`.bias`, `linear2.weight`/`.bias`,
/// `norm1.weight`/`.bias`, `norm2.weight`/`.bias`.
public struct TransformerBlock: Module {
  /// The (self-)attention.
  public var selfAttention: MultiHeadAttention
  /// The feed-forward network's first layer, `E → hidden`.
  public var linear1: Linear
  /// Its second layer, `hidden → E`.
  public var linear2: Linear
  /// Normalizes the attention's input.
  public var norm1: LayerNorm
  /// Normalizes the feed-forward network's input.
  public var norm2: LayerNorm
  /// The feed-forward network's activation.
  public var activation: Activation

  private enum CodingKeys: String, CodingKey {
    case selfAttention = "self_attn", linear1, linear2, norm1, norm2, activation
  }

  /// A block with the given parts.
  public init(
    selfAttention: MultiHeadAttention, linear1: Linear, linear2: Linear, norm1: LayerNorm, norm2: LayerNorm,
    activation: Activation = .geluTanh
  ) {
    (self.selfAttention, self.linear1, self.linear2, self.norm1, self.norm2, self.activation) =
      (selfAttention, linear1, linear2, norm1, norm2, activation)
  }

  /// A block of width `embedDimension`, `headCount` heads and a feed-forward network of
  /// `hiddenDimension` (4·E by default), initialized as PyTorch's layers are; causal attention by
  /// default (a language model's block).
  public init(
    embedDimension: Int, headCount: Int, hiddenDimension: Int? = nil, activation: Activation = .geluTanh,
    isCausal: Bool = true, epsilon: Double = 1e-5, key: Tensor, dtype: DType = .float32
  ) {
    let keys = Random.split(key, count: 3)
    let hidden = hiddenDimension ?? 4 * embedDimension
    self.init(
      selfAttention: MultiHeadAttention(
        embedDimension: embedDimension, headCount: headCount, isCausal: isCausal, key: keys[0], dtype: dtype),
      linear1: Linear(inputFeatures: embedDimension, outputFeatures: hidden, key: keys[1], dtype: dtype),
      linear2: Linear(inputFeatures: hidden, outputFeatures: embedDimension, key: keys[2], dtype: dtype),
      norm1: LayerNorm(normalizedShape: [embedDimension], epsilon: epsilon, dtype: dtype),
      norm2: LayerNorm(normalizedShape: [embedDimension], epsilon: epsilon, dtype: dtype), activation: activation)
  }

  /// The block applied to `input` `[..., T, E]`.
  public func callAsFunction(_ input: Tensor) -> Tensor {
    let x = input + selfAttention(norm1(input))
    return x + linear2(activation(linear1(norm2(x))))
  }
}

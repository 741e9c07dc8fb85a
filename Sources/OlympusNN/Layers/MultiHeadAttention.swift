import OlympusCore

/// Multi-head attention (PyTorch's `nn.MultiheadAttention` with `batch_first=True`): the inputs
/// are projected to queries, keys and values by one `[3E, E]` matrix, split into `headCount`
/// heads of `E / headCount` features, attended with `scaledDotProductAttention(query:key:value:mask:isCausal:scale:)`
/// (memory-efficient, never holding the `[T, T]` scores) and projected back.
///
/// The parameters carry PyTorch's state-dict names: `in_proj_weight` `[3E, E]` (rows: query, key,
/// value), `in_proj_bias` `[3E]`, `out_proj.weight` `[E, E]`, `out_proj.bias` `[E]`.
public struct MultiHeadAttention: Module {
  /// `[3E, E]`: the query, key and value projections stacked.
  public var inputProjectionWeight: Tensor
  /// `[3E]`.
  public var inputProjectionBias: Tensor
  /// The output projection `E → E`.
  public var outputProjection: Linear
  /// The number of heads; divides the embedding width.
  public var headCount: Int
  /// Whether `callAsFunction(_:)` masks later positions (query `i` attends keys `j ≤ i`).
  public var isCausal: Bool

  private enum CodingKeys: String, CodingKey {
    case inputProjectionWeight = "in_proj_weight", inputProjectionBias = "in_proj_bias"
    case outputProjection = "out_proj", headCount, isCausal
  }

  /// A layer with the given parameters.
  public init(inputProjectionWeight: Tensor, inputProjectionBias: Tensor, outputProjection: Linear, headCount: Int, isCausal: Bool = false) {
    let width = outputProjection.outputFeatures
    if !(headCount > 0 && width % headCount == 0 && inputProjectionWeight.shape == [3 * width, width]
      && inputProjectionBias.shape == [3 * width] && outputProjection.inputFeatures == width)
    {
      misuse(
        "MultiHeadAttention", "needs in_proj_weight [3E, E], in_proj_bias [3E], out_proj E → E and E divisible by the head count, got \(inputProjectionWeight.type), \(inputProjectionBias.type), \(outputProjection.weight.type) and \(headCount) heads")
    }
    self.inputProjectionWeight = inputProjectionWeight
    self.inputProjectionBias = inputProjectionBias
    self.outputProjection = outputProjection
    self.headCount = headCount
    self.isCausal = isCausal
  }

  /// A layer of width `embedDimension` initialized as PyTorch's: the input projection Glorot
  /// uniform with zero bias, the output projection as `nn.Linear` with zero bias.
  public init(embedDimension: Int, headCount: Int, isCausal: Bool = false, key: Tensor, dtype: DType = .float32) {
    let keys = Random.split(key, count: 2)
    var output = Linear(inputFeatures: embedDimension, outputFeatures: embedDimension, key: keys[1], dtype: dtype)
    output.bias = Tensor.zeros([embedDimension], dtype: dtype)
    self.init(
      inputProjectionWeight: Initializer.glorotUniform(keys[0], shape: [3 * embedDimension, embedDimension], dtype: dtype),
      inputProjectionBias: Tensor.zeros([3 * embedDimension], dtype: dtype), outputProjection: output, headCount: headCount,
      isCausal: isCausal)
  }

  /// Self-attention of `input` `[..., T, E]` (causal when ``isCausal``).
  public func callAsFunction(_ input: Tensor) -> Tensor { self(query: input, key: input, value: input, isCausal: isCausal) }

  /// Attention of `query` `[..., m, E]` to `key` and `value` `[..., n, E]`, with an optional
  /// boolean `mask` broadcastable to `[..., heads, m, n]` (true = attend).
  public func callAsFunction(query: Tensor, key: Tensor, value: Tensor, mask: Tensor? = nil, isCausal: Bool = false) -> Tensor {
    let width = outputProjection.outputFeatures
    for input in [query, key, value] where input.rank < 2 || input.shape[input.rank - 1] != width {
      return misuse("MultiHeadAttention", "expects inputs [..., T, \(width)], got \(input.type)")
    }
    let weights = (0..<3).map { inputProjectionWeight[($0 * width)..<(($0 + 1) * width)] }
    let biases = (0..<3).map { inputProjectionBias[($0 * width)..<(($0 + 1) * width)] }
    let heads = zip(zip([query, key, value], weights), biases).map { pair, bias in
      splitHeads(matmul(pair.0, pair.1.transposed()) + bias)
    }
    let attended = scaledDotProductAttention(query: heads[0], key: heads[1], value: heads[2], mask: mask, isCausal: isCausal)
    let merged = attended.swappingAxes(-2, -3)
    return outputProjection(merged.reshaped(to: Array(merged.shape.dropLast(2)) + [width]))
  }

  /// `[..., T, E]` as `[..., heads, T, E / heads]`.
  private func splitHeads(_ x: Tensor) -> Tensor {
    let width = x.shape[x.rank - 1]
    return x.reshaped(to: Array(x.shape.dropLast()) + [headCount, width / headCount]).swappingAxes(-2, -3)
  }
}

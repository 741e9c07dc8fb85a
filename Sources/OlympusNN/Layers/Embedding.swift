import OlympusCore

/// A lookup table of vectors (PyTorch's `nn.Embedding`): integer indices of any shape give their
/// rows of `weight`, `indices.shape + [dimension]`.
///
/// The gradient with respect to the table is a scatter-add of the output's gradient (repeated
/// indices accumulate), dense like PyTorch's default (`sparse=False`).
public struct Embedding: Module {
  /// `[count, dimension]`.
  public var weight: Tensor

  /// A table with the given rows.
  public init(weight: Tensor) {
    if weight.rank != 2 { misuse("Embedding(weight:)", "needs a table [count, dimension], got \(weight.type)") }
    self.weight = weight
  }

  /// `count` vectors of `dimension` drawn from the standard normal, PyTorch's default.
  public init(count: Int, dimension: Int, key: Tensor, dtype: DType = .float32) {
    self.init(weight: Initializer.normal(key, shape: [count, dimension], dtype: dtype))
  }

  /// The rows at `indices` (`int32` or `int64`; negative indices count from the end).
  public func callAsFunction(_ input: Tensor) -> Tensor {
    guard input.dtype.isInteger else { return misuse("Embedding", "expects integer indices, got \(input.type)") }
    return weight.take(input, axis: 0)
  }
}

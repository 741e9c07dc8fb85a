import OlympusCore

/// Flattens the axes `startAxis ... endAxis` into one (PyTorch's `nn.Flatten`, which by default
/// keeps the batch axis 0 and flattens the rest). It has no parameters.
public struct Flatten: Module {
  /// The first axis flattened (negative counts from the back).
  public var startAxis: Int
  /// The last axis flattened (negative counts from the back).
  public var endAxis: Int

  /// A layer flattening `startAxis ... endAxis`.
  public init(startAxis: Int = 1, endAxis: Int = -1) {
    self.startAxis = startAxis
    self.endAxis = endAxis
  }

  /// `x` with the axes merged.
  public func callAsFunction(_ input: Tensor) -> Tensor {
    let start = startAxis < 0 ? startAxis + input.rank : startAxis
    let end = endAxis < 0 ? endAxis + input.rank : endAxis
    guard 0 <= start, start <= end, end < input.rank else {
      return misuse("Flatten", "axes \(startAxis) ... \(endAxis) do not fit \(input.type)")
    }
    let shape = input.shape
    return input.reshaped(to: Array(shape[..<start]) + [shape[start...end].reduce(1, *)] + shape[(end + 1)...])
  }
}

import OlympusKernels

extension Tensor {
  /// A tensor of `shape` whose every element is `value` converted to `dtype`, a leaf of the eager
  /// tape when `requiresGrad`.
  ///
  /// The result is a broadcast of one stored element: it costs no memory, and operations read it
  /// like any other tensor.
  public static func full(_ shape: [Int], value: Double, dtype: DType = .float32, requiresGrad: Bool = false) -> Tensor {
    guard isValidShape(shape) else {
      return reject(OlympusError("full", "invalid shape \(formatShape(shape))"))
    }
    return scalar(value, dtype: dtype).broadcast(to: shape).requiringGrad(requiresGrad)
  }

  /// Zeros of `shape`, a leaf of the eager tape when `requiresGrad`.
  public static func zeros(_ shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false) -> Tensor {
    full(shape, value: 0, dtype: dtype, requiresGrad: requiresGrad)
  }

  /// Ones of `shape`, a leaf of the eager tape when `requiresGrad`.
  public static func ones(_ shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false) -> Tensor {
    full(shape, value: 1, dtype: dtype, requiresGrad: requiresGrad)
  }

  /// Zeros of `other`'s shape and type.
  public static func zeros(like other: Tensor) -> Tensor { zeros(other.shape, dtype: other.dtype) }

  /// Ones of `other`'s shape and type.
  public static func ones(like other: Tensor) -> Tensor { ones(other.shape, dtype: other.dtype) }

  /// `0, 1, …, end - 1` (NumPy's `arange(end)`), `int64` by default.
  public static func arange(_ end: Int, dtype: DType = .int64) -> Tensor {
    arange(0, Double(end), step: 1, dtype: dtype)
  }

  /// `start, start + step, …` up to but excluding `end` (NumPy's `arange`), `float32` by default; a
  /// leaf of the eager tape when `requiresGrad`.
  public static func arange(
    _ start: Double, _ end: Double, step: Double = 1, dtype: DType = .float32, requiresGrad: Bool = false
  ) -> Tensor {
    guard step != 0, step.isFinite, start.isFinite, end.isFinite else {
      return reject(OlympusError("arange", "needs finite bounds and a non-zero step, got \(start), \(end), \(step)"))
    }
    let count = Swift.max(0, Int(((end - start) / step).rounded(.up)))
    return Tensor((0..<count).map { start + Double($0) * step }).astype(dtype).requiringGrad(requiresGrad)
  }

  /// `count` evenly spaced numbers from `start` to `end`, both included (NumPy's `linspace`); a leaf
  /// of the eager tape when `requiresGrad`.
  public static func linspace(
    _ start: Double, _ end: Double, count: Int, dtype: DType = .float32, requiresGrad: Bool = false
  ) -> Tensor {
    guard count >= 0 else { return reject(OlympusError("linspace", "count must not be negative, got \(count)")) }
    let step = count > 1 ? (end - start) / Double(count - 1) : 0
    let values = (0..<count).map { $0 == count - 1 && count > 1 ? end : start + Double($0) * step }
    return Tensor(values).astype(dtype).requiringGrad(requiresGrad)
  }

  /// The `rows × columns` matrix with ones on the diagonal shifted by `diagonal` (NumPy's `eye`); a
  /// leaf of the eager tape when `requiresGrad`.
  public static func eye(
    _ rows: Int, columns: Int? = nil, diagonal: Int = 0, dtype: DType = .float32, requiresGrad: Bool = false
  ) -> Tensor {
    let columns = columns ?? rows
    guard rows >= 0, columns >= 0 else {
      return reject(OlympusError("eye", "invalid size \(rows) × \(columns)"))
    }
    // One comparison kernel over the grid of row and column numbers.
    let rowNumbers = (Tensor.arange(rows) + Double(diagonal)).reshaped(to: [rows, 1])
    let onDiagonal = rowNumbers .== Tensor.arange(columns).reshaped(to: [1, columns])
    return onDiagonal.astype(dtype).requiringGrad(requiresGrad)
  }
}

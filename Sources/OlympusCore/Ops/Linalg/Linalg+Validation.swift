/// Argument checks and failure reports shared by the `Linalg` operations.
extension Linalg {
  /// Checks that `a` is a batch of square float32 or float64 matrices.
  static func expectSquareMatrices(_ operation: String, _ a: Tensor) throws(OlympusError) {
    guard a.rank >= 2, a.shape[a.rank - 1] == a.shape[a.rank - 2] else {
      throw OlympusError(operation, "expects square matrices [..., n, n], got \(a.type)")
    }
    guard a.dtype.isFloatingPoint else {
      throw OlympusError(operation, "expects float32 or float64 matrices, got \(a.type)")
    }
  }

  /// The diagonal elements of every matrix of the concrete value behind `x` (`[..., n, n]`), as
  /// `[matrix][i]`, or nil when `x` has no concrete value (under `jit` or `vmap`).
  static func concreteDiagonals(_ x: Tensor) -> [[Double]]? {
    let value = primalValue(x)
    guard value.isConcrete else { return nil }
    let n = value.shape[value.rank - 1]
    let count = n == 0 ? 0 : value.elementCount / (n * n)
    guard count > 0 else { return [] }
    let diagonal = withNoGrad {
      value.reshaped(to: [count, n * n])[.all, .slice(0, nil, step: n + 1)]
    }
    let values = diagonal.dtype == .float32 ? diagonal.scalars(as: Float.self).map(Double.init) : diagonal.scalars(as: Double.self)
    return (0..<count).map { Array(values[($0 * n)..<($0 * n + n)]) }
  }

  /// Whether `x` has a concrete value (behind any differentiation) with an element that is
  /// infinite or NaN.
  static func hasNonFiniteConcreteValues(_ x: Tensor) -> Bool {
    let value = primalValue(x)
    guard value.isConcrete else { return false }
    if value.dtype == .float32 { return !value.scalars(as: Float.self).allSatisfy(\.isFinite) }
    return !value.scalars(as: Double.self).allSatisfy(\.isFinite)
  }

  /// The first matrix and diagonal position where `failed` holds, with the matrix's place in the
  /// batch spelled out for batches.
  static func firstFailure(
    _ diagonals: [[Double]], batchShape: [Int], where failed: (Double) -> Bool
  ) -> (matrix: String, pivot: Int)? {
    for (index, diagonal) in diagonals.enumerated() {
      guard let pivot = diagonal.firstIndex(where: failed) else { continue }
      var position: [Int] = []
      var rest = index
      for size in batchShape.reversed() {
        position.insert(rest % size, at: 0)
        rest /= size
      }
      return (batchShape.isEmpty ? "the matrix" : "matrix \(position)", pivot)
    }
    return nil
  }
}

/// The shape two shapes broadcast to under NumPy's rules (align from the right; sizes equal or
/// 1), or `nil` when they are incompatible.
func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
  let rank = Swift.max(a.count, b.count)
  var shape = [Int](repeating: 1, count: rank)
  for position in 0..<rank {
    let x = position < rank - a.count ? 1 : a[position - (rank - a.count)]
    let y = position < rank - b.count ? 1 : b[position - (rank - b.count)]
    guard x == y || x == 1 || y == 1 else { return nil }
    shape[position] = x == 1 ? y : x
  }
  return shape
}

extension Tensor {
  /// Whether NumPy's rules broadcast this tensor's shape to `shape` itself (aligned from the right,
  /// each size equal to the target's or 1): `broadcastShape(shape, target) == target`, without
  /// building the shape.
  func broadcasts(to target: [Int]) -> Bool {
    guard target.count >= rank else { return false }
    let lead = target.count - rank
    return shape.indices.allSatisfy { shape[$0] == target[lead + $0] || shape[$0] == 1 }
  }

  /// The tensor repeated to `shape` under NumPy's broadcasting rules (a view; no copy).
  public func broadcast(to shape: [Int]) -> Tensor {
    if shape == self.shape { return self }
    guard broadcasts(to: shape) else {
      return reject(OlympusError("broadcast(to:)", "cannot broadcast \(type) to \(formatShape(shape))"))
    }
    return bind(BroadcastInDim(shape: shape, dimensions: Array((shape.count - rank)..<shape.count)), self)
  }
}

/// Both operands converted to their promoted type and broadcast to their common shape, or an error
/// naming `operation`.
func promotedAndBroadcast(_ a: Tensor, _ b: Tensor, _ operation: String) throws(OlympusError) -> (Tensor, Tensor) {
  let dtype = DType.promoted(a.dtype, b.dtype)
  if a.shape == b.shape { return (a.astype(dtype), b.astype(dtype)) }
  guard let shape = broadcastShape(a.shape, b.shape) else {
    throw OlympusError(operation, "cannot broadcast \(a.type) and \(b.type)")
  }
  return (a.astype(dtype).broadcast(to: shape), b.astype(dtype).broadcast(to: shape))
}

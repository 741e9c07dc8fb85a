/// Matrix product with NumPy's `matmul` semantics: the last two axes multiply as matrices, the
/// others broadcast as a batch; a 1-d operand is a row (left) or column (right) vector whose axis
/// is removed from the result.
///
/// ```swift
/// matmul(Tensor.ones([8, 3, 4]), Tensor.ones([4, 5]))   // [8, 3, 5]
/// ```
public func matmul(_ a: Tensor, _ b: Tensor) -> Tensor {
  checked { () throws(OlympusError) in
    let operation = "matmul"
    guard a.rank >= 1, b.rank >= 1 else {
      throw OlympusError(operation, "\(formatShape(a.shape)) × \(formatShape(b.shape)): operands need at least one axis")
    }
    let dtype = DType.promoted(a.dtype, b.dtype)
    guard dtype != .bool else {
      throw OlympusError(operation, "expects numeric operands, got \(a.type) and \(b.type)")
    }
    let left = a.rank == 1 ? a.reshaped(to: [1, a.shape[0]]) : a
    let right = b.rank == 1 ? b.reshaped(to: [b.shape[0], 1]) : b
    let (m, k) = (left.shape[left.rank - 2], left.shape[left.rank - 1])
    let (kb, n) = (right.shape[right.rank - 2], right.shape[right.rank - 1])
    guard k == kb else {
      throw OlympusError(
        operation, "\(formatShape(a.shape)) × \(formatShape(b.shape)): inner dimensions \(k) and \(kb) differ")
    }
    guard let batch = broadcastShape(Array(left.shape.dropLast(2)), Array(right.shape.dropLast(2))) else {
      throw OlympusError(
        operation, "\(formatShape(a.shape)) × \(formatShape(b.shape)): batch dimensions do not broadcast")
    }
    let resultShape = batch + (a.rank == 1 ? [] : [m]) + (b.rank == 1 ? [] : [n])
    if left.rank > 2 && right.rank == 2 {
      // A batch times one matrix (a linear layer): the batch folds into the rows, one GEMM, whose
      // gradient with respect to the matrix is one GEMM as well rather than a product per batch
      // element summed afterwards.
      let rows = batch.reduce(m, *)
      return bind(MatMul(), left.astype(dtype).reshaped(to: [rows, k]), right.astype(dtype)).reshaped(to: resultShape)
    }
    let product = bind(
      MatMul(), left.astype(dtype).broadcast(to: batch + [m, k]), right.astype(dtype).broadcast(to: batch + [k, n]))
    return product.reshaped(to: resultShape)
  }
}

/// NumPy's `dot`: the inner product of vectors, the matrix product of matrices, a product with a
/// 0-d operand, and in general a sum over the last axis of `a` and the second-to-last of `b`.
public func dot(_ a: Tensor, _ b: Tensor) -> Tensor {
  if a.rank == 0 || b.rank == 0 { return a * b }
  if b.rank <= 2 { return matmul(a, b) }
  return tensordot(a, b, axes: ([a.rank - 1], [b.rank - 2]))
}

/// Sums products over the last `axes` axes of `a` and the first `axes` axes of `b`.
public func tensordot(_ a: Tensor, _ b: Tensor, axes: Int) -> Tensor {
  guard axes >= 0, axes <= a.rank, axes <= b.rank else {
    return reject(OlympusError("tensordot", "cannot contract \(axes) axes of \(a.type) and \(b.type)"))
  }
  return tensordot(a, b, axes: (Array((a.rank - axes)..<a.rank), Array(0..<axes)))
}

/// Sums products over the paired axes `axes.0` of `a` and `axes.1` of `b`; the result has `a`'s
/// free axes followed by `b`'s.
public func tensordot(_ a: Tensor, _ b: Tensor, axes: ([Int], [Int])) -> Tensor {
  checked { () throws(OlympusError) in
    let operation = "tensordot"
    guard axes.0.count == axes.1.count else {
      throw OlympusError(operation, "axis lists \(axes.0) and \(axes.1) differ in length")
    }
    var contractedA: [Int] = []
    var contractedB: [Int] = []
    for (axisA, axisB) in zip(axes.0, axes.1) {
      contractedA.append(try normalizedAxis(axisA, rank: a.rank, operation, a.type))
      contractedB.append(try normalizedAxis(axisB, rank: b.rank, operation, b.type))
      guard a.shape[contractedA.last!] == b.shape[contractedB.last!] else {
        throw OlympusError(
          operation, "axis \(axisA) of \(a.type) and axis \(axisB) of \(b.type) differ in size")
      }
    }
    let freeA = a.shape.indices.filter { !contractedA.contains($0) }
    let freeB = b.shape.indices.filter { !contractedB.contains($0) }
    let size = contractedA.reduce(1) { $0 * a.shape[$1] }
    let left = a.transposed(freeA + contractedA).reshaped(to: [freeA.reduce(1) { $0 * a.shape[$1] }, size])
    let right = b.transposed(contractedB + freeB).reshaped(to: [size, freeB.reduce(1) { $0 * b.shape[$1] }])
    return matmul(left, right).reshaped(to: freeA.map { a.shape[$0] } + freeB.map { b.shape[$0] })
  }
}

/// The outer product of the flattened operands: `result[i, j] = a[i] * b[j]`.
public func outer(_ a: Tensor, _ b: Tensor) -> Tensor {
  a.flattened().expandingDimensions(at: 1) * b.flattened().expandingDimensions(at: 0)
}

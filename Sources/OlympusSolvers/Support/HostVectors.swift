// Vector arithmetic on the host for the solvers' bookkeeping (search directions, quasi-Newton
// memories, trust-region steps, products with a dense Jacobian and its singular vectors), beside
// `dotProduct` and `norm` of the least-squares solvers: an iteration does a handful of these per
// evaluation of the user's function, so plain loops over `[Double]` that the compiler vectorizes
// are enough.

/// `y ← y + alpha · x`.
func addScaled(_ y: inout [Double], _ alpha: Double, _ x: [Double]) {
  x.withUnsafeBufferPointer { x in
    y.withUnsafeMutableBufferPointer { y in
      for i in 0..<y.count { y[i] += alpha * x[i] }
    }
  }
}

/// `a + alpha · b` as a new vector.
func adding(_ a: [Double], _ alpha: Double, _ b: [Double]) -> [Double] {
  var result = a
  addScaled(&result, alpha, b)
  return result
}

/// `alpha · a` as a new vector.
func scaled(_ a: [Double], _ alpha: Double) -> [Double] { a.map { alpha * $0 } }

/// Whether every element is finite.
func allFinite(_ a: [Double]) -> Bool { a.allSatisfy(\.isFinite) }

/// `Aᵀ·y` for the row-major `m × n` matrix `a` and `y` of length `m`, and, when `squares` is
/// set, the squared norms of `a`'s columns beside it: one pass over `a`, row by row.
func transposedProduct(_ a: [Double], columns n: Int, _ y: [Double], squares: Bool = false) -> (
  product: [Double], columnSquares: [Double]
) {
  var product = [Double](repeating: 0, count: n)
  var columnSquares = [Double](repeating: 0, count: squares ? n : 0)
  a.withUnsafeBufferPointer { a in
    product.withUnsafeMutableBufferPointer { product in
      columnSquares.withUnsafeMutableBufferPointer { columnSquares in
        for i in 0..<y.count {
          let (row, weight) = (a.baseAddress! + i * n, y[i])
          for j in 0..<n { product[j] += row[j] * weight }
          if squares {
            for j in 0..<n { columnSquares[j] += row[j] * row[j] }
          }
        }
      }
    }
  }
  return (product, columnSquares)
}

/// `A·x` for the row-major `m × n` matrix `a` and `x` of length `n`.
func product(_ a: [Double], columns n: Int, _ x: [Double]) -> [Double] {
  let m = n > 0 ? a.count / n : 0
  var result = [Double](repeating: 0, count: m)
  a.withUnsafeBufferPointer { a in
    x.withUnsafeBufferPointer { x in
      for i in 0..<m {
        let row = a.baseAddress! + i * n
        var sum = 0.0
        for j in 0..<n { sum += row[j] * x[j] }
        result[i] = sum
      }
    }
  }
  return result
}

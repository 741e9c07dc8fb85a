// Vector arithmetic on the host for the minimizers' bookkeeping (search directions, quasi-Newton
// memories, trust-region steps), beside `dotProduct` and `norm` of the least-squares solvers: an
// iteration does a handful of these per evaluation of the user's function, so plain loops over
// `[Double]` that the compiler vectorizes are enough.

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

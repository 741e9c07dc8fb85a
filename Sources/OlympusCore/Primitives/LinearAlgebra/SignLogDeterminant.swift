import OlympusKernels

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The sign and log-magnitude of the determinant: `a[..., n, n]` gives `sign[...]` (−1, 0 or 1)
/// and `logAbsDet[...]` (`log|det a|`, −∞ for a singular matrix), both from one LU factorization
/// with partial pivoting.
///
/// Its rules use the closed form `∂ log|det A| / ∂A = A⁻ᵀ` (Giles 2008), computed with two
/// triangular solves against the LU factors, instead of differentiating through the factors (two
/// more matrix products of the matrix's order). The sign is piecewise constant: no derivative.
public struct SignLogDeterminant: Primitive {
  /// Creates the primitive.
  public init() {}

  /// Two: the sign and the logarithm of the absolute value.
  public var outputCount: Int { 2 }

  /// `slogdet`.
  public var description: String { "slogdet" }

  /// Two tensors of the batch shape, in the input's type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    try expectSquareMatrices(self, inputs[0])
    let type = TensorType(shape: Array(inputs[0].shape.dropLast(2)), dtype: inputs[0].dtype)
    return [type, type]
  }

  /// One LU kernel call for the batch, then the diagonals and the permutations' parities.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let a = inputs[0].contiguous()
    let n = a.shape[a.rank - 1]
    let count = n == 0 ? 0 : a.elementCount / (n * n)
    let type = TensorType(shape: Array(a.shape.dropLast(2)), dtype: a.dtype)
    let byteCount = a.elementCount * a.dtype.byteCount
    let factors = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(byteCount, 1), alignment: 64)
    defer { factors.deallocate() }
    withExtendedLifetime(a) { factors.copyMemory(from: a.baseAddress, byteCount: byteCount) }
    var permutations = [Int32](repeating: 0, count: count * n)
    _ = permutations.withUnsafeMutableBufferPointer { permutations in
      Factorization.lu(a.dtype.scalarType, n: n, count: count, data: factors, permutations: permutations.baseAddress!)
    }
    var sign: Tensor?
    let logarithm = Tensor.make(type) { logarithms in
      sign = Tensor.make(type) { signs in
        if a.dtype == .float32 {
          signAndLogarithm(Float.self, factors, permutations, n: n, count: count, signs, logarithms)
        } else {
          signAndLogarithm(Double.self, factors, permutations, n: n, count: count, signs, logarithms)
        }
      }
    }
    return [sign!, logarithm]
  }

  /// No tangent for the sign; `d log|det A| = Σ (A⁻ᵀ ∘ dA)`.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    guard let tangent = tangents[0] else { return [nil, nil] }
    let rank = tangent.rank
    return [nil, (inverseTransposed(primals[0]) * tangent).sum(axes: [rank - 2, rank - 1])]
  }

  /// `Ā = ḡ·A⁻ᵀ`; the sign's cotangent contributes nothing.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    guard let cotangent = cotangents[1] else { return [nil] }
    return [inverseTransposed(primals[0]) * cotangent.expandingDimensions(at: -1).expandingDimensions(at: -1)]
  }

  /// One factorization for the whole batch, the batch axis first.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchShiftingAxes(inputs, axes) { _ in self }
  }

  /// `A⁻ᵀ = Pᵀ·L⁻ᵀ·U⁻ᵀ` from P·A = L·U: two triangular solves against the identity (no pivot
  /// check: a singular matrix gives infinities, as its logarithm is −∞).
  private func inverseTransposed(_ a: Tensor) -> Tensor {
    let outputs = bind(LUFactorization(), [a])
    let (lu, permutation) = (outputs[0], outputs[1])
    let identity = Tensor.eye(a.shape[a.rank - 1], dtype: a.dtype).broadcast(to: a.shape)
    let upper = bind(TriangularSolve(lower: false, transposeA: true), lu, identity)  // U⁻ᵀ
    let both = bind(TriangularSolve(lower: true, transposeA: true, unitDiagonal: true), lu, upper)  // L⁻ᵀ·U⁻ᵀ
    return permutingRows(both, by: permutation.argsort(axis: -1))
  }
}

/// Per matrix of packed LU factors: the sign of the determinant (the permutation's parity times
/// the pivots' signs; 0 for a zero pivot, NaN for a NaN) and the sum of the pivots' log-magnitudes (in float64).
private func signAndLogarithm<T: BinaryFloatingPoint>(
  _: T.Type, _ factors: UnsafeRawPointer, _ permutations: [Int32], n: Int, count: Int, _ signs: UnsafeMutableRawPointer,
  _ logarithms: UnsafeMutableRawPointer
) {
  let (lu, signs, logarithms) = (
    factors.assumingMemoryBound(to: T.self), signs.assumingMemoryBound(to: T.self), logarithms.assumingMemoryBound(to: T.self)
  )
  for index in 0..<count {
    var sign = T(permutationParity(permutations[(index * n)..<(index * n + n)]))
    var sum = 0.0
    for i in 0..<n {
      let pivot = lu[(index * n + i) * n + i]
      sign *= pivot > 0 ? 1 : (pivot < 0 ? -1 : (pivot == 0 ? 0 : .nan))
      sum += log(Double(abs(pivot)))
    }
    (signs[index], logarithms[index]) = (sign, T(sum))
  }
}

/// +1 or −1: the parity of a permutation of `0..<count`, from its cycles.
private func permutationParity(_ permutation: ArraySlice<Int32>) -> Double {
  let base = permutation.startIndex
  var visited = [Bool](repeating: false, count: permutation.count)
  var sign = 1.0
  for start in 0..<permutation.count where !visited[start] {
    var (position, length) = (start, 0)
    while !visited[position] {
      visited[position] = true
      position = Int(permutation[base + position])
      length += 1
    }
    if length % 2 == 0 { sign = -sign }
  }
  return sign
}

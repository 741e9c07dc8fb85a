import OlympusCore

/// A linear map from vectors of `columns` elements to vectors of `rows` elements, known by its
/// action on a vector and the action of its transpose (lineax's `AbstractLinearOperator`, SciPy's
/// `LinearOperator`).
///
/// An operator is built from a matrix, from the derivatives of a function
/// (``jacobianOperator(of:at:)``, ``hessianOperator(of:at:)``) or from any pair of closures, and
/// combined with ``transposed``, ``composed(with:)``, `+` and scalar `*` without forming a
/// matrix. The matrix-free solvers (``conjugateGradient(_:_:initial:preconditioner:relativeTolerance:absoluteTolerance:maxIterations:)``,
/// ``lsqr(_:_:damping:initial:absoluteTolerance:relativeTolerance:conditionLimit:maxIterations:)``,
/// ``lsmr(_:_:damping:initial:absoluteTolerance:relativeTolerance:conditionLimit:maxIterations:)``)
/// use nothing else.
///
/// ```swift
/// let j = jacobianOperator(of: residuals, at: parameters)   // J = ∂r/∂p, never formed
/// let normal = j.transposed.composed(with: j) + 1e-3 * .identity(j.columns)
/// let step = conjugateGradient(normal, -j.applyTranspose(r)).solution
/// ```
///
/// Vectors have rank 1; a vector of another shape is rejected, naming the operator's shape.
public struct LinearOperator {
  /// The length of the vectors the operator returns.
  public let rows: Int
  /// The length of the vectors the operator takes.
  public let columns: Int
  /// The element type of the vectors the operator takes and returns.
  public let dtype: DType
  /// Whether the operator equals its transpose (then the transpose is the operator itself).
  public let isSymmetric: Bool
  private let action: (Tensor) -> Tensor
  private let transposeAction: (Tensor) -> Tensor
  /// The diagonal when it is known without applying the operator (a matrix's, an identity's).
  private let knownDiagonal: (() -> Tensor)?

  /// The operator `v ↦ apply(v)` with transpose `u ↦ applyTranspose(u)`.
  ///
  /// The closures must be linear and each other's transpose; ``materialized()`` and the tests of
  /// an operator check both. A symmetric operator may pass the same closure twice.
  public init(
    rows: Int, columns: Int, dtype: DType, isSymmetric: Bool = false, apply: @escaping (Tensor) -> Tensor,
    applyTranspose: @escaping (Tensor) -> Tensor
  ) {
    self.init(
      rows: rows, columns: columns, dtype: dtype, isSymmetric: isSymmetric, action: apply, transposeAction: applyTranspose,
      knownDiagonal: nil)
  }

  private init(
    rows: Int, columns: Int, dtype: DType, isSymmetric: Bool, action: @escaping (Tensor) -> Tensor,
    transposeAction: @escaping (Tensor) -> Tensor, knownDiagonal: (() -> Tensor)?
  ) {
    self.rows = rows
    self.columns = columns
    self.dtype = dtype
    self.isSymmetric = isSymmetric && rows == columns
    self.action = action
    self.transposeAction = transposeAction
    self.knownDiagonal = knownDiagonal
  }

  /// The operator of a matrix `[rows, columns]`: `v ↦ matrix·v`, transpose `u ↦ matrixᵀ·u`.
  ///
  /// A tensor that is not a floating-point matrix is rejected (inside `withErrorChecking`, the
  /// operator is then 0 × 0 and returns failed tensors).
  public init(matrix: Tensor) {
    guard
      check(
        matrix.rank == 2 && matrix.dtype.isFloatingPoint,
        OlympusError("LinearOperator(matrix:)", "expects a floating-point matrix, got \(matrix.type)"))
    else {
      self.init(rows: 0, columns: 0, dtype: .float64, isSymmetric: false, action: { _ in .failed }, transposeAction: { _ in .failed }, knownDiagonal: nil)
      return
    }
    let transpose = matrix.transposed()
    self.init(
      rows: matrix.shape[0], columns: matrix.shape[1], dtype: matrix.dtype, isSymmetric: false,
      action: { matmul(matrix, $0) }, transposeAction: { matmul(transpose, $0) },
      knownDiagonal: { matrixDiagonal(matrix) })
  }

  /// The identity on vectors of `size` elements.
  public static func identity(_ size: Int, dtype: DType = .float64) -> LinearOperator {
    LinearOperator(
      rows: size, columns: size, dtype: dtype, isSymmetric: true, action: { $0 }, transposeAction: { $0 },
      knownDiagonal: { Tensor.ones([size], dtype: dtype) })
  }

  /// The operator that multiplies a vector elementwise by `diagonal` (a vector).
  public static func diagonal(_ diagonal: Tensor) -> LinearOperator {
    guard
      check(
        diagonal.rank == 1 && diagonal.dtype.isFloatingPoint,
        OlympusError("LinearOperator.diagonal", "expects a floating-point vector, got \(diagonal.type)"))
    else { return LinearOperator(matrix: .failed) }
    let size = diagonal.shape[0]
    return LinearOperator(
      rows: size, columns: size, dtype: diagonal.dtype, isSymmetric: true, action: { diagonal * $0 },
      transposeAction: { diagonal * $0 }, knownDiagonal: { diagonal })
  }

  /// The operator applied to `vector` (`[columns]`): a vector `[rows]`.
  public func apply(_ vector: Tensor) -> Tensor {
    guard checkVector(vector, length: columns, "apply") else { return .failed }
    return action(vector)
  }

  /// The transpose applied to `vector` (`[rows]`): a vector `[columns]`.
  public func applyTranspose(_ vector: Tensor) -> Tensor {
    guard checkVector(vector, length: rows, "applyTranspose") else { return .failed }
    return transposeAction(vector)
  }

  /// The transpose: an operator from `rows` to `columns` elements.
  public var transposed: LinearOperator {
    LinearOperator(
      rows: columns, columns: rows, dtype: dtype, isSymmetric: isSymmetric, action: transposeAction,
      transposeAction: action, knownDiagonal: knownDiagonal)
  }

  /// `self ∘ inner`: the operator `v ↦ self(inner(v))`; `inner.rows` must equal `columns`.
  public func composed(with inner: LinearOperator) -> LinearOperator {
    guard
      check(
        inner.rows == columns,
        OlympusError("LinearOperator.composed(with:)", "cannot compose \(shapeText) with \(inner.shapeText)"))
    else { return LinearOperator(matrix: .failed) }
    let outer = self
    return LinearOperator(
      rows: rows, columns: inner.columns, dtype: DType.promoted(dtype, inner.dtype), isSymmetric: false,
      action: { outer.action(inner.action($0)) }, transposeAction: { inner.transposeAction(outer.transposeAction($0)) },
      knownDiagonal: nil)
  }

  /// The sum `v ↦ a(v) + b(v)`; both operators must have the same shape.
  public static func + (a: LinearOperator, b: LinearOperator) -> LinearOperator {
    guard
      check(
        a.rows == b.rows && a.columns == b.columns,
        OlympusError("LinearOperator +", "cannot add \(a.shapeText) and \(b.shapeText)"))
    else { return LinearOperator(matrix: .failed) }
    let diagonal: (() -> Tensor)? =
      if let left = a.knownDiagonal, let right = b.knownDiagonal { { left() + right() } } else { nil }
    return LinearOperator(
      rows: a.rows, columns: a.columns, dtype: DType.promoted(a.dtype, b.dtype), isSymmetric: a.isSymmetric && b.isSymmetric,
      action: { a.action($0) + b.action($0) }, transposeAction: { a.transposeAction($0) + b.transposeAction($0) },
      knownDiagonal: diagonal)
  }

  /// The operator scaled by `scale`: `v ↦ scale · a(v)`.
  public static func * (scale: Double, a: LinearOperator) -> LinearOperator {
    LinearOperator(
      rows: a.rows, columns: a.columns, dtype: a.dtype, isSymmetric: a.isSymmetric, action: { scale * a.action($0) },
      transposeAction: { scale * a.transposeAction($0) }, knownDiagonal: a.knownDiagonal.map { diagonal in { scale * diagonal() } })
  }

  /// The matrix `[rows, columns]` of the operator: the operator applied to every column of the
  /// identity at once (one batched application under `vmap`).
  public func materialized() -> Tensor {
    guard columns > 0 else { return Tensor.zeros([rows, 0], dtype: dtype) }
    let basis = Tensor.eye(columns, dtype: dtype)
    return vmap(of: action)(basis).transposed()
  }

  /// The exact diagonal of a square operator: read off when it is known (a matrix, a diagonal, an
  /// identity, sums and multiples of them), otherwise taken from ``materialized()``.
  public func diagonal() -> Tensor {
    guard checkSquare("diagonal()") else { return .failed }
    if let knownDiagonal { return knownDiagonal() }
    return matrixDiagonal(materialized())
  }

  /// Hutchinson's unbiased estimate of the diagonal of a square operator: the mean of `z ⊙ A·z`
  /// over `samples` Rademacher vectors `z` (entries ±1 with equal probability) drawn from `key`,
  /// applied as one batch under `vmap`. The error of each entry falls as `1/√samples` and
  /// vanishes for a diagonal operator.
  public func estimatedDiagonal(samples: Int, key: Tensor) -> Tensor {
    guard checkSquare("estimatedDiagonal(samples:key:)") else { return .failed }
    guard
      check(
        samples > 0, OlympusError("LinearOperator.estimatedDiagonal(samples:key:)", "needs at least one sample, got \(samples)"))
    else { return .failed }
    let probes = (2 * Random.bernoulli(key, probability: 0.5, shape: [samples, columns]).astype(dtype) - 1)
    return (probes * vmap(of: action)(probes)).mean(axes: [0])
  }

  /// The shape as the error messages print it.
  var shapeText: String { "an operator [\(rows), \(columns)]" }

  private func checkVector(_ vector: Tensor, length: Int, _ operation: String) -> Bool {
    check(
      vector.rank == 1 && vector.shape[0] == length,
      OlympusError("LinearOperator.\(operation)", "\(shapeText) expects a vector [\(length)], got \(vector.type)"))
  }

  private func checkSquare(_ operation: String) -> Bool {
    check(rows == columns, OlympusError("LinearOperator.\(operation)", "needs a square operator, got \(shapeText)"))
  }
}

/// The main diagonal of a square matrix.
private func matrixDiagonal(_ matrix: Tensor) -> Tensor {
  (matrix * Tensor.eye(matrix.shape[0], columns: matrix.shape[1], dtype: matrix.dtype)).sum(axes: [1])
}

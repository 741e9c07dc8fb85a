import OlympusCore

/// The squared singular values (descending) and right singular vectors `V` of a scaled Jacobian
/// `J̃ = J·diag(d)`, with the map `y ↦ Vᵀ·J̃ᵀ·y` into their coordinates: all that the step rules
/// of a dense linearization need (``TrustRegionSubproblem``), found once per Jacobian and scale
/// in either of ``LeastSquaresDenseSolver``'s two ways.
struct ScaledJacobianSpectrum {
  /// Squared singular values, descending.
  let squaredSingularValues: [Double]
  /// The right singular vectors as rows, `Vᵀ` (`k × n`).
  let rightSingularVectors: Tensor
  private let projection: Projection

  /// How a residual-space vector `y` reaches the coordinates `Vᵀ·J̃ᵀ·y`.
  private enum Projection {
    /// `s ⊙ Uᵀy`, from the decomposition's left singular vectors `U` and singular values `s`.
    case leftSingularVectors(Tensor, [Double])
    /// `Vᵀ·(d ⊙ Jᵀy)`, from the Jacobian `J` and the scale `d`.
    case jacobianTranspose(Tensor, scale: Tensor)
  }

  /// From the singular value decomposition of the scaled Jacobian.
  init(decomposing scaledJacobian: Tensor) {
    let (u, s, vt) = Linalg.svd(scaledJacobian)
    let singularValues = s.scalars(as: Double.self)
    squaredSingularValues = singularValues.map { $0 * $0 }
    rightSingularVectors = vt
    projection = .leftSingularVectors(u, singularValues)
  }

  /// From the eigendecomposition of the scaled Gram matrix `diag(d)·JᵀJ·diag(d)` (the normal
  /// equations), given `JᵀJ`; `nil` when `conditionLimit` is set and the scaled Gram matrix's
  /// condition number `κ(J̃)²` exceeds it. Eigenvalues at most `max(m, n)·ε` times the largest
  /// are set to zero: below that they are rounding errors of the product (the decomposition's
  /// cutoff on singular values, `max(m, n)·ε·s_max`, would keep such noise as directions).
  init?(gram: Tensor, jacobian: Tensor, scale: Tensor, conditionLimit: Double?) {
    let n = scale.elementCount
    let (eigenvalues, eigenvectors) = Linalg.eigh(gram * scale.reshaped(to: [n, 1]) * scale)
    // eigh sorts ascending; the step rules want descending order.
    let ascending = eigenvalues.scalars(as: Double.self)
    let largest = Swift.max(ascending.last ?? 0, 0)
    if let conditionLimit {
      guard largest > 0, (ascending.first ?? 0) * conditionLimit >= largest else { return nil }
    }
    let cutoff = largest * Double.ulpOfOne * Double(Swift.max(jacobian.shape[0], n))
    squaredSingularValues = ascending.reversed().map { $0 <= cutoff ? 0 : $0 }
    // Column j of `eigenvectors` is the eigenvector of the j-th smallest eigenvalue.
    let columns = eigenvectors.scalars(as: Double.self)
    let rows = (0..<n).flatMap { i in (0..<n).map { columns[$0 * n + (n - 1 - i)] } }
    rightSingularVectors = Tensor(rows, shape: [n, n])
    projection = .jacobianTranspose(jacobian, scale: scale)
  }

  /// The coordinates `Vᵀ·J̃ᵀ·y` of a residual-space vector `y`.
  func coordinates(of y: Tensor) -> [Double] {
    switch projection {
    case .leftSingularVectors(let u, let singularValues):
      zip(singularValues, matmul(u.T, y).scalars(as: Double.self)).map { $0 * $1 }
    case .jacobianTranspose(let jacobian, let scale):
      matmul(rightSingularVectors, matmul(jacobian.T, y) * scale).scalars(as: Double.self)
    }
  }
}

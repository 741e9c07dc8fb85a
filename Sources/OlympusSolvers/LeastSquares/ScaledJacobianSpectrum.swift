import OlympusCore

/// The squared singular values (descending) and right singular vectors `V` of a scaled Jacobian
/// `J̃ = J·diag(d)`, with the map `y ↦ Vᵀ·J̃ᵀ·y` into their coordinates: all that the step rules
/// of a dense linearization need (``TrustRegionSubproblem``), found once per Jacobian and scale
/// in either of ``LeastSquaresDenseSolver``'s two ways. Vectors are host arrays: the problems
/// that form their Jacobian have at most 1,000 parameters, and on small ones each tensor
/// operation would cost more to dispatch than to compute.
struct ScaledJacobianSpectrum {
  /// Squared singular values, descending.
  let squaredSingularValues: [Double]
  /// The right singular vectors as rows, `Vᵀ` (`k × n`, row-major).
  private let rightSingularVectors: [Double]
  private let columns: Int
  private let projection: Projection

  /// How a residual-space vector `y` reaches the coordinates `Vᵀ·J̃ᵀ·y`.
  private enum Projection {
    /// `s ⊙ Uᵀy`, from the decomposition's left singular vectors `U` (`m × k`, row-major) and
    /// singular values `s`.
    case leftSingularVectors([Double], [Double])
    /// `Vᵀ·(d ⊙ Jᵀy)`, from the Jacobian `J` (`m × n`, row-major) and the scale `d`.
    case jacobianTranspose([Double], scale: [Double])
  }

  /// From the singular value decomposition of the scaled Jacobian (`m × n`).
  init(decomposing scaledJacobian: [Double], rows: Int, columns: Int) {
    let (u, s, vt) = Linalg.svd(Tensor(scaledJacobian, shape: [rows, columns]))
    let singularValues = s.scalars(as: Double.self)
    squaredSingularValues = singularValues.map { $0 * $0 }
    rightSingularVectors = vt.scalars(as: Double.self)
    self.columns = columns
    projection = .leftSingularVectors(u.scalars(as: Double.self), singularValues)
  }

  /// From the eigendecomposition of the scaled Gram matrix `diag(d)·JᵀJ·diag(d)` (the normal
  /// equations), given `JᵀJ` (`n × n`); `nil` when `conditionLimit` is set and the scaled Gram
  /// matrix's condition number `κ(J̃)²` exceeds it. Eigenvalues at most `max(m, n)·ε` times the
  /// largest are set to zero: below that they are rounding errors of the product (the
  /// decomposition's cutoff on singular values, `max(m, n)·ε·s_max`, would keep such noise as
  /// directions).
  init?(gram: [Double], jacobian: [Double], rows: Int, scale: [Double], conditionLimit: Double?) {
    let n = scale.count
    var scaledGram = gram
    for i in 0..<n {
      for j in 0..<n { scaledGram[i * n + j] *= scale[i] * scale[j] }
    }
    let (eigenvalues, eigenvectors) = Linalg.eigh(Tensor(scaledGram, shape: [n, n]))
    // eigh sorts ascending; the step rules want descending order.
    let ascending = eigenvalues.scalars(as: Double.self)
    let largest = Swift.max(ascending.last ?? 0, 0)
    if let conditionLimit {
      guard largest > 0, (ascending.first ?? 0) * conditionLimit >= largest else { return nil }
    }
    let cutoff = largest * Double.ulpOfOne * Double(Swift.max(rows, n))
    squaredSingularValues = ascending.reversed().map { $0 <= cutoff ? 0 : $0 }
    // Column j of `eigenvectors` is the eigenvector of the j-th smallest eigenvalue.
    let vectors = eigenvectors.scalars(as: Double.self)
    rightSingularVectors = (0..<n).flatMap { i in (0..<n).map { vectors[$0 * n + (n - 1 - i)] } }
    columns = n
    projection = .jacobianTranspose(jacobian, scale: scale)
  }

  /// The coordinates `Vᵀ·J̃ᵀ·y` of a residual-space vector `y`.
  func coordinates(of y: [Double]) -> [Double] {
    switch projection {
    case .leftSingularVectors(let u, let singularValues):
      let projected = transposedProduct(u, columns: singularValues.count, y).product
      return zip(singularValues, projected).map { $0 * $1 }
    case .jacobianTranspose(let jacobian, let scale):
      let scaled = zip(transposedProduct(jacobian, columns: columns, y).product, scale).map { $0 * $1 }
      return product(rightSingularVectors, columns: columns, scaled)
    }
  }

  /// The vector `V·c` with coordinates `c`.
  func vector(_ coordinates: [Double]) -> [Double] {
    transposedProduct(rightSingularVectors, columns: columns, coordinates).product
  }
}

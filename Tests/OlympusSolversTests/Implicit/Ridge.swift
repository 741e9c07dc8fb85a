import OlympusCore
import OlympusSolvers

/// The data of a ridge regression: the targets `y` and the penalty `λ`.
struct RidgeData: TensorTree {
  var targets: Tensor
  var penalty: Tensor
}

/// Ridge regression `w*(y, λ) = argmin ½‖Xw − y‖² + ½λ‖w‖² = (XᵀX + λI)⁻¹ Xᵀy` for a fixed
/// design `X`, with the closed forms of its sensitivities.
struct Ridge {
  let design: Tensor
  var features: Int { design.shape[1] }

  init(samples: Int, features: Int, seed: Int) { design = normal(seed, [samples, features]) }

  func loss(_ w: Tensor, _ data: RidgeData) -> Tensor {
    let residual = matmul(design, w) - data.targets
    return 0.5 * (residual * residual).sum() + 0.5 * data.penalty * (w * w).sum()
  }

  /// The optimality condition `∇_w loss = Xᵀ(Xw − y) + λw`.
  func condition(_ w: Tensor, _ data: RidgeData) -> Tensor {
    matmul(design.transposed(), matmul(design, w) - data.targets) + data.penalty * w
  }

  /// `XᵀX + λI`.
  func system(_ data: RidgeData) -> Tensor {
    matmul(design.transposed(), design) + data.penalty * Tensor.eye(features, dtype: .float64)
  }

  /// The solution in closed form.
  func solution(_ data: RidgeData) -> Tensor { Linalg.solve(system(data), matmul(design.transposed(), data.targets)) }

  /// One gradient step `w − η ∇_w loss` with `η = 1 / (‖X‖²_F + λ)`, a contraction whose fixed
  /// point is the solution.
  func gradientStep(_ w: Tensor, _ data: RidgeData) -> Tensor {
    let rate = 1 / ((design * design).sum() + data.penalty)
    return w - rate * condition(w, data)
  }

  /// The gradient of `cᵀw*` in closed form: `∂/∂y = X A⁻¹ c` and `∂/∂λ = −cᵀ A⁻¹ w*` with
  /// `A = XᵀX + λI`.
  func gradientOfProjection(_ c: Tensor, _ data: RidgeData) -> RidgeData {
    let adjoint = Linalg.solve(system(data), c)
    return RidgeData(targets: matmul(design, adjoint), penalty: -(adjoint * solution(data)).sum())
  }
}

#if canImport(_Differentiation)
import _Differentiation
import OlympusCore
import OlympusOptimizers

extension Optimizer where Model: Differentiable {
  /// Updates `model` one step along `tangent`, a gradient from Swift's `gradient(at:of:)`
  /// (converted with ``OlympusCore/TensorTree/tree(of:)``); otherwise as ``update(_:along:)``.
  ///
  /// ```swift
  /// let tangent = gradient(at: model) { model in crossEntropy(model(x), labels) }
  /// optimizer.update(&model, alongTangent: tangent)
  /// ```
  public mutating func update(_ model: inout Model, alongTangent tangent: Model.TangentVector) {
    update(&model, along: model.tree(of: tangent))
  }
}
#endif

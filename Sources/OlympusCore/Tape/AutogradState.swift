/// What the eager tape knows about one tensor: whether it requires gradients, the gradient
/// accumulated into it (for leaves), the node that produced it (for results) and its hooks.
final class AutogradState {
  var requiresGrad: Bool
  /// The recorded operation that produced the tensor; `nil` for leaves.
  let gradientFunction: GradientFunction?
  /// Which output of `gradientFunction` the tensor is.
  let outputIndex: Int
  /// The accumulated gradient (`.grad`).
  var grad: Tensor?
  /// Whether a non-leaf keeps its gradient in `grad` (PyTorch's `retain_grad()`).
  var retainsGrad = false
  /// Hooks run on the gradient flowing into a leaf, in registration order; a hook may replace it.
  /// (A non-leaf's hooks live on the node that produced it.)
  var hooks: [(Tensor) -> Tensor?] = []
  /// Hooks run after a gradient has been accumulated into a leaf's `grad`.
  var postAccumulateHooks: [(Tensor) -> Void] = []
  /// The node that accumulates into a leaf, shared by every use of the leaf.
  private var accumulator: GradientFunction?

  init(requiresGrad: Bool, gradientFunction: GradientFunction? = nil, outputIndex: Int = 0) {
    self.requiresGrad = requiresGrad
    self.gradientFunction = gradientFunction
    self.outputIndex = outputIndex
  }

  /// The accumulate-grad node of a leaf, made on first use.
  func accumulateNode() -> GradientFunction {
    if let accumulator { return accumulator }
    let node = GradientFunction(accumulatingInto: self)
    accumulator = node
    return node
  }

  /// Runs the hooks on `gradient`.
  func applyHooks(_ gradient: Tensor) -> Tensor {
    hooks.reduce(gradient) { current, hook in hook(current) ?? current }
  }
}

import OlympusKernels
import Synchronization

/// What the eager tape knows about one tensor: whether it requires gradients, the gradient
/// accumulated into it (for leaves), the node that produced it (for results) and its hooks.
///
/// Shared by every copy of the tensor, and so by every thread that holds one: the flag is atomic
/// and everything else that changes lives behind a lock, so backward passes running at once on
/// losses that share a leaf add their gradients one after the other (PyTorch's guarantee for
/// concurrent `backward()` on shared leaves).
final class AutogradState {
  /// The parts that change after creation, guarded together.
  private struct Mutable {
    var grad: Tensor?
    var retainsGrad = false
    var hooks: [(Tensor) -> Tensor?] = []
    var postAccumulateHooks: [(Tensor) -> Void] = []
    var accumulator: GradientFunction?
  }

  private let requiresGradFlag: Atomic<Bool>
  /// The recorded operation that produced the tensor; `nil` for leaves.
  let gradientFunction: GradientFunction?
  /// Which output of `gradientFunction` the tensor is.
  let outputIndex: Int
  private let mutable = Locked(Mutable())

  init(requiresGrad: Bool, gradientFunction: GradientFunction? = nil, outputIndex: Int = 0) {
    requiresGradFlag = Atomic(requiresGrad)
    self.gradientFunction = gradientFunction
    self.outputIndex = outputIndex
  }

  /// Whether the tensor requires gradients (read on every eager operation, so atomic rather than
  /// locked).
  var requiresGrad: Bool {
    get { requiresGradFlag.load(ordering: .acquiring) }
    set { requiresGradFlag.store(newValue, ordering: .releasing) }
  }

  /// The accumulated gradient (`.grad`).
  var grad: Tensor? {
    get { mutable.withLock { $0.grad } }
    set { mutable.withLock { $0.grad = newValue } }
  }

  /// Whether a non-leaf keeps its gradient in `grad` (PyTorch's `retain_grad()`).
  var retainsGrad: Bool {
    get { mutable.withLock { $0.retainsGrad } }
    set { mutable.withLock { $0.retainsGrad = newValue } }
  }

  /// Adds `gradient` to `grad` (or sets it) as one step with respect to every other thread, runs
  /// the post-accumulate hooks on the sum when `runsHooks`, and returns the sum.
  @discardableResult
  func accumulate(_ gradient: Tensor, runsHooks: Bool) -> Tensor {
    let (sum, hooks) = mutable.withLock { state -> (Tensor, [(Tensor) -> Void]) in
      let sum = state.grad.map { $0 + gradient } ?? gradient
      state.grad = sum
      return (sum, runsHooks ? state.postAccumulateHooks : [])
    }
    for hook in hooks { hook(sum) }
    return sum
  }

  /// Adds a hook run on the gradient flowing into a leaf (in registration order; a hook may
  /// replace it). A non-leaf's hooks live on the node that produced it.
  func addHook(_ hook: @escaping (Tensor) -> Tensor?) {
    mutable.withLock { $0.hooks.append(hook) }
  }

  /// Adds a hook run after a gradient has been accumulated into a leaf's `grad`.
  func addPostAccumulateHook(_ hook: @escaping (Tensor) -> Void) {
    mutable.withLock { $0.postAccumulateHooks.append(hook) }
  }

  /// The accumulate-grad node of a leaf, made on first use and shared by every use of the leaf.
  func accumulateNode() -> GradientFunction {
    mutable.withLock { state in
      if let accumulator = state.accumulator { return accumulator }
      let node = GradientFunction(accumulatingInto: self)
      state.accumulator = node
      return node
    }
  }

  /// Runs the hooks on `gradient` (outside the lock: a hook may read this tensor's state).
  func applyHooks(_ gradient: Tensor) -> Tensor {
    let hooks = mutable.withLock { $0.hooks }
    return hooks.reduce(gradient) { current, hook in hook(current) ?? current }
  }
}

import OlympusCore

/// A scalar loss of a tree seen as a function of one vector of `Double`s: the tree is raveled once
/// (``ravel(_:)``), each evaluation builds the vector back into a tree of the loss's own element
/// types, and the value, gradient and Hessian–vector products come back as host vectors. The
/// solvers' bookkeeping runs in `Double` whatever the tree's element type; the counts feed
/// ``MinimizeResult``.
final class FlatObjective<P: TensorTree> {
  let operation: String
  let unravel: (Tensor) -> P
  let initial: [Double]
  private let dtype: DType
  private let loss: (Tensor) -> Tensor
  private let valueAndGradient: (Tensor) -> (value: Tensor, gradient: Tensor)
  /// Evaluations of the loss with its gradient.
  private(set) var evaluations = 0
  /// Hessian–vector products.
  private(set) var hessianProducts = 0

  init(_ operation: String, _ f: @escaping (P) -> Tensor, initial: P) {
    let (vector, unravel) = ravel(initial)
    self.operation = operation
    self.unravel = unravel
    self.dtype = vector.dtype
    self.initial = vector.scalars(as: Double.self)
    let loss = { (v: Tensor) in f(unravel(v)) }
    self.loss = loss
    self.valueAndGradient = valueAndGrad(of: loss)
  }

  /// The number of parameters.
  var count: Int { initial.count }

  /// The tensor holding `x` in the tree's (promoted) element type.
  func tensor(_ x: [Double]) -> Tensor { Tensor(x, shape: [x.count]).astype(dtype) }

  /// The loss and its gradient at `x`. A loss that does not return one element is rejected,
  /// naming its type; a non-finite value is returned as it is, for the caller to refuse the step.
  func evaluate(_ x: [Double]) -> (value: Double, gradient: [Double]) {
    evaluations += 1
    let (value, gradient) = valueAndGradient(tensor(x))
    guard
      check(
        value.elementCount == 1,
        OlympusError(operation, "the loss must return one element, got \(value.type)"))
    else { return (.nan, Array(repeating: .nan, count: x.count)) }
    return (value.item(as: Double.self), gradient.scalars(as: Double.self))
  }

  /// The Hessian's product with `v` at `x` (forward mode over reverse mode).
  func hessianProduct(at x: [Double], along v: [Double]) -> [Double] {
    hessianProducts += 1
    return hvp(at: tensor(x), along: tensor(v), of: loss).scalars(as: Double.self)
  }

  /// The tree holding `x`.
  func parameters(_ x: [Double]) -> P { unravel(tensor(x)) }
}

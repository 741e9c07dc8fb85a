#if canImport(_Differentiation)
import _Differentiation
import OlympusCore

/// The tangent vector of a tensor tree differentiated through Olympus (a layer, a module): a tree
/// of the same type holding one tangent per tensor, or the zero, which has no structure.
///
/// Olympus's layers take it as their `TangentVector`, so the gradient of a loss with respect to a
/// `Linear` is (wraps) a `Linear`, exactly what `grad(of:)` returns for it:
///
/// ```swift
/// let layer = Linear(inputFeatures: 3, outputFeatures: 2, key: Random.key(0))
/// let tangent = gradient(at: layer) { layer in layer(x).sum() }   // TreeTangent<Linear>
/// print(tangent.value?.weight)                                    // ∂/∂weight
/// ```
public struct TreeTangent<Tree: TensorTree>: Differentiable, AdditiveArithmetic {
  /// The tangents, in a tree of the differentiated type; `nil` for the zero tangent.
  public var value: Tree?

  /// The tangent holding `value`'s tensors.
  public init(_ value: Tree) { self.value = value }

  /// The zero tangent.
  private init() { value = nil }

  /// The zero tangent (of any structure).
  public static var zero: TreeTangent { TreeTangent() }

  /// Leafwise sum; the zero is the identity.
  public static func + (lhs: TreeTangent, rhs: TreeTangent) -> TreeTangent {
    guard let left = lhs.value else { return rhs }
    guard let right = rhs.value else { return lhs }
    return TreeTangent(zipLeaves(left, right, +))
  }

  /// Leafwise difference; the zero is the identity.
  public static func - (lhs: TreeTangent, rhs: TreeTangent) -> TreeTangent {
    guard let right = rhs.value else { return lhs }
    guard let left = lhs.value else { return TreeTangent(right.mapLeaves { -$0 }) }
    return TreeTangent(zipLeaves(left, right, -))
  }

  /// Whether both hold equal tensors (the zero equals a tangent of zeros).
  public static func == (lhs: TreeTangent, rhs: TreeTangent) -> Bool {
    switch (lhs.value, rhs.value) {
    case (nil, nil): true
    case (let tree?, nil), (nil, let tree?): tree.leaves.allSatisfy { $0 == .zero }
    case (let left?, let right?): left.leaves.count == right.leaves.count && zip(left.leaves, right.leaves).allSatisfy(==)
    }
  }

  /// Tangents of tangents are tangents.
  public typealias TangentVector = TreeTangent

  /// Adds `offset`.
  public mutating func move(by offset: TreeTangent) { self = self + offset }

  /// The tangent as a tree shaped like `tree`: its own value, or zeros of `tree`'s shapes.
  public func tree(like tree: Tree) -> Tree {
    value ?? tree.mapLeaves { Tensor.zeros(like: $0) }
  }
}

/// A tensor tree that is `Differentiable` through Olympus's transformations, its tangent a
/// ``TreeTangent`` of its own type: Olympus's layers conform, and so can any user tree whose
/// `callAsFunction` or loss has a derivative registered with ``treePullback(at:_:of:)``.
public protocol DifferentiableTree: TensorTree, Differentiable where TangentVector == TreeTangent<Self> {}

extension DifferentiableTree {
  /// Adds `offset`'s tensors leafwise (the tree's element types are kept).
  public mutating func move(by offset: TreeTangent<Self>) {
    guard let offset = offset.value else { return }
    self = zipLeaves(self, offset) { ($0 + $1).astype($0.dtype) }
  }
}

/// The value of `f(tree, input)` and Olympus's pullback of it with respect to both, as a
/// `@derivative(of:)` of a layer's `callAsFunction` returns them.
///
/// ```swift
/// extension MyLayer {
///   @derivative(of: callAsFunction)
///   func _vjpCall(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> (TreeTangent<MyLayer>, Tensor)) {
///     treePullback(at: self, x) { layer, x in layer(x) }
///   }
/// }
/// ```
public func treePullback<Tree: TensorTree>(
  at tree: Tree, _ input: Tensor, of f: @escaping (Tree, Tensor) -> Tensor
) -> (value: Tensor, pullback: (Tensor) -> (TreeTangent<Tree>, Tensor)) {
  let (value, pullback) = vjp(at: TreeAndInput(tree: tree, input: input)) { f($0.tree, $0.input) }
  return (
    value,
    { cotangent in
      let gradient = pullback(value.matchingCotangent(cotangent))
      return (TreeTangent(gradient.tree), gradient.input)
    }
  )
}

/// The value of `f(tree)` and Olympus's pullback of it with respect to the tree alone, as a
/// `@derivative(of:, wrt: self)` of a layer's `callAsFunction` returns them.
public func treePullback<Tree: TensorTree>(
  at tree: Tree, of f: @escaping (Tree) -> Tensor
) -> (value: Tensor, pullback: (Tensor) -> TreeTangent<Tree>) {
  let (value, pullback) = vjp(at: tree, of: f)
  return (value, { TreeTangent(pullback(value.matchingCotangent($0))) })
}

/// A tree and a tensor, as one tree for Olympus's `vjp`.
private struct TreeAndInput<Tree: TensorTree>: TensorTree {
  var tree: Tree
  var input: Tensor
}
#endif

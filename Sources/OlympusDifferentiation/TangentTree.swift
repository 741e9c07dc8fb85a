#if canImport(_Differentiation)
import _Differentiation
import OlympusCore

extension TensorTree where Self: Differentiable {
  /// `tangent` (a gradient from Swift's differentiation) as a tree of this type, the form
  /// Olympus's optimizers, `zipLeaves` and `grad(of:)` use: each leaf holds the tangent of the
  /// stored property at its path, zeros where the tangent holds none (a `@noDerivative` field, a
  /// zero tangent).
  ///
  /// A tangent that is the tree's own type or a ``TreeTangent`` of it is used as it is; a
  /// synthesized `TangentVector` is matched to the leaves by property names, which it shares
  /// with the tree.
  public func tree(of tangent: TangentVector) -> Self {
    if let same = tangent as? Self { return same }
    if let wrapped = tangent as? TreeTangent<Self> { return wrapped.tree(like: self) }
    var found: [String: Tensor] = [:]
    collectTangentLeaves(of: tangent, at: "", into: &found)
    let (leaves, structure) = flattened()
    return Self(
      structure: structure,
      leaves: zip(structure.leafPaths, leaves).map { path, leaf in
        found[path].map(leaf.matchingCotangent) ?? Tensor.zeros(like: leaf)
      })
  }
}

/// A tangent whose own fields are not part of the paths: the standard library's tangents of
/// optionals and arrays, and ``TreeTangent``.
private protocol TangentContainer {
  /// The tangents inside, each with the path component it adds (none for an optional's).
  var children: [(component: String?, tangent: Any)] { get }
}

extension Optional.TangentVector: TangentContainer {
  fileprivate var children: [(component: String?, tangent: Any)] { value.map { [(nil, $0)] } ?? [] }
}

extension Array.DifferentiableView: TangentContainer {
  fileprivate var children: [(component: String?, tangent: Any)] {
    base.enumerated().map { (String($0.offset), $0.element) }
  }
}

extension TreeTangent: TangentContainer {
  fileprivate var children: [(component: String?, tangent: Any)] {
    guard let value else { return [] }
    let (leaves, structure) = value.flattened()
    return zip(structure.leafPaths, leaves).map { ($0, $1) }
  }
}

/// Records every tensor inside `tangent` under its dotted path below `path`.
private func collectTangentLeaves(of tangent: Any, at path: String, into found: inout [String: Tensor]) {
  func joined(_ component: String) -> String { path.isEmpty ? component : path + "." + component }
  if let tensor = tangent as? Tensor {
    found[path] = tensor
  } else if let container = tangent as? any TangentContainer {
    for child in container.children {
      collectTangentLeaves(of: child.tangent, at: child.component.map(joined) ?? path, into: &found)
    }
  } else {
    for child in Mirror(reflecting: tangent).children {
      guard let label = child.label else { continue }
      collectTangentLeaves(of: child.value, at: joined(label), into: &found)
    }
  }
}
#endif

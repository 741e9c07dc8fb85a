/// A value made of tensors: a tensor, an array, dictionary or optional of trees, or a struct of
/// them (a model, optimizer state, a batch).
///
/// Every transformation takes and returns trees: the gradient of a loss with respect to a model is
/// a value of the model's type. A struct becomes a tree with one word, because the protocol
/// refines `Codable` and the compiler synthesizes the rest:
///
/// ```swift
/// struct Linear: TensorTree {
///   var weight: Tensor
///   var bias: Tensor
///   var activation = "relu"   // other Codable fields are carried along, not differentiated
/// }
/// let gradient: Linear = grad(of: { (model: Linear) in loss(model, x, y) })(model)
/// ```
///
/// Flattening walks the synthesized `encode(to:)` with an in-memory encoder (no reflection, no
/// serialization to bytes); rebuilding replays the synthesized `init(from:)`. Because `Tensor` is
/// `Codable` as well, the same conformance also saves models with `JSONEncoder` and friends.
public protocol TensorTree: Codable {}

extension Tensor: TensorTree {}
extension Array: TensorTree where Element: TensorTree {}
extension Dictionary: TensorTree where Key == String, Value: TensorTree {}
extension Optional: TensorTree where Wrapped: TensorTree {}

/// The shape of a tree with its tensors taken out: enough to put other tensors in their place.
public struct TreeStructure: @unchecked Sendable, CustomStringConvertible {
  let root: TreeNode
  /// How many tensors the tree holds.
  public let leafCount: Int

  /// The structure of a lone tensor.
  static let singleTensor: TreeStructure = {
    let node = TreeNode()
    node.kind = .leaf(0)
    return TreeStructure(root: node, leafCount: 1)
  }()

  /// The dotted path of every leaf, in leaf order (`layers.0.weight`).
  public var leafPaths: [String] {
    var paths: [String] = []
    root.collectPaths(prefix: "", into: &paths)
    return paths
  }

  /// The paths, one per line.
  public var description: String { "TreeStructure(\(leafPaths.joined(separator: ", ")))" }
}

extension TensorTree {
  /// The tensors of the tree in a fixed order, and the structure that puts them back.
  public func flattened() -> (leaves: [Tensor], structure: TreeStructure) {
    if let tensor = self as? Tensor { return ([tensor], .singleTensor) }
    let encoder = TreeEncoder(codingPath: [])
    do {
      try TreeEncoder.record(self, into: encoder.node, leaves: encoder.leaves, codingPath: [])
    } catch {
      // Only a hand-written `encode(to:)` that throws gets here: a programming error, not input.
      fatalError("Olympus: \(OlympusError("flattened()", "encoding \(Self.self) threw \(error)"))")
    }
    return (encoder.leaves.tensors, TreeStructure(root: encoder.node, leafCount: encoder.leaves.tensors.count))
  }

  /// The tensors of the tree in the order `flattened()` gives.
  public var leaves: [Tensor] { flattened().leaves }

  /// A tree of this type with the given structure and leaves.
  ///
  /// The number of leaves must match; a mismatch is rejected, naming both counts, and (inside
  /// `withErrorChecking`) gives the tree with a failed tensor at every leaf.
  public init(structure: TreeStructure, leaves: [Tensor]) {
    var leaves = leaves
    if !check(
      leaves.count == structure.leafCount,
      OlympusError(
        "\(Self.self)(structure:leaves:)", "a tree of \(structure.leafCount) tensors cannot be rebuilt from \(leaves.count)"))
    {
      leaves = Array(repeating: .failed, count: structure.leafCount)
    }
    if Self.self == Tensor.self {
      self = leaves[0] as! Self
      return
    }
    do {
      try self.init(from: TreeDecoder(node: structure.root, leaves: leaves, codingPath: []))
    } catch {
      // The structure was flattened from another type: a programming error, not input.
      fatalError("Olympus: \(OlympusError("\(Self.self)(structure:leaves:)", "the structure is not one of \(Self.self): \(error)"))")
    }
  }

  /// The tree with every tensor replaced by `transform(tensor)`.
  public func mapLeaves(_ transform: (Tensor) -> Tensor) -> Self {
    let (leaves, structure) = flattened()
    return Self(structure: structure, leaves: leaves.map(transform))
  }
}

extension TreeStructure {
  /// The structure of `f`'s result for an argument of structure `input`, found by running `f` on
  /// failed tensors (which every operation passes on). Transformations use it when a rejected
  /// argument kept them from running `f`, so they can still return a tree of failed tensors.
  static func ofResult<Input: TensorTree, Output: TensorTree>(
    of f: (Input) -> Output, forArgumentOf input: TreeStructure
  ) -> TreeStructure {
    f(Input(structure: input, leaves: Array(repeating: .failed, count: input.leafCount))).flattened().structure
  }
}

/// The tree `a` with every tensor combined with its counterpart in `b` (same structure).
public func zipLeaves<T: TensorTree>(_ a: T, _ b: T, _ combine: (Tensor, Tensor) -> Tensor) -> T {
  let (left, structure) = a.flattened()
  let right = b.leaves
  guard
    check(
      left.count == right.count,
      OlympusError("zipLeaves", "trees of \(T.self) hold \(left.count) and \(right.count) tensors"))
  else { return T(structure: structure, leaves: left.map { _ in .failed }) }
  return T(structure: structure, leaves: zip(left, right).map(combine))
}

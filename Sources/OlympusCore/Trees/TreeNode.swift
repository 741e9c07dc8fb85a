/// One node of a flattened tree: a leaf's position, a keyed or unkeyed container, or a plain
/// value carried along.
final class TreeNode {
  enum Kind {
    case empty
    case leaf(Int)
    case keyed
    case unkeyed
    case value(Any)
    case null
  }

  var kind: Kind = .empty
  var keys: [String] = []
  var children: [TreeNode] = []

  /// The child under `key` in a keyed node.
  func child(forKey key: String) -> TreeNode? {
    keys.firstIndex(of: key).map { children[$0] }
  }

  /// Adds a child under `key` to a keyed node.
  func addChild(forKey key: String) -> TreeNode {
    let node = TreeNode()
    keys.append(key)
    children.append(node)
    return node
  }

  /// Adds a child to an unkeyed node.
  func appendChild() -> TreeNode {
    let node = TreeNode()
    children.append(node)
    return node
  }

  func collectPaths(prefix: String, into paths: inout [String]) {
    switch kind {
    case .leaf: paths.append(prefix)
    case .keyed:
      for (key, child) in zip(keys, children) {
        child.collectPaths(prefix: prefix.isEmpty ? key : prefix + "." + key, into: &paths)
      }
    case .unkeyed:
      for (index, child) in children.enumerated() {
        child.collectPaths(prefix: prefix.isEmpty ? "\(index)" : prefix + ".\(index)", into: &paths)
      }
    case .empty, .value, .null: break
    }
  }
}

/// The tensors met while flattening, shared by all encoders of one tree.
final class LeafList {
  var tensors: [Tensor] = []
}

/// A coding key made from a string or an index.
struct TreeKey: CodingKey {
  var stringValue: String
  var intValue: Int?

  init(stringValue: String) {
    self.stringValue = stringValue
    intValue = nil
  }

  init(intValue: Int) {
    stringValue = "\(intValue)"
    self.intValue = intValue
  }
}

/// What `jit`'s cache tells the calls of one argument apart by: the type of every tensor in the
/// argument's tree, its plain values (a `Bool` flag, Adam's step count) and its containers, by
/// path; or the value of a static argument.
///
/// Plain values are static by construction: the function reads them as Swift values while staging,
/// so a graph holds for the values it was staged with only (JAX's pytree auxiliary data).
///
/// Sendable because its values are: trees carry standard-library scalars and strings, and
/// immutable static tensors.
struct ArgumentSignature: Hashable, @unchecked Sendable {
  /// One part of an argument, at a path of its tree (`""` for the argument itself).
  struct Part: Hashable {
    /// Dotted path, as `TreeStructure.leafPaths` spells it.
    let path: String
    /// What is there.
    let content: Content
  }

  /// What one part holds.
  enum Content: Hashable, CustomStringConvertible {
    /// A tensor, staged by type.
    case tensor(TensorType)
    /// A plain value carried in a tree, or a static argument of any `Hashable` type.
    case value(AnyHashable)
    /// A tensor passed at a static position, keyed by its elements.
    case staticTensor(StaticTensor)
    /// A `nil` optional.
    case null
    /// A container without elements (`keyed` for a struct or dictionary, else an array).
    case empty(keyed: Bool)

    var description: String {
      switch self {
      case .tensor(let type): "\(type)"
      case .value(let value): "\(value.base)"
      case .staticTensor(let tensor): "\(tensor)"
      case .null: "nil"
      case .empty(let keyed): keyed ? "{}" : "[]"
      }
    }
  }

  /// Every part, in the tree's order.
  let parts: [Part]

  /// The signature of a tensor argument or tree.
  init(_ tree: FlatTree) {
    var parts: [Part] = []
    func visit(_ node: TreeNode, _ path: String) {
      func child(_ key: String) -> String { path.isEmpty ? key : path + "." + key }
      switch node.kind {
      case .leaf(let index): parts.append(Part(path: path, content: .tensor(tree.leaves[index].type)))
      case .value(let value):
        parts.append(Part(path: path, content: .value(value as? AnyHashable ?? AnyHashable("\(value)"))))
      case .null: parts.append(Part(path: path, content: .null))
      case .empty: parts.append(Part(path: path, content: .empty(keyed: true)))
      case .keyed:
        if node.children.isEmpty { parts.append(Part(path: path, content: .empty(keyed: true))) }
        for (key, node) in zip(node.keys, node.children) { visit(node, child(key)) }
      case .unkeyed:
        if node.children.isEmpty { parts.append(Part(path: path, content: .empty(keyed: false))) }
        for (index, node) in node.children.enumerated() { visit(node, child("\(index)")) }
      }
    }
    visit(tree.structure.root, "")
    self.parts = parts
  }

  /// The signature of a static argument.
  init(static content: Content) {
    parts = [Part(path: "", content: content)]
  }
}

/// A tensor at a static position of `jit(staticArguments:)`: its type and elements, compared
/// bit for bit.
struct StaticTensor: Hashable, CustomStringConvertible {
  let type: TensorType
  let bytes: [UInt8]
  /// `float64[](2.0)`, for explanations of restaging.
  let description: String

  /// The key of a concrete tensor; `nil` for a tracer, whose elements are unknown.
  init?(_ tensor: Tensor) {
    guard tensor.isConcrete else { return nil }
    type = tensor.type
    let contiguous = tensor.contiguous()
    bytes = withExtendedLifetime(contiguous) {
      Array(UnsafeRawBufferPointer(start: contiguous.baseAddress, count: tensor.elementCount * tensor.dtype.byteCount))
    }
    let shown = tensor.elementCount <= 8 ? tensor.scalars(as: Double.self).map { "\($0)" }.joined(separator: ", ") : "…"
    description = "\(type)(\(shown))"
  }

  static func == (a: StaticTensor, b: StaticTensor) -> Bool { a.type == b.type && a.bytes == b.bytes }

  func hash(into hasher: inout Hasher) {
    hasher.combine(type)
    hasher.combine(bytes)
  }
}

/// `jit: staging again: argument 0 was float32[3], is now float32[4]`; for trees the path of the
/// part that changed (`argument 1 (count) was 1, is now 2`).
func recompileExplanation(_ previous: [ArgumentSignature], _ current: [ArgumentSignature]) -> String {
  guard previous.count == current.count else {
    return "jit: staging again: \(current.count) arguments, previously \(previous.count)"
  }
  var changes: [String] = []
  for (index, (before, now)) in zip(previous, current).enumerated() where before != now {
    guard before.parts.map(\.path) == now.parts.map(\.path) else {
      let paths = { (signature: ArgumentSignature) in signature.parts.map(\.path).joined(separator: ", ") }
      changes.append("argument \(index) has another structure: was (\(paths(before))), is now (\(paths(now)))")
      continue
    }
    for (old, new) in zip(before.parts, now.parts) where old != new {
      let place = new.path.isEmpty ? "argument \(index)" : "argument \(index) (\(new.path))"
      changes.append("\(place) was \(old.content), is now \(new.content)")
    }
  }
  return "jit: staging again: " + changes.joined(separator: "; ")
}

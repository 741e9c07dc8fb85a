/// What `jit`'s cache tells the calls of one argument apart by: the type of every tensor in the
/// argument's tree, its plain values (a `Bool` flag, an `Int` option) and its containers' keys
/// and lengths; or the value of a static argument. Paths are spelled out only to explain a new
/// staging, so a cache hit builds no strings.
///
/// Plain values are static by construction: the function reads them as Swift values while staging,
/// so a graph holds for the values it was staged with only (JAX's pytree auxiliary data).
///
/// Sendable because its values are: trees carry standard-library scalars and strings, static
/// tensors are immutable, and a flattened tree's structure is never changed.
struct ArgumentSignature: Hashable, @unchecked Sendable {
  /// One part of an argument, in the order a depth-first walk of its tree meets them.
  enum Content: Hashable, CustomStringConvertible {
    /// A tensor, staged by type.
    case tensor(TensorType)
    /// A plain value carried in a tree, or a static argument of any `Hashable` type.
    case value(AnyHashable)
    /// A tensor passed at a static position, keyed by its elements.
    case staticTensor(StaticTensor)
    /// A `nil` optional.
    case null
    /// A struct or dictionary with these keys, whose parts follow.
    case keyed([String])
    /// An array of this many elements, whose parts follow.
    case unkeyed(Int)

    var description: String {
      switch self {
      case .tensor(let type): "\(type)"
      case .value(let value): "\(value.base)"
      case .staticTensor(let tensor): "\(tensor)"
      case .null: "nil"
      case .keyed(let keys): "{" + keys.joined(separator: ", ") + "}"
      case .unkeyed(let count): "\(count)-element array"
      }
    }

    var isContainer: Bool {
      switch self {
      case .keyed, .unkeyed: true
      default: false
      }
    }
  }

  /// Every part. Only these are compared: a call hits the cache when they are all equal.
  let contents: [Content]
  /// The argument's tree, to name parts by path in explanations; `nil` for a static argument.
  private let structure: TreeStructure?

  /// The signature of a tensor argument or tree.
  init(_ tree: FlatTree) {
    var contents: [Content] = []
    func visit(_ node: TreeNode) {
      switch node.kind {
      case .leaf(let index): contents.append(.tensor(tree.leaves[index].type))
      case .value(let value): contents.append(.value(value as? AnyHashable ?? AnyHashable("\(value)")))
      case .null: contents.append(.null)
      case .empty: contents.append(.keyed([]))
      case .keyed:
        contents.append(.keyed(node.keys))
        node.children.forEach(visit)
      case .unkeyed:
        contents.append(.unkeyed(node.children.count))
        node.children.forEach(visit)
      }
    }
    visit(tree.structure.root)
    self.contents = contents
    structure = tree.structure
  }

  /// The signature of a static argument.
  init(static content: Content) {
    contents = [content]
    structure = nil
  }

  static func == (a: ArgumentSignature, b: ArgumentSignature) -> Bool { a.contents == b.contents }

  func hash(into hasher: inout Hasher) { hasher.combine(contents) }

  /// The dotted path of every part (`""` for the argument itself), as `TreeStructure.leafPaths`
  /// spells them.
  var paths: [String] {
    guard let structure else { return [""] }
    var paths: [String] = []
    func visit(_ node: TreeNode, _ path: String) {
      paths.append(path)
      func child(_ key: String) -> String { path.isEmpty ? key : path + "." + key }
      switch node.kind {
      case .keyed: for (key, node) in zip(node.keys, node.children) { visit(node, child(key)) }
      case .unkeyed: for (index, node) in node.children.enumerated() { visit(node, child("\(index)")) }
      case .leaf, .value, .null, .empty: break
      }
    }
    visit(structure.root, "")
    return paths
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
    let pairs = zip(before.contents, now.contents)
    guard before.contents.count == now.contents.count, pairs.allSatisfy({ $0 == $1 || !($0.isContainer || $1.isContainer) })
    else {
      changes.append("argument \(index) has another structure: was \(before.contents), is now \(now.contents)")
      continue
    }
    for (path, (old, new)) in zip(now.paths, pairs) where old != new {
      let place = path.isEmpty ? "argument \(index)" : "argument \(index) (\(path))"
      changes.append("\(place) was \(old), is now \(new)")
    }
  }
  return "jit: staging again: " + changes.joined(separator: "; ")
}

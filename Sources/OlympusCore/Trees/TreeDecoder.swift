/// Rebuilds a tree: replays a `TreeNode` through the tree type's `init(from:)`, putting new
/// tensors where the old ones were.
final class TreeDecoder: Decoder {
  let node: TreeNode
  let leaves: [Tensor]
  let codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  init(node: TreeNode, leaves: [Tensor], codingPath: [any CodingKey]) {
    self.node = node
    self.leaves = leaves
    self.codingPath = codingPath
  }

  /// The tensor this node stood for.
  func leaf() throws -> Tensor {
    guard case .leaf(let index) = node.kind else { throw mismatch("a tensor") }
    return leaves[index]
  }

  /// Rebuilds a value of `type` from `node`.
  static func value<T: Decodable>(_ type: T.Type, from node: TreeNode, leaves: [Tensor], codingPath: [any CodingKey]) throws -> T {
    try T(from: TreeDecoder(node: node, leaves: leaves, codingPath: codingPath))
  }

  func mismatch(_ expected: String) -> DecodingError {
    DecodingError.typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "tree structure: expected \(expected)"))
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    guard case .keyed = node.kind else { throw mismatch("a keyed container") }
    return KeyedDecodingContainer(Keyed<Key>(decoder: self))
  }

  func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
    guard case .unkeyed = node.kind else { throw mismatch("an unkeyed container") }
    return Unkeyed(decoder: self)
  }

  func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

  struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: TreeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { decoder.node.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { decoder.node.child(forKey: key.stringValue) != nil }

    private func child(_ key: Key) throws -> TreeNode {
      guard let child = decoder.node.child(forKey: key.stringValue) else {
        throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "tree structure"))
      }
      return child
    }

    func decodeNil(forKey key: Key) throws -> Bool {
      if case .null = try child(key).kind { return true }
      return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
      try TreeDecoder.value(type, from: child(key), leaves: decoder.leaves, codingPath: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
      try nestedDecoder(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
      try nestedDecoder(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { try nestedDecoder(TreeKey(stringValue: "super")) }
    func superDecoder(forKey key: Key) throws -> any Decoder { try nestedDecoder(key) }

    private func nestedDecoder(_ key: any CodingKey) throws -> TreeDecoder {
      guard let child = decoder.node.child(forKey: key.stringValue) else {
        throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "tree structure"))
      }
      return TreeDecoder(node: child, leaves: decoder.leaves, codingPath: codingPath + [key])
    }
  }

  struct Unkeyed: UnkeyedDecodingContainer {
    let decoder: TreeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { decoder.node.children.count }
    var isAtEnd: Bool { currentIndex >= decoder.node.children.count }
    private(set) var currentIndex = 0

    init(decoder: TreeDecoder) { self.decoder = decoder }

    private mutating func next() throws -> TreeNode {
      guard !isAtEnd else { throw decoder.mismatch("another element") }
      defer { currentIndex += 1 }
      return decoder.node.children[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
      guard !isAtEnd, case .null = decoder.node.children[currentIndex].kind else { return false }
      currentIndex += 1
      return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
      let key = TreeKey(intValue: currentIndex)
      return try TreeDecoder.value(type, from: next(), leaves: decoder.leaves, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
      try nestedDecoder().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try nestedDecoder().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try nestedDecoder() }

    private mutating func nestedDecoder() throws -> TreeDecoder {
      let key = TreeKey(intValue: currentIndex)
      return TreeDecoder(node: try next(), leaves: decoder.leaves, codingPath: codingPath + [key])
    }
  }

  struct Single: SingleValueDecodingContainer {
    let decoder: TreeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
      if case .null = decoder.node.kind { return true }
      return false
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
      if case .value(let value) = decoder.node.kind {
        guard let typed = value as? T else { throw decoder.mismatch("\(T.self)") }
        return typed
      }
      return try T(from: decoder)
    }
  }
}

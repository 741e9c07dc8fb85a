/// Flattens a tree: records its containers and plain values in a `TreeNode` and takes its tensors
/// out into a `LeafList`.
final class TreeEncoder: Encoder {
  let node: TreeNode
  let leaves: LeafList
  let codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  init(node: TreeNode = TreeNode(), leaves: LeafList = LeafList(), codingPath: [any CodingKey]) {
    self.node = node
    self.leaves = leaves
    self.codingPath = codingPath
  }

  /// Records `value` into `node`: a tensor as a leaf, anything else through its `encode(to:)`.
  static func record<T: Encodable>(_ value: T, into node: TreeNode, leaves: LeafList, codingPath: [any CodingKey]) throws {
    if let tensor = value as? Tensor {
      node.kind = .leaf(leaves.tensors.count)
      leaves.tensors.append(tensor)
    } else if let dictionary = value as? any SortedKeyEncodable {
      try dictionary.encodeSortedKeys(to: TreeEncoder(node: node, leaves: leaves, codingPath: codingPath))
    } else {
      try value.encode(to: TreeEncoder(node: node, leaves: leaves, codingPath: codingPath))
    }
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    if case .empty = node.kind { node.kind = .keyed }
    return KeyedEncodingContainer(Keyed<Key>(encoder: self))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    if case .empty = node.kind { node.kind = .unkeyed }
    return Unkeyed(encoder: self)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer { Single(encoder: self) }

  struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil(forKey key: Key) throws { encoder.node.addChild(forKey: key.stringValue).kind = .null }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
      try TreeEncoder.record(
        value, into: encoder.node.addChild(forKey: key.stringValue), leaves: encoder.leaves,
        codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
      keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
      nestedEncoder(key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
      nestedEncoder(key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { nestedEncoder(TreeKey(stringValue: "super")) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { nestedEncoder(key) }

    private func nestedEncoder(_ key: any CodingKey) -> TreeEncoder {
      TreeEncoder(
        node: encoder.node.addChild(forKey: key.stringValue), leaves: encoder.leaves, codingPath: codingPath + [key])
    }
  }

  struct Unkeyed: UnkeyedEncodingContainer {
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.node.children.count }

    mutating func encodeNil() throws { encoder.node.appendChild().kind = .null }

    mutating func encode<T: Encodable>(_ value: T) throws {
      let key = TreeKey(intValue: count)
      try TreeEncoder.record(value, into: encoder.node.appendChild(), leaves: encoder.leaves, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
      nestedEncoder().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { nestedEncoder().unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { nestedEncoder() }

    private func nestedEncoder() -> TreeEncoder {
      let key = TreeKey(intValue: count)
      return TreeEncoder(node: encoder.node.appendChild(), leaves: encoder.leaves, codingPath: codingPath + [key])
    }
  }

  struct Single: SingleValueEncodingContainer {
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.node.kind = .null }

    mutating func encode<T: Encodable>(_ value: T) throws {
      if value is Tensor || !isPlainValue(value) {
        try TreeEncoder.record(value, into: encoder.node, leaves: encoder.leaves, codingPath: codingPath)
      } else {
        encoder.node.kind = .value(value)
      }
    }
  }
}

/// Whether `value` is one of the standard library's primitive codable values, which a tree
/// carries along unchanged.
func isPlainValue(_ value: Any) -> Bool {
  switch value {
  case is Bool, is String, is Double, is Float, is Int, is Int8, is Int16, is Int32, is Int64, is UInt, is UInt8,
    is UInt16, is UInt32, is UInt64:
    true
  default: false
  }
}

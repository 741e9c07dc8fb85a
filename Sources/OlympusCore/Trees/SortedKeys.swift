/// A dictionary of trees, flattened in sorted key order (as JAX flattens dicts).
///
/// A dictionary's own iteration order depends on its history and capacity, so two dictionaries
/// with the same keys may list them differently; flattening in that order would pair the wrong
/// tensors of a model and its gradient (`zipLeaves`, optimizers, `ravel`). Sorted keys make the
/// leaf order a function of the keys alone.
protocol SortedKeyEncodable {
  /// Encodes the entries into a keyed container of `encoder`, in ascending key order.
  func encodeSortedKeys(to encoder: any Encoder) throws
}

extension Dictionary: SortedKeyEncodable where Key == String, Value: Encodable {
  func encodeSortedKeys(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: TreeKey.self)
    for key in keys.sorted() {
      try container.encode(self[key]!, forKey: TreeKey(stringValue: key))
    }
  }
}

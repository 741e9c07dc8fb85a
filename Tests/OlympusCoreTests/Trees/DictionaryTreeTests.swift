import OlympusCore
import Testing

/// Dictionaries flatten in sorted key order, whatever order they iterate in, so two dictionaries
/// with the same keys always pair the same tensors.
@Suite struct DictionaryTreeTests {
  /// The same 40 keys inserted in opposite orders, one dictionary with spare capacity: their
  /// iteration orders differ (checked), their flattened orders must not.
  static func twoDictionaries() -> ([String: Tensor], [String: Tensor]) {
    let keys = (0..<40).map { "layer\($0)" }
    var forward: [String: Tensor] = [:]
    for (index, key) in keys.enumerated() { forward[key] = Tensor(Double(index)) }
    var backward = [String: Tensor](minimumCapacity: 400)
    for (index, key) in keys.enumerated().reversed() { backward[key] = Tensor(Double(index) * 10) }
    return (forward, backward)
  }

  @Test func leavesComeInSortedKeyOrder() {
    let (forward, backward) = Self.twoDictionaries()
    #expect(Array(forward.keys) != Array(backward.keys), "the test needs two iteration orders")
    let sorted = forward.keys.sorted()
    #expect(forward.flattened().structure.leafPaths == sorted)
    #expect(backward.flattened().structure.leafPaths == sorted)
  }

  @Test func zipLeavesPairsTensorsOfTheSameKey() {
    let (forward, backward) = Self.twoDictionaries()
    let paired = zipLeaves(forward, backward) { $0 * 10 - $1 }
    for (key, value) in paired { #expect(value.item(as: Double.self) == 0, "\(key)") }
  }
}

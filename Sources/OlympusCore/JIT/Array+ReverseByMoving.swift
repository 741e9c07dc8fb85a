extension Array {
  /// Reverses the elements by moving them in memory. `reverse()` swaps elements through copies,
  /// which for references to objects (a large graph's equations or steps, scattered beyond the
  /// cache) counts a reference to each object and releases it again.
  mutating func reverseByMoving() {
    withUnsafeMutableBufferPointer { $0.reverse() }
  }
}

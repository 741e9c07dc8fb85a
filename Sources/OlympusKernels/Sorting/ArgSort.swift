/// Stable sorting of rows by value.
public enum Sorting {
  /// For each of `outer` contiguous rows of `count` elements, writes the indices that sort the row
  /// ascending; equal elements keep their order and NaNs go last, as in NumPy.
  public static func argSort(
    _ type: ScalarType, input: UnsafeRawPointer, outer: Int, count: Int, output: UnsafeMutablePointer<Int64>
  ) {
    switch type {
    case .float32: sortRows(input.assumingMemoryBound(to: Float.self), outer, count, output, before: floatBefore)
    case .float64: sortRows(input.assumingMemoryBound(to: Double.self), outer, count, output, before: floatBefore)
    case .int32: sortRows(input.assumingMemoryBound(to: Int32.self), outer, count, output, before: <)
    case .int64: sortRows(input.assumingMemoryBound(to: Int64.self), outer, count, output, before: <)
    case .bool: sortRows(input.assumingMemoryBound(to: UInt8.self), outer, count, output, before: <)
    }
  }

  /// Ascending order with NaN after every number.
  private static func floatBefore<F: FloatingPoint>(_ a: F, _ b: F) -> Bool {
    a < b || (!a.isNaN && b.isNaN)
  }

  private static func sortRows<Element>(
    _ input: UnsafePointer<Element>, _ outer: Int, _ count: Int, _ output: UnsafeMutablePointer<Int64>,
    before: (Element, Element) -> Bool
  ) {
    var order = [Int](repeating: 0, count: count)
    for row in 0..<outer {
      let values = input + row * count
      for index in 0..<count { order[index] = index }
      // Ties broken by position make the unstable standard sort stable.
      order.sort { a, b in
        before(values[a], values[b]) || (!before(values[b], values[a]) && a < b)
      }
      for index in 0..<count { output[row * count + index] = Int64(order[index]) }
    }
  }
}

extension Tensor: CustomStringConvertible {
  /// The values laid out as NumPy prints them, with the type and shape:
  ///
  /// ```
  /// Tensor([[1., 2.],
  ///         [3., 4.]], dtype: float32, shape: [2, 2])
  /// ```
  /// Tensors of more than 1000 elements show three items at each end of every axis.
  public var description: String {
    switch payload {
    case .failed: return "Tensor(failed)"
    case .tracer: return "Tensor(traced \(type))"
    case .dense: break
    }
    let summarize = elementCount > 1000
    let items = formattedItems()
    let width = items.map(\.count).max() ?? 0
    let prefix = "Tensor("
    var text = prefix
    appendNested(
      to: &text, axis: 0, offset: 0, items: items, width: width, indent: prefix.count + 1, summarize: summarize)
    let shapeText = "[" + shape.map(String.init).joined(separator: ", ") + "]"
    return text + ", dtype: \(dtype), shape: \(shapeText))"
  }

  /// Every element as text, row-major.
  private func formattedItems() -> [String] {
    switch dtype {
    case .float32, .float64:
      let values = scalars(as: Double.self)
      let texts = values.map { value -> String in
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        var text = dtype == .float32 ? Float(value).description : value.description
        if text.hasSuffix(".0") { text.removeLast() }
        return text
      }
      return texts
    case .int32, .int64: return scalars(as: Int.self).map(String.init)
    case .bool: return scalars(as: Bool.self).map { $0 ? "true" : "false" }
    }
  }

  private func appendNested(
    to text: inout String, axis: Int, offset: Int, items: [String], width: Int, indent: Int, summarize: Bool
  ) {
    if axis == rank {
      let item = items[offset]
      text += String(repeating: " ", count: width - item.count) + item
      return
    }
    let size = shape[axis]
    let stride = shape[(axis + 1)...].reduce(1, *)
    let separator = axis == rank - 1 ? ", " : "," + String(repeating: "\n", count: rank - axis - 1)
    text += "["
    var first = true
    for index in 0..<size {
      if summarize && size > 6 && index == 3 {
        text += separator + (axis == rank - 1 ? "..." : String(repeating: " ", count: indent + axis) + "...")
        continue
      }
      if summarize && size > 6 && index > 3 && index < size - 3 { continue }
      if !first {
        text += separator
        if axis < rank - 1 { text += String(repeating: " ", count: indent + axis) }
      }
      first = false
      appendNested(
        to: &text, axis: axis + 1, offset: offset + index * stride, items: items, width: width, indent: indent,
        summarize: summarize)
    }
    text += "]"
  }
}

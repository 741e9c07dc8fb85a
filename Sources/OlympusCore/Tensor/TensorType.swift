/// The shape and element type of a tensor: what every interpreter knows about a value
/// without looking at its elements (JAX's abstract value).
public struct TensorType: Hashable, Sendable, CustomStringConvertible {
  /// Extent of each dimension; empty for a 0-d tensor.
  public var shape: [Int]
  /// The element type.
  public var dtype: DType

  /// Creates the type of a tensor with the given shape and element type.
  public init(shape: [Int], dtype: DType) {
    self.shape = shape
    self.dtype = dtype
  }

  /// Number of dimensions.
  public var rank: Int { shape.count }

  /// Number of elements (1 for a 0-d tensor).
  public var elementCount: Int { shape.reduce(1, *) }

  /// `float32[2,3]` style.
  public var description: String { "\(dtype)\(formatShape(shape))" }
}

/// Whether `shape` can be a tensor's: no negative dimension, and the product of its dimensions,
/// counting zeros as ones, fits in an `Int` (so its element count and row-major strides do, empty
/// shapes included). The one rule for every shape Olympus accepts, file headers included.
package func isValidShape(_ shape: [Int]) -> Bool {
  var product = 1
  for dimension in shape {
    guard dimension >= 0 else { return false }
    let (next, overflow) = product.multipliedReportingOverflow(by: Swift.max(dimension, 1))
    guard !overflow else { return false }
    product = next
  }
  return true
}

/// `[2,3]` style, the spelling error messages use.
func formatShape(_ shape: [Int]) -> String {
  "[" + shape.map(String.init).joined(separator: ",") + "]"
}

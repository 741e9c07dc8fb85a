import OlympusCore
import OlympusTestSupport
import Testing

/// Max pooling and its gradient against the definition written out: every window's maximum (the
/// first in row-major order at ties, NaN above every number, padding never winning) and the
/// cotangent of each window added at that position. The kernel takes a vectorized path for windows
/// wholly inside the input and a tap-by-tap path at padded edges; the geometries cover both, with
/// ties and NaNs in the data. Max pooling selects and adds, so results agree exactly (tolerance 0),
/// the reference adding each position's cotangents in window order as the kernel does.
@Suite("Max pooling against its definition")
struct MaxPoolReferenceTests {
  /// A pooling geometry over the trailing axes of `shape` (leading axes are planes).
  struct Geometry: CustomStringConvertible, Sendable {
    var shape: [Int]
    var window: [Int]
    var stride: [Int]
    var padding: [Int]
    var dilation: [Int]
    var description: String { "\(shape) window \(window) stride \(stride) padding \(padding) dilation \(dilation)" }
  }

  static let geometries: [Geometry] = [
    Geometry(shape: [3, 2, 8, 10], window: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1]),
    Geometry(shape: [2, 9, 150], window: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1]),
    Geometry(shape: [2, 7, 9], window: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1]),
    Geometry(shape: [2, 11, 12], window: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1]),
    Geometry(shape: [1, 9, 10], window: [2, 2], stride: [1, 1], padding: [0, 0], dilation: [2, 3]),
    Geometry(shape: [2, 8, 13], window: [2, 3], stride: [3, 3], padding: [1, 1], dilation: [1, 1]),
    Geometry(shape: [4, 140], window: [3], stride: [1], padding: [1], dilation: [1]),
    Geometry(shape: [2, 5, 6, 7], window: [2, 3, 2], stride: [1, 2, 2], padding: [1, 0, 1], dilation: [1, 1, 2]),
    // Two adjacent taps per row at stride 2 (the AVX-512 pairs path): 12 windows a row (one
    // masked vector), three rows of taps with a column left over, padded edges around it.
    Geometry(shape: [2, 3, 24, 24], window: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1]),
    Geometry(shape: [3, 9, 21], window: [3, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1]),
    Geometry(shape: [2, 10, 40], window: [2, 2], stride: [2, 2], padding: [1, 1], dilation: [1, 1]),
  ]

  /// Values from a small set, so that windows often hold ties, with some NaNs.
  static func input(_ shape: [Int], dtype: DType, seed: UInt64) -> Tensor {
    var generator = SplitMix64(seed: seed)
    let count = shape.reduce(1, *)
    let values = (0..<count).map { _ -> Double in
      generator.below(17) == 0 ? .nan : Double(generator.below(5)) - 2
    }
    return Tensor(values, shape: shape).astype(dtype)
  }

  /// The maximum's flat position for every window of every plane (nil for a window of padding
  /// only) and the pooled shape.
  static func maximumPositions(_ x: [Double], _ geometry: Geometry) -> (positions: [Int?], shape: [Int]) {
    let spatial = geometry.window.count
    let inner = Array(geometry.shape.suffix(spatial))
    let planes = geometry.shape.dropLast(spatial).reduce(1, *)
    let pooled = (0..<spatial).map { axis in
      let span = (geometry.window[axis] - 1) * geometry.dilation[axis] + 1
      return (inner[axis] + 2 * geometry.padding[axis] - span) / geometry.stride[axis] + 1
    }
    let planeSize = inner.reduce(1, *)
    var positions: [Int?] = []
    func indices(_ extents: [Int]) -> [[Int]] {
      extents.reduce([[]]) { partial, extent in partial.flatMap { prefix in (0..<extent).map { prefix + [$0] } } }
    }
    for plane in 0..<planes {
      for output in indices(pooled) {
        var best: Int?
        for tap in indices(geometry.window) {
          let coordinates = (0..<spatial).map {
            output[$0] * geometry.stride[$0] + tap[$0] * geometry.dilation[$0] - geometry.padding[$0]
          }
          guard zip(coordinates, inner).allSatisfy({ $0 >= 0 && $0 < $1 }) else { continue }
          let position = plane * planeSize + zip(coordinates, inner).reduce(0) { $0 * $1.1 + $1.0 }
          guard let current = best else {
            best = position
            continue
          }
          let (value, largest) = (x[position], x[current])
          if value > largest || (value.isNaN && !largest.isNaN) { best = position }
        }
        positions.append(best)
      }
    }
    return (positions, Array(geometry.shape.dropLast(spatial)) + pooled)
  }

  @Test(arguments: geometries, [DType.float32, .float64])
  func poolingAndItsGradientFollowTheDefinition(_ geometry: Geometry, _ dtype: DType) {
    let x = Self.input(geometry.shape, dtype: dtype, seed: UInt64(geometry.shape.reduce(1, *)))
    let values = x.scalars(as: Double.self)
    let (positions, shape) = Self.maximumPositions(values, geometry)
    let pool = { (x: Tensor) in
      maxPool(x, window: geometry.window, stride: geometry.stride, padding: geometry.padding, dilation: geometry.dilation)
    }
    let pooled = pool(x)
    #expect(pooled.shape == shape)
    let expected = positions.map { $0.map { values[$0] } ?? -.infinity }
    let actual = pooled.scalars(as: Double.self)
    #expect(
      zip(actual, expected).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) },
      "pooled values differ for \(geometry) \(dtype)")

    var generator = SplitMix64(seed: 7)
    let cotangent = Tensor((0..<pooled.elementCount).map { _ in generator.unit() }, shape: shape).astype(dtype)
    let gradient = vjp(at: x, of: pool).pullback(cotangent)
    var expectedGradient = [Double](repeating: 0, count: values.count)
    let cotangents = cotangent.scalars(as: Double.self)
    for (window, position) in positions.enumerated() {
      guard let position else { continue }
      expectedGradient[position] = (Tensor(expectedGradient[position]).astype(dtype) + Tensor(cotangents[window]).astype(dtype))
        .item(as: Double.self)
    }
    #expect(gradient.scalars(as: Double.self) == expectedGradient, "gradient differs for \(geometry) \(dtype)")
  }
}

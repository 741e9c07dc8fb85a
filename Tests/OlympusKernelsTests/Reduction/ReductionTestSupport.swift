import OlympusKernels

/// Runs `body` once with the AVX2 paths enabled (where the CPU has them) and once with the portable
/// paths, passing the setting, and restores the previous setting.
func reductionForEachSIMDPath(_ body: (Bool) throws -> Void) rethrows {
  let saved = SIMDPaths.isEnabled
  defer { SIMDPaths.isEnabled = saved }
  for enabled in [true, false] {
    SIMDPaths.isEnabled = enabled
    try body(enabled)
  }
}

/// `[outer, count, inner]` shapes for the axis kernels: empty and unit extents, tails around the kernels'
/// 16-lane, 32-row, 64-column, 256-column and 2048-element steps, and sizes that the work split cuts
/// into row blocks and column tiles.
func reductionTestShapes(seed: UInt64, randomCount: Int = 12) -> [(outer: Int, count: Int, inner: Int)] {
  var shapes: [(outer: Int, count: Int, inner: Int)] = [
    (0, 5, 3), (3, 0, 2), (2, 3, 0), (1, 1, 1), (1, 7, 1), (5, 1, 1), (1, 1, 9), (3, 17, 5),
    (2, 2049, 1), (3, 4100, 1), (1, 70_001, 1), (2, 33, 257), (1, 100_003, 3), (1, 65, 1000), (4, 300, 70),
    (1, 300_007, 1), (2, 150_001, 1), (1, 200, 1000), (2, 3000, 50),
  ]
  var random = SplitMix64(seed: seed)
  for _ in 0..<randomCount {
    shapes.append((Int.random(in: 0...6, using: &random), Int.random(in: 0...600, using: &random),
                   Int.random(in: 0...40, using: &random)))
  }
  return shapes
}

/// An element type the kernels take, with what the tests need to make and compare data.
protocol ReductionTestScalar: Equatable {
  /// Zero (false for bool).
  init()
  /// The kernels' name for the type.
  static var kernelType: ScalarType { get }
  /// A random value of the kind the tests feed reductions.
  static func sample(using random: inout SplitMix64) -> Self
  /// Equality that also holds between two NaNs.
  func sameValue(as other: Self) -> Bool
}

extension ReductionTestScalar {
  func sameValue(as other: Self) -> Bool { self == other }
}

extension Float: ReductionTestScalar {
  static var kernelType: ScalarType { .float32 }
  static func sample(using random: inout SplitMix64) -> Float { Float.random(in: -2..<2, using: &random) }
  func sameValue(as other: Float) -> Bool { self == other || (isNaN && other.isNaN) }
}

extension Double: ReductionTestScalar {
  static var kernelType: ScalarType { .float64 }
  static func sample(using random: inout SplitMix64) -> Double { Double.random(in: -2..<2, using: &random) }
  func sameValue(as other: Double) -> Bool { self == other || (isNaN && other.isNaN) }
}

extension Int32: ReductionTestScalar {
  static var kernelType: ScalarType { .int32 }
  static func sample(using random: inout SplitMix64) -> Int32 { Int32.random(in: .min ... .max, using: &random) }
}

extension Int64: ReductionTestScalar {
  static var kernelType: ScalarType { .int64 }
  static func sample(using random: inout SplitMix64) -> Int64 { Int64.random(in: .min ... .max, using: &random) }
}

extension Bool: ReductionTestScalar {
  static var kernelType: ScalarType { .bool }
  static func sample(using random: inout SplitMix64) -> Bool { Bool.random(using: &random) }
}

/// `count` random samples.
func reductionSamples<T: ReductionTestScalar>(_: T.Type, count: Int, using random: inout SplitMix64) -> [T] {
  (0..<count).map { _ in T.sample(using: &random) }
}

/// Runs `Reduction.reduce` on `x`, viewed as `[outer, count, inner]`.
func reductionRun<T: ReductionTestScalar>(
  _ operation: ReductionOperation, _ x: [T], _ shape: (outer: Int, count: Int, inner: Int)
) -> [T] {
  var output = [T](repeating: T(), count: shape.outer * shape.inner)
  x.withUnsafeBytes { input in
    output.withUnsafeMutableBytes { out in
      Reduction.reduce(
        operation, T.kernelType, input: input.baseAddress!, outer: shape.outer, count: shape.count,
        inner: shape.inner, output: out.baseAddress!)
    }
  }
  return output
}

/// The elements of `x` (viewed as `[outer, count, inner]`) along the middle axis at `(o, i)`.
func reductionLine<T>(_ x: [T], _ shape: (outer: Int, count: Int, inner: Int), _ o: Int, _ i: Int) -> [T] {
  (0..<shape.count).map { x[(o * shape.count + $0) * shape.inner + i] }
}

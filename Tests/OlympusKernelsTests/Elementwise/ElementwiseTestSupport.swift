import OlympusKernels
import Testing

/// The serialized parent of every elementwise suite: the tests flip the global `SIMDPaths`
/// switch, so they must not overlap one another.
@Suite(.serialized) struct ElementwiseTests {}

extension ElementwiseTests {
  /// One element of any kernel type, for reference computations.
  enum Scalar: CustomStringConvertible {
    case f32(Float)
    case f64(Double)
    case i32(Int32)
    case i64(Int64)
    case bool(Bool)

    var description: String {
      switch self {
      case .f32(let v): "\(v)f"
      case .f64(let v): "\(v)"
      case .i32(let v): "\(v)i32"
      case .i64(let v): "\(v)i64"
      case .bool(let v): "\(v)"
      }
    }

    /// Reads element `index` of an array of `type`.
    static func load(_ type: ScalarType, from base: UnsafeRawPointer, at index: Int) -> Scalar {
      switch type {
      case .float32: .f32(base.load(fromByteOffset: index * 4, as: Float.self))
      case .float64: .f64(base.load(fromByteOffset: index * 8, as: Double.self))
      case .int32: .i32(base.load(fromByteOffset: index * 4, as: Int32.self))
      case .int64: .i64(base.load(fromByteOffset: index * 8, as: Int64.self))
      case .bool: .bool(base.load(fromByteOffset: index, as: UInt8.self) != 0)
      }
    }

    /// Writes the value as element `index` of an array of its type.
    func store(to base: UnsafeMutableRawPointer, at index: Int) {
      switch self {
      case .f32(let v): base.storeBytes(of: v, toByteOffset: index * 4, as: Float.self)
      case .f64(let v): base.storeBytes(of: v, toByteOffset: index * 8, as: Double.self)
      case .i32(let v): base.storeBytes(of: v, toByteOffset: index * 4, as: Int32.self)
      case .i64(let v): base.storeBytes(of: v, toByteOffset: index * 8, as: Int64.self)
      case .bool(let v): base.storeBytes(of: v ? 1 : 0, toByteOffset: index, as: UInt8.self)
      }
    }

    /// Exact equality, with NaN equal to NaN (and +0 equal to -0).
    func matches(_ other: Scalar) -> Bool {
      switch (self, other) {
      case (.f32(let a), .f32(let b)): a == b || (a.isNaN && b.isNaN)
      case (.f64(let a), .f64(let b)): a == b || (a.isNaN && b.isNaN)
      case (.i32(let a), .i32(let b)): a == b
      case (.i64(let a), .i64(let b)): a == b
      case (.bool(let a), .bool(let b)): a == b
      default: false
      }
    }

    /// A random value of `type`: mostly small numbers (so integer arithmetic, powers and
    /// comparisons see interesting cases), sometimes extremes and, for floats, special values.
    static func random(_ type: ScalarType, using rng: inout SplitMix64) -> Scalar {
      let pick = Int.random(in: 0..<20, using: &rng)
      switch type {
      case .float32, .float64:
        let specials: [Double] = [0, -0.0, 1, -1, .infinity, -.infinity, .nan, 0.5, 2.5, -2.5, 1e30, -1e-30]
        let value = pick == 0 ? specials.randomElement(using: &rng)! : Double.random(in: -8...8, using: &rng)
        return type == .float32 ? .f32(Float(value)) : .f64(value)
      case .int32:
        let value =
          pick == 0 ? [Int32.min, .max, 0, -1].randomElement(using: &rng)! : Int32.random(in: -9...9, using: &rng)
        return .i32(value)
      case .int64:
        let value =
          pick == 0 ? [Int64.min, .max, 0, -1].randomElement(using: &rng)! : Int64.random(in: -9...9, using: &rng)
        return .i64(value)
      case .bool:
        return .bool(Bool.random(using: &rng))
      }
    }
  }

  /// An input operand: a strided view into storage the test owns, with random layout.
  final class TestOperand {
    let type: ScalarType
    let storage: UnsafeMutableRawPointer
    let view: StridedView
    let elementCount: Int

    /// Fills a random physical layout for the logical `shape`: dimensions permuted, padded,
    /// flipped (negative strides) or broadcast (stride 0), or plainly contiguous, or one scalar.
    init(
      _ type: ScalarType, shape: [Int], using rng: inout SplitMix64, layout: Layout? = nil,
      values: (inout SplitMix64) -> Scalar
    ) {
      self.type = type
      let rank = shape.count
      var strides = [Int](repeating: 0, count: rank)
      var origin = 0
      var count = 1
      switch layout ?? Layout.allCases.randomElement(using: &rng)! {
      case .contiguous:
        strides = contiguousStrides(for: shape)
        count = shape.reduce(1, *)
      case .scalar:
        count = 1
      case .scrambled:
        // Physical order: a random permutation of the dimensions, innermost first.
        for axis in (0..<rank).shuffled(using: &rng) {
          if Int.random(in: 0..<4, using: &rng) == 0 { continue }  // broadcast: stride 0
          let padding = Int.random(in: 0..<3, using: &rng) == 0 ? 2 : 1
          let stride = count * padding
          let flipped = Bool.random(using: &rng)
          strides[axis] = flipped ? -stride : stride
          if flipped { origin += stride * Swift.max(shape[axis] - 1, 0) }
          count = stride * Swift.max(shape[axis], 1)
        }
      }
      elementCount = Swift.max(count, 1)
      storage = UnsafeMutableRawPointer.allocate(byteCount: elementCount * type.byteCount, alignment: 16)
      for index in 0..<elementCount { values(&rng).store(to: storage, at: index) }
      view = StridedView(UnsafeRawPointer(storage) + origin * type.byteCount, strides: strides)
    }

    deinit { storage.deallocate() }

    /// The element at the logical `index` (row-major multi-index).
    func element(_ index: [Int]) -> Scalar {
      var offset = 0
      for axis in index.indices { offset += index[axis] * view.strides[axis] }
      return Scalar.load(type, from: view.pointer, at: offset)
    }

    /// How an operand's storage is arranged.
    enum Layout: CaseIterable { case contiguous, scalar, scrambled }
  }

  /// A contiguous output buffer of `count` elements of `type`, filled with a sentinel byte.
  final class TestOutput {
    let type: ScalarType
    let count: Int
    let storage: UnsafeMutableRawPointer

    init(_ type: ScalarType, count: Int) {
      self.type = type
      self.count = count
      storage = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1) * type.byteCount, alignment: 16)
      storage.initializeMemory(as: UInt8.self, repeating: 0xA5, count: Swift.max(count, 1) * type.byteCount)
    }

    deinit { storage.deallocate() }

    subscript(index: Int) -> Scalar { Scalar.load(type, from: storage, at: index) }
  }

  /// Random shapes for layout tests: rank 0 through 4 with extents 0 through 5 (size 0 and 1 included),
  /// plus a few long ones that exercise the SIMD loops and their tails.
  static func randomShape(using rng: inout SplitMix64) -> [Int] {
    if Int.random(in: 0..<6, using: &rng) == 0 {
      return [Int.random(in: 1...70, using: &rng), Int.random(in: 17...300, using: &rng)]
    }
    let rank = Int.random(in: 0...4, using: &rng)
    return (0..<rank).map { _ in
      Int.random(in: 0..<10, using: &rng) == 0 ? 0 : Int.random(in: 1...5, using: &rng)
    }
  }

  /// Every row-major multi-index of `shape`, in order.
  static func allIndices(_ shape: [Int]) -> [[Int]] {
    let total = shape.reduce(1, *)
    guard total > 0 else { return [] }
    var result: [[Int]] = []
    result.reserveCapacity(total)
    var index = [Int](repeating: 0, count: shape.count)
    for _ in 0..<total {
      result.append(index)
      for axis in shape.indices.reversed() {
        index[axis] += 1
        if index[axis] < shape[axis] { break }
        index[axis] = 0
      }
    }
    return result
  }

  /// Runs `body` on the SIMD paths with the AVX-512 kernels, on them without (AVX2 only), where the
  /// CPU has them, and on the portable loops, restoring the switches afterwards. `simd` tells
  /// whether the SIMD paths were enabled.
  static func withBothSIMDPaths(_ body: (_ simd: Bool) throws -> Void) rethrows {
    let saved = (SIMDPaths.isEnabled, SIMDPaths.isAVX512Enabled)
    defer { (SIMDPaths.isEnabled, SIMDPaths.isAVX512Enabled) = saved }
    for (simd, avx512) in [(true, true), (true, false), (false, false)] {
      SIMDPaths.isEnabled = simd
      SIMDPaths.isAVX512Enabled = avx512
      try body(simd)
    }
  }

  /// The distance from `value` to the exact `reference` in units of the float32 spacing at the
  /// reference (2^-149 below the normal range); 0 when both are NaN, infinite when only one is, and
  /// exact agreement required where the reference rounds to ±inf.
  static func ulpError(_ value: Float, reference: Double) -> Double {
    if value.isNaN || reference.isNaN { return value.isNaN && reference.isNaN ? 0 : .infinity }
    if Float(reference).isInfinite { return value == Float(reference) ? 0 : .infinity }
    let exponent = Swift.max(Int(reference.exponent), Int(Float.leastNormalMagnitude.exponent))
    let spacing = Double(sign: .plus, exponent: exponent - (Float.significandBitCount), significand: 1)
    return Swift.abs(Double(value) - reference) / spacing
  }

  #if arch(x86_64)
    /// `ulpError` for a double against an extended-precision reference.
    static func ulpError(_ value: Double, reference: Float80) -> Double {
      if value.isNaN || reference.isNaN { return value.isNaN && reference.isNaN ? 0 : .infinity }
      if Double(reference).isInfinite { return value == Double(reference) ? 0 : .infinity }
      let exponent = Swift.max(Int(reference.exponent), Int(Double.leastNormalMagnitude.exponent))
      let spacing = Float80(sign: .plus, exponent: exponent - Double.significandBitCount, significand: 1)
      return Double(Swift.abs(Float80(value) - reference) / spacing)
    }
  #endif
}

import OlympusKernels
import Testing

extension ElementwiseTests {
  /// select, cast and copy against their twins on random shapes and layouts.
  @Suite struct SelectCastCopy {
    @Test(arguments: ScalarType.allCases)
    func select(_ type: ScalarType) {
      var rng = SplitMix64(seed: 0x5E1E_C700 + UInt64(type.rawValue))
      for _ in 0..<80 {
        let shape = randomShape(using: &rng)
        let condition = TestOperand(.bool, shape: shape, using: &rng) { Scalar.random(.bool, using: &$0) }
        let onTrue = TestOperand(type, shape: shape, using: &rng) { Scalar.random(type, using: &$0) }
        let onFalse = TestOperand(type, shape: shape, using: &rng) { Scalar.random(type, using: &$0) }
        let output = TestOutput(type, count: shape.reduce(1, *))
        Elementwise.select(
          type, shape: shape, condition: condition.view, onTrue: onTrue.view, onFalse: onFalse.view,
          output: output.storage)
        for (linear, index) in allIndices(shape).enumerated() {
          guard case .bool(let c) = condition.element(index) else { fatalError() }
          let expected = c ? onTrue.element(index) : onFalse.element(index)
          #expect(
            expected.matches(output[linear]), "select \(type) shape=\(shape): got \(output[linear]), want \(expected)")
        }
      }
    }

    @Test(arguments: ScalarType.allCases)
    func cast(_ source: ScalarType) {
      for destination in ScalarType.allCases {
        var rng = SplitMix64(seed: 0xCA57_0000 + UInt64(source.rawValue) * 8 + UInt64(destination.rawValue))
        for _ in 0..<40 {
          let shape = randomShape(using: &rng)
          let input = TestOperand(source, shape: shape, using: &rng) { Self.castValue(source, using: &$0) }
          let output = TestOutput(destination, count: shape.reduce(1, *))
          Elementwise.cast(from: source, to: destination, shape: shape, input: input.view, output: output.storage)
          for (linear, index) in allIndices(shape).enumerated() {
            let x = input.element(index)
            let expected = expectedCast(x, to: destination)
            #expect(
              expected.matches(output[linear]),
              "cast \(source)->\(destination) \(x): got \(output[linear]), want \(expected)")
          }
        }
      }
    }

    /// Values that probe truncation, saturation and NaN as well as the usual ones.
    static func castValue(_ type: ScalarType, using rng: inout SplitMix64) -> Scalar {
      let edges: [Double] = [
        2_147_483_647.5, 2_147_483_648, -2_147_483_648.5, -2_147_483_649, 3e9, -3e9, 0x1p63, -0x1p63, 1e19, -1e19, 3.99,
        -3.99, .nan,
      ]
      if type.isFloatingPoint && Int.random(in: 0..<3, using: &rng) == 0 {
        let v = edges.randomElement(using: &rng)!
        return type == .float32 ? .f32(Float(v)) : .f64(v)
      }
      return Scalar.random(type, using: &rng)
    }

    @Test(arguments: ScalarType.allCases)
    func copy(_ type: ScalarType) {
      var rng = SplitMix64(seed: 0xC0_9900 + UInt64(type.rawValue))
      for _ in 0..<80 {
        let shape = randomShape(using: &rng)
        let input = TestOperand(type, shape: shape, using: &rng) { Scalar.random(type, using: &$0) }
        let output = TestOutput(type, count: shape.reduce(1, *))
        Elementwise.copy(type, shape: shape, input: input.view, output: output.storage)
        for (linear, index) in allIndices(shape).enumerated() {
          #expect(input.element(index).matches(output[linear]), "copy \(type) shape=\(shape)")
        }
      }
    }

    /// Layouts whose last axis is strided and another axis is adjacent in memory (transposes and
    /// permutations that move the last axis, with padding and flipped outer axes), at extents of
    /// 16 and more that take the block-by-block copy, partial blocks included: bit for bit.
    @Test(arguments: ScalarType.allCases)
    func copyOfMovedLastAxis(_ type: ScalarType) {
      var rng = SplitMix64(seed: 0x7A_0500 + UInt64(type.rawValue))
      for _ in 0..<24 {
        let rank = Int.random(in: 2...4, using: &rng)
        let shape = (0..<rank).map { _ in Int.random(in: 0..<3, using: &rng) == 0 ? Int.random(in: 1...3, using: &rng) : Int.random(in: 16...45, using: &rng) }
        // The physically innermost axis is any axis but the last; the others follow in random order.
        let innermost = Int.random(in: 0..<(rank - 1), using: &rng)
        var strides = [Int](repeating: 0, count: rank)
        var origin = 0
        var count = 1
        for axis in [innermost] + (0..<rank).filter({ $0 != innermost }).shuffled(using: &rng) {
          let stride = count * (axis != innermost && Bool.random(using: &rng) ? 2 : 1)
          let flipped = axis != innermost && Bool.random(using: &rng)
          strides[axis] = flipped ? -stride : stride
          if flipped { origin += stride * (shape[axis] - 1) }
          count = stride * shape[axis]
        }
        let storage = UnsafeMutableRawPointer.allocate(byteCount: count * type.byteCount, alignment: 16)
        defer { storage.deallocate() }
        for index in 0..<count { Scalar.random(type, using: &rng).store(to: storage, at: index) }
        let input = StridedView(UnsafeRawPointer(storage) + origin * type.byteCount, strides: strides)
        let output = TestOutput(type, count: shape.reduce(1, *))
        Elementwise.copy(type, shape: shape, input: input, output: output.storage)
        var mismatches = 0
        for (linear, index) in allIndices(shape).enumerated() {
          let offset = zip(index, strides).reduce(0) { $0 + $1.0 * $1.1 }
          if !Scalar.load(type, from: input.pointer, at: offset).matches(output[linear]) { mismatches += 1 }
        }
        #expect(mismatches == 0, "copy \(type) shape=\(shape) strides=\(strides)")
      }
    }

    /// Many threads' worth of work on a permuted layout: the parallel split of the general path
    /// must cover every element exactly once.
    @Test func largeStridedCopyAndAdd() {
      let rows = 700
      let columns = 900
      let source = UnsafeMutablePointer<Float>.allocate(capacity: rows * columns)
      defer { source.deallocate() }
      for i in 0..<(rows * columns) { source[i] = Float(i) }
      let transposed = StridedView(source, strides: [1, columns])  // logical [columns, rows]: the transpose
      let output = UnsafeMutablePointer<Float>.allocate(capacity: rows * columns)
      defer { output.deallocate() }
      Elementwise.copy(.float32, shape: [columns, rows], input: transposed, output: output)
      var mismatches = 0
      for c in 0..<columns {
        for r in 0..<rows where output[c * rows + r] != Float(r * columns + c) { mismatches += 1 }
      }
      #expect(mismatches == 0)
      Elementwise.binary(
        .add, .float32, shape: [columns, rows], lhs: transposed, rhs: StridedView(source, strides: [0, 1]),
        output: output)
      mismatches = 0
      for c in 0..<columns {
        for r in 0..<rows where output[c * rows + r] != Float(r * columns + c) + Float(r) { mismatches += 1 }
      }
      #expect(mismatches == 0)
    }
  }
}

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

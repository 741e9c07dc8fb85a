import OlympusKernels
import Testing

extension ElementwiseTests {
  /// Every unary operation on every type it is defined for, against the twin in
  /// ElementwiseReference.swift, on random shapes and layouts, SIMD on and off.
  @Suite struct Unary {
    @Test(arguments: UnaryOperation.allCases)
    func matchesReference(_ operation: UnaryOperation) {
      for type in ScalarType.allCases where isDefined(operation, type) {
        withBothSIMDPaths { simd in
          var rng = SplitMix64(seed: 0x5EED_0000 + UInt64(operation.rawValue) * 16 + UInt64(type.rawValue))
          for _ in 0..<60 {
            let shape = randomShape(using: &rng)
            let input = TestOperand(type, shape: shape, using: &rng) { Scalar.random(type, using: &$0) }
            let output = TestOutput(type, count: shape.reduce(1, *))
            Elementwise.unary(operation, type, shape: shape, input: input.view, output: output.storage)
            for (linear, index) in allIndices(shape).enumerated() {
              let x = input.element(index)
              let expectation = expectedUnary(operation, x)
              #expect(
                expectation.accepts(output[linear]),
                "\(operation) \(type) simd=\(simd) shape=\(shape) x=\(x): got \(output[linear]), want \(expectation)")
            }
          }
        }
      }
    }

    /// Long contiguous and strided runs so the 8- and 4-lane SIMD loops, their unrolled bodies and
    /// the staged tails all run, on values spread over each function's interesting range.
    @Test(arguments: UnaryOperation.allCases.filter { isDefined($0, .float32) })
    func longRuns(_ operation: UnaryOperation) {
      withBothSIMDPaths { simd in
        for type in [ScalarType.float32, .float64] {
          for (count, stride) in [(1037, 1), (531, 3), (300, -2), (64, 0)] {
            var rng = SplitMix64(seed: 77 + UInt64(count))
            let span = Swift.max(1, (count - 1) * Swift.abs(stride) + 1)
            let values = (0..<span).map { _ in Double.random(in: -30...30, using: &rng) }
            let input = UnsafeMutableRawPointer.allocate(byteCount: span * 8, alignment: 16)
            defer { input.deallocate() }
            for (i, v) in values.enumerated() {
              (type == .float32 ? Scalar.f32(Float(v)) : Scalar.f64(v)).store(to: input, at: i)
            }
            let origin = stride < 0 ? span - 1 : 0
            let view = StridedView(UnsafeRawPointer(input) + origin * type.byteCount, strides: [stride])
            let output = TestOutput(type, count: count)
            Elementwise.unary(operation, type, shape: [count], input: view, output: output.storage)
            for i in 0..<count {
              let x = Scalar.load(type, from: view.pointer, at: i * stride)
              #expect(
                expectedUnary(operation, x).accepts(output[i]),
                "\(operation) \(type) simd=\(simd) x=\(x) got \(output[i])")
            }
          }
        }
      }
    }

    @Test func undefinedCombinationsStop() async {
      await #expect(processExitsWith: .failure) {
        var x: Int32 = 1
        var y: Int32 = 0
        Elementwise.unary(.exp, .int32, shape: [1], input: StridedView(&x, strides: [1]), output: &y)
      }
      await #expect(processExitsWith: .failure) {
        var x: UInt8 = 1
        var y: UInt8 = 0
        Elementwise.unary(.negate, .bool, shape: [1], input: StridedView(&x, strides: [1]), output: &y)
      }
    }
  }
}

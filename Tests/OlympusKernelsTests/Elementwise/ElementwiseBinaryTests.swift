import OlympusKernels
import Testing

extension ElementwiseTests {
  /// Every binary operation on every type it is defined for, against the twin, on random shapes
  /// and layouts (contiguous, broadcast scalars, permuted, padded, flipped), SIMD on and off.
  @Suite struct Binary {
    @Test(arguments: BinaryOperation.allCases)
    func matchesReference(_ operation: BinaryOperation) {
      for type in ScalarType.allCases where isDefined(operation, type) {
        let resultType: ScalarType = operation.isComparison ? .bool : type
        withBothSIMDPaths { simd in
          var rng = SplitMix64(seed: 0xB1_0000 + UInt64(operation.rawValue) * 16 + UInt64(type.rawValue))
          for _ in 0..<60 {
            let shape = randomShape(using: &rng)
            let lhs = TestOperand(type, shape: shape, using: &rng) { Scalar.random(type, using: &$0) }
            let rhs = TestOperand(type, shape: shape, using: &rng) { Scalar.random(type, using: &$0) }
            let output = TestOutput(resultType, count: shape.reduce(1, *))
            Elementwise.binary(operation, type, shape: shape, lhs: lhs.view, rhs: rhs.view, output: output.storage)
            for (linear, index) in allIndices(shape).enumerated() {
              let (a, b) = (lhs.element(index), rhs.element(index))
              let expected = expectedBinary(operation, a, b)
              #expect(
                expected.matches(output[linear]),
                "\(operation) \(type) simd=\(simd) shape=\(shape) \(a), \(b): got \(output[linear]), want \(expected)")
            }
          }
        }
      }
    }

    @Test func isComparison() {
      let comparisons: [BinaryOperation] = [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual]
      for operation in BinaryOperation.allCases {
        #expect(operation.isComparison == comparisons.contains(operation))
      }
    }

    @Test func integerDivisionAndRemainderFollowPython() {
      // Python: 7 // 2 = 3, -7 // 2 = -4, 7 // -2 = -4, -7 // -2 = 3; 7 % 2 = 1, -7 % 2 = 1,
      // 7 % -2 = -1, -7 % -2 = -1; x // 0 and x % 0 are defined here as 0.
      let a: [Int64] = [7, -7, 7, -7, 5, .min, .min]
      let b: [Int64] = [2, 2, -2, -2, 0, -1, 3]
      #expect(run(.divide, a, b) == [3, -4, -4, 3, 0, .min, -3_074_457_345_618_258_603])
      #expect(run(.remainder, a, b) == [1, 1, -1, -1, 0, 0, 1])
      #expect(run(.power, [2, -1, -1, 1, 3, 0, 2], [10, -3, -4, -5, -1, 0, 64]) == [1024, -1, 1, 1, 0, 1, 0])
      #expect(run(.add, [.max], [1]) == [.min])
    }

    @Test func floatRemainderAndExtremaFollowNumpy() {
      withBothSIMDPaths { simd in
        let a: [Float] = [5, -5, 5, -0.0, 3, -3, .nan, 1]
        let b: [Float] = [-3, 3, 0, 3, .infinity, .infinity, 1, .nan]
        let remainder = run(.remainder, a, b)
        // numpy.remainder: [-1, 1, nan, 0, 3, inf, nan, nan]
        #expect(remainder[0] == -1 && remainder[1] == 1 && remainder[2].isNaN && remainder[3] == 0)
        #expect(remainder[3].sign == .plus && remainder[4] == 3 && remainder[5] == .infinity && remainder[6].isNaN)
        let maximum = run(.maximum, a, b)
        let minimum = run(.minimum, a, b)
        #expect(maximum[6].isNaN && maximum[7].isNaN && minimum[6].isNaN && minimum[7].isNaN, "simd=\(simd)")
        #expect(maximum[0] == 5 && minimum[0] == -3)
      }
    }

    private func run<T>(_ operation: BinaryOperation, _ a: [T], _ b: [T]) -> [T] {
      let type: ScalarType = T.self == Float.self ? .float32 : .int64
      var out = [T](repeating: a[0], count: a.count)
      a.withUnsafeBytes { pa in
        b.withUnsafeBytes { pb in
          out.withUnsafeMutableBytes { po in
            Elementwise.binary(
              operation, type, shape: [a.count], lhs: StridedView(pa.baseAddress!, strides: [1]),
              rhs: StridedView(pb.baseAddress!, strides: [1]), output: po.baseAddress!)
          }
        }
      }
      return out
    }

    @Test func undefinedCombinationsStop() async {
      await #expect(processExitsWith: .failure) {
        var x: UInt8 = 1
        var y: UInt8 = 0
        Elementwise.binary(
          .add, .bool, shape: [1], lhs: StridedView(&x, strides: [1]), rhs: StridedView(&x, strides: [1]), output: &y)
      }
      await #expect(processExitsWith: .failure) {
        var x: Float = 1
        var y: UInt8 = 0
        Elementwise.binary(
          .logicalAnd, .float32, shape: [1], lhs: StridedView(&x, strides: [1]), rhs: StridedView(&x, strides: [1]),
          output: &y)
      }
    }
  }
}

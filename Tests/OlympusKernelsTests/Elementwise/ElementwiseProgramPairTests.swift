import OlympusKernels
import Testing

extension ElementwiseTests {
  /// Program steps that feed the next step (`ProgramStep.feedNextStep`): every pair of the
  /// operations the fused AVX-512 loops cover (and two they do not), with the first result in
  /// either operand of the second or both, broadcast operands, and the first result kept or not,
  /// against the whole-array entry points on every kernel path. A fused pair computes each element
  /// as the two kernels do, so the results must agree bit for bit.
  @Suite struct ProgramPairs {
    /// A step's operation.
    enum Operation: Equatable, CustomStringConvertible {
      case unary(UnaryOperation)
      case binary(BinaryOperation)

      var kernel: Elementwise.ProgramStep.Kernel {
        switch self {
        case .unary(let operation): .unary(operation, .float32)
        case .binary(let operation): .binary(operation, .float32)
        }
      }

      var description: String {
        switch self {
        case .unary(let operation): "\(operation)"
        case .binary(let operation): "\(operation)"
        }
      }
    }

    /// The operations the fused loops cover.
    static let fused: [Operation] = [
      .binary(.add), .binary(.subtract), .binary(.multiply), .binary(.divide), .binary(.tanhGradient), .unary(.tanh),
      .unary(.exp),
    ]
    /// Operations they do not cover (correctly rounded or exact, so whole arrays and strips give
    /// the same bits): such pairs run step by step.
    static let unfused: [Operation] = [.binary(.maximum), .unary(.sqrt)]

    /// An operand: one of the arrays (by index) or the broadcast scalar.
    enum Source { case array(Int), scalar }

    @Test(arguments: [1, 17, 1000])
    func pairsMatchTheWholeArrayKernels(count: Int) {
      var rng = SplitMix64(seed: 0x9A1_5000 + UInt64(count))
      let specials: [Float] = [.nan, .infinity, -.infinity, 0, -0.0, .leastNormalMagnitude / 8, 20, -9]
      let arrays = (0..<3).map { _ in
        (0..<count).map { _ in
          Bool.random(using: &rng) && Bool.random(using: &rng) ? specials.randomElement(using: &rng)! : Float.random(in: -3...3, using: &rng)
        }
      }
      let scalar: [Float] = [-2]
      withBothSIMDPaths { _ in
        for first in Self.fused + Self.unfused {
          let firstOperands: [[Source]] =
            if case .unary = first { [[.array(0)]] } else { [[.array(0), .array(1)], [.array(0), .scalar], [.scalar, .array(1)]] }
          for second in Self.fused + Self.unfused {
            // The second step's operands: `nil` is the first result.
            let secondOperands: [[Source?]] =
              if case .unary = second { [[nil]] } else { [[nil, .array(2)], [.array(2), nil], [nil, nil], [nil, .scalar]] }
            for a in firstOperands {
              for b in secondOperands {
                for keep in [false, true] {
                  let label = "\(first)\(a) then \(second)\(b), keeping \(keep), \(count) elements"
                  let want = Self.wholeArrayResults(first, a, second, b, arrays, scalar)
                  for strip in [7, 512] {
                    let got = Self.programResults(first, a, second, b, keep: keep, arrays, scalar, strip: strip)
                    #expect(got.second.map(\.bitPattern) == want.second.map(\.bitPattern), "\(label), strips of \(strip)")
                    if keep {
                      #expect(got.first.map(\.bitPattern) == want.first.map(\.bitPattern), "first result, \(label)")
                    }
                    // On the AVX-512 path a covered pair passes the first result in registers:
                    // a buffer for it alone is never written.
                    if Self.fused.contains(first) && Self.fused.contains(second) && !keep && SIMDPaths.isAVX512Enabled {
                      #expect(got.scratchUntouched, "\(label): the first result went through memory")
                    }
                  }
                }
              }
            }
          }
        }
      }
    }

    /// A marker NaN that no kernel produces, filling the first result's strip buffer.
    static let sentinel = Float(bitPattern: 0x7FC0_5A5A)

    /// The two steps by the whole-array entry points.
    static func wholeArrayResults(
      _ first: Operation, _ a: [Source], _ second: Operation, _ b: [Source?], _ arrays: [[Float]], _ scalar: [Float]
    ) -> (first: [Float], second: [Float]) {
      let n = arrays[0].count
      var t = [Float](repeating: 0, count: n), z = t
      func apply(_ operation: Operation, _ operands: [StridedView], into output: inout [Float]) {
        switch operation {
        case .unary(let unary): Elementwise.unary(unary, .float32, shape: [n], input: operands[0], output: &output)
        case .binary(let binary):
          Elementwise.binary(binary, .float32, shape: [n], lhs: operands[0], rhs: operands[1], output: &output)
        }
      }
      func view(_ source: Source) -> StridedView {
        switch source {
        case .array(let index): StridedView(arrays[index], strides: [1])
        case .scalar: StridedView(scalar, strides: [0])
        }
      }
      apply(first, a.map(view), into: &t)
      let firstResult = t
      apply(second, b.map { $0.map(view) ?? StridedView(firstResult, strides: [1]) }, into: &z)
      return (t, z)
    }

    /// The two steps as one program, the first feeding the second: its result in a strip buffer
    /// (or, kept, in an array of its own).
    static func programResults(
      _ first: Operation, _ a: [Source], _ second: Operation, _ b: [Source?], keep: Bool, _ arrays: [[Float]],
      _ scalar: [Float], strip: Int
    ) -> (first: [Float], second: [Float], scratchUntouched: Bool) {
      let n = arrays[0].count
      var kept = [Float](repeating: 0, count: n), z = kept
      var scratch = [Float](repeating: sentinel, count: strip)
      typealias Place = (pointer: UnsafeRawPointer, stride: Int, advance: Int)
      arrays[0].withUnsafeBytes { a0 in
        arrays[1].withUnsafeBytes { a1 in
          arrays[2].withUnsafeBytes { a2 in
            scalar.withUnsafeBytes { s in
              kept.withUnsafeMutableBytes { kept in
                z.withUnsafeMutableBytes { z in
                  scratch.withUnsafeMutableBytes { scratch in
                    let inputs = [a0.baseAddress!, a1.baseAddress!, a2.baseAddress!]
                    func place(_ source: Source) -> Place {
                      switch source {
                      case .array(let index): (inputs[index], 1, 4)
                      case .scalar: (s.baseAddress!, 0, 0)
                      }
                    }
                    let intermediate: Place = keep ? (UnsafeRawPointer(kept.baseAddress!), 1, 4) : (UnsafeRawPointer(scratch.baseAddress!), 1, 0)
                    func step(_ operation: Operation, _ operands: [Place], _ result: Place) -> Elementwise.ProgramStep {
                      var step = Elementwise.ProgramStep(operation.kernel)
                      for (index, operand) in operands.enumerated() {
                        step.setOperand(index, pointer: operand.pointer, stride: operand.stride, advance: operand.advance)
                      }
                      step.setResult(pointer: UnsafeMutableRawPointer(mutating: result.pointer), advance: result.advance)
                      return step
                    }
                    var firstStep = step(first, a.map(place), intermediate)
                    firstStep.feedNextStep(operands: b.indices.filter { b[$0] == nil }, keepingResult: keep)
                    let program = [
                      firstStep, step(second, b.map { $0.map(place) ?? intermediate }, (UnsafeRawPointer(z.baseAddress!), 1, 4)),
                    ]
                    program.withUnsafeBufferPointer { Elementwise.runProgram($0, count: n, stripLength: strip) }
                  }
                }
              }
            }
          }
        }
      }
      return (kept, z, scratch.allSatisfy { $0.bitPattern == sentinel.bitPattern })
    }
  }
}

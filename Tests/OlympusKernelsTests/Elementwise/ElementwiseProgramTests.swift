import OlympusKernels
import Testing

extension ElementwiseTests {
  /// `Elementwise.runProgram` (what jit's fused tiles run) against the whole-array entry points:
  /// a program of every step kind (unary, binary with a broadcast operand, select, cast to float64
  /// and back) through buffers that every strip reuses, one that holds the whole run, and two
  /// results, run with strips of several lengths on every kernel path. The runner calls the entry
  /// points' own kernels, so the results must agree bit for bit.
  @Suite struct Programs {
    @Test(arguments: [1, 15, 16, 17, 1000, 2053])
    func programsMatchTheWholeArrayKernels(count: Int) {
      var rng = SplitMix64(seed: 0x9E0_6A00 + UInt64(count))
      let specials: [Float] = [.nan, .infinity, -.infinity, 0, -0.0, 1e-40, 20, -9]
      let x = (0..<count).map { _ in Bool.random(using: &rng) && Bool.random(using: &rng) ? specials.randomElement(using: &rng)! : Float.random(in: -3...3, using: &rng) }
      let v = (0..<count).map { _ in Float.random(in: -3...3, using: &rng) }
      let scale: [Float] = [-2]
      withBothSIMDPaths { _ in
        let want = Self.wholeArrayResults(x, v, scale)
        for strip in [1, 16, 100, 512, 4096] {
          let got = Self.programResults(x, v, scale, strip: strip)
          #expect(got.product.map(\.bitPattern) == want.product.map(\.bitPattern), "product, \(count) elements, strips of \(strip)")
          #expect(got.selected.map(\.bitPattern) == want.selected.map(\.bitPattern), "selected, \(count) elements, strips of \(strip)")
          #expect(got.exponential.map(\.bitPattern) == want.exponential.map(\.bitPattern), "exp, \(count) elements, strips of \(strip)")
        }
      }
    }

    /// A register chain of every register kernel (operands from registers on either side and on
    /// both, from memory, broadcast; results kept in registers, stored and passed on, or stored
    /// and read back from memory later in the chain) against the whole-array entry points, with
    /// strips whose ends fall inside a pass of several vectors and inside a vector. The chain is
    /// built where SIMD is active (where else `runsInRegisters` is false and no chain forms) and
    /// run on every kernel path (AVX-512 where the CPU has it, AVX2, portable), so the
    /// steps-one-by-one fallback is checked too.
    @Test(arguments: [1, 15, 16, 17, 63, 64, 65, 1000, 2053])
    func registerChainsMatchTheWholeArrayKernels(count: Int) {
      guard Elementwise.ProgramStep.Kernel.binary(.add, .float32).runsInRegisters else { return }
      var rng = SplitMix64(seed: 0xC4A1_0000 + UInt64(count))
      let specials: [Float] = [.nan, .infinity, -.infinity, 0, -0.0, 1e-40, 20, -9, 100]
      func operand() -> [Float] {
        (0..<count).map { _ in
          Bool.random(using: &rng) && Bool.random(using: &rng) ? specials.randomElement(using: &rng)! : Float.random(in: -3...3, using: &rng)
        }
      }
      let (x, v) = (operand(), operand())
      let program = Self.chainProgram(count: count)
      withBothSIMDPaths { _ in
        let want = Self.chainWholeArrayResults(x, v)
        for strip in [16, 100, 512, 4096] {
          let got = Self.chainResults(program, x, v, strip: strip)
          #expect(got.exponential.map(\.bitPattern) == want.exponential.map(\.bitPattern), "e, \(count) elements, strips of \(strip)")
          #expect(got.difference.map(\.bitPattern) == want.difference.map(\.bitPattern), "r, \(count) elements, strips of \(strip)")
        }
      }
    }

    /// Where a register chain's binary step reads an operand from.
    enum ChainSource: CaseIterable { case registers, memory, element }

    /// Each binary register kernel, with each operand from registers, memory or one repeated
    /// element, against the whole-array entry points, on operands that are both NaN with
    /// different signs and payloads: x86 returns the first operand's NaN, and the chain must pick
    /// the same one as the whole-array kernel (a compiler that swapped the operands of a
    /// commutative operation to fold a load would not).
    @Test(arguments: [BinaryOperation.add, .subtract, .multiply, .divide, .tanhGradient])
    func registerChainsKeepTheKernelsNaNs(operation: BinaryOperation) {
      guard Elementwise.ProgramStep.Kernel.binary(.add, .float32).runsInRegisters else { return }
      let nans: [Float] = [Float(nan: 1, signaling: false), -Float(nan: 2, signaling: false), .nan, -.nan]
      let count = 37
      let x: [Float] = (0..<count).map { index in index % 3 == 2 ? Float(index) - 20 : nans[index % 4] }
      let v: [Float] = (0..<count).map { index in index % 5 == 4 ? Float(index) / 2 : nans[index / 3 % 4] }
      let element: [Float] = [-Float(nan: 5, signaling: false)]
      let one: [Float] = [1]
      let shape = [count]
      func wholeArray(_ a: StridedView, _ b: StridedView) -> [Float] {
        var y = [Float](repeating: 0, count: count)
        Elementwise.binary(operation, .float32, shape: shape, lhs: a, rhs: b, output: &y)
        return y
      }
      withBothSIMDPaths { _ in
        for a in ChainSource.allCases {
          for b in ChainSource.allCases {
            // A register operand is x * 1 (x's NaNs kept) from the step before; memory operands
            // are x (lhs) and v (rhs); the repeated element is a third NaN. Without register
            // operands, the step starts the chain and a step multiplying by 1 stores it.
            var xOne = [Float](repeating: 0, count: count)
            Elementwise.binary(.multiply, .float32, shape: shape, lhs: StridedView(x, strides: [1]), rhs: StridedView(one, strides: [0]), output: &xOne)
            func view(_ source: ChainSource, memory: [Float]) -> StridedView {
              switch source {
              case .registers: StridedView(xOne, strides: [1])
              case .memory: StridedView(memory, strides: [1])
              case .element: StridedView(element, strides: [0])
              }
            }
            let want = wholeArray(view(a, memory: x), view(b, memory: v))
            let got = Self.binaryChainResults(operation, a, b, x: x, v: v, element: element)
            #expect(got.map(\.bitPattern) == want.map(\.bitPattern), "\(operation), lhs from \(a), rhs from \(b)")
          }
        }
      }
    }

    /// `operation` with operands from `a` and `b` in a chain of two steps (see
    /// `registerChainsKeepTheKernelsNaNs`), run with strips of 16 (ends inside a vector).
    static func binaryChainResults(
      _ operation: BinaryOperation, _ a: ChainSource, _ b: ChainSource, x: [Float], v: [Float], element: [Float]
    ) -> [Float] {
      let count = x.count
      var result = [Float](repeating: 0, count: count)
      let one: [Float] = [1]
      x.withUnsafeBytes { x in
        v.withUnsafeBytes { v in
          element.withUnsafeBytes { element in
            one.withUnsafeBytes { one in
              result.withUnsafeMutableBytes { result in
                let output = result.baseAddress!
                func multiplyByOne(_ lhs: UnsafeRawPointer?, storing: Bool) -> Elementwise.ProgramStep {
                  var step = Elementwise.ProgramStep(.binary(.multiply, .float32))
                  if let lhs { step.setOperand(0, pointer: lhs, stride: 1, advance: 4) }
                  step.setOperand(1, pointer: one.baseAddress!, stride: 0, advance: 0)
                  if storing { step.setResult(pointer: output, advance: 4) }
                  step.chain(length: lhs == nil ? 0 : 2, passedOperands: lhs == nil ? 1 : 0, storesResult: storing)
                  return step
                }
                let startsChain = a != .registers && b != .registers
                var step = Elementwise.ProgramStep(.binary(operation, .float32))
                var passed = 0
                for (index, (source, memory)) in [(a, x.baseAddress!), (b, v.baseAddress!)].enumerated() {
                  switch source {
                  case .registers: passed |= 1 << index
                  case .memory: step.setOperand(index, pointer: memory, stride: 1, advance: 4)
                  case .element: step.setOperand(index, pointer: element.baseAddress!, stride: 0, advance: 0)
                  }
                }
                if !startsChain { step.setResult(pointer: output, advance: 4) }
                step.chain(length: startsChain ? 2 : 0, passedOperands: passed, storesResult: !startsChain)
                let program = startsChain ? [step, multiplyByOne(nil, storing: true)] : [multiplyByOne(x.baseAddress!, storing: false), step]
                program.withUnsafeBufferPointer { Elementwise.runProgram($0, count: count, stripLength: 16) }
              }
            }
          }
        }
      }
      return result
    }

    /// The chain's values by the whole-array entry points: t = tanh x, g = tanh_gradient(t, v),
    /// h = g * 2, k = h + h, d = v / k, q = d - t, exponential = exp q, difference = t - exponential.
    static func chainWholeArrayResults(_ x: [Float], _ v: [Float]) -> (exponential: [Float], difference: [Float]) {
      let shape = [x.count]
      func view(_ array: UnsafeRawPointer) -> StridedView { StridedView(array, strides: [1]) }
      var t = [Float](repeating: 0, count: x.count), g = t, h = t, k = t, d = t, q = t, exponential = t, difference = t
      let two: [Float] = [2]
      Elementwise.unary(.tanh, .float32, shape: shape, input: view(x), output: &t)
      Elementwise.binary(.tanhGradient, .float32, shape: shape, lhs: view(t), rhs: view(v), output: &g)
      Elementwise.binary(.multiply, .float32, shape: shape, lhs: view(g), rhs: StridedView(two, strides: [0]), output: &h)
      Elementwise.binary(.add, .float32, shape: shape, lhs: view(h), rhs: view(h), output: &k)
      Elementwise.binary(.divide, .float32, shape: shape, lhs: view(v), rhs: view(k), output: &d)
      Elementwise.binary(.subtract, .float32, shape: shape, lhs: view(d), rhs: view(t), output: &q)
      Elementwise.unary(.exp, .float32, shape: shape, input: view(q), output: &exponential)
      Elementwise.binary(.subtract, .float32, shape: shape, lhs: view(t), rhs: view(exponential), output: &difference)
      return (exponential, difference)
    }

    /// The chain's steps (operands and results placed by `chainResults`): one chain of eight,
    /// storing t (read back by q and difference), exponential and difference. Operand slots
    /// marked `-1` are passed in registers.
    static func chainProgram(count: Int) -> [(Elementwise.ProgramStep, operands: [Int], result: Int)] {
      // Places: 0 x, 1 v, 2 the broadcast 2, 3 t's strip buffer, 4 exponential, 5 difference;
      // -1 registers.
      let steps: [(Elementwise.ProgramStep.Kernel, [Int], Int)] = [
        (.unary(.tanh, .float32), [0], 3),
        (.binary(.tanhGradient, .float32), [-1, 1], -1),
        (.binary(.multiply, .float32), [-1, 2], -1),
        (.binary(.add, .float32), [-1, -1], -1),
        (.binary(.divide, .float32), [1, -1], -1),
        (.binary(.subtract, .float32), [-1, 3], -1),
        (.unary(.exp, .float32), [-1], 4),
        (.binary(.subtract, .float32), [3, -1], 5),
      ]
      return steps.enumerated().map { position, entry in
        var step = Elementwise.ProgramStep(entry.0)
        let passed = entry.1.enumerated().reduce(0) { $0 | ($1.element == -1 ? 1 << $1.offset : 0) }
        step.chain(length: position == 0 ? steps.count : 0, passedOperands: passed, storesResult: entry.2 != -1)
        return (step, entry.1, entry.2)
      }
    }

    /// `program` run with strips of `strip` elements.
    static func chainResults(
      _ program: [(Elementwise.ProgramStep, operands: [Int], result: Int)], _ x: [Float], _ v: [Float], strip: Int
    ) -> (exponential: [Float], difference: [Float]) {
      let count = x.count
      var exponential = [Float](repeating: 0, count: count), difference = exponential
      let buffer = UnsafeMutableRawPointer.allocate(byteCount: 512 * 4, alignment: 64)
      defer { buffer.deallocate() }
      let two: [Float] = [2]
      x.withUnsafeBytes { x in
        v.withUnsafeBytes { v in
          two.withUnsafeBytes { two in
            exponential.withUnsafeMutableBytes { exponential in
              difference.withUnsafeMutableBytes { difference in
                let places: [(pointer: UnsafeRawPointer, stride: Int, advance: Int)] = [
                  (x.baseAddress!, 1, 4), (v.baseAddress!, 1, 4), (two.baseAddress!, 0, 0), (UnsafeRawPointer(buffer), 1, 0),
                  (UnsafeRawPointer(exponential.baseAddress!), 1, 4), (UnsafeRawPointer(difference.baseAddress!), 1, 4),
                ]
                let steps = program.map { entry in
                  var step = entry.0
                  for (index, place) in entry.operands.enumerated() where place >= 0 {
                    step.setOperand(index, pointer: places[place].pointer, stride: places[place].stride, advance: places[place].advance)
                  }
                  if entry.result >= 0 {
                    step.setResult(pointer: UnsafeMutableRawPointer(mutating: places[entry.result].pointer), advance: places[entry.result].advance)
                  }
                  return step
                }
                steps.withUnsafeBufferPointer { Elementwise.runProgram($0, count: count, stripLength: strip) }
              }
            }
          }
        }
      }
      return (exponential, difference)
    }

    /// The program's values by the whole-array entry points: t = tanh x, g = tanh_gradient(t, v),
    /// p = t * scale, q = g + p, m = q < v, selected = m ? q : x, exponential = exp(float64 selected),
    /// product = selected * x.
    static func wholeArrayResults(_ x: [Float], _ v: [Float], _ scale: [Float]) -> (product: [Float], selected: [Float], exponential: [Double]) {
      let n = x.count
      let shape = [n]
      func view(_ array: UnsafeRawPointer) -> StridedView { StridedView(array, strides: [1]) }
      var t = [Float](repeating: 0, count: n), g = t, p = t, q = t, selected = t, product = t
      var m = [UInt8](repeating: 0, count: n)
      var wide = [Double](repeating: 0, count: n), exponential = wide
      Elementwise.unary(.tanh, .float32, shape: shape, input: view(x), output: &t)
      Elementwise.binary(.tanhGradient, .float32, shape: shape, lhs: view(t), rhs: view(v), output: &g)
      Elementwise.binary(.multiply, .float32, shape: shape, lhs: view(t), rhs: StridedView(scale, strides: [0]), output: &p)
      Elementwise.binary(.add, .float32, shape: shape, lhs: view(g), rhs: view(p), output: &q)
      Elementwise.binary(.less, .float32, shape: shape, lhs: view(q), rhs: view(v), output: &m)
      Elementwise.select(.float32, shape: shape, condition: view(m), onTrue: view(q), onFalse: view(x), output: &selected)
      Elementwise.cast(from: .float32, to: .float64, shape: shape, input: view(selected), output: &wide)
      Elementwise.unary(.exp, .float64, shape: shape, input: view(wide), output: &exponential)
      Elementwise.binary(.multiply, .float32, shape: shape, lhs: view(selected), rhs: view(x), output: &product)
      return (product, selected, exponential)
    }

    /// The same values by one program: intermediates in strip buffers (reused by later steps where
    /// their values are dead), `selected` in a buffer for the whole run.
    static func programResults(_ x: [Float], _ v: [Float], _ scale: [Float], strip: Int) -> (product: [Float], selected: [Float], exponential: [Double]) {
      let n = x.count
      var selected = [Float](repeating: 0, count: n), product = selected
      var exponential = [Double](repeating: 0, count: n)
      let buffers = (0..<4).map { _ in UnsafeMutableRawPointer.allocate(byteCount: strip * 8, alignment: 64) }
      defer { for buffer in buffers { buffer.deallocate() } }
      x.withUnsafeBytes { x in
        v.withUnsafeBytes { v in
          scale.withUnsafeBytes { scale in
            selected.withUnsafeMutableBytes { selected in
              product.withUnsafeMutableBytes { product in
                exponential.withUnsafeMutableBytes { exponential in
                  let (x, v, scale) = (x.baseAddress!, v.baseAddress!, scale.baseAddress!)
                  typealias Place = (pointer: UnsafeRawPointer, stride: Int, advance: Int)
                  func input(_ pointer: UnsafeRawPointer) -> Place { (pointer, 1, 4) }
                  func reused(_ index: Int) -> Place { (UnsafeRawPointer(buffers[index]), 1, 0) }
                  func step(_ kernel: Elementwise.ProgramStep.Kernel, _ operands: [Place], _ result: Place) -> Elementwise.ProgramStep {
                    var step = Elementwise.ProgramStep(kernel)
                    for (index, operand) in operands.enumerated() {
                      step.setOperand(index, pointer: operand.pointer, stride: operand.stride, advance: operand.advance)
                    }
                    step.setResult(pointer: UnsafeMutableRawPointer(mutating: result.pointer), advance: result.advance)
                    return step
                  }
                  let whole: Place = (UnsafeRawPointer(selected.baseAddress!), 1, 4)
                  let program = [
                    step(.unary(.tanh, .float32), [input(x)], reused(0)),  // t
                    step(.binary(.tanhGradient, .float32), [reused(0), input(v)], reused(1)),  // g
                    step(.binary(.multiply, .float32), [reused(0), (scale, 0, 0)], reused(2)),  // p
                    step(.binary(.add, .float32), [reused(1), reused(2)], reused(0)),  // q, over t
                    step(.binary(.less, .float32), [reused(0), input(v)], reused(3)),  // m
                    step(.select(.float32), [reused(3), reused(0), input(x)], whole),
                    step(.cast(from: .float32, to: .float64), [whole], reused(1)),
                    step(.unary(.exp, .float64), [reused(1)], (UnsafeRawPointer(exponential.baseAddress!), 1, 8)),
                    step(.binary(.multiply, .float32), [whole, input(x)], (UnsafeRawPointer(product.baseAddress!), 1, 4)),
                  ]
                  program.withUnsafeBufferPointer { Elementwise.runProgram($0, count: n, stripLength: strip) }
                }
              }
            }
          }
        }
      }
      return (product, selected, exponential)
    }
  }
}

import OlympusCore
import Testing

/// The compiled executor against eager evaluation: elementwise clusters and folded reductions run
/// the eager kernels element for element (reductions fold tiles along the kernel's own pairwise
/// tree), so results are compared bit for bit.
///
/// Each comparison runs in a child process: the kernel tests switch the global `SIMDPaths`
/// (vectorized or portable loops, which differ in the last bits of transcendental functions)
/// while other suites run, which would make two evaluations in this process differ.
@Suite("Compiled graphs")
struct CompiledGraphTests {
  /// Where `got` differs from `want` in type or in any element's bits; `nil` when identical.
  static func difference(_ got: Tensor, _ want: Tensor) -> String? {
    guard got.type == want.type else { return "type \(got.type), expected \(want.type)" }
    let same =
      switch want.dtype {
      case .float32: got.scalars(as: Float.self).map(\.bitPattern) == want.scalars(as: Float.self).map(\.bitPattern)
      case .float64: got.scalars(as: Double.self).map(\.bitPattern) == want.scalars(as: Double.self).map(\.bitPattern)
      case .int32: got.scalars(as: Int32.self) == want.scalars(as: Int32.self)
      case .int64: got.scalars(as: Int64.self) == want.scalars(as: Int64.self)
      case .bool: got.scalars(as: Bool.self) == want.scalars(as: Bool.self)
      }
    return same ? nil : "elements differ: \(got.scalars(as: Double.self).prefix(8)) … expected \(want.scalars(as: Double.self).prefix(8)) …"
  }

  /// Stops the (child) process unless `f`, staged and compiled, gives exactly the eager results.
  static func requireCompiledMatchesEager(
    _ f: @escaping ([Tensor]) -> [Tensor], _ inputs: [Tensor], _ context: String = ""
  ) {
    let graph = makeGraph(of: f, for: inputs.map(\.type)).simplified().eliminatingCommonSubexpressions().removingDeadCode()
    let got = graph.compiled()(inputs)
    let want = f(inputs)
    precondition(got.count == want.count, "\(context): \(got.count) results, expected \(want.count)")
    for (index, (g, w)) in zip(got, want).enumerated() {
      if let difference = difference(g, w) {
        preconditionFailure("\(context): result \(index): \(difference)\n\(graph.fusingElementwise())")
      }
    }
  }

  /// A random elementwise program over two inputs: each step applies a random operation to
  /// earlier values (unary functions, arithmetic, broadcast scalars, comparisons feeding `select`,
  /// conversions to float64, int32 and back); the outputs are three of the values.
  static func randomProgram(seed: Int) -> ([Tensor]) -> [Tensor] {
    let choices = Random.uniform(Random.key(seed), shape: [40]).scalars(as: Float.self).map { Int($0 * 1000) }
    return { inputs in
      var values = inputs
      var next = 0
      func pick() -> Int {
        defer { next += 1 }
        return choices[next % choices.count] &+ next
      }
      func operand() -> Tensor { values[values.count - 1 - pick() % min(values.count, 4)] }
      for _ in 0..<12 {
        let a = operand()
        let b = operand()
        let value: Tensor =
          switch pick() % 12 {
          case 0: tanh(a)
          case 1: sin(a) * b
          case 2: a * 0.75 + b
          case 3: exp(-abs(a)) - b
          case 4: select(a .< b, a, b * 2)
          case 5: maximum(a, b) / (abs(b) + 1)
          case 6: (a.astype(.float64) * b.astype(.float64) + 0.5).astype(.float32)
          case 7: (a * 3).astype(.int32).astype(.float32) + b
          case 8: sqrt(abs(a)) - 1
          case 9: -a
          case 10: select(a .<= 0.25, 1.5, b)
          default: log1p(abs(a * b))
          }
        values.append(value)
      }
      return [values[values.count - 1], values[values.count - 3], values[values.count - 7]]
    }
  }

  @Test(arguments: [[], [0], [1], [7], [3, 700], [300, 300]])
  func randomElementwiseProgramsMatchEager(shape: [Int]) async {
    await #expect(processExitsWith: .success) { [shape] in
      for seed in 0..<6 {
        let inputs = [
          Random.uniform(Random.key(100 + seed), shape: shape, minimum: -2, maximum: 2),
          Random.uniform(Random.key(200 + seed), shape: shape, minimum: -2, maximum: 2),
        ]
        CompiledGraphTests.requireCompiledMatchesEager(CompiledGraphTests.randomProgram(seed: seed), inputs, "seed \(seed), shape \(shape)")
      }
    }
  }

  @Test func mixedTypesComparisonsAndBoolOutputs() async {
    await #expect(processExitsWith: .success) {
      let x = Random.uniform(Random.key(3), shape: [5000], minimum: -3, maximum: 3, dtype: .float64)
      CompiledGraphTests.requireCompiledMatchesEager(
        { a in
          let rounded = a[0].astype(.int64)
          let positive = a[0] .> 0
          return [positive, rounded * rounded + 1, select(positive, a[0], exp(a[0])).astype(.float32)]
        }, [x])
    }
  }

  @Test func stridedAndBroadcastInputsAreRead() async {
    await #expect(processExitsWith: .success) {
      let base = Random.uniform(Random.key(4), shape: [60, 50])
      let transposed = base.transposed()  // a strided view
      let row = Random.uniform(Random.key(5), shape: [1, 60]).broadcast(to: [50, 60])  // stride 0 along axis 0
      CompiledGraphTests.requireCompiledMatchesEager({ a in [tanh(a[0]) * a[1] + 1] }, [transposed, row])
    }
  }

  @Test(arguments: [[100_000], [40, 3000], [300, 100], [7, 1, 2049]])
  func foldedReductionsMatchEager(shape: [Int]) async {
    let trailing = [shape.count - 1]
    let graph = makeGraph(of: { a in [(exp(a[0]) * a[0]).sum(axes: trailing)] }, for: [TensorType(shape: shape, dtype: .float32)])
    #expect(graph.fusingElementwise().clusterCount == 1)
    await #expect(processExitsWith: .success) { [shape] in
      let trailing = [shape.count - 1]
      let x = Random.uniform(Random.key(6), shape: shape, minimum: -2, maximum: 2)
      CompiledGraphTests.requireCompiledMatchesEager(
        { a in
          let y = exp(sin(a[0])) * a[0]
          return [y.sum(), y.sum(axes: trailing), (y * y).max(axes: trailing), (a[0] * 0.5 + 1).prod(axes: trailing)]
        }, [x], "\(shape)")
    }
  }

  @Test func hessianVectorProductsMatchEager() async {
    await #expect(processExitsWith: .success) {
      // W5's three compositions: nine instructions in one cluster, run strip by strip through
      // reused scratch; 4,847 elements end in a partial tile and a partial strip.
      let f = { (x: Tensor) in pow(tanh(x), 2).sum() }
      let x = Random.uniform(Random.key(11), shape: [37, 131], minimum: -2, maximum: 2)
      let v = Random.uniform(Random.key(12), shape: [37, 131], minimum: -2, maximum: 2)
      CompiledGraphTests.requireCompiledMatchesEager({ a in [hvp(at: a[0], along: a[1], of: f)] }, [x, v], "fwd-over-rev")
      CompiledGraphTests.requireCompiledMatchesEager(
        { a in [grad(of: { x in jvp(at: x, along: a[1], of: f).tangent })(a[0])] }, [x, v], "rev-over-fwd")
      CompiledGraphTests.requireCompiledMatchesEager(
        { a in [grad(of: { x in (grad(of: f)(x) * a[1]).sum() })(a[0])] }, [x, v], "rev-over-rev")
    }
  }

  @Test func registerChainsMatchEagerOnSpecialValues() async {
    await #expect(processExitsWith: .success) {
      // Float32 tanh, exp, tanh's gradient and arithmetic with broadcast constants run in register
      // chains wherever SIMD is on (clusters of at least 64 elements). NaN, infinities, signed zeros and
      // subnormals must come out as eagerly, bit for bit, and so must the ends of strips and
      // vectors (1,055 elements).
      let specials: [Float] = [.nan, .infinity, -.infinity, 0, -0.0, 1e-40, -1e-40, 30, -30, 100]
      let noise = Random.uniform(Random.key(13), shape: [5, 211], minimum: -3, maximum: 3).scalars(as: Float.self)
      let x = Tensor(noise.enumerated().map { $0.offset % 3 == 0 ? specials[$0.offset / 3 % specials.count] : $0.element }, shape: [5, 211])
      let v = Random.uniform(Random.key(14), shape: [5, 211], minimum: -3, maximum: 3)
      CompiledGraphTests.requireCompiledMatchesEager(
        { a in
          let t = tanh(a[0])
          let g = grad(of: { x in (tanh(x) * a[1]).sum() })(a[0])
          let q = (a[1] / (g * 2 + g)) - t
          let e = exp(q * 0.5)
          return [e, t - e * a[1], (2 - q) / e]
        }, [x, v], "special values")
    }
  }

  @Test func registerChainsGiveEagerBitsOnSeveralThreadsAtOnce() async {
    await #expect(processExitsWith: .success) {
      // One jitted function whose clusters run register chains (float32, 4,096 elements), called
      // by eight tasks at once: a chain's state lives on the calling thread's stack, so every call
      // must still give eager's bits.
      let x = Random.uniform(Random.key(15), shape: [4096], minimum: -3, maximum: 3)
      let v = Random.uniform(Random.key(16), shape: [4096], minimum: -3, maximum: 3)
      let f = { (a: [Tensor]) -> [Tensor] in
        let g = grad(of: { x in (tanh(x) * a[1]).sum() })(a[0])
        return [exp((g * 2 - a[1]) * 0.5) + tanh(a[0]) * g]
      }
      let want = f([x, v])
      // A jitted function may be called from any thread (its cache is behind a lock); the closure
      // type does not say so, hence the unchecked capture.
      nonisolated(unsafe) let staged = jit(f)
      let mismatches = await withTaskGroup(of: Int.self) { group in
        for _ in 0..<8 {
          group.addTask {
            (0..<20).filter { _ in CompiledGraphTests.difference(staged([x, v])[0], want[0]) != nil }.count
          }
        }
        return await group.reduce(0, +)
      }
      precondition(mismatches == 0, "\(mismatches) of 160 concurrent calls differ from eager")
    }
  }

  @Test func valueAndGradientOfAnElementwiseSumMatchEager() async {
    await #expect(processExitsWith: .success) {
      // W4's function at a small size: value (folded reduction) and gradient in one cluster.
      let f = { (x: Tensor) in (exp(sin(x)) * x).sum() }
      let x = Random.uniform(Random.key(7), shape: [30_000], minimum: -2, maximum: 2)
      CompiledGraphTests.requireCompiledMatchesEager(
        { a in
          let (value, gradient) = valueAndGrad(of: f)(a[0])
          return [value, gradient]
        }, [x])
    }
  }

  @Test func unfusedPrimitivesRunBetweenClusters() async {
    await #expect(processExitsWith: .success) {
      let a = Random.uniform(Random.key(8), shape: [20, 30])
      let b = Random.uniform(Random.key(9), shape: [30, 10])
      CompiledGraphTests.requireCompiledMatchesEager(
        { x in [tanh(matmul(exp(x[0]) * 0.5, x[1]) + 1).sum(axes: [1]), x[0]] }, [a, b])
      // A cluster whose operand depends on another cluster through a transpose.
      let square = Random.uniform(Random.key(10), shape: [40, 40])
      CompiledGraphTests.requireCompiledMatchesEager({ x in [exp(x[0]) + exp(x[0]).transposed()] }, [square])
    }
  }

  @Test func tracersAndTheTapeReplayThroughBind() async {
    await #expect(processExitsWith: .success) {
      let graph = makeGraph(of: { x in [(tanh(x[0]) * x[0]).sum()] }, for: [TensorType(shape: [50], dtype: .float64)])
      let compiled = graph.compiled()
      let x = Random.uniform(Random.key(10), shape: [50], dtype: .float64)
      // Under a transformation.
      let throughCompiled = grad(of: { compiled([$0])[0] })(x)
      precondition(CompiledGraphTests.difference(throughCompiled, grad(of: { graph([$0])[0] })(x)) == nil)
      // On the tape.
      let leaf = x.requiringGrad()
      compiled([leaf])[0].backward()
      let tracked = x.requiringGrad()
      graph([tracked])[0].backward()
      precondition(CompiledGraphTests.difference(leaf.grad!, tracked.grad!) == nil)
    }
  }
}

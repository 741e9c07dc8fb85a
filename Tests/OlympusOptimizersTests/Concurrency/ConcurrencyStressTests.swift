import OlympusCore
import OlympusOptimizers
import Testing

/// Eight tasks at once run `grad`, a jitted training step, `vmap`, `gradients(of:wrt:)` and tape
/// `backward()` on losses that share parameters, a bounded number of times, and every result is
/// checked against a serial run. The shared leaf's `grad` must equal the sum of every
/// contribution: a lost or torn update shows as a wrong sum. `Scripts/sanitize.sh` runs this suite
/// under ThreadSanitizer (CI does too), which must report nothing.
@Suite struct ConcurrencyStressTests {
  static let taskCount = 8
  /// Iterations per task: enough for the tasks to overlap many times, bounded so the suite takes
  /// well under a second in release builds and seconds under ThreadSanitizer's debug build.
  static let iterations = 12

  static let weights = Tensor((0..<12).map { Double($0) / 7 - 0.8 }, shape: [3, 4])
  static func input(_ task: Int) -> Tensor {
    Tensor((0..<8).map { Double(($0 * 5 + task * 3) % 11) / 5 - 1 }, shape: [2, 4])
  }
  static func loss(_ w: Tensor, _ x: Tensor) -> Tensor { (tanh(matmul(x, w.transposed())) * 0.5).sum() }

  /// One task's answers for the functional transformations, as bit patterns.
  static func transformAnswers(task: Int, step: @Sendable ([Tensor]) -> [Tensor]) -> [String] {
    let x = input(task)
    let g = grad(of: { (w: Tensor) in loss(w, x) })(weights)
    let stepped = step([weights, x])
    let perExample = vmap(inAxes: [nil, 0]) { (a: [Tensor]) in
      [grad(of: { (w: Tensor) in loss(w, a[1].expandingDimensions(at: 0)) })(a[0])]
    }([weights, x])
    return [g, stepped[0], stepped[1], perExample[0]].map(bits)
  }

  static func bits(_ tensor: Tensor) -> String {
    "\(tensor.type) " + tensor.scalars(as: Double.self).map { String($0.bitPattern, radix: 16) }.joined(separator: ",")
  }

  /// A jitted SGD step shared by all tasks (one cache, staged once).
  static func makeStep() -> @Sendable ([Tensor]) -> [Tensor] {
    // A jitted function may be called from any thread (its cache is behind a lock); the closure
    // type does not say so, hence the unchecked capture.
    nonisolated(unsafe) let staged = jit { (a: [Tensor]) -> [Tensor] in
      let (value, gradient) = valueAndGrad(of: { (w: Tensor) in loss(w, a[1]) })(a[0])
      return [a[0] - gradient * 0.1, value]
    }
    return { staged($0) }
  }

  @Test func transformationsAgreeWithASerialRun() async {
    let step = Self.makeStep()
    let serial = (0..<Self.taskCount).map { Self.transformAnswers(task: $0, step: step) }
    let mismatches = await withTaskGroup(of: Int.self) { group in
      for task in 0..<Self.taskCount {
        group.addTask {
          (0..<Self.iterations).filter { _ in Self.transformAnswers(task: task, step: step) != serial[task] }.count
        }
      }
      return await group.reduce(0, +)
    }
    #expect(mismatches == 0)
  }

  @Test func backwardPassesOnASharedLeafAddUpEveryContribution() async throws {
    let shared = Self.weights.detached().requiringGrad()
    // Serial contributions of each task, from copies that share nothing with `shared`.
    let contributions = (0..<Self.taskCount).map { task -> Tensor in
      grad(of: { (w: Tensor) in Self.loss(w, Self.input(task)) + (w * w).sum() * 0.01 })(Self.weights)
    }
    let direct = await withTaskGroup(of: (Int, [Tensor]).self) { group in
      for task in 0..<Self.taskCount {
        group.addTask {
          var seen: [Tensor] = []
          for _ in 0..<Self.iterations {
            let hidden = shared * 1
            hidden.retainGrad()
            let loss = Self.loss(hidden, Self.input(task)) + (shared * shared).sum() * 0.01
            loss.backward()
            seen.append(gradients(of: [Self.loss(shared, Self.input(task))], wrt: [shared])[0] ?? .failed)
          }
          return (task, seen)
        }
      }
      return await group.reduce(into: [Int: [Tensor]]()) { $0[$1.0] = $1.1 }
    }
    let total = contributions.reduce(Tensor.zeros([3, 4], dtype: .float64)) { $0 + $1 } * Double(Self.iterations)
    let accumulated = try #require(shared.grad)
    // 96 additions of gradients of size ~1 in float64, in any order: the sums differ by at most
    // 96 · 2⁻⁵² relative to the largest partial sum; 1e-12 absolute is above that bound.
    let difference = abs(accumulated - total).max().item(as: Double.self)
    #expect(difference < 1e-12, "accumulated \(accumulated) vs \(total)")
    for task in 0..<Self.taskCount {
      let expected = grad(of: { (w: Tensor) in Self.loss(w, Self.input(task)) })(Self.weights)
      // The tape and `grad` run the same rules on the same kernels: bit for bit the same.
      for value in direct[task] ?? [] { #expect(Self.bits(value) == Self.bits(expected)) }
    }
  }

  @Test func optimizersOnSeparateModelsRunAtOnce() async {
    let gradient = [Self.weights * 0.5]
    var reference = [Self.weights]
    var referenceOptimizer = Optimizer(Adam(learningRate: 0.01), for: reference)
    for _ in 0..<Self.iterations { referenceOptimizer.update(&reference, along: gradient) }
    let expected = Self.bits(reference[0])
    let mismatches = await withTaskGroup(of: Int.self) { group in
      for _ in 0..<Self.taskCount {
        group.addTask {
          var model = [Self.weights]
          var optimizer = Optimizer(Adam(learningRate: 0.01), for: model)
          for _ in 0..<Self.iterations { optimizer.update(&model, along: gradient) }
          return Self.bits(model[0]) == expected ? 0 : 1
        }
      }
      return await group.reduce(0, +)
    }
    #expect(mismatches == 0)
  }
}

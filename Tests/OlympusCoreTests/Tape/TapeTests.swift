import OlympusCore
import Testing

/// The eager tape: seed 002's PyTorch cells, seed 000's gradients with respect to intermediate
/// values, hooks, modes and memory.
@Suite("Eager tape")
struct TapeTests {
  func expectClose(_ got: Tensor?, _ expected: [Double], tolerance: Double = 1e-12) {
    guard let got else {
      Issue.record("no gradient")
      return
    }
    let values = got.scalars(as: Double.self)
    #expect(values.count == expected.count)
    for (value, reference) in zip(values, expected) {
      #expect(Swift.abs(value - reference) <= tolerance * Swift.max(1, Swift.abs(reference)), "\(value) vs \(reference)")
    }
  }

  @Test func gradientOfSineOverLinspace() {
    // Seed 002: input1 = linspace(0, 2π, 25, requires_grad=True); out4 = (2 sin(input1) + 1).sum().
    let input = Tensor.linspace(0, 2 * Double.pi, count: 25, dtype: .float64, requiresGrad: true)
    let out1 = sin(input)
    let out2 = 2 * out1
    let out3 = out2 + 1
    let out4 = out3.sum()
    out4.backward()
    expectClose(input.grad, (2 * cos(input.detached())).scalars(as: Double.self))
    // next_functions chain: Add → Mul → Sin → AccumulateGrad.
    #expect(out1.gradFn?.name == "SinBackward")
    #expect(out3.gradFn?.nextFunctions.count == 2)
    #expect(out3.gradFn?.nextFunctions[0].function === out2.gradFn)
    #expect(out3.gradFn?.nextFunctions[1].function == nil)
    #expect(out2.gradFn?.nextFunctions[0].function === out1.gradFn)
    let accumulate = out1.gradFn?.nextFunctions[0].function
    #expect(accumulate?.name == "AccumulateGrad")
    #expect(input.gradFn == nil)
    #expect(input.isLeaf && !out1.isLeaf)
  }

  @Test func backwardWithAGradientVector() {
    // Seed 002: x = [1, 2, 3] requires grad, y = x * 2, y.backward(gradient: [1, 0.1, 0.01]).
    let x = Tensor([1.0, 2.0, 3.0])
    x.requiresGrad = true
    let y = x * 2
    y.backward(gradient: Tensor([1.0, 0.1, 0.01]))
    expectClose(x.grad, [2, 0.2, 0.02])
    #expect(x.gradFn == nil && x.isLeaf)
  }

  @Test func accumulationAcrossExamplesAndClearing() {
    // Seed 002: gradients accumulate in w.grad until cleared.
    let w = Tensor([1.0, 2.0, 3.0])
    #expect(w.grad == nil)
    w.requiresGrad = true
    let x1 = Tensor([1.0, 2.0, 3.0])
    let x2 = Tensor([4.0, 5.0, 6.0])
    (x1 * w).sum().backward()
    expectClose(w.grad, [1, 2, 3])
    (x2 * w).sum().backward()
    expectClose(w.grad, [5, 7, 9])
    w.grad = nil
    (x2 * w).sum().backward()
    expectClose(w.grad, [4, 5, 6])
    w.zeroGrad()
    (stacked([x1, x2]) * w).sum().backward()
    expectClose(w.grad, [5, 7, 9])
  }

  @Test func noGradAndDetach() {
    let a = Tensor.ones([2, 3], dtype: .float64, requiresGrad: true)
    let b = Tensor([1.0, 1, 1, 1, 1, 1], shape: [2, 3], requiresGrad: true)
    #expect((a * b).gradFn != nil)
    a.requiresGrad = false
    #expect((a * b).gradFn?.nextFunctions[0].function == nil)
    b.requiresGrad = false
    #expect((a * b).gradFn == nil)
    a.requiresGrad = true
    let c = withNoGrad { a * 2 }
    #expect(c.gradFn == nil && !c.requiresGrad)
    let d = withNoGrad { withGrad { a * 2 } }
    #expect(d.gradFn != nil)
    let e = a.detached()
    #expect(!e.requiresGrad && e.isLeaf)
    #expect(e.scalars(as: Double.self) == a.scalars(as: Double.self))
  }

  // Seed 000 on the tape: h = exp(x²), L = ‖h − y‖².
  @Test func gradientsWithRespectToIntermediateValues() {
    let x = Tensor([1.0, 2.0]).requiringGrad()
    let y = Tensor([9.48773584, 518.01282467])
    let f1 = x * x
    let h = exp(f1)
    let loss = ((h - y) * (h - y)).sum()
    let grads = gradients(of: [loss], wrt: [h, f1, x], retainGraph: true)
    expectClose(grads[0], [-13.53890802, -926.82934927], tolerance: 1e-8)
    expectClose(grads[1], [-3.68025676e+01, -5.06031679e+04], tolerance: 1e-8)
    expectClose(grads[2], [-7.36051353e+01, -2.02412671e+05], tolerance: 1e-8)
    #expect(x.grad == nil)
    // The VJP of h with respect to f1 with an arbitrary vector (tf.gradients(h, f1, grad_ys=v)).
    let v = Tensor([0.5, -2.0])
    expectClose(gradients(of: [h], wrt: [f1], cotangents: [v], retainGraph: true)[0], (v * h.detached()).scalars(as: Double.self))
  }

  @Test func doubleBackwardGivesAHessianVectorProduct() {
    // Seed 000 with nested gradients: the Hessian of L with respect to h is 2·I, so HVP = 2v.
    let h = Tensor([2.71828183, 54.59815003]).requiringGrad()
    let y = Tensor([9.48773584, 518.01282467])
    let loss = ((h - y) * (h - y)).sum()
    let gradient = gradients(of: [loss], wrt: [h], createGraph: true)[0]!
    #expect(gradient.requiresGrad)
    let v = Tensor([0.3, -1.7])
    let hvp = gradients(of: [(gradient * v).sum()], wrt: [h])[0]
    expectClose(hvp, [0.6, -3.4])
    // Second derivative of x³ at 2 by two backward passes: 6x = 12.
    let x = Tensor(2.0).requiringGrad()
    let first = gradients(of: [x * x * x], wrt: [x], createGraph: true)[0]!
    first.backward()
    expectClose(x.grad, [12])
  }

  @Test func usingAFreedGraphTwiceIsRejected() throws {
    let x = Tensor([1.0, 2.0]).requiringGrad()
    let loss = (exp(x) * x).sum()
    loss.backward()
    #expect(throws: OlympusError.self) { try withErrorChecking { loss.backward() } }
    let kept = (exp(x) * x).sum()
    kept.backward(retainGraph: true)
    kept.backward()
    #expect(x.grad != nil)
  }

  @Test func secondBackwardThroughNodesThatSavedNothingAccumulates() throws {
    // As in PyTorch: without retainGraph a backward pass frees saved values only. `x + 1` and
    // `sum` read no values (only types), so a second pass runs and accumulates. Every gradient is
    // 1 or 2, exact in float64, so the comparison is exact.
    let x = Tensor([1.0, 2.0, 3.0]).requiringGrad()
    let loss = (x + 1).sum()
    loss.backward()
    #expect(loss.gradFn?.savedTensorCount == 0)
    try withErrorChecking { loss.backward() }
    #expect(x.grad?.scalars(as: Double.self) == [2, 2, 2])
  }

  @Test func secondBackwardThroughANodeThatReadsAFreedValueIsRejected() {
    // `x * x` reads both factors: the second pass is rejected with the node's name and leaves
    // x.grad as the first pass left it (2x, exact in float64).
    let x = Tensor([1.0, 2.0, 3.0]).requiringGrad()
    let loss = ((x + 1) * x).sum()
    loss.backward()
    do {
      try withErrorChecking { loss.backward() }
      Issue.record("the second backward pass was not rejected")
    } catch {
      #expect("\(error)".contains("MulBackward"), "\(error)")
    }
    #expect(x.grad?.scalars(as: Double.self) == [3, 5, 7])
  }

  @Test func tapeAndGradRunOneWalkerInOneOrder() {
    // The tape and grad(of:) share the walker: the same rules run in the same order and sum the
    // fan-out of x in the same order, so the gradients are bitwise equal (no tolerance).
    let f = { (v: Tensor) in (sin(v) * v + exp(v) * v - v * v * v).sum() }
    let point = Tensor([0.3, -1.2, 2.5, 0.7])
    let x = point.requiringGrad()
    f(x).backward()
    #expect(x.grad?.scalars(as: Double.self) == grad(of: f)(point).scalars(as: Double.self))
  }

  /// Live buffers are counted in a child process, where no other test allocates meanwhile.
  @Test func savedTensorsAreFreedAfterBackward() async {
    await #expect(processExitsWith: .success) {
      let x = Tensor.ones([64], dtype: .float64).requiringGrad()
      let before = MemoryStatistics.liveBufferCount
      let loss = (exp(sin(x)) * x).sum()
      let recorded = MemoryStatistics.liveBufferCount
      loss.backward()
      let after = MemoryStatistics.liveBufferCount
      // Recorded: sin, exp, the product, the loss (and the broadcast constant's storage). After
      // backward only the loss value and x.grad remain.
      precondition(recorded >= before + 4, "recorded \(recorded) from \(before)")
      precondition(after <= before + 2, "after backward \(after) from \(before)")
      precondition(loss.gradFn!.savedTensorCount == 0)
    }
  }

  @Test func hooksCanReplaceGradients() {
    let x = Tensor([1.0, 2.0]).requiringGrad()
    let hidden = x * 3
    var seen: [Double] = []
    hidden.registerHook { gradient in
      seen = gradient.scalars(as: Double.self)
      return gradient * 10
    }
    var accumulated: Tensor?
    x.registerPostAccumulateGradHook { accumulated = $0 }
    hidden.retainGrad()
    hidden.sum().backward()
    #expect(seen == [1, 1])
    expectClose(x.grad, [30, 30])
    expectClose(hidden.grad, [10, 10])
    expectClose(accumulated, [30, 30])
  }

  @Test func tapeAndFunctionalGradientAgree() {
    let point = Tensor([0.3, -1.2, 0.8])
    let f = { (x: Tensor) in (sin(x) * exp(x * 0.5)).sum() + x.logSumExp() + (matmul(x.reshaped(to: [1, 3]), x.reshaped(to: [3, 1]))).sum() }
    let x = point.requiringGrad()
    f(x).backward()
    expectClose(x.grad, grad(of: f)(point).scalars(as: Double.self))
    // grad(of:) inside code that also uses tensors on the tape: levels keep them apart.
    let w = Tensor([2.0, 3.0, 4.0]).requiringGrad()
    let functional = grad(of: { (v: Tensor) in (w * v * v).sum() })(point)
    expectClose(functional, (2 * w.detached() * point).scalars(as: Double.self))
    (functional.sum()).backward()
    expectClose(w.grad, (2 * point).scalars(as: Double.self))
  }

  @Test func customFunctionsOnTheTape() {
    // Seed 001's Exp with a backward that uses the saved output.
    let exp2 = customVJP(named: "exp", { [exp($0[0])] }, backward: { _, outputs, cotangents in [cotangents[0] * outputs[0]] })
    let x = Tensor([0.5, 1.5]).requiringGrad()
    exp2([x])[0].sum().backward()
    expectClose(x.grad, exp(x.detached()).scalars(as: Double.self))
  }

  @Test func anomalyDetectionNamesTheNode() {
    let x = Tensor([0.0, 1.0]).requiringGrad()
    do {
      try withErrorChecking {
        withAnomalyDetection { (sqrt(x) * Tensor([1.0, 1.0])).sum().backward() }
      }
      Issue.record("no anomaly reported")
    } catch let error as OlympusError {
      #expect(error.message.contains("SqrtBackward"))
    } catch {
      Issue.record("\(error)")
    }
  }

  @Test func dotRendersTheGraph() {
    let x = Tensor([1.0]).requiringGrad()
    let dot = (sin(x) * 2 + 1).sum().gradFn!.dot()
    #expect(dot.hasPrefix("digraph"))
    for name in ["SumBackward", "AddBackward", "MulBackward", "SinBackward", "AccumulateGrad"] {
      #expect(dot.contains(name), "\(name) missing from\n\(dot)")
    }
  }
}

/// Seed 001's `Exp` written as a PyTorch-style function with saved tensors.
enum SavedExp: AutogradFunction {
  static func forward(_ context: inout FunctionContext, _ inputs: [Tensor]) -> [Tensor] {
    let result = exp(inputs[0])
    context.saveForBackward(result)
    return [result]
  }

  static func backward(_ context: FunctionContext, _ gradients: [Tensor]) -> [Tensor] {
    [gradients[0] * context.savedTensors[0]]
  }
}

@Suite("PyTorch-style custom functions")
struct AutogradFunctionTests {
  @Test func savedTensorsReachTheBackwardPassOnTheTapeAndInTransforms() {
    let point = Tensor([0.5, -1.0, 2.0])
    let x = point.requiringGrad()
    let y = SavedExp.apply([x])[0]
    #expect(y.shape == [3])
    y.sum().backward()
    let expected = exp(point).scalars(as: Double.self)
    #expect(x.grad!.scalars(as: Double.self) == expected)
    #expect(grad(of: { SavedExp.apply([$0])[0].sum() })(point).scalars(as: Double.self) == expected)
    #expect(vmap(of: { grad(of: { SavedExp.apply([$0])[0].sum() })($0) })(point.reshaped(to: [3, 1])).flattened()
      .scalars(as: Double.self) == expected)
  }
}

@Suite("Tape hooks on temporaries and custom rules")
struct TapeTemporaryTests {
  @Test func hookOnATemporaryRunsAfterTheTemporaryIsGone() {
    let x = Tensor([1.0, 2.0]).requiringGrad()
    var calls = 0
    func hidden() -> Tensor {
      let temporary = x * 3
      temporary.registerHook { gradient in
        calls += 1
        return gradient * 2
      }
      return temporary.sum()
    }
    hidden().backward()
    #expect(calls == 1)
    #expect(x.grad!.scalars(as: Double.self) == [6, 6])
  }

  @Test func customRulesAreRecordedOnTheTape() {
    let scaled = customVJP(named: "identityWithDoubledGradient", { [$0[0] * 1] }, backward: { _, _, g in [g[0] * 2] })
    let x = Tensor([1.0, 2.0]).requiringGrad()
    scaled([x])[0].sum().backward()
    #expect(x.grad!.scalars(as: Double.self) == [2, 2])
  }
}

/// The composition suite's functions on the tape: `backward()` and double backward agree with the
/// functional transformations.
@Suite("Tape against the functional transformations")
struct TapeCompositionTests {
  /// Same float64 arithmetic in the same order up to summation: 1e-12 relative.
  static let tolerance = 1e-12

  static let functions: [(name: String, f: @Sendable (Tensor) -> Tensor)] = [
    ("sin·exp + logSumExp", { x in (sin(x) * exp(x * 0.5)).sum() + x.logSumExp() }),
    ("tanh² sum", { x in (tanh(x) * tanh(x)).sum() }),
    ("softmax entropy", { x in -(softmax(x) * logSoftmax(x)).sum() }),
    ("matmul chain", { x in tanh(matmul(x.reshaped(to: [2, 2]), x.reshaped(to: [2, 2]).transposed())).sum() }),
    ("broadcast and reductions", { x in (x.reshaped(to: [4, 1]) * x).max(axes: [1]).sum() + x.variance() }),
  ]

  func expectClose(_ a: Tensor, _ b: Tensor, sourceLocation: SourceLocation = #_sourceLocation) {
    expectAgreement(a, b, tolerance: Self.tolerance, sourceLocation: sourceLocation)
  }

  @Test(arguments: functions.indices)
  func backwardAndDoubleBackwardAgreeWithGradAndHVP(_ index: Int) {
    let f = Self.functions[index].f
    let point = Tensor([0.3, -1.2, 0.8, 0.45])
    let v = Tensor([1.0, -0.5, 0.25, 2.0])
    let x = point.requiringGrad()
    f(x).backward()
    expectClose(x.grad!, grad(of: f)(point))
    let y = point.requiringGrad()
    let gradient = gradients(of: [f(y)], wrt: [y], createGraph: true)[0]!
    let hessianVector = gradients(of: [(gradient * v).sum()], wrt: [y])[0]!
    expectClose(hessianVector, hvp(at: point, along: v, of: f))
  }
}

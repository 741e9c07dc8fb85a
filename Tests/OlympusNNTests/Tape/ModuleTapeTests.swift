import OlympusCore
import OlympusNN
import Testing

/// The PyTorch-style path: parameters that require gradients, `backward()`, `grad`, and module
/// backward hooks; gradients equal the functional ones (same VJP rules, so up to rounding of a
/// different accumulation order: `Closeness` bound 10⁻¹² in float64).
@Suite("Modules on the eager tape")
struct ModuleTapeTests {
  let key = Random.key(31)
  let x = Random.normal(Random.key(32), shape: [6, 4], dtype: .float64)
  let labels = Tensor([0, 2, 1, 1, 0, 2])

  func model() -> Sequential<Linear, Activation, LayerNorm, Linear> {
    Sequential(
      Linear(inputFeatures: 4, outputFeatures: 5, key: Random.foldIn(key, 0), dtype: .float64), Activation.gelu,
      LayerNorm(normalizedShape: [5], dtype: .float64),
      Linear(inputFeatures: 5, outputFeatures: 3, key: Random.foldIn(key, 1), dtype: .float64))
  }

  @Test func backwardFillsGradWithTheFunctionalGradient() throws {
    let plain = model()
    let tracked = plain.requiringGrad()
    #expect(tracked.parameters.allSatisfy { $0.requiresGrad })
    #expect(!plain.parameters.contains { $0.requiresGrad }, "the original module is untouched")
    crossEntropy(tracked(x), labels).backward()
    let functional = grad(of: { (m: Sequential<Linear, Activation, LayerNorm, Linear>) in crossEntropy(m(x), labels) })(plain)
    for ((path, parameter), (_, expected)) in zip(tracked.namedParameters, functional.namedParameters) {
      let gradient = try #require(parameter.grad, "no grad for \(path)")
      expectAgreement(gradient, expected, tolerance: 1e-12, path)
    }
    tracked.zeroGrad()
    #expect(tracked.parameters.allSatisfy { $0.grad == nil })
  }

  @Test func buffersDoNotRequireGradients() {
    let layer = BatchNorm(featureCount: 4, dtype: .float64).requiringGrad()
    #expect(layer.weight!.requiresGrad && layer.bias!.requiresGrad)
    #expect(!layer.runningMean.requiresGrad && !layer.runningVariance.requiresGrad)
    let (output, updated) = layer.forward(x, mode: .training(key: nil))
    output.sum().backward()
    #expect(layer.weight!.grad != nil)
    #expect(!updated.runningMean.requiresGrad, "the running statistics are detached")
  }

  @Test func backwardHookSeesBothGradientsAndCanReplaceTheInputs() throws {
    let layer = Linear(inputFeatures: 4, outputFeatures: 3, key: key, dtype: .float64).requiringGrad()
    let input = x.requiringGrad()
    let cotangent = Random.normal(Random.key(33), shape: [6, 3], dtype: .float64)
    nonisolated(unsafe) var seen: [(Tensor?, Tensor)] = []
    let hooked = layer.registeringBackwardHook { gradInput, gradOutput in
      seen.append((gradInput, gradOutput))
      return gradInput.map { $0 * 2 }
    }
    #expect(hooked.namedParameters.map(\.path) == ["weight", "bias"], "the wrapper keeps the paths")
    // Tape hooks of non-leaf tensors live with the tensor (see BackwardHooked): keep the output.
    let output = hooked(input)
    (output * cotangent).sum().backward()
    #expect(seen.count == 1)
    let gradInput = try #require(seen.first?.0)
    expectAgreement(seen[0].1, cotangent, tolerance: 0, "gradient of the output")
    expectAgreement(gradInput, matmul(cotangent, layer.weight), tolerance: 1e-14, "gradient of the input")
    expectAgreement(try #require(input.grad), 2 * matmul(cotangent, layer.weight), tolerance: 1e-14, "replaced input gradient")
    expectAgreement(try #require(layer.weight.grad), matmul(cotangent.transposed(), x), tolerance: 1e-14, "weight gradient")
  }

  @Test func backwardHookWithAnInputThatNeedsNoGradient() {
    let layer = Linear(inputFeatures: 4, outputFeatures: 3, key: key, dtype: .float64).requiringGrad()
    nonisolated(unsafe) var calls: [(Bool, [Int])] = []
    let hooked = layer.registeringBackwardHook { gradInput, gradOutput in
      calls.append((gradInput == nil, gradOutput.shape))
      return nil
    }.registeringBackwardHook { _, _ in
      calls.append((true, []))
      return nil
    }
    let output = hooked(x)
    output.sum().backward()
    #expect(calls.map(\.0) == [true, true])
    #expect(calls.first?.1 == [6, 3])
    // Under a transformation the hooks do not run, and the wrapper is still a plain module.
    let gradient = grad(of: { (m: BackwardHooked<Linear>) in m(x).sum() })(hooked)
    #expect(gradient.hooks.isEmpty && calls.count == 2)
  }
}

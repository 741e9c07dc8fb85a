import Olympus

#if canImport(_Differentiation) && canImport(OlympusDifferentiation)
import _Differentiation
import OlympusDifferentiation
#endif

/// W3's multilayer perceptron 784-512-512-10 with weights stored [in, out], as the peers store
/// them, written by hand (no layers), so the functional and tape systems run the same arithmetic.
struct W3Network: TensorTree {
  var w1, b1, w2, b2, w3, b3: Tensor

  /// The peer README's initial parameters: det_uniform weights (seeds 12–14, scale 0.125), zero
  /// biases.
  static func initial() -> W3Network {
    W3Network(
      w1: DeterministicInputs.uniformTensor([784, 512], seed: 12, scale: 0.125), b1: Tensor.zeros([512]),
      w2: DeterministicInputs.uniformTensor([512, 512], seed: 13, scale: 0.125), b2: Tensor.zeros([512]),
      w3: DeterministicInputs.uniformTensor([512, 10], seed: 14, scale: 0.125), b3: Tensor.zeros([10]))
  }

  /// Mean softmax cross-entropy with integer labels: `logSumExp(z) - z[label]`.
  #if canImport(_Differentiation) && canImport(OlympusDifferentiation)
  @differentiable(reverse)
  #endif
  func loss(_ x: Tensor, _ labels: Tensor) -> Tensor {
    let h1 = relu(matmul(x, w1) + b1)
    let h2 = relu(matmul(h1, w2) + b2)
    let z = matmul(h2, w3) + b3
    let picked = (z * oneHot(labels, count: 10)).sum(axes: [1])
    return (z.logSumExp(axes: [1]) - picked).mean()
  }
}

#if canImport(_Differentiation) && canImport(OlympusDifferentiation)
/// Swift's differentiation synthesizes the network's `TangentVector` (system `olympus-swift-ad`).
extension W3Network: Differentiable {}
#endif

extension Workload {
  /// W3, MLP training step: forward, backward and a plain SGD update (learning rate 0.01) of all six
  /// parameters, batch 128; parameters keep evolving across calls. Systems: `olympus`
  /// (`valueAndGrad` over the parameter struct), `olympus-swift-ad` (Swift's own `valueWithGradient(at:of:)`
  /// on the struct declared `Differentiable`, its synthesized tangent converted back to the
  /// struct with `tree(of:)`), `olympus-jit` (that step under `jit`, the batch
  /// passed as arguments, as the peers' `jax-jit`) and `olympus-tape` (leaves that require
  /// gradients, `backward()`, an update under `withNoGrad`). `loss0`/`loss1`: the loss before and
  /// after one update from the initial parameters.
  static let w3MLPTrainingStep = Workload(
    name: "W3", summary: "MLP 784-512-512-10 training step, batch 128, SGD 0.01, ms per step"
  ) { context in
    let x = DeterministicInputs.uniformTensor([128, 784], seed: 10, scale: 2)
    let labels = DeterministicInputs.labels(count: 128, seed: 11, classes: 10)
    let valueAndGradient = valueAndGrad(of: { (network: W3Network) in network.loss(x, labels) })
    func functionalStep(_ network: inout W3Network) -> Tensor {
      let (loss, gradient) = valueAndGradient(network)
      network = zipLeaves(network, gradient) { $0 - 0.01 * $1 }
      return loss
    }
    var probe = W3Network.initial()
    let losses = (functionalStep(&probe).item(as: Double.self), functionalStep(&probe).item(as: Double.self))
    var network = W3Network.initial()
    context.measureCall(
      "W3", extra: [("loss0", .number(losses.0)), ("loss1", .number(losses.1))]
    ) { functionalStep(&network) }

    #if canImport(_Differentiation) && canImport(OlympusDifferentiation)
    func swiftStep(_ network: inout W3Network) -> Tensor {
      let (loss, tangent) = valueWithGradient(at: network) { network in network.loss(x, labels) }
      network = zipLeaves(network, network.tree(of: tangent)) { $0 - 0.01 * $1 }
      return loss
    }
    var swiftProbe = W3Network.initial()
    let swiftLosses = (swiftStep(&swiftProbe).item(as: Double.self), swiftStep(&swiftProbe).item(as: Double.self))
    var swiftNetwork = W3Network.initial()
    context.measureCall(
      "W3", system: "olympus-swift-ad", extra: [("loss0", .number(swiftLosses.0)), ("loss1", .number(swiftLosses.1))]
    ) { swiftStep(&swiftNetwork) }
    #endif

    // jax.jit(mlp_step): the whole step (loss, gradient, update) staged once, batch as arguments.
    let jittedStep = jit { (network: W3Network, x: Tensor, labels: Tensor) -> (W3Network, Tensor) in
      let (loss, gradient) = valueAndGrad(of: { (network: W3Network) in network.loss(x, labels) })(network)
      return (zipLeaves(network, gradient) { $0 - 0.01 * $1 }, loss)
    }
    var jitNetwork = W3Network.initial()
    func jitStep(_ network: inout W3Network) -> Tensor {
      let (next, loss) = jittedStep(network, x, labels)
      network = next
      return loss
    }
    let first = firstCall { jittedStep(jitNetwork, x, labels) }
    let jitLosses = (jitStep(&jitNetwork).item(as: Double.self), jitStep(&jitNetwork).item(as: Double.self))
    jitNetwork = W3Network.initial()
    context.measureCall(
      "W3", system: "olympus-jit", extra: first + [("loss0", .number(jitLosses.0)), ("loss1", .number(jitLosses.1))]
    ) { jitStep(&jitNetwork) }

    func tapeStep(_ network: inout W3Network) -> Tensor {
      let leaves = network.mapLeaves { $0.requiringGrad() }
      let loss = leaves.loss(x, labels)
      loss.backward()
      network = withNoGrad { leaves.mapLeaves { $0.detached() - 0.01 * $0.grad! } }
      return loss.detached()
    }
    var tapeProbe = W3Network.initial()
    let tapeLosses = (tapeStep(&tapeProbe).item(as: Double.self), tapeStep(&tapeProbe).item(as: Double.self))
    var tapeNetwork = W3Network.initial()
    context.measureCall(
      "W3", system: "olympus-tape", extra: [("loss0", .number(tapeLosses.0)), ("loss1", .number(tapeLosses.1))]
    ) { tapeStep(&tapeNetwork) }
  }
}

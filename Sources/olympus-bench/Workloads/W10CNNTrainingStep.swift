import Olympus

/// W10's network (PyTorch's MNIST example CNN without dropout), parameters in PyTorch's layouts:
/// conv weights `[out, in, 3, 3]`, linear weights `[out, in]`.
struct W10Network: TensorTree {
  var conv1Weight, conv1Bias, conv2Weight, conv2Bias, fc1Weight, fc1Bias, fc2Weight, fc2Bias: Tensor

  /// The peer README's initial parameters: det_uniform weights (seeds 22–25), zero biases.
  static func initial() -> W10Network {
    W10Network(
      conv1Weight: DeterministicInputs.uniformTensor([32, 1, 3, 3], seed: 22, scale: 0.5), conv1Bias: Tensor.zeros([32]),
      conv2Weight: DeterministicInputs.uniformTensor([64, 32, 3, 3], seed: 23, scale: 0.125),
      conv2Bias: Tensor.zeros([64]),
      fc1Weight: DeterministicInputs.uniformTensor([128, 9216], seed: 24, scale: 1.0 / 64), fc1Bias: Tensor.zeros([128]),
      fc2Weight: DeterministicInputs.uniformTensor([10, 128], seed: 25, scale: 0.125), fc2Bias: Tensor.zeros([10]))
  }

  /// Mean softmax cross-entropy of the network's logits with integer labels.
  func loss(_ x: Tensor, _ labels: Tensor) -> Tensor {
    let a1 = relu(conv2d(x, weight: conv1Weight, bias: conv1Bias))
    let a2 = relu(conv2d(a1, weight: conv2Weight, bias: conv2Bias))
    let pooled = maxPool2d(a2, kernelSize: [2, 2])
    let h = relu(matmul(pooled.reshaped(to: [x.shape[0], 9216]), fc1Weight.transposed()) + fc1Bias)
    let z = matmul(h, fc2Weight.transposed()) + fc2Bias
    let picked = (z * oneHot(labels, count: 10)).sum(axes: [1])
    return (z.logSumExp(axes: [1]) - picked).mean()
  }

  /// x `[64, 1, 28, 28]` and labels `[64]` of the peer README.
  static func inputs() -> (x: Tensor, labels: Tensor) {
    (
      DeterministicInputs.uniformTensor([64, 1, 28, 28], seed: 20, scale: 2),
      DeterministicInputs.labels(count: 64, seed: 21, classes: 10)
    )
  }
}

extension Workload {
  /// W10, CNN training step: forward, backward and a plain SGD update (learning rate 0.01) of all
  /// eight parameters, batch 64; parameters keep evolving across calls. Systems as W3's: `olympus`
  /// (`valueAndGrad` over the parameter struct), `olympus-jit` (the whole step under `jit`) and
  /// `olympus-tape` (`backward()` on leaves, update under `withNoGrad`). `loss0`/`loss1` as W3's;
  /// `rss`: peak memory of the first and second step in a fresh process (`--w10-rss SYSTEM`).
  static let w10CNNTrainingStep = Workload(
    name: "W10", summary: "MNIST-example CNN training step, batch 64, SGD 0.01, ms per step"
  ) { context in
    let (x, labels) = W10Network.inputs()
    let step = w10Step(x, labels)
    func peakMemory(_ system: String) -> JSONMembers {
      context.options.skipPeakMemory ? [] : [("rss", PeakMemory.inFreshProcess(arguments: ["--w10-rss", system]))]
    }
    for system in ["olympus", "olympus-jit", "olympus-tape"] {
      let run = step(system)
      let first = system == "olympus-jit" ? firstCall { blackHole(run(W10Network.initial())) } : []
      var probe = W10Network.initial()
      var losses: [Double] = []
      for _ in 0..<2 {
        let (next, loss) = run(probe)
        probe = next
        losses.append(loss.item(as: Double.self))
      }
      var network = W10Network.initial()
      context.measureCall(
        "W10", system: system,
        extra: first + [("loss0", .number(losses[0])), ("loss1", .number(losses[1]))] + peakMemory(system)
      ) {
        let (next, loss) = run(network)
        network = next
        return loss
      }
    }
  }

  /// One W10 step of `system`: the updated parameters and the loss before the update.
  static func w10Step(_ x: Tensor, _ labels: Tensor) -> (String) -> (W10Network) -> (W10Network, Tensor) {
    { system in
      switch system {
      case "olympus-jit":
        let jitted = jit { (network: W10Network, x: Tensor, labels: Tensor) -> (W10Network, Tensor) in
          let (loss, gradient) = valueAndGrad(of: { (network: W10Network) in network.loss(x, labels) })(network)
          return (zipLeaves(network, gradient) { $0 - 0.01 * $1 }, loss)
        }
        return { network in jitted(network, x, labels) }
      case "olympus-tape":
        return { network in
          let leaves = network.mapLeaves { $0.requiringGrad() }
          let loss = leaves.loss(x, labels)
          loss.backward()
          return (withNoGrad { leaves.mapLeaves { $0.detached() - 0.01 * $0.grad! } }, loss.detached())
        }
      default:
        let valueAndGradient = valueAndGrad(of: { (network: W10Network) in network.loss(x, labels) })
        return { network in
          let (loss, gradient) = valueAndGradient(network)
          return (zipLeaves(network, gradient) { $0 - 0.01 * $1 }, loss)
        }
      }
    }
  }

  /// The fresh-process side of W10's memory measurement (`olympus-bench --w10-rss SYSTEM`): the
  /// inputs and initial parameters are built (and the jitted step staged, as the peers compile
  /// outside the measured call), then two steps are measured.
  static func w10PeakMemoryChild(system: String) -> JSONValue {
    guard ["olympus", "olympus-jit", "olympus-tape"].contains(system) else {
      return .object([("error", .string("unknown W10 system \(system)"))])
    }
    var state: (run: (W10Network) -> (W10Network, Tensor), network: W10Network)?
    var members = PeakMemory.report(prepare: {
      let (x, labels) = W10Network.inputs()
      let run = w10Step(x, labels)(system)
      if system == "olympus-jit" {
        blackHole(run(W10Network.initial()))
        BufferPool.trim()
      }
      state = (run, W10Network.initial())
    }) {
      let (next, loss) = state!.run(state!.network)
      state!.network = next
      return loss
    }
    members.append(("system", .string(system)))
    return .object(members)
  }
}

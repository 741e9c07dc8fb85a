import Olympus

/// W11's GPT-style pre-LayerNorm transformer block with a tied embedding, its parameters named as
/// the peer README names them (linear weights [out, in], PyTorch's layout), written with public
/// operations (no layers), so the functional, jitted and tape systems run the same arithmetic.
struct W11Model: TensorTree {
  var wte, wpe, ln1_g, ln1_b, attn_w, attn_b, proj_w, proj_b, ln2_g, ln2_b, fc_w, fc_b, fc2_w, fc2_b, lnf_g, lnf_b: Tensor

  static let (batch, length, width, heads, vocabulary, hidden) = (8, 128, 256, 4, 1000, 1024)

  /// The peer README's initial parameters: det_uniform matrices (seeds 27–32), LayerNorm gains 1,
  /// every bias 0. Each parameter is its own tensor (the tape accumulates gradients per tensor).
  static func initial() -> W11Model {
    var ones: Tensor { Tensor.ones([width]) }
    var zeros: Tensor { Tensor.zeros([width]) }
    return W11Model(
      wte: DeterministicInputs.uniformTensor([vocabulary, width], seed: 27, scale: 0.125),
      wpe: DeterministicInputs.uniformTensor([length, width], seed: 28, scale: 0.125), ln1_g: ones, ln1_b: zeros,
      attn_w: DeterministicInputs.uniformTensor([3 * width, width], seed: 29, scale: 0.125),
      attn_b: Tensor.zeros([3 * width]), proj_w: DeterministicInputs.uniformTensor([width, width], seed: 30, scale: 0.125),
      proj_b: zeros, ln2_g: ones, ln2_b: zeros,
      fc_w: DeterministicInputs.uniformTensor([hidden, width], seed: 31, scale: 0.125), fc_b: Tensor.zeros([hidden]),
      fc2_w: DeterministicInputs.uniformTensor([width, hidden], seed: 32, scale: 0.0625), fc2_b: zeros,
      lnf_g: ones, lnf_b: zeros)
  }

  /// The token ids [8, 128] and targets [8, 128]: det_labels(8·129, 26, 1000) as [8, 129], ids the
  /// first 128 columns, targets the last 128.
  static func tokens() -> (ids: Tensor, targets: Tensor) {
    let tokens = DeterministicInputs.labels(count: batch * (length + 1), seed: 26, classes: vocabulary)
      .reshaped(to: [batch, length + 1])
    return (tokens[0..., 0..<length], tokens[0..., 1...])
  }

  /// Mean next-token cross-entropy over the 8·128 positions.
  func loss(_ ids: Tensor, _ targets: Tensor) -> Tensor {
    let (b, t, d, h) = (Self.batch, Self.length, Self.width, Self.heads)
    var x = wte.take(ids, axis: 0) + wpe
    let u = layerNorm(x, weight: ln1_g, bias: ln1_b)
    // [8, 128, 768] → [3, 8, 4, 128, 64] → q, k, v [8, 4, 128, 64] with the heads as a batch axis,
    // split as the peer's `.split(D, dim=-1)` (one concatenation in the backward pass).
    let qkv = (matmul(u, attn_w.transposed()) + attn_b).reshaped(to: [b, t, 3, h, d / h]).transposed([2, 0, 3, 1, 4])
      .split(into: 3).map { $0.reshaped(to: [b, h, t, d / h]) }
    let attended = scaledDotProductAttention(query: qkv[0], key: qkv[1], value: qkv[2], isCausal: true)
    x = x + matmul(attended.swappingAxes(1, 2).reshaped(to: [b, t, d]), proj_w.transposed()) + proj_b
    let hidden = gelu(matmul(layerNorm(x, weight: ln2_g, bias: ln2_b), fc_w.transposed()) + fc_b, approximate: true)
    x = x + matmul(hidden, fc2_w.transposed()) + fc2_b
    let logits = matmul(layerNorm(x, weight: lnf_g, bias: lnf_b), wte.transposed())
    return crossEntropy(logits, targets)
  }
}

extension Workload {
  /// W11, transformer block training step: forward, backward and an Adam update (lr 1e-3,
  /// PyTorch's defaults otherwise) of all 16 parameters; parameters and Adam's state keep evolving
  /// across calls. Systems: `olympus` (`valueAndGrad` over the parameter struct, `Optimizer.update`),
  /// `olympus-jit` (the whole step, Adam included, under `jit` with the model and state donated, as
  /// the peers' `jax-jit`) and `olympus-tape` (leaves that require gradients, `backward()`,
  /// `Optimizer.step`). `loss0`/`loss1`: the loss before and after one update; `rss`: peak memory of
  /// the first and second step in a fresh process.
  static let w11TransformerStep = Workload(
    name: "W11", summary: "pre-LayerNorm transformer block LM training step, batch 8x128, width 256, Adam, ms per step"
  ) { context in
    let (ids, targets) = W11Model.tokens()
    for system in ["olympus", "olympus-jit", "olympus-tape"] {
      var step = w11Step(system: system, ids: ids, targets: targets)
      let first = system == "olympus-jit" ? firstCall { step() } : []
      var probe = w11Step(system: system, ids: ids, targets: targets)
      let losses = (probe().item(as: Double.self), probe().item(as: Double.self))
      step = w11Step(system: system, ids: ids, targets: targets)
      let rss: JSONMembers =
        context.options.skipPeakMemory ? [] : [("rss", PeakMemory.inFreshProcess(arguments: ["--w11-rss", system]))]
      context.measureCall(
        "W11", system: system, extra: first + [("loss0", .number(losses.0)), ("loss1", .number(losses.1))] + rss
      ) { step() }
    }
  }

  /// A training step of `system` from the initial parameters, returning the loss before the
  /// update; each call advances the model and Adam's state.
  static func w11Step(system: String, ids: Tensor, targets: Tensor) -> () -> Tensor {
    var model = W11Model.initial()
    let adam = Adam(learningRate: 1e-3)
    switch system {
    case "olympus-jit":
      var state = adam.initialState(for: model)
      let jitted = jit(donating: [0, 1]) { (model: W11Model, state: Adam.State, ids: Tensor, targets: Tensor) in
        let (loss, gradient) = valueAndGrad(of: { (m: W11Model) in m.loss(ids, targets) })(model)
        var state = state
        let updates = adam.update(gradient, state: &state, parameters: model)
        return (applyUpdates(updates, to: model), state, loss)
      }
      return {
        let (next, nextState, loss) = jitted(model, state, ids, targets)
        (model, state) = (next, nextState)
        return loss
      }
    case "olympus-tape":
      model = model.mapLeaves { $0.requiringGrad() }
      var optimizer = Optimizer(adam, for: model)
      return {
        optimizer.zeroGrad(&model)
        let loss = model.loss(ids, targets)
        loss.backward()
        optimizer.step(&model)
        return loss.detached()
      }
    default:
      var optimizer = Optimizer(adam, for: model)
      let valueAndGradient = valueAndGrad(of: { (m: W11Model) in m.loss(ids, targets) })
      return {
        let (loss, gradient) = valueAndGradient(model)
        optimizer.update(&model, along: gradient)
        return loss
      }
    }
  }

  /// The fresh-process side of W11's memory measurement (`olympus-bench --w11-rss SYSTEM`): the
  /// peak of the first and second training step (the jitted step staged by its first call, as the
  /// peers compile before measuring).
  static func w11PeakMemoryChild(system: String) -> JSONValue {
    guard ["olympus", "olympus-jit", "olympus-tape"].contains(system) else {
      return .object([("error", .string("unknown W11 system \(system)"))])
    }
    let (ids, targets) = W11Model.tokens()
    let step = w11Step(system: system, ids: ids, targets: targets)
    var members = PeakMemory.report(prepare: {}) { step() }
    members.append(("system", .string(system)))
    return .object(members)
  }
}

import Olympus

/// Reproduces the worked numbers of the seed documents 000, 001 and 002 with Olympus.
func runSeeds() throws {
  seed000()
  try seed001()
  seed002()
}

/// Seed 000: VJPs through h(x) = exp(x²) and L = ‖h − y‖², functionally and on the tape.
func seed000() {
  section("Seed 000: VJPs of h(x) = exp(x²), L = ‖h − y‖², x = [1, 2]")
  let x = Tensor([1.0, 2.0])
  let y = Tensor([9.48773584, 518.01282467])
  let h = { (x: Tensor) in exp(x * x) }
  let loss = { (h: Tensor) in ((h - y) * (h - y)).sum() }
  print("h =", h(x).scalars(as: Double.self), " L =", loss(h(x)).item(as: Double.self))
  let dLdh = grad(of: loss)(h(x))
  let (f1, pullbackF1) = vjp(at: x) { x in x * x }
  let (_, pullbackF2) = vjp(at: f1) { f1 in exp(f1) }
  let dLdf1 = pullbackF2(dLdh)
  print("dL/dh  =", dLdh.scalars(as: Double.self))
  print("dL/df1 =", dLdf1.scalars(as: Double.self))
  print("dL/dx  =", pullbackF1(dLdf1).scalars(as: Double.self))
  let v = Tensor([1.0, 1.0])
  print("HVP of L at h along v = [1, 1]:", hvp(at: h(x), along: v, of: loss).scalars(as: Double.self), "(= 2v)")
  // The same through the tape, as TensorFlow's tf.gradients(L, [h, f1]) does.
  let leaf = x.requiringGrad()
  let tapeF1 = leaf * leaf
  let tapeH = exp(tapeF1)
  let grads = gradients(of: [loss(tapeH)], wrt: [tapeH, tapeF1, leaf])
  print("tape: dL/dh, dL/df1, dL/dx =", grads.map { $0!.scalars(as: Double.self) })
}

/// Seed 001: ten epochs of gradient descent on the linear regression of the reference data.
func seed001() throws {
  section("Seed 001: linear regression, 10 epochs of gradient descent (learning rate 0.01)")
  let reference = try LinearRegressionSeed.load()
  var parameters = [reference.w, reference.b]
  let step = valueAndGrad(of: { (p: [Tensor]) -> Tensor in
    let residual = matmul(reference.x, p[0]) + p[1] - reference.y
    return (residual * residual).sum()
  })
  var losses: [Float] = []
  for _ in 0..<10 {
    let (loss, gradient) = step(parameters)
    losses.append(loss.item(as: Float.self))
    parameters = zip(parameters, gradient).map { $0 - 0.01 * $1 }
  }
  print("losses:", losses)
  print("final W:", parameters[0].scalars(as: Float.self), " b:", parameters[1].scalars(as: Float.self))
}

/// Seed 002: PyTorch's autograd walk-through on the eager tape.
func seed002() {
  section("Seed 002: the eager tape")
  let input = Tensor.linspace(0, 2 * Double.pi, count: 25).requiringGrad()
  let out1 = sin(input)
  let out2 = 2 * out1
  let out3 = out2 + 1
  let out4 = out3.sum()
  out4.backward()
  print("grad of Σ(2 sin(x) + 1) over linspace(0, 2π, 25):", input.grad!.scalars(as: Float.self).prefix(5), "…")
  print("out3.gradFn:", out3.gradFn!, " next:", out3.gradFn!.nextFunctions.map { $0.function?.description ?? "nil" })
  print("chain:", [out3.gradFn!, out2.gradFn!, out1.gradFn!, out1.gradFn!.nextFunctions[0].function!].map(\.name))
  let x = Tensor([1.0, 2.0, 3.0] as [Float]).requiringGrad()
  (x * 2).backward(gradient: Tensor([1, 0.1, 0.01] as [Float]))
  print("y = 2x, y.backward(gradient: [1, 0.1, 0.01]): x.grad =", x.grad!.scalars(as: Float.self), " leaf:", x.isLeaf)
  let w = Tensor([1.0, 2.0, 3.0] as [Float]).requiringGrad()
  (Tensor([1, 2, 3] as [Float]) * w).sum().backward()
  print("w.grad with x1:", w.grad!.scalars(as: Float.self))
  w.grad = nil
  (Tensor([4, 5, 6] as [Float]) * w).sum().backward()
  print("w.grad with x2:", w.grad!.scalars(as: Float.self))
  w.grad = nil
  (Tensor([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3]) * w).sum().backward()
  print("mini-batch gradient with x1 and x2:", w.grad!.scalars(as: Float.self))
  let a = Tensor.ones([2, 3]).requiringGrad()
  let b = Tensor.ones([2, 3]).requiringGrad()
  print("a * b records:", (a * b).gradFn!, "; under withNoGrad:", withNoGrad { a * b }.gradFn as Any,
    "; detached:", (a.detached() * b.detached()).gradFn as Any)
  print("graph of Σ(2 sin(x) + 1) in DOT:\n" + out4.gradFn!.dot())

  // The notebook's opening cell: a linear model, a squared-error loss, backward and one SGD step.
  let keys = Random.split(Random.key(2), count: 3)
  var model = Linear(inputFeatures: 100, outputFeatures: 2, key: keys[0]).requiringGrad()
  let batch = Random.normal(keys[1], shape: [16, 100])
  let expected = Random.normal(keys[2], shape: [16, 2])
  let loss = pow(expected - model(batch), 2).sum()
  loss.backward()
  print("Linear(100, 2): loss \(loss.item(as: Float.self)), weight.grad \(model.weight.grad!.shape),",
    "bias.grad \(model.bias!.grad!.scalars(as: Float.self))")
  var optimizer = Optimizer(SGD(learningRate: 0.001), for: model)
  optimizer.step(&model)
  print("after optimizer.step(): loss \(pow(expected - model(batch), 2).sum().item(as: Float.self))")
}

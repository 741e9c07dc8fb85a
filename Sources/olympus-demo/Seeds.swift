import Foundation
import Olympus

/// Reproduces the worked numbers of the seed documents 000, 001 and 002 with Olympus, each printed
/// with what it is and the value the seed document (or its closed form) gives.
func runSeeds() throws {
  seed000()
  try seed001()
  seed002()
}

/// Prints one computed quantity: what it is, the values Olympus computes and the expected values.
func report(_ what: String, _ got: [Double], expected: [Double], source: String) {
  print("\(what)\n    got      \(numbers(got))\n    expected \(numbers(expected))  (\(source))")
}

/// Prints one computed description beside the expected one.
func report(_ what: String, _ got: String, expected: String) {
  print("\(what)\n    got      \(got)\n    expected \(expected)")
}

/// Numbers with 8 significant digits, as the seed documents print them: `[-13.538908, -926.82935]`.
func numbers(_ values: [Double]) -> String {
  "[" + values.map { String(format: "%.8g", $0) }.joined(separator: ", ") + "]"
}

/// Seed 000: VJPs through h(x) = exp(x²) and L = ‖h − y‖², functionally and on the tape.
func seed000() {
  section("Seed 000: VJPs of h(x) = exp(x²) and L = ‖h − y‖² at x = [1, 2], y = h([1.5, 2.5])")
  let source = "seed 000's printed values"
  let x = Tensor([1.0, 2.0])
  let y = Tensor([9.48773584, 518.01282467])
  let h = { (x: Tensor) in exp(x * x) }
  let loss = { (h: Tensor) in ((h - y) * (h - y)).sum() }
  report("h = exp(x²)", h(x).scalars(as: Double.self), expected: [2.71828183, 54.59815003], source: source)
  report("L = ‖h − y‖²", [loss(h(x)).item()], expected: [214798.986], source: source)
  let dLdh = grad(of: loss)(h(x))
  let (f1, pullbackF1) = vjp(at: x) { x in x * x }
  let (_, pullbackF2) = vjp(at: f1) { f1 in exp(f1) }
  let dLdf1 = pullbackF2(dLdh)
  let dLdx = pullbackF1(dLdf1)
  let expectedDLdh = [-13.53890802, -926.82934927]
  let expectedDLdf1 = [-36.8025676, -50603.1679]
  let expectedDLdx = [-73.6051353, -202412.671]
  report("dL/dh = 2(h − y), the gradient of L", dLdh.scalars(as: Double.self), expected: expectedDLdh, source: source)
  report("dL/df1, dL/dh pulled back through f2 = exp", dLdf1.scalars(as: Double.self), expected: expectedDLdf1, source: source)
  report("dL/dx, pulled back through f1 = x²", dLdx.scalars(as: Double.self), expected: expectedDLdx, source: source)
  let v = Tensor([1.0, 1.0])
  report(
    "Hessian–vector product of L at h along v = [1, 1]", hvp(at: h(x), along: v, of: loss).scalars(as: Double.self),
    expected: [2, 2], source: "∇²L = 2I, so 2v")
  // The same through the tape, as TensorFlow's tf.gradients(L, [h, f1]) does.
  let leaf = x.requiringGrad()
  let tapeF1 = leaf * leaf
  let tapeH = exp(tapeF1)
  let grads = gradients(of: [loss(tapeH)], wrt: [tapeH, tapeF1, leaf]).map { $0!.scalars(as: Double.self) }
  report("tape: dL/dh", grads[0], expected: expectedDLdh, source: source)
  report("tape: dL/df1", grads[1], expected: expectedDLdf1, source: source)
  report("tape: dL/dx", grads[2], expected: expectedDLdx, source: source)
}

/// Seed 001: ten epochs of gradient descent on the linear regression of the reference data.
func seed001() throws {
  let reference = try LinearRegressionSeed.load()
  section(
    "Seed 001: linear regression, \(reference.epochs) epochs of gradient descent "
      + "(learning rate \(reference.learningRate)), in float32")
  let source = "JAX's float32 run in the seed's reference file; float32 sums in another order differ in the last digits"
  var parameters = [reference.w, reference.b]
  let step = valueAndGrad(of: { (p: [Tensor]) -> Tensor in
    let residual = matmul(reference.x, p[0]) + p[1] - reference.y
    return (residual * residual).sum()
  })
  var losses: [Double] = []
  for _ in 0..<reference.epochs {
    let (loss, gradient) = step(parameters)
    losses.append(loss.item())
    parameters = zip(parameters, gradient).map { $0 - reference.learningRate * $1 }
  }
  report("loss Σ(xW + b − y)² before each epoch's step", losses, expected: reference.expectedLosses, source: source)
  report(
    "final W and b", parameters[0].scalars(as: Double.self) + parameters[1].scalars(as: Double.self),
    expected: reference.expectedFinalParameters, source: source)
}

/// Seed 002: PyTorch's autograd walk-through on the eager tape.
func seed002() {
  section("Seed 002: the eager tape (PyTorch's autograd walk-through)")
  let input = Tensor.linspace(0, 2 * Double.pi, count: 25).requiringGrad()
  let out1 = sin(input)
  let out2 = 2 * out1
  let out3 = out2 + 1
  let out4 = out3.sum()
  out4.backward()
  let points = (0..<5).map { 2 * Double.pi * Double($0) / 24 }
  report(
    "input.grad of Σ(2 sin(x) + 1) over linspace(0, 2π, 25), first 5", input.grad!.scalars(as: Double.self).prefix(5).map { $0 },
    expected: points.map { 2 * cos($0) }, source: "2 cos(x), rounded to float32")
  report(
    "out3.gradFn and its nextFunctions",
    "\(out3.gradFn!) next: \(out3.gradFn!.nextFunctions.map { $0.function?.description ?? "nil" })",
    expected: "<AddBackward> next: [\"<MulBackward>\", \"nil\"]  (PyTorch: AddBackward0, MulBackward0, None)")
  report(
    "the chain back to the leaf",
    "\([out3.gradFn!, out2.gradFn!, out1.gradFn!, out1.gradFn!.nextFunctions[0].function!].map(\.name))",
    expected: "[\"AddBackward\", \"MulBackward\", \"SinBackward\", \"AccumulateGrad\"]")
  let x = Tensor([1.0, 2.0, 3.0] as [Float]).requiringGrad()
  (x * 2).backward(gradient: Tensor([1, 0.1, 0.01] as [Float]))
  report(
    "x.grad after y = 2x, y.backward(gradient: [1, 0.1, 0.01])", x.grad!.scalars(as: Double.self),
    expected: [2, 0.2, 0.02], source: "2·gradient, in float32")
  let w = Tensor([1.0, 2.0, 3.0] as [Float]).requiringGrad()
  (Tensor([1, 2, 3] as [Float]) * w).sum().backward()
  report("w.grad of Σ(x1·w), x1 = [1, 2, 3]", w.grad!.scalars(as: Double.self), expected: [1, 2, 3], source: "x1")
  w.grad = nil
  (Tensor([4, 5, 6] as [Float]) * w).sum().backward()
  report("w.grad of Σ(x2·w) after clearing, x2 = [4, 5, 6]", w.grad!.scalars(as: Double.self), expected: [4, 5, 6], source: "x2")
  w.grad = nil
  (Tensor([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3]) * w).sum().backward()
  report("w.grad of the mini-batch [x1, x2]", w.grad!.scalars(as: Double.self), expected: [5, 7, 9], source: "x1 + x2")
  let a = Tensor.ones([2, 3]).requiringGrad()
  let b = Tensor.ones([2, 3]).requiringGrad()
  report(
    "gradFn of a * b; under withNoGrad; of detached tensors",
    "\((a * b).gradFn!); \(withNoGrad { a * b }.gradFn as Any); \((a.detached() * b.detached()).gradFn as Any)",
    expected: "<MulBackward>; nil; nil")
  print("graph of Σ(2 sin(x) + 1) in DOT:\n" + out4.gradFn!.dot())

  // The notebook's opening cell: a linear model, a squared-error loss, backward and one SGD step.
  let keys = Random.split(Random.key(2), count: 3)
  var model = Linear(inputFeatures: 100, outputFeatures: 2, key: keys[0]).requiringGrad()
  let batch = Random.normal(keys[1], shape: [16, 100])
  let expected = Random.normal(keys[2], shape: [16, 2])
  let loss = pow(expected - model(batch), 2).sum()
  loss.backward()
  print(
    "Linear(100, 2) on random data (Olympus's keys, so no printed value to match): loss \(loss.item()),",
    "weight.grad \(model.weight.grad!.shape), bias.grad \(model.bias!.grad!.scalars(as: Float.self))")
  var optimizer = Optimizer(SGD(learningRate: 0.001), for: model)
  optimizer.step(&model)
  let after = pow(expected - model(batch), 2).sum().item()
  print("after optimizer.step(): loss \(after) (expected: below \(loss.item()), one SGD step downhill)")
}

import Olympus

/// Prints a section heading.
func section(_ title: String) {
  print("\n== \(title)")
}

/// A short tour of Olympus: tensors, NumPy-style operations, random numbers and derivatives.
func runTour() {
  section("Tensors")
  let x = Tensor([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3])
  print(x)
  print("shape \(x.shape), dtype \(x.dtype), 0-d:", Tensor(3.5), "zero-size:", Tensor.zeros([0, 3]).shape)
  print("arange:", Tensor.arange(5), "\nlinspace:", Tensor.linspace(0, 1, count: 5))

  section("Operations (broadcasting, promotion, reductions)")
  let y = exp(x / 6) * 2 + x.mean(axes: [1], keepDims: true)
  print("exp(x / 6) * 2 + row means (stays float32):", y)
  print("sum over rows:", x.sum(axes: [1]), " argmax per row:", x.argmax(axis: 1))
  print("matmul(x, xᵀ):", matmul(x, x.transposed()))
  print("columns reversed (a view):", x[.all, .slice(step: -1)])
  print("softmax of the first row:", softmax(x[0]))
  print("int32 + float64 promotes:", (Tensor([1, 2] as [Int32]) + Tensor([0.5, 0.25])).dtype)

  section("Random numbers with splittable keys")
  let keys = Random.split(Random.key(42), count: 3)
  print("normal:", Random.normal(keys[0], shape: [2, 3]))
  print("uniform in [-1, 1):", Random.uniform(keys[1], shape: [4], minimum: -1, maximum: 1))
  print("a permutation of 0..<8:", Random.permutation(keys[2], count: 8))
  print("same key, same numbers:", Random.uniform(keys[1], shape: [2]), Random.uniform(keys[1], shape: [2]))

  section("Derivatives")
  let f = { (x: Tensor) in pow(tanh(x), 2).sum() }
  let point = Tensor([0.5, -1.0, 2.0])
  print("f(x) = Σ tanh(x)²; ∇f:", grad(of: f)(point))
  print("Hessian-vector product along [1, 0, 0]:", hvp(at: point, along: Tensor([1.0, 0, 0]), of: f))

  section("Staging with jit")
  print("jit(grad(of: f)) staged once:", jit(grad(of: f))(point))
  let line = Linear(inputFeatures: 3, outputFeatures: 1, key: keys[0])
  let inputs = Random.normal(keys[1], shape: [16, 3])
  let targets = matmul(inputs, Tensor([1, -2, 0.5] as [Float], shape: [3, 1])) + 1
  let adam = Adam(learningRate: 0.1)
  // A whole training step (loss, gradient, Adam's update) as one staged function of trees.
  let trainingStep = jit(donating: [0, 1]) {
    (model: Linear, state: OptimizerState<Adam.ParameterState>, x: Tensor, y: Tensor) in
    let (loss, gradient) = valueAndGrad(of: { (model: Linear) in mse(model(x), y) })(model)
    var state = state
    let updates = adam.update(gradient, state: &state, parameters: model)
    return (applyUpdates(updates, to: model), state, loss)
  }
  var (model, state) = (line, adam.initialState(for: line))
  var losses: [Float] = []
  for _ in 0..<5 {
    let loss: Tensor
    (model, state, loss) = trainingStep(model, state, inputs, targets)
    losses.append(loss.item(as: Float.self))
  }
  print("jitted Adam steps on a linear model, losses:", losses)

  section("Errors name the operation and the shapes")
  do {
    _ = try withErrorChecking { matmul(Tensor.ones([3, 4]), Tensor.ones([5, 2])) }
  } catch {
    print("caught:", error)
  }
}

import Olympus

extension Workload {
  /// W8, the linear-regression example: `loss = sum((x W + b - y)²)`, ten epochs of full-batch
  /// gradient descent with `valueAndGrad` over `[W, b]` (an array of tensors is a tree), the loss
  /// recorded before each update, `p = p + (-0.01) · g`. One call = all ten epochs from the initial
  /// parameters, including reading the losses out as `Double`s. `olympus-jit` runs each epoch's
  /// step (loss, gradient, update) under `jit`, as the peers' `jax-jit`. Inputs and reference
  /// losses: `LinearRegressionSeed` (bundled with OlympusData).
  static let w8LinearRegression = Workload(
    name: "W8", summary: "linear regression, 10 epochs of valueAndGrad over [W, b]"
  ) { context in
    // The bundled data set is part of the library; a missing resource is a broken build.
    let data = try! LinearRegressionSeed.load()
    let (x, y, w, b) = (data.x, data.y, data.w, data.b)
    let step = valueAndGrad(of: { (p: [Tensor]) -> Tensor in
      let residual = matmul(x, p[0]) + p[1] - y
      return (residual * residual).sum()
    })
    // jax.jit(step8): one epoch's loss, gradient and update staged once, the data as arguments;
    // the epochs loop in Swift, as the peers' `jax-jit` loops in Python.
    let jittedStep = jit { (p: [Tensor], x: Tensor, y: Tensor) -> ([Tensor], Tensor) in
      let (loss, gradient) = valueAndGrad(of: { (p: [Tensor]) -> Tensor in
        let residual = matmul(x, p[0]) + p[1] - y
        return (residual * residual).sum()
      })(p)
      return (zip(p, gradient).map { $0 + (-data.learningRate) * $1 }, loss)
    }
    let systems: [(system: String, extra: JSONMembers, step: ([Tensor]) -> (loss: Tensor, parameters: [Tensor]))] = [
      ("olympus", [], { parameters in
        let (loss, gradient) = step(parameters)
        return (loss, zip(parameters, gradient).map { $0 + (-data.learningRate) * $1 })
      }),
      ("olympus-jit", firstCall { jittedStep([w, b], x, y) }, { parameters in
        let (next, loss) = jittedStep(parameters, x, y)
        return (loss, next)
      }),
    ]
    for entry in systems {
      let train = { () -> (losses: [Double], parameters: [Tensor]) in
        var parameters = [w, b]
        var losses: [Double] = []
        for _ in 0..<data.epochs {
          let (loss, next) = entry.step(parameters)
          losses.append(loss.item(as: Double.self))
          parameters = next
        }
        return (losses, parameters)
      }
      context.measureCall(
        "W8", system: entry.system, extra: entry.extra, perCallMicroseconds: true,
        describe: { (result: (losses: [Double], parameters: [Tensor])) in
          let final = result.parameters.flatMap { $0.scalars(as: Double.self) }
          let relativeErrors = zip(result.losses, data.expectedLosses).map { abs($0 - $1) / abs($1) }
          let maximumError = relativeErrors.max() ?? .nan
          return [
            ("losses", .array(result.losses.map { .number($0) })),
            ("losses_str", .array(result.losses.map { .string(Float($0).description) })),
            ("final_W", .array(final.prefix(2).map { .number($0) })),
            ("final_b", .array(final.dropFirst(2).map { .number($0) })),
            ("reference_losses", .array(data.expectedLosses.map { .number($0) })),
            ("max_rel_diff_vs_reference", .number(maximumError)),
            // 1e-5: float32 systems differ from the reference by 1–2 ulp (≈ 1e-7) with summation
            // order (linreg_seed.json's tolerance note); a wrong gradient is off by far more.
            ("matches_reference", .bool(result.losses.count == data.epochs && maximumError <= 1e-5)),
            ("note", .string("one rep = all 10 epochs from the initial params, incl. loss.item(as: Double.self)")),
          ]
        }, train)
    }
  }
}

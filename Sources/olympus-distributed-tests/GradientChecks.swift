import Olympus

/// A small regression model in float64.
struct Regression: TensorTree {
  var weight: Tensor
  var bias: Tensor
}

/// Σ over the rows of (tanh(x·w + b) − y)².
func squaredError(_ model: Regression, _ x: Tensor, _ y: Tensor) -> Tensor {
  let residual = tanh(matmul(x, model.weight) + model.bias) - y
  return (residual * residual).sum()
}

/// ⟨a, b⟩ summed over the elements.
func inner(_ a: Tensor, _ b: Tensor) -> Tensor { (a * b).sum() }

func checkGradients() {
  let (rank, size) = (Distributed.rank, Distributed.size)
  let keys = Random.split(Random.key(11), count: 6)
  // The same whole batch on every rank (same keys); each rank keeps its block of rows.
  let x = Random.normal(keys[0], shape: [4 * size, 3], dtype: .float64)
  let y = Random.normal(keys[1], shape: [4 * size], dtype: .float64) * 0.5
  let (localX, localY) = (Distributed.shard(x), Distributed.shard(y))
  let model = Regression(weight: Random.normal(keys[2], shape: [3], dtype: .float64) * 0.5, bias: Tensor(0.1))
  let direction = Regression(weight: Random.normal(keys[3], shape: [3], dtype: .float64), bias: Tensor(-0.3))

  // Reassociating a float64 sum of at most 12 rows (3 ranks × 4) moves it by at most
  // 12·ε·Σ|terms|; derivatives here are O(1) with O(1) terms, so 1e-13 relative to their size
  // (about 450 ε) covers the bound with room for the chain's own roundings.
  func close(_ a: Tensor, _ b: Tensor) -> Bool {
    largestDifference(a, b) <= 1e-13 * max(1, abs(b.astype(.float64)).max().item(as: Double.self))
  }

  // Forward mode: the tangent of the rank-summed loss is the whole batch's directional derivative.
  let summedLoss = { (m: Regression) in Distributed.allReduce(squaredError(m, localX, localY), op: .sum) }
  let distributedTangent = jvp(at: model, along: direction, of: summedLoss).tangent
  let wholeTangent = jvp(at: model, along: direction, of: { squaredError($0, x, y) }).tangent
  expect(close(distributedTangent, wholeTangent), "jvp of the rank-summed loss is the whole batch's", "\(distributedTangent) vs \(wholeTangent)")

  // Reverse mode: with the mean over ranks, each rank's gradient is the whole loss's derivative by
  // its own copy of the parameters (its shard's gradient); summed over ranks, the whole batch's.
  let meanLoss = { (m: Regression) in Distributed.allReduce(squaredError(m, localX, localY), op: .mean) }
  let perRank = grad(of: meanLoss)(model)
  let summedGradient = Distributed.allReduce(perRank, op: .sum)
  let wholeGradient = grad(of: { (m: Regression) in squaredError(m, x, y) })(model)
  expect(close(summedGradient.weight, wholeGradient.weight) && close(summedGradient.bias, wholeGradient.bias),
    "grad through allReduce, summed over ranks, is the whole-batch gradient", "\(summedGradient.weight) vs \(wholeGradient.weight)")
  // With the sum, every rank's output cotangent reaches every rank: the gradient is size times the shard's.
  let sumGradient = grad(of: summedLoss)(model)
  let shardGradient = grad(of: { (m: Regression) in squaredError(m, localX, localY) })(model)
  expect(close(sumGradient.weight, shardGradient.weight * Double(size)), "grad through allReduce sum is size × the shard's gradient")

  // DataParallel: the averaged gradient of the shards' mean losses is the whole batch's mean loss gradient.
  let parallel = DataParallel(model, bucketByteCount: 8)
  expect(sameOnEveryRank(parallel.model.weight), "DataParallel broadcasts rank 0's parameters")
  let report = parallel.valueAndGradientReport(at: model) { squaredError($0, localX, localY) / Double(localX.shape[0]) }
  let wholeMean = grad(of: { (m: Regression) in squaredError(m, x, y) / Double(x.shape[0]) })(model)
  expect(close(report.gradient.weight, wholeMean.weight) && close(report.gradient.bias, wholeMean.bias),
    "DataParallel's gradient is the whole-batch gradient", "\(report.gradient.weight) vs \(wholeMean.weight)")
  expect(report.buckets == 2 && report.overlappedBuckets == 2, "DataParallel starts its buckets during the backward pass",
    "\(report.overlappedBuckets) of \(report.buckets)")

  // ⟨u, J v⟩ = ⟨Jᵀ u, v⟩ for the global function (inner products summed over ranks), every
  // operation; distinct values per rank keep max and min away from ties.
  let point = Random.normal(Random.foldIn(keys[4], rank), shape: [2, 3], dtype: .float64)
  let u = Random.normal(Random.foldIn(keys[5], rank), shape: [2, 3], dtype: .float64)
  let v = Random.normal(Random.foldIn(keys[5], rank + 100), shape: [2, 3], dtype: .float64)
  for op in [ReduceOperation.sum, .mean, .max, .min] {
    let f = { (z: Tensor) in Distributed.allReduce(sin(z), op: op) * z }
    let forward = Distributed.allReduce(inner(u, jvp(at: point, along: v, of: f).tangent))
    let backward = Distributed.allReduce(inner(vjp(at: point, of: f).pullback(u), v))
    // Two float64 sums of 6·size products of O(1) values: 1e-12 is about 4500 ε.
    expect(largestDifference(forward, backward) <= 1e-12 * max(1, abs(forward).item(as: Double.self)),
      "⟨u, Jv⟩ = ⟨Jᵀu, v⟩ over ranks, \(op)", "\(forward) vs \(backward)")
    // Central differences of Φ(z) = Σ_ranks ⟨u, f(z)⟩ along v, step 1e-5: truncation error
    // h²·|Φ'''|/6 ≈ 1e-10 plus cancellation ε·|Φ|/h ≈ 1e-11; 1e-6 is checkGrads's float64 tolerance.
    let h = 1e-5
    let plus = Distributed.allReduce(inner(u, f(point + v * h)))
    let minus = Distributed.allReduce(inner(u, f(point - v * h)))
    let difference = (plus - minus) / (2 * h)
    expect(largestDifference(difference, forward) <= 1e-6, "finite differences over ranks, \(op)", "\(difference) vs \(forward)")
  }

  // Second order: d/dx Σ grad(allReduce_sum(x³)) = size · 6x (exact in float64 for these values).
  let small = Tensor([1.0, -2.0, 0.5])
  let second = grad(of: { (z: Tensor) in grad(of: { (w: Tensor) in Distributed.allReduce(w * w * w).sum() })(z).sum() })(small)
  expect(bitwiseEqual(second, small * (6 * Double(size))), "second derivative through allReduce", "\(second)")

  // jit: the staged function runs the collective (and its gradient) as eager code does.
  let staged = jit { (z: Tensor) in Distributed.allReduce(sin(z), op: .sum) * z }
  expect(bitwiseEqual(staged(point), Distributed.allReduce(sin(point), op: .sum) * point), "allReduce inside jit")
  let stagedGradient = jit(grad(of: { (z: Tensor) in Distributed.allReduce(sin(z), op: .mean).sum() }))
  let eagerGradient = grad(of: { (z: Tensor) in Distributed.allReduce(sin(z), op: .mean).sum() })(point)
  expect(close(stagedGradient(point), eagerGradient), "grad of allReduce inside jit")

  // vmap: batching a collective equals a loop of collectives.
  let rows = vmap(of: { (z: Tensor) in Distributed.allReduce(z * z, op: .max) })(point)
  let loop = stacked((0..<point.shape[0]).map { Distributed.allReduce(point[$0] * point[$0], op: .max) }, axis: 0)
  expect(bitwiseEqual(rows, loop), "vmap of allReduce equals a loop")

  // The eager tape: backward through allReduce gives what grad gives.
  let tracked = point.requiringGrad()
  Distributed.allReduce(sin(tracked), op: .mean).sum().backward()
  expect(close(tracked.grad ?? Tensor(0.0), eagerGradient), "tape backward through allReduce")
  Distributed.barrier()
}

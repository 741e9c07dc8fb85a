import Olympus

/// A tree of several element types, for the fused collectives.
struct Mixed: TensorTree {
  var weights: Tensor
  var counts: Tensor
  var rest: [Tensor]
}

/// Rank `rank`'s deterministic values of `dtype` and `shape`: small whole numbers, so that sums in
/// any order are exact and results compare bitwise with the single-process reference.
func values(_ dtype: DType, _ shape: [Int], rank: Int, salt: Int = 0) -> Tensor {
  let count = shape.reduce(1, *)
  let numbers = (0..<count).map { (($0 * 7 + rank * 13 + salt * 5) % 19) - 9 }
  switch dtype {
  case .float32: return Tensor(numbers.map { Float($0) }, shape: shape)
  case .float64: return Tensor(numbers.map { Double($0) / 4 }, shape: shape)
  case .int32: return Tensor(numbers.map { Int32($0) }, shape: shape)
  case .int64: return Tensor(numbers.map { Int64($0) * 1_000_000_007 }, shape: shape)
  case .bool: return Tensor(numbers.map { $0 % 3 == 0 }, shape: shape)
  }
}

/// The mixed tree of rank `rank`; leading axes are multiples of the world size (reduce-scatter).
func mixed(rank: Int) -> Mixed {
  let n = Distributed.size
  return Mixed(
    weights: values(.float32, [2 * n, 3], rank: rank, salt: 1),
    counts: values(.int64, [n], rank: rank, salt: 2),
    rest: [
      values(.float64, [n, 2, 2], rank: rank, salt: 3), values(.int32, [3 * n], rank: rank, salt: 4),
      values(.bool, [n, 5], rank: rank, salt: 5), values(.float32, [n], rank: rank, salt: 6),
    ])
}

/// `op` applied to every rank's values, in one process.
func reference(_ op: ReduceOperation, _ perRank: [Tensor]) -> Tensor {
  switch op {
  case .sum: return perRank.dropFirst().reduce(perRank[0]) { $0 + $1 }
  case .mean: return perRank.dropFirst().reduce(perRank[0]) { $0 + $1 } / Double(perRank.count)
  case .max:
    return perRank[0].dtype == .bool
      ? perRank.dropFirst().reduce(perRank[0]) { logicalOr($0, $1) } : perRank.dropFirst().reduce(perRank[0]) { maximum($0, $1) }
  case .min:
    return perRank[0].dtype == .bool
      ? perRank.dropFirst().reduce(perRank[0]) { logicalAnd($0, $1) } : perRank.dropFirst().reduce(perRank[0]) { minimum($0, $1) }
  }
}

func checkCollectives() {
  let (rank, size) = (Distributed.rank, Distributed.size)
  let operations: [ReduceOperation] = [.sum, .mean, .max, .min]

  // allReduce on every dtype and operation it accepts, against the single-process reference.
  for dtype in DType.allCases {
    let perRank = (0..<size).map { values(dtype, [3, 4], rank: $0) }
    for op in operations {
      let accepted = !(dtype == .bool && (op == .sum || op == .mean)) && !(dtype.isInteger && op == .mean)
      if accepted {
        let result = Distributed.allReduce(perRank[rank], op: op)
        expect(bitwiseEqual(result, reference(op, perRank)), "allReduce \(op) \(dtype)", "\(result) vs \(reference(op, perRank))")
      } else {
        let message = (try? withErrorChecking { _ = Distributed.allReduce(perRank[rank], op: op) }).map { _ in "accepted" }
        expect(message == nil, "allReduce \(op) \(dtype) is rejected")
      }
    }
  }

  // Random float32 values: the sum differs from the sequential reference only by rounding,
  // |error| ≤ (size − 1)·ε·Σ|x| elementwise (the error bound of any summation order).
  let keys = Random.split(Random.key(7), count: size)
  let random = (0..<size).map { Random.normal(keys[$0], shape: [1000]) }
  let summed = Distributed.allReduce(random[rank])
  let bound = (random.dropFirst().reduce(abs(random[0])) { $0 + abs($1) } * (Double(size - 1) * Double(Float.ulpOfOne))).astype(.float64)
  let error = abs(summed.astype(.float64) - reference(.sum, random).astype(.float64))
  expect((error .<= bound).all().item(as: Bool.self), "allReduce sum of random float32 within the summation bound")
  expect(sameOnEveryRank(summed), "allReduce gives every rank the same bits")

  // A strided (transposed) input and an empty one.
  let strided = Distributed.allReduce(values(.float32, [4, 3], rank: rank).transposed())
  expect(bitwiseEqual(strided, reference(.sum, (0..<size).map { values(.float32, [4, 3], rank: $0).transposed() })), "allReduce of a strided tensor")
  expect(Distributed.allReduce(Tensor.zeros([0, 3])).shape == [0, 3], "allReduce of an empty tensor")

  // Trees of mixed element types, fused per type.
  let trees = (0..<size).map { mixed(rank: $0) }
  for op in [ReduceOperation.max, .min] {
    let result = Distributed.allReduce(trees[rank], op: op)
    for (index, leaf) in result.leaves.enumerated() {
      expect(bitwiseEqual(leaf, reference(op, trees.map { $0.leaves[index] })), "allReduce \(op) of a mixed tree, leaf \(index)")
    }
  }
  let numericTree = [trees[rank].weights, trees[rank].counts, trees[rank].rest[0], trees[rank].rest[1]]
  let numericSum = Distributed.allReduce(numericTree, op: .sum)
  for index in numericTree.indices {
    expect(bitwiseEqual(numericSum[index], reference(.sum, trees.map { $0.leaves[index] })), "allReduce sum of a mixed tree, leaf \(index)")
  }

  // allGather: every rank's tree stacked, in rank order.
  let gathered = Distributed.allGather(trees[rank])
  for (index, leaf) in gathered.leaves.enumerated() {
    let expected = stacked(trees.map { $0.leaves[index] }, axis: 0)
    expect(bitwiseEqual(leaf, expected), "allGather of a mixed tree, leaf \(index)")
  }

  // broadcast from the last rank and from rank 0.
  // An array, not a Set: every rank must run the collectives in the same order.
  for root in size > 1 ? [size - 1, 0] : [0] {
    let received = Distributed.broadcast(trees[rank], root: root)
    for (index, leaf) in received.leaves.enumerated() {
      expect(bitwiseEqual(leaf, trees[root].leaves[index]), "broadcast from rank \(root), leaf \(index)")
    }
  }

  // reduceScatter: block `rank` of the reduction.
  for op in [ReduceOperation.max, .min] {
    let scattered = Distributed.reduceScatter(trees[rank], op: op)
    for (index, leaf) in scattered.leaves.enumerated() {
      let full = reference(op, trees.map { $0.leaves[index] })
      let rows = full.shape[0] / size
      expect(bitwiseEqual(leaf, full[.slice(rank * rows, (rank + 1) * rows)]), "reduceScatter \(op), leaf \(index)")
    }
  }
  let meanScattered = Distributed.reduceScatter(trees[rank].weights, op: .mean)
  let meanFull = reference(.mean, trees.map(\.weights))
  expect(bitwiseEqual(meanScattered, meanFull[.slice(2 * rank, 2 * rank + 2)]), "reduceScatter mean")

  // Non-blocking collectives, several in flight, waited for in reverse order.
  let first = Distributed.startAllReduce(trees[rank].weights, op: .sum)
  let second = Distributed.startBroadcast(trees[rank], root: size - 1)
  let third = Distributed.startAllGather(Tensor(Int32(rank)))
  let fourth = Distributed.startReduceScatter(trees[rank].counts, op: .sum)
  expect(third.wait().scalars(as: Int32.self) == (0..<size).map(Int32.init), "startAllGather")
  let fullCounts = reference(.sum, trees.map(\.counts))
  expect(bitwiseEqual(fourth.wait(), fullCounts[.slice(rank, rank + 1)]), "startReduceScatter")
  expect(bitwiseEqual(second.wait().weights, trees[size - 1].weights), "startBroadcast")
  expect(bitwiseEqual(first.wait(), reference(.sum, trees.map(\.weights))), "startAllReduce")
  expect(first.isComplete, "a waited handle is complete")

  // Misuse is rejected with the collective's name.
  do {
    _ = try withErrorChecking { _ = Distributed.reduceScatter(Tensor.zeros([size + 1])) }
    expect(false, "reduceScatter of an indivisible axis is rejected")
  } catch {
    expect("\(error)".contains("reduceScatter"), "reduceScatter's error names it", "\(error)")
  }
  do {
    _ = try withErrorChecking { _ = Distributed.broadcast(Tensor.zeros([2]), root: size) }
    expect(false, "broadcast from a rank outside the world is rejected")
  } catch {
    expect("\(error)".contains("broadcast"), "broadcast's error names it", "\(error)")
  }
  Distributed.barrier()
}

import OlympusCore
import OlympusData
import OlympusDistributed
import Testing

/// A tree of several element types.
struct Mixed: TensorTree {
  var weights: Tensor
  var counts: Tensor
  var flags: Tensor
}

/// The collectives in a process that never called `Distributed.initialize()`: a world of one
/// process, where each returns its input's values (the same code path the MPI tests take up to the
/// MPI call). Across processes they run in Scripts/mpi-test.sh.
@Suite("Distributed: a world of one process")
struct WorldOfOneTests {
  let tree = Mixed(
    weights: Tensor([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3]), counts: Tensor([7, 8] as [Int64]),
    flags: Tensor([true, false]))

  @Test func rankAndSize() {
    #expect(!Distributed.isInitialized)
    #expect(Distributed.rank == 0 && Distributed.size == 1)
    Distributed.barrier()
  }

  /// Exact: a reduction over one rank changes no value.
  @Test func collectivesReturnTheirInputs() {
    let reduced = Distributed.allReduce(tree, op: .max)
    #expect(reduced.weights.scalars(as: Float.self) == [1, 2, 3, 4, 5, 6])
    #expect(reduced.counts.scalars(as: Int64.self) == [7, 8] && reduced.flags.scalars(as: Bool.self) == [true, false])
    #expect(Distributed.allReduce(tree.weights, op: .mean).scalars(as: Float.self) == [1, 2, 3, 4, 5, 6])
    #expect(Distributed.broadcast(tree, root: 0).counts.scalars(as: Int64.self) == [7, 8])
    #expect(Distributed.reduceScatter(tree, op: .min).weights.shape == [2, 3])
    let gathered = Distributed.allGather(tree)
    #expect(gathered.weights.shape == [1, 2, 3] && gathered.flags.shape == [1, 2])
    let pending = Distributed.startAllReduce(tree.weights, op: .sum)
    #expect(pending.isComplete)
    #expect(pending.wait().scalars(as: Float.self) == [1, 2, 3, 4, 5, 6])
  }

  @Test func misuseIsRejectedNamingTheCollective() {
    func message(_ body: () -> Void) -> String {
      do {
        try withErrorChecking { body() }
        return "accepted"
      } catch {
        return "\(error)"
      }
    }
    #expect(message { _ = Distributed.allReduce(tree.flags, op: .sum) }.hasPrefix("allReduce: sum does not apply to bool"))
    #expect(message { _ = Distributed.allReduce(tree.counts, op: .mean) }.hasPrefix("allReduce: mean does not apply to int64"))
    #expect(message { _ = Distributed.broadcast(tree, root: 1) }.hasPrefix("broadcast: root 1 is not a rank"))
    #expect(message { _ = Distributed.shard(Tensor(1.0)) }.hasPrefix("Distributed.shard: a scalar"))
    // Collectives other than allReduce have no differentiation rules: traced values are refused.
    let traced = message { _ = grad(of: { (x: Tensor) in Distributed.allGather(x).sum() })(Tensor([1.0, 2.0])) }
    #expect(traced.hasPrefix("allGather: needs concrete tensors"))
  }

  @Test func shardingAWorldOfOneKeepsEverything() throws {
    let x = Tensor((0..<10).map(Float.init), shape: [5, 2])
    #expect(Distributed.shard(x).shape == [5, 2])
    let data = try LabeledDataset(inputs: x, labels: Tensor([0, 1, 0, 1, 0] as [Int32]))
    #expect(data.shard().count == 5)
    let half = data.shard(rank: 1, count: 2)
    #expect(half.count == 2 && half.inputs.scalars(as: Float.self) == [4, 5, 6, 7])
  }

  /// DataParallel's bucketed gradient equals `grad`'s (float64; the tape and the transformation
  /// run the same rules, so only the order of accumulations could differ: 1e-14 relative).
  @Test func dataParallelGradientIsTheGradient() {
    let model = [Tensor([0.5, -1.0, 2.0]), Tensor([0.1])]
    let x = Tensor([1.0, 2.0, 3.0, -1.0, 0.5, 0.25], shape: [2, 3])
    let loss = { (m: [Tensor]) in (tanh(matmul(x, m[0]) + m[1]) * 2).sum() }
    for bucketBytes in [8, 1 << 20] {
      let parallel = DataParallel(model, bucketByteCount: bucketBytes)
      let report = parallel.valueAndGradientReport(at: model, of: loss)
      let expected = grad(of: loss)(model)
      for (a, b) in zip(report.gradient, expected) {
        #expect(abs(a - b).max().item(as: Double.self) <= 1e-14)
      }
      #expect(report.buckets == (bucketBytes == 8 ? 2 : 1) && report.overlappedBuckets == report.buckets)
      #expect(!model[0].requiresGrad, "the caller's tensors are not marked")
    }
    #expect(DataParallel<[Tensor]>.replicaChecksums(model).count == 1)
  }

  /// Integer leaves (a step counter, indices) take no part in the reduction and get zeros, as
  /// `grad` gives them.
  @Test func dataParallelSkipsIntegerLeaves() {
    let model = [Tensor([0.5, -1.0]), Tensor([3] as [Int64])]
    let report = DataParallel(model).valueAndGradientReport(at: model) { ($0[0] * $0[0]).sum() }
    #expect(report.gradient[0].scalars(as: Double.self) == [1, -2])
    #expect(report.gradient[1].dtype == .int64 && report.gradient[1].scalars(as: Int64.self) == [0])
    #expect(report.buckets == 1)
  }
}

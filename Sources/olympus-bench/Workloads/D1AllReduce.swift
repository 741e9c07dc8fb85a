import Olympus

extension Workload {
  /// D1, all-reduce bandwidth: `Distributed.allReduce(x)` (sum) of x = det_uniform(2^24, 40 + rank,
  /// 2.0) float32 (64 MiB) on every rank of `mpirun -np 2 olympus-bench D1`; beside Open MPI's own
  /// `MPI_Allreduce` from C (Benchmarks/peers/mpi_allreduce.c) and torch.distributed's gloo
  /// (Benchmarks/peers/torch_allreduce.py), on the same inputs.
  static let d1AllReduce = Workload(name: "D1", summary: "allReduce sum of 64 MiB float32 between the ranks of mpirun") { context in
    guard Distributed.size > 1 else {
      printError("olympus-bench: D1 needs several processes: mpirun -np 2 olympus-bench D1 (skipped)")
      return
    }
    let count = 1 << 24
    let x = DeterministicInputs.uniformTensor([count], seed: 40 + Distributed.rank, scale: 2)
    let check = Distributed.allReduce(x).astype(.float64).sum().item(as: Double.self)
    context.measureCollective(
      "D1", system: "olympus",
      extra: [("ranks", .integer(Distributed.size)), ("bytes", .integer(count * 4)), ("check", .number(check))],
      derived: { [("gb_per_s", .number(Double(count * 4) / median(of: $0) / 1e9))] }
    ) { blackHole(Distributed.allReduce(x)) }
  }
}

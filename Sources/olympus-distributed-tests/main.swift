import Foundation
import Olympus

/// olympus-distributed-tests checks|restart-first|restart-second|throw|kill [--scratch DIR]: the
/// distributed tests, run on every rank by mpirun (Scripts/mpi-test.sh). `checks` prints one line
/// per rank with the count of checks passed and each failure, and exits with status 1 when any
/// rank failed one; `restart-first` and `restart-second` train across a checkpoint in two jobs and
/// print the final parameters' checksum; `diverge` (for debug builds) makes the last rank's
/// parameters differ; `throw` and `kill` make the last rank fail at step 3 of a training run.
let arguments = Array(CommandLine.arguments.dropFirst())
let mode = arguments.first ?? "checks"
let scratch = URL(
  filePath: arguments.firstIndex(of: "--scratch").flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
    ?? FileManager.default.temporaryDirectory.path)

Distributed.run {
  try Distributed.initialize()
  switch mode {
  case "checks":
    checkCollectives()
    checkGradients()
    try checkTraining(scratch: scratch)
    let failed = Distributed.allReduce(Tensor(Int64(failures.count)))
    let rank = Distributed.rank
    print("rank \(rank) of \(Distributed.size): \(passes) checks passed, \(failures.count) failed")
    for failure in failures { print("rank \(rank): FAILED \(failure)") }
    Distributed.finalize()
    exit(failed.item(as: Int64.self) == 0 ? 0 : 1)
  case "restart-first": try trainAcrossJobs(first: true, scratch: scratch)
  case "restart-second": try trainAcrossJobs(first: false, scratch: scratch)
  case "diverge": try divergeReplicas()
  case "throw": try failAtStep(kill: false)
  case "kill": try failAtStep(kill: true)
  default: throw DataError("unknown mode \(mode): checks, restart-first, restart-second, diverge, throw or kill")
  }
  Distributed.finalize()
}

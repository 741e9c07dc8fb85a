import OlympusCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Distributed {
  /// Runs `body`; when it throws, ends the whole job as ``abort(_:)`` does. Use it around a
  /// rank's work so that no rank waits forever for one that failed.
  public static func run(_ body: () throws -> Void) {
    do {
      try body()
    } catch {
      abort(error)
    }
  }

  /// Ends the job because this rank failed with `error`: prints it naming this rank, tells every
  /// other rank (each stops within a second, printing which rank failed and why) and calls
  /// `MPI_Abort`. In a world of one process it prints the error and exits with status 1.
  public static func abort(_ error: any Error) -> Never {
    guard let world = World.current, world.size > 1 else {
      FailureNotice.print("Olympus rank 0 failed: \(error)")
      exit(1)
    }
    world.fail("\(error)")
  }
}

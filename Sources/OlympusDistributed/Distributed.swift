import OlympusCore
import OlympusKernels

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The processes of a data-parallel job, started by `mpirun`, and the collectives between them
/// (Open MPI's `MPI_COMM_WORLD`).
///
/// Call ``initialize()`` once, at the start of every process; ``rank`` and ``size`` then name this
/// process and count them all. Before `initialize()` (or in a program that never calls it) the
/// world is this process alone: rank 0 of 1, and every collective returns its input's value.
///
/// ```swift fragment
/// try Distributed.initialize()
/// let total = Distributed.allReduce(Tensor(Float(Distributed.rank)), op: .sum)   // 0 + 1 + … + (size − 1)
/// ```
///
/// A rank that fails should end the job through ``run(_:)`` or ``abort(_:)``: the others then stop
/// within a second with a message naming it, rather than waiting for it forever.
public enum Distributed {
  /// Starts MPI in this process (once; later calls do nothing) and learns its rank and the world's
  /// size.
  ///
  /// - Throws: `OlympusError` when no Open MPI library loads or `MPI_Init_thread` fails.
  public static func initialize() throws(OlympusError) {
    try World.start()
  }

  /// Whether ``initialize()`` has run.
  public static var isInitialized: Bool { World.current != nil }

  /// This process's index in the world, from 0 (0 before ``initialize()``).
  public static var rank: Int { World.current?.rank ?? 0 }

  /// The number of processes (1 before ``initialize()``).
  public static var size: Int { World.current?.size ?? 1 }

  /// The path of the MPI library in use, `nil` before ``initialize()``.
  public static var libraryPath: String? { World.current?.library.path }

  /// Returns when every rank has called it.
  public static func barrier() {
    guard let world = World.current, world.size > 1 else { return }
    let request = world.start("barrier") { library, request in library.ibarrier(library.world, request) }
    world.wait(request, "barrier")
  }

  /// Ends MPI in this process after every rank got here (`MPI_Finalize`); the process exits
  /// normally afterwards. Called at exit when the program does not.
  public static func finalize() {
    World.finish()
  }
}

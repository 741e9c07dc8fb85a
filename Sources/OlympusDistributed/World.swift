import OlympusCore
import OlympusKernels

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The started MPI world: the library, this process's rank, the world's size, and the lock that
/// serializes every MPI call (MPI is started with `MPI_THREAD_SERIALIZED`: any thread may call
/// it, one at a time).
final class World: @unchecked Sendable {
  let library: MPILibrary
  let rank: Int
  let size: Int
  /// Serializes MPI calls.
  private let lock = Locked(())
  /// Where every rank runs (host name and process id), for noticing a peer that died.
  private(set) var peers: [PeerProcess] = []

  private init(library: MPILibrary, rank: Int, size: Int) {
    self.library = library
    self.rank = rank
    self.size = size
  }

  private static let state = Locked<World?>(nil)

  /// The world after `Distributed.initialize()`, else `nil`.
  static var current: World? { state.withLock { $0 } }

  /// Loads the library and starts MPI, once.
  static func start() throws(OlympusError) {
    shareCores()
    let library: MPILibrary
    switch MPILibrary.loaded {
    case .success(let loaded): library = loaded
    case .failure(let error): throw error
    }
    let started: Result<World, OlympusError> = state.withLock { current in
      if let current { return .success(current) }
      var alreadyStarted: Int32 = 0
      _ = library.initialized(&alreadyStarted)
      if alreadyStarted == 0 {
        var provided: Int32 = 0
        let status = library.initThread(nil, nil, MPILibrary.threadSerialized, &provided)
        guard status == 0 else {
          return .failure(OlympusError("Distributed.initialize", "MPI_Init_thread failed with error \(status)"))
        }
        guard provided >= MPILibrary.threadSerialized else {
          return .failure(
            OlympusError("Distributed.initialize", "the MPI library gives thread level \(provided), below MPI_THREAD_SERIALIZED"))
        }
        atexit { World.finish() }
      }
      var rank: Int32 = 0
      var size: Int32 = 0
      _ = library.commRank(library.world, &rank)
      _ = library.commSize(library.world, &size)
      let world = World(library: library, rank: Int(rank), size: Int(size))
      current = world
      return .success(world)
    }
    let world = try started.get()
    if world.peers.isEmpty { world.peers = PeerProcess.exchange(in: world) }
  }

  /// Gives each rank on this machine its share of the cores for Olympus's worker threads:
  /// `OLYMPUS_NUM_THREADS` = cores ÷ ranks here (at least 1), unless it is set. Ranks that each
  /// start a thread per core, on top of MPI's polling, slow every step down many times. It takes
  /// effect when no kernel has run yet in the process (the pool reads the variable once).
  private static func shareCores() {
    guard getenv("OLYMPUS_NUM_THREADS") == nil, let text = getenv("OMPI_COMM_WORLD_LOCAL_SIZE"),
      let local = Int(String(cString: text)), local > 1
    else { return }
    let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
    setenv("OLYMPUS_NUM_THREADS", String(max(1, cores / local)), 0)
  }

  /// Finalizes MPI unless it already is (at exit, or from `Distributed.finalize()`).
  static func finish() {
    guard let world = current else { return }
    world.lock.withLock { _ in
      var finalized: Int32 = 0
      _ = world.library.finalized(&finalized)
      if finalized == 0 { _ = world.library.finalize() }
    }
  }

  /// A started non-blocking MPI call. `body` receives the library and the request to fill in,
  /// and returns MPI's status; `operation` names the call in messages.
  func start(_ operation: String, keeping buffers: [Tensor] = [], _ body: (MPILibrary, UnsafeMutablePointer<MPILibrary.Handle?>) -> Int32) -> PendingRequest {
    let request = PendingRequest(keeping: buffers)
    let status = lock.withLock { _ in body(library, &request.handle) }
    if status != 0 { stop(during: operation, because: "MPI error \(status)") }
    return request
  }

  /// Whether `request` has completed (`MPI_Test`, which also moves Open MPI's progress engine).
  func test(_ request: PendingRequest) -> Bool {
    if request.isComplete { return true }
    let complete = lock.withLock { _ in
      var flag: Int32 = 0
      let status = library.test(&request.handle, &flag, nil)
      if status != 0 { stop(during: "MPI_Test", because: "MPI error \(status)") }
      return flag != 0
    }
    if complete { request.isComplete = true }
    return complete
  }

  /// Waits for `request`, polling; every few milliseconds checks whether another rank reported a
  /// failure or died, and if so ends this process with a message naming that rank (so no rank
  /// waits forever for one that is gone). After `spinSeconds` it yields the core between polls.
  func wait(_ request: PendingRequest, _ operation: String) {
    var polls = 0
    let start = FailureNotice.now()
    var lastCheck = start
    while !test(request) {
      polls += 1
      guard polls % 64 == 0 else { continue }
      let now = FailureNotice.now()
      if now - lastCheck > 0.01 {
        lastCheck = now
        checkPeers(during: operation)
      }
      if now - start > World.spinSeconds { sched_yield() }
    }
  }

  /// How long `wait` polls before it starts yielding the core: longer than the waits of a training
  /// step (a gradient bucket's all-reduce takes tens of microseconds), since on a machine shared
  /// with other processes a yield can hand the core to one of them for a whole time slice
  /// (milliseconds). A longer wait suggests that the rank waited for lost its core (more ranks
  /// than cores), and the yields then let it run.
  static let spinSeconds = 200e-6

  /// Stops this process if another rank reported a failure or died.
  func checkPeers(during operation: String) {
    if let notice = lock.withLock({ _ in FailureNotice.receive(library) }) {
      stop(during: operation, because: notice)
    }
    for (index, peer) in peers.enumerated() where index != rank && peer.isOnThisHost && !peer.isAlive {
      stop(during: operation, because: "rank \(index) (process \(peer.processID)) ended without finishing the job")
    }
  }

  /// Prints why this rank stops and ends the whole job (`MPI_Abort`).
  func stop(during operation: String, because reason: String) -> Never {
    FailureNotice.print("Olympus rank \(rank) of \(size): stopping during \(operation): \(reason)")
    _ = library.abort(library.world, 1)
    _exit(1)
  }

  /// Reports this rank's failure to every other rank, gives them a moment to print it, and ends the
  /// job (`MPI_Abort`).
  func fail(_ message: String) -> Never {
    let text = "rank \(rank) failed: \(message)"
    FailureNotice.print("Olympus \(text)")
    let sends = lock.withLock { _ in FailureNotice.send(text, from: rank, size: size, library) }
    // The others poll for notices every few milliseconds while they wait on a collective.
    let deadline = FailureNotice.now() + 1
    while FailureNotice.now() < deadline && !sends.allSatisfy(test) { usleep(1000) }
    usleep(200_000)
    _ = library.abort(library.world, 1)
    _exit(1)
  }
}

/// A non-blocking MPI request and the buffers it reads or writes, kept alive until it completes.
final class PendingRequest: @unchecked Sendable {
  /// The `MPI_Request`.
  var handle: MPILibrary.Handle?
  /// Whether `MPI_Test` reported completion (the request is not tested again).
  var isComplete = false
  /// Buffers the call uses.
  let buffers: [Tensor]

  init(keeping buffers: [Tensor]) { self.buffers = buffers }

  /// A request with nothing to wait for (a collective of one process).
  static var completed: PendingRequest {
    let request = PendingRequest(keeping: [])
    request.isComplete = true
    return request
  }
}

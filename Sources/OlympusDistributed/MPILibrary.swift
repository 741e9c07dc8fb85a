import OlympusCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Open MPI's C interface, found at run time with `dlopen` (nothing links against it at build
/// time, so the package builds and its other tests run on machines without MPI).
///
/// Open MPI's predefined handles (`MPI_COMM_WORLD`, `MPI_FLOAT`, `MPI_SUM` …) are the addresses of
/// exported objects (`ompi_mpi_comm_world` …), so `dlsym` finds them as it finds functions. The
/// library is opened with `RTLD_GLOBAL`: Open MPI loads its own components with `dlopen`, and they
/// resolve symbols of `libmpi` through the global namespace.
struct MPILibrary: @unchecked Sendable {
  /// An opaque MPI handle (communicator, datatype, operation, request): a pointer in Open MPI.
  typealias Handle = UnsafeMutableRawPointer
  typealias Query = @convention(c) (UnsafeMutablePointer<Int32>?) -> Int32
  typealias InitThread =
    @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, Int32, UnsafeMutablePointer<Int32>?) -> Int32
  typealias Finalize = @convention(c) () -> Int32
  typealias CommQuery = @convention(c) (Handle?, UnsafeMutablePointer<Int32>?) -> Int32
  typealias Ibarrier = @convention(c) (Handle?, UnsafeMutablePointer<Handle?>?) -> Int32
  typealias Iallreduce =
    @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?, Int32, Handle?, Handle?, Handle?, UnsafeMutablePointer<Handle?>?)
      -> Int32
  typealias Iallgather =
    @convention(c) (
      UnsafeRawPointer?, Int32, Handle?, UnsafeMutableRawPointer?, Int32, Handle?, Handle?, UnsafeMutablePointer<Handle?>?
    ) -> Int32
  typealias Ibcast =
    @convention(c) (UnsafeMutableRawPointer?, Int32, Handle?, Int32, Handle?, UnsafeMutablePointer<Handle?>?) -> Int32
  typealias IreduceScatterBlock =
    @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?, Int32, Handle?, Handle?, Handle?, UnsafeMutablePointer<Handle?>?)
      -> Int32
  typealias Test = @convention(c) (UnsafeMutablePointer<Handle?>?, UnsafeMutablePointer<Int32>?, UnsafeMutableRawPointer?) -> Int32
  typealias Abort = @convention(c) (Handle?, Int32) -> Int32
  typealias Isend =
    @convention(c) (UnsafeRawPointer?, Int32, Handle?, Int32, Int32, Handle?, UnsafeMutablePointer<Handle?>?) -> Int32
  typealias Iprobe =
    @convention(c) (Int32, Int32, Handle?, UnsafeMutablePointer<Int32>?, UnsafeMutableRawPointer?) -> Int32
  typealias Recv =
    @convention(c) (UnsafeMutableRawPointer?, Int32, Handle?, Int32, Int32, Handle?, UnsafeMutableRawPointer?) -> Int32
  typealias GetCount = @convention(c) (UnsafeRawPointer?, Handle?, UnsafeMutablePointer<Int32>?) -> Int32

  let path: String
  let initialized: Query
  let finalized: Query
  let initThread: InitThread
  let finalize: Finalize
  let commRank: CommQuery
  let commSize: CommQuery
  let ibarrier: Ibarrier
  let iallreduce: Iallreduce
  let iallgather: Iallgather
  let ibcast: Ibcast
  let ireduceScatterBlock: IreduceScatterBlock
  let test: Test
  let abort: Abort
  let isend: Isend
  let iprobe: Iprobe
  let recv: Recv
  let getCount: GetCount

  /// `MPI_COMM_WORLD`.
  let world: Handle
  /// `MPI_SUM`, `MPI_MAX`, `MPI_MIN`.
  let sum: Handle
  let max: Handle
  let min: Handle
  /// Datatypes: `MPI_FLOAT`, `MPI_DOUBLE`, `MPI_INT32_T`, `MPI_INT64_T`, `MPI_UINT8_T` (for
  /// `bool`, whose values 0 and 1 reduce with max and min as logical or and and), `MPI_BYTE`.
  let float: Handle
  let double: Handle
  let int32: Handle
  let int64: Handle
  let uint8: Handle
  let byte: Handle

  /// `MPI_THREAD_SERIALIZED` (mpi.h's enumeration).
  static let threadSerialized: Int32 = 2
  /// `MPI_ANY_SOURCE`.
  static let anySource: Int32 = -1
  /// Bytes of Open MPI's `MPI_Status` (three ints, a flag and a `size_t` count), with room to spare.
  static let statusByteCount = 64

  /// The first Open MPI library that loads, or why none did.
  static let loaded: Result<MPILibrary, OlympusError> = {
    var failures: [String] = []
    for path in candidates {
      switch load(path) {
      case .success(let library): return .success(library)
      case .failure(let reason): failures.append(reason.message)
      }
    }
    return .failure(OlympusError("Distributed.initialize", "no Open MPI library loads (\(failures.joined(separator: "; "))); install openmpi-bin and libopenmpi-dev (Scripts/install-mpi.sh)"))
  }()

  /// Libraries tried in order (`OLYMPUS_MPI_LIBRARY` first when set).
  static let candidates: [String] = {
    var names: [String] = []
    if let custom = getenv("OLYMPUS_MPI_LIBRARY") { names.append(String(cString: custom)) }
    #if canImport(Darwin)
      names += ["libmpi.40.dylib", "libmpi.dylib", "/opt/homebrew/lib/libmpi.dylib", "/usr/local/lib/libmpi.dylib"]
    #else
      names += ["libmpi.so.40", "libmpi.so"]
    #endif
    return names
  }()

  private static func load(_ path: String) -> Result<MPILibrary, OlympusError> {
    guard let handle = dlopen(path, RTLD_NOW | RTLD_GLOBAL) else {
      return .failure(OlympusError("dlopen", dlerror().map { String(cString: $0) } ?? path))
    }
    var missing: [String] = []
    func symbol(_ name: String) -> UnsafeMutableRawPointer {
      if let address = dlsym(handle, name) { return address }
      missing.append(name)
      return UnsafeMutableRawPointer(bitPattern: 1)!
    }
    func function<F>(_ name: String, _ type: F.Type) -> F { unsafeBitCast(symbol(name), to: type) }
    let library = MPILibrary(
      path: path,
      initialized: function("MPI_Initialized", Query.self),
      finalized: function("MPI_Finalized", Query.self),
      initThread: function("MPI_Init_thread", InitThread.self),
      finalize: function("MPI_Finalize", Finalize.self),
      commRank: function("MPI_Comm_rank", CommQuery.self),
      commSize: function("MPI_Comm_size", CommQuery.self),
      ibarrier: function("MPI_Ibarrier", Ibarrier.self),
      iallreduce: function("MPI_Iallreduce", Iallreduce.self),
      iallgather: function("MPI_Iallgather", Iallgather.self),
      ibcast: function("MPI_Ibcast", Ibcast.self),
      ireduceScatterBlock: function("MPI_Ireduce_scatter_block", IreduceScatterBlock.self),
      test: function("MPI_Test", Test.self),
      abort: function("MPI_Abort", Abort.self),
      isend: function("MPI_Isend", Isend.self),
      iprobe: function("MPI_Iprobe", Iprobe.self),
      recv: function("MPI_Recv", Recv.self),
      getCount: function("MPI_Get_count", GetCount.self),
      world: symbol("ompi_mpi_comm_world"),
      sum: symbol("ompi_mpi_op_sum"), max: symbol("ompi_mpi_op_max"), min: symbol("ompi_mpi_op_min"),
      float: symbol("ompi_mpi_float"), double: symbol("ompi_mpi_double"),
      int32: symbol("ompi_mpi_int32_t"), int64: symbol("ompi_mpi_int64_t"),
      uint8: symbol("ompi_mpi_uint8_t"), byte: symbol("ompi_mpi_byte"))
    guard missing.isEmpty else {
      dlclose(handle)
      return .failure(OlympusError("dlopen", "\(path) is not Open MPI: it lacks \(missing.joined(separator: ", "))"))
    }
    return .success(library)
  }

  /// The datatype of `dtype`'s elements.
  func datatype(_ dtype: DType) -> Handle {
    switch dtype {
    case .float32: float
    case .float64: double
    case .int32: int32
    case .int64: int64
    case .bool: uint8
    }
  }
}

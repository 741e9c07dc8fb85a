import Synchronization
import OlympusKernels

/// An n-dimensional array of numbers or booleans.
///
/// `Tensor` is a value type: copies share storage, and storage is never written after it is
/// made, so sharing is always safe. A tensor is either *concrete* (its elements are in memory) or
/// a *tracer* that an interpreter of a transformation (`grad`, `vmap`, `jit` …) is following;
/// user code sees the difference only through ``isConcrete``.
///
/// ```swift
/// let x = Tensor([1, 2, 3, 4] as [Float], shape: [2, 2])
/// let y = exp(x) * 2 + x.transposed()
/// print(y.sum(axes: [1]))
/// ```
///
/// A tensor can be shared between threads: its description and storage never change after it is
/// made, and its tape state (``requiresGrad``, ``grad``, hooks) is installed atomically and
/// guarded by a lock (`AutogradState`). That is what makes the `Sendable` conformance true; it is
/// `@unchecked` only because the compiler cannot see through the handle class.
public struct Tensor: @unchecked Sendable {
  /// Everything about the tensor, behind one reference so that copying a tensor costs one
  /// reference-count increment.
  let handle: TensorHandle

  /// Extent of each dimension; empty for a 0-d (scalar) tensor.
  public var shape: [Int] { handle.shape }
  /// The element type.
  public var dtype: DType { handle.dtype }
  /// Where the elements are, or who follows the value.
  var payload: Payload { handle.payload }


  enum Payload {
    /// Elements in memory.
    case dense(DenseLayout)
    /// A value an interpreter is following, with the value behind it when the tensor keeps that.
    case tracer(Tracer, primal: Tensor?)
    /// The result of a rejected operation inside `withErrorChecking`.
    case failed
  }


  init(shape: [Int], dtype: DType, payload: Payload) {
    handle = TensorHandle(shape: shape, dtype: dtype, payload: payload)
  }

  /// Number of dimensions.
  public var rank: Int { shape.count }

  /// Number of elements (1 for a 0-d tensor, 0 when any dimension is 0).
  public var elementCount: Int { shape.reduce(1, *) }

  /// Shape and element type together.
  public var type: TensorType { TensorType(shape: shape, dtype: dtype) }

  /// Whether the elements are in memory, as opposed to a tracer followed by a transformation.
  public var isConcrete: Bool { handle.storage != nil }

  /// Whether the tensor is concrete and non-empty and every element is the one stored at its
  /// offset (a scalar, or a broadcast of one: each axis has size 1 or stride 0).
  var repeatsOneElement: Bool {
    isConcrete && elementCount > 0 && zip(handle.shape, handle.strides).allSatisfy { $0 == 1 || $1 == 0 }
  }

  /// Element (0, 0, …) of a concrete, non-empty tensor as a `Double`, read in place (exact for
  /// every type but 64-bit integers beyond 2⁵³, which round as a conversion to `float64` does).
  var firstElement: Double {
    withExtendedLifetime(self) {
      switch dtype {
      case .float32: Double(baseAddress.load(as: Float.self))
      case .float64: baseAddress.load(as: Double.self)
      case .int32: Double(baseAddress.load(as: Int32.self))
      case .int64: Double(baseAddress.load(as: Int64.self))
      case .bool: baseAddress.load(as: UInt8.self) != 0 ? 1 : 0
      }
    }
  }
}

/// The shared, immutable description of a tensor. Its fields are flat (rather than an enum of
/// cases) so that the eager hot path reads them without copying and reference counting.
final class TensorHandle {
  let shape: [Int]
  let dtype: DType
  /// The bytes of a concrete tensor; `nil` for tracers and failed tensors.
  let storage: Storage?
  /// Element offset of index (0, 0, …) in `storage`.
  let offset: Int
  /// Element strides of a concrete tensor.
  let strides: [Int]
  /// The tracer of a traced tensor.
  let tracer: Tracer?
  /// The value behind a traced tensor when its interpreter keeps it here rather than in the tracer:
  /// reverse mode, whose tracers are its records (one object per operation), while the value must
  /// live only as long as the tensor.
  let tracedPrimal: Tensor?
  /// The eager tape's state: set once, when the tensor first requires gradients or when a
  /// recorded operation makes it. Shared by every copy of the tensor, as PyTorch's tensors share
  /// theirs, and so read and set atomically.
  ///
  /// The slot owns one reference to the state, taken when it is set and given back by `deinit`:
  /// the mechanism of the standard library's `AtomicLazyReference`, spelled out because that
  /// type's `load()` is not inlinable and looks up generic metadata on every call, a cost every
  /// operation's tape check (`isUntracked`, `bind`'s eager path) would pay.
  private let autogradSlot = Atomic<Unmanaged<AutogradState>?>(nil)

  /// The eager tape's state, `nil` for a tensor the tape never saw.
  var autograd: AutogradState? { autogradSlot.load(ordering: .acquiring)?.takeUnretainedValue() }

  /// Sets the tape state unless another thread set it first; returns the state that is set.
  @discardableResult
  func installAutograd(_ state: AutogradState) -> AutogradState {
    let desired = Unmanaged.passRetained(state)
    let (exchanged, original) = autogradSlot.compareExchange(
      expected: nil, desired: desired, ordering: .acquiringAndReleasing)
    guard !exchanged, let original else { return state }
    desired.release()
    return original.takeUnretainedValue()
  }

  deinit { autogradSlot.load(ordering: .acquiring)?.release() }

  /// A handle with every field given.
  private init(
    shape: [Int], dtype: DType, storage: Storage?, offset: Int, strides: [Int], tracer: Tracer?, tracedPrimal: Tensor?
  ) {
    self.shape = shape
    self.dtype = dtype
    self.storage = storage
    self.offset = offset
    self.strides = strides
    self.tracer = tracer
    self.tracedPrimal = tracedPrimal
  }

  convenience init(shape: [Int], dtype: DType, payload: Tensor.Payload) {
    switch payload {
    case .dense(let layout):
      self.init(shape: shape, dtype: dtype, storage: layout.storage, offset: layout.offset, strides: layout.strides)
    case .tracer(let tracer, let primal):
      self.init(shape: shape, dtype: dtype, tracer: tracer, primal: primal)
    case .failed:
      self.init(shape: shape, dtype: dtype, storage: nil, offset: 0, strides: [], tracer: nil, tracedPrimal: nil)
    }
  }

  /// A traced tensor's handle, built without a `Tensor.Payload`.
  convenience init(shape: [Int], dtype: DType, tracer: Tracer, primal: Tensor?) {
    self.init(shape: shape, dtype: dtype, storage: nil, offset: 0, strides: [], tracer: tracer, tracedPrimal: primal)
  }

  /// A concrete tensor's handle, built without a `Tensor.Payload` (the eager hot path).
  convenience init(shape: [Int], dtype: DType, storage: Storage, offset: Int, strides: [Int]) {
    self.init(shape: shape, dtype: dtype, storage: storage, offset: offset, strides: strides, tracer: nil, tracedPrimal: nil)
  }

  var payload: Tensor.Payload {
    if let storage { return .dense(DenseLayout(storage: storage, offset: offset, strides: strides)) }
    if let tracer { return .tracer(tracer, primal: tracedPrimal) }
    return .failed
  }
}

/// How a concrete tensor's elements sit in its storage.

struct DenseLayout {
  /// The bytes.
  let storage: Storage
  /// Element offset of index (0, 0, …) from the start of the storage.
  let offset: Int
  /// Element strides, one per dimension (0 for broadcast dimensions, negative for flipped ones).
  let strides: [Int]
}

extension Tensor {
  /// A concrete tensor over `storage`.
  init(shape: [Int], dtype: DType, storage: Storage, offset: Int, strides: [Int]) {
    handle = TensorHandle(shape: shape, dtype: dtype, storage: storage, offset: offset, strides: strides)
  }

  /// Wraps freshly written contiguous storage.
  init(storage: Storage, shape: [Int], dtype: DType) {
    self.init(shape: shape, dtype: dtype, storage: storage, offset: 0, strides: contiguousStrides(for: shape))
  }

  /// A view of this concrete tensor's storage with another shape, offset and strides.
  func view(shape: [Int], offset: Int, strides: [Int]) -> Tensor {
    guard let storage = handle.storage else {
      fatalError("Olympus internal error: a traced or failed tensor reached a kernel")
    }
    return Tensor(shape: shape, dtype: dtype, storage: storage, offset: offset, strides: strides)
  }

  /// The layout of a concrete tensor. Primitives' `evaluate` only ever sees concrete tensors.
  var dense: DenseLayout {
    guard case .dense(let layout) = payload else {
      fatalError("Olympus internal error: a traced or failed tensor reached a kernel")
    }
    return layout
  }

  /// The address of element (0, 0, …).
  var baseAddress: UnsafeRawPointer {
    guard let storage = handle.storage else {
      fatalError("Olympus internal error: a traced or failed tensor reached a kernel")
    }
    return UnsafeRawPointer(storage.base + handle.offset * handle.dtype.byteCount)
  }

  /// The elements as the kernels read them.
  var stridedView: StridedView { StridedView(baseAddress, strides: handle.strides) }

  /// Whether the elements are laid out densely in row-major order.
  package var isContiguous: Bool {
    let handle = handle
    guard handle.storage != nil else { return false }
    var expected = 1
    for axis in handle.shape.indices.reversed() where handle.shape[axis] != 1 {
      if handle.strides[axis] != expected { return false }
      expected *= handle.shape[axis]
    }
    return true
  }

  /// This tensor, or a row-major copy of it when its layout is strided.
  func contiguous() -> Tensor {
    if isContiguous { return self }
    let storage = Storage.allocate(byteCount: elementCount * dtype.byteCount)
    withExtendedLifetime(self) {
      Elementwise.copy(dtype.scalarType, shape: shape, input: stridedView, output: storage.base)
    }
    return Tensor(storage: storage, shape: shape, dtype: dtype)
  }

  /// Runs `body` with the address of contiguous elements.
  func withContiguousElements<R>(_ body: (UnsafeRawPointer) throws -> R) rethrows -> R {
    let tensor = contiguous()
    return try withExtendedLifetime(tensor) { try body(tensor.baseAddress) }
  }

  /// Allocates a row-major result of `type`, lets `body` write all of it, and wraps it.
  ///
  /// When `template` is a contiguous tensor of the same shape, its shape and stride arrays are
  /// shared rather than built again (elementwise results, on the eager hot path).
  static func make(
    _ type: TensorType, like template: Tensor? = nil, _ body: (UnsafeMutableRawPointer) -> Void
  ) -> Tensor {
    let storage = Storage.allocate(byteCount: type.elementCount * type.dtype.byteCount)
    body(storage.base)
    if let template, template.handle.shape == type.shape, template.isContiguous {
      return Tensor(
        shape: template.handle.shape, dtype: type.dtype, storage: storage, offset: 0, strides: template.handle.strides)
    }
    return Tensor(storage: storage, shape: type.shape, dtype: type.dtype)
  }
}

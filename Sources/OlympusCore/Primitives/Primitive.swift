import Synchronization

/// An operation that every interpreter knows how to handle: the unit Olympus's transformations
/// work on.
///
/// Primitives are strict: equal shapes and types where an operation is elementwise, explicit
/// axes, no defaults. User-facing operations (`+`, `sum(axes:)`, `matmul` …) promote, broadcast
/// and fill in defaults by inserting primitives. A primitive's stored properties are its static
/// parameters (axes, shapes, types), so its `Hashable` conformance identifies it in a staged graph
/// and in `jit`'s cache. It never stores tensors.
///
/// Each primitive lives in its own file with its shape and type rule, its evaluation, its
/// differentiation rules and its batching rule. Rules are written with public operations, never
/// kernels, so they are themselves differentiable (higher orders come for free). The protocol
/// gives no default for any rule (only for the reverse-mode hints at its end), so a primitive
/// missing one does not compile. `nil` stands for a symbolic zero throughout: a rule receiving only zeros is not
/// called, and outputs that are not floating point carry no tangent.
public protocol Primitive: Hashable, Sendable, CustomStringConvertible {
  /// How many tensors the primitive produces.
  var outputCount: Int { get }

  /// The output types for inputs of the given types.
  ///
  /// - Throws: `OlympusError` naming the primitive and the input types when the inputs break the
  ///   primitive's contract.
  func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType]

  /// Computes the outputs from concrete inputs that `outputTypes(for:)` accepted.
  func evaluate(_ inputs: [Tensor]) -> [Tensor]

  /// Forward mode: the tangents of the outputs, given the inputs, their tangents (one per input,
  /// `nil` for zero, at least one not `nil`) and the outputs.
  func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?]

  /// Reverse mode: the cotangents of the inputs (one per input, `nil` for zero or for inputs that
  /// are not differentiable), given the inputs, the outputs and the outputs' cotangents (at least
  /// one not `nil`).
  func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?]

  /// Batching (`vmap`): the outputs for inputs that carry an extra batch axis at `axes[i]` (`nil`
  /// for inputs shared by the whole batch, at least one not `nil`), and the outputs' batch axes.
  /// Rules apply the primitive once to the whole batch, never per example.
  func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?])

  /// Reverse mode computing only the cotangents of the inputs marked in `needed` (`nil` for the
  /// others); reverse interpreters call this form. Defaults to `vjp` (see below).
  func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?], needed: [Bool]) -> [Tensor?]

  /// Whether the VJP rule reads the values of input `index`, not just its type. Reverse mode and
  /// the tape keep only the values rules read until the backward pass (JAX's residuals); unread
  /// large values are kept as placeholders of the same type. Defaults to `true`.
  func vjpReadsInput(_ index: Int) -> Bool

  /// Whether the VJP rule reads the values of the outputs. Defaults to `true`.
  var vjpReadsOutputs: Bool { get }

  /// Whether the derivative is zero for every input (`stop_gradient`): reverse mode then keeps no
  /// record of an application, so nothing it read stays alive for the backward pass. Defaults to
  /// `false`.
  var hasZeroDerivative: Bool { get }

  /// Checks concrete `inputs` against the primitive's contract before eager evaluation, throwing
  /// what `outputTypes(for:)` throws. Defaults to `outputTypes(for:)` on the inputs' types; families
  /// check their common case without building type lists (the eager hot path).
  func validate(_ inputs: [Tensor]) throws(OlympusError)

  /// The eager path of `bind` for one concrete input off the tape, without lists: the output when
  /// the primitive has one output and `x` meets its contract, otherwise `nil` (then `bind` takes
  /// its general path, which validates and rejects). Defaults to `nil`.
  func evaluate(checking x: Tensor) -> Tensor?

  /// `evaluate(checking:)` for two inputs. Defaults to `nil`.
  func evaluate(checking a: Tensor, _ b: Tensor) -> Tensor?
}

/// A primitive with one output.
public protocol SingleOutputPrimitive: Primitive {}

extension SingleOutputPrimitive {
  /// One.
  public var outputCount: Int { 1 }
}

/// Optional refinements of reverse mode and of eager evaluation. They are requirements of
/// `Primitive` (so they are reached without a dynamic cast on every operation) with defaults that
/// keep everything, compute every cotangent and check inputs through `outputTypes(for:)`;
/// primitives override them where it pays.
extension Primitive {
  /// The cotangents of the inputs marked in `needed` (`nil` for the others). The default computes
  /// them all with `vjp`; a matrix product with a constant operand overrides it to skip wasted work.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?], needed: [Bool]) -> [Tensor?] {
    vjp(primals: primals, outputs: outputs, cotangents: cotangents)
  }

  /// Whether the VJP rule reads the values of input `index` (not just its type): yes by default.
  public func vjpReadsInput(_ index: Int) -> Bool { true }

  /// Whether the VJP rule reads the values of the outputs: yes by default.
  public var vjpReadsOutputs: Bool { true }

  /// Whether the derivative is zero everywhere: no by default.
  public var hasZeroDerivative: Bool { false }

  /// Checks `inputs` with `outputTypes(for:)`.
  public func validate(_ inputs: [Tensor]) throws(OlympusError) {
    _ = try outputTypes(for: inputs.map(\.type))
  }

  /// None: `bind` takes its general path.
  public func evaluate(checking x: Tensor) -> Tensor? { nil }

  /// None: `bind` takes its general path.
  public func evaluate(checking a: Tensor, _ b: Tensor) -> Tensor? { nil }
}

/// What a recorded application of `primitive` keeps for its VJP: the inputs and outputs it reads,
/// placeholders for the large ones it does not. The lists themselves are shared when nothing is
/// replaced (small values, the common case on the eager hot path).
func residuals(of primitive: any Primitive, inputs: [Tensor], outputs: [Tensor]) -> (inputs: [Tensor], outputs: [Tensor]) {
  let replacesInput = inputs.indices.contains { !primitive.vjpReadsInput($0) && needsPlaceholder(inputs[$0]) }
  let keptInputs =
    replacesInput
    ? inputs.enumerated().map { index, input in primitive.vjpReadsInput(index) ? input : residualPlaceholder(input) }
    : inputs
  return (keptInputs, primitive.vjpReadsOutputs ? outputs : residualPlaceholders(outputs))
}

/// `values` with placeholders for the large ones, the same list when all are small.
func residualPlaceholders(_ values: [Tensor]) -> [Tensor] {
  values.contains(where: needsPlaceholder) ? values.map(residualPlaceholder) : values
}

/// How reverse mode and the tape keep values their rules do not read.
public enum ResidualPolicy {
  private static let threshold = Atomic<Int>(1 << 14)

  /// Values of fewer elements are kept even when unread, since a placeholder would cost more than
  /// the memory it frees (16,384 by default; 0 replaces every unread value, as the rule tests do to
  /// check each primitive's declaration).
  public static var placeholderThreshold: Int {
    get { threshold.load(ordering: .relaxed) }
    set { threshold.store(newValue, ordering: .relaxed) }
  }
}

/// Zeros of `x`'s type, one stored element broadcast, standing for a large value a rule does not
/// read; small values are kept as they are.
func residualPlaceholder(_ x: Tensor) -> Tensor {
  needsPlaceholder(x) ? Tensor.zeros(x.shape, dtype: x.dtype) : x
}

/// Whether `residualPlaceholder` replaces `x`.
func needsPlaceholder(_ x: Tensor) -> Bool {
  x.elementCount >= ResidualPolicy.placeholderThreshold
}

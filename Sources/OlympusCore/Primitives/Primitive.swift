/// An operation that every interpreter knows how to handle: the unit Olympus's transformations
/// work on.
///
/// Primitives are strict: equal shapes and types where an operation is elementwise, explicit
/// axes, no defaults. User-facing operations (`+`, `sum(axes:)`, `matmul` …) promote, broadcast
/// and fill in defaults by inserting primitives. A primitive's stored properties are its static
/// parameters (axes, shapes, types), so its `Hashable` conformance identifies it in a staged graph
/// and in `jit`'s cache. It never stores tensors.
///
/// Each primitive lives in its own file with its shape and type rule and its evaluation; its
/// differentiation (JVP, VJP) and batching rules join it there, as further requirements of this
/// protocol, when the transformations land. The protocol gives no default for any rule, so a
/// primitive missing one does not compile.
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
}

/// A primitive with one output.
public protocol SingleOutputPrimitive: Primitive {}

extension SingleOutputPrimitive {
  /// One.
  public var outputCount: Int { 1 }
}

/// Cuts a tensor along `axis` into consecutive parts of the given sizes, which add up to the
/// axis's extent: one output per part, each a view.
///
/// Its reverse rule joins the parts' cotangents with one concatenation (zeros for parts without
/// one), where slicing each part separately gives every slice's cotangent padded to the whole
/// tensor and sums the padded copies.
public struct Split: Primitive {
  /// The extent of each part along `axis`.
  public var sizes: [Int]
  /// The axis cut along.
  public var axis: Int

  /// Creates the primitive cutting along `axis` into parts of `sizes`.
  public init(sizes: [Int], axis: Int) {
    self.sizes = sizes
    self.axis = axis
  }

  /// One per part.
  public var outputCount: Int { sizes.count }

  /// `split[sizes; axis]`.
  public var description: String { "split[\(formatShape(sizes)); \(axis)]" }

  /// The input's type with `axis` cut to each size.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    let x = inputs[0]
    guard 0 <= axis, axis < x.rank else { throw OlympusError(description, "axis \(axis) is out of range for \(x)") }
    guard !sizes.isEmpty, sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == x.shape[axis] else {
      throw OlympusError(description, "the sizes do not add up to axis \(axis) of \(x)")
    }
    return sizes.map { size in
      var shape = x.shape
      shape[axis] = size
      return TensorType(shape: shape, dtype: x.dtype)
    }
  }

  /// Views of the input, nothing copied.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let x = inputs[0]
    let layout = x.dense
    var offset = layout.offset
    return sizes.map { size in
      var shape = x.shape
      shape[axis] = size
      defer { offset += size * layout.strides[axis] }
      return x.view(shape: shape, offset: offset, strides: layout.strides)
    }
  }

  /// The tangent cut the same way (the primitive is linear).
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    guard let tangent = tangents[0] else { return outputs.map { _ in nil } }
    return bind(self, [tangent])
  }

  /// The parts' cotangents joined along the axis, zeros standing in for symbolic ones.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    guard cotangents.contains(where: { $0 != nil }) else { return [nil] }
    return [bind(Concatenate(axis: axis), zip(cotangents, outputs).map { tangentOrZero($0, like: $1) })[0]]
  }

  /// The batch axis first and cut whole.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchShiftingAxes(inputs, axes) { shift in Split(sizes: sizes, axis: shift(axis)) }
  }
}

extension Split {
  /// The rule reads only shapes.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule reads only the outputs' types.
  public var vjpReadsOutputs: Bool { false }
}

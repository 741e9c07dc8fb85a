import OlympusKernels

extension Tensor {
  /// The elements in row-major order, converted to `Scalar` (floats to integers truncate
  /// toward zero).
  ///
  /// Reading the values of a traced tensor inside a transformation is rejected: its values do
  /// not exist yet.
  public func scalars<Scalar: TensorScalar>(as type: Scalar.Type) -> [Scalar] {
    guard case .dense = payload else {
      return rejectValue(unreadable("scalars(as:)"), returning: [])
    }
    let source = dtype == Scalar.dtype ? self : bind(Convert(to: Scalar.dtype), [self])[0]
    let contiguousSource = source.contiguous()
    let count = elementCount
    return withExtendedLifetime(contiguousSource) {
      let base = contiguousSource.baseAddress
      if Scalar.self == Bool.self {
        let flags = base.assumingMemoryBound(to: UInt8.self)
        return (0..<count).map { flags[$0] != 0 } as! [Scalar]
      }
      if Scalar.self == Int.self {
        return Array(UnsafeBufferPointer(start: base.assumingMemoryBound(to: Int.self), count: count)) as! [Scalar]
      }
      return Array(UnsafeBufferPointer(start: base.assumingMemoryBound(to: Scalar.self), count: count))
    }
  }

  /// The only element of a one-element tensor, converted to `Scalar`.
  public func item<Scalar: TensorScalar>(as type: Scalar.Type) -> Scalar {
    guard elementCount == 1 else {
      return rejectValue(
        OlympusError("item(as:)", "expects a tensor of one element, got \(self.type)"), returning: .zero)
    }
    guard case .dense = payload else { return rejectValue(unreadable("item(as:)"), returning: .zero) }
    return scalars(as: Scalar.self).first ?? .zero
  }

  /// Why a traced or failed tensor cannot be read. Inside `jit` the message names the staged
  /// value: its type and the primitive that produces it (or that it is an input).
  func unreadable(_ operation: String) -> OlympusError {
    if isFailed {
      return OlympusError(operation, "the tensor is the result of a rejected operation")
    }
    if let staged = handle.tracer as? StagingInterpreter.Tracer, let interpreter = staged.interpreter as? StagingInterpreter {
      let origin = interpreter.producer(of: staged.variable).map { "the result of \($0)" } ?? "an input of the staged function"
      return OlympusError(
        operation,
        "cannot read the value of a \(type) tensor (\(origin)) while jit stages the function: the value exists "
          + "only when the staged graph runs; use cond(_:_:_:) or select(_:_:_:) for a data-dependent choice, "
          + "or make the value a static argument (jit(staticArguments:))")
    }
    return OlympusError(
      operation,
      "cannot read the values of a traced tensor \(type) inside a transformation; "
        + "use select(_:_:_:) for data-dependent choices, or pass the value as a static argument")
  }
}

/// Batching (`vmap`): follows each value with the position of its batch axis and applies every
/// primitive once to the whole batch through the primitive's batching rule.
final class BatchInterpreter: Interpreter {
  let level: Int
  /// The number of examples.
  let size: Int

  init(level: Int, size: Int) {
    self.level = level
    self.size = size
  }

  /// A batch of values stacked along `axis` of `value`.
  final class Tracer: OlympusCore.Tracer {
    let value: Tensor
    let axis: Int

    init(_ interpreter: BatchInterpreter, value: Tensor, axis: Int) {
      self.value = value
      self.axis = axis
      super.init(interpreter: interpreter)
    }
  }

  /// `value` followed as a batch along `axis`; a tensor the batch shares stays as it is.
  func lift(_ value: Tensor, axis: Int?) -> Tensor {
    guard let axis else { return value }
    var shape = value.shape
    shape.remove(at: axis)
    return Tensor(tracer: Tracer(self, value: value, axis: axis), type: TensorType(shape: shape, dtype: value.dtype))
  }

  /// The stacked value of `x` and its batch axis (`nil` for a value the batch shares).
  func unlift(_ x: Tensor) -> (value: Tensor, axis: Int?) {
    guard let tracer = x.tracer(of: self, as: Tracer.self) else { return (x, nil) }
    return (tracer.value, tracer.axis)
  }

  func bind(_ primitive: any Primitive, _ inputs: [Tensor]) -> [Tensor] {
    let unlifted = inputs.map(unlift)
    let values = unlifted.map(\.value)
    let axes = unlifted.map(\.axis)
    let (outputs, outputAxes) = primitive.batch(values, axes: axes)
    return zip(outputs, outputAxes).map { lift($0, axis: $1) }
  }
}

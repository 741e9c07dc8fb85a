/// Forward mode: follows each value together with its tangent (JAX's JVP trace).
final class JVPInterpreter: Interpreter {
  let level: Int

  init(level: Int) { self.level = level }

  /// A value and its tangent (`nil` for zero).
  final class Tracer: OlympusCore.Tracer {
    let primal: Tensor
    let tangent: Tensor?

    init(_ interpreter: JVPInterpreter, primal: Tensor, tangent: Tensor?) {
      self.primal = primal
      self.tangent = tangent
      super.init(interpreter: interpreter)
    }
  }

  /// `primal` followed with `tangent`.
  func lift(_ primal: Tensor, tangent: Tensor?) -> Tensor {
    Tensor(tracer: Tracer(self, primal: primal, tangent: tangent), type: primal.type)
  }

  /// The primal and tangent of `x` at this level (a constant has a zero tangent).
  func unlift(_ x: Tensor) -> (primal: Tensor, tangent: Tensor?) {
    guard let tracer = x.tracer(of: self, as: Tracer.self) else { return (x, nil) }
    return (tracer.primal, tracer.tangent)
  }

  func bind(_ primitive: any Primitive, _ inputs: [Tensor]) -> [Tensor] {
    let lifted = inputs.map(unlift)
    let primals = lifted.map(\.primal)
    let tangents = lifted.map(\.tangent)
    let outputs = OlympusCore.bind(any: primitive, primals)
    guard tangents.contains(where: { $0 != nil }), outputs.contains(where: { $0.dtype.isFloatingPoint }) else {
      return outputs
    }
    let outputTangents = primitive.jvp(primals: primals, tangents: tangents, outputs: outputs)
    return zip(outputs, outputTangents).map { output, tangent in
      guard output.dtype.isFloatingPoint, let tangent else { return output }
      return lift(output, tangent: tangent.astype(output.dtype))
    }
  }
}

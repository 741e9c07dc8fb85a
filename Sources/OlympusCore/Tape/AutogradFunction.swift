/// What a custom function's forward pass keeps for its backward pass (PyTorch's `ctx`).
public struct FunctionContext {
  /// The tensors saved by the forward pass, in order.
  public private(set) var savedTensors: [Tensor] = []

  /// Keeps tensors for the backward pass.
  public mutating func saveForBackward(_ tensors: Tensor...) { savedTensors += tensors }

  init(savedTensors: [Tensor] = []) { self.savedTensors = savedTensors }
}

/// A function with a hand-written backward pass in PyTorch's `autograd.Function` style, usable on
/// the eager tape and by every transformation alike (it is built on `customVJP`).
///
/// ```swift
/// enum Exp: AutogradFunction {   // seed 001
///   static func forward(_ context: inout FunctionContext, _ inputs: [Tensor]) -> [Tensor] {
///     let result = exp(inputs[0])
///     context.saveForBackward(result)
///     return [result]
///   }
///   static func backward(_ context: FunctionContext, _ gradients: [Tensor]) -> [Tensor] {
///     [gradients[0] * context.savedTensors[0]]
///   }
/// }
/// let y = Exp.apply([x])[0]
/// ```
public protocol AutogradFunction {
  /// Computes the outputs, saving what `backward` needs in `context`.
  static func forward(_ context: inout FunctionContext, _ inputs: [Tensor]) -> [Tensor]
  /// The gradients of the inputs, given the saved tensors and the outputs' gradients.
  static func backward(_ context: FunctionContext, _ gradients: [Tensor]) -> [Tensor]
}

extension AutogradFunction {
  /// Runs the function on `inputs`, recording it so that gradients flow through `backward`.
  public static func apply(_ inputs: [Tensor]) -> [Tensor] {
    // The saved tensors travel as extra outputs of the custom function, so they are kept exactly
    // as long as the recorded node (or the transformation's record) is.
    let count = OutputCount()
    let function = customVJP(
      named: String(describing: Self.self),
      { inputs in
        var context = FunctionContext()
        let outputs = forward(&context, inputs)
        count.outputs = outputs.count
        return outputs + context.savedTensors
      },
      backward: { _, outputs, gradients in
        let context = FunctionContext(savedTensors: Array(outputs[count.outputs...]))
        return backward(context, Array(gradients[..<count.outputs]))
      })
    return Array(function(inputs).prefix(count.outputs))
  }
}

/// How many of a custom function's outputs are real (the rest are saved tensors).
private final class OutputCount {
  var outputs = 0
}

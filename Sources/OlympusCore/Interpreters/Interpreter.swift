/// Runs primitives on the tracers of one transformation (JAX's trace).
///
/// Interpreters nest: each has a level, and `bind` hands a primitive to the interpreter of the
/// highest level among its inputs' tracers, so nested transformations never confuse their values.
/// With no tracer among the inputs, primitives are evaluated eagerly on concrete tensors.
public protocol Interpreter: AnyObject {
  /// Nesting depth: the outermost active transformation has level 0.
  var level: Int { get }

  /// Binds `primitive` to `inputs`, at least one of which is a tracer of this interpreter: what
  /// ``bind(_:_:)`` does when this interpreter owns the innermost tracer among the inputs.
  func bind(_ primitive: any Primitive, _ inputs: [Tensor]) -> [Tensor]
}

/// A value followed by an interpreter instead of held in memory.
class Tracer {
  /// The interpreter that owns this tracer.
  let interpreter: any Interpreter

  init(interpreter: any Interpreter) {
    self.interpreter = interpreter
  }
}

extension Tensor {
  /// A tensor standing for `tracer`, of `type`, carrying the value behind it when the interpreter
  /// keeps that with the tensor (reverse mode; see `TensorHandle.tracedPrimal`).
  init(tracer: Tracer, type: TensorType, primal: Tensor? = nil) {
    handle = TensorHandle(shape: type.shape, dtype: type.dtype, tracer: tracer, primal: primal)
  }

  /// This tensor's tracer when `interpreter` owns it.
  func tracer<T: Tracer>(of interpreter: some Interpreter, as kind: T.Type) -> T? {
    guard let tracer = handle.tracer, tracer.interpreter === interpreter else { return nil }
    return tracer as? T
  }
}

/// Runs `body` with a new interpreter one level above the active ones on this thread.
func withNewInterpreter<I: Interpreter, Result>(
  _ make: (Int) -> I, _ body: (I) throws -> Result
) rethrows -> Result {
  let context = ThreadContext.current
  let interpreter = make(context.interpreters.count)
  context.interpreters.append(interpreter)
  defer { context.interpreters.removeLast() }
  return try body(interpreter)
}

/// Applies `primitive` to `inputs`: hands it to the innermost interpreter that owns one of them,
/// or evaluates it when all inputs are concrete (recording it on the eager tape when an input
/// requires gradients).
///
/// Every operation in Olympus ends here, and the inputs are checked here against the primitive's
/// contract (`Primitive.validate(_:)`); a violation is rejected (see `withErrorChecking`). One-
/// and two-input primitives with one output have overloads without lists, whose eager path (every
/// operand concrete and off the tape) is the primitive's `evaluate(checking:)`.
public func bind(_ primitive: some Primitive, _ inputs: [Tensor]) -> [Tensor] {
  var owner: (any Interpreter)?
  for input in inputs where input.handle.storage == nil {
    guard let tracer = input.handle.tracer else {
      return Array(repeating: .failed, count: primitive.outputCount)
    }
    if owner == nil || tracer.interpreter.level > owner!.level { owner = tracer.interpreter }
  }
  if let owner { return owner.bind(primitive, inputs) }
  do {
    try primitive.validate(inputs)
  } catch {
    return Array(repeating: reject(error), count: primitive.outputCount)
  }
  return recordOnTape(primitive, inputs, primitive.evaluate(inputs))
}

/// `bind` for a primitive held as an existential.
func bind(any primitive: any Primitive, _ inputs: [Tensor]) -> [Tensor] {
  bind(primitive, inputs)
}

/// `bind` for a primitive with one output and one input.
public func bind(_ primitive: some SingleOutputPrimitive, _ x: Tensor) -> Tensor {
  if x.isEagerOperand, let result = primitive.evaluate(checking: x) { return result }
  return bind(primitive, [x])[0]
}

/// `bind` for a primitive with one output and two inputs.
public func bind(_ primitive: some SingleOutputPrimitive, _ a: Tensor, _ b: Tensor) -> Tensor {
  if a.isEagerOperand, b.isEagerOperand, let result = primitive.evaluate(checking: a, b) { return result }
  return bind(primitive, [a, b])[0]
}

/// `bind` for a primitive with one output and three or more inputs.
public func bind(_ primitive: some SingleOutputPrimitive, _ inputs: Tensor...) -> Tensor {
  bind(primitive, inputs)[0]
}

extension Tensor {
  /// Whether `bind` may evaluate an operation on this tensor at once: it is concrete and the tape
  /// does not follow it.
  var isEagerOperand: Bool { handle.storage != nil && handle.autograd == nil }
}

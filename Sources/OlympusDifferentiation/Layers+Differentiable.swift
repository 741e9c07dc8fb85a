#if canImport(_Differentiation)
import _Differentiation
import OlympusCore
import OlympusNN

// Olympus's layers as `Differentiable` values (their tangent is a `TreeTangent` of the layer's
// own type) with the derivative of `callAsFunction` (evaluation mode) from Olympus's `vjp`: with
// respect to the layer and the input, and with respect to the layer alone (a constant input, such
// as a batch of data, then costs no input gradient).
// `forward(_:mode:)` (training mode) is not registered: its result holds the layer itself, and a
// derivative of such a function crashes Swift 6.3.1's optimizer (see the guide); differentiate
// training-mode passes with Olympus's `grad`, or use the functional `dropout(_:rate:key:)`.

extension Linear: Differentiable, DifferentiableTree {
  public typealias TangentVector = TreeTangent<Linear>
  @derivative(of: callAsFunction)
  @usableFromInline func _vjpCall(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> (TangentVector, Tensor)) {
    treePullback(at: self, input) { $0($1) }
  }
  @derivative(of: callAsFunction, wrt: self)
  @usableFromInline func _vjpCallParameters(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> TangentVector) {
    treePullback(at: self) { $0(input) }
  }
}
extension Conv1d: Differentiable, DifferentiableTree {
  public typealias TangentVector = TreeTangent<Conv1d>
  @derivative(of: callAsFunction)
  @usableFromInline func _vjpCall(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> (TangentVector, Tensor)) {
    treePullback(at: self, input) { $0($1) }
  }
  @derivative(of: callAsFunction, wrt: self)
  @usableFromInline func _vjpCallParameters(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> TangentVector) {
    treePullback(at: self) { $0(input) }
  }
}
extension Conv2d: Differentiable, DifferentiableTree {
  public typealias TangentVector = TreeTangent<Conv2d>
  @derivative(of: callAsFunction)
  @usableFromInline func _vjpCall(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> (TangentVector, Tensor)) {
    treePullback(at: self, input) { $0($1) }
  }
  @derivative(of: callAsFunction, wrt: self)
  @usableFromInline func _vjpCallParameters(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> TangentVector) {
    treePullback(at: self) { $0(input) }
  }
}
extension MaxPool1d: Differentiable, DifferentiableTree {
  public typealias TangentVector = TreeTangent<MaxPool1d>
  @derivative(of: callAsFunction)
  @usableFromInline func _vjpCall(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> (TangentVector, Tensor)) {
    treePullback(at: self, input) { $0($1) }
  }
  @derivative(of: callAsFunction, wrt: self)
  @usableFromInline func _vjpCallParameters(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> TangentVector) {
    treePullback(at: self) { $0(input) }
  }
}
extension MaxPool2d: Differentiable, DifferentiableTree {
  public typealias TangentVector = TreeTangent<MaxPool2d>
  @derivative(of: callAsFunction)
  @usableFromInline func _vjpCall(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> (TangentVector, Tensor)) {
    treePullback(at: self, input) { $0($1) }
  }
  @derivative(of: callAsFunction, wrt: self)
  @usableFromInline func _vjpCallParameters(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> TangentVector) {
    treePullback(at: self) { $0(input) }
  }
}
extension AvgPool1d: Differentiable, DifferentiableTree {
  public typealias TangentVector = TreeTangent<AvgPool1d>
  @derivative(of: callAsFunction)
  @usableFromInline func _vjpCall(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> (TangentVector, Tensor)) {
    treePullback(at: self, input) { $0($1) }
  }
  @derivative(of: callAsFunction, wrt: self)
  @usableFromInline func _vjpCallParameters(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> TangentVector) {
    treePullback(at: self) { $0(input) }
  }
}
extension AvgPool2d: Differentiable, DifferentiableTree {
  public typealias TangentVector = TreeTangent<AvgPool2d>
  @derivative(of: callAsFunction)
  @usableFromInline func _vjpCall(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> (TangentVector, Tensor)) {
    treePullback(at: self, input) { $0($1) }
  }
  @derivative(of: callAsFunction, wrt: self)
  @usableFromInline func _vjpCallParameters(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> TangentVector) {
    treePullback(at: self) { $0(input) }
  }
}
extension Embedding: Differentiable, DifferentiableTree {
  public typealias TangentVector = TreeTangent<Embedding>
  @derivative(of: callAsFunction)
  @usableFromInline func _vjpCall(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> (TangentVector, Tensor)) {
    treePullback(at: self, input) { $0($1) }
  }
  @derivative(of: callAsFunction, wrt: self)
  @usableFromInline func _vjpCallParameters(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> TangentVector) {
    treePullback(at: self) { $0(input) }
  }
}
extension LayerNorm: Differentiable, DifferentiableTree {
  public typealias TangentVector = TreeTangent<LayerNorm>
  @derivative(of: callAsFunction)
  @usableFromInline func _vjpCall(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> (TangentVector, Tensor)) {
    treePullback(at: self, input) { $0($1) }
  }
  @derivative(of: callAsFunction, wrt: self)
  @usableFromInline func _vjpCallParameters(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> TangentVector) {
    treePullback(at: self) { $0(input) }
  }
}
extension BatchNorm: Differentiable, DifferentiableTree {
  public typealias TangentVector = TreeTangent<BatchNorm>
  @derivative(of: callAsFunction)
  @usableFromInline func _vjpCall(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> (TangentVector, Tensor)) {
    treePullback(at: self, input) { $0($1) }
  }
  @derivative(of: callAsFunction, wrt: self)
  @usableFromInline func _vjpCallParameters(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> TangentVector) {
    treePullback(at: self) { $0(input) }
  }
}
extension Dropout: Differentiable, DifferentiableTree {
  public typealias TangentVector = TreeTangent<Dropout>
  @derivative(of: callAsFunction)
  @usableFromInline func _vjpCall(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> (TangentVector, Tensor)) {
    treePullback(at: self, input) { $0($1) }
  }
  @derivative(of: callAsFunction, wrt: self)
  @usableFromInline func _vjpCallParameters(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> TangentVector) {
    treePullback(at: self) { $0(input) }
  }
}
extension Flatten: Differentiable, DifferentiableTree {
  public typealias TangentVector = TreeTangent<Flatten>
  @derivative(of: callAsFunction)
  @usableFromInline func _vjpCall(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> (TangentVector, Tensor)) {
    treePullback(at: self, input) { $0($1) }
  }
  @derivative(of: callAsFunction, wrt: self)
  @usableFromInline func _vjpCallParameters(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> TangentVector) {
    treePullback(at: self) { $0(input) }
  }
}
extension Activation: Differentiable, DifferentiableTree {
  public typealias TangentVector = TreeTangent<Activation>
  @derivative(of: callAsFunction)
  @usableFromInline func _vjpCall(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> (TangentVector, Tensor)) {
    treePullback(at: self, input) { $0($1) }
  }
  @derivative(of: callAsFunction, wrt: self)
  @usableFromInline func _vjpCallParameters(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> TangentVector) {
    treePullback(at: self) { $0(input) }
  }
}
extension MLP: Differentiable, DifferentiableTree {
  public typealias TangentVector = TreeTangent<MLP>
  @derivative(of: callAsFunction)
  @usableFromInline func _vjpCall(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> (TangentVector, Tensor)) {
    treePullback(at: self, input) { $0($1) }
  }
  @derivative(of: callAsFunction, wrt: self)
  @usableFromInline func _vjpCallParameters(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> TangentVector) {
    treePullback(at: self) { $0(input) }
  }
}
extension Sequential: Differentiable, DifferentiableTree {
  public typealias TangentVector = TreeTangent<Sequential>
  @derivative(of: callAsFunction)
  @usableFromInline func _vjpCall(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> (TangentVector, Tensor)) {
    treePullback(at: self, input) { $0($1) }
  }
  @derivative(of: callAsFunction, wrt: self)
  @usableFromInline func _vjpCallParameters(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> TangentVector) {
    treePullback(at: self) { $0(input) }
  }
}
extension Conv3d: Differentiable, DifferentiableTree {
  public typealias TangentVector = TreeTangent<Conv3d>
  @derivative(of: callAsFunction)
  @usableFromInline func _vjpCall(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> (TangentVector, Tensor)) {
    treePullback(at: self, input) { $0($1) }
  }
  @derivative(of: callAsFunction, wrt: self)
  @usableFromInline func _vjpCallParameters(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> TangentVector) {
    treePullback(at: self) { $0(input) }
  }
}
extension MultiHeadAttention: Differentiable, DifferentiableTree {
  public typealias TangentVector = TreeTangent<MultiHeadAttention>
  @derivative(of: callAsFunction)
  @usableFromInline func _vjpCall(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> (TangentVector, Tensor)) {
    treePullback(at: self, input) { $0($1) }
  }
  @derivative(of: callAsFunction, wrt: self)
  @usableFromInline func _vjpCallParameters(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> TangentVector) {
    treePullback(at: self) { $0(input) }
  }
}
extension TransformerBlock: Differentiable, DifferentiableTree {
  public typealias TangentVector = TreeTangent<TransformerBlock>
  @derivative(of: callAsFunction)
  @usableFromInline func _vjpCall(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> (TangentVector, Tensor)) {
    treePullback(at: self, input) { $0($1) }
  }
  @derivative(of: callAsFunction, wrt: self)
  @usableFromInline func _vjpCallParameters(_ input: Tensor) -> (value: Tensor, pullback: (Tensor) -> TangentVector) {
    treePullback(at: self) { $0(input) }
  }
}
#endif

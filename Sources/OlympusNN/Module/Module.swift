import OlympusCore

/// A neural-network layer or model: a tree of tensors (its parameters) that maps a tensor to a
/// tensor.
///
/// Models are plain structs of tensors and other modules; `Codable` is synthesized, so the
/// gradient of a loss over a model is a value of the model's type and the parameters are found by
/// flattening the tree, named by their path:
///
/// ```swift
/// struct Classifier: Module {
///   var hidden = Linear(inputFeatures: 4, outputFeatures: 8, key: Random.key(0))
///   var output = Linear(inputFeatures: 8, outputFeatures: 3, key: Random.key(1))
///   func callAsFunction(_ x: Tensor) -> Tensor { output(relu(hidden(x))) }
/// }
/// let gradient = grad(of: { (m: Classifier) in crossEntropy(m(x), labels) })(model)  // a Classifier
/// print(model.namedParameters.map(\.path))   // hidden.weight, hidden.bias, output.weight, output.bias
/// ```
///
/// `callAsFunction` is the evaluation-mode forward pass: deterministic, state untouched.
/// Layers that behave differently in training (``Dropout``, ``BatchNorm``) also implement
/// ``forward(_:mode:)``, which returns the module with its state advanced; a module made of such
/// layers threads the mode through its own `forward(_:mode:)` (``Sequential`` does this for you).
public protocol Module: TensorTree {
  /// The output for `input` in evaluation mode.
  func callAsFunction(_ input: Tensor) -> Tensor

  /// The output for `input` in `mode`, and the module with its state advanced (for example
  /// ``BatchNorm``'s running statistics after a training step); stateless modules return
  /// themselves.
  ///
  /// The default runs `callAsFunction` and returns `self`: right for every module without
  /// training-only behaviour, in both modes.
  func forward(_ input: Tensor, mode: ForwardMode) -> (output: Tensor, updated: Self)
}

extension Module {
  /// `(self(input), self)`: evaluation behaviour in every mode, no state.
  public func forward(_ input: Tensor, mode: ForwardMode) -> (output: Tensor, updated: Self) {
    (self(input), self)
  }
}

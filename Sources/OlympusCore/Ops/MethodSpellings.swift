/// The method spellings PyTorch and NumPy users reach for first, each a thin alias of an existing
/// operation (listed in the "Coming from PyTorch" article of the Olympus documentation). They
/// behave exactly like the operation they name: same promotion, broadcasting, derivatives and
/// error messages.
extension Tensor {
  /// `self` raised to `exponent` elementwise (PyTorch's `x.pow(2)`): `pow(self, exponent)`.
  public func pow(_ exponent: Double) -> Tensor { OlympusCore.pow(self, exponent) }

  /// `self` raised to elementwise powers, with broadcasting (PyTorch's `x.pow(y)`): `pow(self, exponent)`.
  public func pow(_ exponent: Tensor) -> Tensor { OlympusCore.pow(self, exponent) }

  /// The axes reversed (NumPy's and PyTorch's `x.T`): the transpose of a matrix, the tensor itself
  /// for 0-d and 1-d tensors. `transposed()`.
  public var T: Tensor { transposed() }

  /// The elementwise absolute value: `abs(self)`.
  public func abs() -> Tensor { OlympusCore.abs(self) }

  /// The elementwise square root: `sqrt(self)`.
  public func sqrt() -> Tensor { OlympusCore.sqrt(self) }

  /// The elementwise square: `pow(self, 2)`, computed as `self * self`.
  public func square() -> Tensor { OlympusCore.pow(self, 2) }

  /// Every element limited to `min ... max`, a `nil` bound not applied (PyTorch's `clamp`):
  /// `clip(self, min:max:)`.
  public func clamp(min lower: Double? = nil, max upper: Double? = nil) -> Tensor {
    clip(self, min: lower, max: upper)
  }

  /// Every element limited between tensors of bounds, with broadcasting: `clip(self, min:max:)`.
  public func clamp(min lower: Tensor, max upper: Tensor) -> Tensor { clip(self, min: lower, max: upper) }

  /// The elements as a 1-d tensor (PyTorch's `flatten()`): `flattened()`.
  public func flatten() -> Tensor { flattened() }

  /// The tensor without its dimensions of size 1 (PyTorch's `squeeze()`): `squeezed()`.
  public func squeeze() -> Tensor { squeezed() }

  /// The tensor without dimension `axis`, which must have size 1 (negative counts from the back):
  /// `squeezed(axes: [axis])`.
  public func squeeze(axis: Int) -> Tensor { squeezed(axes: [axis]) }

  /// The only element of a one-element tensor as a `Double` (PyTorch's `item()`):
  /// `item(as: Double.self)`. Use `item(as: Int.self)` for integers beyond 2⁵³.
  public func item() -> Double { item(as: Double.self) }

  /// Normally distributed numbers of the given shape drawn with `key` (PyTorch's `torch.randn`,
  /// with an explicit key as in JAX): `Random.normal(key, shape:dtype:)`.
  public static func randn(_ shape: [Int], key: Tensor, dtype: DType = .float32) -> Tensor {
    Random.normal(key, shape: shape, dtype: dtype)
  }

  /// Numbers uniformly distributed in `[0, 1)` of the given shape drawn with `key` (PyTorch's
  /// `torch.rand`): `Random.uniform(key, shape:dtype:)`.
  public static func rand(_ shape: [Int], key: Tensor, dtype: DType = .float32) -> Tensor {
    Random.uniform(key, shape: shape, dtype: dtype)
  }
}

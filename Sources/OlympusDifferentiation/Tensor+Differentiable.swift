#if canImport(_Differentiation)
import _Differentiation
import OlympusCore

/// The additive identity of every tangent: a 0-d `float32` zero. Adding it to a tensor gives that
/// tensor (broadcasting gives the shape, and `float32` never widens a `float32` or `float64`
/// operand), so it stands for "zero of whatever shape", as Swift for TensorFlow's scalar zero did.
private let symbolicZero = Tensor(Float(0))

extension Tensor: Equatable {
  /// Whether the two tensors hold the same values: same shape (or one of them 0-d, so that the
  /// shapeless ``zero`` equals every all-zero tensor) and equal elements after type promotion.
  /// Tracers are never equal, since their values are unknown.
  public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
    guard lhs.isConcrete && rhs.isConcrete else { return false }
    guard lhs.shape == rhs.shape || lhs.rank == 0 || rhs.rank == 0 else { return false }
    return (lhs .== rhs).all().item() != 0
  }
}

extension Tensor: AdditiveArithmetic {
  /// The shapeless zero tangent (a 0-d `float32` zero that broadcasts in `+` and `-`).
  public static var zero: Tensor { symbolicZero }
}

extension Tensor: Differentiable {
  /// A tensor's tangents and cotangents are tensors of its shape (or the shapeless ``zero``).
  public typealias TangentVector = Tensor

  /// Adds `offset` to the tensor (keeping the tensor's element type).
  public mutating func move(by offset: Tensor) {
    self = (self + offset).astype(dtype)
  }
}

extension Tensor {
  /// `cotangent` as a tangent of a value shaped like `value`: itself when it already is, else
  /// converted and broadcast (Swift's differentiation hands registered pullbacks the shapeless
  /// ``zero`` where an output received no cotangent).
  func matchingCotangent(_ cotangent: Tensor) -> Tensor {
    if cotangent.shape == shape && cotangent.dtype == dtype { return cotangent }
    return cotangent.astype(dtype).broadcast(to: shape)
  }
}
#endif

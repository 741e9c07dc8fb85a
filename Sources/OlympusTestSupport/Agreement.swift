import OlympusCore
import Testing

/// Expects two computations of the same value (say, batched and looped, or tape and functional) to
/// agree: the same shape and type, and a largest elementwise difference of at most `tolerance`
/// times the larger of 1 and the reference's largest magnitude. Suites state their tolerance and
/// where it comes from.
public func expectAgreement(
  _ got: Tensor, _ expected: Tensor, tolerance: Double, _ context: String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let label = context.isEmpty ? "" : "\(context): "
  #expect(got.shape == expected.shape, "\(label)shape \(got.shape) vs \(expected.shape)", sourceLocation: sourceLocation)
  #expect(got.dtype == expected.dtype, "\(label)dtype \(got.dtype) vs \(expected.dtype)", sourceLocation: sourceLocation)
  guard got.shape == expected.shape, got.elementCount > 0 else { return }
  let a = got.astype(.float64)
  let b = expected.astype(.float64)
  let difference = abs(a - b).max().item(as: Double.self)
  let scale = Swift.max(1, abs(b).max().item(as: Double.self))
  #expect(difference <= tolerance * scale, "\(label)difference \(difference): \(got) vs \(expected)", sourceLocation: sourceLocation)
}

/// Expects `got` to have `shape` and elements within `tolerance` times the larger of 1 and the
/// largest |value| of `values` (the reference in float64, whatever `got`'s element type).
public func expectAgreement(
  _ got: Tensor, _ values: [Double], shape: [Int], tolerance: Double, _ context: String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let label = context.isEmpty ? "" : "\(context): "
  #expect(got.shape == shape, "\(label)shape \(got.shape), expected \(shape)", sourceLocation: sourceLocation)
  guard got.shape == shape else { return }
  let scale = Swift.max(1, values.map { Swift.abs($0) }.max() ?? 0)
  let worst = zip(got.scalars(as: Double.self), values).map { Swift.abs($0 - $1) }.max() ?? 0
  #expect(
    worst <= tolerance * scale, "\(label)largest difference \(worst) exceeds \(tolerance) × \(scale)",
    sourceLocation: sourceLocation)
}

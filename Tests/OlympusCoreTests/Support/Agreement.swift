import OlympusCore
import Testing

/// Expects two computations of the same value (say, batched and looped, or tape and functional) to
/// agree: the same shape and type, and a largest elementwise difference of at most `tolerance`
/// times the larger of 1 and the reference's largest magnitude. Suites state their tolerance and
/// where it comes from.
func expectAgreement(
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

import OlympusCore
import Testing

/// The PyTorch-style method spellings are the operations they alias: every result is compared
/// bit for bit (tolerance 0) with the operation's, since the alias runs the same primitives.
@Suite("Method spellings")
struct MethodSpellingTests {
  let x = Tensor([1.5, -2.0, 0.25, 4.0, -0.5, 3.0], shape: [2, 3])
  let positive = Tensor([1.5, 2.0, 0.25, 4.0], shape: [2, 2])

  func expectSame(_ got: Tensor, _ expected: Tensor, sourceLocation: SourceLocation = #_sourceLocation) {
    expectAgreement(got, expected, tolerance: 0, sourceLocation: sourceLocation)
  }

  @Test func powerSpellingsCompileAndAgree() {
    // The three spellings a PyTorch user writes first (they once failed to compile with an error
    // about `Strideable` and `_Pointer`).
    expectSame(positive.pow(2), pow(positive, 2))
    expectSame(positive.pow(2.5), pow(positive, 2.5))
    let exponents = Tensor([1.0, 0.5, 3.0, -1.0], shape: [2, 2])
    expectSame(positive.pow(exponents), pow(positive, exponents))
    expectSame(positive.square(), positive * positive)
    // Literal exponents keep the tensor's type, as with `pow(_:_:)`.
    #expect(Tensor([1, 2] as [Float]).pow(2).dtype == .float32)
  }

  @Test func transposeReversesAllAxes() {
    expectSame(x.T, x.transposed())
    #expect(x.T.shape == [3, 2])
    #expect(x.T.scalars(as: Double.self) == [1.5, 4.0, -2.0, -0.5, 0.25, 3.0])
    let cube = Tensor.arange(24).reshaped(to: [2, 3, 4])
    #expect(cube.T.shape == [4, 3, 2])
    #expect(cube.T[1, 2, 0].item() == 9)  // cube[0, 2, 1] = 0·12 + 2·4 + 1
    let vector = Tensor([1.0, 2.0])
    #expect(vector.T.scalars(as: Double.self) == [1, 2])
  }

  @Test func elementwiseSpellings() {
    expectSame(x.abs(), abs(x))
    expectSame(positive.sqrt(), sqrt(positive))
    expectSame(x.clamp(min: -1, max: 2), clip(x, min: -1, max: 2))
    expectSame(x.clamp(min: 0), clip(x, min: 0))
    expectSame(x.clamp(max: 0), clip(x, max: 0))
    let lower = Tensor([-1.0, 0.0, 0.5])
    expectSame(x.clamp(min: lower, max: lower + 1), clip(x, min: lower, max: lower + 1))
  }

  @Test func shapeSpellings() {
    expectSame(x.flatten(), x.reshaped(to: [6]))
    let padded = x.reshaped(to: [1, 2, 1, 3])
    #expect(padded.squeeze().shape == [2, 3])
    #expect(padded.squeeze(axis: 2).shape == [1, 2, 3])
    #expect(padded.squeeze(axis: -4).shape == [2, 1, 3])
    #expect(throws: OlympusError("squeezed(axes:)", "axes [1] of float64[1,2,1,3] do not all have size 1")) {
      try withErrorChecking { padded.squeeze(axis: 1) }
    }
  }

  @Test func randomCreationWithAKey() {
    let key = Random.key(7)
    expectSame(Tensor.randn([3, 4], key: key), Random.normal(key, shape: [3, 4]))
    expectSame(Tensor.rand([5], key: key, dtype: .float64), Random.uniform(key, shape: [5], dtype: .float64))
    #expect(Tensor.randn([2], key: key).dtype == .float32)
  }

  @Test func itemWithoutATypeIsADouble() {
    let value: Double = Tensor(2.5).item()
    #expect(value == 2.5)
    // A float32 element, widened exactly.
    #expect(Tensor([Float(0.1)]).item() == Double(Float(0.1)))
    #expect(throws: OlympusError("item(as:)", "expects a tensor of one element, got float64[2,3]")) {
      try withErrorChecking { _ = x.item() }
    }
  }

  @Test func makeGraphOfOneTensorFunction() {
    let type = TensorType(shape: [3], dtype: .float32)
    let single = makeGraph(of: { x in sin(x) * 2 }, for: type)
    let listed = makeGraph(of: { xs in [sin(xs[0]) * 2] }, for: [type])
    #expect(single.description == listed.description)
  }

  @Test func squareOnTheTapeIsNamedPowBackward() {
    let leaf = Tensor([1.0, -3.0]).requiringGrad()
    let square = pow(leaf, 2)
    #expect(square.gradFn?.name == "PowBackward")
    #expect(leaf.square().gradFn?.name == "PowBackward")
    #expect(leaf.pow(2).gradFn?.name == "PowBackward")
    #expect(pow(leaf, 3).gradFn?.name == "PowBackward")
    // The product the user writes keeps its own name, and the fast path's gradient is 2x.
    #expect((leaf * leaf).gradFn?.name == "MulBackward")
    square.sum().backward()
    #expect(leaf.grad?.scalars(as: Double.self) == [2, -6])
  }
}

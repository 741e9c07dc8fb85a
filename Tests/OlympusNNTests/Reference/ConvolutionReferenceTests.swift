import OlympusCore
import OlympusNN
import Testing

/// `conv` and `convTranspose` against PyTorch (`Fixtures/convolution.json`, written by
/// `Scripts/generate-conv-fixtures.py`): outputs and the gradients of ⟨output, cotangent⟩ with
/// respect to the input and the weight, mostly in float32.
@Suite("Convolution against PyTorch")
struct ConvolutionReferenceTests {
  static let fixtures = ReferenceFixtures.load("convolution")
  static var allCases: [ReferenceCase] { (try? fixtures.get())?.cases ?? [] }

  /// Runs a case: `conv` or `convTranspose` with the case's options.
  static func run(_ inputs: [String: Tensor], _ fixture: ReferenceCase) -> Tensor {
    let layout: ChannelLayout = fixture.text("layout") == "channelsLast" ? .channelsLast : .channelsFirst
    let (x, weight) = (inputs["x"]!, inputs["weight"]!)
    let (stride, padding, dilation) = (fixture.integers("stride"), fixture.integers("padding"), fixture.integers("dilation"))
    let groups = fixture.integers("groups")![0]
    if fixture.kind == "convTranspose" {
      return convTranspose(
        x, weight: weight, stride: stride, padding: padding, outputPadding: fixture.integers("outputPadding"),
        dilation: dilation, groups: groups, layout: layout)
    }
    return conv(x, weight: weight, stride: stride, padding: padding, dilation: dilation, groups: groups, layout: layout)
  }

  @Test func theFixtureLoadsAndCoversEveryKind() throws {
    let fixtures = try Self.fixtures.get()
    #expect(fixtures.generated.hasPrefix("by Scripts/generate-conv-fixtures.py"))
    #expect(Set(fixtures.cases.map(\.kind)) == ["conv", "convTranspose"])
    #expect(fixtures.cases.count >= 15)
  }

  /// Tolerance: `Closeness.bound` (1e-5 of the largest reference magnitude in float32, 1e-12 in
  /// float64), the float32 rounding of sums of at most a few hundred products.
  @Test(arguments: allCases)
  func matchesPyTorch(_ fixture: ReferenceCase) throws {
    let bound = Closeness.bound(fixture.dtype)
    let inputs = fixture.inputs.mapValues(\.tensor)
    let output = Self.run(inputs, fixture)
    let expected = try #require(fixture.expected["output"])
    expectAgreement(output, expected.values, shape: expected.shape, tolerance: bound, "\(fixture.name): output")
    let (_, pullback) = vjp(at: inputs) { (traced: [String: Tensor]) -> Tensor in Self.run(traced, fixture) }
    let gradients = pullback(fixture.cotangent.tensor.astype(output.dtype))
    for (name, want) in fixture.gradients {
      let got = try #require(gradients[name], "no gradient for \(name)")
      expectAgreement(got, want.values, shape: want.shape, tolerance: bound, "\(fixture.name): gradient of \(name)")
    }
  }
}

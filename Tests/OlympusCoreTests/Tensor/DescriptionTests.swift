import OlympusCore
import Testing

/// `Tensor.description`: NumPy's layout (right-aligned columns, nested brackets aligned under
/// the first, blank lines between blocks, `...` beyond 1000 elements), then type and shape.
@Suite struct DescriptionTests {
  @Test(arguments: [
    (Tensor([1, 2, 3, 4] as [Float], shape: [2, 2]), "Tensor([[1., 2.],\n        [3., 4.]], dtype: float32, shape: [2, 2])"),
    (Tensor([1.5, -2, 10] as [Float]), "Tensor([1.5, -2., 10.], dtype: float32, shape: [3])"),
    (Tensor([1, 22, 333] as [Int]), "Tensor([  1,  22, 333], dtype: int64, shape: [3])"),
    (Tensor([-1, 5] as [Int32]), "Tensor([-1,  5], dtype: int32, shape: [2])"),
    (Tensor([true, false]), "Tensor([ true, false], dtype: bool, shape: [2])"),
    (Tensor(Float(3)), "Tensor(3., dtype: float32, shape: [])"),
    (Tensor(Double(0.1)), "Tensor(0.1, dtype: float64, shape: [])"),
    (Tensor([Float](), shape: [0]), "Tensor([], dtype: float32, shape: [0])"),
    (Tensor([Float](), shape: [2, 0]), "Tensor([[],\n        []], dtype: float32, shape: [2, 0])"),
    (Tensor([.nan, .infinity, -.infinity, 0.25] as [Double]), "Tensor([ nan,  inf, -inf, 0.25], dtype: float64, shape: [4])"),
    (
      Tensor((1...8).map { Int32($0) }, shape: [2, 2, 2]),
      "Tensor([[[1, 2],\n         [3, 4]],\n\n        [[5, 6],\n         [7, 8]]], dtype: int32, shape: [2, 2, 2])"
    ),
    (Tensor([Float(0.1), 1e-5, 1e20]), "Tensor([  0.1, 1e-05, 1e+20], dtype: float32, shape: [3])"),
  ])
  func printsLikeNumPy(_ tensor: Tensor, _ expected: String) {
    #expect(tensor.description == expected)
  }

  @Test func float32ValuesPrintTheirShortestFloat32Spelling() {
    // 0.1 as float32 is 0.100000001490116…; printing it through Double would show those digits.
    #expect(Tensor([Float(0.1), Float(1) / 3]).description == "Tensor([       0.1, 0.33333334], dtype: float32, shape: [2])")
  }

  @Test func viewsPrintTheirLogicalLayout() {
    let x = Tensor([1, 2, 3, 4, 5, 6] as [Int], shape: [2, 3])
    #expect(x.transposed().description == "Tensor([[1, 4],\n        [2, 5],\n        [3, 6]], dtype: int64, shape: [3, 2])")
    #expect(x[.all, .slice(step: -2)].description == "Tensor([[3, 1],\n        [6, 4]], dtype: int64, shape: [2, 2])")
  }

  @Test func largeTensorsShowThreeItemsAtEachEnd() {
    #expect(
      Tensor.arange(2000).description
        == "Tensor([   0,    1,    2, ..., 1997, 1998, 1999], dtype: int64, shape: [2000])")
    let matrix = Tensor.arange(1010).reshaped(to: [101, 10])
    let lines = matrix.description.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 7, "three rows, the ellipsis, three rows")
    #expect(lines.first == "Tensor([[   0,    1,    2, ...,    7,    8,    9],")
    #expect(lines[3] == "        ...,")
    #expect(lines.last == "        [1000, 1001, 1002, ..., 1007, 1008, 1009]], dtype: int64, shape: [101, 10])")
  }

  @Test func aFailedTensorSaysSo() throws {
    var failed: Tensor?
    #expect(throws: OlympusError.self) {
      try withErrorChecking {
        failed = Tensor([1, 2] as [Float]).reshaped(to: [3])
      }
    }
    #expect(failed?.description == "Tensor(failed)")
  }
}

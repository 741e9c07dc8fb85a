import OlympusCore
import Testing

/// The package's raw-memory access to tensors that OlympusDistributed's fused buffers use: copying
/// a tensor's elements out in row-major order, and views of a dense buffer's parts. Both only move
/// or reinterpret elements, so every comparison is exact.
@Suite struct ExternalMemoryTests {
  /// A strided (transposed, reversed) view is gathered in its logical row-major order.
  @Test func copyElementsGathersAStridedView() {
    let x = Tensor((0..<12).map { Float($0) }, shape: [3, 4]).transposed()[.slice(step: -1)]
    var copied = [Float](repeating: -1, count: 14)
    copied.withUnsafeMutableBytes { bytes in x.copyElements(to: bytes.baseAddress! + MemoryLayout<Float>.stride) }
    #expect(Array(copied[1...12]) == x.scalars(as: Float.self))
    #expect(copied.first == -1 && copied.last == -1)
  }

  @Test func copyElementsOfADenseTensor() {
    let x = Tensor([1, -2, 3, -4, 5, -6] as [Double], shape: [2, 3])
    var copied = [Double](repeating: 0, count: 6)
    copied.withUnsafeMutableBytes { x.copyElements(to: $0.baseAddress!) }
    #expect(copied == [1, -2, 3, -4, 5, -6])
  }

  /// Consecutive parts of a dense buffer, itself a slice at an offset into its storage, as
  /// row-major tensors of their own shapes.
  @Test func rowMajorViewsOfParts() {
    let storage = Tensor((0..<12).map { Int32($0) })
    let fused = storage[.slice(2, 12)]
    let matrix = fused.unsafeRowMajorView(from: 0, shape: [2, 3])
    let vector = fused.unsafeRowMajorView(from: 6, shape: [4])
    #expect(matrix.shape == [2, 3] && matrix.scalars(as: Int32.self) == [2, 3, 4, 5, 6, 7])
    #expect(vector.shape == [4] && vector.scalars(as: Int32.self) == [8, 9, 10, 11])
    #expect((matrix + 1).scalars(as: Int32.self) == [3, 4, 5, 6, 7, 8])
  }
}

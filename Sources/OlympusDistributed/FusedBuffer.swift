import OlympusCore
import OlympusKernels

/// The leaves of one element type laid out in one buffer, so that a collective on a whole tree
/// makes one MPI call per element type rather than one per leaf.
///
/// With `segments` > 1 the buffer holds `segments` equal parts one after another, part `s` made of
/// block `s` of every leaf (each leaf's leading axis cut into `segments` blocks): the layout a
/// reduce-scatter hands out, part `s` to rank `s`.
struct FusedBuffer {
  /// The element type.
  let dtype: DType
  /// Positions of the leaves in the tree's list.
  let indices: [Int]
  /// Elements each leaf contributes to one part.
  let counts: [Int]
  /// Elements of one part.
  let partCount: Int

  /// One buffer per element type present in `leaves`, in `DType.allCases` order.
  static func groups(_ leaves: [Tensor], segments: Int = 1) -> [FusedBuffer] {
    DType.allCases.compactMap { dtype in
      let indices = leaves.indices.filter { leaves[$0].dtype == dtype }
      guard !indices.isEmpty else { return nil }
      let counts = indices.map { leaves[$0].elementCount / segments }
      return FusedBuffer(dtype: dtype, indices: indices, counts: counts, partCount: counts.reduce(0, +))
    }
  }

  /// A buffer holding the leaves' elements in this layout (the leaf itself when it is the only one
  /// and already dense), and its address. Each leaf's elements are copied once (a strided leaf
  /// gathered on the way).
  func pack(_ leaves: [Tensor], segments: Int = 1) -> (tensor: Tensor, base: UnsafeRawPointer) {
    if indices.count == 1, segments == 1, let base = leaves[indices[0]].unsafeContiguousBase {
      return (leaves[indices[0]], base)
    }
    let width = dtype.byteCount
    let (buffer, base) = Tensor.unsafeUninitialized(shape: [partCount * segments], dtype: dtype)
    var start = 0
    for (index, count) in zip(indices, counts) where count > 0 {
      if segments == 1 {
        leaves[index].copyElements(to: base + start * width)
      } else {
        leaves[index].withUnsafeContiguousBytes { bytes in
          for segment in 0..<segments {
            (base + (segment * partCount + start) * width).copyMemory(
              from: bytes.baseAddress! + segment * count * width, byteCount: count * width)
          }
        }
      }
      start += count
    }
    return (buffer, UnsafeRawPointer(base))
  }

  /// Divides the part at `base` (of a buffer of `dtype`, a floating-point type, received but not
  /// yet handed out) by `divisor` in place, with the kernel of `Tensor`'s division: the mean of
  /// a reduction that summed, without a second buffer.
  func divide(_ base: UnsafeMutableRawPointer, by divisor: Int) {
    let scalar = Tensor.full([], value: Double(divisor), dtype: dtype)  // converted as `x / Double(n)` does
    withExtendedLifetime(scalar) {
      Elementwise.binary(
        .divide, dtype.scalarType, shape: [partCount], lhs: StridedView(base, strides: [1]),
        rhs: StridedView(scalar.unsafeContiguousBase!, strides: [0]), output: base)
    }
  }

  /// A receive buffer of `parts` parts and its address.
  func receiveBuffer(parts: Int = 1) -> (tensor: Tensor, base: UnsafeMutableRawPointer) {
    Tensor.unsafeUninitialized(shape: [partCount * parts], dtype: dtype)
  }

  /// The leaves of one part, `fused` holding it (`[partCount]`, row-major and dense), each of shape
  /// `shapes[i]`: views of `fused`, made without operations.
  func unpack(_ fused: Tensor, shapes: [[Int]]) -> [(index: Int, value: Tensor)] {
    var start = 0
    return zip(indices, counts).map { index, count in
      defer { start += count }
      return (index, fused.unsafeRowMajorView(from: start, shape: shapes[index]))
    }
  }

  /// The leaves of `parts` parts stacked along a new leading axis: leaf `i` of part `p` at
  /// `result[i][p]`, `fused` holding the parts one after another (`[parts · partCount]`).
  func unpackStacked(_ fused: Tensor, parts: Int, shapes: [[Int]]) -> [(index: Int, value: Tensor)] {
    let table = fused.reshaped(to: [parts, partCount])
    var offset = 0
    return zip(indices, counts).map { index, count in
      defer { offset += count }
      let columns = indices.count == 1 ? table : table[.all, .slice(offset, offset + count)]
      return (index, columns.reshaped(to: [parts] + shapes[index]))
    }
  }
}

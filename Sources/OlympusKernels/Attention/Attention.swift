import COlympusKernels

/// Memory-efficient scaled dot-product attention over a batch of heads in raw storage: the
/// kernels behind `scaledDotProductAttention`.
///
/// A head is `m` query rows of `d` features, `n` key rows of `d` and `n` value rows of `e`. Inputs
/// are read in place: head `h` of an operand starts at its `offsets[h]` (in elements) from the
/// base pointer and its rows are `rowStride` elements apart, features adjacent; outputs are
/// written row-major, head after head. The scores `s = scale·q·kᵀ` exist one tile of keys at a
/// time: the forward pass keeps a running maximum and sum per query (an online softmax), the
/// backward pass recomputes each tile's probabilities from the saved log-sum-exp, so memory grows
/// with the sequence length, not its square. Heads run in parallel.
public enum Attention {
  /// The sizes and masking shared by every head of a call.
  public struct Shape: Sendable {
    /// Queries, keys, key (and query) features, value features.
    public var m, n, d, e: Int
    /// The factor of the scores.
    public var scale: Double
    /// Whether query `i` attends only keys `j ≤ i`.
    public var isCausal: Bool

    /// A shape of `m` queries and `n` keys of `d` features and values of `e` features.
    public init(m: Int, n: Int, d: Int, e: Int, scale: Double, isCausal: Bool) {
      (self.m, self.n, self.d, self.e, self.scale, self.isCausal) = (m, n, d, e, scale, isCausal)
    }
  }

  /// An operand read in place: the base address, each head's element offset and the row stride.
  public struct Operand {
    /// Element (0, 0) of head 0's storage base.
    public var base: UnsafeRawPointer
    /// Each head's first element, in elements from `base`.
    public var offsets: [Int]
    /// Elements between rows.
    public var rowStride: Int

    /// An operand at `base`.
    public init(base: UnsafeRawPointer, offsets: [Int], rowStride: Int) {
      (self.base, self.offsets, self.rowStride) = (base, offsets, rowStride)
    }
  }

  /// A boolean mask read in place (one byte per pair, nonzero = attend): each head's offset and
  /// the strides of rows (queries) and columns (keys), in bytes.
  public struct Mask {
    /// The bytes of head 0.
    public var base: UnsafePointer<UInt8>
    /// Each head's first byte, from `base`.
    public var offsets: [Int]
    /// Bytes between query rows and between key columns (0 for a broadcast axis).
    public var rowStride, columnStride: Int

    /// A mask at `base`.
    public init(base: UnsafePointer<UInt8>, offsets: [Int], rowStride: Int, columnStride: Int) {
      (self.base, self.offsets, self.rowStride, self.columnStride) = (base, offsets, rowStride, columnStride)
    }
  }

  /// Forward pass: `output` [heads, m, e] = softmax(scale·q·kᵀ over the allowed keys)·v and
  /// `logSumExp` [heads, m]; a query without allowed keys gets zeros and −∞.
  public static func forward(
    _ type: ScalarType, _ shape: Shape, q: Operand, k: Operand, v: Operand, mask: Mask?,
    output: UnsafeMutableRawPointer, logSumExp: UnsafeMutableRawPointer
  ) {
    require(type.isFloatingPoint, "attention takes float32 or float64")
    let size = type.byteCount
    forEachHead(q.offsets.count, shape) { head, cShape in
      olk_attention_forward(
        type.cValue, &cShape, q.base + q.offsets[head] * size, q.rowStride, k.base + k.offsets[head] * size, k.rowStride,
        v.base + v.offsets[head] * size, v.rowStride, output + head * shape.m * shape.e * size,
        logSumExp + head * shape.m * size)
    } mask: { head in mask.map { ($0.base + $0.offsets[head], $0.rowStride, $0.columnStride) } }
  }

  /// Backward pass: given `logSumExp` of the forward pass, the output's cotangent `dOutput` and
  /// `delta` [heads, m] (Σ dOutput·output over the features, minus the cotangent of the
  /// log-sum-exp), writes `dq` [heads, m, d], `dk` [heads, n, d] and `dv` [heads, n, e].
  public static func backward(
    _ type: ScalarType, _ shape: Shape, q: Operand, k: Operand, v: Operand, mask: Mask?,
    logSumExp: UnsafeRawPointer, dOutput: Operand, delta: UnsafeRawPointer,
    dq: UnsafeMutableRawPointer, dk: UnsafeMutableRawPointer, dv: UnsafeMutableRawPointer
  ) {
    require(type.isFloatingPoint, "attention takes float32 or float64")
    let size = type.byteCount
    forEachHead(q.offsets.count, shape) { head, cShape in
      olk_attention_backward(
        type.cValue, &cShape, q.base + q.offsets[head] * size, q.rowStride, k.base + k.offsets[head] * size, k.rowStride,
        v.base + v.offsets[head] * size, v.rowStride, logSumExp + head * shape.m * size,
        dOutput.base + dOutput.offsets[head] * size, dOutput.rowStride, delta + head * shape.m * size,
        dq + head * shape.m * shape.d * size, dk + head * shape.n * shape.d * size, dv + head * shape.n * shape.e * size)
    } mask: { head in mask.map { ($0.base + $0.offsets[head], $0.rowStride, $0.columnStride) } }
  }

  /// Runs `body` for every head, heads shared among threads in up to 4 ranges per thread (a thread
  /// that starts late or is descheduled then leaves less waiting); a range is at least about 2^18
  /// multiply-adds.
  private static func forEachHead(
    _ heads: Int, _ shape: Shape, _ body: (Int, inout olk_attention_head) -> Void,
    mask: (Int) -> (UnsafePointer<UInt8>, Int, Int)?
  ) {
    let work = Swift.max(1, shape.m * shape.n * (shape.d + shape.e))
    Parallel.forEachChunk(count: heads, minimumChunk: Swift.max(1, (1 << 18) / work), chunksPerThread: 4) { range in
      for head in range {
        var cShape = olk_attention_head(
          m: shape.m, n: shape.n, d: shape.d, e: shape.e, scale: shape.scale, causal: shape.isCausal ? 1 : 0,
          mask: nil, mask_row: 0, mask_column: 0)
        if let (base, row, column) = mask(head) {
          (cShape.mask, cShape.mask_row, cShape.mask_column) = (base, row, column)
        }
        body(head, &cShape)
      }
    }
  }
}

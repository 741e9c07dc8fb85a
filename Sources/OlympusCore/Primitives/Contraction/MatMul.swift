import OlympusKernels

/// Batched matrix product: `a[..., m, k] · b[..., k, n] → [..., m, n]`, one type, equal batch
/// dimensions.
///
/// Transposed operands are passed to the kernel as transposes, not copied.
public struct MatMul: SingleOutputPrimitive {
  /// Creates the primitive.
  public init() {}

  /// `matmul`.
  public var description: String { "matmul" }

  /// `[..., m, n]` of the operands' type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 2)
    let (a, b) = (inputs[0], inputs[1])
    guard a.rank >= 2, a.rank == b.rank, a.dtype == b.dtype, a.dtype != .bool,
      a.shape.dropLast(2) == b.shape.dropLast(2), a.shape[a.rank - 1] == b.shape[b.rank - 2]
    else {
      throw OlympusError(description, "operands \(a) and \(b) do not have the form [..., m, k] and [..., k, n]")
    }
    return [TensorType(shape: a.shape.dropLast() + [b.shape[b.rank - 1]], dtype: a.dtype)]
  }

  /// Runs one GEMM per batch element.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let a = MatrixOperand(inputs[0])
    let b = MatrixOperand(inputs[1])
    let batchShape = Array(inputs[0].shape.dropLast(2))
    let (m, k, n) = (a.rows, a.columns, b.columns)
    let dtype = inputs[0].dtype
    let type = TensorType(shape: batchShape + [m, n], dtype: dtype)
    var aOffsets: [Int] = []
    var bOffsets: [Int] = []
    forEachOffset(shape: batchShape, strides: [a.batchStrides, b.batchStrides]) { offsets in
      aOffsets.append(offsets[0])
      bOffsets.append(offsets[1])
    }
    return [
      Tensor.make(type) { output in
        withExtendedLifetime((a, b)) {
          MatrixMultiply.multiply(
            dtype.scalarType, transposeA: a.isTransposed, transposeB: b.isTransposed, m: m, n: n, k: k,
            a: a.base, lda: a.leadingDimension, aOffsets: aOffsets,
            b: b.base, ldb: b.leadingDimension, bOffsets: bOffsets, c: output, ldc: n)
        }
      }
    ]
  }

  /// `ta·b + a·tb`.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    let left = tangents[0].map { bind(self, $0, primals[1]) }
    let right = tangents[1].map { bind(self, primals[0], $0) }
    return [addTangents(left, right)]
  }

  /// `ct·bᵀ` and `aᵀ·ct`.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    vjp(primals: primals, outputs: outputs, cotangents: cotangents, needed: [true, true])
  }

  /// `ct·bᵀ` and `aᵀ·ct`, each only when needed.
  ///
  /// A cotangent takes the memory order of its operand: for an operand stored transposed (a
  /// weight used as `x·wᵀ`), the product is computed as `(b·ctᵀ)ᵀ` or `(ctᵀ·a)ᵀ`, the same sums of
  /// the same products, so the transpose's own rule hands back a row-major gradient instead of a
  /// strided view that every later elementwise operation (an optimizer's update) reads element
  /// by element.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?], needed: [Bool]) -> [Tensor?] {
    guard let cotangent = cotangents[0] else { return [nil, nil] }
    let (a, b) = (primals[0], primals[1])
    func aCotangent() -> Tensor {
      guard isStoredTransposed(a) else { return bind(self, cotangent, matrixTransposed(b)) }
      return matrixTransposed(bind(self, b, matrixTransposed(cotangent)))
    }
    func bCotangent() -> Tensor {
      guard isStoredTransposed(b) else { return bind(self, matrixTransposed(a), cotangent) }
      return matrixTransposed(bind(self, matrixTransposed(cotangent), a))
    }
    return [needed[0] ? aCotangent() : nil, needed[1] ? bCotangent() : nil]
  }

  /// One product for the whole batch. When one operand is a plain matrix shared by the batch and
  /// the other a batch of matrices, the batch is folded into the other operand's rows or columns:
  /// one large GEMM instead of many small ones (a Jacobian by `vmap` of a pullback, per-example
  /// gradients). Otherwise both operands get their batch axis first (a shared one repeated as a
  /// view) for one batched product.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    let (a, b) = (inputs[0], inputs[1])
    switch (axes[0], axes[1]) {
    case (let axis?, nil) where a.rank == 3 && b.rank == 2:
      // [B, m, k] · [k, n]: rows of all examples at once.
      let stacked = movingAxis(a, from: axis, to: 0)
      let (size, m, k) = (stacked.shape[0], stacked.shape[1], stacked.shape[2])
      let product = bind(self, bind(Reshape(shape: [size * m, k]), stacked), b)
      return ([bind(Reshape(shape: [size, m, b.shape[1]]), product)], [0])
    case (nil, let axis?) where a.rank == 2 && b.rank == 3:
      // [m, k] · [B, k, n]: columns of all examples at once, the batch placed beside n.
      let stacked = movingAxis(b, from: axis, to: 1)
      let (k, size, n) = (stacked.shape[0], stacked.shape[1], stacked.shape[2])
      let product = bind(self, a, bind(Reshape(shape: [k, size * n]), stacked))
      return ([bind(Reshape(shape: [a.shape[0], size, n]), product)], [1])
    default:
      return (bind(self, batchAllFirst(inputs, axes)), [0])
    }
  }
}

/// A batch of matrices as GEMM wants it: row-major or transposed, with a leading dimension.
private struct MatrixOperand {
  let tensor: Tensor
  let rows: Int
  let columns: Int
  let isTransposed: Bool
  let leadingDimension: Int
  let batchStrides: [Int]

  init(_ input: Tensor) {
    let rank = input.rank
    let (rows, columns) = (input.shape[rank - 2], input.shape[rank - 1])
    var tensor = input
    var strides = input.dense.strides
    if let storage = Self.storage(rows: rows, columns: columns, rowStride: strides[rank - 2], columnStride: strides[rank - 1]) {
      (isTransposed, leadingDimension) = storage
    } else {
      tensor = input.contiguous()
      strides = tensor.dense.strides
      isTransposed = false
      leadingDimension = Swift.max(columns, 1)
    }
    self.tensor = tensor
    self.rows = rows
    self.columns = columns
    batchStrides = Array(strides.dropLast(2))
  }

  var base: UnsafeRawPointer { tensor.baseAddress }

  /// How GEMM reads `rows × columns` matrices with these strides: row by row (`isTransposed`
  /// false) or column by column, with the leading dimension; `nil` when neither, so that the
  /// matrices must be copied.
  static func storage(rows: Int, columns: Int, rowStride: Int, columnStride: Int) -> (
    isTransposed: Bool, leadingDimension: Int
  )? {
    if (columnStride == 1 || columns == 1) && rowStride >= Swift.max(columns, 1) { return (false, rowStride) }
    if (rowStride == 1 || rows == 1) && columnStride >= Swift.max(rows, 1) { return (true, columnStride) }
    return nil
  }
}

/// Whether `x` is concrete and GEMM reads its matrices column by column (a transposed view of
/// row-major matrices), as `MatrixOperand` would.
private func isStoredTransposed(_ x: Tensor) -> Bool {
  guard x.isConcrete, x.rank >= 2 else { return false }
  let (rank, strides) = (x.rank, x.dense.strides)
  return MatrixOperand.storage(
    rows: x.shape[rank - 2], columns: x.shape[rank - 1], rowStride: strides[rank - 2], columnStride: strides[rank - 1]
  )?.isTransposed == true
}

/// `x` with its last two axes exchanged.
func matrixTransposed(_ x: Tensor) -> Tensor {
  var permutation = Array(0..<x.rank)
  permutation.swapAt(x.rank - 1, x.rank - 2)
  return bind(Transpose(permutation: permutation), x)
}

/// Calls `body` with the element offset of every index of `shape` (row-major order) under each of
/// several stride lists.
func forEachOffset(shape: [Int], strides: [[Int]], _ body: ([Int]) -> Void) {
  let count = shape.reduce(1, *)
  guard count > 0 else { return }
  var index = [Int](repeating: 0, count: shape.count)
  var offsets = [Int](repeating: 0, count: strides.count)
  for _ in 0..<count {
    body(offsets)
    var axis = shape.count - 1
    while axis >= 0 {
      index[axis] += 1
      for operand in strides.indices { offsets[operand] += strides[operand][axis] }
      if index[axis] < shape[axis] { break }
      for operand in strides.indices { offsets[operand] -= strides[operand][axis] * shape[axis] }
      index[axis] = 0
      axis -= 1
    }
  }
}

extension MatMul {
  /// Each cotangent is a product with the other operand.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

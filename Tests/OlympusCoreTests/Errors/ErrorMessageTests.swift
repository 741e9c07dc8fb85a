import OlympusCore
import Testing

/// One rejected call and the error it should throw inside `withErrorChecking`.
struct RejectedCall: Sendable, CustomTestStringConvertible {
  /// The exact `operation: message` text.
  let expected: String
  /// Whether only the message (not the operation's name) is checked.
  let messageOnly: Bool
  let call: @Sendable () -> Void

  init(_ expected: String, messageOnly: Bool = false, _ call: @escaping @Sendable () -> Void) {
    self.expected = expected
    self.messageOnly = messageOnly
    self.call = call
  }

  var testDescription: String { expected }
}

private let m23 = Tensor.ones([2, 3])
private let v2 = Tensor.ones([2])
private let v3 = Tensor.ones([3])

/// Error messages of every operation family: they name the operation as users call it and the
/// shapes and types involved.
@Suite struct ErrorMessageTests {
  static let arithmetic: [RejectedCall] = [
    .init("+: cannot broadcast float32[2,3] and float32[4]") { _ = m23 + Tensor.ones([4]) },
    .init("-: expects numeric operands, got bool[1] and bool[1]") { _ = Tensor([true]) - Tensor([false]) },
    .init("*: cannot broadcast float32[2] and float32[3]") { _ = v2 * v3 },
    .init("/: cannot broadcast float32[2] and float32[3]") { _ = v2 / v3 },
    .init("%: cannot broadcast float32[2] and float32[3]") { _ = v2 % v3 },
    .init("pow: cannot broadcast float32[2] and float32[3]") { _ = pow(v2, v3) },
    .init("floorDivide: expects numeric operands, got bool[2] and bool[2]") {
      _ = floorDivide(Tensor([true, false]), Tensor([true, true]))
    },
    .init("abs: expects a numeric tensor, got bool[2]") { _ = abs(Tensor([true, false])) },
    .init("maximum: cannot broadcast float32[2] and float32[3]") { _ = maximum(v2, v3) },
    .init("minimum: cannot broadcast float64[2] and float32[3]") { _ = minimum(Tensor.ones([2], dtype: .float64), v3) },
  ]

  static let comparisons: [RejectedCall] = [
    .init(".<: cannot broadcast float32[2] and float32[3]") { _ = v2 .< v3 },
    .init(".==: cannot broadcast int64[2] and float32[3]") { _ = Tensor([1, 2] as [Int]) .== v3 },
    .init("logicalAnd: cannot broadcast bool[2] and bool[3]") {
      _ = logicalAnd(Tensor([true, false]), Tensor([true, false, true]))
    },
    .init("select: cannot broadcast condition bool[3] with branches float32[2]") {
      _ = select(Tensor([true, false, true]), v2, Tensor.zeros([2]))
    },
    .init("select: cannot broadcast float32[2] and float32[3]") { _ = select(Tensor([true]), v2, v3) },
  ]

  static let reductions: [RejectedCall] = [
    .init("sum(axes:): axis 2 is out of range for float32[2,3]") { _ = m23.sum(axes: [2]) },
    .init("sum(axes:): axis -3 is out of range for float32[2,3]") { _ = m23.sum(axes: [-3]) },
    .init("sum(axes:): axis -2 appears twice in [0, -2]") { _ = m23.sum(axes: [0, -2]) },
    .init("mean(axes:): axis 5 is out of range for float32[2,3]") { _ = m23.mean(axes: [5]) },
    .init("prod(axes:): axis 2 is out of range for float32[2,3]") { _ = m23.prod(axes: [2]) },
    .init("max(axes:): cannot reduce zero elements of float32[0,3] along axes [0]") {
      _ = Tensor.zeros([0, 3]).max(axes: [0])
    },
    .init("min(axes:): cannot reduce zero elements of float32[0] along axes [0]") { _ = Tensor.zeros([0]).min() },
    .init("variance(axes:): axis 2 is out of range for float32[2,3]") { _ = m23.variance(axes: [2]) },
    .init("logSumExp(axes:): axis 2 is out of range for float32[2,3]") { _ = m23.logSumExp(axes: [2]) },
    .init("argmax(axis:): axis 2 is out of range for float32[2,3]") { _ = m23.argmax(axis: 2) },
    .init("argmin(axis:): cannot search the empty axis 0 of float32[0]") { _ = Tensor.zeros([0]).argmin(axis: 0) },
    .init("cumsum(axis:): axis 3 is out of range for float32[2,3]") { _ = m23.cumsum(axis: 3) },
    .init("argsort(axis:): axis 1 is out of range for float32[3]") { _ = v3.argsort(axis: 1) },
    .init("softmax(_:axes:): axis 1 is out of range for float32[2]") { _ = softmax(v2, axes: [1]) },
    .init("logSoftmax(_:axes:): axis 1 is out of range for float32[2]") { _ = logSoftmax(v2, axes: [1]) },
  ]

  static let shapes: [RejectedCall] = [
    .init("reshaped(to:): cannot reshape float32[2,3] (6 elements) to [4]") { _ = m23.reshaped(to: [4]) },
    .init("reshaped(to:): cannot reshape float32[2,3] (6 elements) to [4,-1]") { _ = m23.reshaped(to: [4, -1]) },
    .init("reshaped(to:): invalid shape [-1,-1] for float32[2,3]") { _ = m23.reshaped(to: [-1, -1]) },
    .init("transposed(_:): [0, 0] is not a permutation of the axes of float32[2,3]") { _ = m23.transposed([0, 0]) },
    .init("transposed(_:): axis 2 is out of range for float32[2,3]") { _ = m23.transposed([0, 2]) },
    .init("swappingAxes(_:_:): axis 2 is out of range for float32[2,3]") { _ = m23.swappingAxes(0, 2) },
    .init("expandingDimensions(at:): axis 3 is out of range for float32[2]") { _ = v2.expandingDimensions(at: 3) },
    .init("squeezed(axes:): axes [0] of float32[2,1] do not all have size 1") {
      _ = Tensor.ones([2, 1]).squeezed(axes: [0])
    },
    .init("broadcast(to:): cannot broadcast float32[3] to [2,4]") { _ = v3.broadcast(to: [2, 4]) },
    .init("broadcast(to:): cannot broadcast float32[2,3] to [3]") { _ = m23.broadcast(to: [3]) },
    .init("concatenated(_:axis:): cannot join [2,3], [2,4] along axis 0") {
      _ = concatenated([m23, Tensor.ones([2, 4])], axis: 0)
    },
    .init("concatenated(_:axis:): cannot join [2,3], [3] along axis 0") { _ = concatenated([m23, v3]) },
    .init("concatenated(_:axis:): needs at least one tensor") { _ = concatenated([]) },
    .init("concatenated(_:axis:): axis 1 is out of range for float32[2]") { _ = concatenated([v2, v2], axis: 1) },
    .init("stacked(_:axis:): shapes differ: [2], [3]") { _ = stacked([v2, v3]) },
    .init("stacked(_:axis:): needs at least one tensor") { _ = stacked([]) },
    .init("split(into:axis:): cannot split axis 0 of float32[5,2] into 2 equal parts") {
      _ = Tensor.ones([5, 2]).split(into: 2)
    },
    .init("split(sizes:axis:): sizes [2, 2] do not add up to axis 0 of float32[5,2]") {
      _ = Tensor.ones([5, 2]).split(sizes: [2, 2])
    },
    .init("padded(_:value:): needs one non-negative (before, after) pair per axis of float32[2,3]") {
      _ = m23.padded([(1, 1)])
    },
    .init("flipped(axes:): axis 2 is out of range for float32[2,3]") { _ = m23.flipped(axes: [2]) },
  ]

  static let indexing: [RejectedCall] = [
    .init("subscript: index 5 is out of range for axis 0 of float32[3]") { _ = v3[5] },
    .init("subscript: index -4 is out of range for axis 0 of float32[3]") { _ = v3[-4] },
    .init("subscript: index 3 is out of range for axis 1 of float32[2,3]") { _ = m23[0, 3] },
    .init("subscript: 2 indices for float32[3]") { _ = v3[0, 0] },
    .init("subscript: 0 indices and several ellipses for float32[3]") { _ = v3[.ellipsis, .ellipsis] },
    .init("subscript: slice step cannot be zero (axis 0 of float32[3])") { _ = v3[.slice(step: 0)] },
    .init("take(_:axis:): index 7 is out of range for axis 0 of float32[3,2]") {
      _ = Tensor.ones([3, 2]).take(Tensor([7] as [Int]))
    },
    .init("take(_:axis:): index -4 is out of range for axis 0 of float32[3,2]") {
      _ = Tensor.ones([3, 2])[Tensor([0, -4] as [Int32])]
    },
    .init("take(_:axis:): indices must be int32 or int64, got float32[1]") { _ = v3.take(Tensor([1] as [Float])) },
    .init("take(_:axis:): axis 2 is out of range for float32[3,2]") {
      _ = Tensor.ones([3, 2]).take(Tensor([0] as [Int]), axis: 2)
    },
    .init("scatterAdding(_:at:axis:): updates float32[3] do not fit [2] (indices int64[2] into float32[4])") {
      _ = Tensor.zeros([4]).scatterAdding(v3, at: Tensor([0, 1] as [Int]))
    },
    .init("scatterAdding(_:at:axis:): index 4 is out of range for axis 0 of float32[4]") {
      _ = Tensor.zeros([4]).scatterAdding(v2, at: Tensor([0, 4] as [Int]))
    },
    .init("oneHot(_:count:): needs integer indices and a non-negative count, got float32[2], 3") {
      _ = oneHot(v2, count: 3)
    },
  ]

  static let linearAlgebra: [RejectedCall] = [
    .init("matmul: [3,4] × [5,2]: inner dimensions 4 and 5 differ") { _ = matmul(Tensor.ones([3, 4]), Tensor.ones([5, 2])) },
    .init("matmul: [] × [2]: operands need at least one axis") { _ = matmul(Tensor(Float(1)), v2) },
    .init("matmul: expects numeric operands, got bool[2,2] and bool[2,2]") {
      _ = matmul(Tensor.ones([2, 2], dtype: .bool), Tensor.ones([2, 2], dtype: .bool))
    },
    .init("matmul: [2,3,4] × [3,4,5]: batch dimensions do not broadcast") {
      _ = matmul(Tensor.ones([2, 3, 4]), Tensor.ones([3, 4, 5]))
    },
    .init("matmul: [3] × [4]: inner dimensions 3 and 4 differ") { _ = dot(v3, Tensor.ones([4])) },
    .init("tensordot: axis 1 of float32[2,3] and axis 0 of float32[4,5] differ in size") {
      _ = tensordot(m23, Tensor.ones([4, 5]), axes: 1)
    },
    .init("tensordot: cannot contract 2 axes of float32[2] and float32[2]") { _ = tensordot(v2, v2, axes: 2) },
    .init("tensordot: axis lists [0] and [0, 1] differ in length") { _ = tensordot(m23, m23, axes: ([0], [0, 1])) },
    .init("tensordot: axis 2 is out of range for float32[2,3]") {
      _ = tensordot(m23, m23, axes: ([2], [0]))
    },
  ]

  static let creation: [RejectedCall] = [
    .init("Tensor(_:shape:): 3 scalars do not fill shape [2,2]") { _ = Tensor([1, 2, 3] as [Float], shape: [2, 2]) },
    .init("item(as:): expects a tensor of one element, got float32[2]") { _ = v2.item(as: Float.self) },
    .init("full: invalid shape [-1]") { _ = Tensor.full([-1], value: 0) },
    .init("arange: needs finite bounds and a non-zero step, got 0.0, 1.0, 0.0") { _ = Tensor.arange(0, 1, step: 0) },
    .init("linspace: count must not be negative, got -1") { _ = Tensor.linspace(0, 1, count: -1) },
    .init("eye: invalid size -1 × -1") { _ = Tensor.eye(-1) },
    // Shapes whose dimensions (zeros counted as ones) multiply beyond an Int: no element count or
    // row-major strides exist for them, even when a zero makes them empty.
    .init("full: invalid shape [0,8589934592,8589934592]") { _ = Tensor.zeros([0, 1 << 33, 1 << 33]) },
    .init("full: invalid shape [1099511627776,1099511627776]") { _ = Tensor.ones([1 << 40, 1 << 40]) },
    .init("Tensor(_:shape:): 0 scalars do not fill shape [0,8589934592,8589934592]") {
      _ = Tensor([Float](), shape: [0, 1 << 33, 1 << 33])
    },
    .init("reshaped(to:): invalid shape [0,8589934592,8589934592] for float32[0]") {
      _ = Tensor([Float]()).reshaped(to: [0, 1 << 33, 1 << 33])
    },
    .init("broadcast(to:): cannot broadcast float32[1] to [0,8589934592,8589934592]", messageOnly: true) {
      _ = Tensor([Float(1)]).broadcast(to: [0, 1 << 33, 1 << 33])
    },
  ]

  static let random: [RejectedCall] = [
    .init("Random.split: count must not be negative, got -1") { _ = Random.split(Random.key(0), count: -1) },
    .init("Random.uniform: needs a floating-point type, got int32") {
      _ = Random.uniform(Random.key(0), shape: [2], dtype: .int32)
    },
    .init("Random.uniform: needs a floating-point type and a valid shape", messageOnly: true) {
      _ = Random.uniform(Random.key(0), shape: [0, 1 << 33, 1 << 33])
    },
    .init("Random.normal: needs a floating-point type, got int64") {
      _ = Random.normal(Random.key(0), shape: [2], dtype: .int64)
    },
    .init("Random.randint: needs an integer type and low < high, got int64, 3 ..< 3") {
      _ = Random.randint(Random.key(0), shape: [2], low: 3, high: 3)
    },
    .init("Random.permutation: count must not be negative, got -2") { _ = Random.permutation(Random.key(0), count: -2) },
    .init("Random.permutation: needs at least one axis, got float32[]") {
      _ = Random.permutation(Random.key(0), Tensor(Float(1)))
    },
    .init("Random.uniform: expects a random key int32[2] (or a batch int32[…, 2]), got int32[3]") {
      _ = Random.uniform(Tensor([1, 2, 3] as [Int32]), shape: [2])
    },
  ]

  static func check(_ call: RejectedCall) {
    do {
      try withErrorChecking { call.call() }
      Issue.record("no error thrown; expected \(call.expected)")
    } catch let error as OlympusError {
      if call.messageOnly {
        let message = call.expected.split(separator: ": ", maxSplits: 1).last.map(String.init) ?? ""
        #expect(error.message == message, "from \(error.operation)")
      } else {
        #expect(error.description == call.expected)
      }
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test(arguments: arithmetic) func arithmeticErrors(_ call: RejectedCall) { Self.check(call) }
  @Test(arguments: comparisons) func comparisonsErrors(_ call: RejectedCall) { Self.check(call) }
  @Test(arguments: reductions) func reductionsErrors(_ call: RejectedCall) { Self.check(call) }
  @Test(arguments: shapes) func shapesErrors(_ call: RejectedCall) { Self.check(call) }
  @Test(arguments: indexing) func indexingErrors(_ call: RejectedCall) { Self.check(call) }
  @Test(arguments: linearAlgebra) func linearAlgebraErrors(_ call: RejectedCall) { Self.check(call) }
  @Test(arguments: creation) func creationErrors(_ call: RejectedCall) { Self.check(call) }
  @Test(arguments: random) func randomErrors(_ call: RejectedCall) { Self.check(call) }
}

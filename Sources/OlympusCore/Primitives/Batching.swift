/// Helpers for batching rules.

/// `x` with axis `from` moved to position `to`.
func movingAxis(_ x: Tensor, from: Int, to: Int) -> Tensor {
  if from == to { return x }
  var order = Array(0..<x.rank)
  order.remove(at: from)
  order.insert(from, at: to)
  return bind(Transpose(permutation: order), x)
}

/// The batch size: the extent of the first batched input's batch axis.
func batchSize(_ inputs: [Tensor], _ axes: [Int?]) -> Int {
  for (input, axis) in zip(inputs, axes) {
    if let axis { return input.shape[axis] }
  }
  fatalError("Olympus internal error: a batching rule without a batched input")
}

/// `x` with its batch axis first; an unbatched `x` is repeated `size` times along a new first axis
/// (a broadcast view, no copy).
func batchFirst(_ x: Tensor, axis: Int?, size: Int) -> Tensor {
  guard let axis else {
    return bind(BroadcastInDim(shape: [size] + x.shape, dimensions: Array(1..<(x.rank + 1))), x)
  }
  return movingAxis(x, from: axis, to: 0)
}

/// Every input with its batch axis first (unbatched ones repeated): the common form for rules of
/// primitives that treat every input alike.
func batchAllFirst(_ inputs: [Tensor], _ axes: [Int?]) -> [Tensor] {
  let size = batchSize(inputs, axes)
  return zip(inputs, axes).map { batchFirst($0, axis: $1, size: size) }
}

/// The rule of a primitive with one input whose static axes shift by one when a batch axis is put
/// first: applies `make(shifted)` to the input with its batch axis first.
func batchShiftingAxes(
  _ inputs: [Tensor], _ axes: [Int?], _ make: (_ shift: (Int) -> Int) -> any Primitive
) -> (outputs: [Tensor], axes: [Int?]) {
  let x = batchFirst(inputs[0], axis: axes[0], size: batchSize(inputs, axes))
  let outputs = bind(any: make({ $0 + 1 }), [x])
  return (outputs, outputs.map { _ in 0 })
}

/// The rule of elementwise primitives: every input brought to the batch axis of the first batched
/// one (moving axes, or repeating unbatched inputs as a broadcast view), then the primitive applied
/// once; the output keeps that axis.
func batchElementwise(_ primitive: some Primitive, _ inputs: [Tensor], _ axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
  let target = axes.first { $0 != nil }!!
  let size = batchSize(inputs, axes)
  let aligned = zip(inputs, axes).map { input, axis -> Tensor in
    if let axis { return movingAxis(input, from: axis, to: target) }
    var shape = input.shape
    shape.insert(size, at: target)
    return bind(BroadcastInDim(shape: shape, dimensions: (0..<input.rank).map { $0 < target ? $0 : $0 + 1 }), input)
  }
  let outputs = bind(primitive, aligned)
  return (outputs, outputs.map { _ in target })
}

/// Index tensor elements as `Int64`, negative ones counted from the end of an axis of `size` and
/// out-of-range ones clamped (callers that can see the values reject those first).
func normalizedIndices(_ indices: Tensor, axisSize size: Int) -> [Int64] {
  let values = indices.scalars(as: Int64.self)
  let upper = Int64(Swift.max(size - 1, 0))
  return values.map { index in
    let wrapped = index < 0 ? index + Int64(size) : index
    return Swift.min(Swift.max(wrapped, 0), upper)
  }
}

/// Checks the index tensor of a gather or scatter.
func validateIndexTensor(_ indices: TensorType, in primitive: some Primitive) throws(OlympusError) {
  guard indices.dtype.isInteger else {
    throw OlympusError(primitive.description, "indices must be int32 or int64, got \(indices)")
  }
}

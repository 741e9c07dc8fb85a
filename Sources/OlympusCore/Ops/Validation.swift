/// Runs an operation's body, rejecting (see `withErrorChecking`) the error it throws.
func checked(_ body: () throws(OlympusError) -> Tensor) -> Tensor {
  do {
    return try body()
  } catch {
    return reject(error)
  }
}

/// Runs an operation's body that gives something other than a tensor, rejecting the error it
/// throws and returning `fallback` then.
func checked<Result>(orElse fallback: Result, _ body: () throws(OlympusError) -> Result) -> Result {
  do {
    return try body()
  } catch {
    return rejectValue(error, returning: fallback)
  }
}

/// `axis` counted from the front (negative axes count from the back), or an error naming
/// `operation` and the tensor's type.
func normalizedAxis(_ axis: Int, rank: Int, _ operation: String, _ type: TensorType) throws(OlympusError) -> Int {
  guard -rank <= axis, axis < rank else {
    throw OlympusError(operation, "axis \(axis) is out of range for \(type)")
  }
  return axis < 0 ? axis + rank : axis
}

/// Sorted, distinct, non-negative axes; `nil` means all of them.
func normalizedAxes(_ axes: [Int]?, rank: Int, _ operation: String, _ type: TensorType) throws(OlympusError) -> [Int] {
  guard let axes else { return Array(0..<rank) }
  var result: [Int] = []
  for axis in axes {
    let normalized = try normalizedAxis(axis, rank: rank, operation, type)
    guard !result.contains(normalized) else {
      throw OlympusError(operation, "axis \(axis) appears twice in \(axes)")
    }
    result.append(normalized)
  }
  return result.sorted()
}

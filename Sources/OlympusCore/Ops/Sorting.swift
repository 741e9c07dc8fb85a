extension Tensor {
  /// Indices that sort the tensor ascending along `axis` (stable; NaNs last), as `int64`.
  public func argsort(axis: Int = -1) -> Tensor {
    checked { () throws(OlympusError) in
      let normalized = try normalizedAxis(axis, rank: rank, "argsort(axis:)", type)
      let last = rank - 1
      let moved = swappingAxes(normalized, last)
      return bind(ArgSort(), moved).swappingAxes(normalized, last)
    }
  }
}

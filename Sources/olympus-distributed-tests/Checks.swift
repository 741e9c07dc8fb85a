import Olympus

/// The outcome of the checks run so far on this rank.
nonisolated(unsafe) var failures: [String] = []
nonisolated(unsafe) var passes = 0

/// Records one check: `condition` must hold; `detail` says what was compared.
func expect(_ condition: Bool, _ name: String, _ detail: @autoclosure () -> String = "") {
  if condition {
    passes += 1
  } else {
    failures.append("\(name)\(detail().isEmpty ? "" : ": \(detail())")")
  }
}

/// Whether `a` and `b` have the same type and the same bytes.
func bitwiseEqual(_ a: Tensor, _ b: Tensor) -> Bool {
  guard a.type == b.type else { return false }
  switch a.dtype {
  case .float32: return a.scalars(as: Float.self).map(\.bitPattern) == b.scalars(as: Float.self).map(\.bitPattern)
  case .float64: return a.scalars(as: Double.self).map(\.bitPattern) == b.scalars(as: Double.self).map(\.bitPattern)
  case .int32: return a.scalars(as: Int32.self) == b.scalars(as: Int32.self)
  case .int64: return a.scalars(as: Int64.self) == b.scalars(as: Int64.self)
  case .bool: return a.scalars(as: Bool.self) == b.scalars(as: Bool.self)
  }
}

/// The largest |a − b| over the elements, in float64 (infinite when the shapes differ).
func largestDifference(_ a: Tensor, _ b: Tensor) -> Double {
  guard a.shape == b.shape else { return .infinity }
  let difference = abs(a.astype(.float64) - b.astype(.float64))
  return difference.elementCount == 0 ? 0 : difference.max().item(as: Double.self)
}

/// Whether every rank's `value` has the same bytes (all-gathered and compared with rank 0's).
func sameOnEveryRank(_ value: Tensor) -> Bool {
  let gathered = Distributed.allGather(value)
  return (0..<Distributed.size).allSatisfy { bitwiseEqual(gathered[$0], gathered[0]) }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Olympus

/// Writes result records as the peers' `Reporter.emit` does: one JSON object per line on stdout.
struct Reporter: Sendable {
  /// Appended to every system name.
  let systemSuffix: String

  /// The record of one workload and system: per-call times in milliseconds, `extra`, then the
  /// configuration (`threads`, `blas`, `simd`), `interference` and, when `perCallMicroseconds`,
  /// `median_us` / `min_us`.
  @discardableResult
  func emit(
    _ workload: String, system: String, _ measurement: Measurement, extra: JSONMembers,
    perCallMicroseconds: Bool = false
  ) -> JSONValue {
    let milliseconds = measurement.perCallSeconds.map { $0 * 1e3 }
    let median = median(of: milliseconds)
    var members = extra + Reporter.configuration
    members.append(("interference", .object(measurement.interference)))
    if perCallMicroseconds {
      members.append(("median_us", .number(median * 1e3)))
      members.append(("min_us", .number((milliseconds.min() ?? .nan) * 1e3)))
    }
    let record = JSONValue.object([
      ("workload", .string(workload)),
      ("system", .string(system + systemSuffix)),
      ("median_ms", .number(median)),
      ("min_ms", .optional(milliseconds.min())),
      ("max_ms", .optional(milliseconds.max())),
      ("reps", .integer(milliseconds.count)),
      ("extra", .object(members)),
    ])
    print(record.text)
    fflush(nil)  // every output stream: the peers flush each line too
    return record
  }

  /// What every record carries about how Olympus ran.
  static var configuration: JSONMembers {
    [
      ("threads", .integer(Parallel.threadCount)),
      ("blas", .string(String(describing: MatrixMultiply.defaultBackend))),
      ("simd", .bool(SIMDPaths.isEnabled)),
    ]
  }
}

/// The median (mean of the middle two for an even count), as Python's `statistics.median`.
func median(of values: [Double]) -> Double {
  guard !values.isEmpty else { return .nan }
  let sorted = values.sorted()
  let middle = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// The float64 sum of the tensors' elements (the peers' `checksum`), for cross-checking results.
func checksum(_ tensors: Tensor...) -> Double { checksum(tensors) }

/// The float64 sum of the tensors' elements.
func checksum(_ tensors: [Tensor]) -> Double {
  var total = 0.0
  for tensor in tensors {
    for value in tensor.scalars(as: Double.self) { total += value }  // exact for float32 elements too
  }
  return total
}

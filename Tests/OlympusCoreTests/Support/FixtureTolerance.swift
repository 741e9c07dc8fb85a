import OlympusCore
import Testing

/// A tolerance as the fixture file names it; the numbers follow from the result's type.
enum ToleranceClass: Sendable {
  case exact
  case elementary(scale: Double)
  case composite(scale: Double)
  case accumulated(terms: Int, magnitude: Double)
  /// Within `ulps` units in the last place of a correctly rounded reference.
  case ulps(Double)

  init(_ json: JSONValue) throws {
    switch try json["kind"]?.string() {
    case "exact": self = .exact
    case "elementary": self = .elementary(scale: try json["scale"]?.double() ?? 1)
    case "composite": self = .composite(scale: try json["scale"]?.double() ?? 1)
    case "ulps": self = .ulps(try json["ulps"]?.double() ?? 0)
    case "accumulated":
      self = .accumulated(terms: try json["terms"]?.int() ?? 0, magnitude: try json["magnitude"]?.double() ?? 0)
    default: throw FixtureError("unknown tolerance \(json)")
    }
  }

  /// The bounds for a result of `dtype`.
  func tolerance(for dtype: DType) -> Tolerance {
    guard dtype.isFloatingPoint else { return .exact }
    switch self {
    case .exact: return .exact
    case .elementary(let scale): return .elementary(dtype, scale: scale)
    case .composite(let scale): return .composite(dtype, scale: scale)
    case .accumulated(let terms, let magnitude): return .accumulated(dtype, terms: terms, magnitude: magnitude)
    case .ulps(let count):
      return Tolerance(relative: 0, absolute: 0, ulps: count, significandBits: dtype == .float32 ? 23 : 52)
    }
  }
}

/// The elements of a concrete tensor read in its own type (no conversion kernel involved).
func fixtureValues(of tensor: Tensor) -> FixtureValues {
  switch tensor.dtype {
  case .float32: .floats(tensor.scalars(as: Float.self).map { Double($0) })
  case .float64: .floats(tensor.scalars(as: Double.self))
  case .int32: .integers(tensor.scalars(as: Int32.self).map { Int($0) })
  case .int64: .integers(tensor.scalars(as: Int.self))
  case .bool: .flags(tensor.scalars(as: Bool.self))
  }
}

/// Expects `actual` to have the golden value's type and shape and elements within `tolerance`;
/// reports up to five mismatching elements with their multi-indices.
func expectClose(
  _ actual: Tensor, _ expected: FixtureTensor, tolerance: Tolerance, _ context: String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let label = context.isEmpty ? "" : "\(context): "
  #expect(actual.dtype == expected.dtype, "\(label)dtype", sourceLocation: sourceLocation)
  guard actual.shape == expected.shape else {
    Issue.record("\(label)shape \(actual.shape), expected \(expected.shape)", sourceLocation: sourceLocation)
    return
  }
  guard actual.dtype == expected.dtype else { return }
  var mismatches: [String] = []
  func note(_ index: Int, _ got: String, _ want: String) {
    mismatches.append("\(multiIndex(index, shape: expected.shape)): got \(got), expected \(want)")
  }
  switch (fixtureValues(of: actual), expected.values) {
  case (.floats(let got), .floats(let written)):
    // The file spells float32 values in their shortest decimal form; round them back to float32.
    let want = expected.dtype == .float32 ? written.map { Double(Float($0)) } : written
    for index in want.indices where !tolerance.accepts(got[index], want[index]) {
      note(index, "\(got[index])", "\(want[index]) (|diff| \(Swift.abs(got[index] - want[index])), \(tolerance))")
    }
  case (.integers(let got), .integers(let want)):
    for index in want.indices where got[index] != want[index] { note(index, "\(got[index])", "\(want[index])") }
  case (.flags(let got), .flags(let want)):
    for index in want.indices where got[index] != want[index] { note(index, "\(got[index])", "\(want[index])") }
  default:
    mismatches.append("values of another kind")
  }
  if !mismatches.isEmpty {
    let shown = mismatches.prefix(5).joined(separator: "; ")
    Issue.record(
      "\(label)\(mismatches.count) of \(expected.values.count) elements differ: \(shown)", sourceLocation: sourceLocation)
  }
}

/// Expects `actual` to equal the given floating-point values (of `dtype` and `shape`) within `tolerance`.
func expectClose(
  _ actual: Tensor, _ values: [Double], shape: [Int], dtype: DType = .float32, tolerance: Tolerance = .exact,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  expectClose(
    actual, FixtureTensor(dtype: dtype, shape: shape, values: .floats(values)), tolerance: tolerance,
    sourceLocation: sourceLocation)
}

/// Expects `actual` to be an integer tensor of `dtype` and `shape` with exactly these values.
func expectEqual(
  _ actual: Tensor, _ values: [Int], shape: [Int], dtype: DType = .int64, sourceLocation: SourceLocation = #_sourceLocation
) {
  expectClose(
    actual, FixtureTensor(dtype: dtype, shape: shape, values: .integers(values)), tolerance: .exact,
    sourceLocation: sourceLocation)
}

/// Expects `actual` to be a `bool` tensor of `shape` with exactly these values.
func expectEqual(_ actual: Tensor, _ values: [Bool], shape: [Int], sourceLocation: SourceLocation = #_sourceLocation) {
  expectClose(
    actual, FixtureTensor(dtype: .bool, shape: shape, values: .flags(values)), tolerance: .exact,
    sourceLocation: sourceLocation)
}

/// `[1, 0, 2]` for flat position `index` of `shape`.
func multiIndex(_ index: Int, shape: [Int]) -> String {
  var rest = index
  var position = [Int](repeating: 0, count: shape.count)
  for axis in shape.indices.reversed() where shape[axis] > 0 {
    position[axis] = rest % shape[axis]
    rest /= shape[axis]
  }
  return "[" + position.map(String.init).joined(separator: ",") + "]"
}

import OlympusCore
import Testing

/// Runs one fixture case: builds the tensors Olympus should compute from its inputs and arguments.
typealias FixtureOperation = @Sendable (FixtureCase) throws -> [Tensor]

/// One golden-value case: an operation, its inputs and arguments, and the outputs NumPy computed.
struct FixtureCase: Sendable, CustomTestStringConvertible {
  /// The fixture group (one per test suite).
  let group: String
  /// Unique within the group; names the test case in reports.
  let name: String
  /// The operation, a key of the suite's operation table.
  let op: String
  /// Keyword arguments (`axes`, `keepDims`, `scalar` …).
  let args: [String: JSONValue]
  /// How close the outputs must be.
  let tolerance: ToleranceClass
  /// The operands, as tensors to build.
  let inputs: [FixtureTensor]
  /// The golden outputs.
  let expected: [FixtureTensor]

  /// Reads a case of the fixture file.
  init(_ json: JSONValue, group: String) throws {
    self.group = group
    name = try json["name"]?.string() ?? ""
    op = try json["op"]?.string() ?? ""
    guard case .object(let args)? = json["args"] else { throw FixtureError("\(name): no args") }
    self.args = args
    tolerance = try ToleranceClass(json["tolerance"] ?? .null)
    inputs = try (json["inputs"]?.array() ?? []).map(FixtureTensor.init)
    expected = try (json["expected"]?.array() ?? []).map(FixtureTensor.init)
    guard !name.isEmpty, !op.isEmpty, !expected.isEmpty else { throw FixtureError("incomplete case \(json)") }
  }

  /// `group/name`.
  var testDescription: String { "\(group)/\(name)" }

  /// Input `index` as a tensor, its views applied.
  func input(_ index: Int) throws -> Tensor {
    guard inputs.indices.contains(index) else { throw FixtureError("\(name): no input \(index)") }
    return try inputs[index].tensor()
  }

  /// All inputs as tensors.
  func allInputs() throws -> [Tensor] { try inputs.map { try $0.tensor() } }

  /// Runs the case's operation inside `withErrorChecking` (an unexpected rejection fails this case
  /// instead of trapping the test process) and compares every output with its golden value.
  func check(_ operations: [String: FixtureOperation], sourceLocation: SourceLocation = #_sourceLocation) throws {
    let run = try #require(operations[op], "no runner for operation \(op)", sourceLocation: sourceLocation)
    let outputs = try withErrorChecking { try run(self) }
    try #require(outputs.count == expected.count, "output count", sourceLocation: sourceLocation)
    for (output, golden) in zip(outputs, expected) {
      expectClose(
        output, golden, tolerance: tolerance.tolerance(for: golden.dtype), name, sourceLocation: sourceLocation)
    }
  }

  // MARK: Arguments

  private func argument(_ key: String) -> JSONValue? {
    guard let value = args[key], value != .null else { return nil }
    return value
  }

  private func required(_ key: String) throws -> JSONValue {
    guard let value = argument(key) else { throw FixtureError("\(name): missing argument \(key)") }
    return value
  }

  /// An integer argument.
  func int(_ key: String) throws -> Int { try required(key).int() }
  /// An integer argument that may be absent or null.
  func optionalInt(_ key: String) throws -> Int? { try argument(key)?.int() }
  /// A list of integers.
  func ints(_ key: String) throws -> [Int] { try required(key).ints() }
  /// A list of integers that may be absent or null (`axes: nil`).
  func optionalInts(_ key: String) throws -> [Int]? { try argument(key)?.ints() }
  /// A number.
  func double(_ key: String) throws -> Double { try required(key).double() }
  /// A number that may be absent or null.
  func optionalDouble(_ key: String) throws -> Double? { try argument(key)?.double() }
  /// A flag, `false` when absent.
  func flag(_ key: String) throws -> Bool { try (argument(key)?.int() ?? 0) != 0 }
  /// A string.
  func string(_ key: String) throws -> String { try required(key).string() }
  /// An element type, `nil` when absent (the operation's default).
  func dtype(_ key: String) throws -> DType? { try argument(key).map { try DType(named: $0.string()) } }
  /// A subscript: a list of indices, slices, `newAxis` and `ellipsis`.
  func indices(_ key: String) throws -> [TensorIndex] { try required(key).array().map(TensorIndex.init(fixture:)) }
}

/// A tensor of the fixture file: a base array written in full, seen through optional views.
struct FixtureTensor: Sendable {
  /// Element type.
  let dtype: DType
  /// Shape of the base array.
  let shape: [Int]
  /// The base array's elements, row-major.
  let values: FixtureValues
  /// Views applied in order (transposes, slices, broadcasts) to make non-contiguous operands.
  let views: [FixtureView]

  init(dtype: DType, shape: [Int], values: FixtureValues, views: [FixtureView] = []) {
    self.dtype = dtype
    self.shape = shape
    self.values = values
    self.views = views
  }

  init(_ json: JSONValue) throws {
    dtype = try DType(named: json["dtype"]?.string() ?? "")
    shape = try json["shape"]?.ints() ?? []
    let data = try json["data"]?.array() ?? []
    switch dtype {
    case .float32, .float64: values = .floats(try data.map { try $0.double() })
    case .int32, .int64: values = .integers(try data.map { try $0.int() })
    case .bool: values = .flags(try data.map { try $0.int() != 0 })
    }
    guard values.count == shape.reduce(1, *) else { throw FixtureError("data does not fill \(shape)") }
    views = try (json["view"]?.array() ?? []).map(FixtureView.init)
  }

  /// The tensor: the base array built from Swift values, then the views applied.
  func tensor() throws -> Tensor {
    var tensor: Tensor
    switch (dtype, values) {
    case (.float32, .floats(let x)): tensor = Tensor(x.map { Float($0) }, shape: shape)
    case (.float64, .floats(let x)): tensor = Tensor(x, shape: shape)
    case (.int32, .integers(let x)): tensor = Tensor(x.map { Int32($0) }, shape: shape)
    case (.int64, .integers(let x)): tensor = Tensor(x, shape: shape)
    case (.bool, .flags(let x)): tensor = Tensor(x, shape: shape)
    default: throw FixtureError("values do not match \(dtype)")
    }
    for view in views {
      switch view {
      case .transpose(let permutation): tensor = tensor.transposed(permutation)
      case .slice(let entries): tensor = try subscripted(tensor, entries)
      case .broadcast(let shape): tensor = tensor.broadcast(to: shape)
      }
    }
    return tensor
  }
}

/// Elements of one kind, as Swift reads them back for comparison.
enum FixtureValues: Sendable, Equatable {
  case floats([Double])
  case integers([Int])
  case flags([Bool])

  /// Number of elements.
  var count: Int {
    switch self {
    case .floats(let x): x.count
    case .integers(let x): x.count
    case .flags(let x): x.count
    }
  }
}

/// A view applied to a fixture operand.
enum FixtureView: Sendable {
  case transpose([Int])
  case slice([TensorIndex])
  case broadcast([Int])

  init(_ json: JSONValue) throws {
    if let permutation = json["transpose"] {
      self = .transpose(try permutation.ints())
    } else if let entries = json["slice"] {
      self = .slice(try entries.array().map(TensorIndex.init(fixture:)))
    } else if let shape = json["broadcast"] {
      self = .broadcast(try shape.ints())
    } else {
      throw FixtureError("unknown view \(json)")
    }
  }
}

/// `x[entries...]` for a list of entries (the subscript is variadic, so the list is spread by hand).
func subscripted(_ x: Tensor, _ e: [TensorIndex]) throws -> Tensor {
  switch e.count {
  case 0: return x[]
  case 1: return x[e[0]]
  case 2: return x[e[0], e[1]]
  case 3: return x[e[0], e[1], e[2]]
  case 4: return x[e[0], e[1], e[2], e[3]]
  case 5: return x[e[0], e[1], e[2], e[3], e[4]]
  default: throw FixtureError("subscripts of \(e.count) entries are not spelled out")
  }
}

extension TensorIndex {
  /// Reads an entry: an integer, `{"slice": [start, end, step]}`, `"newAxis"` or `"ellipsis"`.
  init(fixture json: JSONValue) throws {
    switch json {
    case .number: self = .index(try json.int())
    case .string("newAxis"): self = .newAxis
    case .string("ellipsis"): self = .ellipsis
    default:
      let parts = try json["slice"]?.array() ?? []
      guard parts.count == 3 else { throw FixtureError("bad subscript entry \(json)") }
      func bound(_ value: JSONValue) throws -> Int? { value == .null ? nil : try value.int() }
      self = .range(start: try bound(parts[0]), end: try bound(parts[1]), step: try parts[2].int())
    }
  }
}

extension DType {
  /// The type spelled as in NumPy (`float32` …).
  init(named name: String) throws {
    guard let dtype = DType.allCases.first(where: { $0.description == name }) else {
      throw FixtureError("unknown dtype \(name)")
    }
    self = dtype
  }
}

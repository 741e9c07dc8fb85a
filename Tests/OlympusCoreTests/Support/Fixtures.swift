import Foundation
import OlympusCore
import Testing

/// The golden values: NumPy's in `Fixtures/ops.json` (`Scripts/generate-fixtures.py`) and
/// `Fixtures/linalg.json` (`Scripts/generate-linalg-fixtures.py`), PyTorch's in
/// `Fixtures/attention.json` (`Scripts/generate-attention-fixtures.py`), and the correctly rounded
/// special-function sweeps in `Fixtures/special-math.json` (mpmath,
/// `Scripts/generate-math-fixtures.py`).
///
/// The file is read once per test process with `JSONSerialization` and turned into Sendable
/// values, so parameterized tests can take its cases as arguments.
enum Fixtures {
  /// The cases of one group (`arithmetic`, `reductions` …) of the file `file` (`ops`, `linalg`
  /// or `special-math`), in file order.
  static func cases(_ group: String, file: String = "ops") throws -> [FixtureCase] {
    guard let loaded = files[file] else { throw FixtureError("no fixture file \(file).json") }
    let groups = try loaded.get()
    guard let cases = groups[group], !cases.isEmpty else {
      throw FixtureError("\(file).json has no cases in group \(group)")
    }
    return cases
  }

  /// Checks that a suite's operation table and a fixture group name the same operations: every
  /// fixture is runnable, and every operation the suite claims to cover has golden values.
  static func expectCoverage(
    _ group: String, _ operations: [String: FixtureOperation], file: String = "ops",
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let used = Set(try cases(group, file: file).map(\.op))
    let known = Set(operations.keys)
    #expect(used.subtracting(known).sorted() == [], "fixture operations without a Swift runner", sourceLocation: sourceLocation)
    #expect(known.subtracting(used).sorted() == [], "runners without golden values", sourceLocation: sourceLocation)
  }

  private static let files: [String: Result<[String: [FixtureCase]], FixtureError>] = Dictionary(
    uniqueKeysWithValues: ["ops", "linalg", "special-math", "attention"].map { file in
      (file, Result { try load(file) }.mapError { $0 as? FixtureError ?? FixtureError("\($0)") })
    })

  private static func load(_ file: String) throws -> [String: [FixtureCase]] {
    let root = try JSONValue(FixtureFiles(.module).jsonObject("\(file).json"))
    guard case .object(let groups)? = root["groups"] else { throw FixtureError("\(file).json has no groups") }
    var result: [String: [FixtureCase]] = [:]
    for (group, value) in groups {
      guard case .array(let cases) = value else { throw FixtureError("group \(group) is not a list") }
      result[group] = try cases.map { try FixtureCase($0, group: group) }
    }
    return result
  }
}

/// A JSON value as a Sendable tree. JSON `true`/`false` arrive as the numbers 1 and 0, which is
/// how the fixture's readers use them.
enum JSONValue: Sendable, Hashable {
  case null
  /// A number, kept both as a double and as an exact 64-bit integer (int64 data may exceed 2⁵³).
  case number(Double, Int)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  /// Converts what `JSONSerialization` returns.
  init(_ any: Any) throws {
    switch any {
    case let number as NSNumber: self = .number(number.doubleValue, number.intValue)
    case let flag as Bool: self = .number(flag ? 1 : 0, flag ? 1 : 0)
    case let text as String: self = .string(text)
    case let list as [Any]: self = .array(try list.map(JSONValue.init))
    case let dictionary as [String: Any]: self = .object(try dictionary.mapValues(JSONValue.init))
    case is NSNull: self = .null
    default: throw FixtureError("unexpected JSON value \(any)")
    }
  }

  /// The member `key` of an object.
  subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members[key]
  }

  /// A number. The generator writes floating-point values as strings (`"0.1"`, `"-0"`, `"nan"`,
  /// `"inf"`): `Double(String)` rounds correctly, while swift-corelibs-foundation's
  /// `JSONSerialization` turns some 17-digit numbers into a neighbouring double.
  func double() throws -> Double {
    switch self {
    case .number(let value, _): return value
    case .string(let text):
      guard let value = Double(text) else { throw FixtureError("expected a number, got \"\(text)\"") }
      return value
    default: throw FixtureError("expected a number, got \(self)")
    }
  }

  /// An integer.
  func int() throws -> Int {
    guard case .number(let value, let integer) = self, value.rounded() == value else {
      throw FixtureError("expected an integer, got \(self)")
    }
    return integer
  }

  /// A string.
  func string() throws -> String {
    guard case .string(let text) = self else { throw FixtureError("expected a string, got \(self)") }
    return text
  }

  /// The elements of a list.
  func array() throws -> [JSONValue] {
    guard case .array(let items) = self else { throw FixtureError("expected a list, got \(self)") }
    return items
  }

  /// A list of integers.
  func ints() throws -> [Int] { try array().map { try $0.int() } }
}

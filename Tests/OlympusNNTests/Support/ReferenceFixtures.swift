import Foundation
import OlympusCore
import Testing

/// The PyTorch reference values in `Fixtures/nn.json`, written by
/// `Scripts/generate-nn-fixtures.py`.
struct ReferenceFixtures: Decodable {
  /// Says which script wrote the file (and that it is not edited by hand).
  let generated: String
  /// Every case, in file order.
  let cases: [ReferenceCase]

  /// The file, read once per test process.
  static let shared = load("nn")

  /// `Fixtures/<name>.json` of the test bundle.
  static func load(_ name: String) -> Result<ReferenceFixtures, any Error> {
    Result { try FixtureFiles(.module).decoded(ReferenceFixtures.self, from: "\(name).json") }
  }

  /// The cases, or none when the file cannot be read (the loading test reports why).
  static var allCases: [ReferenceCase] { (try? shared.get())?.cases ?? [] }
}

/// A malformed fixture.

/// One layer, activation or loss evaluated by PyTorch.
struct ReferenceCase: Decodable, Sendable, CustomTestStringConvertible {
  let name: String
  /// Which runner evaluates it (`conv2d`, `crossEntropy` …).
  let kind: String
  /// The dtype of its floating-point inputs, which sets the tolerance.
  let dtype: String
  /// Where the expected values come from: `torch` (PyTorch in float64) or `mpmath` (40 digits).
  let reference: String
  let options: [String: OptionValue]
  let inputs: [String: FixtureArray]
  /// The inputs the gradients are taken with respect to.
  let differentiable: [String]
  /// Outputs by name; `output` is the one the cotangent applies to.
  let expected: [String: FixtureArray]
  let cotangent: FixtureArray
  /// The gradients of ⟨output, cotangent⟩ with respect to `differentiable`.
  let gradients: [String: FixtureArray]

  var testDescription: String { name }

  /// The numbers of option `key`.
  func numbers(_ key: String) -> [Double]? {
    if case .numbers(let values)? = options[key] { return values }
    return nil
  }

  /// The integers of option `key`.
  func integers(_ key: String) -> [Int]? { numbers(key)?.map { Int($0) } }

  /// The text of option `key`.
  func text(_ key: String) -> String? {
    if case .text(let value)? = options[key] { return value }
    return nil
  }
}

/// An option: a list of numbers or a string.
enum OptionValue: Decodable, Sendable {
  case numbers([Double])
  case text(String)

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let numbers = try? container.decode([Double].self) {
      self = .numbers(numbers)
    } else {
      self = .text(try container.decode(String.self))
    }
  }
}

/// A tensor as the fixture writes it: floats as round-tripping decimal strings, integers as
/// numbers.
struct FixtureArray: Decodable, Sendable {
  let dtype: String
  let shape: [Int]
  /// The elements as doubles (exact: every stored value is a double or an integer below 2⁵³).
  let values: [Double]

  private enum CodingKeys: String, CodingKey { case dtype, shape, data }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    dtype = try container.decode(String.self, forKey: .dtype)
    shape = try container.decode([Int].self, forKey: .shape)
    if dtype == "int64" {
      values = try container.decode([Int].self, forKey: .data).map(Double.init)
    } else {
      values = try container.decode([String].self, forKey: .data).map { text in
        guard let value = Double(text) else { throw FixtureError("not a number: \(text)") }
        return value
      }
    }
  }

  /// The tensor, of the stored type.
  var tensor: Tensor {
    switch dtype {
    case "float32": Tensor(values.map(Float.init), shape: shape)
    case "int64": Tensor(values.map { Int($0) }, shape: shape)
    default: Tensor(values, shape: shape)
    }
  }
}

import Foundation
import OlympusCore
import OlympusOptimizers
import OlympusTestSupport
import Testing

/// The reference values in `Fixtures/optimizers.json`, written by
/// `Scripts/generate-optimizer-fixtures.py` (PyTorch 2.15 in float64; Lion from a NumPy
/// transcription of the paper's algorithm).
struct Fixture: Decodable, Sendable {
  /// Who wrote the file.
  let generated: String
  /// The model's parameters before the first step.
  let initial: FixtureModel
  /// The gradients of steps 1, 2 and 3.
  let gradients: [FixtureModel]
  /// One case per optimizer configuration.
  let optimizers: [OptimizerCase]
  /// Cases where the bias has no gradient at step 1.
  let missingGradient: [OptimizerCase]
  /// Learning-rate schedules.
  let schedules: [ScheduleCase]
  /// Gradient clipping of step 1's gradients.
  let clipping: [ClippingCase]
  /// Training a quadratic loss with `loss.backward()`.
  let tape: TapeFixture

  /// The file, read once per test process.
  static let shared: Fixture = {
    do {
      return try FixtureFiles(.module).decoded(Fixture.self, from: "optimizers.json")
    } catch {
      fatalError("Fixtures/optimizers.json: \(error)")
    }
  }()
}

/// A float64 tensor written as a shape and decimal strings (which `Double(String)` reads exactly).
struct FixtureTensor: Decodable, Sendable {
  let shape: [Int]
  let data: [String]

  /// The tensor.
  var tensor: Tensor { Tensor(values, shape: shape) }
  /// The elements.
  var values: [Double] { data.map { Double($0)! } }
}

/// The test model's parameters as the fixture writes them.
struct FixtureModel: Decodable, Sendable {
  let weight: FixtureTensor
  let bias: FixtureTensor
  let scale: FixtureTensor

  /// As the test model.
  var model: Model { Model(weight: weight.tensor, bias: bias.tensor, scale: scale.tensor) }
}

/// The model the tests train: a matrix, a vector and a 0-d scalar.
struct Model: TensorTree, Sendable {
  var weight: Tensor
  var bias: Tensor
  var scale: Tensor
}

/// One stage of a transformation: its Swift type name and options.
struct Stage: Decodable, Sendable, CustomStringConvertible {
  let kind: String
  let options: [String: Option]

  var description: String {
    "\(kind)(" + options.keys.sorted().map { "\($0): \(options[$0]!)" }.joined(separator: ", ") + ")"
  }
}

/// An option: a number, a flag or a schedule.
enum Option: Decodable, Sendable, CustomStringConvertible {
  case number(Double)
  case flag(Bool)
  case schedule(ScheduleSpec)

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let flag = try? container.decode(Bool.self) {
      self = .flag(flag)
    } else if let number = try? container.decode(Double.self) {
      self = .number(number)
    } else {
      self = .schedule(try container.decode(ScheduleSpec.self))
    }
  }

  var description: String {
    switch self {
    case .number(let value): "\(value)"
    case .flag(let value): "\(value)"
    case .schedule(let spec): spec.kind
    }
  }
}

/// A schedule: its Swift type name and numeric options.
struct ScheduleSpec: Decodable, Sendable {
  let kind: String
  let values: [String: Double]

  private struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: Key.self)
    kind = try container.decode(String.self, forKey: Key(stringValue: "schedule"))
    var values: [String: Double] = [:]
    for key in container.allKeys where key.stringValue != "schedule" {
      values[key.stringValue] = try container.decode(Double.self, forKey: key)
    }
    self.values = values
  }
}

/// An optimizer configuration and the parameters after each of three steps.
struct OptimizerCase: Decodable, Sendable, CustomTestStringConvertible {
  let name: String
  let reference: String
  let stages: [Stage]
  let steps: [FixtureModel]

  var testDescription: String { name }
}

/// A schedule and its values at steps 0, 1, ….
struct ScheduleCase: Decodable, Sendable, CustomTestStringConvertible {
  let name: String
  let schedule: ScheduleSpec
  let values: [String]

  var testDescription: String { name }
}

/// A clipping stage and step 1's gradients after it.
struct ClippingCase: Decodable, Sendable, CustomTestStringConvertible {
  let name: String
  let stage: Stage
  let expected: FixtureModel

  var testDescription: String { name }
}

/// The quadratic-loss problem and its cases.
struct TapeFixture: Decodable, Sendable {
  let x: FixtureTensor
  let y: FixtureTensor
  let cases: [TapeCase]
}

/// An optimizer trained on the quadratic loss with the tape: losses and parameters per step.
struct TapeCase: Decodable, Sendable, CustomTestStringConvertible {
  let name: String
  let stages: [Stage]
  let losses: [String]
  let steps: [FixtureModel]

  var testDescription: String { name }
}

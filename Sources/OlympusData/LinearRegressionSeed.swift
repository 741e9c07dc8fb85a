import Foundation
import OlympusCore

/// Seed 001's linear regression (the peers' workload W8), bundled: the exact float32 inputs drawn
/// with NumPy's `RandomState(0)` and the reference results JAX computes (`Resources/linreg`, a copy
/// of the peers' reference file). The loss is `sum((x·W + b − y)²)`; ten epochs of gradient descent
/// with learning rate 0.01, the loss recorded before each update.
public struct LinearRegressionSeed: Sendable {
  /// Inputs `float32[30, 2]`.
  public let x: Tensor
  /// Targets `float32[30, 1]`, `x · [2, −3] + 1`.
  public let y: Tensor
  /// Initial weights `float32[2, 1]`.
  public let w: Tensor
  /// Initial bias `float32[1]`.
  public let b: Tensor
  /// The learning rate, 0.01.
  public let learningRate: Double
  /// The number of epochs, 10.
  public let epochs: Int
  /// JAX's float32 losses, one per epoch (other float32 systems differ in the last one or two ulp).
  public let expectedLosses: [Double]
  /// JAX's final W (two values) and b (one value).
  public let expectedFinalParameters: [Double]

  /// Reads the bundled data.
  ///
  /// - Throws: `DataError` when the file is missing or a field is malformed.
  public static func load() throws -> LinearRegressionSeed {
    guard let url = Bundle.module.url(forResource: "linreg_seed", withExtension: "json", subdirectory: "linreg"),
      let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
    else { throw DataError("LinearRegressionSeed: linreg_seed.json is missing or not a JSON object") }
    // Arrays are stored as (strings of) nested lists of exact decimals; `Double(String)` rounds
    // them correctly, which Foundation's number parsing does not always do.
    func numbers(_ key: String, count: Int) throws -> [Double] {
      guard let value = object[key] else { throw DataError("LinearRegressionSeed: no field \(key)") }
      let text = value as? String ?? "\(value)"
      let parsed = text.split(whereSeparator: { "[], \n()".contains($0) }).compactMap { Double(String($0)) }
      guard parsed.count == count else {
        throw DataError("LinearRegressionSeed: \(key) has \(parsed.count) numbers, expected \(count)")
      }
      return parsed
    }
    func float32(_ key: String, _ shape: [Int]) throws -> Tensor {
      Tensor(try numbers(key, count: shape.reduce(1, *)).map(Float.init), shape: shape)
    }
    return LinearRegressionSeed(
      x: try float32("x", [30, 2]), y: try float32("y", [30, 1]), w: try float32("W", [2, 1]), b: try float32("b", [1]),
      learningRate: try numbers("lr", count: 1)[0], epochs: Int(try numbers("epochs", count: 1)[0]),
      expectedLosses: try numbers("expected_losses", count: 10),
      expectedFinalParameters: try numbers("expected_final_W", count: 2) + numbers("expected_final_b", count: 1))
  }
}

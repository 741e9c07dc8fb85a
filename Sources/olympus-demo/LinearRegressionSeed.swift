import Foundation
import Olympus

/// Seed 001's linear-regression data: the exact float32 inputs of the peers' reference file
/// (`Resources/linreg_seed.json`, computed with NumPy's `RandomState(0)`).
struct LinearRegressionSeed {
  let x: Tensor
  let y: Tensor
  let w: Tensor
  let b: Tensor

  /// The data, read once from the bundled reference file.
  static let data: LinearRegressionSeed = {
    do {
      return try load()
    } catch {
      fatalError("olympus-demo: cannot read the bundled linear-regression data: \(error)")
    }
  }()

  static func load() throws -> LinearRegressionSeed {
    guard let url = Bundle.module.url(forResource: "linreg_seed", withExtension: "json", subdirectory: "Resources"),
      let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
    else { throw DataError("linreg_seed.json is missing or not a JSON object") }
    func numbers(_ key: String) throws -> [Float] {
      guard let value = object[key] else { throw DataError("linreg_seed.json has no \(key)") }
      let text = value as? String ?? "\(value)"
      return text.split(whereSeparator: { "[], \n()".contains($0) }).compactMap { Double(String($0)) }.map(Float.init)
    }
    return LinearRegressionSeed(
      x: Tensor(try numbers("x"), shape: [30, 2]), y: Tensor(try numbers("y"), shape: [30, 1]),
      w: Tensor(try numbers("W"), shape: [2, 1]), b: Tensor(try numbers("b"), shape: [1]))
  }
}

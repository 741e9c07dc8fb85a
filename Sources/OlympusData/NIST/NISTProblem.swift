import Foundation
import OlympusCore

/// A problem of NIST's Statistical Reference Datasets for nonlinear regression (StRD): data, the
/// model, two starting points and the certified least-squares solution.
///
/// The 27 problems NIST publishes are bundled (`Resources/nist`, NIST's files unchanged; NIST data
/// are in the public domain): ``NISTProblem/bundled()``. Any file in NIST's format can be read
/// with ``NISTProblem/init(contentsOf:)`` when its dataset name is one of the 27 models.
public struct NISTProblem: Sendable {
  /// The dataset's name as the file spells it (`BoxBOD`).
  public let name: String
  /// The predictor values: one row per observation, one column per predictor.
  public let x: [[Double]]
  /// The responses.
  public let y: [Double]
  /// The two certified starting points, one value per parameter.
  public let starts: [[Double]]
  /// The certified parameter values.
  public let certifiedParameters: [Double]
  /// The certified standard deviations of the parameters.
  public let certifiedStandardDeviations: [Double]
  /// The certified residual sum of squares.
  public let certifiedResidualSumOfSquares: Double
  /// NIST's model formula, as the file writes it.
  public let formula: String
  /// The model: predicted responses for float64 parameters `[p]` at every observation.
  public let model: NISTModel

  /// The residuals `model(b) − y` at parameters `b` (`float64[p]`), a vector `[n]`.
  public func residuals(_ b: Tensor) -> Tensor {
    model.predict(b, predictors) - Tensor(y)
  }

  /// The predictors as a tensor `float64[n, k]`.
  public var predictors: Tensor { Tensor(x.flatMap { $0 }, shape: [x.count, x.first?.count ?? 0]) }

  /// Reads a file in NIST's format.
  ///
  /// - Throws: `DataError` when the file cannot be read, a section is missing or malformed, the
  ///   data disagree with the counts the file states, or the dataset's model is not one of NIST's 27.
  public init(contentsOf url: URL) throws {
    let text: String
    do { text = try String(contentsOf: url, encoding: .utf8) } catch {
      throw DataError("NISTProblem: cannot read \(url.path): \(error)")
    }
    try self.init(text: text, source: url.lastPathComponent)
  }

  /// Parses the text of a file in NIST's format; `source` names it in errors.
  public init(text: String, source: String = "NIST file") throws {
    let file = try NISTFile(text: text, source: source)
    guard let model = NISTModel(name: file.name) else {
      throw DataError("\(source): no model is known for dataset \"\(file.name)\" (known: \(NISTModel.names.joined(separator: ", ")))")
    }
    guard model.parameterCount == file.certifiedParameters.count else {
      throw DataError(
        "\(source): the \(file.name) model has \(model.parameterCount) parameters, the file certifies \(file.certifiedParameters.count)")
    }
    guard model.predictorCount == file.x.first?.count else {
      throw DataError("\(source): the \(file.name) model takes \(model.predictorCount) predictors, the data have \(file.x.first?.count ?? 0)")
    }
    name = file.name
    x = file.x
    y = model.transformsResponse ? file.y.map { Foundation.log($0) } : file.y
    starts = file.starts
    certifiedParameters = file.certifiedParameters
    certifiedStandardDeviations = file.certifiedStandardDeviations
    certifiedResidualSumOfSquares = file.certifiedResidualSumOfSquares
    formula = file.formula
    self.model = model
  }

  /// The 27 problems bundled with Olympus, in NIST's order of difficulty (lower, average, higher).
  ///
  /// - Throws: `DataError` when a bundled file is missing or malformed.
  public static func bundled() throws -> [NISTProblem] {
    try NISTModel.names.map { name in
      guard let url = Bundle.module.url(forResource: name, withExtension: "dat", subdirectory: "nist") else {
        throw DataError("NISTProblem: the bundled file \(name).dat is missing")
      }
      return try NISTProblem(contentsOf: url)
    }
  }
}

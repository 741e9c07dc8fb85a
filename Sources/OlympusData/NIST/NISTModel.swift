import OlympusCore

/// The model of one of NIST's 27 StRD nonlinear regression problems, written as NIST writes it.
public struct NISTModel: Sendable {
  /// The dataset's name.
  public let name: String
  /// How many parameters `b1 … bp` the model has.
  public let parameterCount: Int
  /// How many predictors each observation has (Nelson has two, the others one).
  public let predictorCount: Int
  /// Whether the model predicts the logarithm of the response (Nelson: `log[y] = …`).
  public let transformsResponse: Bool
  private let formula: @Sendable ([Tensor], [Tensor]) -> Tensor

  /// The predicted responses for parameters `b` (`float64[p]`) at predictors `x` (`[n, k]`).
  public func predict(_ b: Tensor, _ x: Tensor) -> Tensor {
    let parameters = (0..<parameterCount).map { b[$0] }
    let predictors = (0..<predictorCount).map { x[0..., $0] }
    return formula(parameters, predictors)
  }

  /// The names of the 27 problems, in NIST's order of difficulty (lower, average, higher).
  public static let names = [
    "Misra1a", "Chwirut2", "Chwirut1", "Lanczos3", "Gauss1", "Gauss2", "DanWood", "Misra1b",
    "Kirby2", "Hahn1", "Nelson", "MGH17", "Lanczos1", "Lanczos2", "Gauss3", "Misra1c", "Misra1d", "Roszman1", "ENSO",
    "MGH09", "Thurber", "BoxBOD", "Rat42", "MGH10", "Eckerle4", "Rat43", "Bennett5",
  ]

  /// The model of the dataset `name`, or `nil` when it is not one of NIST's 27.
  public init?(name: String) {
    guard let (count, formula) = Self.formulas[name] else { return nil }
    self.name = name
    parameterCount = count
    predictorCount = name == "Nelson" ? 2 : 1
    transformsResponse = name == "Nelson"
    self.formula = formula
  }

  private typealias Formula = @Sendable ([Tensor], [Tensor]) -> Tensor

  private static let exponentialDecays: Formula = { b, x in
    b[0] * exp(-b[1] * x[0]) + b[2] * exp(-b[3] * x[0]) + b[4] * exp(-b[5] * x[0])
  }
  private static let gaussians: Formula = { b, x in
    b[0] * exp(-b[1] * x[0]) + b[2] * exp(-((x[0] - b[3]).square() / b[4].square()))
      + b[5] * exp(-((x[0] - b[6]).square() / b[7].square()))
  }
  private static let cubicRatio: Formula = { b, x in
    let x1 = x[0]
    return (b[0] + b[1] * x1 + b[2] * x1.square() + b[3] * x1.pow(3)) / (1 + b[4] * x1 + b[5] * x1.square() + b[6] * x1.pow(3))
  }
  private static let saturation: Formula = { b, x in b[0] * (1 - exp(-b[1] * x[0])) }
  private static let chwirut: Formula = { b, x in exp(-b[0] * x[0]) / (b[1] + b[2] * x[0]) }

  /// NIST's formulas, `b[i]` standing for `b(i+1)`, `x[0]` for `x` (Nelson: `x1`, `x2`).
  private static let formulas: [String: (Int, Formula)] = [
    "Misra1a": (2, saturation),
    "Chwirut2": (3, chwirut),
    "Chwirut1": (3, chwirut),
    "Lanczos3": (6, exponentialDecays),
    "Gauss1": (8, gaussians),
    "Gauss2": (8, gaussians),
    "DanWood": (2, { b, x in b[0] * pow(x[0], b[1]) }),
    "Misra1b": (2, { b, x in b[0] * (1 - pow(1 + b[1] * x[0] / 2, -2)) }),
    "Kirby2": (5, { b, x in (b[0] + b[1] * x[0] + b[2] * x[0].square()) / (1 + b[3] * x[0] + b[4] * x[0].square()) }),
    "Hahn1": (7, cubicRatio),
    "Nelson": (3, { b, x in b[0] - b[1] * x[0] * exp(-b[2] * x[1]) }),
    "MGH17": (5, { b, x in b[0] + b[1] * exp(-x[0] * b[3]) + b[2] * exp(-x[0] * b[4]) }),
    "Lanczos1": (6, exponentialDecays),
    "Lanczos2": (6, exponentialDecays),
    "Gauss3": (8, gaussians),
    "Misra1c": (2, { b, x in b[0] * (1 - pow(1 + 2 * b[1] * x[0], -0.5)) }),
    "Misra1d": (2, { b, x in b[0] * b[1] * x[0] * pow(1 + b[1] * x[0], -1) }),
    "Roszman1": (4, { b, x in b[0] - b[1] * x[0] - arctangent(b[2] / (x[0] - b[3])) / Double.pi }),
    "ENSO": (
      9,
      { b, x in
        let angle = 2 * Double.pi * x[0]
        return b[0] + b[1] * cos(angle / 12) + b[2] * sin(angle / 12) + b[4] * cos(angle / b[3]) + b[5] * sin(angle / b[3])
          + b[7] * cos(angle / b[6]) + b[8] * sin(angle / b[6])
      }
    ),
    "MGH09": (4, { b, x in b[0] * (x[0].square() + x[0] * b[1]) / (x[0].square() + x[0] * b[2] + b[3]) }),
    "Thurber": (7, cubicRatio),
    "BoxBOD": (2, saturation),
    "Rat42": (3, { b, x in b[0] / (1 + exp(b[1] - b[2] * x[0])) }),
    "MGH10": (3, { b, x in b[0] * exp(b[1] / (x[0] + b[2])) }),
    "Eckerle4": (3, { b, x in (b[0] / b[1]) * exp(-0.5 * ((x[0] - b[2]) / b[1]).square()) }),
    "Rat43": (4, { b, x in b[0] / pow(1 + exp(b[1] - b[2] * x[0]), 1 / b[3]) }),
    "Bennett5": (3, { b, x in b[0] * pow(b[1] + x[0], -1 / b[2]) }),
  ]
}

/// The arctangent, composed of differentiable operations so that derivatives of every order flow
/// through it: two half-angle reductions `atan z = 2·atan(z / (1 + √(1 + z²)))` bring the argument
/// within `tan(π/8)·…` of zero (`|w| ≤ tan(π/16) < 0.2`), where the Taylor series
/// `w − w³/3 + w⁵/5 − …` to the `w³¹` term is exact to below float64 rounding
/// (`0.2³³/33 < 1e-24` relative).
func arctangent(_ z: Tensor) -> Tensor {
  var w = z
  for _ in 0..<2 { w = w / (1 + sqrt(1 + w.square())) }
  let w2 = w.square()
  var series = Tensor.zeros(like: w)
  for k in stride(from: 15, through: 0, by: -1) {
    series = (k % 2 == 0 ? 1.0 : -1.0) / Double(2 * k + 1) + w2 * series
  }
  return 4 * w * series
}

import OlympusCore

/// A test problem of J. J. Moré, B. S. Garbow and K. E. Hillstrom, "Testing unconstrained
/// optimization software", ACM TOMS 7 (1981): residuals `r(x)` of `m` functions in `n`
/// variables, the standard start `x₀`, and the minima the paper lists.
///
/// The paper's convention is kept: the objective is `f(x) = Σ rᵢ(x)²` (so a least-squares cost
/// `½‖r‖²` is `f / 2`). Every residual function is written with Olympus operations in float64.
struct MGHProblem: Sendable, CustomStringConvertible {
  /// A minimum the paper lists: the value of `f`, and the minimizer where it is unique.
  struct Minimum: Sendable {
    var value: Double
    var point: [Double]?
  }

  /// The paper's name.
  let name: String
  /// The paper's number (1 to 35).
  let number: Int
  /// The standard starting point `x₀`.
  let start: [Double]
  /// `r(x)`, a float64 vector of the `m` residuals.
  let residuals: @Sendable (Tensor) -> Tensor
  /// The minima the paper lists; the first is the global one.
  let minima: [Minimum]

  var description: String { "\(name) (MGH #\(number), n = \(start.count))" }

  /// `f(x) = Σ rᵢ(x)²`.
  func objective(_ x: Tensor) -> Tensor {
    let r = residuals(x)
    return (r * r).sum()
  }

  /// The standard start as a float64 tensor.
  var startTensor: Tensor { Tensor(start) }
}

/// A float64 vector of scalar tensors.
private func vector(_ parts: [Tensor]) -> Tensor { stacked(parts) }

extension MGHProblem {
  /// #1 Rosenbrock: `r = (10(x₂ − x₁²), 1 − x₁)`, `x₀ = (−1.2, 1)`, `f* = 0` at `(1, 1)`.
  static let rosenbrock = MGHProblem(
    name: "Rosenbrock", number: 1, start: [-1.2, 1],
    residuals: { x in vector([10 * (x[1] - x[0] * x[0]), 1 - x[0]]) },
    minima: [Minimum(value: 0, point: [1, 1])])

  /// #2 Freudenstein and Roth, `x₀ = (0.5, −2)`: `f* = 0` at `(5, 4)`, and a local minimum
  /// `f = 48.9842…` at `(11.41…, −0.8968…)`.
  static let freudensteinRoth = MGHProblem(
    name: "Freudenstein and Roth", number: 2, start: [0.5, -2],
    residuals: { x in
      vector([
        -13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1],
        -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1],
      ])
    },
    minima: [Minimum(value: 0, point: [5, 4]), Minimum(value: 48.98425367924, point: nil)])

  /// #3 Powell badly scaled, `x₀ = (0, 1)`: `f* = 0` at `(1.098…e−5, 9.106…)`.
  static let powellBadlyScaled = MGHProblem(
    name: "Powell badly scaled", number: 3, start: [0, 1],
    residuals: { x in vector([1e4 * x[0] * x[1] - 1, exp(-x[0]) + exp(-x[1]) - 1.0001]) },
    minima: [Minimum(value: 0, point: nil)])

  /// #4 Brown badly scaled, `x₀ = (1, 1)`: `f* = 0` at `(10⁶, 2·10⁻⁶)`.
  static let brownBadlyScaled = MGHProblem(
    name: "Brown badly scaled", number: 4, start: [1, 1],
    residuals: { x in vector([x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2]) },
    minima: [Minimum(value: 0, point: [1e6, 2e-6])])

  /// #5 Beale: `rᵢ = yᵢ − x₁(1 − x₂ⁱ)` with `y = (1.5, 2.25, 2.625)`, `x₀ = (1, 1)`: `f* = 0` at
  /// `(3, 0.5)`.
  static let beale = MGHProblem(
    name: "Beale", number: 5, start: [1, 1],
    residuals: { x in
      vector([1.5 - x[0] * (1 - x[1]), 2.25 - x[0] * (1 - x[1] * x[1]), 2.625 - x[0] * (1 - x[1] * x[1] * x[1])])
    },
    minima: [Minimum(value: 0, point: [3, 0.5])])

  /// #7 Helical valley: `r = (10(x₃ − 10θ), 10(√(x₁² + x₂²) − 1), x₃)` with
  /// `2πθ = atan2(x₂, x₁)` (the paper's `arctan(x₂/x₁)`, plus π for `x₁ < 0`, moved to the
  /// negative axis' other side; the two agree for `x₁ > 0` and at the start), `x₀ = (−1, 0, 0)`:
  /// `f* = 0` at `(1, 0, 0)`.
  static let helicalValley = MGHProblem(
    name: "Helical valley", number: 7, start: [-1, 0, 0],
    residuals: { x in
      let theta = atan2(x[1], x[0]) / (2 * Double.pi)
      return vector([10 * (x[2] - 10 * theta), 10 * (sqrt(x[0] * x[0] + x[1] * x[1]) - 1), x[2]])
    },
    minima: [Minimum(value: 0, point: [1, 0, 0])])

  /// #13 Powell singular: `r = (x₁ + 10x₂, √5(x₃ − x₄), (x₂ − 2x₃)², √10(x₁ − x₄)²)`,
  /// `x₀ = (3, −1, 0, 1)`: `f* = 0` at the origin, where the Hessian is singular.
  static let powellSingular = MGHProblem(
    name: "Powell singular", number: 13, start: [3, -1, 0, 1],
    residuals: { x in
      let a = x[1] - 2 * x[2]
      let b = x[0] - x[3]
      return vector([x[0] + 10 * x[1], 5.0.squareRoot() * (x[2] - x[3]), a * a, 10.0.squareRoot() * b * b])
    },
    minima: [Minimum(value: 0, point: [0, 0, 0, 0])])

  /// #14 Wood: `r = (10(x₂ − x₁²), 1 − x₁, √90(x₄ − x₃²), 1 − x₃, √10(x₂ + x₄ − 2),
  /// (x₂ − x₄)/√10)`, `x₀ = (−3, −1, −3, −1)`: `f* = 0` at `(1, 1, 1, 1)`.
  static let wood = MGHProblem(
    name: "Wood", number: 14, start: [-3, -1, -3, -1],
    residuals: { x in
      vector([
        10 * (x[1] - x[0] * x[0]), 1 - x[0], 90.0.squareRoot() * (x[3] - x[2] * x[2]), 1 - x[2],
        10.0.squareRoot() * (x[1] + x[3] - 2), (x[1] - x[3]) / 10.0.squareRoot(),
      ])
    },
    minima: [Minimum(value: 0, point: [1, 1, 1, 1])])

  /// #21 Extended Rosenbrock in `n` (even) variables: `r₂ᵢ₋₁ = 10(x₂ᵢ − x₂ᵢ₋₁²)`,
  /// `r₂ᵢ = 1 − x₂ᵢ₋₁`, `x₀ = (−1.2, 1, …)`: `f* = 0` at `(1, …, 1)`. Written with strided slices,
  /// so `n = 10⁴` or `10⁵` costs a few vector operations.
  static func extendedRosenbrock(_ n: Int) -> MGHProblem {
    MGHProblem(
      name: "Extended Rosenbrock", number: 21, start: (0..<n).map { $0 % 2 == 0 ? -1.2 : 1 },
      residuals: { x in
        let odd = x[.slice(0, nil, step: 2)]
        let even = x[.slice(1, nil, step: 2)]
        return concatenated([10 * (even - odd * odd), 1 - odd])
      },
      minima: [Minimum(value: 0, point: Array(repeating: 1, count: n))])
  }

  /// The small problems, each from its standard start.
  static let small: [MGHProblem] = [
    rosenbrock, freudensteinRoth, powellBadlyScaled, brownBadlyScaled, beale, helicalValley, powellSingular, wood,
  ]
}

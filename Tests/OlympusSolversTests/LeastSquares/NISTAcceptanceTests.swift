import OlympusCore
import OlympusData
import OlympusSolvers
import Testing

/// NIST StRD nonlinear regression with the default options: all 27 problems from both certified
/// starts (54 fits), in float64 with exact (AD) Jacobians and NIST's model formulas.
///
/// Bounds: the issue's acceptance criteria. Every log relative error (LRE, significant digits
/// shared with the certified value, clipped at the 11 NIST certifies) of a parameter or of the
/// residual sum of squares must be at least 6, and their mean at least 9.
///
/// Known shortfalls, recorded as known issues rather than hidden:
/// - Lanczos1's certified residual sum of squares, 1.4e-25, is below what float64 can evaluate:
///   its residuals (about 8e-14) are computed from responses near 1 with rounding errors near
///   2e-16 each, so the sum is only good to about 3 digits at any parameters (SciPy gets the same
///   2.7 and 3.0), although every parameter reaches LRE ≥ 10.5.
@Suite struct NISTAcceptanceTests {
  static let problems: [NISTProblem] = {
    do { return try NISTProblem.bundled() } catch { fatalError("\(error)") }
  }()

  static let knownShortfalls: Set<String> = ["Lanczos1 1", "Lanczos1 2"]

  @Test func all54FitsReachTheCertifiedValues() {
    var all: [Double] = []
    for problem in Self.problems {
      for (index, start) in problem.starts.enumerated() {
        let fit = leastSquares(residuals: problem.residuals, initial: Tensor(start))
        let (parameters, rss) = problem.logRelativeErrors(parameters: fit.parameters.scalars(as: Double.self))
        all += parameters + [rss]
        let lowest = min(parameters.min()!, rss)
        let label = "\(problem.name) \(index + 1)"
        let message: Comment = "\(label): LRE \(parameters), RSS \(rss); \(fit.residualEvaluations) evaluations; \(fit.reason)"
        #expect(fit.converged, message)
        if Self.knownShortfalls.contains(label) {
          withKnownIssue(message) { #expect(lowest >= 6, message) }
        } else {
          #expect(lowest >= 6, message)
        }
      }
    }
    let mean = all.reduce(0, +) / Double(all.count)
    #expect(mean >= 9, "mean LRE \(mean)")
  }
}

import Foundation
import OlympusCore
import OlympusData
import Testing

/// The bundled NIST StRD problems parse, and each model reproduces the certified residual sum of
/// squares at the certified parameters (which checks every formula against NIST's numbers).
@Suite struct NISTProblemTests {
  static let problems: [NISTProblem] = {
    do { return try NISTProblem.bundled() } catch { fatalError("\(error)") }
  }()

  @Test func all27ProblemsAreBundledWithTwoStartsEach() {
    #expect(Self.problems.map(\.name) == NISTModel.names)
    for problem in Self.problems {
      #expect(problem.starts.count == 2 && problem.starts.allSatisfy { $0.count == problem.certifiedParameters.count }, "\(problem.name)")
      #expect(problem.y.count == problem.x.count && problem.y.count > problem.certifiedParameters.count, "\(problem.name)")
    }
  }

  /// Tolerance: 1e-7 relative, or 1e-20 absolute. The certified parameters are rounded to 11
  /// significant digits; the residual sum of squares is stationary at the solution, so that
  /// rounding moves it only to second order, by about `n·(|y|·1e-11)²`: negligible against every
  /// certified sum but Lanczos1's, 1.4e-25, where it gives 4e-21 (as NumPy computes too). A wrong
  /// formula changes the sum by order 1.
  @Test func modelsReproduceTheCertifiedResidualSumOfSquares() {
    for problem in Self.problems {
      let r = problem.residuals(Tensor(problem.certifiedParameters))
      let rss = (r * r).sum().item()
      let relative = Swift.abs(rss - problem.certifiedResidualSumOfSquares) / problem.certifiedResidualSumOfSquares
      #expect(relative <= 1e-7 || Swift.abs(rss - problem.certifiedResidualSumOfSquares) <= 1e-20, "\(problem.name): \(rss) vs \(problem.certifiedResidualSumOfSquares)")
    }
  }

  static let header = """
    Dataset Name:  BoxBOD            (BoxBOD.dat)
      b1 =   1           100           2.1380940889E+02  1.2354515176E+01
      b2 =   1             0.75        5.4723748542E-01  1.0455993237E-01
    Residual Sum of Squares:                    1.1680088766E+03
    Number of Observations:                            3

    """

  @Test func malformedFilesThrowNamingTheProblem() {
    let cases: [(String, String)] = [
      (Self.header + "Data:   y   x\n 109 1\n 149 2\n", "states 3 observations"),
      (Self.header + "Data:   y   x\n 109 1\n 149 two\n 1 3\n", "expected numbers"),
      (Self.header + "Data:   y   x\n 109 1\n 149 2 3\n 1 3\n", "columns"),
      (Self.header, "no data section"),
      (Self.header.replacingOccurrences(of: "BoxBOD  ", with: "Unknown ") + "Data:   y   x\n 109 1\n 149 2\n 1 3\n", "no model"),
      (Self.header.replacingOccurrences(of: "5.4723748542E-01", with: "x") + "Data:   y   x\n 1 1\n", "non-numeric"),
    ]
    for (text, message) in cases {
      do {
        _ = try NISTProblem(text: text, source: "test.dat")
        Issue.record("accepted a file that should fail with \(message)")
      } catch {
        #expect("\(error)".contains(message), "\(error)")
      }
    }
  }
}

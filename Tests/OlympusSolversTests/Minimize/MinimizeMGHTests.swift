import OlympusCore
import OlympusSolvers
import Testing

/// Every method from the standard starts of the Moré–Garbow–Hillstrom problems.
@Suite struct MinimizeMGHTests {
  @Test(arguments: MinimizeMethod.allCases, MGHProblem.small)
  func reachesAKnownMinimum(_ method: MinimizeMethod, _ problem: MGHProblem) {
    let result = minimize(problem.objective, initial: problem.startTensor, method: method)
    let x = result.parameters.scalars(as: Double.self)
    print("MGH \(method) \(problem): f=\(result.value) g=\(result.gradientNorm) it=\(result.iterations) ev=\(result.evaluations) hv=\(result.hessianProducts) conv=\(result.converged) \(result.reason) x=\(x)")
    #expect(result.converged, "\(result.reason)")
  }
}

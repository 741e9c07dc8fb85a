import Foundation
import OlympusCore
import Testing

/// One golden case of `Fixtures/decompositions.json` (written by
/// `Scripts/generate-decomposition-fixtures.py`): inputs, NumPy/SciPy outputs and a tolerance per
/// output, derived in the script's header from perturbation theory and the 10·n·ε bound.
struct DecompositionFixture: Sendable, CustomTestStringConvertible {
  let name: String
  let op: String
  let inputs: [FixtureTensor]
  let expected: [FixtureTensor]
  let tolerances: [Double]

  var testDescription: String { name }

  init(_ json: JSONValue) throws {
    name = try json["name"]?.string() ?? ""
    op = try json["op"]?.string() ?? ""
    inputs = try (json["inputs"]?.array() ?? []).map(FixtureTensor.init)
    expected = try (json["expected"]?.array() ?? []).map(FixtureTensor.init)
    tolerances = try (json["tolerances"]?.array() ?? []).map { try $0.double() }
    guard tolerances.count == expected.count else { throw FixtureError("\(name): one tolerance per output") }
  }

  static let all: [DecompositionFixture] = {
    do {
      let root = try JSONValue(FixtureFiles(.module).jsonObject("decompositions.json"))
      return try (root["cases"]?.array() ?? []).map(DecompositionFixture.init)
    } catch {
      Issue.record("cannot read decompositions.json: \(error)")
      return []
    }
  }()
}

/// `Linalg.qr`, `eigh`, `svd`, `pinv`, `lstsq` and `expm` against NumPy/SciPy. Factors are
/// compared after aligning column signs (each column of eigenvectors, Q's columns with R's rows,
/// each pair of singular vectors is determined up to sign), and every factorization is also
/// checked to reconstruct its input with orthonormal factors.
@Suite("Linalg decompositions: NumPy golden values")
struct DecompositionFixtureTests {
  static let operations: Set<String> = ["qr", "eigh", "svd", "pinv", "lstsq", "expm"]

  /// The signs (±1, `[..., 1, k]`) that turn the columns of `got` towards those of `expected`.
  static func columnSigns(_ got: Tensor, _ expected: Tensor) -> Tensor {
    let overlap = (got * expected).sum(axes: [-2], keepDims: true)
    return select(overlap .< 0, Tensor.full(overlap.shape, value: -1, dtype: got.dtype), Tensor.ones(like: overlap))
  }

  /// `max |got − expected| ≤ tolerance`.
  func expectClose(_ got: Tensor, _ expected: Tensor, _ tolerance: Double, _ what: String) {
    #expect(got.shape == expected.shape && got.dtype == expected.dtype, "\(what): \(got.type) vs \(expected.type)")
    guard got.shape == expected.shape, got.elementCount > 0 else { return }
    let difference = abs(got.astype(.float64) - expected.astype(.float64)).max().item(as: Double.self)
    #expect(difference <= tolerance, "\(what): difference \(difference) above \(tolerance)")
  }

  /// `‖QᵀQ − I‖ ≤ 10·n·ε` elementwise: orthonormal columns to rounding (the acceptance bound).
  func expectOrthonormalColumns(_ q: Tensor, _ what: String) {
    let k = q.shape[q.rank - 1]
    let n = max(q.shape[q.rank - 2], k)
    let gram = matmul(q.swappingAxes(-1, -2), q).astype(.float64) - Tensor.eye(k, dtype: .float64)
    let epsilon = q.dtype == .float32 ? 0x1p-23 : 0x1p-52
    #expect(abs(gram).max().item(as: Double.self) <= 10 * Double(n) * epsilon, "\(what): columns not orthonormal")
  }

  @Test(arguments: DecompositionFixture.all)
  func matchesNumPy(_ fixture: DecompositionFixture) throws {
    let inputs = try fixture.inputs.map { try $0.tensor() }
    let expected = try fixture.expected.map { try $0.tensor() }
    let t = fixture.tolerances
    let a = inputs[0]
    switch fixture.op {
    case "eigh":
      let (values, vectors) = Linalg.eigh(a)
      expectClose(values, expected[0], t[0], "\(fixture.name) eigenvalues")
      expectClose(vectors * Self.columnSigns(vectors, expected[1]), expected[1], t[1], "\(fixture.name) eigenvectors")
      expectOrthonormalColumns(vectors, fixture.name)
    case "svd":
      let (u, s, vt) = Linalg.svd(a)
      let signs = Self.columnSigns(u, expected[0])
      expectClose(u * signs, expected[0], t[0], "\(fixture.name) u")
      expectClose(s, expected[1], t[1], "\(fixture.name) s")
      expectClose(vt * signs.swappingAxes(-1, -2), expected[2], t[2], "\(fixture.name) vt")
      expectOrthonormalColumns(u, "\(fixture.name) u")
      expectOrthonormalColumns(vt.swappingAxes(-1, -2), "\(fixture.name) v")
    case "qr":
      let (q, r) = Linalg.qr(a)
      let signs = Self.columnSigns(q, expected[0])
      expectClose(q * signs, expected[0], t[0], "\(fixture.name) q")
      expectClose(r * signs.swappingAxes(-1, -2), expected[1], t[1], "\(fixture.name) r")
      expectOrthonormalColumns(q, "\(fixture.name) q")
    case "pinv":
      expectClose(Linalg.pinv(a), expected[0], t[0], fixture.name)
    case "lstsq":
      expectClose(Linalg.lstsq(a, inputs[1]), expected[0], t[0], fixture.name)
    case "expm":
      expectClose(Linalg.expm(a), expected[0], t[0], fixture.name)
    default:
      Issue.record("\(fixture.name): unknown operation \(fixture.op)")
    }
  }

  /// Every operation has golden values.
  @Test func fixturesCoverEveryOperation() {
    #expect(Set(DecompositionFixture.all.map(\.op)) == Self.operations)
  }
}

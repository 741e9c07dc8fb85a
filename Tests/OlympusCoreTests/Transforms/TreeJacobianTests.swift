import Foundation
import OlympusCore
import Testing

/// Jacobians, Hessians and `ravel` of functions between trees: against JAX's pytree Jacobians
/// (`Fixtures/tree-jacobians.json`, written by `Scripts/generate-tree-jacobian-fixtures.py`) and
/// against the `(Tensor) -> Tensor` forms applied to the raveled function.
@Suite("Tree Jacobians")
struct TreeJacobianTests {
  /// Agreement with JAX: both sides evaluate the same float64 chains of at most about ten
  /// elementary functions and products (≤ 2 ulp each in Olympus's kernels, about as much in XLA's)
  /// summed over at most six terms, in different orders; that stays below ~100 ulp of the block's
  /// largest magnitude. 512ε (1.1e-13 for float64, 6.1e-5 for float32 blocks) leaves margin, while a
  /// missing or wrong derivative term is off by O(1).
  static func tolerance(_ dtype: DType) -> Double { 512 * (dtype == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne) }

  /// The same Jacobian through the tree forms and through the `(Tensor) -> Tensor` forms of the
  /// raveled function: the same primitives on the same numbers, up to the order of a few float64
  /// roundings in the batched passes (1e-14 relative to the largest magnitude).
  static let raveledTolerance = 1e-14

  struct TwoLayer: TensorTree {
    var w1: Tensor
    var b1: Tensor
    var w2: Tensor
  }

  struct Energy: TensorTree {
    var a: Tensor
    var b: Tensor
  }

  struct Mixed: TensorTree {
    var weight: Tensor
    var scale: Tensor
  }

  // The functions of the generator, written once more.
  static func mlp(_ p: TwoLayer, _ x: Tensor) -> [Tensor] {
    [matmul(p.w2, tanh(matmul(p.w1, x) + p.b1)), (p.w1 * p.w1).sum() * sin(p.b1).sum()]
  }

  static func energy(_ p: Energy) -> Tensor {
    (sin(p.a) * p.a).sum() * pow(p.b, 3).sum() + exp(0.5 * p.b).sum() * p.a.sum()
  }

  static func spread(_ x: Tensor) -> [Tensor] {
    [x * x, x.reshaped(to: [3, 1]) * cos(x).reshaped(to: [1, 3]), exp(x).sum()]
  }

  static func mixed(_ p: Mixed) -> [Tensor] {
    [tanh(p.weight) * p.scale[0], (p.weight * p.weight).sum()]
  }

  // MARK: Fixtures

  static let fixture: Result<JSONValue, FixtureError> = Result {
    try JSONValue(FixtureFiles(.module).jsonObject("tree-jacobians.json"))
  }.mapError { $0 as? FixtureError ?? FixtureError("\($0)") }

  func fixtureCase(_ name: String) throws -> JSONValue {
    guard let value = try Self.fixture.get()["cases"]?[name] else { throw FixtureError("no case \(name)") }
    return value
  }

  func tensor(_ json: JSONValue?) throws -> Tensor {
    guard let json else { throw FixtureError("missing tensor") }
    return try FixtureTensor(json).tensor()
  }

  func members(_ json: JSONValue?) throws -> [String: JSONValue] {
    guard case .object(let members)? = json else { throw FixtureError("expected an object, got \(String(describing: json))") }
    return members
  }

  /// Every block JAX wrote, `{output path: {input path: tensor}}`, against the same block here;
  /// also checks that no block is missing on either side.
  /// `computedIn` is the least precise type the computation rounds to (by default each block's own).
  func expectBlocks<I: TensorTree, O: TensorTree>(
    _ jacobian: TreeJacobian<I, O>, _ expected: JSONValue?, _ label: String, computedIn: DType? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let rows = try members(expected)
    #expect(Set(rows.keys) == Set(jacobian.outputStructure.leafPaths), "\(label): outputs", sourceLocation: sourceLocation)
    for (output, row) in rows {
      let columns = try members(row)
      #expect(Set(columns.keys) == Set(jacobian.inputStructure.leafPaths), "\(label): inputs", sourceLocation: sourceLocation)
      for (input, block) in columns {
        let want = try tensor(block)
        expectAgreement(
          jacobian[output, input], want, tolerance: Self.tolerance(computedIn ?? want.dtype), "\(label)[\(output), \(input)]",
          sourceLocation: sourceLocation)
      }
    }
  }

  func twoLayer(_ json: JSONValue?) throws -> TwoLayer {
    let inputs = try members(json)
    return TwoLayer(w1: try tensor(inputs["w1"]), b1: try tensor(inputs["b1"]), w2: try tensor(inputs["w2"]))
  }

  func energyParameters(_ json: JSONValue?) throws -> Energy {
    let inputs = try members(json)
    return Energy(a: try tensor(inputs["a"]), b: try tensor(inputs["b"]))
  }

  // MARK: Against JAX

  @Test func jacobiansOfATreeToATupleMatchJAX() throws {
    let data = try fixtureCase("mlp")
    let x = try tensor(data["constants"]?["x"])
    let parameters = try twoLayer(data["inputs"])
    let f = { (p: TwoLayer) in Self.mlp(p, x) }
    let reverse = jacrev(of: f)(parameters)
    try expectBlocks(reverse, data["jacrev"], "jacrev")
    try expectBlocks(jacfwd(of: f)(parameters), data["jacfwd"], "jacfwd")
    // Rows are values of the input's type: ∂output₀/∂w1 is float64[2] + [3, 2].
    #expect(reverse[0].w1.shape == [2, 3, 2])
    #expect(reverse.rows[1].w2.shape == [2, 3])
  }

  @Test func hessianAndHessianVectorProductOfATreeMatchJAX() throws {
    let data = try fixtureCase("energy")
    let parameters = try energyParameters(data["inputs"])
    let direction = try energyParameters(data["direction"])
    try expectBlocks(hessian(of: Self.energy)(parameters), data["hessian"], "hessian")
    let product = hvp(at: parameters, along: direction, of: Self.energy)
    let expected = try energyParameters(data["hvp"])
    expectAgreement(product.a, expected.a, tolerance: Self.tolerance(.float64), "hvp.a")
    expectAgreement(product.b, expected.b, tolerance: Self.tolerance(.float64), "hvp.b")
    // The Jacobian of a scalar function of a tree is a value of the tree's type (the gradient).
    let gradient: Energy = jacrev(of: Self.energy)(parameters)
    let rows = try members(data["jacrev"]?[""])
    expectAgreement(gradient.a, try tensor(rows["a"]), tolerance: Self.tolerance(.float64), "jacrev.a")
    expectAgreement(gradient.b, try tensor(rows["b"]), tolerance: Self.tolerance(.float64), "jacrev.b")
  }

  @Test func jacobiansOfATensorToATupleMatchJAX() throws {
    let data = try fixtureCase("spread")
    let x = try tensor(data["inputs"]?[""])
    let reverse: [Tensor] = jacrev(of: Self.spread)(x)
    let forward: [Tensor] = jacfwd(of: Self.spread)(x)
    for (name, computed) in [("jacrev", reverse), ("jacfwd", forward)] {
      let rows = try members(data[name])
      #expect(computed.count == rows.count)
      for (index, block) in computed.enumerated() {
        let want = try tensor(rows["\(index)"]?[""])
        expectAgreement(block, want, tolerance: Self.tolerance(want.dtype), "\(name)[\(index)]")
      }
    }
  }

  @Test func blocksOfMixedFloatTypesHaveJAXsTypes() throws {
    // JAX: reverse-mode blocks take the input tensor's type, forward-mode blocks the output's.
    let data = try fixtureCase("mixed")
    let inputs = try members(data["inputs"])
    let parameters = Mixed(weight: try tensor(inputs["weight"]), scale: try tensor(inputs["scale"]))
    #expect(parameters.weight.dtype == .float32)
    // tanh and the squares are computed in float32 before any conversion, so every block, float64
    // ones included, carries float32 rounding: the float32 bound applies to all of them.
    try expectBlocks(jacrev(of: Self.mixed)(parameters), data["jacrev"], "jacrev", computedIn: .float32)
    try expectBlocks(jacfwd(of: Self.mixed)(parameters), data["jacfwd"], "jacfwd", computedIn: .float32)
  }

  @Test func ravelMatchesJAXsRavelPytree() throws {
    let data = try fixtureCase("ravel")
    for (inputsKey, vectorKey) in [("inputs", "vector"), ("float32Inputs", "float32Vector")] {
      let leaves = try members(data[inputsKey])
      // JAX flattens dicts in sorted key order; an array in that order is the same tree here.
      let tree = try leaves.keys.sorted().map { try tensor(leaves[$0]) }
      let (vector, unravel) = ravel(tree)
      // Conversions to the common type and concatenation are exact.
      expectAgreement(vector, try tensor(data[vectorKey]), tolerance: 0, vectorKey)
      let back = unravel(vector)
      for (restored, original) in zip(back, tree) {
        #expect(restored.type == original.type)
        #expect(restored.scalars(as: Double.self) == original.scalars(as: Double.self))
      }
    }
  }

  // MARK: Against the (Tensor) -> Tensor forms

  @Test func treeJacobiansEqualJacobiansOfTheRaveledFunction() throws {
    let data = try fixtureCase("mlp")
    let x = try tensor(data["constants"]?["x"])
    let parameters = try twoLayer(data["inputs"])
    let f = { (p: TwoLayer) in Self.mlp(p, x) }
    let (point, unravel) = ravel(parameters)
    let flat = { (v: Tensor) in ravel(f(unravel(v))).vector }
    let sizes = parameters.leaves.map(\.elementCount)
    let outputs = f(parameters)
    for (name, tree, matrix) in [
      ("jacrev", jacrev(of: f)(parameters), jacrev(of: flat)(point)),
      ("jacfwd", jacfwd(of: f)(parameters), jacfwd(of: flat)(point)),
    ] {
      let rows = matrix.split(sizes: outputs.map(\.elementCount), axis: 0)
      for (i, row) in rows.enumerated() {
        for (j, block) in row.split(sizes: sizes, axis: 1).enumerated() {
          let expected = block.reshaped(to: outputs[i].shape + parameters.leaves[j].shape)
          expectAgreement(tree.blocks[i][j], expected, tolerance: Self.raveledTolerance, "\(name)[\(i)][\(j)]")
        }
      }
    }
    let energyPoint = try energyParameters(fixtureCase("energy")["inputs"])
    let (vector, unravelEnergy) = ravel(energyPoint)
    let matrix = OlympusCore.hessian(of: { v in Self.energy(unravelEnergy(v)) })(vector)
    let tree = hessian(of: Self.energy)(energyPoint)
    let energySizes = energyPoint.leaves.map(\.elementCount)
    for (i, row) in matrix.split(sizes: energySizes, axis: 0).enumerated() {
      for (j, block) in row.split(sizes: energySizes, axis: 1).enumerated() {
        let shape = energyPoint.leaves[i].shape + energyPoint.leaves[j].shape
        expectAgreement(tree.blocks[i][j], block.reshaped(to: shape), tolerance: Self.raveledTolerance, "hessian[\(i)][\(j)]")
      }
    }
  }

  @Test func oneTensorTreesGiveTheTensorForms() {
    // A tree holding one tensor runs the same primitives on the same basis as the tensor forms.
    let x = Tensor([0.3, -1.2, 0.8])
    let f = { (x: Tensor) in sin(x) * x.sum() + exp(x) }
    let g = { (x: Tensor) in (sin(x) * exp(x)).sum() }
    expectAgreement(jacrev(of: { (p: [Tensor]) in f(p[0]) })([x])[0], jacrev(of: f)(x), tolerance: 0)
    expectAgreement(jacfwd(of: { (p: [Tensor]) in f(p[0]) })([x])[0], jacfwd(of: f)(x), tolerance: 0)
    expectAgreement(hessian(of: { (p: [Tensor]) in g(p[0]) })([x]).blocks[0][0], OlympusCore.hessian(of: g)(x), tolerance: 0)
    let v = Tensor([1.0, -0.5, 2.0])
    expectAgreement(hvp(at: [x], along: [v], of: { (p: [Tensor]) in g(p[0]) })[0], hvp(at: x, along: v, of: g), tolerance: 0)
  }

  // MARK: ravel

  @Test func ravelIsDifferentiableBothWays() {
    let tree = Energy(a: Tensor([1.0, 2.0, 3.0, 4.0], shape: [2, 2]), b: Tensor([0.5, -1.0, 2.0]))
    let (vector, unravel) = ravel(tree)
    // Gradients through unravel are the raveled gradients.
    let throughUnravel = grad(of: { v in Self.energy(unravel(v)) })(vector)
    expectAgreement(throughUnravel, ravel(grad(of: Self.energy)(tree)).vector, tolerance: 0)
    // Gradients through ravel are the weights, unraveled.
    let weights = Tensor.arange(7).astype(.float64)
    let throughRavel = grad(of: { (p: Energy) in (ravel(p).vector * weights).sum() })(tree)
    let expected = unravel(weights)
    expectAgreement(throughRavel.a, expected.a, tolerance: 0)
    expectAgreement(throughRavel.b, expected.b, tolerance: 0)
  }

  @Test func ravelOfAnEmptyTreeIsAnEmptyFloatVector() {
    let (vector, unravel) = ravel([Tensor]())
    #expect(vector.type == TensorType(shape: [0], dtype: .float32))
    #expect(unravel(vector).isEmpty)
  }

  // MARK: Errors

  @Test func misuseIsRejectedWithItsMessage() {
    func message(_ body: () -> Void) -> String {
      do {
        try withErrorChecking { body() }
        return "no error"
      } catch {
        return "\(error)"
      }
    }
    let (_, unravel) = ravel(Energy(a: Tensor.zeros([2, 2]), b: Tensor.zeros([3])))
    #expect(message { _ = unravel(Tensor.zeros([6])) } == "unravel: expects a vector of 7 elements (float32[7]), got float32[6]")
    #expect(
      message { _ = jacrev(of: { (p: [Tensor]) in p[0].astype(.float32) })([Tensor([1, 2] as [Int32])]) }
        == "jacrev(of:): needs floating-point inputs; input tensor 0 is int32[2]")
    #expect(
      message { _ = jacfwd(of: { (p: [Tensor]) in p[1] * 2 })([Tensor([1.0]), Tensor([1, 2] as [Int32])]) }
        == "jacfwd(of:): needs floating-point inputs; input tensor 1 is int32[2]")
    #expect(
      message { _ = jacrev(of: { (p: [Tensor]) in [(p[0] .> 0).astype(.int32)] })([Tensor([1.0])]) }
        == "jacrev(of:): needs floating-point outputs; output tensor 0 is int32[1]")
    let jacobian = jacrev(of: { (p: Energy) in [p.a.sum()] })(Energy(a: Tensor.ones([2]), b: Tensor.ones([1])))
    #expect(
      message { _ = jacobian["0", "c"] }
        == "TreeJacobian: no block for output \"0\" and input \"c\"; outputs are [\"0\"], inputs [\"a\", \"b\"]")
  }
}

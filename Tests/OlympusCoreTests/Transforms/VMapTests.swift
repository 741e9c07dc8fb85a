import OlympusCore
import Testing

/// `vmap` composed with the other transformations, random keys, and its errors.
@Suite("vmap")
struct VMapTests {
  /// Batched and looped float64 computations differ only in summation order inside matmul.
  static let tolerance = 1e-12

  func expectClose(_ a: Tensor, _ b: Tensor, sourceLocation: SourceLocation = #_sourceLocation) {
    expectAgreement(a, b, tolerance: Self.tolerance, sourceLocation: sourceLocation)
  }

  let keys = Random.split(Random.key(7), count: 4)
  var w: Tensor { Random.normal(keys[0], shape: [5, 3], dtype: .float64) }
  var xs: Tensor { Random.normal(keys[1], shape: [6, 5], dtype: .float64) }
  var ys: Tensor { Random.normal(keys[2], shape: [6, 3], dtype: .float64) }

  func loss(_ w: Tensor, _ x: Tensor, _ y: Tensor) -> Tensor {
    let residual = tanh(matmul(x, w)) - y
    return (residual * residual).sum()
  }

  @Test func perExampleGradients() {
    let perExample = vmap(inAxes: [nil, 0, 0], of: grad(of: loss))(w, xs, ys)
    for i in 0..<6 {
      let single = grad(of: loss)(w, xs[i], ys[i])
      expectClose(perExample.0[i], single.0)
      expectClose(perExample.1[i], single.1)
      expectClose(perExample.2[i], single.2)
    }
  }

  @Test func matrixJacobianAndJacobianMatrixProducts() {
    // Seed 004: vmap of a pullback gives a matrix–Jacobian product, vmap of a JVP a Jacobian–matrix
    // product, without a loop.
    let f = { (w: Tensor) in tanh(matmul(self.xs, w)) }
    let (y, pullback) = vjp(at: w, of: f)
    let cotangents = Random.normal(keys[3], shape: [4] + y.shape, dtype: .float64)
    let mjp = vmap(of: pullback)(cotangents)
    let tangents = Random.normal(keys[3], shape: [4] + w.shape, dtype: .float64)
    let jmp = vmap(of: { v in jvp(at: self.w, along: v, of: f).tangent })(tangents)
    for i in 0..<4 {
      expectClose(mjp[i], pullback(cotangents[i]))
      expectClose(jmp[i], jvp(at: w, along: tangents[i], of: f).tangent)
    }
  }

  @Test func composesWithGradInEveryOrder() {
    let f = { (x: Tensor) in (sin(x) * x).sum() }
    let batch = xs
    // grad of vmap: the gradient of a sum of per-example values is the per-example gradients.
    expectClose(grad(of: { x in vmap(of: f)(x).sum() })(batch), vmap(of: grad(of: f))(batch))
    // vmap of a Hessian against a loop.
    let hessians = vmap(of: hessian(of: f))(batch)
    for i in 0..<3 { expectClose(hessians[i], hessian(of: f)(batch[i])) }
    // jvp of vmap and vmap of jvp.
    let direction = Tensor.ones(like: batch)
    expectClose(
      jvp(at: batch, along: direction, of: vmap(of: f)).tangent,
      vmap(inAxes: [0, 0], of: { [jvp(at: $0[0], along: $0[1], of: f).tangent] })([batch, direction])[0])
  }

  @Test func splitKeysGiveIndependentSamples() {
    let keys = Random.split(Random.key(3), count: 5)
    let samples = vmap(of: { key in Random.normal(key, shape: [4]) })(keys)
    for i in 0..<5 {
      #expect(samples[i].scalars(as: Float.self) == Random.normal(keys[i], shape: [4]).scalars(as: Float.self))
    }
    #expect(samples[0].scalars(as: Float.self) != samples[1].scalars(as: Float.self))
  }

  @Test func axesAnywhereAndBatchesOfZeroAndOne() {
    let f = { (x: Tensor) in softmax(x) * x.sum() }
    for (shape, axis) in [([6, 5], 0), ([5, 6], 1), ([5, 6], -1), ([0, 5], 0), ([1, 5], 0)] {
      let x = Random.normal(keys[0], shape: shape, dtype: .float64)
      let batched = vmap(inAxis: axis, outAxis: 0, of: f)(x)
      let moved = axis == 0 ? x : x.transposed()
      #expect(batched.shape == moved.shape)
      for i in 0..<moved.shape[0] { expectClose(batched[i], f(moved[i])) }
    }
  }

  @Test func errorsNameTheArgument() {
    #expect(throws: OlympusError.self) {
      try withErrorChecking { vmap(inAxes: [0, 0], of: { $0 }) ([Tensor.zeros([3, 2]), Tensor.zeros([4, 2])]) }
    }
    do {
      _ = try withErrorChecking { vmap(inAxes: [0, 0], of: { $0 })([Tensor.zeros([3, 2]), Tensor.zeros([4, 2])]) }
    } catch let error as OlympusError {
      #expect(error.description == "vmap: argument 1 has batch size 4 along axis 0, argument 0 has 3")
    } catch {
      Issue.record("\(error)")
    }
    do {
      _ = try withErrorChecking { vmap(inAxes: [2], of: { $0 })([Tensor.zeros([3, 2])]) }
    } catch let error as OlympusError {
      #expect(error.description == "vmap: axis 2 of argument 0 is out of range for float32[3,2]")
    } catch {
      Issue.record("\(error)")
    }
  }
}

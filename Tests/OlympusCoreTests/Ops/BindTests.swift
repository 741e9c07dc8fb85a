import OlympusCore
import Testing

/// `bind`: the one entry of every operation. Its list-free eager path for one and two inputs
/// validates exactly as the general path does.
@Suite struct BindTests {
  @Test func theEagerPathRejectsBadInputWithThePrimitivesMessage() {
    #expect(throws: OlympusError("add", "operands float64[2] and float64[3] must have equal shapes and types")) {
      try withErrorChecking { bind(Add(), Tensor([1.0, 2.0]), Tensor([1.0, 2.0, 3.0])) }
    }
    #expect(throws: OlympusError("reshape[4]", "cannot reshape float32[2,3] (6 elements) to [4]")) {
      try withErrorChecking { bind(Reshape(shape: [4]), Tensor.ones([2, 3])) }
    }
    #expect(throws: OlympusError.self) {
      try withErrorChecking { bind(BroadcastInDim(shape: [2, 3], dimensions: [0]), Tensor.ones([3])) }
    }
  }

  @Test func theEagerPathAndTheGeneralPathAgree() throws {
    // The same primitive through the list-free overload and through the list form: the same
    // kernels, so the values are equal exactly.
    let a = Tensor([0.5, -1.5, 2.25])
    let b = Tensor([4.0, 0.25, -3.0])
    #expect(bind(Multiply(), a, b).scalars(as: Double.self) == bind(Multiply(), [a, b])[0].scalars(as: Double.self))
    #expect(bind(Exp(), a).scalars(as: Double.self) == bind(Exp(), [a])[0].scalars(as: Double.self))
    let broadcast = bind(BroadcastInDim(shape: [2, 3], dimensions: [1]), a)
    #expect(broadcast.shape == [2, 3])
    #expect(broadcast.scalars(as: Double.self) == [0.5, -1.5, 2.25, 0.5, -1.5, 2.25])
  }

  @Test func operandsOnTheTapeTakeTheGeneralPathAndAreRecorded() {
    let x = Tensor([1.0, 2.0]).requiringGrad()
    let y = bind(Multiply(), x, x)
    #expect(y.gradFn?.name == "MulBackward")
    y.sum().backward()
    // d/dx Σx² = 2x, exact in float64.
    #expect(x.grad?.scalars(as: Double.self) == [2, 4])
  }
}

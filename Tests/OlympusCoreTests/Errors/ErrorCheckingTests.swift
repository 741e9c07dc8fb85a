import Foundation
import OlympusCore
import Synchronization
import Testing

/// `withErrorChecking`: rejected operations become thrown errors inside a scope and trap outside.
@Suite struct ErrorCheckingTests {
  static let badProduct = OlympusError("matmul", "[3,4] × [5,2]: inner dimensions 4 and 5 differ")

  @Test func aBadOperationThrowsAnErrorNamingTheOperationAndShapes() {
    #expect(throws: Self.badProduct) {
      try withErrorChecking { matmul(Tensor.ones([3, 4]), Tensor.ones([5, 2])) }
    }
    let description = (try? withErrorChecking { matmul(Tensor.ones([3, 4]), Tensor.ones([5, 2])) }).map(\.description)
    #expect(description == nil)
    #expect(Self.badProduct.description == "matmul: [3,4] × [5,2]: inner dimensions 4 and 5 differ")
  }

  @Test func theProgramGoesOnAfterAnError() throws {
    for _ in 0..<3 {
      #expect(throws: OlympusError.self) {
        try withErrorChecking { Tensor.ones([2, 3]).reshaped(to: [4]) }
      }
    }
    let y = try withErrorChecking { Tensor([1, 2] as [Float]) * 3 }
    #expect(y.scalars(as: Float.self) == [3, 6])
    #expect(!isErrorCheckingActive)
  }

  @Test func aValidBodyReturnsItsValue() throws {
    let (sum, count) = try withErrorChecking { (Tensor([1, 2, 3] as [Int]).sum(), 3) }
    #expect(sum.item(as: Int.self) == 6)
    #expect(count == 3)
  }

  @Test func theFirstErrorWinsAndLaterOperationsPassFailuresOn() {
    var results: [Tensor] = []
    #expect(throws: OlympusError("reshaped(to:)", "cannot reshape float32[2,3] (6 elements) to [5]")) {
      try withErrorChecking {
        let bad = Tensor.ones([2, 3]).reshaped(to: [5])
        let next = exp(bad + 1).sum(axes: [7])
        let other = matmul(Tensor.ones([3, 4]), Tensor.ones([5, 2]))
        results = [bad, next, other]
      }
    }
    #expect(results.count == 3)
    #expect(results.allSatisfy { $0.isFailed })
  }

  @Test func readingAFailedTensorGivesZeroValuesInsideTheScope() {
    var read: ([Float], Float, Int)?
    #expect(throws: OlympusError.self) {
      try withErrorChecking {
        let bad = Tensor.ones([2]).reshaped(to: [3])
        read = (bad.scalars(as: Float.self), bad.item(as: Float.self), Tensor.ones([2, 3]).split(into: 4).count)
      }
    }
    #expect(read?.0 == [])
    #expect(read?.1 == 0)
    #expect(read?.2 == 0)
  }

  @Test func errorsThrownByTheBodyPassThrough() {
    struct Custom: Error, Equatable {}
    #expect(throws: Custom()) {
      try withErrorChecking { throw Custom() }
    }
    #expect(!isErrorCheckingActive)
  }

  @Test func scopesNestAndAnErrorBelongsToTheInnermost() throws {
    #expect(!isErrorCheckingActive)
    var activity: [Bool] = []
    var innerError: (any Error)?
    let outer = try withErrorChecking {
      activity.append(isErrorCheckingActive)
      do {
        _ = try withErrorChecking {
          activity.append(isErrorCheckingActive)
          return matmul(Tensor.ones([3, 4]), Tensor.ones([5, 2]))
        }
      } catch {
        innerError = error
      }
      activity.append(isErrorCheckingActive)
      return Tensor([2] as [Float]) + 1
    }
    #expect(activity == [true, true, true])
    #expect(innerError as? OlympusError == Self.badProduct)
    #expect(outer.scalars(as: Float.self) == [3], "the inner error does not leak into the outer scope")
    #expect(!isErrorCheckingActive)
  }

  @Test func anOuterErrorSurvivesAnInnerScope() {
    let outerError = OlympusError("subscript", "index 5 is out of range for axis 0 of float32[3]")
    let innerError = OlympusError("transposed(_:)", "[0, 0] is not a permutation of the axes of float32[2,2]")
    var caughtInside: (any Error)?
    #expect(throws: outerError) {
      try withErrorChecking {
        _ = Tensor.ones([3])[5]
        do {
          _ = try withErrorChecking { Tensor.ones([2, 2]).transposed([0, 0]) }
        } catch {
          caughtInside = error
        }
        _ = try withErrorChecking { Tensor.ones([2]) * 2 }
      }
    }
    #expect(caughtInside as? OlympusError == innerError, "the inner scope reports its own error, not the outer one")
  }

  @Test func scopesArePerThread() throws {
    final class Observation: Sendable {
      let active = Mutex<Bool?>(nil)
    }
    let observation = Observation()
    let done = DispatchSemaphore(value: 0)
    try withErrorChecking {
      let thread = Thread {
        observation.active.withLock { $0 = isErrorCheckingActive }
        done.signal()
      }
      thread.start()
      done.wait()
    }
    #expect(observation.active.withLock { $0 } == false)
  }

  // MARK: Outside a checked scope, rejected operations trap (exit tests run in a child process).

  @Test func aBadProductTrapsOutsideAScope() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = matmul(Tensor.ones([3, 4]), Tensor.ones([5, 2]))
    }
    let output = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    #expect(output.contains("matmul: [3,4] × [5,2]: inner dimensions 4 and 5 differ"), "\(output)")
  }

  @Test func aBadReshapeTrapsOutsideAScope() async {
    await #expect(processExitsWith: .failure) {
      _ = Tensor.ones([2, 3]).reshaped(to: [4])
    }
  }

  @Test func anOutOfRangeIndexTrapsOutsideAScope() async {
    await #expect(processExitsWith: .failure) {
      _ = Tensor([1, 2, 3] as [Float])[3]
    }
  }

  @Test func readingManyElementsAsOneTrapsOutsideAScope() async {
    await #expect(processExitsWith: .failure) {
      _ = Tensor([1, 2] as [Float]).item(as: Float.self)
    }
  }

  @Test func aValidProgramExitsNormally() async {
    await #expect(processExitsWith: .success) {
      let y = matmul(Tensor.ones([3, 4]), Tensor.ones([4, 2])).sum()
      precondition(y.item(as: Float.self) == 24)
    }
  }
}

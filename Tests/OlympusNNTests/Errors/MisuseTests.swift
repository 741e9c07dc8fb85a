import OlympusCore
import OlympusNN
import Testing

/// Every misuse of a layer, functional operation or loss is an `OlympusError` naming it: thrown
/// inside `withErrorChecking` (so a server can reject the request and go on), a trap that prints
/// the same text outside it, in release builds too.
@Suite struct MisuseTests {
  /// A misuse and the start of the message it must give.
  struct Case: CustomStringConvertible, Sendable {
    let operation: String
    let misuse: @Sendable () -> Any
    var description: String { operation }
  }

  static let image = Tensor.ones([1, 2, 4, 4])
  static let sequence = Tensor.ones([1, 2, 5])

  static let cases: [Case] = [
    Case(operation: "Linear(weight:bias:)") { Linear(weight: Tensor.ones([3, 2]), bias: Tensor.ones([2])) },
    Case(operation: "Flatten") { Flatten(startAxis: 3, endAxis: 1)(image) },
    Case(operation: "BatchNorm") { BatchNorm(featureCount: 3)(image) },
    Case(operation: "BatchNorm") { BatchNorm(featureCount: 2).forward(Tensor.ones([1, 2, 1, 1]), mode: .training(key: nil)) },
    Case(operation: "BatchNorm") { BatchNorm(featureCount: 2).forward(Tensor.ones([2]), mode: .training(key: nil)) },
    Case(operation: "Embedding(weight:)") { Embedding(weight: Tensor.ones([4])) },
    Case(operation: "Embedding") { Embedding(weight: Tensor.ones([4, 2]))(Tensor([0.5])) },
    Case(operation: "LayerNorm") { LayerNorm(normalizedShape: [3])(image) },
    Case(operation: "MLP(sizes:activation:key:)") { MLP(sizes: [4], key: Random.key(0)) },
    Case(operation: "Dropout(rate:)") { Dropout(rate: 1.5) },
    Case(operation: "Dropout") { Dropout(rate: 0.5).forward(image, mode: .training(key: nil)) },
    Case(operation: "dropout(_:rate:key:)") { dropout(image, rate: -0.1, key: Random.key(0)) },
    // Window geometry is checked by the pooling operation the layer calls.
    Case(operation: "maxPool(_:window:stride:padding:dilation:)") { maxPool2d(image, kernelSize: [0, 2]) },
    Case(operation: "maxPool(_:window:stride:padding:dilation:)") { maxPool2d(image, kernelSize: [5, 5]) },
    Case(operation: "maxPool2d(_:kernelSize:stride:padding:dilation:)") { maxPool2d(Tensor.ones([4, 4]), kernelSize: [2, 2]) },
    Case(operation: "avgPool2d(_:kernelSize:stride:padding:countIncludePad:)") { avgPool2d(Tensor.ones([4]), kernelSize: [2, 2]) },
    Case(operation: "maxPool1d(_:kernelSize:stride:padding:dilation:)") { maxPool1d(image, kernelSize: 2) },
    Case(operation: "conv2d(_:weight:bias:stride:padding:dilation:groups:)") { conv2d(image, weight: Tensor.ones([3, 2, 3])) },
    Case(operation: "conv2d(_:weight:bias:stride:padding:dilation:groups:)") { conv2d(image, weight: Tensor.ones([3, 5, 3, 3])) },
    Case(operation: "conv2d(_:weight:bias:stride:padding:dilation:groups:)") { conv2d(image, weight: Tensor.ones([3, 1, 3, 3]), groups: 3) },
    Case(operation: "conv1d(_:weight:bias:stride:padding:dilation:groups:)") { conv1d(sequence, weight: Tensor.ones([3, 2])) },
    Case(operation: "conv3d(_:weight:bias:stride:padding:dilation:groups:)") { conv3d(image, weight: Tensor.ones([3, 2, 1, 1, 1])) },
    Case(operation: "conv(_:weight:stride:padding:dilation:groups:layout:)") { conv(image, weight: Tensor.ones([3, 2, 9, 9])) },
    Case(operation: "conv(_:weight:stride:padding:dilation:groups:layout:)") { conv(image, weight: Tensor.ones([3, 2, 3, 3]), padding: [-1, 0]) },
    Case(operation: "convTranspose(_:weight:stride:padding:outputPadding:dilation:groups:layout:)") {
      convTranspose(image, weight: Tensor.ones([2, 3, 3, 3]), stride: [2, 2], outputPadding: [2, 0])
    },
    Case(operation: "crossEntropy(_:probabilities:classAxis:labelSmoothing:reduction:)") {
      crossEntropy(Tensor.ones([2, 3]), probabilities: Tensor.ones([2, 4]))
    },
    Case(operation: "nll") { nll(Tensor.ones([2, 3]), Tensor([0, 1] as [Int32]), classAxis: 2) },
    Case(operation: "crossEntropy") { crossEntropy(Tensor.ones([2, 3]), Tensor([0.0, 1.0])) },
    Case(operation: "crossEntropy") { crossEntropy(Tensor.ones([2, 3]), Tensor([0, 7] as [Int32])) },
    Case(operation: "crossEntropy") { crossEntropy(Tensor.ones([2, 3]), Tensor([0, 1] as [Int32]), labelSmoothing: 2) },
    Case(operation: "huber(_:_:delta:reduction:)") { huber(Tensor.ones([2]), Tensor.ones([2]), delta: 0) },
  ]

  @Test(arguments: cases)
  func aMisuseThrowsAnErrorNamingTheOperation(_ entry: Case) {
    do {
      _ = try withErrorChecking { entry.misuse() }
      Issue.record("\(entry.operation): no error")
    } catch let error as OlympusError {
      #expect(error.operation.hasPrefix(entry.operation), "\(error)")
    } catch {
      Issue.record("\(entry.operation): \(error)")
    }
  }
}

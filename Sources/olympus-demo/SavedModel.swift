import Foundation
import Olympus

/// The demo's models as safetensors files: the tensors by path, and in the metadata which network
/// they belong to and the test accuracy measured when it was saved.
enum SavedModel {
  /// Saves `weights` of a `kind` network.
  static func save(_ weights: [String: Tensor], kind: ModelKind, accuracy: Double, to path: String) throws {
    let metadata = ["model": kind.rawValue, "test_accuracy": String(accuracy), "format": "olympus-demo digits"]
    try writeSafetensors(weights, metadata: metadata, to: URL(fileURLWithPath: path))
  }
}

/// Loads a model saved with `--save` and reports its accuracy on the test split.
func runPrediction(modelPath: String) throws {
  let (weights, metadata) = try loadSafetensors(from: URL(fileURLWithPath: modelPath))
  guard let kind = metadata["model"].flatMap(ModelKind.init(rawValue:)) else {
    throw DataError("\(modelPath): not a model saved by olympus-demo --save (no mlp/cnn in its metadata)")
  }
  let test = try Digits.loadSplit().test
  // The template's initial values are all replaced: loadStateDict is strict.
  let correct: Int
  switch kind {
  case .mlp:
    var model = digitsMLP(key: Random.key(0))
    try model.loadStateDict(weights)
    correct = accuracyCount(model, test.inputs, test.labels)
  case .cnn:
    var model = ConvNet(key: Random.key(0))
    try model.loadStateDict(weights)
    correct = accuracyCount(model, test.inputs, test.labels)
  }
  let accuracy = Double(correct) / Double(test.count)
  print("\(kind.rawValue.uppercased()) from \(modelPath): test accuracy \(format(accuracy * 100, 2))% on \(test.count) images")
  if let saved = metadata["test_accuracy"].flatMap(Double.init) {
    print("(accuracy recorded when it was saved: \(format(saved * 100, 2))%)")
  }
}
